"""Service and project rules, read from a made-up public health update in tests/papers/services/:
services a sentence says a body provides, a body's named services, services with their provider
in brackets, "the X offer", names listed beside a known project, rounds of a named survey, a
named visit that is booked or carried out, and a model that is not a project."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.loaders.base import Document
from kg.model import Extraction

DOCS = Path(__file__).parent / "papers" / "services"


@pytest.fixture(scope="module")
def update() -> Extraction:
    name = "wellbeing_update.txt"
    return extract(Document.from_text(name, (DOCS / name).read_text(encoding="utf-8")))


def projects(ex: Extraction) -> set[str]:
    return {m.name for m in ex.mentions if m.label == "Project"}


def delivers(ex: Extraction) -> set[tuple[str, str]]:
    return {(f.start.name, f.end.name) for f in ex.facts if f.type == "DELIVERS"}


def test_services_a_sentence_says_a_body_provides(update: Extraction) -> None:
    assert "Counselling and recovery services" in projects(update)
    assert ("Westshire Recovery Hub", "Counselling and recovery services") in delivers(update)
    # "These services are provided by the Council": no name, only a reference
    assert not {p for p in projects(update) if p.lower().startswith("these")}


def test_a_described_service_keeps_a_first_word_the_paper_also_writes_in_lower_case(update: Extraction) -> None:
    # "detox" is written in lower case too, which for a title would mark a verb to drop
    assert "Detox and aftercare services" in projects(update)
    assert "and aftercare services" not in projects(update)


def test_a_bodys_named_services(update: Extraction) -> None:
    name = "Brightpath Trust drug and alcohol services"
    assert ("Brightpath Trust", name) in delivers(update)
    # "The Council commissions services from ...": a verb, not a description
    assert not {p for p in projects(update) if "commissions" in p}


def test_services_with_their_provider_in_brackets(update: Extraction) -> None:
    assert "advocacy services" in projects(update)  # the lead-in "such as" is not part of it
    assert ("Voices Westshire", "advocacy services") in delivers(update)
    # a provider the paper already knows as a body
    assert ("Westshire Youth Service", "youth mentoring services") in delivers(update)


def test_the_offer_of_a_named_service(update: Extraction) -> None:
    assert "Early Start +" in projects(update)


def test_names_listed_beside_a_known_project(update: Extraction) -> None:
    assert {"Storewatch", "Barwatch"} <= projects(update)
    # the partnerships at the end of the list stay a body
    assert "Business Crime Reduction Partnerships" not in projects(update)
    # two names before a plural noun ("Sentinel and Proxy datasets") are modifiers, not a list
    assert not {"Sentinel", "Proxy"} & projects(update)


def test_a_list_whose_last_item_has_the_and_a_kind_word(update: Extraction) -> None:
    assert {"Operation Lantern", "Street Angels", "Night Marshals scheme"} <= projects(update)
    # the known scheme is not named a second time without its kind word
    assert "Night Marshals" not in projects(update)


def test_rounds_of_a_named_survey(update: Extraction) -> None:
    assert "Westshire Voices" in projects(update)
    assert not {p for p in projects(update) if p.startswith("Local")}


def test_a_named_visit_that_is_booked_or_carried_out(update: Extraction) -> None:
    visits = [m for m in update.mentions if m.label == "Project" and m.name == "Safe Home Visit"]
    assert len({m.cite.line for m in visits}) == 1  # both sentences are on line 31
    assert visits[0].cite.line == 31
    # a paper that is undertaken is not a service
    assert not {p for p in projects(update) if "Assessment" in p}


def test_a_name_with_a_round_number_before_work(update: Extraction) -> None:
    assert "Safer Homes 4" in projects(update)
    assert not {p for p in projects(update) if "Stage" in p}  # a numbered part of schooling


def test_a_model_is_not_a_project_by_its_name(update: Extraction) -> None:
    assert not {p for p in projects(update) if p.endswith("Model")}


def test_national_charities_named_alone_are_organisations() -> None:
    from extract_helpers import run

    ex = run("Residents can report anonymously via Crimestoppers. Victim Support helps victims of crime.\n"
             "Mind the gap between reports and recorded crime.\n")
    orgs = {m.name: m.props.get("sector") for m in ex.mentions if m.label == "Organisation"}
    assert orgs == {"Crimestoppers": "voluntary", "Victim Support": "voluntary"}
