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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kg.model import Cite, Extraction
from kg.resolve import near
from kg.resolve.build import Clustering, Key, cluster
from kg.resolve.decisions import Decisions
from kg.resolve.scope import scope_label


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
    """Pairs of nodes in one area that almost merged (see :mod:`kg.resolve.near`), best first; with
    ``node`` (a graph node's label, name and aliases), only the pairs that node is one of."""
    exs = sorted(exs, key=lambda e: e.doc.id)
    cl = cluster(exs, decisions)
    cites = _cites(exs, cl)
    clusters = cl.clusters()
    focus = _of_node(clusters, *node) if node else None
    sides = [near.Side.of(members) for root, members in clusters.items() if near.wanted(root)]
    blocked = [(a, b, rule) for a, b, rule in cl.blocked
               if focus is None or cl.uf.find(a) in focus or cl.uf.find(b) in focus]
    out = [NearMiss(**near.entry(row, cites.get(row[2]), cites.get(row[3])))
           for row in near.rows(sides, focus, blocked, cl.uf.find, decisions)]
    return sorted(out, key=lambda m: near.order(vars(m)))
