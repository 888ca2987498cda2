"""What a user reviews of resolution: the merges made, with the rule and a citation of each
spelling, and the near-misses (pairs that almost merged), with why they did not.

Near-misses, within one area (thresholds in ``review`` of ``data/resolution.yaml``):

* bodies and plans whose compared names (:func:`kg.resolve.scope.body_key`) are alike by
  ``name_similarity`` or more (rapidfuzz ratio), or the same where one of them names no place
  and the two were read for two districts of the area;
* people of one surname whose forenames did not fit (``Jo Smith`` / ``Jane Smith``) or fit more
  than one fuller name (``J. Smith``);
* pairs a user's ``keep_apart`` decision stopped.

A decision (``same`` / ``not-same``) goes into the decisions file and applies on the next ingest.

>>> from kg.model import Cite, DocInfo, Extraction, Mention
>>> c = Cite("a.txt", 3, "Jo Smith and J. Smith and Jane Smith")
>>> ex = Extraction(DocInfo("a.txt", "0"), [Mention("Person", n, c) for n in ("Jo Smith", "J. Smith", "Jane Smith")])
>>> [(m.a, m.b, m.reason) for m in near_misses([ex])][:1]
[('J. Smith', 'Jane Smith', 'same surname; the initial fits more than one fuller name')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz

from kg.extract.area import places
from kg.model import Cite, Extraction
from kg.resolve.build import Clustering, Key, cluster
from kg.resolve.decisions import Decisions
from kg.resolve.names import compatible, person_key, vocab
from kg.resolve.scope import KEYED, NATIONAL, body_key, scope_label


@dataclass
class Merge:
    """One spelling joined to a node, by a rule, with where it was read."""

    label: str
    node: str
    spelling: str
    rule: str
    cite: str
    text: str


@dataclass
class NearMiss:
    """Two nodes that almost merged, with why they did not and where each was read."""

    label: str
    area: str
    a: str
    b: str
    score: int
    reason: str
    cite_a: str
    cite_b: str
    text_a: str = ""   # the text each was read in (the evidence, cut to 160 characters)
    text_b: str = ""


def _cites(exs: Iterable[Extraction], cl: Clustering) -> dict[Key, Cite]:
    out: dict[Key, Cite] = {}
    for ex in exs:
        for m in ex.mentions:
            for name in (m.name, *m.aliases):
                out.setdefault(cl.key(ex.doc.id, m.label, name), m.cite)
        for f in ex.facts:
            for r in (f.start, f.end):
                out.setdefault(cl.key(ex.doc.id, r.label, r.name), f.cite)
    return out


def merges(ledger: list[dict[str, Any]], exs: Iterable[Extraction], decisions: Decisions | None = None
           ) -> list[Merge]:
    """Every spelling the ledger joined to a node other than its own, with a citation."""
    exs = sorted(exs, key=lambda e: e.doc.id)
    cl = cluster(exs, decisions)
    cites = _cites(exs, cl)
    by_name: dict[tuple[str, str], Cite] = {}
    for k, cite in sorted(cites.items()):
        by_name.setdefault((k[0], k[2]), cite)
    out = []
    for entry in ledger:
        group = "Body" if entry["label"] in ("Organisation", "Board") else entry["label"]
        for m in entry["merged"]:
            if m.get("cite"):  # a rename: the sentence that says so
                out.append(Merge(entry["label"], entry["name"], m["spelling"], m["rule"], m["cite"],
                                 str(m.get("evidence", ""))[:400]))
                continue
            c = by_name.get((group, m["spelling"]))
            out.append(Merge(entry["label"], entry["name"], m["spelling"], m["rule"],
                             c.ref() if c else "", c.text[:160] if c else ""))
    return out


def _evidence(ca: Cite | None, cb: Cite | None) -> tuple[str, str, str, str]:
    """A near-miss's citations and texts: ``cite_a``, ``cite_b``, ``text_a``, ``text_b``."""
    return (ca.ref() if ca else "", cb.ref() if cb else "", ca.text[:160] if ca else "", cb.text[:160] if cb else "")


