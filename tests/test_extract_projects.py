"""Project rules, read from a made-up council paper in tests/papers/projects/: headed
lists of projects, headed schemes, bracketed systems, funded posts, a year in a name, names that
recur, where a project is rolled out, lists after "such as", and project names with a kind word."""

from __future__ import annotations

from pathlib import Path

from kg.extract import extract
from kg.loaders.base import Document
from kg.model import Cite, DocInfo, Extraction, Mention
from kg.resolve import build_graph

DOCS = Path(__file__).parent / "papers" / "projects"


def load(name: str) -> Extraction:
    return extract(Document.from_text(name, (DOCS / name).read_text(encoding="utf-8")))


def names(ex: Extraction, label: str) -> set[str]:
    return {m.name for m in ex.mentions if m.label == label}


def test_items_of_a_headed_list_of_methods_are_projects() -> None:
    projects = names(load("engagement_report.txt"), "Project")
    assert {"Westmoor Listens", "Street Voice Survey 2026"} <= projects
    # an item that starts with a body is that body's work, not a named project; the list ends
    # at the next heading
    assert not {p for p in projects if p.startswith(("Neighbourhood", "Residents"))}


def test_a_year_after_a_project_name_is_part_of_it() -> None:
    projects = names(load("engagement_report.txt"), "Project")
    assert "Street Voice Survey 2026" in projects
    assert "Street Voice Survey" not in projects


def test_a_heading_the_text_calls_a_scheme_is_a_project() -> None:
    ex = load("engagement_report.txt")
    m = next(m for m in ex.mentions if m.label == "Project" and m.name == "Night Guardians"
             and m.aliases)
    assert m.aliases == ["night guardians scheme"]


def test_a_name_the_brackets_call_a_system_is_a_project_and_recurs() -> None:
    ex = load("engagement_report.txt")
    beacons = [m for m in ex.mentions if m.label == "Project" and m.name == "BEACON"]
    assert ["Partnership Incident Recording System"] in [m.aliases for m in beacons]
    # the second, uncued "to embed BEACON" is a mention too, on its own line
    assert len({m.cite.line for m in beacons}) >= 2


def test_where_a_project_is_embedded_is_its_area() -> None:
    ex = load("engagement_report.txt")
    areas = {(f.start.name, f.end.name) for f in ex.facts if f.type == "IN_AREA"}
    assert {("BEACON", "Westmoor"), ("BEACON", "Northvale")} <= areas
    # the Board the report is for is not rolled out anywhere
    assert not {a for a in areas if a[0] == "Westmoor Safer Neighbourhoods Board"}


def test_a_hosted_funded_post_is_a_project() -> None:
    assert "Hate Crime Tasking and Coordination Officer Post" in names(load("engagement_report.txt"), "Project")


def test_such_as_lists_split_and_a_slogan_name_does_not() -> None:
    boards = names(load("engagement_report.txt"), "Board")
    assert "Business Crime Reduction Partnerships" in boards
    assert "Stand, Speak, Act Partnership" in boards
    assert not {b for b in boards if b.startswith(("Shopguard", "Speak", "Act "))}


def test_a_name_after_evaluation_of_the_starts_after_the() -> None:
    projects = names(load("engagement_report.txt"), "Project")
    assert not {p for p in projects if p.startswith("Evaluation")}


def test_project_names_with_and_without_a_kind_word_are_one_node() -> None:
    ex = load("engagement_report.txt")
    c = Cite("other.txt", 1, "Town Centre")
    other = Extraction(DocInfo("other.txt", "sha"), [Mention("Project", "Victim Link", c)], [])
    g, ledger = build_graph([ex, other])
    projects = {n.name: n for n in g.nodes.values() if n.label == "Project"}
    town = [n for n in projects if n.startswith("Town Centre")]
    assert len(town) == 1, town  # "Town Centre Pilot" and "Town Centre project"
    link = [n for n in projects if n.startswith("Victim Link")]
    assert link == ["Victim Link"]  # "Victim Link service" and "Victim Link", named without the kind word
    rules = {m["spelling"]: m["rule"] for e in ledger for m in e["merged"]}
    assert rules.get("Victim Link") == "project-kind" or rules.get("Victim Link service") == "project-kind"
    # a two-word name is never cut down to one word
    assert "Pilot" not in projects


def _facts(ex: Extraction, rtype: str) -> dict[tuple[str, str], dict[str, object]]:
    return {(f.start.name, f.end.name): f.props for f in ex.facts if f.type == rtype}


