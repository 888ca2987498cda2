"""Screenshots of every view and of the atlas, for the README (a developer tool).

Run ``.venv/bin/python -m kg.viz.shoot STORE_DIR docs/img`` after ``kg ingest examples/corpus
--store STORE_DIR``. Needs Playwright for Python and Debian's Chromium at /usr/bin/chromium;
every page is opened from disk with the network blocked, as in the browser tests.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from kg.model import Graph, slug
from kg.schema import load_schema
from kg.store import open_store
from kg.viz import render_view
from kg.viz.atlas import build_atlas

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
STABLE = "() => window.kgView !== undefined && window.kgView.stable === true"


def best_connected(g: Graph, label: str | None = None) -> str:
    """Id of the entity with most lines (not counting document mentions), optionally of one label."""
    deg: dict[str, int] = {}
    sources_only = load_schema().provenance_types()
    for r in g.rels.values():
        if r.type not in sources_only:
            deg[r.start] = deg.get(r.start, 0) + 1
            deg[r.end] = deg.get(r.end, 0) + 1
    pool = [n for n in g.nodes.values() if n.label != "Document" and (label is None or n.label == label)]
    return max(pool, key=lambda n: (deg.get(n.id, 0), n.id)).id


def shoot(graph: Graph, outdir: Path, chromium: str = "/usr/bin/chromium", prefix: str = "") -> list[Path]:
    """Write ``<prefix>view-<name>.png`` for each view and ``<prefix>atlas-*.png``; return the files."""
    from playwright.sync_api import sync_playwright

    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as d, sync_playwright() as p:
        tmp = Path(d)
        pages = []
        for view, focus in (("governance", None), ("funding", None), ("ego", best_connected(graph)),
                            ("board", best_connected(graph, "Board"))):
            res = render_view(graph, view, tmp / f"{view}.html", focus=focus, depth=1 if view == "ego" else 2)
            pages.append((res.path, outdir / f"{prefix}view-{view}.png", True))
        index = build_atlas(graph, tmp / "atlas")
        pages.append((index, outdir / f"{prefix}atlas-index.png", False))
        board_page = index.parent / "e" / (slug(best_connected(graph, "Board"))[:80] + ".html")
        if board_page.exists():
            pages.append((board_page, outdir / f"{prefix}atlas-board.png", False))
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            for src, dest, is_view in pages:
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                page = ctx.new_page()
                page.goto(src.as_uri())
                if is_view:
                    page.wait_for_function(STABLE, timeout=60000)
                else:
                    for fr in page.frames[1:]:
                        fr.wait_for_function(STABLE, timeout=60000)
                page.wait_for_timeout(300)
                page.screenshot(path=str(dest))
                written.append(dest)
                ctx.close()
        finally:
            browser.close()
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description="Screenshots of the views and the atlas.")
    ap.add_argument("store", type=Path, help="embedded store directory (after kg ingest)")
    ap.add_argument("outdir", type=Path, help="folder for the PNG files")
    ap.add_argument("--sample", action="store_true",
                    help="shoot the invented graph of kg.viz.testing instead (files prefixed sample-)")
    args = ap.parse_args()
    if args.sample:
        from kg.viz.testing import sample_graph

        graph, prefix = sample_graph(), "sample-"
    else:
        store = open_store("networkx", args.store)
        try:
            graph = store.graph()
        finally:
            store.close()
        prefix = ""
    for path in shoot(graph, args.outdir, prefix=prefix):
        print(path)


if __name__ == "__main__":
    main()
