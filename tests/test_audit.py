"""`kg audit`: each rule on small papers written for it (fictional names), then on the sample corpus
against the inconsistencies a careful reader finds in the papers (listed below, read by hand), with
no false alarm; and the CLI (table, --json, --rule, --list, mistakes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.audit import RULES, Finding, audit_graph, audit_store, table_findings
from kg.cli import app
from kg.model import Cite, DocInfo, Extraction, Fact, Graph, NodeRec, Ref, RelRec
from kg.store import NetworkxStore

runner = CliRunner()


# -- each rule, on a graph and papers made for it --------------------------------------------------
def _graph(*lines: tuple[str, str, str, dict[str, Any]]) -> Graph:
    g = Graph()
    for nid, label in [("org:opcc", "Organisation"), ("board:westby-csp", "Board"), ("board:eastby-csp", "Board"),
                       ("fund:safer-fund", "Fund"), ("project:p", "Project")]:
        g.add_node(NodeRec(nid, label, {"id": nid, "name": nid.split(":")[1].replace("-", " ").title()}))
    for i, (start, end, line, props) in enumerate(lines):
        g.add_rel(RelRec(f"f{i}", "FUNDS", start, end, {"id": f"f{i}", "citations": [f"p.txt:{line}"],
                                                       "evidence": [f"line {line}"], **props}))
    return g


def _rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def test_spent_above_allocated_and_a_balance_that_does_not_add_up() -> None:
    g = _graph(("org:opcc", "board:westby-csp", "3", {"amount": 10000.0, "spent": 12000.0, "period": "2025-26"}),
               ("org:opcc", "board:eastby-csp", "4", {"amount": 10000.0, "spent": 4000.0, "remaining": 5000.0,
                                                      "period": "2025-26"}),
               ("org:opcc", "project:p", "5", {"amount": 10000.0, "spent": 4000.0, "remaining": 6000.0,
                                               "period": "2025-26"}))
    found = audit_graph(g, {}, {})
    assert _rules(found) == ["spent-above-allocated", "balance-does-not-add-up"]
    assert found[0].citations == ["p.txt:3"] and found[0].figures == {"amount": 10000.0, "spent": 12000.0}
    assert "£2,000 over" in found[0].detail
    assert found[1].citations == ["p.txt:4"] and "remaining is £5,000" in found[1].detail


def test_one_flow_with_two_amounts_and_a_spend_that_falls() -> None:
    g = _graph(("org:opcc", "board:westby-csp", "3", {"amount": 10000.0, "period": "2025-26"}),
               ("org:opcc", "board:westby-csp", "9", {"amount": 12000.0, "period": "2025-26"}),
               ("org:opcc", "board:westby-csp", "12", {"amount": 9000.0, "period": "2024-25"}))
    g.rels["f0"].props["citations"] = ["a.txt:3", "b.txt:7"]
    # the per-paper readings of the first line: spent to January more than spent to June
    ex = {d: Extraction(DocInfo(d, "0"), [], [Fact("FUNDS", Ref("Organisation", "OPCC"), Ref("Board", "Westby CSP"),
                                                   Cite(d, line, text), props)])
          for d, line, text, props in [
              ("a.txt", 3, "Westby\t£10,000\t£6,000", {"amount": 10000.0, "spent": 6000.0, "as_of": "2026-01-05"}),
              ("b.txt", 7, "Westby\t£10,000\t£2,000", {"amount": 10000.0, "spent": 2000.0, "as_of": "2026-06-12"})]}
    found = audit_graph(g, ex, {})
    assert _rules(found) == ["amount-differs", "spent-fell"]
    differs, fell = found
    assert differs.figures == {"amounts": [10000.0, 12000.0]} and "2025-26" in differs.subject
    assert fell.citations == ["a.txt:3", "b.txt:7"] and fell.evidence[1] == "Westby\t£10,000\t£2,000"
    assert fell.figures["earlier"] == {"as_of": "2026-01-05", "spent": 6000.0}
    assert "£4,000 less" in fell.detail


def test_no_period_no_recipient_and_a_struck_or_proposed_line() -> None:
    g = _graph(("org:opcc", "board:westby-csp", "1", {"amount": 500.0, "period": "per annum"}),
               ("org:opcc", "fund:safer-fund", "2", {"amount": 900.0, "period": "2025-26"}),
               ("org:opcc", "board:eastby-csp", "3", {"amount": 700.0, "period": "2025-26"}),
               ("org:opcc", "project:p", "4", {"amount": 800.0, "period": "2025-26", "status": "proposed"}))
    text = ("Westby CSP is paid £500 per annum.\nThe Safer Fund received £900 in 2025-26.\n"
            "~~Eastby CSP: £700 for 2025-26~~\nThe project was allocated £800 in 2025-26.\n"
            "Just over £68,000 was allocated to initiatives across the county.\n"
            "Grants of up to £10,000 were awarded.\n")
    ex = {"p.txt": Extraction(DocInfo("p.txt", "0"), [], [])}
    found = audit_graph(g, ex, {"p.txt": text})
    got = sorted((f.rule, f.citations[0]) for f in found)
    assert got == [("no-period", "p.txt:1"),
                   ("no-recipient", "p.txt:2"),      # paid into a fund, never paid out of it
                   ("no-recipient", "p.txt:5"),      # allocated, nobody named (the £10,000 is a ceiling)
                   ("proposed-or-deleted", "p.txt:3"), ("proposed-or-deleted", "p.txt:4")]
    assert {f.figures.get("status") for f in found if f.rule == "proposed-or-deleted"} == {"deleted", "proposed"}


def test_a_table_total_and_an_of_which_breakdown_are_added_up() -> None:
    text = ("Agreements\t2023 £\t2026 £\nTotal value\t100\t250\nof which:\t\t\nHeld\t60\t100\nSpent\t40\t100\n"
            "Total remaining\t5\t5\n\nArea\tGrant £\tSpent £\nA\t1,000.00\t- 500\nB\t2,000.00\tNil\n"
            "Total\t3,000.00\t- 400\n\nArea\tCount\nA\t3\nTotal\t4\n")
    found = table_findings("t.txt", text)
    got = [(f.citations, f.figures["column"], f.figures["stated"], f.figures["sum_of_rows"]) for f in found]
    # 250 is not 100 + 100; -400 is not -500 + 0; the count table holds no money and is not read
    assert got == [(["t.txt:2"], "2026 £", 250.0, 200.0), (["t.txt:11"], "Spent £", -400.0, -500.0)]


def test_money_to_pass_on_that_is_never_seen_leaving_the_body() -> None:
    g = _graph(("org:opcc", "board:westby-csp", "3", {"amount": 30000.0, "period": "2025-26"}),
               ("org:opcc", "board:eastby-csp", "4", {"amount": 20000.0, "period": "2025-26"}),
               ("board:eastby-csp", "project:p", "5", {"amount": 20000.0, "period": "2025-26"}),
               ("org:opcc", "fund:safer-fund", "6", {"amount": 5000.0, "period": "2025-26"}))
    quotes = {"f0": "The OPCC allocated £30,000 to Westby CSP for 2025-26 to distribute to local projects.",
              "f1": "Eastby CSP received £20,000 for 2025-26 to commission youth work.",
              "f2": "Eastby CSP awarded £20,000 to the project.",
              "f3": "£5,000 to the Safer Fund, to be distributed in 2025-26."}
    for rid, quote in quotes.items():
        g.rels[rid].props["evidence"] = [quote]
    found = [f for f in audit_graph(g, {}, {}) if f.rule == "not-passed-on"]
    # Westby's £30,000 is to be passed on and never leaves; Eastby's leaves to the project; a fund's
    # money is no-recipient's to report
    assert [(f.subject, f.citations, f.figures["amount"]) for f in found] == [("Westby Csp", ["p.txt:3"], 30000.0)]
    assert "'to distribute ...'" in found[0].detail and found[0].evidence == [quotes["f0"]]
    # money paid to a body to spend itself is not money to pass on
    g.rels["f0"].props["evidence"] = ["The OPCC allocated £30,000 to Westby CSP for 2025-26 to develop its plan."]
    assert [f for f in audit_graph(g, {}, {}) if f.rule == "not-passed-on"] == []


def test_every_rule_has_a_description() -> None:
    assert list(RULES) == ["spent-above-allocated", "balance-does-not-add-up", "amount-differs", "spent-fell",
                           "total-not-sum", "no-period", "no-recipient", "not-passed-on", "proposed-or-deleted"]
    assert all(RULES.values())


# -- the sample corpus -------------------------------------------------------------------------------
# What the papers hold, read by hand (004 = the Police and Crime Panel pack, 001 = the strategy
# board's pack); each finding is named by the lines it cites and its figure.
A, P = "001_6c4d9bdf2bb078e0.txt", "004_b24730b53cda192b.txt"
# The CSP allocations table is given twice: 004 lines 597-605 (expenditure "as of 05/01/2026") and
# 001 lines 426-435 ("as of 12/06/2026"). Seven areas show less spent at the later date:
# Leicester £236,492.47 -> £76,546.00, Charnwood £89,530.24 -> £89,530.00, SNWLP £37,078.21 ->
# £5,807.80, Blaby £40,405.42 -> £15,566.64, Hinckley and Bosworth £46,485.80 -> £31,875.64,
# Harborough £31,110.60 -> Nil, Rutland £15,354.00 -> £5,400.00 (Oadby and Wigston and Melton agree).
SPENT_FELL = [((f"{P}:{p}", f"{A}:{a}"), earlier, later) for p, a, earlier, later in [
    (597, 426, 236492.47, 76546.0), (598, 427, 89530.24, 89530.0), (599, 428, 37078.21, 5807.8),
    (600, 429, 40405.42, 15566.64), (601, 430, 46485.8, 31875.64), (602, 432, 31110.6, 0.0),
    (605, 435, 15354.0, 5400.0)]]
# 004's S106 tables: the local authority table's Total row (line 1155) says £12,739,137 agreements
# where its rows add up to £12,739,138, and £8,092,406 remaining where they add up to £8,092,405; the
# agreements table (line 1128) breaks £12,759,259 down "of which" into rows adding up to £12,525,248
# (its 2023 column, £11,124,266, adds up). The CSP tables have no total; their balances agree.
TOTALS = [(f"{P}:1155", 12739137.0, 12739138.0), (f"{P}:1155", 8092406.0, 8092405.0),
          (f"{P}:1128", 12759259.0, 12525248.0)]
# Allocations the papers give with no year: the Commissioner's Safety Fund grants visited (004
# lines 568-574), the annual spend to Victim First (£500,000) and to Turning Point (£131,000)
# (004:1337), the OPCC's contributions to the Turning Point contracts (£219,287 and £111,856 per
# annum, 004:1439), and £5,000 per annum invoiced for Domestic Homicide Reviews (001:181).
NO_PERIOD = [(f"{P}:568", 10000.0), (f"{P}:569", 9746.0), (f"{P}:570", 10000.0), (f"{P}:571", 10000.0),
             (f"{P}:573", 10000.0), (f"{P}:574", 9579.43), (f"{P}:1337", 500000.0), (f"{P}:1337", 131000.0),
             (f"{P}:1439", 219287.0), (f"{P}:1439", 111856.0), (f"{A}:181", 5000.0)]
# Money allocated with nobody named to receive it: about £70,000 across three areas (001:485),
# levy funding allocated to upper-tier authorities (£12M) and VCSE organisations (£25.5M) (001:1497),
# £199K a year for the out-of-court resolution services being tendered (004:582), just over £68,000
# to eight rural crime projects (004:637).
NO_RECIPIENT = [(f"{A}:485", 70000.0), (f"{A}:1497", 12000000.0), (f"{A}:1497", 25500000.0),
                (f"{P}:582", 199000.0), (f"{P}:637", 68000.0)]
# The same flow with two amounts: the commissioner's yearly spend on Turning Point is £131,000 in
# 004:1337 and £219,287 + £111,856 in 004:1439 (an auditor asks which is right).
AMOUNT_DIFFERS = [(f"{P}:1337", f"{P}:1439")]
# Money paid to a body to pass on, never seen leaving it: the gambling levy's treatment share goes
# "50% to NHS England, and Scottish and Welsh Governments to commission treatment and support
# services" (001:1495), and no paper says to whom. (OHID's prevention share is passed on to the
# councils, 001:1497-1498, and seen; UK Research and Innovation's share (001:1493) is not said to be
# passed on; the CSPs' allocations are spent, "expenditure to date", not said to be passed on.)
NOT_PASSED_ON = [("NHS England", f"{A}:1495"), ("Scottish Government", f"{A}:1495"),
                 ("Welsh Government", f"{A}:1495")]
# No line says more was spent than allocated, every stated balance is allocated minus spent, and no
# money line is struck through; the proposals with figures (004:284 and 295, reserves to be
# redirected) are not read as money paid, so nothing is read from a proposed line.


@pytest.fixture(scope="module")
def findings(corpus_store_dir: Path) -> list[Finding]:
    found, notes = audit_store(NetworkxStore(corpus_store_dir))
    assert notes == []          # every paper was read again for its tables
    return found


def _of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


@pytest.mark.parametrize("cites,earlier,later", SPENT_FELL)
def test_corpus_spent_fell(findings: list[Finding], cites: tuple[str, str], earlier: float, later: float) -> None:
    hits = [f for f in _of(findings, "spent-fell") if set(f.citations) == set(cites)]
    assert len(hits) == 1
    assert hits[0].figures["earlier"]["spent"] == earlier and hits[0].figures["later"]["spent"] == later


@pytest.mark.parametrize("cite,stated,rows", TOTALS)
def test_corpus_total_not_sum(findings: list[Finding], cite: str, stated: float, rows: float) -> None:
    assert [(f.figures["stated"], f.figures["sum_of_rows"]) for f in _of(findings, "total-not-sum")
            if f.citations == [cite] and f.figures["stated"] == stated] == [(stated, rows)]


@pytest.mark.parametrize("cite,amount", NO_PERIOD)
def test_corpus_no_period(findings: list[Finding], cite: str, amount: float) -> None:
    assert [f for f in _of(findings, "no-period") if cite in f.citations and f.figures["amount"] == amount]


@pytest.mark.parametrize("cite,amount", NO_RECIPIENT)
def test_corpus_no_recipient(findings: list[Finding], cite: str, amount: float) -> None:
    assert [f for f in _of(findings, "no-recipient") if f.citations == [cite] and f.figures["amount"] == amount]


@pytest.mark.parametrize("body,cite", NOT_PASSED_ON)
def test_corpus_not_passed_on(findings: list[Finding], body: str, cite: str) -> None:
    assert [f for f in _of(findings, "not-passed-on") if f.subject == body and cite in f.citations]


@pytest.mark.parametrize("cites", AMOUNT_DIFFERS)
def test_corpus_amount_differs(findings: list[Finding], cites: tuple[str, str]) -> None:
    assert [f for f in _of(findings, "amount-differs") if set(cites) <= set(f.citations)]


EXPECTED: dict[str, set[Any]] = {
    "spent-above-allocated": set(), "balance-does-not-add-up": set(), "proposed-or-deleted": set(),
    "amount-differs": set(AMOUNT_DIFFERS),
    "spent-fell": {frozenset(c) for c, _, _ in SPENT_FELL},
    "total-not-sum": {(c, s) for c, s, _ in TOTALS},
    "no-period": set(NO_PERIOD), "no-recipient": set(NO_RECIPIENT), "not-passed-on": set(NOT_PASSED_ON),
}


def _key(f: Finding) -> Any:
    if f.rule == "spent-fell":
        return frozenset(f.citations)
    if f.rule == "total-not-sum":
        return (f.citations[0], f.figures["stated"])
    if f.rule in ("no-period", "no-recipient"):
        return (f.citations[0], f.figures["amount"])
    if f.rule == "not-passed-on":
        return (f.subject, f.citations[0])
    return tuple(f.citations)


@pytest.mark.parametrize("rule", RULES)
def test_corpus_no_false_alarm(findings: list[Finding], rule: str) -> None:
    raised = [f for f in _of(findings, rule)]
    false = [f"{f.subject}: {f.detail} [{', '.join(f.citations)}]" for f in raised if _key(f) not in EXPECTED[rule]]
    assert false == []


# -- the CLI -----------------------------------------------------------------------------------------
def test_cli_table_json_rule_and_list(corpus_store_dir: Path) -> None:
    env = {"KG_STORE": str(corpus_store_dir)}
    res = runner.invoke(app, ["audit"], env=env)
    assert res.exit_code == 0, res.output
    head = res.stdout.splitlines()[0].split()
    assert head == ["rule", "subject", "detail", "citations"]
    assert f"{P}:1155" in res.stdout and "spent-fell" in res.stdout
    js = runner.invoke(app, ["audit", "--json", "--rule", "total-not-sum"], env=env)
    rows = json.loads(js.stdout)
    assert {r["rule"] for r in rows} == {"total-not-sum"} and len(rows) == len(TOTALS)
    assert all(r["citations"] and r["evidence"] and r["figures"] for r in rows)
    listed = runner.invoke(app, ["audit", "--list"])
    assert listed.exit_code == 0 and all(r in listed.stdout for r in RULES)


def test_cli_mistakes_are_one_line_and_exit_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["audit", "--rule", "no-such-rule"])
    assert res.exit_code == 2 and res.stderr.startswith("kg: unknown rule 'no-such-rule'")
    res = runner.invoke(app, ["audit", "--store", str(tmp_path / "none")])
    assert res.exit_code == 2 and "no kg store here" in res.stderr and "\n" not in res.stderr.strip()


def test_a_paper_that_moved_is_named_and_the_rest_is_checked(tmp_path: Path) -> None:
    from kg.ingest import ingest

    paper = tmp_path / "pack.txt"
    paper.write_text("Area\tGrant £\nA\t£1,000\nB\t£2,000\nTotal\t£3,500\n", encoding="utf-8")
    store = NetworkxStore(tmp_path / "s")
    ingest([paper], store)
    found, notes = audit_store(store)
    assert notes == [] and [f.figures["stated"] for f in found if f.rule == "total-not-sum"] == [3500.0]
    paper.write_text("changed", encoding="utf-8")
    found, notes = audit_store(store)
    assert notes == [f"pack.txt: '{paper}' changed since ingest, its tables were not checked"]
    assert not [f for f in found if f.rule == "total-not-sum"]


def test_the_atlas_has_the_audit_section(corpus_store_dir: Path, tmp_path: Path, findings: list[Finding]) -> None:
    import re

    res = runner.invoke(app, ["atlas", str(tmp_path / "atlas")], env={"KG_STORE": str(corpus_store_dir)})
    assert res.exit_code == 0, res.output
    html = (tmp_path / "atlas" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="audit"')[1].split("</section>")[0]
    rows = re.findall(r"<tr><td><code>([a-z-]+)</code>", section)
    assert len(rows) == len(findings) and rows.count("spent-fell") == len(SPENT_FELL)
    assert f"{P}:1155" in section
