"""Pairwise precision and recall of merges on a reader's same / not-same pairs from the
development papers (``resolve_data/pairs.yaml``, made by reading the papers)."""

from __future__ import annotations

from pathlib import Path

import yaml

from kg.resolve.evaluate import Pair, pairwise
from kg.store.memory import NetworkxStore
from tests.test_resolve_areas import dev_store  # noqa: F401  (the shared ingest of every paper)

PAIRS = Path(__file__).resolve().parent / "resolve_data" / "pairs.yaml"


def load_pairs(doc_ids: list[str]) -> tuple[list[Pair], list[Pair]]:
    """The pairs with each paper number replaced by the id of the paper it names."""
    data = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))

    def doc(num: str) -> str:
        (match,) = [d for d in doc_ids if d.split("_")[0] == num]
        return match

    def rows(key: str) -> list[Pair]:
        return [(doc(a), s, doc(b), t) for a, s, b, t, _why in data[key]]

    return rows("same"), rows("not_same")


def test_pairwise_precision_and_recall(dev_store: NetworkxStore) -> None:  # noqa: F811
    graph = dev_store.graph()
    same, not_same = load_pairs([n.name for n in graph.nodes.values() if n.label == "Document"])
    assert len(same) >= 40 and len(not_same) >= 30
    scores = pairwise(graph, same, not_same)
    assert scores.precision >= 0.98, scores.wrong
    assert scores.recall >= 0.95, scores.wrong
