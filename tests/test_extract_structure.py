"""Structure parser: block kinds, sections, attendance/contact tagging and exact offsets."""

from pathlib import Path

import pytest

from kg.extract.structure import attendance_kind, heading_key, is_contact_heading, parse, plain
from kg.loaders.base import Document

DOCS = Path(__file__).parent / "papers" / "meetings"


def _doc(name: str) -> Document:
    return Document.from_text(name, (DOCS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["minutes_eastvale.txt", "agenda_westshire.txt", "tor_northby.txt"])
def test_offsets_are_exact(name):
    doc = _doc(name)
    blocks = parse(doc)
    assert blocks
    for b in blocks:
        assert doc.text[b.start : b.end] == b.text
    starts = [b.start for b in blocks]
    assert starts == sorted(starts)


def test_attendance_sections_are_tagged_by_kind():
    blocks = parse(_doc("minutes_eastvale.txt"))
    att = {plain(b.text).split("\t")[0].split("  ")[0]: b.meta["attendance"] for b in blocks if b.kind == "attendance"}
    assert att["Cllr. J. Okafor CC (in the Chair)"] == "present"
    assert att["Tom Ashdown Eastvale Borough Council"] == "officer"
    assert att["Cllr. R. Bell"] == "apologies"
    assert att["Westby District Council"] == "apologies"
    assert any(v == "attendance" for v in att.values())
    # the section closes at the first minute item
    item = next(b for b in blocks if b.kind == "agenda_item")
    assert item.meta["title"] == "Minutes of previous meeting"
    assert all(b.kind != "attendance" for b in blocks if b.start > item.start)


def test_agenda_items_titles_and_item_meta():
    blocks = parse(_doc("agenda_westshire.txt"))
    items = [b.meta["title"] for b in blocks if b.kind == "agenda_item"]
    assert items[:4] == [
        "Apologies",
        "Minutes of previous meeting",
        "Youth Diversion Programme",
        "Road Safety update",
    ]
    presenter = next(b for b in blocks if "will present this report" in b.text)
    assert presenter.meta["item"] == "Youth Diversion Programme"
    # numbered report paragraphs are not agenda items
    para = next(b for b in blocks if b.text.startswith("1. The purpose"))
    assert para.kind == "paragraph"


def test_contact_blocks_and_fused_heading():
    blocks = parse(_doc("agenda_westshire.txt"))
    contact = [plain(b.text) for b in blocks if b.kind == "contact"]
    assert "Chris Pell" in contact
    assert "Road Safety Lead" in contact
    # "**Report Author****Alex Morgan**" is split into a heading and a contact line
    fused = [b for b in blocks if "Alex Morgan" in b.text and "Report Author" not in b.text and b.kind == "contact"]
    assert fused and fused[0].text.strip() == "**Alex Morgan**"


def test_inline_present_heading():
    doc = Document.from_text(
        "x.txt",
        "Present: Cllr. A. Byrne Eastvale Borough Council\n\nThe Chair opened the meeting "
        "and welcomed everyone who had joined at short notice today.\n",
    )
    blocks = parse(doc)
    assert blocks[0].kind == "attendance" and blocks[0].meta["attendance"] == "present"
    assert doc.text[blocks[0].start + blocks[0].meta["inline"] :].startswith("Cllr. A. Byrne")
    assert blocks[1].kind == "paragraph"


def test_table_rows_keep_cells_and_html_is_plain():
    doc = Document.from_text("t.txt", "<b>Partner</b>\t<b>Role</b>\n<b>Eastvale Fire &amp; Rescue</b>\tPrevention\n")
    rows = parse(doc)
    assert [b.kind for b in rows] == ["table_row", "table_row"]
    assert plain(rows[1].cells[0]) == "Eastvale Fire & Rescue"


def test_heading_vocabulary():
    assert heading_key("### **Apologies for Absence:**") == "apologies for absence"
    assert attendance_kind("In attendance") == "attendance"
    assert attendance_kind("Officials:") == "officer"  # a Scottish council's word for its officers
    assert attendance_kind("Background") is None
    assert is_contact_heading("Officer(s) to contact")
    assert not is_contact_heading("Recommendations")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "PRESENT\n",
        "Officer to contact\n",
        "1.\n2. \n#\n**\n****\n",
        "Apologies\n\n\t\t\n",
        "(in the Chair)\n",
        "Minutes of a meeting of the Board held on\n",
    ],
)
def test_degenerate_documents_do_not_break_the_pipeline(text):
    from kg.extract import extract

    doc = Document.from_text("e.txt", text)
    ex = extract(doc)
    assert all(f.cite.text in doc.text for f in ex.facts)
    assert not [f for f in ex.facts if f.type in ("ATTENDED", "PRESENTED", "HOLDS_ROLE")]
