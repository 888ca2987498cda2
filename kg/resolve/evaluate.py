"""Measuring resolution against a reader's judgement: pairwise precision and recall over pairs
of mentions a reader marked same or not-same, and the duplicate rate.

>>> from kg.model import Graph, NodeRec
>>> g = Graph()
>>> g.add_node(NodeRec("org:a", "Organisation", {"name": "Office of the PCC", "aliases": ["OPCC"],
...                                                 "sources": ["1.txt"]}))
>>> g.add_node(NodeRec("org:b", "Organisation", {"name": "Westby Police", "sources": ["1.txt"]}))
>>> s = pairwise(g, [("1.txt", "OPCC", "1.txt", "Office of the PCC")], [("1.txt", "OPCC", "1.txt", "Westby Police")])
>>> (s.precision, s.recall, s.missing)
(1.0, 1.0, [])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.model import Graph
from kg.resolve.names import fold

#: one reader's pair: (paper, spelling, paper, spelling)
Pair = tuple[str, str, str, str]


def nodes_of(graph: Graph, doc: str, spelling: str) -> set[str]:
    """The nodes a spelling read in paper ``doc`` became: those whose name or an alias is the
    spelling (folded) and whose sources include the paper."""
    index = _index(graph)
    return {nid for nid in index.get(fold(spelling), ()) if doc in graph.nodes[nid].props.get("sources", [])}


_INDEX: dict[int, dict[str, set[str]]] = {}


def _index(graph: Graph) -> dict[str, set[str]]:
    key = id(graph)
    if key not in _INDEX:
        out: dict[str, set[str]] = defaultdict(set)
        for n in graph.nodes.values():
            for name in [n.name, *n.props.get("aliases", [])]:
                out[fold(str(name))].add(n.id)
        _INDEX.clear()
        _INDEX[key] = out
    return _INDEX[key]


@dataclass
class PairScores:
    """Pairwise scores: true and false positives, false negatives, pairs whose mention is missing."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missing: list[Pair] = field(default_factory=list)
    wrong: list[tuple[str, Pair]] = field(default_factory=list)  # ("merged" | "split", pair)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def pairwise(graph: Graph, same: Iterable[Pair], not_same: Iterable[Pair]) -> PairScores:
    """Score the graph on a reader's pairs. A pair is merged when its two mentions share a node; a
    mention the graph does not hold counts as not merged (and is listed in ``missing``)."""
    s = PairScores()
    for verdict, pairs in (("same", same), ("not-same", not_same)):
        for pair in pairs:
            a, b = nodes_of(graph, pair[0], pair[1]), nodes_of(graph, pair[2], pair[3])
            if not a or not b:
                s.missing.append(pair)
            merged = bool(a & b)
            if verdict == "same" and merged:
                s.tp += 1
            elif verdict == "same":
                s.fn += 1
                s.wrong.append(("split", pair))
            elif merged:
                s.fp += 1
                s.wrong.append(("merged", pair))
    return s
