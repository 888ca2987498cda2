"""Governance lines read from sentences (kg.extract.governance)."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import facts, run

from kg.extract import extract
from kg.loaders.base import Document
from kg.model import Extraction

DOCS = Path(__file__).parent / "papers" / "reports"


@pytest.fixture(scope="module")
def pack() -> Extraction:
    return extract(Document.from_text("governance_pack.txt",
                                      (DOCS / "governance_pack.txt").read_text(encoding="utf-8")))


def test_reports_to_and_sub_group(pack: Extraction) -> None:
    assert facts(pack, "REPORTS_TO") == {
        ("Youth Diversion Group", "Northshire Safer Streets Board"),
        ("Domestic Abuse Steering Group", "Northshire Safer Streets Board"),
    }


def test_supports_reads_the_board_as_the_documents_board(pack: Extraction) -> None:
    assert facts(pack, "SUPPORTS") == {
        ("Senior Officers Group", "Northshire Safer Streets Board"),
        ("Northshire County Council", "Northshire Safer Streets Board"),
    }


def test_scrutiny_and_accountability(pack: Extraction) -> None:
    assert facts(pack, "SCRUTINISES") == {("Police and Crime Panel", "Office of the Police and Crime Commissioner")}
    assert facts(pack, "HOLDS_TO_ACCOUNT") == {
        ("Office of the Police and Crime Commissioner", "Northshire Constabulary")}


def test_oversight_passive_and_of_a_plan_under_discussion(pack: Extraction) -> None:
    assert facts(pack, "OVERSEES") == {
        ("Northshire Safer Streets Board", "Northshire Violence Reduction Unit"),
        # "Governance for this strategy will be through X and, in turn, Y"
        ("Eastvale Community Safety Partnership", "Community Safety Strategy"),
        ("Northshire Safer Streets Board Executive", "Community Safety Strategy"),
    }


def test_evidence_is_the_sentence(pack: Extraction) -> None:
    text = (DOCS / "governance_pack.txt").read_text(encoding="utf-8")
    for f in pack.facts:
        assert f.cite.text in text
    cite = next(f.cite for f in pack.facts if f.type == "SCRUTINISES")
    assert cite.text == "The Police and Crime Panel scrutinises the Office of the Police and Crime Commissioner (OPCC)."


def test_active_oversight_of_coordinated_subjects_and_progress() -> None:
    ex = run("## Westmoor Youth Plan 2025-27\n\n"
             "The Westmoor Youth Panel and the Westmoor Schools Forum will track and scrutinise progress.\n")
    assert facts(ex, "OVERSEES") == {("Westmoor Youth Panel", "Westmoor Youth Plan"),
                                     ("Westmoor Schools Forum", "Westmoor Youth Plan")}


def test_means_through_a_board() -> None:
    ex = run("The Commissioner will monitor delivery of the Westmoor Police and Crime Plan through the "
             "Westmoor Accountability Board.\n")
    assert facts(ex, "OVERSEES") == {("Westmoor Accountability Board", "Westmoor Police and Crime Plan")}


def test_a_name_used_as_a_modifier_is_not_an_agent() -> None:
    ex = run("## Eastvale Safety Plan\n\nCases are tracked through Joint Action Group recording systems.\n")
    assert facts(ex, "OVERSEES") == set()


def test_no_line_without_a_stating_phrase() -> None:
    ex = run("The Eastvale Community Safety Partnership met the Northshire Constabulary on Tuesday.\n")
    for t in ("REPORTS_TO", "OVERSEES", "SCRUTINISES", "HOLDS_TO_ACCOUNT", "SUPPORTS", "PART_OF"):
        assert facts(ex, t) == set()


def test_support_as_a_noun_is_not_a_line() -> None:
    ex = run("Strong Northshire Constabulary data support for the Eastvale Community Safety Partnership.\n")
    assert facts(ex, "SUPPORTS") == set()


def test_a_line_under_consideration_is_proposed() -> None:
    ex = run("The review will consider whether Community Safety Partnerships should report to the "
             "Northshire Police and Crime Panel.\n")
    props = [f.props for f in ex.facts if f.type == "REPORTS_TO"]
    assert props == [{"status": "proposed"}]


def test_report_as_a_noun_needs_the_name_right_after_to() -> None:
    ex = run("The Commissioner brings this report to outline for the Northshire Police and Crime Panel "
             "how he works.\n")
    assert facts(ex, "REPORTS_TO") == set()


def test_annual_report_relative_clause_and_pronoun_subject() -> None:
    text = (DOCS / "annual_report.txt").read_text(encoding="utf-8")
    ex = extract(Document.from_text("annual_report.txt", text))
    assert facts(ex, "REPORTS_TO") == {
        ("Northvale Community Safety Partnership", "Northvale Health and Wellbeing Board"),
        # "the NCSP Executive Group, which reports to the Partnership Board"
        ("Northvale Community Safety Partnership Executive Group", "Partnership Board"),
    }
    # "Its work is scrutinised by ...": "its" is the partnership of the sentence before
    assert facts(ex, "SCRUTINISES") == {("Northvale Council Overview and Scrutiny Committee",
                                         "Northvale Community Safety Partnership")}
    assert facts(ex, "OVERSEES") == {("Northvale Community Safety Partnership Executive Group", "NCSP Delivery Plan")}


def test_panel_scrutiny_and_a_second_verb_of_the_subject() -> None:
    text = (DOCS / "panel_report.txt").read_text(encoding="utf-8")
    ex = extract(Document.from_text("panel_report.txt", text))
    # "the Panel" is the document's panel; "the Commissioner" the one commissioner it names;
    # a panel holding the commissioner to account is scrutiny
    assert facts(ex, "SCRUTINISES") == {("Eastshire Police and Crime Panel",
                                         "Office of the Police and Crime Commissioner for Eastshire")}
    # "X is chaired by Y and reports to Z": X reports
    assert facts(ex, "REPORTS_TO") == {("Eastshire Local Criminal Justice Board", "Eastshire Police and Crime Panel")}


ADVISES_TYPE = """
ADVISES:
  description: an advisory body gives advice to another
  from: [Board, Organisation]
  to: [Board, Organisation]
  properties: {}
  key: []
  phrase: advises
  reverse: advised by
  section: governance
  view: governance
  colour: "#8c564b"
