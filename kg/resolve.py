"""Entity resolution: merge every document's mentions into one node per real-world entity.

Rules, applied in this order and recorded in each node's ``resolution`` ledger:

* ``exact``: the same name after folding case, punctuation, ``&``/``and`` and a leading "the";
* ``acronym``: a name that is an acronym the text defined for a longer name ("… Commissioner (OPCC)");
* ``project-kind``: a project named with and without a kind word ("Whole Area Model Pilot" and
  "Whole Area Model"; the words are ``project_kinds`` in ``data/resolution.yaml``);
* ``person-variant``: people whose names agree once honorifics, ranks and post-nominals are dropped, or
  whose surname agrees and whose first name or initial is compatible, when only ONE fuller name fits;
* ``decision``: a user's forced merge from a decisions file; ``keep_apart`` pairs are never merged.

Organisation and Board share one namespace (a partnership is called both); the label most
documents use wins. Canonical names are the fullest spelling seen (for people, without honorific).

>>> from kg.model import Cite, ascii_lower, DocInfo, Extraction, Mention
>>> c = Cite("a.txt", 1, "x")
>>> ex = Extraction(DocInfo("a.txt", "0"), [Mention("Person", "Cllr. K. Loydall", c),
...                                          Mention("Person", "Kevin Loydall", c)])
>>> g, _ = build_graph([ex])
>>> sorted(n.name for n in g.nodes.values() if n.label == "Person")
['Kevin Loydall']
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kg.model import Cite, Extraction, Graph, NodeRec, Ref, RelRec, ascii_lower, clean_props, node_id, rel_id
from kg.schema import load_schema

BODY_LABELS = ("Organisation", "Board")


@dataclass
class Decisions:
    """A user's merge decisions, from a small YAML file::

        merge:
          - [Person, "Bob Bearne", "Bob Bearn"]
        keep_apart:
          - [Organisation, "Leicester City Council", "Leicestershire County Council"]
    """

    merge: list[tuple[str, str, str]] = field(default_factory=list)
    keep_apart: list[tuple[str, str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path | None) -> Decisions:
        """Read a decisions file; a missing file means no decisions. Raises ValueError on a bad file."""
        if path is None or not path.exists():
            return cls()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected keys 'merge' and/or 'keep_apart'")
        out = cls()
        for key in ("merge", "keep_apart"):
            for row in data.get(key) or []:
                if not (isinstance(row, list) and len(row) == 3 and all(isinstance(x, str) for x in row)):
                    raise ValueError(f"{path}: each '{key}' entry must be [Label, name, other name]")
                getattr(out, key).append((row[0], row[1], row[2]))
        return out


@lru_cache(maxsize=1)
def _vocab() -> dict[str, list[str]]:
    text = resources.files("kg.extract.data").joinpath("resolution.yaml").read_text(encoding="utf-8")
    data: dict[str, list[str]] = yaml.safe_load(text)
    return data


def fold(text: str) -> str:
    """Fold a name for comparison: ASCII, lower case, '&' as 'and', no punctuation, no leading 'the'.

    >>> fold("The Leicestershire & Rutland Board")
    'leicestershire and rutland board'
    """
    text = ascii_lower(text).replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text).replace("'", "")
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def person_key(name: str) -> str:
    """A person's name without honorifics, ranks or post-nominals, folded.

    >>> person_key("Ch Insp Rob Randell")
    'rob randell'
    >>> person_key("Mr. C. Pugsley CC")
    'c pugsley'
    """
    words = fold(name).split()
    v = _vocab()
    prefixes = sorted((p.split() for p in v["honorifics"] + v["ranks"]), key=len, reverse=True)
    changed = True
    while changed and words:
        changed = False
        for p in prefixes:
            if words[: len(p)] == p and len(words) > len(p):
                words = words[len(p):]
                changed = True
                break
    post = set(v["post_nominals"])
    while len(words) > 1 and words[-1] in post:
        words = words[:-1]
    return " ".join(words)


def is_acronym(text: str) -> bool:
    """An acronym: one token of capitals (and digits, '&'), at least two letters, perhaps a final 's'.

    >>> [is_acronym(x) for x in ("OPCC", "LLR", "CSPs", "ASB Action Plan", "Police")]
    [True, True, True, False, False]
    """
    t = text.strip().rstrip("s")
    return " " not in t and sum(c.isupper() for c in t) >= 2 and all(c.isupper() or c.isdigit() or c == "&"
                                                                     for c in t)


def person_variant_fits(short: str, full: str) -> bool:
    """Whether person key ``short`` may name the same person as ``full``: surnames agree and
    the first name or initial, where both have one, is compatible.

    >>> person_variant_fits("k loydall", "kevin loydall"), person_variant_fits("loydall", "kevin loydall")
    (True, True)
    >>> person_variant_fits("j loydall", "kevin loydall")
    False
    """
    return short == full or _compatible(short, full)


def _compatible(short: str, full: str) -> bool:
    """'k loydall' or 'loydall' fits 'kevin loydall'; surnames must agree."""
    a, b = short.split(), full.split()
    if not a or not b or a[-1] != b[-1]:
        return False
    fa, fb = a[:-1], b[:-1]
    if not fa:
        return True
    if not fb:
        return False
    if len(fa[0]) == 1 or len(fb[0]) == 1:
        return fa[0][0] == fb[0][0]
    return fa[0] == fb[0]


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


def _group(label: str) -> str:
    return "Body" if label in BODY_LABELS else label


def build_graph(extractions: Iterable[Extraction], decisions: Decisions | None = None
                ) -> tuple[Graph, list[dict[str, Any]]]:
    """Merge extractions (in any order) into one Graph; returns the graph and the merge ledger.

    The ledger lists, for every node that merged more than one spelling, the spellings and the
    rule that joined each to the canonical name. Node ids depend only on the set of documents,
    never on the order they were ingested.
    """
    from kg.extract.linking import known_projects, linked_mentions

    schema = load_schema()
    decisions = decisions or Decisions()
    exs = sorted(extractions, key=lambda e: e.doc.id)
    # a project one paper names with a cue is a mention wherever another paper writes its name
    known = known_projects(exs)
    exs = [Extraction(ex.doc, ex.mentions + links, ex.facts) if (links := linked_mentions(ex, known)) else ex
           for ex in exs]

    # -- 1. every spelling seen, by group, with its label votes and props ----------
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)   # (group, name) -> label votes
    acronyms: dict[str, set[str]] = defaultdict(set)                         # folded acronym -> full names
    for ex in exs:
        for m in ex.mentions:
            spellings[(_group(m.label), m.name)][m.label] += 1
            for a in m.aliases:
                # Only an acronym the text defines ("… Commissioner (OPCC)") names the entity in OTHER
                # documents too; a short form such as "the Action Plan" is local to its document.
                if a and a != m.name and is_acronym(a):
                    spellings[(_group(m.label), a)][m.label] += 0
                    acronyms[fold(a)].add(m.name)
        for f in ex.facts:
            for r in (f.start, f.end):
                spellings[(_group(r.label), r.name)][r.label] += 1

    uf = _UnionFind()
    rule_of: dict[tuple[str, str], str] = {}
    forbidden = {frozenset({(_group(lab), a), (_group(lab), b)}) for lab, a, b in decisions.keep_apart}

    def join(a: tuple[str, str], b: tuple[str, str], rule: str) -> None:
        if frozenset({a, b}) in forbidden or uf.find(a) == uf.find(b):
            return
        if forbidden:  # rare: only when the user keeps some spellings apart, so a full check is affordable
            ra, rb = uf.find(a), uf.find(b)
            members_a = [k for k in spellings if uf.find(k) == ra]
            members_b = [k for k in spellings if uf.find(k) == rb]
            if any(frozenset({x, y}) in forbidden for x in members_a for y in members_b):
                return
        uf.union(a, b)
        rule_of.setdefault(b, rule)
        rule_of.setdefault(a, rule)

    keys = sorted(spellings)
    # exact (folded) names
    by_fold: dict[tuple[str, str], tuple[str, str]] = {}
    for k in keys:
        group, name = k
        folded = person_key(name) if group == "Person" else fold(name)
        if not folded:
            continue
        if (group, folded) in by_fold:
            join(by_fold[(group, folded)], k, "exact")
        else:
            by_fold[(group, folded)] = k
    # acronyms the documents defined
    for k in keys:
        group, name = k
        fulls = {f for f in acronyms.get(fold(name), ()) if (group, f) in spellings}
        # an acronym that documents expand in different ways is ambiguous: join it to none of them
        if group != "Person" and len({fold(f) for f in fulls}) == 1:
            for full in sorted(fulls):
                join((group, full), k, "acronym")
    # "Whole Area Model Pilot" ~ "Whole Area Model" ~ "Whole Area Model project": a project named
    # with and without its kind word
    by_base: dict[str, tuple[str, str]] = {}
    for k in keys:
        group, name = k
        base_fold = _without_kind(fold(name)) if group == "Project" else None
        if base_fold is None:
            continue
        base = by_fold.get((group, base_fold))
        if base is not None:
            join(base, k, "project-kind")
        if base_fold in by_base:
            join(by_base[base_fold], k, "project-kind")
        else:
            by_base[base_fold] = k
    # person variants: initials, missing first names
    person_keys = sorted({(person_key(n), n) for g, n in keys if g == "Person" and person_key(n)})
    fulls_by_surname: dict[str, set[str]] = defaultdict(set)
    for pk, _ in person_keys:
        if len(pk.split()) >= 2 and len(pk.split()[0]) > 1:
            fulls_by_surname[pk.split()[-1]].add(pk)
    for pk, name in person_keys:
        fits = [full for full in sorted(fulls_by_surname.get(pk.split()[-1], ())) if full != pk
                and _compatible(pk, full)]
        if len(fits) == 1:
            target = next(n for k2, n in person_keys if k2 == fits[0])
            join(("Person", target), ("Person", name), "person-variant")
    # user decisions
    for lab, a, b in decisions.merge:
        ka, kb = (_group(lab), a), (_group(lab), b)
        if ka in spellings and kb in spellings:
            uf.union(ka, kb)
            rule_of[kb] = rule_of[ka] = "decision"

    # -- 2. clusters -> canonical names and labels ------------------------------------
    clusters: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    for k in keys:
        clusters[uf.find(k)].append(k)
    canon: dict[tuple[str, str], tuple[str, str]] = {}   # (group, spelling) -> (label, canonical name)
    ledger: list[dict[str, Any]] = []
    for members in clusters.values():
        group = members[0][0]
        names = [n for _, n in members]
        votes: Counter[str] = Counter()
        for k in members:
            votes.update(spellings[k])
        label = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0] != "Board", kv[0]))[0][0]
        name = _canonical(group, names, set(acronyms), {n: sum(spellings[(group, n)].values()) for n in names})
        for k in members:
            canon[k] = (label, name)
        if len(names) > 1:
            ledger.append({"label": label, "name": name,
                           "merged": [{"spelling": n, "rule": rule_of.get((group, n), "exact")}
                                      for n in sorted(names) if n != name]})

    _rename_meetings(exs, canon)

    def resolve(ref: Ref) -> tuple[str, str]:
        return canon[(_group(ref.label), ref.name)]

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
            if v not in (None, "", []):
                acc["props"].setdefault(k, v)
        return nid

    for ex in exs:
        for m in ex.mentions:
            label, name = resolve(m.ref)
            touch(label, name, m.cite, m.props, [m.name, *m.aliases])
        for f in ex.facts:
            for r in (f.start, f.end):
                label, name = resolve(r)
                touch(label, name, f.cite, {}, [r.name])

    led_by_id = {node_id(e["label"], e["name"]): e for e in ledger}
    for nid, acc in sorted(node_acc.items()):
        aliases = sorted(acc["aliases"] - {acc["name"]})
        cites = [acc["cites"][d] for d in sorted(acc["cites"])]
        props = {"id": nid, "name": acc["name"], "aliases": aliases, "sources": sorted(acc["sources"]),
                 "evidence": [c.text for c in cites], "citations": [c.ref() for c in cites], **acc["props"]}
        if nid in led_by_id:
            props["resolution"] = [f"{m['spelling']} <- {m['rule']}" for m in led_by_id[nid]["merged"]]
        graph.add_node(NodeRec(nid, acc["label"], clean_props(props)))

    # -- 4. documents and MENTIONED_IN -----------------------------------------------------
    for ex in exs:
        d = ex.doc
        did = f"doc:{d.id}"
        graph.add_node(NodeRec(did, "Document", clean_props({
            "id": did, "name": d.id, "aliases": [], "sources": [d.id], "sha256": d.sha256,
            "title": d.title, "date": d.date, "format": d.format, "evidence": [], "citations": []})))
    for nid, acc in sorted(node_acc.items()):
        for doc in sorted(acc["sources"]):
            c = acc["cites"][doc]
            _add_rel(graph, schema, "MENTIONED_IN", nid, f"doc:{doc}", c, {})

    # -- 5. facts ------------------------------------------------------------------------------
    for ex in exs:
        for f in ex.facts:
            (sl, sn), (el, en) = resolve(f.start), resolve(f.end)
            td = schema.types.get(f.type)
            if td is None or not td.allows(sl, el):
                continue  # a fact whose ends resolved to labels the schema does not join
            _add_rel(graph, schema, f.type, node_id(sl, sn), node_id(el, en), f.cite, f.props)
    return graph, sorted(ledger, key=lambda e: (e["label"], e["name"]))


def _rename_meetings(exs: list[Extraction], canon: dict[tuple[str, str], tuple[str, str]]) -> None:
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
            board = canon.get((_group(f.end.label), f.end.name))
            key = ("Meeting", f.start.name)
            if date and board and key in canon:
                canon[key] = ("Meeting", f"{board[1]} {date}")


def _without_kind(folded: str) -> str | None:
    """A folded project name without its last word when that is a kind word (``project_kinds``)
    and two words or more are left: "whole area model pilot" -> "whole area model"; else None.

    >>> _without_kind("whole area model pilot"), _without_kind("town pilot"), _without_kind("night guardians")
    ('whole area model', None, None)
    """
    words = folded.split()
    if len(words) < 3 or words[-1] not in _vocab()["project_kinds"]:
        return None
    return " ".join(words[:-1])


def _canonical(group: str, names: list[str], acronyms: set[str], freq: dict[str, int]) -> str:
    """The fullest spelling: people by most name words then length (without honorific);
    bodies by not being a bare acronym, then most words, then the spelling seen most often."""
    if group == "Person":
        def pscore(n: str) -> tuple[int, int, int, str]:
            k = person_key(n).split()
            full_first = int(bool(k) and len(k[0]) > 1)
            return (full_first, len(k), len(n), n)
        best = max(names, key=pscore)
        return _strip_person(best)

    # a project is named without the kind word a variant adds ("Victim Link", not "Victim Link
    # service"), when the document set names it so
    folded = {fold(n) for n in names}

    def bscore(n: str) -> tuple[int, int, int, int, int, str]:
        is_acr = int(fold(n) in acronyms or n.isupper() and len(n.split()) == 1)
        variant = int(group == "Project" and _without_kind(fold(n)) in folded)
        return (-is_acr, -variant, len(n.split()), freq.get(n, 0), -sum(c.isupper() for c in n), n)
    return max(names, key=bscore)


def _strip_person(name: str) -> str:
    """Drop honorific/rank words and post-nominals from a display name, keeping its case.

    >>> _strip_person("Cllr. Christine Wise")
    'Christine Wise'
    """
    key = person_key(name).split()
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    folded = [fold(w) for w in words]
    # find the run of words whose folding equals the person key
    for i in range(len(words)):
        j, k = i, 0
        out = []
        while j < len(words) and k < len(key):
            fw = folded[j]
            if not fw:
                j += 1
                continue
            if fw == key[k] or fw.replace(" ", "") == key[k]:
                out.append(words[j])
                j += 1
                k += 1
            else:
                break
        if k == len(key):
            return " ".join(out).strip(" ,")
    return name.strip()


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
