"""The atlas: a static site about the whole graph, opened from disk (no server, no network).

Layout of ``outdir``::

    index.html            search over every entity (client-side, over an inlined JSON index),
                          lists by kind, the governance and funding views, the documents
    e/<entity>.html       one page per board, person, organisation, fund, project, plan,
                          meeting ...: its facts, each with the quote and citation it was read
                          from, linked to the pages of the other entities, and its picture
    views/*.html          the Pyvis views (governance, funding, one per board, one ego view per
                          entity), embedded in the pages above
    assets/               vis-network (from pyvis's bundled copy) and kg.viz's scripts and styles

>>> import tempfile, pathlib
>>> from kg.viz.testing import sample_graph
>>> index = build_atlas(sample_graph(), pathlib.Path(tempfile.mkdtemp()))
>>> index.name
'index.html'
"""

from __future__ import annotations

import hashlib
import stat
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.model import Graph, NodeRec, RelRec, slug
from kg.outfile import write_text
from kg.schema import load_schema
from kg.viz import page
from kg.viz.select import Selection, adjacency, board, ego, funding, governance
from kg.viz.style import PLURAL, label_colour, rel_phrase
from kg.viz.views import ViewResult, money, write_view

# Node labels listed on the index, in this order; Documents get their own list.
INDEX_ORDER = ("Board", "Organisation", "Person", "Fund", "Project", "Plan", "Priority", "Meeting", "Area",
               "Post")
_HIDDEN = frozenset({"id", "name", "aliases", "sources", "evidence", "citations", "resolution"})
# `kg show` section of a line (the schema's ``section``) -> the atlas's heading for it
_TITLES = {"roles": "Roles", "holders": "People with roles here", "memberships": "Boards and bodies",
           "members": "Members", "governance_up": "Lines up: who it answers to",
           "governance_down": "Lines down: who answers to it", "funding_out": "Money", "funding_in": "Money",
           "delivery": "Money", "meetings": "Meetings", "attendance": "Attendance",
           "plans": "Plans and priorities", "other": "Other facts"}
_MAX_VIEW = 400
_MAX_EGO = 60


@dataclass
class Fact:
    """One relationship as a sentence on an entity's page."""

    start: dict[str, str]
    phrase: str
    end: dict[str, str]
    detail: str
    status: str
    quotes: Quotes
    sort: tuple[Any, ...] = ()


@dataclass
class Section:
    title: str
    facts: list[Fact] = field(default_factory=list)


def _page_names(graph: Graph) -> dict[str, str]:
    """A file name per entity: its id as a slug, with a digest only where two would collide."""
    names: dict[str, str] = {}
    used: set[str] = {"governance", "funding", "index"}  # the atlas's own view and index pages
    for nid in sorted(graph.nodes):
        if graph.nodes[nid].label == "Document":
            continue
        base = slug(nid)[:80]
        if base in used:
            base = f"{base[:70]}-{hashlib.sha1(nid.encode()).hexdigest()[:8]}"
        used.add(base)
        names[nid] = base + ".html"
    return names


#: quotes a fact shows at once, and behind a click ("N more quotes"); past them a count. A fact that
#: 320 papers restate makes the same page as one that 5 state; `kg show NAME --evidence` has them all.
QUOTES_INLINE = 1
QUOTES_BEHIND = 9
#: documents listed on an entity's page before a count (the index lists every document)
DOCS_LISTED = 12


@dataclass
class Quotes:
    """The quotes of a fact or a name: the first inline, more behind a click, the rest counted."""

    first: list[tuple[str, str]]
    more: list[tuple[str, str]]
    untold: int

    def __bool__(self) -> bool:
        return bool(self.first)


