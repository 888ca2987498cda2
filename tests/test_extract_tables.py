"""Table rows (kg.extract.table_rows), grant lists, MANAGES, ADDRESSES and cued project names,
read from made-up council papers in tests/papers/funding/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from extract_helpers import run

from kg.extract import extract
from kg.extract.project_cues import find_cued
from kg.extract.table_rows import _roles
from kg.loaders.base import Document
from kg.model import Extraction

DOCS = Path(__file__).parent / "papers" / "funding"


def load(name: str) -> Extraction:
    return extract(Document.from_text(name, (DOCS / name).read_text(encoding="utf-8")))


def facts(ex: Extraction, rtype: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(f.start.name, f.end.name): f.props for f in ex.facts if f.type == rtype}


@pytest.fixture(scope="module")
def grants() -> Extraction:
    return load("grants_tables.txt")


@pytest.fixture(scope="module")
def prose() -> Extraction:
    return load("funding_prose.txt")


OPCC = "Office of the Police and Crime Commissioner for Northmoor"


def test_header_roles() -> None:
    assert _roles(["Scheme", "Description", "Delivered by", "District"]) == {
        "project": 0, "provider": 2, "area": 3}
    assert _roles(["Service", "Lead organisation", "2025/26 Budget", "Spend to date", "Balance"]) == {
        "project": 0, "provider": 1, "amount": 2, "spent": 3, "remaining": 4}
    assert _roles(["Funding stream", "Recipient", "Financial year", "£"]) == {
        "fund": 0, "recipient": 1, "period": 2, "amount": 3}


def test_grant_table_funder_from_caption_period_and_projects(grants: Extraction) -> None:
    f = facts(grants, "FUNDS")
    # "Commissioner's Community Grants 2025-26": the commissioner pays, for 2025-26, grants
    assert f[(OPCC, "Street Kitchen")] == {"amount": 12000.0, "period": "2025-26", "kind": "grant"}
    assert f[(OPCC, "Gloves On")]["amount"] == 8500.0
    # the table goes on after a page break ("OFFICIAL") with the same header
    assert f[(OPCC, "Quiet Streets Theatre")]["amount"] == 3250.5
    assert not any("Total" in k[1] for k in f)
    projects = {m.name for m in grants.mentions if m.label == "Project"}
    assert {"Street Kitchen", "Gloves On", "Quiet Streets Theatre"} <= projects


def test_recipient_delivers_area_and_theme_columns(grants: Extraction) -> None:
    d = facts(grants, "DELIVERS")
    assert ("Harbourside Youth Trust", "Street Kitchen") in d
    assert ("Lantern Arts Collective", "Quiet Streets Theatre") in d
    a = facts(grants, "IN_AREA")
    assert {("Street Kitchen", "Eastholme"), ("Gloves On", "Westbridge"),
            ("Quiet Streets Theatre", "Eastholme")} <= set(a)
    p = facts(grants, "ADDRESSES")
    assert {("Street Kitchen", "Youth diversion"), ("Gloves On", "Serious violence")} <= set(p)


def test_project_table_without_money_gives_providers_and_districts(grants: Extraction) -> None:
    d = facts(grants, "DELIVERS")
    assert {("Lantern Arts Collective", "Safe Haven Nights"), ("Northmoor Police", "Bike Marking Days")} <= set(d)
    a = facts(grants, "IN_AREA")
    assert {("Safe Haven Nights", "Westbridge"), ("Bike Marking Days", "Eastholme")} <= set(a)
    # no money column: no flow
    assert not any(k[1] in ("Safe Haven Nights", "Bike Marking Days") for k in facts(grants, "FUNDS"))


def test_html_service_table_with_spent_and_remaining(grants: Extraction) -> None:
    f = facts(grants, "FUNDS")
    assert f[(OPCC, "Victim Care Line")] == {"amount": 40000.0, "period": "2025-26", "kind": "allocation",
                                             "as_of": "2025-12-31", "spent": 30000.0, "remaining": 10000.0}
    assert ("Harbourside Youth Trust", "Victim Care Line") in facts(grants, "DELIVERS")


def test_table_evidence_is_the_row(grants: Extraction) -> None:
    text = (DOCS / "grants_tables.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    for f in grants.facts:
        assert f.cite.text in lines[f.cite.line - 1]
    cite = next(f.cite for f in grants.facts if f.type == "FUNDS" and f.end.name == "Gloves On")
    assert cite.text == "Northmoor Boxing CIC\tGloves On\tSerious violence\tWestbridge\t£8,500"


def test_fund_column_given_by_initials_only() -> None:
    text = ("The Eastholme Safety Fund paid for the work below.\n\n"
            "Organisation\tStream\tFunding\n"
            "Harbourside Youth Trust – Street Kitchen\tESF\t£2,000\n"
            "Lantern Arts Collective – Night Theatre\tESF\t£1,500\n")
    f = facts(run(text), "FUNDS")
    assert f[("Eastholme Safety Fund", "Street Kitchen")] == {"amount": 2000.0, "kind": "grant"}
    assert f[("Eastholme Safety Fund", "Night Theatre")]["amount"] == 1500.0


def test_town_in_a_partnership_area_column_names_the_district() -> None:
    text = ("The Office of the Police and Crime Commissioner for Northmoor (OPCC) funds each CSP.\n"
            "Members: Eastholme Borough Council, Westbridge District Council.\n\n"
            "**OPCC allocations**\n\n"
            "CSP Area\t2025-26 Allocations\n"
            "Eastholme Quay\t£5,000.00\n"
            "Westbridge\t£4,000.00\n")
    f = facts(run(text), "FUNDS")
    assert f[(OPCC, "Eastholme Community Safety Partnership")]["amount"] == 5000.0
    assert f[(OPCC, "Westbridge Community Safety Partnership")]["amount"] == 4000.0


def test_grant_list_lines(prose: Extraction) -> None:
    f = facts(prose, "FUNDS")
    assert f[("Community Resilience Fund", "Quiet Streets Theatre")] == {"amount": 4000.0, "period": "2025-26",
                                                                         "kind": "grant"}
    assert f[("Community Resilience Fund", "Gloves On")]["amount"] == 2500.0
    assert ("Northmoor Boxing CIC", "Gloves On") in facts(prose, "DELIVERS")


def test_prose_allocations_and_up_to(prose: Extraction) -> None:
    f = facts(prose, "FUNDS")
    assert f[("Safer Towns Fund", "Westbridge Community Safety Partnership")] == {
        "amount": 15000.0, "period": "2025-26", "kind": "allocation"}
    assert f[("Safer Towns Fund", "Harbourside Youth Trust")] == {"amount": 5000.0, "kind": "grant", "up_to": True}
    # deficits, salaries, fines and budget totals are not flows
    amounts = {p.get("amount") for p in f.values()}
    assert not amounts & {40000.0, 32000.0, 150.0, 1200000.0}


def test_manages_active_and_passive(prose: Extraction) -> None:
    m = facts(prose, "MANAGES")
    assert set(m) == {("Eastholme Borough Council", "Safer Towns Fund"),
                      ("Westbridge District Council", "Community Resilience Fund")}


def test_addresses_from_prose(prose: Extraction) -> None:
    assert ("Night Watch scheme", "Reducing serious violence") in facts(prose, "ADDRESSES")
    ex = run("Operation Lantern supports the Commissioner's priorities on public safety and business protection.\n")
    assert set(facts(ex, "ADDRESSES")) == {("Operation Lantern", "Public safety"),
                                           ("Operation Lantern", "Business protection")}


def test_addresses_uses_the_listed_wording() -> None:
    text = ("The priorities of the Westbridge Safety Plan are:\n\n"
            "- Reducing serious violence\n- Tackling rural crime\n\n"
            "The Farm Watch scheme supports the priority of tackling rural crime.\n")
    assert ("Farm Watch scheme", "Tackling rural crime") in facts(run(text), "ADDRESSES")


def test_delivered_by_and_in_area(prose: Extraction) -> None:
    assert ("Harbourside Youth Trust", "Night Watch scheme") in facts(prose, "DELIVERS")
    assert ("Night Watch scheme", "Eastholme") in facts(prose, "IN_AREA")


@pytest.mark.parametrize(("text", "name"), [
    ("Staff designed a groupwork programme called 'Brave Steps' for girls.", "Brave Steps"),
    ("Cases are logged on CaseTrack, our case management system, every day.", "CaseTrack"),
    ("Residents can report concerns through the Talk Back platform.", "Talk Back"),
    ("Local Pubwatch schemes share intelligence.", "Pubwatch"),
    ("[Night Light](#) provides free support to victims.", "Night Light"),
])
def test_cued_project_names(text: str, name: str) -> None:
    assert [e.name for e in find_cued(text)] == [name]
    assert name in {m.name for m in run(text + "\n").mentions if m.label == "Project"}


def test_cue_does_not_take_bodies() -> None:
    assert find_cued("Cases are shared with Eastholme Borough Council, our partner service, daily.") == []


def test_addresses_in_a_table_with_one_project_a_column() -> None:
    text = ("Objectives\tOperation Lantern\tOperation Harbour\n"
            "Relevant\tSupports the Commissioner's priorities on rural crime and road safety.\tBuilds trust.\n"
            "Timed\tBy March 2027\tBy March 2027\n")
    ex = run(text)
    a = facts(ex, "ADDRESSES")
    assert set(a) == {("Operation Lantern", "Rural crime"), ("Operation Lantern", "Road safety")}
    cite = next(f.cite for f in ex.facts if f.type == "ADDRESSES")
    assert cite.text == text.split("\n")[1]


@pytest.fixture(scope="module")
def youth() -> Extraction:
    return load("youth_plan.txt")


def test_bold_led_priorities_with_paragraphs_between(youth: Extraction) -> None:
    got = {k for k in facts(youth, "HAS_PRIORITY") if k[0] == "Westbridge Youth Safety Plan"}
    assert {("Westbridge Youth Safety Plan", "Improving school attendance for children known to the service"),
            ("Westbridge Youth Safety Plan", "Strengthening support for victims through better referral routes"),
            ("Westbridge Youth Safety Plan", "Ensure children at risk of exploitation have safe routes to support"),
            } <= got


def test_continuing_wording_is_dropped_from_priority_names(youth: Extraction) -> None:
    got = {k[1] for k in facts(youth, "HAS_PRIORITY")}
    assert {"Embedding restorative practice across the service",
            "Partnership approaches to early help"} <= got
    m = next(m for m in youth.mentions if m.name == "Embedding restorative practice across the service")
    assert "Continue embedding restorative practice across the service" in m.aliases


def test_heading_over_prose_paragraphs_is_not_a_priority_list(youth: Extraction) -> None:
    assert not any(k[1].startswith(("A framework", "We will measure")) for k in facts(youth, "HAS_PRIORITY"))


def test_through_the_initiative_the_body_delivers_it() -> None:
    ex = run("Eastholme Borough Council and Westbridge District Council are partners.\n"
             "Through the #AskEastholme initiative, Northmoor Police reports back on resolved issues.\n")
    assert ("Northmoor Police", "#AskEastholme") in facts(ex, "DELIVERS")


def test_apposed_system_name_and_its_area() -> None:
    ex = run("Eastholme Borough Council and Westbridge District Council (EW) share data.\n"
             "The recording and case system, CaseTrack, was introduced across Eastholme and Westbridge in 2019.\n")
    assert "CaseTrack" in {m.name for m in ex.mentions if m.label == "Project"}
    assert {("CaseTrack", "Eastholme"), ("CaseTrack", "Westbridge")} <= set(facts(ex, "IN_AREA"))


def test_board_named_for_its_area() -> None:
    ex = run("Eastholme Borough Council and Westbridge District Council are members.\n\n"
             "**Joint Safety Board** for Eastholme and Westbridge\n")
    assert {("Joint Safety Board", "Eastholme"), ("Joint Safety Board", "Westbridge")} <= set(facts(ex, "IN_AREA"))


def test_contract_name_starting_with_a_capitalised_word_and_of() -> None:
    ex = run("The Out of Court Disposals contract was awarded to Brightwell Futures.\n")
    assert ("Brightwell Futures", "Out of Court Disposals contract") in facts(ex, "DELIVERS")


def test_table_in_thousands_with_a_column_per_year() -> None:
    text = ("**Northmoor Police contributions**\n\n"
            "Partnership\t2025/26 £000\t2026/27 £000\n"
            "Eastholme Community Safety Partnership\t120\t125.5\n"
            "Westbridge Community Safety Partnership\t80\t80\n")
    f = [(x.start.name, x.end.name, x.props["amount"], x.props["period"]) for x in run(text).facts
         if x.type == "FUNDS"]
    assert sorted(f) == [
        ("Northmoor Police", "Eastholme Community Safety Partnership", 120000.0, "2025-26"),
        ("Northmoor Police", "Eastholme Community Safety Partnership", 125500.0, "2026-27"),
        ("Northmoor Police", "Westbridge Community Safety Partnership", 80000.0, "2025-26"),
        ("Northmoor Police", "Westbridge Community Safety Partnership", 80000.0, "2026-27"),
    ]


def test_bare_numbers_are_not_money_without_a_pound_header() -> None:
    text = ("**Northmoor Police engagement**\n\n"
            "Local Authority\tTotal Engagements\n"
            "Eastholme Borough Council\t33\n"
            "Westbridge District Council\t35\n")
    assert facts(run(text), "FUNDS") == {}


@pytest.mark.parametrize("sep", [" – ", ": ", " (", ", "])
def test_grant_list_line_forms(sep: str) -> None:
    close = ")" if sep == " (" else ""
    text = ("The following grants were made from the Eastholme Safety Fund in 2026/27:\n\n"
            f"- Harbourside Youth Trust{sep}£2,000{close}\n"
            f"- Lantern Arts Collective{sep}£1,250{close}\n")
    f = facts(run(text), "FUNDS")
    assert f[("Eastholme Safety Fund", "Harbourside Youth Trust")] == {"amount": 2000.0, "period": "2026-27",
                                                                       "kind": "grant"}
    assert f[("Eastholme Safety Fund", "Lantern Arts Collective")]["amount"] == 1250.0


@pytest.mark.parametrize(("sentence", "funder", "recipient", "amount"), [
    ("Westbridge District Council received £20,000 from Northmoor Police for 2025/26.",
     "Northmoor Police", "Westbridge District Council", 20000.0),
    ("Northmoor Police has provided £12,500 to Harbourside Youth Trust to run the scheme.",
     "Northmoor Police", "Harbourside Youth Trust", 12500.0),
    ("A grant of £7,500 has been awarded to Lantern Arts Collective by the Safer Towns Fund.",
     "Safer Towns Fund", "Lantern Arts Collective", 7500.0),
    ("Eastholme Borough Council has committed £50,000 to the Westbridge Community Safety Partnership.",
     "Eastholme Borough Council", "Westbridge Community Safety Partnership", 50000.0),
])
def test_more_flow_sentences(sentence: str, funder: str, recipient: str, amount: float) -> None:
    f = facts(run(sentence + "\n"), "FUNDS")
    assert f[(funder, recipient)]["amount"] == amount


def test_process_named_by_a_defined_acronym() -> None:
    text = ("The Board considered the Serious Case Review (SCR) management process provided by Westbridge "
            "District Council.\n"
            "Eastholme Borough Council contributed a large amount of staff time to the SCR process.\n"
            "An alternative to Westbridge District Council leading on the SCR process was discussed.\n")
    ex = run(text)
    assert "Serious Case Review" in {m.name for m in ex.mentions if m.label == "Project"}
    d = facts(ex, "DELIVERS")
    assert ("Westbridge District Council", "Serious Case Review") in d
    f = facts(ex, "FUNDS")
    # "provided by" names who runs the process, not who pays for it
    assert set(f) == {("Eastholme Borough Council", "Serious Case Review")}


def test_capitalised_system_known_as_a_short_name() -> None:
    ex = run("The Board discussed the Anti-social Behaviour Case Recording System known as CaseTrack.\n")
    m = next(m for m in ex.mentions if m.label == "Project")
    assert (m.name, m.aliases) == ("Anti-social Behaviour Case Recording System", ["CaseTrack"])


def test_two_editions_of_a_plan_stay_apart() -> None:
    ex = run("This plan builds on the Westbridge Youth Safety Plan 2023/26 and its results.\n"
             "The Youth Safety Plan 2026/27 was approved in May.\n")
    plans = {(m.name, m.props.get("period")) for m in ex.mentions if m.label == "Plan"}
    assert {("Westbridge Youth Safety Plan", "2023-26"), ("Youth Safety Plan", "2026-27")} <= plans


def test_a_name_the_text_defines_as_a_programme() -> None:
    assert [e.name for e in find_cued("Bright Futures Service is a programme of work to help young people.")] \
        == ["Bright Futures Service"]
    assert find_cued("Eastholme Borough Council is a partner in the project.") == []


def test_html_rows_without_a_table_element() -> None:
    text = ("Grants from the Eastholme Safety Fund in 2025/26:\n"
            "<tr><th>Recipient</th><th>Project</th><th>Grant</th></tr>\n"
            "<tr><td>Harbourside Youth Trust</td><td>Street Kitchen</td><td>£3,000</td></tr>\n"
            "<tr><td>Lantern Arts Collective</td><td>Night Theatre</td><td>£2,000</td></tr>\n")
    f = facts(run(text), "FUNDS")
    assert f[("Eastholme Safety Fund", "Street Kitchen")] == {"amount": 3000.0, "period": "2025-26", "kind": "grant"}
    assert f[("Eastholme Safety Fund", "Night Theatre")]["amount"] == 2000.0


def test_columns_of_sums_that_are_not_flows() -> None:
    text = ("**Northmoor Police charges 2025/26**\n\n"
            "Service\tProvider\tUnit cost\n"
            "Street Kitchen\tHarbourside Youth Trust\t£12\n\n\n\n"
            "**Westbridge District Council precept 2025/26**\n\n"
            "Partnership\tPrecept\n"
            "Westbridge Community Safety Partnership\t£120,000\n")
    assert facts(run(text), "FUNDS") == {}


def test_project_cards_with_key_value_lines() -> None:
    ex = load("project_cards.txt")
    f = facts(ex, "FUNDS")
    assert f == {("Safer Towns Fund", "Street Kitchen"): {"amount": 12000.0, "period": "2025-26", "kind": "grant"},
                 ("Safer Towns Fund", "Quiet Streets Theatre"): {"amount": 3500.0, "period": "2025-26",
                                                                 "kind": "grant"}}
    assert set(facts(ex, "DELIVERS")) == {("Harbourside Youth Trust", "Street Kitchen"),
                                          ("Lantern Arts Collective", "Quiet Streets Theatre")}
    assert ("Street Kitchen", "Eastholme") in facts(ex, "IN_AREA")
    assert ("Street Kitchen", "Youth diversion") in facts(ex, "ADDRESSES")
    # a meeting's "Date:" and "Location:" lines are not a project card
    assert {m.name for m in ex.mentions if m.label == "Project"} == {"Street Kitchen", "Quiet Streets Theatre"}
    # the evidence starts at the card's title line
    cite = next(x.cite for x in ex.facts if x.type == "FUNDS" and x.end.name == "Street Kitchen")
    assert cite.text.startswith("**Street Kitchen**") and cite.text.endswith("Grant: £12,000")


def test_project_named_for_its_places() -> None:
    ex = run("Eastholme Borough Council and Westbridge District Council fund youth work.\n"
             "Staff delivered the Eastholme and Westbridge Knife Crime training to schools.\n"
             "Eastholme and Westbridge training is booked online.\n")
    assert {("Eastholme and Westbridge Knife Crime training", "Eastholme"),
            ("Eastholme and Westbridge Knife Crime training", "Westbridge")} <= set(facts(ex, "IN_AREA"))
    # places and a project word alone name no project
    assert "Eastholme and Westbridge training" not in {m.name for m in ex.mentions if m.label == "Project"}


def test_a_person_in_a_lead_column_is_not_a_provider() -> None:
    text = ("**Northmoor Police projects 2025/26**\n\n"
            "Project\tLead organisation\tArea\n"
            "Street Kitchen\tSupt Jane Holt\tEastholme\n"
            "Safe Haven Nights\tHarbourside Youth Trust\tWestbridge\n")
    d = facts(run(text), "DELIVERS")
    assert set(d) == {("Harbourside Youth Trust", "Safe Haven Nights")}


def test_decision_column_and_the_body_that_holds_the_budget() -> None:
    """A table of applications copied one cell a line, with a "Decision" column, under minutes that
    name the body whose budget it is ("the budget position for the Northby Area Committee"): that
    body pays each approved row; a deferred row gives nothing; a decision that names its own total
    gives that sum, not the amount requested."""
    cells = ["Project Title", "Wards", "Amount requested", "Decision",
             "Bench Repairs for Eastfield", "Eastfield", "£900.00 (Small Grants)", "Approved",
             "Westfield Youth Trips", "Westfield", "£2,000.00 (Small Grants)",
             "Officers are asked to look at cheaper ways to deliver the project and report back.",
             "Winter Warm Packs", "Eastfield; Westfield", "£3,000.00 (Small Grants)",
             "That £500 (Eastfield Ward) and £700.00 (Westfield Ward) totalling £1,200.00 funding be Approved"]
    text = ("Minutes:\nThe officer submitted a report that set out the delegated budget position for the Northby "
            "Area Committee and invited Members to determine the applications.\n"
            "The projects set out in the report were determined as follows:-\n"
            + "".join(c + " |\n" for c in cells))
    got = {(a, b): p.get("amount") for (a, b), p in facts(run(text), "FUNDS").items()}
    assert got == {("Northby Area Committee", "Bench Repairs for Eastfield"): 900.0,
                   ("Northby Area Committee", "Winter Warm Packs"): 1200.0}


def test_grants_table_flattened_to_one_line_a_row() -> None:
    """A grants table copied as text, one row a line, cells parted by single spaces under a header
    of column words: the organisation at the head of a row (its name ending in a word names of
    bodies end in) is paid the amount at the row's end (thousands parted by a comma or a blank) by
    the paper's commissioner, and delivers the project named after it; a row whose organisation
    cannot be told from its project, and a row cut before its amount, give nothing."""
    text = ("Westby Police and Crime Commissioner: prevention fund recipients\n\n"
            "Organisation Nature of Project £\n"
            "Northby Youth Theatre Loud and Clear: Drama sessions for pupils aged 11-14  12,400\n"
            "Eastby Rowing Club Safe Water: Summer courses on river safety  9 850\n"
            "The Southby Trust Peer Mentoring programme for adults leaving custody  30,000\n"
            "Bright Morning Sunrise Walks: Guided walks for carers  4,000\n"
            "Westby Boxing Academy Fit Futures: Weekly sessions for young people\n")
    ex = run(text)
    pcc = "Westby Police and Crime Commissioner"
    got = {(a, b): p.get("amount") for (a, b), p in facts(ex, "FUNDS").items()}
    assert got == {(pcc, "Northby Youth Theatre"): 12400.0, (pcc, "Eastby Rowing Club"): 9850.0,
                   (pcc, "Southby Trust"): 30000.0}
    assert {("Northby Youth Theatre", "Loud and Clear"), ("Eastby Rowing Club", "Safe Water"),
            ("Southby Trust", "Peer Mentoring programme")} <= set(facts(ex, "DELIVERS"))


def test_pipe_rows_with_a_title_column_and_raised_points() -> None:
    """A table printed one row a line with cells cut by "|" (as a printed answer gives it), a
    first column headed "Title" that labels the rows, item numbers before the labels and a raised
    decimal point ("1,200·00"): each row is a grant of the body the lead-in names; the total line
    pays no one."""
    text = ("Westby Borough Council community grants 2031-32\n\n"
            "Grants awarded by Westby Borough Council in 2031-32 were as follows:\n"
            "Title | Cost (£) |\n"
            "1. Harbourside Youth Club | 1,200·00 |\n"
            "2. Westby Food Network | 3,450·00 |\n"
            "3. Northgate Bereavement Support | 980·00 |\n"
            "Total cost | 5,630·00 |\n")
    flows = {(f.start.name, f.end.name): (f.props or {}).get("amount") for f in run(text).facts
             if f.type == "FUNDS"}
    assert flows == {("Westby Borough Council", "Harbourside Youth Club"): 1200.0,
                     ("Westby Borough Council", "Westby Food Network"): 3450.0,
                     ("Westby Borough Council", "Northgate Bereavement Support"): 980.0}
