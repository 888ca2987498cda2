"""`kg explain`: one paper rendered with displaCy, each mention highlighted with its label and its
facts, every fact in a table with its citation linked to the line; bad input is one line on stderr.

The paper is made up here. The exact expectations use an Extraction written by hand (what the
page shows for given mentions and facts); the end-to-end tests run the real extractor and check
what must hold for whatever it reads."""

from __future__ import annotations

import doctest
import html
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.explain
from kg.cli import app
from kg.explain import explain_html, place_mentions
from kg.loaders import load
from kg.loaders.base import Document
from kg.model import Cite, DocInfo, Extraction, Fact, Mention, Ref

runner = CliRunner()

PAPER = """WESTSHIRE SAFER COMMUNITIES BOARD

Minutes of a meeting of the Westshire Safer Communities Board held at County Hall, Westby on \
Tuesday, 3rd March 2026.

Present:

Cllr. Jane Porter (in the Chair)\tWestshire County Council
Cllr. Omar Haddad\tEastby Borough Council
Supt. Lee Marsh\tWestshire Police

Apologies were received from Cllr. Ruth Ellery.

1. Community Safety Fund

The Board noted that the Office of the Police and Crime Commissioner for Westshire (OPCC) had \
allocated £125,000 to the Westshire Community Safety Fund for 2025-26.

The Westshire Youth Diversion Project is delivered by Eastby Youth Trust and the Westshire
Probation Service.

2. Reporting

The Board reports to the Westshire Police and Crime Panel.
"""
DOC_ID = "westshire-minutes.txt"
BOARD = Ref("Board", "Westshire Safer Communities Board")
MEETING = Ref("Meeting", "Westshire Safer Communities Board 2026-03-03")
PORTER = Ref("Person", "Jane Porter")
OPCC = Ref("Organisation", "Office of the Police and Crime Commissioner for Westshire")
FUND = Ref("Fund", "Westshire Community Safety Fund")
PROJECT = Ref("Project", "Westshire Youth Diversion Project")
PROBATION = Ref("Organisation", "Westshire Probation Service")
PANEL = Ref("Board", "Westshire Police and Crime Panel")

MARK = re.compile(r'<mark class="entity" id="([^"]+)" data-label="([^"]*)" title="([^"]*)" style="[^"]*">'
                  r'(.*?)<span class="entity-label"', re.S)
ROW = re.compile(r'<tr id="fact-(\d+)" data-type="([^"]*)">(.*?)</tr>', re.S)


def cite(doc: Document, line: int, quote: str | None = None) -> Cite:
    return Cite(doc.id, line, doc.line_text(line) if quote is None else quote)


def paper() -> Document:
    return Document.from_text(DOC_ID, PAPER, path=DOC_ID)


def hand_extraction(doc: Document) -> Extraction:
    """What a reader would take from PAPER: line numbers are those of the text above."""
    min3 = cite(doc, 3)
    return Extraction(
        DocInfo(doc.id, doc.sha256),
        mentions=[
            Mention("Board", BOARD.name, cite(doc, 1)),
            Mention("Meeting", MEETING.name, min3, {"date": "2026-03-03"}),
            Mention("Person", PORTER.name, cite(doc, 7), aliases=["Cllr. Jane Porter"]),
            Mention("Organisation", OPCC.name, cite(doc, 15), aliases=["OPCC"]),
            Mention("Organisation", OPCC.name, cite(doc, 15, "OPCC")),
            Mention("Fund", FUND.name, cite(doc, 15)),
            Mention("Project", PROJECT.name, cite(doc, 17)),
            # the name runs over a line break
            Mention("Organisation", PROBATION.name, cite(doc, 17, "Westshire\nProbation Service")),
            # inside the project's name: not highlighted on its own
            Mention("Area", "Westshire", cite(doc, 17, "Westshire")),
            # written "the Board"
            Mention("Board", BOARD.name, cite(doc, 22)),
            Mention("Board", PANEL.name, cite(doc, 22)),
            # a name the text does not hold
            Mention("Person", "Ruth Ellery-Smythe", cite(doc, 11)),
        ],
        facts=[
            Fact("MEETING_OF", MEETING, BOARD, min3, {"date": "2026-03-03"}),
            Fact("MEMBER_OF", PORTER, BOARD, cite(doc, 7), {"role": "chair"}),
            Fact("ATTENDED", PORTER, MEETING, cite(doc, 7), {"apologies": False}),
            Fact("FUNDS", OPCC, FUND, cite(doc, 15), {"amount": 125000.0, "period": "2025-26",
                                                       "kind": "allocation"}),
            Fact("DELIVERS", PROBATION, PROJECT, cite(doc, 17, "Westshire\nProbation Service")),
            Fact("REPORTS_TO", BOARD, PANEL, cite(doc, 22)),
        ])