def _quotes(props: dict[str, Any]) -> Quotes:
    """The quotes of ``props`` (each distinct wording once, with its first citation; sources when
    nothing was quoted), cut to :data:`QUOTES_INLINE` + :data:`QUOTES_BEHIND`.

    >>> q = _quotes({"evidence": ["a", "a", "b"], "citations": ["x:1", "y:1", "x:2"]})
    >>> q.first, q.more, q.untold
    ([('a', 'x:1')], [('b', 'x:2')], 1)
    """
    quotes = [str(q) for q in props.get("evidence") or []]
    cites = [str(c) for c in props.get("citations") or []]
    sources = [str(s) for s in props.get("sources") or []]
    pairs = [(q, cites[i] if i < len(cites) else "") for i, q in enumerate(quotes)] if quotes \
        else [("", s) for s in sources]
    kept: list[tuple[str, str]] = []
    seen: set[str] = set()
    for q, c in pairs:
        if (q or c) in seen:
            continue    # the same words read again in another paper: counted below
        if len(kept) == QUOTES_INLINE + QUOTES_BEHIND:
            break
        seen.add(q or c)
        kept.append((q, c))
    return Quotes(kept[:QUOTES_INLINE], kept[QUOTES_INLINE:], len(pairs) - len(kept))


def _detail(r: RelRec) -> str:
    parts = []
    for k, v in sorted(r.props.items()):
        if k in _HIDDEN or k == "status":
            continue
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v)
        if k in ("amount", "spent", "remaining"):
            v = money(v)
        if k == "role":
            v = str(v).replace("_", "-")
        parts.append(f"{k.replace('_', ' ')}: {v}")
    return "; ".join(parts)


def _section_title(label: str, r: RelRec, out: bool) -> str:
    """The heading a line is listed under on the page of its start (``out``) or its end."""
    td = load_schema().types.get(r.type)
    section = td.show_section("out" if out else "in") if td is not None else "other"
    if td is not None and not out and td.lead_heading and td.lead_value(r.props):
        return td.lead_heading   # who leads it, first on the led body's page (relationships.yaml)
    if section.startswith("governance_") and label == "Person":
        return "Accountability"
    if section == "meetings" and label == "Meeting":
        return "Board"   # a meeting's own "meeting of" line names its board
    return _TITLES[section]


def _section_order() -> dict[str, int]:
    """Headings in page order: the lead headings of relationships.yaml first, then the rest."""
    leads = [td.lead_heading for td in load_schema().types.values() if td.lead_heading]
    return {t: i for i, t in enumerate(dict.fromkeys([*leads, *_SECTION_ORDER]))}


_SECTION_ORDER = ("Members", "Roles", "Boards and bodies", "People with roles here",
                  "Lines up: who it answers to", "Lines down: who answers to it", "Accountability",
                  "Board", "Meetings", "Attendance", "Money", "Plans and priorities", "Other facts")


