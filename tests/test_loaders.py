"""Loaders end to end on real files made by real tools (see scripts/make_fixtures.sh).

The fixtures are a slice of a corpus paper (agenda and start of the minutes) turned
into DOCX, PDF and HTML by LibreOffice, and a funding table turned into Windows-1252
text by iconv. The tests compare what kg reads back with the corpus source text.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kg.loaders import SUPPORTED_SUFFIXES, Document, LoadError, discover, load
from kg.loaders.dates import parse_date
from kg.loaders.htmlfile import html_to_text
from kg.loaders.meta import clean_line, guess_date, guess_title

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "tests" / "fixtures" / "docs"
SOURCE = ROOT / "examples" / "corpus" / "001_6c4d9bdf2bb078e0.txt"
SLICE = (1, 200)          # lines of SOURCE in minutes.* (see make_fixtures.sh)
ALLOC_SLICE = (405, 440)  # lines of SOURCE in allocations-*.txt


def _norm(s: str) -> str:
    return " ".join(s.split())


def _source_lines(first: int, last: int) -> list[str]:
    return SOURCE.read_text(encoding="utf-8").split("\n")[first - 1:last]


def _source_sentences() -> list[str]:
    """The prose lines of the slice, cleaned of Markdown: each must come back from every format."""
    return [clean_line(line) for line in _source_lines(*SLICE)
            if "\t" not in line and len(clean_line(line)) >= 30]


@pytest.mark.parametrize("name,fmt", [("minutes.pdf", "pdf"), ("minutes.docx", "docx"),
                                      ("minutes.html", "html")])
def test_every_sentence_of_the_source_comes_back(name: str, fmt: str) -> None:
    doc = load(DOCS / name)
    assert doc.format == fmt
    assert doc.id == name
    text = _norm(doc.text)
    sentences = _source_sentences()
    assert len(sentences) > 50
    missing = [s for s in sentences if _norm(s) not in text]
    assert missing == []


@pytest.mark.parametrize("name", ["minutes.pdf", "minutes.docx", "minutes.html"])
def test_title_and_date_of_each_format(name: str) -> None:
    doc = load(DOCS / name)
    assert doc.date == "2026-06-25"       # "Thursday, 25 June 2026 at 10.00 am" under the heading
    assert doc.title.upper() == "LEICESTERSHIRE AND RUTLAND SAFER COMMUNITIES STRATEGY BOARD"


@pytest.mark.parametrize("name", ["minutes.pdf", "minutes.docx", "minutes.html"])
def test_locate_points_at_the_line_holding_the_text(name: str) -> None:
    doc = load(DOCS / name)
    for needle in ("Welcome and introductions.", "Mr. C. Pugsley CC (in the Chair)",
                   "The Chairman welcomed everyone to the meeting"):
        offset = doc.text.index(needle)
        line, _page = doc.locate(offset)
        assert needle in doc.line_text(line)
        assert doc.line_starts[line - 1] <= offset


def test_pdf_pages_are_cited() -> None:
    doc = load(DOCS / "minutes.pdf")
    assert doc.page_starts is not None and len(doc.page_starts) == 6
    # LibreOffice put the agenda on page 1 and the attendance list (PRESENT) on page 2
    assert doc.locate(doc.text.index("Welcome and introductions."))[1] == 1
    assert doc.locate(doc.text.index("Mr. C. Pugsley CC (in the Chair)"))[1] == 2
    assert doc.locate(len(doc.text) - 1)[1] == 6
    # each page's text starts exactly at its offset
    assert doc.text[doc.page_starts[1]:].startswith("## PRESENT")      # a heading: larger type


def test_formats_without_pages_cite_no_page() -> None:
    for name in ("minutes.docx", "minutes.html", "allocations-cp1252.txt"):
        doc = load(DOCS / name)
        assert doc.page_starts is None
        assert doc.locate(10)[1] is None


def test_text_file_lines_match_the_file() -> None:
    doc = load(DOCS / "allocations-utf8-bom.txt")
    source = _source_lines(*ALLOC_SLICE)
    assert doc.text.split("\n")[: len(source)] == source   # BOM gone, every line where it was
    index = next(i for i, line in enumerate(source) if "£271,818.47" in line)
    assert doc.locate(doc.text.index("£271,818.47")) == (index + 1, None)


def test_windows_1252_pound_sign_and_crlf() -> None:
    raw = (DOCS / "allocations-cp1252.txt").read_bytes()
    assert b"\xa3271,818.47" in raw and b"\r\n" in raw     # really Windows-1252 with CRLF
    doc = load(DOCS / "allocations-cp1252.txt")
    assert "Leicester\t£271,818.47\t£76,546.00" in doc.text
    assert "\r" not in doc.text
    assert "1<sup>st</sup> January 2026 – 31<sup>st</sup> March 2026" in doc.text   # en dash 0x96
    # same text as the UTF-8 copy of the same lines
    assert doc.text == load(DOCS / "allocations-utf8-bom.txt").text
    assert doc.sha256 != load(DOCS / "allocations-utf8-bom.txt").sha256     # hash is of the bytes


def test_utf8_with_a_stray_windows_1252_byte(tmp_path: Path) -> None:
    p = tmp_path / "mixed.txt"
    p.write_bytes("Café budget – ".encode() + b"\xa35,000\n")
    assert load(p).text == "Café budget – £5,000\n"


def test_utf16_text_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "export.txt"
    p.write_bytes("Total: £12\r\n".encode("utf-16"))
    assert load(p).text == "Total: £12\n"


def test_markdown_suffix_and_old_mac_line_ends(tmp_path: Path) -> None:
    p = tmp_path / "notes.MD"
    p.write_bytes(b"# Notes\rDate: 3rd May 2024\r")
    doc = load(p)
    assert doc.format == "markdown"
    assert doc.text == "# Notes\nDate: 3rd May 2024\n"
    assert (doc.title, doc.date) == ("Notes", "2024-05-03")


def test_docx_keeps_structure() -> None:
    doc = load(DOCS / "minutes.docx")
    lines = doc.text.split("\n")
    assert "## LEICESTERSHIRE AND RUTLAND SAFER COMMUNITIES STRATEGY BOARD" in lines
    assert "### PRESENT" in lines
    assert "#### 41. LRSCSB Action Log" in lines
    # Word's automatic numbering is rebuilt, continuing across the split list (11. follows 10.)
    assert "4. LRSCSB Action Log (Pages 11 - 12)" in lines
    assert "11. Gambling Related Harms. (Pages 89 - 94)  " in lines     # a manual line break follows
    # a manual line break inside the item stays a line break: Markdown's hard break, as in the source
    i = lines.index("6. Terms of Reference review. (Pages 13 - 20)  ")
    assert lines[i + 1].startswith("Euan Walters, Senior Democratic Services Officer")
    # table rows are TAB-separated cells, in body order after their heading
    row = "Cllr. S. Butcher\tCommunity Safety Partnership Strategy Group Chair – Melton Borough Council"
    assert row in lines
    assert lines.index("### PRESENT") < lines.index(row) < lines.index("### Officers")


def test_html_keeps_structure() -> None:
    doc = load(DOCS / "minutes.html")
    lines = doc.text.split("\n")
    assert "## LEICESTERSHIRE AND RUTLAND SAFER COMMUNITIES STRATEGY BOARD" in lines
    assert "### Apologies for absence" in lines
    assert "Wendy Hope\tIntegrated Care Board" in lines
    assert "17. Date of the next meeting  " in lines      # a manual line break follows, as in the source
    assert "{" not in doc.text     # the <style> block is gone
    assert doc.title == "Leicestershire and Rutland Safer Communities Strategy Board"   # <title>


def test_html_drops_scripts_and_navigation_and_keeps_lines() -> None:
    page = b"""<html><head><title>Agenda - Example Council</title><style>p{color:red}</style></head>
    <body><nav><ul><li>Home</li><li>Meetings</li></ul></nav><div role="navigation">Skip to content</div>
    <script>var tracking = 1;</script><h1>Cabinet</h1><h2>Agenda</h2>
    <p>Venue: Council Chamber<br>Town Hall</p>
    <ol start="3"><li>Minutes</li><li><p>Budget</p><ul><li>Capital</li></ul></li></ol>
    <table><thead><tr><th>Member</th><th>Role</th></tr></thead>
    <tbody><tr><td>Cllr A. Jones</td><td>Chair<br>Leader</td></tr><tr><td></td><td></td></tr></tbody></table>
    <pre>  kept   as is</pre><!-- a comment --></body></html>"""
    text = html_to_text(page)
    assert text == ("# Cabinet\n\n## Agenda\n\nVenue: Council Chamber  \nTown Hall\n\n"
                    "3. Minutes\n4. Budget\n  - Capital\n\nMember\tRole\nCllr A. Jones\tChair Leader\n\n"
                    "  kept   as is\n")


def test_html_title_falls_back_to_h1_and_encoding_from_meta(tmp_path: Path) -> None:
    p = tmp_path / "page.htm"
    p.write_bytes(b'<html><head><meta charset="windows-1252"></head><body><h1>Grants \xa3 2024</h1>'
                  b"<p>Date: 20/04/2023</p></body></html>")
    doc = load(p)
    assert (doc.title, doc.date, doc.format) == ("Grants £ 2024", "2023-04-20", "html")


def test_html_date_from_the_page_title_when_the_text_has_none(tmp_path: Path) -> None:
    p = tmp_path / "agenda.html"
    p.write_text("<html><head><title>Agenda for Cabinet on Tuesday, 23 June 2026, 2.00 pm</title></head>"
                 "<body><h1>Cabinet</h1><p>Apologies for absence.</p></body></html>", encoding="utf-8")
    doc = load(p)
    assert (doc.date, doc.title) == ("2026-06-23", "Agenda for Cabinet on Tuesday, 23 June 2026, 2.00 pm")


def test_deeply_nested_html_loads(tmp_path: Path) -> None:
    p = tmp_path / "deep.html"
    p.write_text("<div>" * 5000 + "deep text" + "</div>" * 5000, encoding="utf-8")
    assert load(p).text == "deep text\n"


def test_encrypted_pdf_with_empty_user_password_opens() -> None:
    doc = load(DOCS / "encrypted-no-user-password.pdf")
    assert doc.text == load(DOCS / "minutes.pdf").text


def test_large_text_file_memory(tmp_path: Path) -> None:
    """A big export loads with a bounded number of copies of the text (no per-line objects)."""
    import tracemalloc

    block = SOURCE.read_bytes().replace(b"\n", b"\r\n")
    p = tmp_path / "big.txt"
    with p.open("wb") as f:
        for _ in range(12_000_000 // len(block) + 1):
            f.write(block)
    size = p.stat().st_size
    tracemalloc.start()
    try:
        doc = load(p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(doc.line_starts) == doc.text.count("\n") + 1
    # the file's bytes, one CRLF-normalised copy of them, the text (up to 4 bytes a character:
    # the source has an emoji) and the line offsets; a copy per line would be far more
    text_bytes = sys.getsizeof(doc.text)
    assert peak < 2 * size + 2 * text_bytes, f"peak {peak / 1e6:.0f} MB, text {text_bytes / 1e6:.0f} MB"


# ---- dates and titles ------------------------------------------------------------------------


@pytest.mark.parametrize("text,iso", [
    ("26 March 2026", "2026-03-26"),
    ("26th March 2026", "2026-03-26"),
    ("Thursday 26 March 2026", "2026-03-26"),
    ("THURSDAY, 20TH APRIL 2023", "2023-04-20"),
    ("26th of March, 2026", "2026-03-26"),
    ("Sept 3 2025", "2025-09-03"),
    ("March 2026", "2026-03"),
    ("26/03/2026", "2026-03-26"),
    ("6/3/26", "2026-03-06"),
    ("26.03.26", "2026-03-26"),
    ("2026-03-26", "2026-03-26"),
    ("25<sup>th</sup> June 2026", "2026-06-25"),
])
def test_parse_date_forms(text: str, iso: str) -> None:
    found = parse_date(f"Held on {text}, as agreed.")
    assert [d[2] for d in found] == [iso]
    start, end, _ = found[0]
    assert f"Held on {text}, as agreed."[start:end].endswith(text.split()[-1].rstrip(","))


@pytest.mark.parametrize("text", ["2025/26 budget", "paragraph 3.1.20", "31 February 2026", "Tel 0116 305 0183",
                                  "the plan 2023-26", "you may 2026", "version 1.2.2026", "item 12/2"])
def test_parse_date_ignores_non_dates(text: str) -> None:
    assert parse_date(text) == []


def test_parse_date_shared_month_and_spans() -> None:
    text = "Minutes of 4 and 12 February 2026; Item 5 and 7 March 2026."
    found = parse_date(text)
    assert [(text[s:e], iso) for s, e, iso in found] == [
        ("4", "2026-02-04"), ("12 February 2026", "2026-02-12"), ("7 March 2026", "2026-03-07")]


@pytest.mark.parametrize("text,iso", [
    ("Agenda Item 4\n\n25 JUNE 2026\n\nASB ACTION PLAN\n", "2026-06-25"),
    ("## **BOARD**\n\n**Thursday, 25 June 2026 at 10.00 am**\n", "2026-06-25"),
    ("COUNCIL REPORT\nDate: 20th April 2023\nOn 1 May 2022 we met.", "2023-04-20"),
    ("Meeting of the Panel\n20/04/2023\n", "2023-04-20"),
    ("Annual report\n\nThe plan was published on 1 April 2026 after consultation.\n", None),
    ("Plan 2026-2029\n\nMarch 2026\n", None),       # month only: not a day the paper states
])
def test_guess_date(text: str, iso: str | None) -> None:
    assert guess_date(text) == iso


def test_guess_date_prefers_the_top() -> None:
    text = "AGENDA\n\n" + "Some text.\n" * 100 + "Date: 1 May 2024\n"
    assert guess_date(text) is None


@pytest.mark.parametrize("text,title", [
    ("\n\n## **SAFER COMMUNITIES BOARD**\n\nText.", "SAFER COMMUNITIES BOARD"),
    ("Page 1\n\n25 June 2026\n\n**Terms of Reference**\n", "Terms of Reference"),
    ("Meeting: **Police and Crime Panel**\nDate/Time: Tuesday, 23 June 2026", "Police and Crime Panel"),
    ("HOUSING\nSTRATEGY BOARD\n\nReport", "HOUSING STRATEGY BOARD"),
    ("", ""),
])
def test_guess_title(text: str, title: str) -> None:
    assert guess_title(text) == title


def test_document_from_text_keeps_the_contract() -> None:
    d = Document.from_text("x.txt", "Title line\nsecond\n", path="x.txt")
    assert (d.id, d.title, d.format, d.line_starts, d.page_starts) == ("x.txt", "Title line", "text",
                                                                      [0, 11, 18], None)
    assert d.locate(12) == (2, None) and d.line_text(2) == "second"
    assert Document.from_text("y.txt", "...").title == "y"     # nothing title-like: the file stem


# ---- discover --------------------------------------------------------------------------------


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / "a" / "2.pdf").write_bytes(b"%PDF-1.4")
    (root / "a" / "1.txt").write_text("x")
    (root / "b" / "page.HTML").write_text("<p>x</p>")
    (root / "b" / "sheet.xlsx").write_bytes(b"PK")
    (root / "b" / ".hidden.txt").write_text("x")
    (root / ".git").mkdir()
    (root / ".git" / "config.txt").write_text("x")
    (root / "b" / "~$draft.docx").write_bytes(b"lock")
    (root / "z.docx").write_bytes(b"PK")


def test_discover_walks_sorted_and_skips(tmp_path: Path) -> None:
    _tree(tmp_path)
    skipped: list[Path] = []
    found = list(discover([tmp_path], skipped=skipped))
    assert [(p.relative_to(tmp_path).as_posix(), err) for p, err in found] == [
        ("a/1.txt", None), ("a/2.pdf", None), ("b/page.HTML", None), ("z.docx", None)]
    assert [p.name for p in skipped] == ["sheet.xlsx"]
    assert list(discover([tmp_path])) == found       # deterministic


def test_discover_explicit_files_and_errors(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = list(discover([tmp_path / "b" / "sheet.xlsx", tmp_path / "missing.txt",
                           tmp_path / "a" / "1.txt", tmp_path / "a" / "1.txt", tmp_path / "b" / ".hidden.txt"]))
    assert [(p.name, err) for p, err in found] == [
        ("sheet.xlsx", "unsupported file type '.xlsx' (save the sheet as PDF or HTML)"),
        ("missing.txt", "no such file or folder"),
        ("1.txt", None),                    # given twice, yielded once
        (".hidden.txt", None),              # asked for by name: not skipped
    ]


def test_discover_symlink_loop_terminates_and_reports_once(tmp_path: Path) -> None:
    _tree(tmp_path)
    os.symlink(tmp_path, tmp_path / "a" / "loop")               # a/loop -> root
    os.symlink(tmp_path / "a" / "1.txt", tmp_path / "b" / "link-to-1.txt")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "b" / "broken.txt")
    os.symlink("self.txt", tmp_path / "b" / "self.txt")          # points at itself
    found = list(discover([tmp_path]))
    errors = [(p.relative_to(tmp_path).as_posix(), err) for p, err in found if err]
    assert errors[0][0] == "a/loop" and errors[0][1].startswith("symbolic link loop")
    assert [e[0] for e in errors] == ["a/loop", "b/broken.txt", "b/self.txt"]
    assert errors[1][1] == "broken symbolic link"
    ok = [p.relative_to(tmp_path).as_posix() for p, err in found if err is None]
    assert ok == ["a/1.txt", "a/2.pdf", "b/page.HTML", "z.docx"]   # the linked copy of 1.txt: once


def test_discover_then_load_the_fixture_folder() -> None:
    results = {}
    for path, err in discover([DOCS]):
        assert err is None
        try:
            results[path.name] = load(path).format
        except LoadError as exc:
            results[path.name] = "error: " + str(exc)
    assert results["minutes.pdf"] == "pdf" and results["minutes.docx"] == "docx"
    assert results["empty.txt"] == "error: empty file"
    assert all(Path(name).suffix.lower() in SUPPORTED_SUFFIXES for name in results)
