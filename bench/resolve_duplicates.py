"""Entity resolution on every development paper: duplicate rate, and pairwise precision and recall.

    .venv/bin/python bench/resolve_duplicates.py [--list]

Ingests the sample corpus, the external excerpts and the development set together (as
``tests/test_resolve_areas.py`` does) and prints:

* the **duplicate rate**: pairs of nodes of one label in one area that a reader would merge, per
  node of the labels resolved (Organisation, Board, Person, Plan). The pairs are the near-misses
  ``kg review`` lists that a reader judged the same (``bench/resolve_judged.yaml``); near-misses
  no reader has judged yet are counted as duplicates too, so the rate is an upper bound until
  they are judged (``--list`` prints them); it says whether the near-misses the ingest stored (which
  ``kg show`` lists) are those ``kg review`` finds;
* **pairwise precision and recall** of merges on the reader's pairs of ``tests/resolve_data/pairs.yaml``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.ingest import ingest  # noqa: E402
from kg.resolve import Decisions  # noqa: E402
from kg.resolve.evaluate import pairwise  # noqa: E402
from kg.resolve.review import near_misses  # noqa: E402
from kg.store import open_store  # noqa: E402
from tests.test_resolve_areas import DEV_DIRS, load_pairs  # noqa: E402

LABELS = ("Organisation", "Board", "Person", "Plan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="print the near-misses no reader has judged")
    args = ap.parse_args()
    judged = yaml.safe_load((ROOT / "bench" / "resolve_judged.yaml").read_text(encoding="utf-8"))
    same = {frozenset(r[:2]) for r in judged["same"]}
    not_same = {frozenset(r[:2]) for r in judged["not_same"]}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store("networkx", Path(tmp) / "store")
        report = ingest(DEV_DIRS, store)
        graph = store.graph()
        exs = list(store.extractions().values())
        stored = store.near_misses()  # type: ignore[attr-defined]
    nodes = sum(1 for n in graph.nodes.values() if n.label in LABELS)
    misses = near_misses(exs, Decisions())
    same_as_stored = [{k: v for k, v in e.items() if k not in ("a_id", "b_id")} for e in stored or []] == \
        [vars(m) for m in misses]
    print(f"near-misses the ingest stored (kg show lists them) are kg review's: {same_as_stored}")
    dup = [m for m in misses if frozenset((m.a, m.b)) in same]
    unjudged = [m for m in misses if frozenset((m.a, m.b)) not in same | not_same]
    print(f"papers: {len(report.added)}; nodes ({', '.join(LABELS)}): {nodes}; near-misses: {len(misses)}")
    print(f"duplicates judged by a reader: {len(dup)}; near-misses not judged yet: {len(unjudged)}")
    print(f"duplicate rate: {len(dup) / nodes:.2%} (judged); at most {(len(dup) + len(unjudged)) / nodes:.2%} "
          "(counting every unjudged near-miss as a duplicate)")
    pairs_same, pairs_not = load_pairs([n.name for n in graph.nodes.values() if n.label == "Document"])
    s = pairwise(graph, pairs_same, pairs_not)
    print(f"pairwise on {len(pairs_same)} same / {len(pairs_not)} not-same pairs: precision {s.precision:.3f}, "
          f"recall {s.recall:.3f} (tp {s.tp}, fp {s.fp}, fn {s.fn}; {len(s.missing)} pairs name a mention "
          "the extractor did not read)")
    if args.list:
        for m in unjudged:
            print(f"  [{m.label}, {m.area}] {m.a} | {m.b} ({m.reason}; {m.cite_a} {m.cite_b})")


if __name__ == "__main__":
    main()