class _Site:
    def __init__(self, graph: Graph, outdir: Path) -> None:
        self.g = graph
        self.out = outdir
        self.names = _page_names(graph)
        self.adj: dict[str, list[RelRec]] = defaultdict(list)
        sources_only = load_schema().provenance_types()    # the pages list a node's sources apart
        for r in graph.rels.values():
            if r.type in sources_only or r.start not in graph.nodes or r.end not in graph.nodes:
                continue
            self.adj[r.start].append(r)
            if r.end != r.start:
                self.adj[r.end].append(r)
        self.docs = {n.name: n for n in graph.nodes.values() if n.label == "Document"}
        self.written: set[Path] = set()

    def link(self, nid: str, prefix: str = "") -> dict[str, str]:
        n = self.g.nodes[nid]
        href = prefix + self.names[nid] if nid in self.names else ""
        return {"name": n.name, "href": href, "label": n.label, "colour": label_colour(n.label)}

    # ---- pages -------------------------------------------------------------------------------
    def entity_sections(self, n: NodeRec) -> list[Section]:
        sections: dict[str, Section] = {}
        for r in self.adj.get(n.id, []):
            out = r.start == n.id
            title = _section_title(n.label, r, out)
            other = r.end if out else r.start
            fact = Fact(
                start=self.link(r.start) if r.start != n.id else {"name": n.name, "href": "", "label": n.label,
                                                                   "colour": label_colour(n.label)},
                phrase=rel_phrase(r.type),
                end=self.link(r.end) if r.end != n.id else {"name": n.name, "href": "", "label": n.label,
                                                             "colour": label_colour(n.label)},
                detail=_detail(r), status=str(r.props.get("status", "")), quotes=_quotes(r.props),
                sort=(str(self.g.nodes[other].props.get("date", "")), self.g.nodes[other].name, r.type))
            sections.setdefault(title, Section(title)).facts.append(fact)
        for s in sections.values():
            s.facts.sort(key=lambda f: f.sort, reverse=s.title in ("Meetings",))
        order = _section_order()
        return [sections[t] for t in sorted(sections, key=lambda t: order.get(t, len(order)))]

    def money_tables(self, n: NodeRec) -> dict[str, Any] | None:
        money_types = set(load_schema().money_types())
        flows = [r for r in self.adj.get(n.id, []) if r.type in money_types]
        if not flows:
            return None
        rows: dict[str, list[dict[str, Any]]] = {"out": [], "in": []}
        totals: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for r in sorted(flows, key=lambda r: (str(r.props.get("period", "")), r.id)):
            way = "out" if r.start == n.id else "in"
            other = r.end if way == "out" else r.start
            period = str(r.props.get("period", "")) or "no period given"
            row = {"other": self.link(other), "period": period, "kind": str(r.props.get("kind", "")),
                   "amount": money(r.props["amount"]) if "amount" in r.props else "",
                   "spent": money(r.props["spent"]) if "spent" in r.props else "",
                   "remaining": money(r.props["remaining"]) if "remaining" in r.props else "",
                   "as_of": str(r.props.get("as_of", "")), "status": str(r.props.get("status", "")),
                   "quotes": _quotes(r.props)}
            rows[way].append(row)
            if r.props.get("status") == "deleted":
                continue  # struck through in the source: shown, but not counted
            for key in ("amount", "spent", "remaining"):
                if isinstance(r.props.get(key), (int, float)):
                    totals[(way, period)][key] += float(r.props[key])
        total_rows = [{"way": "paid out" if way == "out" else "received", "period": period,
                       "amount": money(v.get("amount", 0)), "spent": money(v["spent"]) if "spent" in v else "",
                       "remaining": money(v["remaining"]) if "remaining" in v else ""}
                      for (way, period), v in sorted(totals.items(), key=lambda kv: (kv[0][1], kv[0][0]))]
        return {"out": rows["out"], "in": rows["in"], "totals": total_rows}

    def write_entity(self, n: NodeRec, view: ViewResult | None) -> None:
        props = [(k.replace("_", " "), ", ".join(map(str, v)) if isinstance(v, list) else str(v))
                 for k, v in sorted(n.props.items()) if k not in _HIDDEN]
        sources = []
        all_sources = n.props.get("sources") or []
        for s in all_sources[:DOCS_LISTED]:
            d = self.docs.get(str(s))
            sources.append({"id": str(s), "title": str(d.props.get("title", "")) if d else ""})
        html = page.render(
            "entity.html", [], frames=view is not None, node=n, kind=PLURAL.get(n.label, n.label),
            colour=label_colour(n.label), aliases=[str(a) for a in n.props.get("aliases") or []],
            props=props, sources=sources, more_sources=max(0, len(all_sources) - DOCS_LISTED),
            read=_quotes(n.props) if n.props.get("evidence") else None,
            sections=self.entity_sections(n), money=self.money_tables(n),
            view_href=f"../views/{view.path.name}" if view is not None else "",
            view_note=view.message if view is not None else "")
        path = self.out / "e" / self.names[n.id]
        write_text(path, html)
        self.written.add(path)

    def write_view(self, sel: Selection, name: str) -> ViewResult:
        res = write_view(sel, self.g, self.out / "views" / name, asset_prefix="../assets/",
                         back_href="../index.html")
        self.written.add(res.path)
        return res

    def remove_stale(self) -> int:
        """Delete pages an earlier atlas wrote for entities no longer in the graph.

        Only files kg wrote (its generator tag) are touched: the folder may hold others.
        """
        removed = 0
        for sub in ("e", "views"):
            for path in (self.out / sub).glob("*.html"):
                # kg writes regular files: a FIFO would block the read for ever, a folder or a
                # link (even to one of kg's pages) is someone else's and is left alone
                if path in self.written or not stat.S_ISREG(path.lstat().st_mode):
                    continue
                with path.open(encoding="utf-8", errors="replace") as fh:
                    head = fh.read(600)
                if '<meta name="generator" content="kg.viz' in head:
                    path.unlink()
                    removed += 1
        return removed

    def write_index(self, views: list[dict[str, str]], audit: list[Any] | None = None) -> Path:
        groups = []
        money_types = set(load_schema().money_types())
        funders = {r.start for r in self.g.rels.values() if r.type in money_types}
        for label in INDEX_ORDER:
            members = sorted((n for n in self.g.nodes.values() if n.label == label),
                             key=lambda n: (str(n.props.get("date", "")), n.name.casefold()))
            if label == "Meeting":
                members.reverse()
            if members:
                groups.append({"title": PLURAL.get(label, label), "id": label.lower(), "colour": label_colour(label),
                               "entries": [self.link(n.id, "e/") for n in members]})
            if label == "Organisation":
                fs = sorted((self.g.nodes[f] for f in funders if f in self.names),
                            key=lambda n: n.name.casefold())
                if fs:
                    groups.append({"title": "Funders", "id": "funders", "colour": label_colour("Fund"),
                                   "entries": [self.link(n.id, "e/") for n in fs]})
        index = [{"n": n.name, "a": [str(a) for a in n.props.get("aliases") or []], "l": n.label,
                  "u": "e/" + self.names[n.id]} for n in sorted(self.g.nodes.values(), key=lambda n: n.name)
                 if n.id in self.names]
        docs = sorted(self.docs.values(), key=lambda d: d.name)
        labels, types = self.g.counts()
        atlas_js = page.own_asset("atlas.js")
        html = page.render(
            "index.html", [], groups=groups, views=views, data=page.script_json(index),
            audit=[{"rule": f.rule, "subject": f.subject, "detail": f.detail, "citations": f.citations}
                   for f in audit] if audit is not None else None,
            docs=[{"id": d.name, "title": str(d.props.get("title", "")), "date": str(d.props.get("date", ""))}
                  for d in docs],
            n_nodes=sum(v for k, v in labels.items() if k != "Document"),
            n_rels=sum(v for k, v in types.items() if k not in load_schema().provenance_types()),
            atlas_js=bool(atlas_js))
        path = self.out / "index.html"
        write_text(path, html)
        return path


