"""What the near-misses cost `kg show --near-misses`: one entity shown with and without them.

    .venv/bin/python bench/bench_show_near_misses.py STORE NAME [--pairs 5]

Each run is a fresh Python process (as `kg show` is): A reads the graph and gathers the entity's
lines (a plain `kg show`, :func:`kg.show.entity_info`); B is :func:`kg.show.show_entity` with
``near=True``, which also reads every extraction and clusters every paper's spellings to find the
pairs that almost merged with the entity. Runs alternate A B A B ...; prints each median, the
spread (min-max) and the ratio B / A, and the number of papers and near-misses.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CODE = {
    "graph only": "from kg.store import open_store; from kg.show import entity_info; "
                  "entity_info(open_store('networkx', {store!r}).graph(), {name!r})",
    "with near-misses": "from kg.store import open_store; from kg.show import show_entity; "
                        "show_entity(open_store('networkx', {store!r}), {name!r}, near=True)",
}


def timed(code: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("store", type=Path)
    ap.add_argument("name")
    ap.add_argument("--pairs", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from kg.show import show_entity
    from kg.store import open_store

    st = open_store("networkx", args.store)
    info = show_entity(st, args.name, near=True)
    papers = len(st.document_hashes())
    print(f"store: {papers} papers; {info['name']!r}: {len(info['near_misses'])} near-misses")
    runs: dict[str, list[float]] = {k: [] for k in _CODE}
    for _ in range(args.pairs):
        for label, code in _CODE.items():
            runs[label].append(timed(code.format(store=str(args.store), name=args.name)))
    for label, times in runs.items():
        print(f"{label:17} median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})")
    ratios = [b / a for a, b in zip(runs["graph only"], runs["with near-misses"], strict=True)]
    print(f"with / without near-misses: median {statistics.median(ratios):.2f}x "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}) over {args.pairs} alternating pairs")


if __name__ == "__main__":
    main()
