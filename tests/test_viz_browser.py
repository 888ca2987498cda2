"""The pictures in a real browser: Debian's Chromium, driven by Playwright, every page opened
from disk with ALL network blocked. Each page must draw without a console error or a single
outgoing request, hold the expected nodes and edges, find an entity by search, show a
non-blank picture, and, fed a hostile graph, run nothing."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import Visit, launch
from browser_helpers import visit as open_page

from kg.model import Graph, node_id
from kg.viz import render_view
from kg.viz.atlas import build_atlas
from kg.viz.shoot import best_connected
from kg.viz.testing import HOSTILE_NAMES, hostile_graph, replicate, sample_graph

pytestmark = pytest.mark.browser

# A function, not an expression: Playwright polls a bare expression with eval(), which the CSP forbids.
STABLE = "() => window.kgView !== undefined && window.kgView.stable === true"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch() as b:
        yield b


@contextmanager
def visit(browser: Any, path: Path, wait_stable: bool = True) -> Iterator[Visit]:
    """Open a view from disk; wait until its layout is stable."""
    with open_page(browser, path, STABLE if wait_stable else None) as v:
        yield v


def pixel_stats(browser: Any, png: bytes) -> dict[str, float]:
    """Decode a screenshot in a blank page and measure it: luminance variance, share of non-white."""
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.set_content("<canvas id=c></canvas>")
        return page.evaluate("""async (b64) => {
            const img = new Image();
            img.src = 'data:image/png;base64,' + b64;
            await img.decode();
            const c = document.getElementById('c');
            c.width = img.width; c.height = img.height;
            const g = c.getContext('2d');
            g.drawImage(img, 0, 0);
            const d = g.getImageData(0, 0, c.width, c.height).data;
            let n = 0, sum = 0, sq = 0, ink = 0;
            for (let i = 0; i < d.length; i += 4) {
                const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
                n++; sum += y; sq += y * y; if (y < 235) ink++;
            }
            const mean = sum / n;
            return {variance: sq / n - mean * mean, ink: ink / n};
        }""", base64.b64encode(png).decode())
    finally:
        ctx.close()


def assert_not_blank(browser: Any, v: Visit) -> None:
    shot = v.page.locator("#kg-network").screenshot()
    stats = pixel_stats(browser, shot)
    assert stats["variance"] > 50 and stats["ink"] > 0.002, stats


def page_json(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    start = text.index('<script type="application/json" id="kg-data">') + len(
        '<script type="application/json" id="kg-data">')
    return json.loads(text[start:text.index("</script>", start)])


def click_node(v: Visit, nid: str) -> None:
    """Click a node where vis-network drew it."""
    box = v.page.locator("#kg-network").bounding_box()
    pos = v.page.evaluate("""(id) => {
        const n = window.kgView.network;
        return n.canvasToDOM(n.getPositions([id])[id]);
    }""", nid)
    v.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


@pytest.fixture(scope="module")
def sample() -> Graph:
    return sample_graph()


VIEWS = [("governance", None), ("funding", None), ("ego", "Community Safety Fund"),
         ("board", "Northshire Safer Communities Board")]


@pytest.mark.parametrize("view,focus", VIEWS)
def test_view_draws_offline_with_its_nodes_search_and_picture(browser: Any, sample: Graph, tmp_path: Path,
                                                              view: str, focus: str | None) -> None:
    out = tmp_path / f"{view}.html"
    res = render_view(sample, view, out, focus=focus)
    with visit(browser, out) as v:
        counts = v.page.evaluate("[kgView.nodes.length, kgView.edges.length, kgView.network.body.data.nodes.length]")
        assert counts == [res.nodes, res.edges, res.nodes]
        # Physics is off once stable: nothing keeps moving and burning CPU.
        assert v.page.evaluate("kgView.network.physics.options.enabled") is False
        # Search through the box: type, see the hit, press Enter, the node is selected.
        target = next(n["v"]["id"] for n in page_json(out)["nodes"] if n["v"]["id"] != res.focus)
        name = sample.nodes[target].name
        v.page.fill("#kg-search", name.upper()[1:-1])
        assert name in v.page.locator("#kg-results").inner_text()
        v.page.press("#kg-search", "Enter")
        assert target in v.page.evaluate("kgView.network.getSelectedNodes()")
        assert_not_blank(browser, v)
        v.assert_clean()


def test_click_shows_the_quote_and_its_citation(browser: Any, sample: Graph, tmp_path: Path) -> None:
    out = tmp_path / "board.html"
    render_view(sample, "board", out, focus="NSCB")
    chair = next(r for r in sample.rels.values() if r.type == "MEMBER_OF" and r.props.get("role") == "chair")
    person = sample.nodes[chair.start]
    with visit(browser, out) as v:
        click_node(v, person.id)
        details = v.page.locator("#kg-details").inner_text()
        assert person.name in details
        for quote, cite in zip(person.props["evidence"], person.props["citations"], strict=True):
            assert quote in details and cite in details
        # Hovering shows a tooltip with the same quote.
        v.page.mouse.move(10, 10)
        click_box = v.page.locator("#kg-network").bounding_box()
        pos = v.page.evaluate("(id) => kgView.network.canvasToDOM(kgView.network.getPositions([id])[id])",
                              person.id)
        v.page.mouse.move(click_box["x"] + pos["x"], click_box["y"] + pos["y"])
        v.page.wait_for_selector("div.kg-popup", state="visible", timeout=5000)
        assert person.props["evidence"][0] in v.page.locator("div.kg-popup").inner_text()
        v.assert_clean()


@pytest.mark.parametrize("view,focus", [("governance", None), ("funding", None), ("ego", HOSTILE_NAMES[0]),
                                        ("board", HOSTILE_NAMES[0])])
def test_hostile_graph_runs_nothing(browser: Any, tmp_path: Path, view: str, focus: str | None) -> None:
    g = hostile_graph()
    out = tmp_path / f"{view}.html"
    render_view(g, view, out, focus=focus, depth=1)
    hostile_ids = [n.id for n in g.nodes.values() if any(h in n.name for h in HOSTILE_NAMES)]
    with visit(browser, out) as v:
        shown = set(v.page.evaluate("kgView.nodes.getIds()"))
        # Make the page render every piece of hostile text: tooltips, details, search results.
        for nid in hostile_ids:
            if nid in shown:
                click_node(v, nid)
                v.page.wait_for_timeout(150)
        v.page.fill("#kg-search", "<")
        v.page.press("#kg-search", "Enter")
        v.page.wait_for_timeout(300)
        assert v.page.evaluate("window.__kgPwned") is None
        assert v.page.evaluate("document.querySelectorAll('body img, body svg, body iframe').length") == 0
        if view != "funding":
            assert HOSTILE_NAMES[0] in v.page.locator("#kg-results").inner_text()
        v.assert_clean()


def test_big_graph_is_cut_with_a_visible_message(browser: Any, sample: Graph, tmp_path: Path) -> None:
    big = replicate(sample, 40)
    out = tmp_path / "big.html"
    res = render_view(big, "governance", out, max_nodes=300)
    assert res.truncated
    with visit(browser, out) as v:
        assert v.page.evaluate("kgView.nodes.length") == res.nodes <= 300
        banner = v.page.locator("#kg-banner")
        assert banner.is_visible() and f"of {res.total_nodes:,}" in banner.inner_text()
        assert_not_blank(browser, v)
        v.assert_clean()


def _frames_stable(v: Visit) -> int:
    frames = v.page.frames[1:]
    for fr in frames:
        fr.wait_for_function(STABLE, timeout=30000)
    return len(frames)


def test_atlas_search_links_and_embedded_views(browser: Any, sample: Graph, tmp_path: Path) -> None:
    index = build_atlas(sample, tmp_path / "atlas")
    person = sample.nodes[node_id("Person", "Sam Rivers")]
    alias = person.props["aliases"][0]
    with visit(browser, index, wait_stable=False) as v:
        assert v.page.evaluate("kgAtlas.size") == sum(1 for n in sample.nodes.values() if n.label != "Document")
        v.page.fill("#kg-q", alias.lower())
        hit = v.page.locator("#kg-hits a").first
        assert hit.inner_text() == person.name
        hit.click()
        v.page.wait_for_load_state()
        assert v.page.locator("h1").inner_text() == person.name
        assert v.page.locator("iframe").count() == 1
        assert _frames_stable(v) == 1
        frame = v.page.frames[1]
        assert person.id in frame.evaluate("kgView.nodes.getIds()")
        # Follow a link from the person's page to a board's page.
        board_name = sample.nodes[node_id("Board", "Northshire Safer Communities Board")].name
        v.page.get_by_role("link", name=board_name).first.click()
        v.page.wait_for_load_state()
        assert v.page.locator("h1").inner_text() == board_name
        assert _frames_stable(v) == 1
        v.assert_clean()
    with visit(browser, tmp_path / "atlas" / "views" / "governance.html") as v:
        assert v.page.evaluate("kgView.nodes.length") > 0
        v.assert_clean()


def test_hostile_atlas_runs_nothing(browser: Any, tmp_path: Path) -> None:
    g = hostile_graph()
    index = build_atlas(g, tmp_path / "atlas")
    pages = [index] + [p for p in sorted((tmp_path / "atlas" / "e").glob("*.html"))
                       if "kgpwned" in p.name or "script" in p.name]
    assert len(pages) > 3
    for page in pages:
        with visit(browser, page, wait_stable=False) as v:
            _frames_stable(v)
            if page == index:
                v.page.fill("#kg-q", "<")
                assert v.page.locator("#kg-hits a").count() > 0
            assert v.page.evaluate("window.__kgPwned") is None
            for fr in v.page.frames:
                assert fr.evaluate("window.__kgPwned") is None
            v.assert_clean()


# ---- the real sample corpus, end to end (conftest's session ingest: corpus_graph) ---------------

def test_sample_corpus_views_and_atlas_in_the_browser(browser: Any, corpus_graph: Graph, tmp_path: Path) -> None:
    g = corpus_graph
    assert any(n.label == "Board" for n in g.nodes.values())
    jobs = [("governance", None), ("funding", None), ("ego", best_connected(g)),
            ("board", best_connected(g, "Board"))]
    for view, focus in jobs:
        out = tmp_path / f"{view}.html"
        res = render_view(g, view, out, focus=focus)
        with visit(browser, out) as v:
            assert v.page.evaluate("[kgView.nodes.length, kgView.edges.length]") == [res.nodes, res.edges]
            if res.nodes:
                assert_not_blank(browser, v)
            v.assert_clean()
    index = build_atlas(g, tmp_path / "atlas")
    board_page = sorted((tmp_path / "atlas" / "e").glob("board-*.html"))[0]
    for page in (index, board_page):
        with visit(browser, page, wait_stable=False) as v:
            _frames_stable(v)
            v.assert_clean()
