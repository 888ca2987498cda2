"""Benchmark: are pictures and the atlas sized by their entities? One paper restated by 5, 80 and
320 documents (the paper of ``tests/test_viz_size.py``, each copy numbered) gives the same entities;
prints the size of each view, of its own data (without the bundled drawing library) and of the
atlas, and each size as a ratio to the 5-paper one (the target: within 1.10).

Run: ``.venv/bin/python bench/bench_viz_size.py [--copies 5 80 320]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from kg.model import Graph
from kg.viz import render_view
from kg.viz.atlas import build_atlas

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_viz_size import VIEWS, graph_of  # noqa: E402  (the papers the size test restates)


def sizes(graph: Graph, out: Path) -> dict[str, int]:
    got: dict[str, int] = {}
    for view, focus in VIEWS:
        page = out / f"{view}.html"
        render_view(graph, view, page, focus=focus, depth=1)
        text = page.read_text(encoding="utf-8")
        data = re.search(r'id="kg-data">(.*?)</script>', text, re.S)
        got[f"view {view}"] = len(text.encode())
        got[f"data {view}"] = len(data.group(1).encode()) if data else 0
    index = build_atlas(graph, out / "atlas")
    got["atlas pages (e/, views/)"] = sum(p.stat().st_size for sub in ("e", "views")
                                          for p in (index.parent / sub).glob("*.html"))
    got["atlas index"] = index.stat().st_size
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[5, 80, 320])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        table: dict[int, dict[str, int]] = {}
        for copies in args.copies:
            out = tmp / f"out-{copies}"
            out.mkdir()
            table[copies] = sizes(graph_of(tmp, copies), out)
    first = args.copies[0]
    print(f"{'bytes':28}" + "".join(f"{c:>12} papers" for c in args.copies) + "   ratio to " + str(first))
    for key in table[first]:
        row = "".join(f"{table[c][key]:>19,}" for c in args.copies)
        ratios = ", ".join(f"{table[c][key] / table[first][key]:.3f}" for c in args.copies[1:])
        print(f"{key:28}{row}   {ratios}")


if __name__ == "__main__":
    main()
