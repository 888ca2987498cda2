"""Ten questions a strategy lead, an auditor and a new officer ask of the bundled corpus, asked as
they would ask them (the CLI, names as they type them), each checked against the answer a careful
reader gets from the papers. The answers were read in the papers (line numbers given), not taken
from kg's output. A question kg answers wrongly today is xfail(strict=True) with the reason, so
that fixing it flips the test.

Papers: 001 = the Leicestershire and Rutland Safer Communities Strategy Board's pack (25 June 2026),
003 = Charnwood Community Safety Partnership's pack (20 April 2023), 004 = the Leicester,
Leicestershire and Rutland Police and Crime Panel's pack (23 June 2026).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
SCSB = "Leicestershire and Rutland Safer Communities Strategy Board"
OPCC = "funder=Office of the Police and Crime Commissioner"   # "OPCC" alone names three nodes today
PANEL = "Leicester, Leicestershire and Rutland Police and Crime Panel"
DISTRICTS = ["Blaby", "Charnwood", "Harborough", "Hinckley and Bosworth", "Melton", "North West Leicestershire",
             "Oadby and Wigston"]


@pytest.fixture(scope="module")
def ask(corpus_store_dir: Path) -> Any:
    def run(*args: str) -> Any:
        res = runner.invoke(app, [*args, "--json"], env={"KG_STORE": str(corpus_store_dir)})
        assert res.exit_code == 0, res.output
        return json.loads(res.stdout)
    return run


# -- the strategy lead -------------------------------------------------------------------------------
def test_s1_which_partnerships_sit_on_the_county_board(ask: Any) -> None:
    """Which partnerships sit on the Safer Communities Strategy Board? The seven district Community
    Safety Partnerships: Blaby, Charnwood, Harborough, Hinckley and Bosworth, Melton, North West
    Leicestershire, Oadby and Wigston (001 terms of reference, 3 and Table 1, lines 317 and 378-387)."""
    rows = ask("query", "governance-below", "-p", f"body={SCSB}")
    members = {r["lower"] for r in rows if r["via"] == "membership" and r["level"] == 1}
    assert len(members) == 7 and all(any(d in m for m in members) for d in DISTRICTS), members


def test_s2_where_does_charnwood_csp_sit(ask: Any) -> None:
    """What is above Charnwood CSP? It sits, as a member, on the Safer Communities Strategy Board
    (001 Table 1, line 381: 'Charnwood*' under 'Community Safety Partnerships'), and its plan says it
    will 'Provide detailed quarterly returns to the Office of the Police & Crime Commissioner'
    (003 line 350), a reporting line to the commissioner's office; and 'The CSP was scrutinised on an
    annual basis by the Council's Finance and Performance Scrutiny Committee' (003 line 111)."""
    rows = ask("query", "governance-chain", "-p", "body=Charnwood CSP")
    level1 = {(r["upper"], r["via"]) for r in rows if r["level"] == 1}
    others = level1 - {(SCSB, "membership")}
    assert (SCSB, "membership") in level1
    assert len(others) == 2 and all(v == "line" for _u, v in others), others
    assert {("Office of the Police and Crime Commissioner" in u, "Finance and Performance Scrutiny Committee" in u)
            for u, _v in others} == {(True, False), (False, True)}, others


def test_s3_whom_the_panel_scrutinises(ask: Any) -> None:
    """Whom does the Police and Crime Panel scrutinise? The Police and Crime Commissioner (004: the
    Panel's items on the PCC's update, complaints against the PCC, the precept it vetoed)."""
    rows = ask("query", "scrutiny", "-p", f"entity={PANEL}")
    subjects = {r["subject"] for r in rows if r["actor"] == PANEL and r["relation"] == "SCRUTINISES"}
    assert subjects and all("Police and Crime Commissioner" in s for s in subjects), subjects


# -- the auditor ----------------------------------------------------------------------------------------
def test_a1_what_the_commissioner_allocated_to_the_csps(ask: Any) -> None:
    """How much did the OPCC allocate to the Community Safety Partnerships for 2025-26? £639,675.00
    to nine areas (004 lines 597-605; the same allocations in 001 lines 426-435): Leicester
    £271,818.47, Charnwood £89,530.24, SNWLP £53,776.10, Blaby £52,665.76, Hinckley and Bosworth
    £51,217.55, Harborough £37,479.75, Oadby and Wigston £32,554.58, Melton £31,335.75, Rutland £19,296.80."""
    rows = [r for r in ask("query", "allocation-summary", "-p", OPCC) if r["period"] == "2025-26"]
    assert sorted(r["allocated"] for r in rows) == sorted([271818.47, 89530.24, 53776.10, 52665.76, 51217.55,
                                                           37479.75, 32554.58, 31335.75, 19296.80])
    assert round(sum(r["allocated"] for r in rows), 2) == 639675.0


def test_a2_which_csp_had_spent_nothing_by_january(ask: Any) -> None:
    """Which CSP had spent none of its 2025-26 allocation by 5 January 2026? Only Oadby and Wigston
    (004 line 603, 'Nil', and paragraph 28: 'The only area yet to begin spending their funds is
    Oadby and Wigston'); Harborough had spent £31,110.60 (line 602). The board's pack gives the
    same allocations with the expenditure 'as of 12/06/2026' (001 lines 423-435), where Harborough
    is 'Nil' (line 432): each paper's figures are kept with their own date, never mixed, and the
    summary shows the latest with its date."""
    rows = ask("query", "funding-received", "-p", "recipient=Harborough Community Safety Partnership")
    assert [(r["spent"], r["remaining"], r["as_of"], r["citations"]) for r in rows if r["period"] == "2025-26"] == [
        (31110.6, 6369.15, "2026-01-05", ["004_b24730b53cda192b.txt:602"]),
        (0.0, None, "2026-06-12", ["001_6c4d9bdf2bb078e0.txt:432"])]
    summary = [r for r in ask("query", "allocation-summary", "-p", OPCC) if r["period"] == "2025-26"]
    by_january = {r["recipient"]: s["spent"] for r in summary
                  for s in ask("query", "funding-received", "-p", f"recipient={r['recipient']}")
                  if s["period"] == "2025-26" and s["as_of"] == "2026-01-05"}
    assert len(by_january) == 9
    nothing = [csp for csp, spent in by_january.items() if spent == 0]
    assert len(nothing) == 1 and "Oadby and Wigston" in nothing[0]
    harborough = [r for r in summary if r["recipient"] == "Harborough Community Safety Partnership"]
    assert [(r["spent"], r["remaining"], r["remaining_basis"], r["as_of"]) for r in harborough] == [
        (0.0, 37479.75, "derived", ["2026-06-12"])]


def test_a3_what_the_commissioner_spends_on_turning_point(ask: Any) -> None:
    """What does the commissioner spend a year on Turning Point? £131,000 ('the annual spend to
    Turning Point is £131,000.00', 004 line 1337); line 1439 adds contributions of £219,287 and
    £111,856 a year to the two Turning Point substance use contracts."""
    rows = ask("query", "funding-received", "-p", "recipient=Turning Point")
    assert 131000.0 in {r["amount"] for r in rows}
    assert 500000.0 not in {r["amount"] for r in rows}     # Victim First's figure, never Turning Point's


def test_a4_do_the_two_expenditure_tables_agree(ask: Any) -> None:
    """Do the two papers' CSP expenditure tables agree? No: 001 (as of 12/06/2026) shows less spent
    than 004 (as of 05/01/2026) for seven areas, e.g. Leicester £76,546.00 against £236,492.47
    (001:426, 004:597); Oadby and Wigston (Nil in both) and Melton (£31,335.75 in both) agree."""
    rows = ask("audit", "--rule", "spent-fell")
    assert len(rows) == 7
    leicester = [r for r in rows if "004_b24730b53cda192b.txt:597" in r["citations"]]
    assert [(r["figures"]["earlier"]["spent"], r["figures"]["later"]["spent"]) for r in leicester] == [
        (236492.47, 76546.0)]
    assert not [r for r in rows if "Oadby" in r["subject"] or "Melton" in r["subject"]]


# -- the new officer ------------------------------------------------------------------------------------
def test_n1_who_is_the_commissioner(ask: Any) -> None:
    """Who is the Police and Crime Commissioner? Rupert Matthews (004 line 91, 'Rupert Matthews –
    Police and Crime Commissioner'; 003's agenda, 'POLICE AND CRIME COMMISSIONER VISIT (Rupert Matthews)')."""
    rows = ask("query", "person-picture", "-p", "person=Rupert Matthews")
    offices = [r for r in rows if r["part"] == "office"]
    assert any("Police and Crime Commissioner" in (r["detail"] or r["other"] or "") for r in offices), offices


def test_n2_which_boards_cllr_loydall_sits_on(ask: Any) -> None:
    """Which boards does Cllr. Loydall sit on? The Police and Crime Panel (004 membership, line 19;
    present on 4 and 12 February 2026), the Safer Communities Strategy Board (001 line 59, for Oadby
    and Wigston), and he chairs the Oadby and Wigston CSP (004 paragraph 28, 'The Chair Cllr. Loydall';
    001 line 59, 'Community Safety Partnership Strategy Group Chair')."""
    rows = ask("query", "person-picture", "-p", "person=Cllr. Loydall")
    member = {(r["other"], r["detail"]) for r in rows if r["part"] == "member"}
    assert (PANEL, "member") in member and (SCSB, "member") in member
    assert [o for o, role in member if role == "chair"] == ["Oadby and Wigston Community Safety Partnership"]


def test_n3_who_chaired_the_county_board_and_when_it_meets_next(ask: Any) -> None:
    """Who chaired the Safer Communities Strategy Board on 26 March 2026, and when does it meet
    next? Mr. C. Pugsley CC was in the Chair (001 line 55); the next meeting is on Friday 25
    September 2026 (001 line 47)."""
    members = ask("query", "board-members", "-p", f"board={SCSB}")
    chairs = [r["member"] for r in members if r["role"] == "chair" and r["member_type"] == "Person"]
    assert chairs == ["C. Pugsley"]
    meetings = ask("query", "board-meetings", "-p", f"board={SCSB}")
    dates = [r["date"] for r in meetings]
    assert "2026-03-26" in dates and "2026-09-25" in dates
    assert max(dates) == "2026-09-25"
