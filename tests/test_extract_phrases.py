"""Further extraction rules, read from made-up council papers in tests/papers/phrases/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.extract import extract
from kg.loaders.base import Document
from kg.model import Extraction

DOCS = Path(__file__).parent / "papers" / "phrases"


def load(name: str) -> Extraction:
    return extract(Document.from_text(name, (DOCS / name).read_text(encoding="utf-8")))


def facts(ex: Extraction, rtype: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(f.start.name, f.end.name): f.props for f in ex.facts if f.type == rtype}


def names(ex: Extraction, label: str) -> set[str]:
    return {m.name for m in ex.mentions if m.label == label}


def test_places_under_local_authority_are_not_organisations() -> None:
    ex = load("engagement_tables.txt")
    orgs = names(ex, "Organisation")
    # a table of counts by local authority names places, never partner bodies
    assert not {"Ashby Vale", "Corrow", "Westholm"} & orgs
    assert "Total" not in orgs


def test_place_in_local_authority_money_column_is_its_council() -> None:
    ex = load("engagement_tables.txt")
    funds = facts(ex, "FUNDS")
    opcc = "Office of the Police and Crime Commissioner for Westholm"
    assert funds[(opcc, "Ashby Vale District Council")]["amount"] == 14500
    assert funds[(opcc, "Corrow Borough Council")]["period"] == "2025-26"
    assert all(dst not in ("Ashby Vale", "Corrow") for _, dst in funds)


def test_funded_through_a_project_through_a_fund() -> None:
    funds = facts(load("funding_routes.txt"), "FUNDS")
    # the fund pays for the project named between the two "through"s, not for the adviser's work
    assert ("Young Lives Fund", "Fair Futures Programme") in funds
    assert not any(dst == "Young Lives Fund" for _, dst in funds)


def test_share_to_a_plural_of_two_bodies_goes_to_each() -> None:
    funds = facts(load("funding_routes.txt"), "FUNDS")
    levy = "Harm Reduction Levy"
    assert funds[(levy, "Office for Public Learning")]["share"] == "40%"
    assert funds[(levy, "Eastshire Council")]["share"] == "40%"
    assert funds[(levy, "Westshire Council")]["share"] == "40%"
    assert funds[(levy, "National Research Trust")]["share"] == "60%"


def test_board_title_wrapped_over_lines_names_its_areas() -> None:
    areas = facts(load("area_phrases.txt"), "IN_AREA")
    for place in ("Brackley", "Dunmore", "Ashwell"):
        assert ("Joint Safety Board", place) in areas


def test_project_in_use_in_a_place() -> None:
    areas = facts(load("area_phrases.txt"), "IN_AREA")
    assert ("Youth Referral Case Management System", "Dunmore") in areas
    # the council of the report's author is not where the system is used
    assert ("Youth Referral Case Management System", "Ashwell") not in areas


def test_place_that_introduced_something_under_an_operation() -> None:
    areas = facts(load("area_phrases.txt"), "IN_AREA")
    assert ("Operation Kestrel", "Ashwell") in areas
    # "Brackley introduced X, and Operation Heron continues": no "under", no area
    assert not any(src == "Operation Heron" for src, _ in areas)


def test_contributors_list_names_organisations() -> None:
    orgs = names(load("partner_lists.txt"), "Organisation")
    assert {"CAMHS", "Bright Start Active", "Second Step"} <= orgs
    assert {"Harbour Lights", "Kindred Voices"} <= orgs


def test_lists_of_places_people_and_common_nouns_are_not_organisations() -> None:
    orgs = names(load("partner_lists.txt"), "Organisation")
    assert not {"Eastmoor", "Westfield"} & orgs  # places of the document's councils
    assert not {"Ann Tolley", "Ravi Mistry", "Jo Harker", "Sam Reed"} & orgs  # people
    assert not {"Members", "Officers"} & orgs  # words the paper writes in lower case too


def test_plural_of_councils_with_a_place_is_no_one_body() -> None:
    ex = load("partner_lists.txt")
    orgs = names(ex, "Organisation")
    assert "NSH Local Authorities" not in orgs
    assert "Eastmoor Constabulary" in orgs


def test_plan_title_over_several_lines_is_one_plan() -> None:
    ex = load("title_plan.txt")
    plans = names(ex, "Plan")
    # the title's lines make one name; shorter names of it in the text are the same plan
    assert plans == {"Northvale Youth Safety Action Plan"}
    aliases = {a for m in ex.mentions if m.label == "Plan" for a in m.aliases}
    assert {"YS Action Plan", "Youth Safety Action Plan"} <= aliases
    # the logo's capitals are not part of the name
    assert not any("POLICE" in p for p in plans)


def test_name_in_a_heading_keeps_a_word_the_text_writes_in_lower_case() -> None:
    # "betting" is mostly lower case in the paper, but "The Betting Safety Levy" inside a
    # sentence shows the word belongs to the name, in the heading too
    assert names(load("levy_heading.txt"), "Fund") == {"Betting Safety Levy"}


def test_operation_variant_in_brackets_standing_alone() -> None:
    projects = names(load("operation_variants.txt"), "Project")
    # a cell "Operation Lantern (On Foot)" names a variant of the operation
    assert {"Operation Lantern", "Operation Lantern (On Foot)", "Operation Heron"} <= projects
    # brackets inside a sentence (an acronym, a phase) are not part of the name
    assert not any("(OL)" in p or "Phase" in p for p in projects)


def test_plan_title_leaves_out_page_furniture() -> None:
    # "Appendix A" above the title is not part of the plan's name
    assert names(load("title_plan_appendix.txt"), "Plan") == {"Eastvale Community Safety Plan"}


def test_contributors_list_keeps_a_known_name_with_and_whole() -> None:
    orgs = names(load("partner_lists.txt"), "Organisation")
    assert {"Northgate Foodbank", "Westshire Fire and Rescue Service"} <= orgs
    assert "Westshire Fire" not in orgs and "Rescue Service" not in orgs


def test_operations_such_as_a_and_b_are_projects_the_force_delivers() -> None:
    ex = load("operation_variants.txt")
    assert {"Operation Kestrel", "Operation Osprey", "Operation Merlin", "Operation Falcon",
            "Operation Swift"} <= names(ex, "Project")
    delivers = {(a.lower(), b) for a, b in facts(ex, "DELIVERS")}
    # "the force's" is the one police force the paper names
    assert ("northshire police", "Operation Kestrel") in delivers
    assert ("northshire police", "Operation Osprey") in delivers
    # no body's possessive in the sentence: nobody is said to deliver them
    assert not any(b in ("Operation Merlin", "Operation Falcon", "Operation Swift") for _, b in delivers)
