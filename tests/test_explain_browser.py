"""`kg explain` pages in a real browser: Debian's Chromium, driven by Playwright, each page opened
from disk with ALL network blocked. The highlights must be visible in their label's colour, a
citation must jump to its line, and nothing may run, fail or leave the machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import Visit, launch, visit
from test_explain import hand_extraction, paper
from typer.testing import CliRunner

from kg.cli import app
from kg.explain import explain_html, label_colours
from kg.loaders.base import Document
from kg.model import Cite, DocInfo, Extraction, Fact, Mention, Ref

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch() as b:
        yield b


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def shown_marks(v: Visit) -> list[dict[str, Any]]:
    """Every highlight as the browser lays it out: label, text, colour, size, tooltip."""
    result: list[dict[str, Any]] = v.page.evaluate("""() => Array.from(document.querySelectorAll('mark.entity'))
        .map(m => {
            const r = m.getBoundingClientRect();
            const badge = m.querySelector('.entity-label');
            return {id: m.id, label: m.dataset.label, badge: badge ? badge.textContent : null,
                    text: m.firstChild.textContent.trim(), title: m.title,
                    bg: getComputedStyle(m).backgroundColor, w: r.width, h: r.height,
                    visibility: getComputedStyle(m).visibility};
        })""")
    return result


def test_hand_made_paper_highlights_are_visible_and_citations_jump(browser: Any, tmp_path: Path) -> None:
    doc = paper()
    out = tmp_path / "westshire.html"
    out.write_text(explain_html(doc, hand_extraction(doc)), encoding="utf-8")
    colours = label_colours()
    with visit(browser, out) as v:
        marks = shown_marks(v)
        assert [(m["label"], m["text"]) for m in marks][:3] == [
            ("Board", "WESTSHIRE SAFER COMMUNITIES BOARD"), ("Meeting", "Tuesday, 3rd March 2026"),
            ("Person", "Cllr. Jane Porter")]
        for m in marks:
            assert m["w"] > 10 and m["h"] > 5 and m["visibility"] == "visible", m
            assert m["badge"] == m["label"] and m["bg"] == rgb(colours[m["label"]]), m
        porter = next(m for m in marks if m["label"] == "Person")
        assert "MEMBER_OF → Board: Westshire Safer Communities Board (role: chair)" in porter["title"]
        v.page.locator("mark.entity").first.hover()
        # The FUNDS row's citation jumps to line 15, which comes into view.
        row = v.page.locator('tr[data-type="FUNDS"]')
        assert "£125,000" in row.inner_text()
        row.locator("td.cite a").click()
        assert v.page.evaluate("location.hash") == "#line-15"
        assert v.page.locator("#line-15").is_visible()
        assert v.page.evaluate("""() => { const r = document.getElementById('line-15').getBoundingClientRect();
                                          return r.top >= 0 && r.bottom <= innerHeight; }""")
        # The fact's "From" end links to the highlight of that entity.
        row.locator("td.end a").first.click()
        assert v.page.evaluate("location.hash") == "#ent-4"
        v.assert_clean()


def test_hostile_names_run_nothing(browser: Any, tmp_path: Path) -> None:
    evil = "<img src=x onerror=\"window.__kgPwned=1\"><script>window.__kgPwned=1</script>"
    text = f"Minutes\nCllr {evil} chaired the Board.\nSee https://example.org/track.png\n"
    doc = Document.from_text("evil.txt", text)
    c = Cite("evil.txt", 2, doc.line_text(2))
    ex = Extraction(DocInfo("evil.txt", doc.sha256),
                    mentions=[Mention("Person", evil, c, aliases=['"><svg onload=window.__kgPwned=1>'])],
                    facts=[Fact("MEMBER_OF", Ref("Person", evil), Ref("Board", "</table><script>x</script>"), c)])
    out = tmp_path / "evil.html"
    out.write_text(explain_html(doc, ex), encoding="utf-8")
    with visit(browser, out) as v:
        marks = shown_marks(v)
        assert [m["text"] for m in marks] == [evil]          # shown as text
        assert v.page.evaluate("window.__kgPwned") is None
        assert v.page.evaluate("document.querySelectorAll('img, svg, script, iframe').length") == 0
        v.assert_clean()


def test_sample_paper_through_the_cli(browser: Any, tmp_path: Path) -> None:
    src = CORPUS / "001_6c4d9bdf2bb078e0.txt"
    out = tmp_path / "001.html"
    res = CliRunner().invoke(app, ["explain", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    with visit(browser, out) as v:
        n = v.page.locator("mark.entity").count()
        assert n > 100
        first = v.page.locator("mark.entity").first
        assert first.is_visible() and first.get_attribute("title")
        labels = set(v.page.evaluate(
            "() => Array.from(document.querySelectorAll('mark.entity'), m => m.dataset.label)"))
        assert {"Board", "Organisation", "Person"} <= labels
        # every fact's citation points at a line anchor that exists
        missing = v.page.evaluate("""() => Array.from(document.querySelectorAll('td.cite a'))
            .map(a => a.getAttribute('href')).filter(h => !document.getElementById(h.slice(1)))""")
        assert missing == []
        assert v.page.locator("#facts td.cite a").count() == v.page.locator("#facts tr[data-type]").count() > 50
        v.assert_clean()
