"""The PDF loader on agenda packs made by a real generator (reportlab, see ``paper_render.py``).

Two corpus papers are set as A4 packs with bordered tables (header row repeated on each page),
a running header and a ``Page N`` footer, justified text hyphenated at line ends, struck-through
text and 25 blocks on two-column pages; the tests compare what kg reads back with the corpus
text the packs were made from. A scanned page is made by rasterising a generated page.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from format_helpers import SMALL_PAPERS, TABLE_PAPERS, extracted, loaded
from paper_render import HEADER_TITLE, blocks, plain, rendered, scratch, to_pdf, two_column_span
from pypdf import PdfReader, PdfWriter

from kg.extract import extract
from kg.loaders import LoadError, load, pdflayout, pdfpage
from kg.loaders import ocr as ocr_module
from kg.loaders.base import Document
from kg.loaders.pdflayout import join_lines

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _squash(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def _paper(stem: str) -> list:  # type: ignore[type-arg]
    return blocks((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", TABLE_PAPERS)
def test_tables_come_back_as_tab_rows_header_first(stem: str) -> None:
    rows = ["\t".join(plain(c).replace("\n", " ") for c in row)
            for b in _paper(stem) if b.kind == "table" for row in b.rows]
    assert len(rows) > 100
    lines = [line.replace("**", "") for line in loaded(stem, "pdf").text.split("\n")]
    have = set(lines)
    missing = [r for r in rows if r not in have]
    # a cell wrapped over up to six lines of a narrow column may still read a word apart; no more
    assert len(missing) <= 0.025 * len(rows), missing[:3]
    # each table's header row comes first, right above the first data row, and only once even where
    # the table runs over pages (the pack repeats it at the top of each page)
    tables = [b for b in _paper(stem) if b.kind == "table" and len(b.rows) > 2]
    checked = 0
    for t in tables:
        header, first = ("\t".join(plain(c).replace("\n", " ") for c in t.rows[i]) for i in (0, 1))
        if header in have and first in have:
            checked += 1
            assert any(lines[i] == header and lines[i + 1] == first for i in range(len(lines) - 1)), header
    assert checked >= 0.9 * len(tables)
    headers = ["\t".join(plain(c).replace("\n", " ") for c in t.rows[0]) for t in tables]
    for h in set(headers):
        assert lines.count(h) <= sum(1 for r in rows if r == h), h


def test_allocation_table_columns_are_kept() -> None:
    """The CSP allocations table of the panel pack: area, allocation, expenditure, remaining."""
    lines = loaded("004_b24730b53cda192b", "pdf").text.split("\n")
    i = lines.index("CSP Area\t2025-26 Allocations\t2025-26 Expenditure\t2025-26 Remaining CSP Balance")
    assert lines[i + 1] == "Leicester\t£271,818.47\t£236,492.47\t£35,326.00"
    assert lines[i + 2] == "Charnwood\t£89,530.24\t£89,530.24\tNil"
    assert "Oadby and Wigston\t£32,554.58\tNil\t£32,554.58" in lines[i:i + 10]


@pytest.mark.parametrize("stem", TABLE_PAPERS)
def test_two_column_pages_read_left_column_then_right(stem: str) -> None:
    paper = _paper(stem)
    start, end = two_column_span(paper)
    paras = [_squash(plain(b.text)) for b in paper[start:end]
             if b.kind in ("para", "item") and len(plain(b.text)) > 80]
    assert len(paras) >= 3
    text = _squash(loaded(stem, "pdf").text)
    positions = [text.find(p) for p in paras]
    assert -1 not in positions, [p[:60] for p, pos in zip(paras, positions, strict=True) if pos == -1]
    assert positions == sorted(positions)      # in the order written: down the left column, then the right


@pytest.mark.parametrize("stem", TABLE_PAPERS)
def test_running_header_footer_and_page_numbers_are_dropped(stem: str) -> None:
    doc = loaded(stem, "pdf")
    assert doc.page_starts is not None and len(doc.page_starts) > 20
    raw = PdfReader(str(rendered(stem, "pdf"))).pages[3].extract_text()
    assert HEADER_TITLE in raw and "Page 4" in raw        # the pack does carry them
    assert HEADER_TITLE not in doc.text
    assert not [line for line in doc.text.split("\n") if re.fullmatch(r"Page \d+", line)]


@pytest.mark.parametrize("stem", TABLE_PAPERS)
def test_words_hyphenated_at_line_ends_are_whole_again(stem: str) -> None:
    pdf = pdfium.PdfDocument(str(rendered(stem, "pdf")))
    breaks = sum(page.get_textpage().get_text_range().count("\ufffe") for page in pdf)
    pdf.close()
    assert breaks > 50                    # the pack is hyphenated at many line ends
    source_words = set(re.findall(r"[A-Za-z]+", (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")))
    text = loaded(stem, "pdf").text
    strange = {w for w in re.findall(r"[A-Za-z]+", text) if w not in source_words}
    # a word broken at a line end and not repaired leaves a fragment no source word is ("Independ")
    assert len(strange) <= 3, sorted(strange)


def test_module_examples() -> None:
    for module in (pdflayout, pdfpage):
        result = doctest.testmod(module)
        assert result.attempted and result.failed == 0, module.__name__


def test_join_lines_keeps_real_hyphens() -> None:
    assert join_lines(["a well-", "being plan for the Partner-", "ship"], {"well-being"}) == \
        "a well-being plan for the Partnership"
    assert join_lines(["the Co-", "Opted member"], set()) == "the Co-Opted member"
    assert join_lines(["~~County Council", "Assistant Director~~"], set()) == "~~County Council Assistant Director~~"


def test_struck_through_text_is_marked() -> None:
    text = loaded("001_6c4d9bdf2bb078e0", "pdf").text
    lines = text.split("\n")
    assert "~~National~~ Probation Service" in lines
    assert "~~County Council Assistant Director, Education and Early Help *~~" in lines
    struck = re.findall(r"~~(.+?)~~", text)
    source = re.findall(r"~~(.+?)~~", (CORPUS / "001_6c4d9bdf2bb078e0.txt").read_text(encoding="utf-8"))
    assert [_squash(s.replace("\\*", "*")) for s in source] == [_squash(s) for s in struck]


def test_bold_runs_inside_words_are_marked_where_the_weight_changes() -> None:
    """A bold run that starts or ends inside a word as PDFium splits words ("(**Figure 2**).",
    "**2.4**:", "**page 30**.") is marked character by character, as the source writes it: a
    period inside the marks ("(Figure **2).**") would hide where the sentence ends."""
    glued = re.compile(r"\*\*[^*]+\*\*[^\s*]|[^\s*]\*\*[^*]+\*\*")
    checked = 0
    for stem in ("003_17a03087425552dd", "004_b24730b53cda192b"):
        written = [b.text for b in _paper(stem)
                   if b.kind in ("para", "item") and "\n" not in b.text and glued.search(b.text)]
        lines = set(loaded(stem, "pdf").text.split("\n"))
        assert [w[:80] for w in written if w not in lines] == []
        checked += len(written)
    assert checked >= 10


def test_bold_changing_inside_a_word_drawn_glyph_by_glyph() -> None:
    """A line whose glyphs are drawn one by one (each its own text object, as some converters
    write them), the weight changing inside words: marked where it changes."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    path = scratch("glyphs.pdf")
    c = canvas.Canvas(str(path))
    x = 60.0
    for part, font in (("The plan (", "Helvetica"), ("Figure 2", "Helvetica-Bold"), ("). Next ", "Helvetica"),
                       ("4.1", "Helvetica-Bold"), (": done", "Helvetica")):
        for ch in part:
            c.setFont(font, 11)
            c.drawString(x, 700, ch)
            x += stringWidth(ch, font, 11)
    c.showPage()
    c.save()
    assert load(path).text.strip() == "The plan (**Figure 2**). Next **4.1**: done"


