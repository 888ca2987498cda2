"""Word documents and council web pages as the loader contract's text.

The Word documents are made here with python-docx (merged cells, page headers and footers over
several sections, a tracked deletion and insertion written as Word writes them); the web pages are
checked in (``tests/fixtures/pages``): a committee-system meeting page laid out as the common
``ModernGov`` pages are (agenda items in a layout table, linked documents, an attendance table,
a cookie banner, site header, breadcrumb and footer) and an ordinary page with a grants table.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from kg.extract import extract
from kg.loaders import load

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def _grants_docx(path: Path) -> Path:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Northshire Community Safety Partnership\tOFFICIAL"
    d.sections[0].footer.paragraphs[0].text = "Democratic Services, County Hall"
    d.add_heading("Community Safety Fund 2025/26", level=1)
    p = d.add_paragraph("The grant of ")
    # a tracked change as Word writes it: the old amount deleted, the new one inserted
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="Officer" w:date="2026-03-01T10:00:00Z">'
                          '<w:r><w:delText>£5,000</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="Officer" w:date="2026-03-01T10:00:00Z">'
                          '<w:r><w:t xml:space="preserve"> £7,500</w:t></w:r></w:ins>'))
    p.add_run(" to Eastvale Youth Trust was approved.")
    t = d.add_table(rows=5, cols=3)
    t.style = "Table Grid"
    cells = [["Recipient", "Project", "Amount"],
             ["Eastvale Council", "CCTV upgrade", "£20,000"],
             ["", "Street lighting", "£6,000"],
             ["Westmoor Women's Aid", "Refuge outreach", "£18,500"],
             ["Total", "", "£44,500"]]
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            if value:
                t.cell(r, c).text = value
    t.cell(1, 0).merge(t.cell(2, 0))      # one council for two projects: merged down
    t.cell(4, 0).merge(t.cell(4, 1))      # the total row: merged across
    t.cell(4, 0).text = "Total"
    for _ in range(2):                    # more sections: the first linked to the header above ...
        d.add_section(WD_SECTION.NEW_PAGE)
        d.add_paragraph("The Partnership will review the grants in March 2027.")
    last = d.sections[-1]                 # ... the last with a header of its own
    last.header.is_linked_to_previous = False
    last.header.paragraphs[0].text = "Appendix A: monitoring returns"
    d.save(str(path))
    return path


def test_docx_merged_cells_keep_their_columns(tmp_path: Path) -> None:
    lines = load(_grants_docx(tmp_path / "grants.docx")).text.split("\n")
    i = lines.index("Recipient\tProject\tAmount")
    assert lines[i + 1:i + 5] == [
        "Eastvale Council\tCCTV upgrade\t£20,000",
        "Eastvale Council\tStreet lighting\t£6,000",      # merged down: each row names its council
        "Westmoor Women's Aid\tRefuge outreach\t£18,500",
        "Total\t\t£44,500",                               # merged across: the amount stays in its column
    ]


def test_docx_headers_and_footers_once_after_the_body(tmp_path: Path) -> None:
    doc = load(_grants_docx(tmp_path / "grants.docx"))
    lines = doc.text.split("\n")
    assert lines.count("Northshire Community Safety Partnership OFFICIAL") == 1
    assert lines.count("Democratic Services, County Hall") == 1
    assert lines.count("Appendix A: monitoring returns") == 1
    body_end = max(i for i, line in enumerate(lines) if "review the grants" in line)
    assert lines.index("Northshire Community Safety Partnership OFFICIAL") > body_end
    assert doc.title == "Community Safety Fund 2025/26"      # the header is not taken for the title


def test_docx_tracked_deletion_is_struck_through(tmp_path: Path) -> None:
    doc = load(_grants_docx(tmp_path / "grants.docx"))
    assert "The grant of ~~£5,000~~ £7,500 to Eastvale Youth Trust was approved." in doc.text.split("\n")


def test_committee_meeting_page() -> None:
    doc = load(PAGES / "moderngov-meeting.html")
    assert (doc.title, doc.date) == ("Agenda for Cabinet on Tuesday, 23 June 2026, 2.00 pm - Northshire County "
                                     "Council", "2026-06-23")
    lines = doc.text.split("\n")
    # agenda items: the layout table read as numbered items, their minutes and linked documents
    assert "1. Apologies for absence" in lines
    assert "2. Community Safety Fund allocations 2026/27" in lines
    assert "Apologies for absence were received from Councillor Priya Gill." in lines
    assert "- Community Safety Fund allocations report PDF 310 KB" in lines
    assert "- Printed minutes 23rd-Jun-2026 14.00 Cabinet PDF 245 KB" in lines
    assert lines.index("1. Apologies for absence") < lines.index("2. Community Safety Fund allocations 2026/27")
    # attendance: a data table, header row first
    i = lines.index("Attendee\tRole\tAttendance")
    assert lines[i + 1:i + 5] == ["Councillor Alex Archer\tChair\tPresent",
                                  "Councillor Helen Baxter\tVice-Chair\tPresent",
                                  "Councillor Priya Gill\tCommittee Member\tApologies",
                                  "Sam Ellis\tOfficer\tIn attendance"]
    # page furniture is gone: cookie banner, skip link, site header and search, breadcrumb, footer
    for furniture in ("cookies", "Cookies", "Skip to main content", "Jobs", "Search", "Home", "Accessibility",
                      "_gaq", "©"):
        assert furniture not in doc.text, furniture


def test_ordinary_page_with_a_table_gives_its_grants() -> None:
    doc = load(PAGES / "grants-page.html")
    lines = doc.text.split("\n")
    assert lines[0] == "# Community Safety Fund grants 2025/26"
    i = lines.index("Recipient\tProject\tAmount")
    assert lines[i + 1] == "Eastvale Youth Trust\tDetached youth work\t£12,000"
    for furniture in ("cookies", "Set preferences", "Share this page", "Funding", "Office of the Northshire"):
        assert furniture not in doc.text, furniture
    funds = {(f.end.name, f.props.get("amount")) for f in extract(doc).facts if f.type == "FUNDS"}
    assert funds == {("Detached youth work", 12000.0), ("Refuge outreach", 18500.0),
                     ("Rural crime patrols", 4250.0)}


def test_loader_docstring_examples_run() -> None:
    """The examples in the loaders' docstrings are true (the README's contract quotes them)."""
    import doctest

    from kg.loaders import base, docxfile, htmlfile, ocr, pdflayout

    for module in (base, docxfile, htmlfile, ocr, pdflayout):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