def marks(page: str) -> list[tuple[str, str, str, str]]:
    """``(id, label, tooltip, text)`` of every highlight, unescaped."""
    return [(i, html.unescape(lb), html.unescape(t), html.unescape(x).strip()) for i, lb, t, x in MARK.findall(page)]


def rows(page: str) -> dict[int, tuple[str, str]]:
    return {int(n): (t, body) for n, t, body in ROW.findall(page)}


@pytest.fixture(scope="module")
def page() -> str:
    doc = paper()
    return explain_html(doc, hand_extraction(doc))


# ---- the page ---------------------------------------------------------------------------------

def test_every_written_mention_is_highlighted_with_its_label(page: str) -> None:
    got = [(label, text) for _, label, _, text in marks(page)]
    assert got == [
        ("Board", "WESTSHIRE SAFER COMMUNITIES BOARD"),              # line 1, any case
        ("Meeting", "Tuesday, 3rd March 2026"),                      # a meeting is placed at its date
        ("Person", "Cllr. Jane Porter"),                             # the alias is the longer match
        ("Organisation", "Office of the Police and Crime Commissioner for Westshire"),
        ("Fund", "Westshire Community Safety Fund"),
        ("Project", "Westshire Youth Diversion Project"),
        ("Organisation", "Westshire"),                               # line 17 ...
        ("Organisation", "Probation Service"),                       # ... and 18: one name, two pieces
        ("Board", "Board"),                                          # "The Board reports to"
        ("Board", "Westshire Police and Crime Panel"),
    ]
    # the two OPCC mentions (name, and the acronym quoted alone) share one highlight
    assert "OPCC" not in [text for *_, text in marks(page)]
    # the highlight at line 3 is the meeting: "Westshire Safer Communities Board" there is the
    # board's name inside the meeting's quote, but the board is only cited at line 1 and 22
    ids = [i for i, *_ in marks(page)]
    assert len(ids) == len(set(ids)) and ids[6:8] == ["ent-7", "ent-7-2"]


def test_highlights_use_one_colour_per_label(page: str) -> None:
    colours = kg.explain.label_colours()
    assert set(colours) == {"Board", "Organisation", "Person", "Plan", "Fund", "Project", "Meeting", "Area",
                            "Post", "Priority"}
    for m in re.finditer(r'<mark class="entity" [^>]*data-label="(\w+)"[^>]*style="background: (#[0-9a-f]{6})',
                         page):
        assert colours[m.group(1)] == m.group(2)


def test_tooltips_list_the_facts_with_their_other_end(page: str) -> None:
    tips = {text: tip for _, _, tip, text in marks(page)}
    porter = tips["Cllr. Jane Porter"]
    assert porter.startswith("Person: Jane Porter\n  also written: Cllr. Jane Porter\nread at westshire-minutes.txt:7")
    assert "MEMBER_OF → Board: Westshire Safer Communities Board (role: chair) [westshire-minutes.txt:7]" in porter
    assert "ATTENDED → Meeting: Westshire Safer Communities Board 2026-03-03 (apologies: no)" in porter
    fund = tips["Westshire Community Safety Fund"]
    assert ("FUNDS ← Organisation: Office of the Police and Crime Commissioner for Westshire "
            "(amount: £125,000, period: 2025-26, kind: allocation) [westshire-minutes.txt:15]") in fund
    board = tips["WESTSHIRE SAFER COMMUNITIES BOARD"]
    assert "3 facts:" in board and "REPORTS_TO → Board: Westshire Police and Crime Panel" in board
    assert "MEMBER_OF ← Person: Jane Porter (role: chair)" in board
    # "the Board": says how it was placed
    assert "(written here by the end of its name)" in tips["Board"]


def test_every_fact_has_a_row_with_its_citation_linked_to_the_line(page: str) -> None:
    doc = paper()
    ex = hand_extraction(doc)
    table = rows(page)
    assert len(table) == len(ex.facts)
    by_type = {t: body for t, body in table.values()}
    for f in ex.facts:
        body = by_type[f.type]
        assert f'<td class="cite"><a href="#line-{f.cite.line}">{DOC_ID}:{f.cite.line}</a></td>' in body
        assert html.escape(f"{f.start.label}: {f.start.name}") in body
        assert html.escape(f"{f.end.label}: {f.end.name}") in body
        assert f'id="line-{f.cite.line}" href="#line-{f.cite.line}"' in page     # the anchor exists
    # rows in the order of the text, key properties shown
    assert [t for _, (t, _) in sorted(table.items())] == ["MEETING_OF", "MEMBER_OF", "ATTENDED", "FUNDS",
                                                          "DELIVERS", "REPORTS_TO"]
    funds = by_type["FUNDS"]
    assert re.search(r"amount: £125,000</span>.*period: 2025-26</span>.*kind: allocation</span>", funds)
    assert "apologies: no" in by_type["ATTENDED"] and "role: chair" in by_type["MEMBER_OF"]
    # an end that is highlighted links to its first highlight
    assert '<a href="#ent-5">Fund: Westshire Community Safety Fund</a>' in funds