"""
ADVISES_PAPER = "The Westby Advisory Group advises the Westby Safety Board on youth crime.\n"


def _with_advises(monkeypatch: pytest.MonkeyPatch, phrase: bool) -> None:
    """The schema with ADVISES appended to relationships.yaml and, if ``phrase``, its phrase in the
    extraction data (governance.yaml's ``active`` and ``trigger_stems``): nothing else changed."""
    from importlib import resources

    import yaml

    import kg.schema
    from kg.extract import governance

    real_read, real_data = kg.schema._read, governance._data()

    def read(name: str) -> dict:  # type: ignore[type-arg]
        if name != "relationships.yaml":
            return real_read(name)
        text = resources.files("kg.schema").joinpath(name).read_text(encoding="utf-8") + ADVISES_TYPE
        return dict(yaml.safe_load(text))

    data = {**real_data, "active": dict(real_data["active"]), "trigger_stems": list(real_data["trigger_stems"])}
    if phrase:
        data["active"]["ADVISES"] = [r"(?:will\s+)?advises?"]
        data["trigger_stems"].append("advis")
    monkeypatch.setattr(kg.schema, "_read", read)
    monkeypatch.setattr(governance, "_data", lambda: data)
    for cached in (kg.schema.load_schema, governance.patterns, governance._trigger):
        cached.cache_clear()
    governance.ENDS.clear()


@pytest.fixture
def clean_caches() -> object:
    """After the test (before its monkeypatch is undone): the caches of the patched data emptied."""
    import kg.schema
    from kg.extract import governance

    yield None
    for cached in (kg.schema.load_schema, governance.patterns, governance._trigger):
        cached.cache_clear()
    governance.ENDS.clear()


@pytest.mark.parametrize("phrase", [True, False])
def test_a_new_governance_type_is_data_only(monkeypatch: pytest.MonkeyPatch, clean_caches: object,
                                            phrase: bool) -> None:
    """A governance line type added to the schema's relationships.yaml with its phrase in the
    extraction data is read from a paper with no code changed; without the phrase (the control)
    nothing is read."""
    _with_advises(monkeypatch, phrase)
    ex = extract(Document.from_text("p.txt", ADVISES_PAPER))
    found = facts(ex, "ADVISES")
    assert found == ({("Westby Advisory Group", "Westby Safety Board")} if phrase else set())


def test_numbered_duties_of_terms_of_reference_belong_to_the_board() -> None:
    # the item's number stands before the duty ("3. Report ...", "2.1.To provide ..."): the board of
    # the terms of reference is the subject
    ex = run("Eastmoor Scrutiny Board\n\nTerms of Reference\n\n"
             "  3. Report strategic issues to the Eastmoor Community Safety Partnership.\n"
             "2.1.To provide strategic direction, resources and support to the Eastmoor Roads Group.\n"
             "3.1.1.Determine the mission, strategy and development of the Eastmoor Roads Partnership;\n")
    assert facts(ex, "REPORTS_TO") == {("Eastmoor Scrutiny Board", "Eastmoor Community Safety Partnership")}
    assert facts(ex, "OVERSEES") == {("Eastmoor Scrutiny Board", "Eastmoor Roads Group"),
                                     ("Eastmoor Scrutiny Board", "Eastmoor Roads Partnership")}


def test_bodies_listed_under_a_lead_take_its_line() -> None:
    ex = run("The work of the Eastmoor Safeguarding Board is supported by three subgroups:\n\n"
             "  • The Case Review and Learning Panel (Statutory)\n"
             "  • The Adult Training, Quality and Development Group\n"
             "  • The Communication Group.\n")
    assert facts(ex, "SUPPORTS") == {
        ("Case Review and Learning Panel", "Eastmoor Safeguarding Board"),
        ("Adult Training, Quality and Development Group", "Eastmoor Safeguarding Board"),
        ("Communication Group", "Eastmoor Safeguarding Board")}
    # a list of duties under such a lead names no bodies: nothing is read from it
    ex = run("The Eastmoor Safeguarding Board is supported by subgroups that:\n\n"
             "  • review cases\n  • train staff\n")
    assert facts(ex, "SUPPORTS") == set()


def test_subgroups_named_after_the_body_they_feed_into() -> None:
    ex = run("A number of subgroups feed into the Eastmoor Partnership Board, including the Eastmoor Audit "
             "Group and the Eastmoor Training Panel.\n")
    assert facts(ex, "REPORTS_TO") == {("Eastmoor Audit Group", "Eastmoor Partnership Board"),
                                       ("Eastmoor Training Panel", "Eastmoor Partnership Board")}
    # with no plural subject before the phrase, names after "including" are not its subjects
    ex = run("The Eastmoor Audit Group feeds into the Eastmoor Partnership Board, including the Eastmoor "
             "Training Panel.\n")
    assert facts(ex, "REPORTS_TO") == {("Eastmoor Audit Group", "Eastmoor Partnership Board")}


def test_a_second_line_of_the_same_subject_and_groups_listed_after_a_colon() -> None:
    """ "X is accountable to Y and reports annually to Z": X reports to both; "The following groups
    report to the Partnership: A, the B and the C": each of them reports to it."""
    head = "Westby Community Safety Partnership\n\nTerms of Reference 2026\n\nGovernance\n"
    text = head + ("The Partnership is accountable to the Westby Health and Wellbeing Board and reports annually "
                   "to the Westby Borough Council Cabinet.\n")
    lines = {(f.start.name, f.end.name) for f in extract(Document.from_text("t.txt", text)).facts
             if f.type == "REPORTS_TO"}
    assert lines == {("Westby Community Safety Partnership", "Westby Health and Wellbeing Board"),
                     ("Westby Community Safety Partnership", "Westby Borough Council Cabinet")}
    text = head + ("The following groups report to the Partnership: the Westby Reducing Reoffending Group, "
                   "the Westby Prevent Board and the Westby ASB Group.\n")
    lines = {(f.start.name, f.end.name) for f in extract(Document.from_text("t.txt", text)).facts
             if f.type == "REPORTS_TO"}
    assert {s for s, _e in lines} == {"Westby Reducing Reoffending Group", "Westby Prevent Board", "Westby ASB Group"}