def _of_node(clusters: dict[Key, list[Key]], label: str, name: str, aliases: Iterable[str]) -> set[Key]:
    """The clusters a graph node was made of: those named ``name`` (or, for a name told apart by its
    area, "Police and Crime Plan (Durham)", named so in that area) all of whose spellings the node
    lists among its name and aliases."""
    group = "Body" if label in ("Organisation", "Board") else label
    spellings = {name, *aliases}
    base, _, suffix = name.rpartition(" (")
    out = set()
    for root, members in clusters.items():
        names = {k[2] for k in members}
        if root[0] != group or not names <= spellings | {base}:
            continue
        if name in names or (suffix and base in names and scope_label(root[1]) == suffix.removesuffix(")")):
            out.add(root)
    return out


def near_misses(exs: Iterable[Extraction], decisions: Decisions | None = None,
                node: tuple[str, str, list[str]] | None = None) -> list[NearMiss]:
    """Pairs of nodes in one area that almost merged (see the module docstring), best first; with
    ``node`` (a graph node's label, name and aliases), only the pairs that node is one of."""
    exs = sorted(exs, key=lambda e: e.doc.id)
    cl = cluster(exs, decisions)
    cites = _cites(exs, cl)
    threshold = int(vocab()["review"]["name_similarity"])
    clusters = cl.clusters()
    focus = _of_node(clusters, *node) if node else None
    # one representative spelling per cluster: the longest, then the first
    rep = {root: max(members, key=lambda k: (len(k[2]), k[2])) for root, members in clusters.items()}
    by_force: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for root in clusters:
        group, scope, _name = root
        if scope != NATIONAL:
            by_force[(group, scope.split("|")[0])].append(root)
    out: list[NearMiss] = []

    def add(ra: Key, rb: Key, score: int, reason: str) -> None:
        a, b = sorted((rep[ra], rep[rb]), key=lambda k: k[2])
        label = "Organisation/Board" if a[0] == "Body" else a[0]
        ca, cb = cites.get(a), cites.get(b)
        out.append(NearMiss(label, scope_label(a[1]), a[2], b[2], score, reason, *_evidence(ca, cb)))

    decided = {(("Body" if lab in ("Organisation", "Board") else lab), frozenset((a, b)))
               for lab, a, b in (decisions.keep_apart if decisions else [])}
    names = {root: {k[2] for k in members} for root, members in clusters.items()}
    for (group, _force), roots in sorted(by_force.items()):
        if focus is not None:
            pairs = sorted({(min(ra, rb), max(ra, rb)) for ra in focus & set(roots) for rb in roots if rb != ra})
        else:
            pairs = list(combinations(sorted(roots), 2))
        for ra, rb in pairs:
            na, nb = rep[ra][2], rep[rb][2]
            if decided and any((group, frozenset((x, y))) in decided for x in names[ra] for y in names[rb]):
                continue  # the user said these are not one entity
            if group in KEYED:
                ka, kb = body_key(na), body_key(nb)
                if not ka or not kb:
                    continue
                generic = not places().find(na) or not places().find(nb)
                if ka == kb and ra[1] != rb[1] and generic:
                    # "the Community Safety Partnership" of a district's paper and the area's
                    add(ra, rb, 100, f"same name, read for {scope_label(ra[1])} and {scope_label(rb[1])}")
                elif ra[1] == rb[1] and (score := int(fuzz.ratio(ka, kb))) >= threshold:
                    add(ra, rb, score, "similar names")
            elif group == "Person" and ra[1] == rb[1]:
                pa, pb = person_key(na).split(), person_key(nb).split()
                if not pa or not pb or pa[-1] != pb[-1]:
                    continue
                if compatible(" ".join(pa), " ".join(pb)) or compatible(" ".join(pb), " ".join(pa)):
                    add(ra, rb, 90, "same surname; the initial fits more than one fuller name")
                else:
                    add(ra, rb, 60, "same surname, different forenames")
    for a, b, rule in cl.blocked:
        if focus is not None and cl.uf.find(a) not in focus and cl.uf.find(b) not in focus:
            continue
        ca, cb = cites.get(a), cites.get(b)
        label = "Organisation/Board" if a[0] == "Body" else a[0]
        out.append(NearMiss(label, scope_label(a[1]), a[2], b[2], 100, f"{rule}, kept apart by a decision",
                            *_evidence(ca, cb)))
    return sorted(out, key=lambda m: (-m.score, m.label, m.a, m.b))