def test_every_line_has_one_anchor_in_order(page: str) -> None:
    numbers = [int(n) for n in re.findall(r'<a class="ln" id="line-(\d+)" href="#line-\d+">\d+</a>', page)]
    assert numbers == list(range(1, len(paper().line_starts) + 1))


def test_summary_counts_entities_and_facts(page: str) -> None:
    summary = page[page.index('<header id="summary">'):page.index("</header>")]
    assert "kg read <b>12</b> mentions of <b>10</b> entities and <b>6</b> facts" in summary
    assert "<b>10</b> mentions are highlighted" in summary      # in 9 highlights: the OPCC's two share one
    assert '<a href="#unplaced">2 could not be placed</a>' in summary
    counts = dict(re.findall(r"</span>(\w+)</td><td class=\"num\">(\d+)</td>", summary))
    assert counts == {"Board": "2", "Organisation": "2", "Person": "2", "Fund": "1", "Project": "1",
                      "Meeting": "1", "Area": "1"}
    assert "<tr><td>MEETING_OF</td><td class=\"num\">1</td></tr>" in summary


def test_mentions_not_placed_are_listed_with_the_reason(page: str) -> None:
    section = page[page.index('<section id="unplaced">'):]
    assert "Ruth Ellery-Smythe" in section and "name not found at the cited line" in section
    assert "inside Project: Westshire Youth Diversion Project (line 17)" in section
    assert f'<a href="#line-11">{DOC_ID}:11</a>' in section


def test_page_is_self_contained_with_a_strict_csp(page: str) -> None:
    assert "://" not in page and "<script" not in page.lower() and "@import" not in page
    assert not re.search(r"""(?:src|href)=["'](?!#)""", page)        # only links within the page
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp
    policy = html.unescape(csp.group(1))
    assert "default-src 'none'" in policy and "script-src 'none'" in policy


def test_names_and_text_are_html_escaped() -> None:
    evil = '<script>alert("x")</script>'
    text = f'Minutes\nCllr {evil} & "Bob" attended the <b>Board</b>.\n'
    doc = Document.from_text("evil.txt", text)
    c = Cite("evil.txt", 2, doc.line_text(2))
    ex = Extraction(DocInfo("evil.txt", doc.sha256),
                    mentions=[Mention("Person", evil, c, aliases=['"><img src=x onerror=alert(1)>']),
                              Mention('Board"><script>', "Board", c)],
                    facts=[Fact("MEMBER_OF", Ref("Person", evil), Ref("Board", "</td></tr><script>x</script>"), c,
                                {"role": "<i>chair</i>"})])
    out = explain_html(doc, ex)
    assert "<script" not in out.lower() and "<img" not in out and "<b>Board" not in out and "<i>" not in out
    assert html.escape(evil) in out                                  # shown as text
    assert [(lb, x) for _, lb, _, x in marks(out)] == [("Person", evil), ('Board"><script>', "Board")]
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;x&lt;/script&gt;" in out


def test_placing_never_crashes_on_odd_citations() -> None:
    doc = Document.from_text("odd.txt", "one line only")
    odd = [Mention("Person", "Ann", Cite("odd.txt", 0, "")), Mention("Person", "", Cite("odd.txt", 99, "x")),
           Mention("Meeting", "M", Cite("odd.txt", -3, "one"), {"date": "2026-13-45"}),
           Mention("Board", "(((", Cite("odd.txt", 1, "one line only")),
           Mention("Board", "x" * 5000, Cite("odd.txt", 1, "one line only"))]
    highlights, missed = place_mentions(doc, odd)
    assert highlights == [] and [u.mention for u in missed] == odd
    ex = Extraction(DocInfo("odd.txt", doc.sha256), mentions=odd,
                    facts=[Fact("X", Ref("A", "a"), Ref("B", "b"), Cite("odd.txt", 500, "gone"))])
    out = explain_html(doc, ex)
    assert '<a href="#line-1">odd.txt:500</a>' in out        # a line past the end links to the last line
    empty = Document.from_text("e.txt", " ")
    assert "No facts were read" in explain_html(empty, Extraction(DocInfo("e.txt", empty.sha256)))


