"""The README's pictures (docs/img/*.png) are what a user sees: each view and atlas page of the
sample corpus is drawn again in Chromium and compared pixel by pixel with its checked-in screenshot.
When a picture changes on purpose, regenerate them with
``.venv/bin/python -m kg.viz.shoot STORE docs/img`` after ``kg ingest examples/corpus --store STORE``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from kg.model import Graph
from kg.viz.shoot import shoot

pytestmark = pytest.mark.browser
IMG = Path(__file__).resolve().parents[1] / "docs" / "img"
#: a pixel differs when a channel is more than this apart (anti-aliasing moves a few levels)
LEVELS = 16
#: at most this share of a screenshot's pixels may differ: drawn twice here they are identical; one
#: name's box (120 x 30 px) is 0.26 %, and the pictures before people were collapsed into counts
#: differ from these in 3 % to 17 % of their pixels
SHARE = 0.002


def differing(a: Path, b: Path) -> float:
    """Share of pixels of two same-sized images whose colour differs by more than :data:`LEVELS`."""
    one, two = Image.open(a).convert("RGB"), Image.open(b).convert("RGB")
    assert one.size == two.size, (a.name, one.size, two.size)
    hist = ImageChops.difference(one, two).convert("L").histogram()
    return sum(hist[LEVELS + 1:]) / (one.size[0] * one.size[1])


def test_the_readme_screenshots_are_the_live_pages(corpus_graph: Graph, tmp_path: Path) -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium")
    live = shoot(corpus_graph, tmp_path)
    names = sorted(p.name for p in live)
    assert names == ["atlas-board.png", "atlas-index.png", "view-board.png", "view-ego.png", "view-funding.png",
                     "view-governance.png"]
    stale = {p.name: round(differing(p, IMG / p.name), 4) for p in live}
    assert all(share <= SHARE for share in stale.values()), (
        f"docs/img differs from the live pages (share of pixels): {stale}; regenerate with "
        "python -m kg.viz.shoot STORE docs/img")


def test_a_changed_picture_is_caught(tmp_path: Path) -> None:
    """The comparison can fail: one name's box of changed pixels in a screenshot is seen."""
    src = IMG / "view-governance.png"
    img = Image.open(src).convert("RGB")
    w, h = img.size
    img.paste((255, 0, 0), (w // 3, h // 3, w // 3 + 120, h // 3 + 30))   # about the size of a name
    img.save(tmp_path / "changed.png")
    assert differing(src, src) == 0.0
    assert differing(src, tmp_path / "changed.png") > SHARE