@pytest.mark.slow
@pytest.mark.parametrize("stem", TABLE_PAPERS + SMALL_PAPERS)
def test_every_citation_names_the_page_its_quote_is_on(stem: str) -> None:
    """Each quote lies on the page its citation names: it ends on that page in the loaded text, and
    its words are in that page's text read from the PDF itself (PDFium's text of that page alone).
    A span that runs over a page break (a contact block whose name ends a page, a report heading
    above the break and its date below) is quoted up to the page start."""
    ex = extracted(stem, "pdf")
    doc = loaded(stem, "pdf")
    pdf = pdfium.PdfDocument(str(rendered(stem, "pdf")))
    pages = []
    for page in pdf:
        raw = page.get_textpage().get_text_range().replace("\ufffe", "").replace("\x02", "")
        pages.append(re.sub(r"[^a-z0-9£]", "", raw.lower()))
    pdf.close()
    cites = [f.cite for f in ex.facts] + [m.cite for m in ex.mentions]
    assert len(ex.facts) > (100 if stem in TABLE_PAPERS else 9)
    wrong = []
    for c in cites:
        assert c.page is not None and 1 <= c.page <= len(pages)
        start = doc.text.find(c.text, doc.line_starts[c.line - 1])
        assert start >= 0 and doc.locate(start) == (c.line, c.page)
        words = [re.sub(r"[^a-z0-9£]", "", w.lower()) for w in c.text.split()]
        off = [w for w in words if w and w not in pages[c.page - 1]]
        if off or doc.locate(start + len(c.text) - 1)[1] != c.page:
            wrong.append((c.page, off, c.text[:80]))
    assert wrong == []