def test_allocate_sum_to_a_and_sum_to_b_is_two_flows() -> None:
    funds = _facts(load("panel_minutes.txt"), "FUNDS")
    opcc = "Office of the Police and Crime Commissioner for Northshire"
    assert funds[(opcc, "Northshire Community Safety Partnership")]["amount"] == 450000
    assert funds[(opcc, "Eastford Community Safety Partnership")]["amount"] == 120000
    assert funds[(opcc, "Eastford Community Safety Partnership")]["period"] == "2026-27"
    # the precept per Band D property and the contract's worth are not flows
    assert not [p for p in funds.values() if p.get("amount") in (14, 1200000)]


def test_a_presentation_from_an_honorific_name_on_a_subject() -> None:
    ex = load("panel_minutes.txt")
    assert ("Dan Fry", "Northshire Police and Crime Panel 2026-02-05") in _facts(ex, "PRESENTED")


def test_a_named_service_a_body_delivers_is_a_project() -> None:
    ex = load("panel_minutes.txt")
    assert "Northshire Victim Care" in names(ex, "Project")
    assert ("Safe Haven CIC", "Northshire Victim Care") in _facts(ex, "DELIVERS")


def test_grants_of_a_fund_named_in_a_title_come_from_the_fund() -> None:
    ex = load("grant_decision.txt")
    assert names(ex, "Fund") == {"Community Safety Fund"}  # "Community Safety Fund Grants" names the fund
    funds = _facts(ex, "FUNDS")
    assert funds[("Community Safety Fund", "Safe Nights Outreach")]["amount"] == 18500
    # "is asked to approve grants from the Community Safety Fund": the fund pays, it is not paid
    assert not [k for k in funds if k[1] == "Community Safety Fund"]


def test_an_area_cell_ending_in_wide_is_the_whole_place() -> None:
    areas = _facts(load("grant_decision.txt"), "IN_AREA")
    assert ("Neighbour Dispute Resolution", "Westshire") in areas


def test_a_contact_heading_with_the_name_on_the_same_line() -> None:
    roles = {(f.start.name, f.end.name): f.props.get("title") for f in load("grant_decision.txt").facts
             if f.type == "HOLDS_ROLE"}
    opcc = "Office of the Police and Crime Commissioner for Westshire"
    assert roles[("Priya Shah", opcc)] == "Head of Commissioning"
    assert ("Alex Morgan", "Police and Crime Commissioner for Westshire") in roles  # "Signed: Alex Morgan, ..."


def test_a_membership_table_row_gives_the_body_and_its_representative() -> None:
    ex = load("terms_of_reference.txt")
    members = _facts(ex, "MEMBER_OF")
    board = "Southvale Community Safety Partnership"
    assert members[("Lisa Marsh", board)] == {"role": "chair", "representing": "Southvale Borough Council"}
    assert members[("Owen Reid", board)]["role"] == "vice_chair"
    assert members[("Kate Lin", board)]["representing"] == "Southvale Fire and Rescue Service"
    # a cell is one field: the body's name does not run into the next cell ("... Service Group")
    assert ("Southvale Fire and Rescue Service", board) in members
    assert not [k for k in members if "Group" in k[0] or "Head of Service" in k[0]]
    # a struck-through row is a deleted member, and its post names no person
    assert members[("Southvale Probation Delivery Unit", board)]["status"] == "deleted"
    roles = {(f.start.name, f.end.name): f.props.get("title") for f in ex.facts if f.type == "HOLDS_ROLE"}
    assert roles[("Kate Lin", "Southvale Fire and Rescue Service")] == "Group Manager"


def test_secretariat_support_in_a_boards_own_paper_supports_that_board() -> None:
    supports = _facts(load("terms_of_reference.txt"), "SUPPORTS")
    assert set(supports) == {("Southvale Borough Council", "Southvale Community Safety Partnership")}


def test_a_sentence_start_word_stays_when_the_shorter_name_is_named_too() -> None:
    # "victim" is written in lower case more often, which alone would drop it at a sentence start
    text = ("[Victim Link](#) provides free support to any victim of crime. A victim can self-refer; "
            "each victim gets a victim champion.\n\n- Achievable: Victim Link service in place for all referrals.\n")
    projects = names(extract(Document.from_text("t.txt", text)), "Project")
    assert "Victim Link service" in projects
    assert "Link service" not in projects
