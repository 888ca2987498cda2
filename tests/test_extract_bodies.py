"""Body names (Board / Organisation), acronyms and "the Board" (kg.extract.bodies)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.extract.bodies import classify, find_bodies, guess_board, record_acronyms, tidy_hits
from kg.loaders.base import Document

DOCS = Path(__file__).parent / "docs_e2"


@pytest.mark.parametrize(("name", "label", "key", "value"), [
    ("Westmoor Safer Streets Board", "Board", "kind", "board"),
    ("Police and Crime Panel", "Board", "kind", "panel"),
    ("Eastvale Community Safety Partnership", "Board", "kind", "partnership"),
    ("Domestic Abuse Steering Group", "Board", "kind", "group"),
    ("Safer Streets Board Executive", "Board", "kind", "executive"),
    ("Northshire Constabulary", "Organisation", "sector", "policing"),
    ("Office of the Police and Crime Commissioner", "Organisation", "sector", "commissioner"),
    ("Westmoor Fire and Rescue Service", "Organisation", "sector", "fire"),
    ("Eastvale Borough Council", "Organisation", "sector", "local_government"),
    ("Northshire Integrated Care Board", "Organisation", "sector", "health"),
    ("Department for Levelling Up", "Organisation", "sector", "central_government"),
    ("Brightside CIC", "Organisation", "sector", "voluntary"),
    ("Home Office", "Organisation", "sector", "central_government"),
])
def test_classify_bodies(name: str, label: str, key: str, value: str) -> None:
    assert classify(name) == (label, {key: value})


@pytest.mark.parametrize("name", ["Board", "Police and Crime Plan", "Community Safety Strategy", "Rural Crime",
                                  "Terms of Reference for the Board", "Chief Executive"])
def test_classify_non_bodies(name: str) -> None:
    assert classify(name) is None


def names(text: str, **kw: object) -> list[str]:
    return [h[3] for h in find_bodies(text, **kw)]  # type: ignore[arg-type]


def test_coordinated_bodies_are_split_but_compound_names_are_not() -> None:
    text = "Northshire Constabulary and Eastvale Borough Council met the Police and Crime Commissioner."
    assert names(text) == ["Northshire Constabulary", "Eastvale Borough Council", "Police and Crime Commissioner"]
    assert names("the Westmoor Health and Wellbeing Board agreed") == ["Westmoor Health and Wellbeing Board"]


def test_place_lists_inside_a_name_keep_their_commas() -> None:
    assert names("The Northvale, Eastvale and Westmoor Integrated Care Board met.") == [
        "Northvale, Eastvale and Westmoor Integrated Care Board"]
    # a contact line: name, post, organisation are three things, not one name
    assert names("Jo Bloggs, Community Safety Manager, Eastvale Borough Council") == ["Eastvale Borough Council"]


def test_post_titles_are_not_bodies_but_member_groups_are() -> None:
    found = names("The Chief Executive and the Director of Children's Services sit on the Senior Officers Group.")
    assert "Senior Officers Group" in found
    assert "Chief Executive" not in found
    assert "Children's Services" in found


def test_acronym_is_recorded_and_resolves_later_uses() -> None:
    acr: dict[str, str] = {}
    hits = find_bodies("The Westmoor Safer Streets Board (WSSB) met. Later the WSSB Executive agreed.", acr)
    assert acr == {"WSSB": "Westmoor Safer Streets Board"}
    assert [h[3] for h in hits] == ["Westmoor Safer Streets Board", "Westmoor Safer Streets Board Executive"]
    assert hits[0][4]["aliases"] == ["WSSB"]


def test_acronym_may_leave_out_a_place_name() -> None:
    acr: dict[str, str] = {}
    find_bodies("the Northshire Violence Reduction Unit (VRU) works with schools", acr)
    assert acr["VRU"] == "Northshire Violence Reduction Unit"


def test_generic_acronyms_are_written_out() -> None:
    assert names("Each CSP and the OPCC") == ["Community Safety Partnership",
                                              "Office of the Police and Crime Commissioner"]


def test_record_acronyms_keeps_non_body_definitions() -> None:
    acr: dict[str, str] = {}
    record_acronyms("across Northvale, Eastvale and Westmoor (NEW) partners", acr)
    assert acr == {"NEW": "Northvale, Eastvale and Westmoor"}


def test_the_board_resolves_to_the_documents_board() -> None:
    hits = find_bodies("The Board noted the report.", board="Westmoor Safer Streets Board")
    assert [(h[2], h[3]) for h in hits] == [("Board", "Westmoor Safer Streets Board")]


def test_all_caps_headings_are_title_cased() -> None:
    assert guess_board("\n## **WESTMOOR SAFER STREETS BOARD**\n\n1 May 2026\n") == "Westmoor Safer Streets Board"


def test_sentence_initial_verb_is_not_part_of_a_name_and_plurals_merge() -> None:
    text = "Use Joint Action Groups to share cases. We use them and the Joint Action Group meets monthly."
    assert [h[3] for h in tidy_hits(text, find_bodies(text))] == ["Joint Action Group", "Joint Action Group"]


def test_ellipsis_of_a_shared_head_word() -> None:
    found = names("through the Safety Strategy and Delivery Groups")
    assert found == ["Safety Strategy Group", "Safety Delivery Group"]


def test_plan_named_after_a_body_is_not_a_body() -> None:
    assert names("the Prevent Partnership Plan was refreshed") == []


def test_mentions_in_a_whole_document_cite_the_text() -> None:
    text = (DOCS / "governance_pack.txt").read_text(encoding="utf-8")
    ex = extract(Document.from_text("governance_pack.txt", text))
    bodies = {(m.label, m.name) for m in ex.mentions if m.label in ("Board", "Organisation")}
    assert ("Board", "Northshire Safer Streets Board") in bodies
    assert ("Organisation", "Northshire Constabulary") in bodies
    assert ("Organisation", "Office of the Police and Crime Commissioner") in bodies
    assert ("Board", "Northshire Safer Streets Board Executive") in bodies
    for m in ex.mentions:
        assert m.cite.text and m.cite.text in text


def test_markdown_hard_breaks_join_a_wrapped_name_but_not_a_list() -> None:
    wrapped = "**OFFICE OF THE POLICE AND CRIME  \nCOMMISSIONER**"
    assert names(wrapped) == ["Office of the Police and Crime Commissioner"]
    assert names("Westmoor Constabulary  \nEastvale Borough Council  \n") == ["Westmoor Constabulary",
                                                                              "Eastvale Borough Council"]


def test_long_department_name_and_his_majestys_inspectorate() -> None:
    assert names("the Department of Housing, Communities, Law and Governance agreed") == [
        "Department of Housing, Communities, Law and Governance"]
    assert names("His Majesty's Inspectorate of Constabulary visited") == ["His Majesty's Inspectorate of Constabulary"]


def test_kinds_of_body_and_place_less_duplicates_in_a_document() -> None:
    text = ("Westmoor Youth Justice Service works with District Councils. The Youth Justice Service "
            "reports quarterly.\n")
    ex = extract(Document.from_text("t.txt", text))
    orgs = {m.name for m in ex.mentions if m.label == "Organisation"}
    assert orgs == {"Westmoor Youth Justice Service"}


def test_a_body_for_a_place_and_its_acronym() -> None:
    acr: dict[str, str] = {}
    text = "The Police and Crime Commissioner (PCC) for Westmoor met. The PCC agreed."
    found = [h[3] for h in find_bodies(text, acr)]
    assert found == ["Police and Crime Commissioner for Westmoor", "Police and Crime Commissioner for Westmoor"]
    assert names("the Strategic Safety Board for Northvale and Eastvale met") == [
        "Strategic Safety Board for Northvale and Eastvale"]


def test_ellipsis_of_an_organisation_word() -> None:
    assert names("and to the Scottish and Welsh Governments") == ["Scottish Government", "Welsh Government"]