def test_a_quote_stops_at_the_page_start() -> None:
    """A contact block set over a page break: the name ends page 1, the job title starts page 2.
    The role is still read; its quote and the person's are the name, on page 1."""
    lines = ["Contact officer", "", "Jo Bloggs", "", "Head of Community Safety",
             "Westshire County Council", "01632 960000", "jo.bloggs@example.gov.uk"]
    first = "\n".join(lines[:4]) + "\n"
    doc = Document.from_text("contact.pdf", first + "\n".join(lines[4:]) + "\n",
                             page_starts=[0, len(first)])
    ex = extract(doc)
    roles = [f for f in ex.facts if f.type == "HOLDS_ROLE" and f.start.name == "Jo Bloggs"]
    assert roles and roles[0].props.get("title") == "Head of Community Safety"
    people = [m for m in ex.mentions if m.name == "Jo Bloggs"]
    assert people
    for c in [f.cite for f in roles] + [m.cite for m in people]:
        assert (c.page, c.text.replace("**", "")) == (1, "Jo Bloggs")
    # the same text without pages (TXT) quotes the whole block
    whole = extract(Document.from_text("contact.txt", doc.text))
    assert any("Community Safety" in f.cite.text for f in whole.facts if f.type == "HOLDS_ROLE")


def _short_paper(tmp_name: str, scanned: bool) -> Path:
    paper = _paper("000_0b54970cb6e1f35d")[:22]
    return to_pdf(paper, scratch(tmp_name), title=HEADER_TITLE, scanned=scanned)


@pytest.mark.slow
def test_a_scanned_page_is_read_with_ocr_and_cited_as_such() -> None:
    if ocr_module.available() is None:
        pytest.skip("Tesseract is not installed (scripts/install.sh installs Debian's tesseract-ocr)")
    text_pdf = _short_paper("typed.pdf", scanned=False)
    scan_pdf = _short_paper("scan.pdf", scanned=True)
    writer = PdfWriter()               # a pack whose second page is a scan of the first
    writer.append(str(text_pdf), pages=(0, 1))
    writer.append(str(scan_pdf), pages=(0, 1))
    mixed = scratch("mixed.pdf")
    with open(mixed, "wb") as fh:
        writer.write(fh)
    doc = load(mixed)
    assert doc.ocr_pages == [2]
    assert any("read by OCR" in w for w in doc.warnings)
    assert doc.page_starts is not None
    typed = doc.text[:doc.page_starts[1]]
    scanned = doc.text[doc.page_starts[1]:]
    words = set(re.findall(r"[a-z]{4,}", typed.lower()))
    got = set(re.findall(r"[a-z]{4,}", scanned.lower()))
    assert len(words) > 60 and len(words & got) >= 0.9 * len(words)
    i = doc.text.index("Purpose of", doc.page_starts[1])
    assert doc.cite(i).startswith("page 2, line ") and doc.cite(i).endswith("(OCR)")
    assert not doc.cite(doc.text.index("Purpose of")).endswith("(OCR)")
    # what extraction reads from the scanned page says so in its citation; the typed page does not
    cites = [f.cite for f in extract(doc).facts]
    assert {c.ref().endswith("(OCR)") for c in cites if c.page == 2} == {True}
    assert {c.ref().endswith("(OCR)") for c in cites if c.page == 1} == {False}


def test_without_ocr_a_scan_gets_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_OCR", "off")
    scan_pdf = _short_paper("scan-off.pdf", scanned=True)
    with pytest.raises(LoadError) as info:
        load(scan_pdf)
    assert str(info.value) == "PDF has no text layer (scanned?); OCR is turned off (KG_OCR=off)"
    monkeypatch.setenv("KG_OCR", "on")
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    with pytest.raises(LoadError) as info:
        load(scan_pdf)
    assert str(info.value) == ("PDF has no text layer (scanned?); install Tesseract to read scans with OCR "
                               "(Debian: apt-get install tesseract-ocr)")


def test_a_libreoffice_pdf_keeps_items_and_table_rows() -> None:
    """The agenda and attendance of ``tests/fixtures/docs/minutes.pdf`` (LibreOffice's PDF export of
    lines 1-200 of the board's pack): numbered items each a line, attendance tables as TAB rows."""
    lines = load(Path(__file__).resolve().parent / "fixtures" / "docs" / "minutes.pdf").text.split("\n")
    source = (CORPUS / "001_6c4d9bdf2bb078e0.txt").read_text(encoding="utf-8").split("\n")[:200]
    items = [plain(s) for s in source if re.match(r"\d+\. ", s) and len(s) < 90]
    assert len(items) >= 15
    assert [i for i in items if i not in lines] == []
    rows = [s for s in source if "\t" in s][:8]
    assert [r for r in rows if r not in lines] == []
