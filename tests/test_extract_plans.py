"""Plans, funds, projects, priorities and who owns or delivers them (kg.extract.plans)."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import facts, run

from kg.extract import extract
from kg.extract.plans import find_named, norm_period
from kg.loaders.base import Document
from kg.model import Extraction

DOCS = Path(__file__).parent / "papers" / "reports"


@pytest.fixture(scope="module")
def report() -> Extraction:
    return extract(Document.from_text("strategy_report.txt",
                                      (DOCS / "strategy_report.txt").read_text(encoding="utf-8")))


def test_norm_period() -> None:
    assert [norm_period("2025", "2026"), norm_period("2023", "26")] == ["2025-26", "2023-26"]


def test_find_named_labels_and_period() -> None:
    found = {(e.label, e.name, e.props.get("period")) for e in find_named(
        "The Westmoor Youth Justice Plan 2026/27, the Safer Neighbourhoods Fund and Operation Lantern.")}
    assert found == {("Plan", "Westmoor Youth Justice Plan", "2026-27"), ("Fund", "Safer Neighbourhoods Fund", None),
                     ("Project", "Operation Lantern", None)}


def test_generic_and_body_names_are_not_plans() -> None:
    found = find_named("The Action Plan and the Strategy Group met.")
    assert [e.name for e in found if not e.props.get("generic")] == []


def test_possessive_owner_and_preposition_prefix() -> None:
    found = {(e.name, e.props.get("owner")) for e in find_named(
        "Northshire Constabulary's Neighbourhood Policing Strategy and the Development of the Westmoor Safety Plan")}
    assert found == {("Neighbourhood Policing Strategy", ("Organisation", "Northshire Constabulary")),
                     ("Westmoor Safety Plan", None)}


def test_owns_from_possessive_and_prepared_by(report: Extraction) -> None:
    assert facts(report, "OWNS") == {("Northshire Constabulary", "Neighbourhood Policing Strategy"),
                                     ("Eastvale Borough Council", "Eastvale Community Safety Plan")}


def test_plan_mention_carries_period(report: Extraction) -> None:
    plan = next(m for m in report.mentions if m.label == "Plan" and m.name == "Eastvale Community Safety Plan")
    assert plan.props["period"] == "2025-28"
    assert "Eastvale Community Safety Plan 2025-28" in plan.aliases


def test_priorities_from_a_headed_list(report: Extraction) -> None:
    assert facts(report, "HAS_PRIORITY") == {
        ("Eastvale Community Safety Plan", "Reducing Anti-Social Behaviour"),
        ("Eastvale Community Safety Plan", "Tackling Serious Violence"),
        ("Eastvale Community Safety Plan", "Protecting Vulnerable People"),
    }


def test_delivers_active_and_passive(report: Extraction) -> None:
    assert facts(report, "DELIVERS") == {("Northshire Constabulary", "Operation Lantern"),
                                         ("Eastvale Borough Council", "Night Safe Project")}


def test_inline_priority_list_and_fund_themes() -> None:
    ex = run("## Westmoor Safety Plan\n\n"
             "The priorities include, reducing re-offending, tackling drug-related harm and "
             "improving public confidence.\n\n"
             "The Safer Neighbourhoods Fund runs themed rounds. The themes for the rounds are as follows:\n\n"
             "- Rural Crime;\n- Road Safety;\n- Business Crime.\n")
    assert facts(ex, "HAS_PRIORITY") == {
        ("Westmoor Safety Plan", "reducing re-offending"),
        ("Westmoor Safety Plan", "tackling drug-related harm"),
        ("Westmoor Safety Plan", "improving public confidence"),
        ("Safer Neighbourhoods Fund", "Rural Crime"),
        ("Safer Neighbourhoods Fund", "Road Safety"),
        ("Safer Neighbourhoods Fund", "Business Crime"),
    }


def test_bold_led_objectives_with_continuation_lines() -> None:
    ex = run("## Eastvale Action Plan 2025-28\n\n"
             "We have agreed three objectives which are outlined below.\n\n"
             "- » **To prevent harm before it happens.**\nPrevention is at the core of our approach.\n"
             "- » **To support victims well.**\nVictims are central to what we do.\n"
             "- » **To use data better.**\nData helps us target resources.\n\n"
             "Next steps\n\n1. The plan will be reviewed yearly.\n")
    assert facts(ex, "HAS_PRIORITY") == {
        ("Eastvale Action Plan", "To prevent harm before it happens"),
        ("Eastvale Action Plan", "To support victims well"),
        ("Eastvale Action Plan", "To use data better"),
    }


def test_a_list_of_recommendations_is_not_priorities() -> None:
    ex = run("## Westmoor Safety Plan\n\nThe Board is recommended to note the priorities:\n\n- a) note;\n- b) agree.\n")
    assert facts(ex, "HAS_PRIORITY") == set()


def test_the_plan_refers_back_to_the_named_plan() -> None:
    ex = run("The Westmoor Safety Plan 2024-27 was published by Westmoor District Council.\n\n"
             "Delivery of the plan is overseen by the Westmoor Community Safety Partnership.\n")
    assert facts(ex, "OVERSEES") == {("Westmoor Community Safety Partnership", "Westmoor Safety Plan")}
    assert facts(ex, "OWNS") == {("Westmoor District Council", "Westmoor Safety Plan")}


def test_every_citation_is_verbatim(report: Extraction) -> None:
    text = (DOCS / "strategy_report.txt").read_text(encoding="utf-8")
    for f in report.facts:
        assert f.cite.text in text
    for m in report.mentions:
        assert m.cite.text in text


@pytest.fixture(scope="module")
def services() -> Extraction:
    return extract(Document.from_text("services_report.txt",
                                      (DOCS / "services_report.txt").read_text(encoding="utf-8")))


def test_the_force_delivers_a_list_of_schemes(services: Extraction) -> None:
    # "the force" is the one police force the document names; a fund in the list is managed
    assert ("Westmoor Constabulary", "Youth Boxing Referrals") in facts(services, "DELIVERS")
    assert facts(services, "MANAGES") == {("Westmoor Constabulary", "Community Payback Fund")}


def test_possessive_delivers_and_contract_awarded_to_an_unknown_provider(services: Extraction) -> None:
    delivers = facts(services, "DELIVERS")
    assert ("Westmoor Constabulary", "Operation Harbour") in delivers
    assert ("Brightwell Futures", "Night Shelter contract") in delivers


def test_pronoun_subject_and_approved_by(services: Extraction) -> None:
    owns = facts(services, "OWNS")
    assert ("Youth Justice Management Board", "Westmoor Youth Justice Plan") in owns
    assert ("Westmoor Youth Justice Service", "Westmoor Youth Justice Plan") in owns


def test_co_owner_before_a_possessive_with_escaped_brackets(services: Extraction) -> None:
    owns = facts(services, "OWNS")
    assert ("Westmoor Constabulary", "Joint Prevention Strategy") in owns
    assert ("Office of the Police and Crime Commissioner", "Joint Prevention Strategy") in owns


def test_kinds_of_body_are_not_mentioned_and_government_has_its_alias(services: Extraction) -> None:
    orgs = {m.name: m for m in services.mentions if m.label == "Organisation"}
    assert not {"District Councils", "Local Authorities", "Fire Authority"} & set(orgs)
    assert "HM Government" in orgs["Government"].aliases


def test_in_area_for_places_the_document_knows() -> None:
    ex = run("Eastvale Borough Council and Westmoor District Council are partners.\n\n"
             "The Night Safe Project operates across Eastvale and Westmoor.\n\n"
             "Operation Lantern is Eastvale's response to shop theft.\n\n"
             "Members noted the Eastvale Safety Strategy.\n")
    assert facts(ex, "IN_AREA") == {("Night Safe Project", "Eastvale"), ("Night Safe Project", "Westmoor"),
                                    ("Operation Lantern", "Eastvale")}


def test_no_area_when_the_place_starts_another_name() -> None:
    ex = run("Eastvale Borough Council is a partner.\n\n"
             "The Night Safe Project is set out in the Eastvale Safety Strategy.\n")
    assert facts(ex, "IN_AREA") == set()


def test_are_followed_by_a_verb_is_not_a_list_of_priorities() -> None:
    ex = run("## Westmoor Safety Plan\n\nThe priorities are put into a tactical plan, the delivery of which "
             "sits with the Safety Group, and reviewed yearly.\n")
    assert facts(ex, "HAS_PRIORITY") == set()


def test_numbered_priority_headings() -> None:
    ex = run("## Westmoor Safety Plan 2024-27\n\n4. Priority 1: Safeguarding Communities from Violence\n\n"
             "Text about it.\n\n5. Priority 2: Reducing Youth Harm\n\nMore text.\n")
    assert facts(ex, "HAS_PRIORITY") == {("Westmoor Safety Plan", "Safeguarding Communities from Violence"),
                                         ("Westmoor Safety Plan", "Reducing Youth Harm")}


def test_a_kind_of_body_does_not_own_a_plan() -> None:
    ex = run("Members noted the District Council's Network Safety Action Plan.\n")
    assert facts(ex, "OWNS") == set()


def test_in_area_for_a_named_group_of_places() -> None:
    ex = run("Eastvale Borough Council, Westmoor District Council and Northvale City Council met.\n\n"
             "Across Northvale, Eastvale and Westmoor (NEW) partners work together.\n\n"
             "The Safe Streets Programme (SSP) supports residents across Northvale, Eastvale, and Westmoor (NEW).\n\n"
             "The Westmoor Safety Board considered a report regarding crime in Eastvale.\n")
    assert facts(ex, "IN_AREA") == {("Safe Streets Programme", "Northvale, Eastvale and Westmoor")}


def test_terms_of_reference_functions_belong_to_the_board() -> None:
    ex = run("## **WESTMOOR SAFER STREETS BOARD**\n\n### Terms of Reference\n\n"
             "- To prepare a Westmoor Community Safety Agreement for the county.\n")
    assert ("Westmoor Safer Streets Board", "Westmoor Community Safety Agreement") in facts(ex, "OWNS")


def test_title_lines_name_the_owner_of_the_plan() -> None:
    ex = run("## **Westmoor Youth Justice Plan 2026/27**\n\n## **Westmoor Youth Justice Service**\n\n"
             "The plan sets out our work.\n")
    assert facts(ex, "OWNS") == {("Westmoor Youth Justice Service", "Westmoor Youth Justice Plan")}


def test_lower_case_plan_of_a_body_with_its_subject() -> None:
    ex = run("Members discussed the Government action plan on ASB which had been publicised.\n")
    assert facts(ex, "OWNS") == {("Government", "Government action plan on ASB")}


def test_gerund_producing_a_plan() -> None:
    ex = run("The Westmoor Police and Crime Commissioner has a role through producing the Westmoor Police "
             "and Crime Plan.\n")
    assert facts(ex, "OWNS") == {("Westmoor Police and Crime Commissioner", "Westmoor Police and Crime Plan")}


def test_a_numbered_section_after_a_list_is_not_an_item() -> None:
    text = (DOCS / "annual_report.txt").read_text(encoding="utf-8")
    ex = extract(Document.from_text("annual_report.txt", text))
    assert facts(ex, "HAS_PRIORITY") == {("NCSP Delivery Plan", "Tackling Domestic Abuse"),
                                         ("NCSP Delivery Plan", "Reducing Reoffending"),
                                         ("NCSP Delivery Plan", "Safer Town Centres")}
    assert facts(ex, "DELIVERS") == {("Northvale Fire and Rescue Service", "Safe and Well Visits programme")}


def test_terms_of_reference_are_the_plan_of_their_board():
    # under the board's name as the paper's title, and "the terms of reference for the X"
    ex = extract(Document.from_text("tor.txt", "Eastmoor Youth Advisory Board\n\nTerms of Reference\n\n"
                                    "1. Purpose\nThe Board advises the council on youth justice.\n"))
    assert {(f.start.name, f.end.name) for f in ex.facts if f.type == "OWNS"} == {
        ("Eastmoor Youth Advisory Board", "Eastmoor Youth Advisory Board Terms of Reference")}
    ex = extract(Document.from_text("m.txt", "Minutes\n\n4. Terms of reference\nTo note the terms of reference "
                                    "for the Eastmoor Scrutiny Panel.\n"))
    assert {(f.start.name, f.end.name) for f in ex.facts if f.type == "OWNS"} == {
        ("Eastmoor Scrutiny Panel", "Eastmoor Scrutiny Panel Terms of Reference")}