def test_docstring_examples() -> None:
    res = doctest.testmod(kg.explain)
    assert res.attempted >= 8 and res.failed == 0


# ---- the command ------------------------------------------------------------------------------

@pytest.fixture
def paper_file(tmp_path: Path) -> Path:
    p = tmp_path / DOC_ID
    p.write_text(PAPER, encoding="utf-8")
    return p


def test_cli_writes_the_page_of_what_the_extractor_read(paper_file: Path, tmp_path: Path) -> None:
    from kg.extract import extract

    out = tmp_path / "out" / "explain.html"
    out.parent.mkdir()
    res = runner.invoke(app, ["explain", str(paper_file), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert res.stderr.startswith(f"wrote {out}: ") and "facts" in res.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["explain.html"]     # no temporary file left
    page = out.read_text(encoding="utf-8")
    ex = extract(load(paper_file))
    assert len(ex.mentions) >= 5 and len(ex.facts) >= 5, "the extractor reads nothing of the sample paper"
    # every fact: a row whose citation links to its line
    table = rows(page)
    assert len(table) == len(ex.facts)
    bodies = "".join(body for _, body in table.values())
    for f in ex.facts:
        assert f'<a href="#line-{f.cite.line}">{html.escape(f.cite.ref())}</a>' in bodies
    # every mention whose name is written in its quote: highlighted with its label, or listed
    shown = {(label, text.lower()) for _, label, _, text in marks(page)}
    for m in ex.mentions:
        if m.label != "Meeting" and m.name.lower() in m.cite.text.lower():
            assert (m.label, m.name.lower()) in shown or html.escape(m.name) in page[page.find('id="unplaced"'):]
    assert any(label == "Person" for label, _ in shown) and any(label == "Board" for label, _ in shown)
    assert (out.stat().st_mode & 0o777) != 0o600         # a page to share, not a private temp file


@pytest.mark.parametrize("name,content,reason", [
    ("nowhere.txt", None, "no such file"),
    ("pack.doc", b"old word file", "unsupported file type '.doc' (save it as .docx or PDF)"),
    ("empty.txt", b"", "empty file"),
    ("junk.txt", b"\x00\x01\x02binary\x00" * 20, "not a text file (binary content)"),
    ("broken.pdf", b"not a pdf at all", "corrupt PDF"),
    ("folder.txt", "dir", "is a folder, not a file"),
])
def test_cli_bad_input_is_one_line_naming_the_file_exit_1(tmp_path: Path, name: str, content: bytes | str | None,
                                                          reason: str) -> None:
    src = tmp_path / name
    if content == "dir":
        src.mkdir()
    elif isinstance(content, bytes):
        src.write_bytes(content)
    out = tmp_path / "page.html"
    out.write_text("the page from before", encoding="utf-8")
    res = runner.invoke(app, ["explain", str(src), "-o", str(out)])
    assert res.exit_code == 1, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: {src}: {reason}"), lines
    assert "Traceback" not in res.output and isinstance(res.exception, (SystemExit, type(None)))
    assert out.read_text(encoding="utf-8") == "the page from before"      # nothing half-written
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".kg-")) == []


def test_cli_output_problems_exit_2(paper_file: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["explain", str(paper_file), "-o", str(tmp_path)])
    assert res.exit_code == 2 and res.stderr.strip() == f"kg: {tmp_path}: is a directory; give a file name ending .html"
    missing = tmp_path / "no" / "such" / "dir" / "p.html"
    res = runner.invoke(app, ["explain", str(paper_file), "-o", str(missing)])
    assert res.exit_code == 2 and res.stderr.strip() == f"kg: {missing}: cannot write (No such file or directory)"
    before = paper_file.read_bytes()
    res = runner.invoke(app, ["explain", str(paper_file), "-o", str(paper_file)])
    assert res.exit_code == 2 and "is the paper itself" in res.stderr
    assert paper_file.read_bytes() == before
    res = runner.invoke(app, ["explain", str(paper_file)])
    assert res.exit_code == 2 and "Missing option" in res.output


def test_cli_extractor_failure_is_one_line_exit_1(paper_file: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.extract

    def broken(doc: Document) -> Extraction:
        raise ValueError("a rule's bug\nover two lines")

    monkeypatch.setattr(kg.extract, "extract", broken)
    out = tmp_path / "p.html"
    res = runner.invoke(app, ["explain", str(paper_file), "-o", str(out)])
    assert res.exit_code == 1
    assert res.stderr.strip().splitlines() == [
        f"kg: {paper_file}: extraction failed (ValueError: a rule's bug over two lines)"]
    assert not out.exists()
