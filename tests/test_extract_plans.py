"""Plans, funds, projects, priorities and who owns or delivers them (kg.extract.plans)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.extract.plans import find_named, norm_period
from kg.loaders.base import Document
from kg.model import Extraction

DOCS = Path(__file__).parent / "docs_e2"


def run(text: str) -> Extraction:
    return extract(Document.from_text("t.txt", text))


def facts(ex: Extraction, rtype: str) -> set[tuple[str, str]]:
    return {(f.start.name, f.end.name) for f in ex.facts if f.type == rtype}


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
