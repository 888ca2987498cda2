"""Building the graph: every paper's mentions merged into one node per real-world entity.

See :mod:`kg.resolve` for the rules. :func:`cluster` joins the spellings (and is what ``kg
review`` reads); :func:`build_graph` makes the nodes and relationships of the clusters.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any

from kg.model import Cite, Extraction, Graph, NodeRec, Ref, RelRec, clean_props, rel_id
from kg.model import node_id as _slug_id
from kg.resolve.decisions import Decisions
from kg.resolve.names import (
    compatible,
    fold,
    is_acronym,
    misspelt,
    person_key,
    post_title,
    strip_person,
    without_kind,
)
from kg.resolve.scope import (
    KEYED,
    NATIONAL,
    UNKNOWN,
    PaperArea,
    body_key,
    group_of,
    is_generic,
    paper_area,
    scope_label,
    scope_of,
    strip_places,
)
from kg.schema import load_schema

# a node's id from its label and name: the same few thousand names are asked for once per mention
node_id = lru_cache(maxsize=1 << 16)(_slug_id)
#: a spelling as the resolver compares it: (group, scope, name as written)
Key = tuple[str, str, str]
#: props of the paper's Area mention that describe the paper, not the place
_PAPER_PROPS = ("scope", "local")
#: props of a mention that the resolver reads and no node keeps ("renamed_to": kg.extract.renames)
_RESOLVER_PROPS = ("renamed_to",)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # deterministic: the smaller key becomes the root
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


@dataclass
class Clustering:
    """The spellings of all papers, the clusters they were joined into, and why."""

    areas: dict[str, PaperArea]                        # doc id -> its area
    spellings: dict[Key, Counter[str]]                 # spelling -> label votes
    acronyms: dict[tuple[str, str, str], set[Key]]     # (group, scope, folded acronym) -> full spellings
    uf: _UnionFind
    rule_of: dict[Key, str] = field(default_factory=dict)
    blocked: list[tuple[Key, Key, str]] = field(default_factory=list)   # joins a keep_apart stopped
    person_docs: dict[str, set[Key]] = field(default_factory=dict)      # doc id -> people it names
    renamed: dict[Key, tuple[Key, Cite]] = field(default_factory=dict)  # older name -> (newer, sentence)

    def key(self, doc: str, label: str, name: str) -> Key:
        return (group_of(label), scope_of(label, name, self.areas[doc]), name)

    def clusters(self) -> dict[Key, list[Key]]:
        out: dict[Key, list[Key]] = defaultdict(list)
        for k in sorted(self.spellings):
            out[self.uf.find(k)].append(k)
        return out


def _why(a: str, b: str) -> str:
    """The rule that joined two spellings with one body key, for the ledger."""
    if fold(a) == fold(b):
        return "exact"
    if strip_places(a) == strip_places(b):
        return "area-prefix"
    if body_key(a, offices=False) != body_key(b, offices=False):
        return "office-title"  # "OPCC", "the PCC", "the Commissioner's office": one office's names
    return "variant"


def cluster(exs: list[Extraction], decisions: Decisions | None = None) -> Clustering:
    """Join the spellings of ``exs`` (sorted by document id) into clusters, rule by rule."""
    decisions = decisions or Decisions()
    areas = {ex.doc.id: PaperArea(ex.doc.id, decisions.areas[ex.doc.id]) if ex.doc.id in decisions.areas
             else paper_area(ex) for ex in exs}
    cl = Clustering(areas, defaultdict(Counter), defaultdict(set), _UnionFind())
    for ex in exs:
        doc = ex.doc.id
        for m in ex.mentions:
            k = cl.key(doc, m.label, m.name)
            cl.spellings[k][m.label] += 1
            if m.props.get("renamed_to"):
                # the paper says this body was renamed (kg.extract.renames): the sentence is the evidence
                cl.renamed.setdefault(k, (cl.key(doc, m.label, str(m.props["renamed_to"])), m.cite))
            for a in m.aliases:
                # Only an acronym the text defines ("… Commissioner (OPCC)") names the entity in OTHER
                # documents too; a short form such as "the Action Plan" is local to its document.
                if a and a != m.name and is_acronym(a):
                    ka = cl.key(doc, m.label, a)
                    cl.spellings[ka][m.label] += 0
                    cl.acronyms[(ka[0], ka[1], fold(a))].add(k)
        for f in ex.facts:
            for r in (f.start, f.end):
                cl.spellings[cl.key(doc, r.label, r.name)][r.label] += 1
        cl.person_docs[doc] = {cl.key(doc, m.label, m.name) for m in ex.mentions if m.label == "Person"}

    uf = cl.uf
    keep_apart = [(group_of(lab), a, b) for lab, a, b in decisions.keep_apart]

    def forbidden(x: Key, y: Key) -> bool:
        return any(g == x[0] == y[0] and {a, b} == {x[2], y[2]} for g, a, b in keep_apart)

    def note(k: Key, rule: str) -> None:
        # a spelling's ledger rule is the first that joined it to another NAME: "exact" only says
        # it is also written another way (case, punctuation), so a later rule tells more
        if cl.rule_of.get(k, "exact") == "exact":
            cl.rule_of[k] = rule

    def join(a: Key, b: Key, rule: str) -> None:
        if uf.find(a) == uf.find(b):
            note(b, rule)
            return
        if keep_apart:  # rare: only when the user keeps some spellings apart, so a full check is affordable
            ra, rb = uf.find(a), uf.find(b)
            members_a = [k for k in cl.spellings if uf.find(k) == ra]
            members_b = [k for k in cl.spellings if uf.find(k) == rb]
            if any(forbidden(x, y) for x in members_a for y in members_b):
                cl.blocked.append((a, b, rule))
                return
        uf.union(a, b)
        note(b, rule)
        note(a, rule)

    keys = sorted(cl.spellings)
    # exact (folded) names, and for bodies and plans the same name once the area's name, years,
    # generic acronyms, kind variants and plurals are read alike, in one scope
    by_fold: dict[tuple[str, str, str], Key] = {}
    by_body: dict[tuple[str, str, str], Key] = {}
    for k in keys:
        group, scope, name = k
        folded = person_key(name) if group == "Person" else fold(name)
        if not folded:
            continue
        if (group, scope, folded) in by_fold:
            join(by_fold[(group, scope, folded)], k, "exact")
        else:
            by_fold[(group, scope, folded)] = k
        if group in KEYED and scope != NATIONAL:
            bk = body_key(name)
            if not bk:
                continue
            first = by_body.setdefault((group, scope, bk), k)
            if first != k:
                join(first, k, _why(first[2], name))
    # acronyms the documents defined, in the scope they were defined in
    for k in keys:
        group, scope, name = k
        fulls = cl.acronyms.get((group, scope, fold(name)), set())
        # an acronym that documents expand in different ways is ambiguous: join it to none of them
        if group != "Person" and len({uf.find(f) for f in fulls}) == 1:
            for full in sorted(fulls):
                join(full, k, "acronym")
    # "Street Mentors Pilot" ~ "Street Mentors" ~ "Street Mentors project": a project named
    # with and without its kind word
    by_base: dict[tuple[str, str], Key] = {}
    for k in keys:
        group, scope, name = k
        base_fold = without_kind(fold(name)) if group == "Project" else None
        if base_fold is None:
            continue
        base = by_fold.get((group, scope, base_fold))
        if base is not None:
            join(base, k, "project-kind")
        if (scope, base_fold) in by_base:
            join(by_base[(scope, base_fold)], k, "project-kind")
        else:
            by_base[(scope, base_fold)] = k
    # person variants in one area: initials, missing first names, forename variants (Bob ~ Robert)
    person_keys = sorted({(k[1], person_key(k[2]), k) for k in keys if k[0] == "Person" and person_key(k[2])})
    fulls_by_surname: dict[tuple[str, str], set[str]] = defaultdict(set)
    for scope, pk, _k in person_keys:
        if len(pk.split()) >= 2 and len(pk.split()[0]) > 1:
            fulls_by_surname[(scope, pk.split()[-1])].add(pk)
    for scope, pk, k in person_keys:
        fits = [full for full in sorted(fulls_by_surname.get((scope, pk.split()[-1]), ())) if full != pk
                and compatible(pk, full)]
        if len({uf.find(_first_key(person_keys, scope, f)) for f in fits}) == 1:
            join(_first_key(person_keys, scope, fits[0]), k, "person-variant")
    # one person's surname spelt two ways in one paper ("Jo Hartley" ... "Jo Hartly said"): the
    # same full forename, surnames one letter apart, both read in the same paper
    by_doc: dict[tuple[str, str], set[Key]] = defaultdict(set)
    for doc, ks in cl.person_docs.items():
        for k in ks:
            by_doc[(doc, k[1])].add(k)
    for ks in by_doc.values():
        for ka, kb in combinations(sorted(ks), 2):
            if misspelt(person_key(ka[2]), person_key(kb[2])):
                join(ka, kb, "person-spelling")
    # an older name a paper says was renamed, with the newer (in whatever scope each name is read:
    # "the Westvale Partnership" renamed "the Westvale and Eastvale Partnership"); the paper's own
    # word outranks a rule that compares names, so it is the rule the ledger gives. A generic older
    # name ("the Partnership") is left alone: it would pull in every such name of the area.
    for old, (new, _cite) in sorted(cl.renamed.items()):
        if old[0] == new[0] and not is_generic(old[2]):
            cl.spellings[new][new[0]] += 0
            join(new, old, "renamed")
            if uf.find(new) == uf.find(old):
                cl.rule_of[old] = "renamed"
    # user decisions: a forced merge joins the spellings in every scope they were both read in
    for lab, a, b in decisions.merge:
        g = group_of(lab)
        for ka in keys:
            if ka[0] == g and ka[2] == a:
                for kb in keys:
                    if kb[0] == g and kb[2] == b and kb[1] == ka[1]:
                        uf.union(ka, kb)
                        cl.rule_of[kb] = cl.rule_of[ka] = "decision"
    return cl


def _first_key(person_keys: list[tuple[str, str, Key]], scope: str, pk: str) -> Key:
    return next(k for s, p, k in person_keys if s == scope and p == pk)


def build_graph(extractions: Iterable[Extraction], decisions: Decisions | None = None
                ) -> tuple[Graph, list[dict[str, Any]]]:
    """Merge extractions (in any order) into one Graph; returns the graph and the merge ledger.

    The ledger lists, for every node that merged more than one spelling, the spellings and the
    rule that joined each to the canonical name. Node ids depend only on the set of documents,
    never on the order they were ingested.
    """
    from kg.extract.linking import known_projects, linked_mentions

    schema = load_schema()
    exs = sorted(extractions, key=lambda e: e.doc.id)
    # a project one paper names with a cue is a mention wherever another paper writes its name
    known = known_projects(exs)
    exs = [Extraction(ex.doc, ex.mentions + links, ex.facts) if (links := linked_mentions(ex, known)) else ex
           for ex in exs]
    cl = cluster(exs, decisions)

    # -- 2. clusters -> canonical names and labels ------------------------------------
    acr_folds = {a for (_g, _s, a) in cl.acronyms}
    named: list[tuple[list[Key], str, str]] = []        # (members, label, canonical name)
    for members in cl.clusters().values():
        group = members[0][0]
        names = sorted({k[2] for k in members})
        votes: Counter[str] = Counter()
        for k in members:
            votes.update(cl.spellings[k])
        label = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0] != "Board", kv[0]))[0][0]
        freq: Counter[str] = Counter()
        for k in members:
            freq[k[2]] += sum(cl.spellings[k].values())
        # a body renamed is called by its newer name, however much fuller the older one is
        newer = [n for n in names if not any(k[2] == n and cl.rule_of.get(k) == "renamed" and k in cl.renamed
                                             for k in members)]
        named.append((members, label, _canonical(group, newer or names, acr_folds, dict(freq))))
    # one canonical name in two scopes (the Police and Crime Plan of two areas): each is told
    # apart by its area, so that neither node id depends on which papers came first
    by_id: dict[str, list[int]] = defaultdict(list)
    for i, (_members, label, name) in enumerate(named):
        by_id[node_id(label, name)].append(i)
    canon: dict[Key, tuple[str, str]] = {}
    ledger: list[dict[str, Any]] = []
    for ids in by_id.values():
        for i in ids:
            members, label, name = named[i]
            scopes = sorted({k[1] for k in members})
            if len(ids) > 1 and scopes[0] != NATIONAL:
                name = f"{name} ({scope_label(scopes[0])})"
            for k in members:
                canon[k] = (label, name)
            spellings = sorted({k[2] for k in members})
            if len(spellings) > 1:
                ledger.append({"label": label, "name": name, "scope": scopes[0],
                               "merged": [_merged(cl, members, n) for n in spellings if n != name]})

    _rename_meetings(exs, canon, cl)

    def resolve(doc: str, ref: Ref) -> tuple[str, str]:
        return canon[cl.key(doc, ref.label, ref.name)]

    # -- 3. nodes ------------------------------------------------------------------------
    graph = Graph()
    node_acc: dict[str, dict[str, Any]] = {}

    def touch(label: str, name: str, cite: Cite, props: dict[str, Any], aliases: Iterable[str] = ()) -> str:
        nid = node_id(label, name)
        acc = node_acc.setdefault(nid, {"label": label, "name": name, "aliases": set(), "sources": set(),
                                        "cites": {}, "props": {}})
        acc["aliases"].update(a for a in aliases if a and a != name)
        acc["sources"].add(cite.doc)
        acc["cites"].setdefault(cite.doc, cite)
        for k, v in props.items():
            if v not in (None, "", []) and not (label == "Area" and k in _PAPER_PROPS) and k not in _RESOLVER_PROPS:
                acc["props"].setdefault(k, v)
        return nid

    for ex in exs:
        for m in ex.mentions:
            label, name = resolve(ex.doc.id, m.ref)
            # an alias is listed on the node it names: "OPCC" written beside a team of the office
            # names the office, not the team
            aliases = [a for a in m.aliases if canon.get(cl.key(ex.doc.id, m.label, a), (label, name)) == (label, name)]
            touch(label, name, m.cite, m.props, [m.name, *aliases])
        for f in ex.facts:
            for r in (f.start, f.end):
                label, name = resolve(ex.doc.id, r)
                touch(label, name, f.cite, {}, [r.name])

    # offices held: a Post of the body, linked to its holder (HOLDS_POST), never merged with them
    posts: list[tuple[str, str, str, Cite]] = []   # (person id, post id, body id, cite)
    for ex in exs:
        for f in ex.facts:
            title = post_title(f.props.get("title")) if f.type == "HOLDS_ROLE" else None
            (sl, sn), (el, en) = resolve(ex.doc.id, f.start), resolve(ex.doc.id, f.end)
            if title is None or sl != "Person" or el not in ("Organisation", "Board"):
                continue
            scope = cl.key(ex.doc.id, f.end.label, f.end.name)[1]
            area_known = scope.split("|")[0] not in (NATIONAL, UNKNOWN) and not scope.startswith("doc:")
            post = f"{title} for {scope.split('|')[0]}" if area_known else f"{title}, {en}"
            posts.append((node_id(sl, sn), touch("Post", post, f.cite, {}, [str(f.props["title"])]),
                          node_id(el, en), f.cite))

    led_by_id = {node_id(e["label"], e["name"]): e for e in ledger}
    for nid, acc in sorted(node_acc.items()):
        aliases = sorted(acc["aliases"] - {acc["name"]})
        cites = [acc["cites"][d] for d in sorted(acc["cites"])]
        props = {"id": nid, "name": acc["name"], "aliases": aliases, "sources": sorted(acc["sources"]),
                 "evidence": [c.text for c in cites], "citations": [c.ref() for c in cites], **acc["props"]}
        if nid in led_by_id:
            props["resolution"] = [f"{m['spelling']} <- {m['rule']}" + (f" ({m['cite']})" if m.get("cite") else "")
                                   for m in led_by_id[nid]["merged"]]
        graph.add_node(NodeRec(nid, acc["label"], clean_props(props)))

    # -- 4. documents and MENTIONED_IN -----------------------------------------------------
    for ex in exs:
        d = ex.doc
        did = f"doc:{d.id}"
        pa = cl.areas[d.id]
        graph.add_node(NodeRec(did, "Document", clean_props({
            "id": did, "name": d.id.rsplit("/", 1)[-1], "aliases": [], "sources": [d.id], "sha256": d.sha256,
            "title": d.title, "date": d.date, "format": d.format, "area": pa.force, "district": pa.local,
            "evidence": [], "citations": []})))
    for nid, acc in sorted(node_acc.items()):
        for doc in sorted(acc["sources"]):
            c = acc["cites"][doc]
            _add_rel(graph, schema, "MENTIONED_IN", nid, f"doc:{doc}", c, {})

    # -- 5. facts ------------------------------------------------------------------------------
    for ex in exs:
        for f in ex.facts:
            (sl, sn), (el, en) = resolve(ex.doc.id, f.start), resolve(ex.doc.id, f.end)
            td = schema.types.get(f.type)
            if td is None or not td.allows(sl, el):
                continue  # a fact whose ends resolved to labels the schema does not join
            _add_rel(graph, schema, f.type, node_id(sl, sn), node_id(el, en), f.cite, f.props)
    for person, post, body, cite in posts:
        _add_rel(graph, schema, "HOLDS_POST", person, post, cite, {})
        _add_rel(graph, schema, "PART_OF", post, body, cite, {})
    return graph, sorted(ledger, key=lambda e: (e["label"], e["name"]))


def _rule(cl: Clustering, members: list[Key], spelling: str) -> str:
    rules = {cl.rule_of.get(k, "exact") for k in members if k[2] == spelling}
    # what a user or a paper said outranks what the names look like
    for said in ("decision", "renamed"):
        if said in rules:
            return said
    return sorted(rules)[0] if rules else "exact"


def _merged(cl: Clustering, members: list[Key], spelling: str) -> dict[str, Any]:
    """A ledger line: the spelling, its rule and, for a rename, the sentence that says so."""
    out: dict[str, Any] = {"spelling": spelling, "rule": _rule(cl, members, spelling)}
    if out["rule"] == "renamed":
        # the older name's own sentence; for the newer name (when a third spelling is the node's
        # name) the sentence that renamed something to it
        cite = next((cl.renamed[k][1] for k in members if k[2] == spelling and k in cl.renamed), None) or \
            next((c for k, (new, c) in sorted(cl.renamed.items()) if new[2] == spelling and k in members), None)
        if cite is not None:
            out["cite"], out["evidence"] = cite.ref(), cite.text
    return out


def _rename_meetings(exs: list[Extraction], canon: dict[Key, tuple[str, str]], cl: Clustering) -> None:
    """Name each meeting after its board's CANONICAL name and its date ("<Board> 2026-03-26"), so that
    one meeting spelt through different names of its board is one node."""
    dates: dict[str, str] = {}
    for ex in exs:
        for m in ex.mentions:
            if m.label == "Meeting" and m.props.get("date"):
                dates.setdefault(m.name, str(m.props["date"]))
    for ex in exs:
        for f in ex.facts:
            if f.type != "MEETING_OF" or f.start.label != "Meeting":
                continue
            date = dates.get(f.start.name) or next(iter(re.findall(r"\d{4}-\d{2}(?:-\d{2})?", f.start.name)), None)
            board = canon.get(cl.key(ex.doc.id, f.end.label, f.end.name))
            key = cl.key(ex.doc.id, "Meeting", f.start.name)
            if date and board and key in canon:
                canon[key] = ("Meeting", f"{board[1]} {date}")


def _canonical(group: str, names: list[str], acronyms: set[str], freq: dict[str, int]) -> str:
    """The fullest spelling: people by most name words then length (without honorific);
    bodies by not being a bare acronym, then most words, then the spelling seen most often."""
    if group == "Person":
        def pscore(n: str) -> tuple[int, int, int, str]:
            k = person_key(n).split()
            full_first = int(bool(k) and len(k[0]) > 1)
            return (full_first, len(k), len(n), n)
        best = max(names, key=pscore)
        return strip_person(best)

    # a project is named without the kind word a variant adds ("Victim Link", not "Victim Link
    # service"), when the document set names it so
    folded = {fold(n) for n in names}

    def bscore(n: str) -> tuple[int, int, int, int, int, str]:
        is_acr = int(fold(n) in acronyms or n.isupper() and len(n.split()) == 1)
        variant = int(group == "Project" and without_kind(fold(n)) in folded)
        return (-is_acr, -variant, len(n.split()), freq.get(n, 0), -sum(c.isupper() for c in n), n)
    return max(names, key=bscore)


def _add_rel(graph: Graph, schema: Any, rtype: str, start: str, end: str, cite: Cite,
             props: dict[str, Any]) -> None:
    td = schema.types[rtype]
    keyvals = [props.get(k) for k in td.key]
    rid = rel_id(rtype, start, end, keyvals)
    rel = graph.rels.get(rid)
    if rel is None:
        rel = RelRec(rid, rtype, start, end, {"id": rid, "sources": [], "evidence": [], "citations": []})
        graph.add_rel(rel)
    p = rel.props
    ref = cite.ref()
    if ref not in p["citations"] or cite.text not in p["evidence"]:
        p["citations"].append(ref)
        p["evidence"].append(cite.text)
    if cite.doc not in p["sources"]:
        p["sources"].append(cite.doc)
        p["sources"].sort()
    for k, v in props.items():
        if v is not None and v != "" and k not in p:
            p[k] = v