def build_atlas(graph: Graph, outdir: Path, audit: list[Any] | None = None) -> Path:
    """Write the atlas of ``graph`` into ``outdir`` (created if needed); return ``index.html``'s path.
    ``audit`` (:class:`kg.audit.Finding` list, as ``kg atlas`` passes it) adds the Audit section.

    Every page opens from disk with no server and no network. Example:
    ``build_atlas(open_store("networkx", "kg-store").graph(), Path("atlas"))``.
    """
    outdir = Path(outdir)
    (outdir / "e").mkdir(parents=True, exist_ok=True)
    (outdir / "views").mkdir(parents=True, exist_ok=True)
    page.copy_shared_assets(outdir)
    site = _Site(graph, outdir)
    adj = adjacency(graph)
    views = []
    for title, sel, name in (("Governance", governance(graph, _MAX_VIEW), "governance.html"),
                             ("Funding", funding(graph, _MAX_VIEW), "funding.html")):
        res = site.write_view(sel, name)
        views.append({"title": title, "href": f"views/{name}", "nodes": str(res.nodes),
                      "edges": str(res.edges)})
    for nid in sorted(site.names):
        n = graph.nodes[nid]
        vname = site.names[nid]
        view: ViewResult | None = None
        if site.adj.get(nid):
            # one hop around an entity: its page lists every line; the picture must stay legible
            sel = board(graph, nid, _MAX_VIEW, adj) if n.label == "Board" else ego(graph, nid, 1, _MAX_EGO, adj)
            view = site.write_view(sel, vname)
        site.write_entity(n, view)
    site.remove_stale()
    return site.write_index(views, audit)
