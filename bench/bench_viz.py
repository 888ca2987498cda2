"""Benchmark the pictures: time to generate a view, and time until it is stable in Chromium.

Two cases:

1. the governance view of the whole sample corpus (examples/corpus, ingested into a
   temporary store): target interactive within 3 s;
2. a 2,000-node ego view on the corpus graph replicated with fresh ids until the focus's
   neighbourhood holds 2,000 entities.

Also times the atlas of the corpus. Run: ``.venv/bin/python bench/bench_viz.py [--runs N]``.
Needs Debian's Chromium at /usr/bin/chromium and Playwright for Python.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kg.ingest import ingest
from kg.model import Graph
from kg.store import open_store
from kg.viz import render_view
from kg.viz.atlas import build_atlas
from kg.viz.testing import replicate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGET_S = 3.0


def corpus_graph(tmp: Path) -> Graph:
    store = open_store("networkx", tmp / "store")
    try:
        report = ingest([CORPUS], store)
        if report.failures:
            print("ingest failures:", *report.failures, sep="\n  ", file=sys.stderr)
        return store.graph()
    finally:
        store.close()


def component_size(g: Graph, start: str) -> int:
    adj: dict[str, set[str]] = {}
    for r in g.rels.values():
        if r.type == "MENTIONED_IN":
            continue
        adj.setdefault(r.start, set()).add(r.end)
        adj.setdefault(r.end, set()).add(r.start)
    seen, stack = {start}, [start]
    while stack:
        for m in adj.get(stack.pop(), ()):
            if m not in seen:
                seen.add(m)
                stack.append(m)
    return len(seen)


def hub(g: Graph) -> str:
    deg: dict[str, int] = {}
    for r in g.rels.values():
        if r.type != "MENTIONED_IN":
            deg[r.start] = deg.get(r.start, 0) + 1
            deg[r.end] = deg.get(r.end, 0) + 1
    return max((n for n in g.nodes if g.nodes[n].label != "Document"), key=lambda n: (deg.get(n, 0), n))


def load_times(browser: Any, path: Path, runs: int) -> tuple[list[float], list[float], int]:
    """Wall seconds from navigation to stable, and the page's own performance.now() at stable."""
    walls, marks, nodes = [], [], 0
    for _ in range(runs):
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("() => window.kgView !== undefined && window.kgView.stable === true",
                               timeout=120000, polling=20)
        walls.append(time.perf_counter() - t0)
        marks.append(page.evaluate("kgView.stableAt") / 1000)
        nodes = page.evaluate("kgView.nodes.length")
        ctx.close()
    return walls, marks, nodes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="page loads per view (median reported)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t = time.perf_counter()
        g = corpus_graph(tmp)
        print(f"ingest sample corpus: {time.perf_counter() - t:.2f} s, {len(g.nodes)} nodes, {len(g.rels)} rels")

        t = time.perf_counter()
        gov = render_view(g, "governance", tmp / "governance.html", max_nodes=10_000)
        gen_gov = time.perf_counter() - t

        centre = hub(g)
        per_copy = component_size(g, centre)
        copies = max(2, math.ceil(2100 / max(per_copy, 1)) + 1)
        big = replicate(g, copies)
        t = time.perf_counter()
        ego = render_view(big, "ego", tmp / "ego2000.html", focus=centre, depth=12, max_nodes=2000)
        gen_ego = time.perf_counter() - t

        t = time.perf_counter()
        build_atlas(g, tmp / "atlas")
        gen_atlas = time.perf_counter() - t
        pages = len(list((tmp / "atlas").rglob("*.html")))

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                rows = []
                for name, res, gen in (("governance (sample corpus)", gov, gen_gov),
                                       (f"ego 2,000 ({copies} copies of the corpus)", ego, gen_ego)):
                    walls, marks, nodes = load_times(browser, res.path, args.runs)
                    size = res.path.stat().st_size / 1e6
                    rows.append((name, res, gen, statistics.median(walls), statistics.median(marks), nodes, size))
            finally:
                browser.close()

    print(f"\n{'view':42} {'nodes':>6} {'edges':>6} {'MB':>5} {'generate s':>10} {'stable s':>9} "
          f"{'page-clock s':>12} {'vs 3 s':>7}")
    for name, res, gen, wall, mark, nodes, size in rows:
        print(f"{name:42} {nodes:6d} {res.edges:6d} {size:5.2f} {gen:10.3f} {wall:9.3f} {mark:12.3f} "
              f"{(gen + wall) / TARGET_S:6.2f}x")
    print(f"\natlas of the sample corpus: {gen_atlas:.2f} s for {pages} pages")
    gov_total = rows[0][2] + rows[0][3]
    verdict = "meets" if gov_total <= TARGET_S else "MISSES"
    print(f"sample governance view, generate + stable: {gov_total:.2f} s: {verdict} the {TARGET_S:.0f} s target")


if __name__ == "__main__":
    main()
