"""Body names (Board / Organisation), acronyms and "the Board" (kg.extract.bodies)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.extract.bodies import classify, find_bodies, guess_board, record_acronyms, tidy_hits
from kg.loaders.base import Document

DOCS = Path(__file__).parent / "papers" / "reports"


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
    ("NHS Westby Gambling Harms Clinic", "Organisation", "sector", "health"),
    ("Eastvale County Council Public Health", "Organisation", "sector", "health"),
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


# -- one name per body in a document (round two) -------------------------------------------


def _pack() -> tuple[set[tuple[str, str]], list[tuple[str, str, str, dict[str, object]]]]:
    """Bodies and MEMBER_OF / HOLDS_ROLE facts of the made-up Westmoor partnership pack."""
    text = (DOCS / "partnership_pack_westmoor.txt").read_text(encoding="utf-8")
    ex = extract(Document.from_text("partnership_pack_westmoor.txt", text))
    bodies = {(m.label, m.name) for m in ex.mentions if m.label in ("Organisation", "Board")}
    facts = [(f.type, f.start.name, f.end.name, dict(f.props)) for f in ex.facts
             if f.type in ("MEMBER_OF", "HOLDS_ROLE")]
    return bodies, facts


def test_people_and_bodies_are_never_one_name() -> None:
    bodies, facts = _pack()
    names = {n for _, n in bodies}
    # a flattened attendance line: person, body, person, body, body
    assert not any("Okafor" in n or "Pickersgill" in n or "Hana" in n for n in names)
    assert ("Organisation", "Eastvale Borough Council") in bodies
    assert ("Organisation", "Westmoor Constabulary") in bodies
    assert ("MEMBER_OF", "Sam Okafor", "Westmoor Community Safety Board",
            {"role": "member", "representing": "Eastvale Borough Council"}) in facts
    # a contact block: the job title's last words do not join the organisation on the next line
    assert not any(n.startswith("Public Health ") for n in names)
    assert ("HOLDS_ROLE", "Hana Kowalczyk", "Westmoor County Council",
            {"title": "Strategic Lead Public Health"}) in facts


def test_variant_spellings_are_one_body() -> None:
    bodies, _ = _pack()
    names = {n for _, n in bodies}
    # abbreviation, "&", missing tier word, "and" inside, acronym inside, national prefix
    assert "Westmoor Fire and Rescue Service" in names and not any("Wmoor" in n or "&" in n for n in names)
    assert "Westmoor Council" not in names and "Westmoor County Council" in names
    assert "Youth and Justice Service" not in names and "Westmoor Youth Justice Service" in names
    assert "CAMHS VR Team" not in names and "CAMHS Violence Reduction Team" in names
    assert "National Probation Service" not in names and "Probation Service" in names
    assert "Westmoor Police" not in names  # the same force as "Westmoor Constabulary"
    assert "Government" not in names and "HM Government" in names
    # the office named with its place first is the office "for" that place
    assert "Police and Crime Commissioner for Westmoor" in names
    assert not any(n.startswith("Westmoor's") or n == "Crime Commissioner" for n in names)


def test_names_do_not_swallow_neighbouring_words() -> None:
    bodies, _ = _pack()
    names = {n for _, n in bodies}
    # a sentence-opening word written in lower case elsewhere, an adjective before an acronym
    assert "Future Probation Service" not in names
    assert "Multi-Agency Risk Assessment Conference" in names and not any(n.startswith("Good") for n in names)
    # a body's possessive inside a name; one department, two governments
    assert "Eastvale County Council Democratic Services" in names
    assert "Children and Family Services" in names and "Family Service" not in names
    assert {"Scottish Government", "Welsh Government"} <= names
    # a seat on a panel after its name; a heading broken over three lines; a kind of group
    assert ("Board", "Risk Panel") in bodies
    assert ("Board", "Strategic Partnership Board") in bodies
    assert "Community Groups" not in names


def test_office_holder_and_substitutes() -> None:
    _, facts = _pack()
    assert ("HOLDS_ROLE", "Ann Example", "Police and Crime Commissioner for Westmoor",
            {"title": "Police and Crime Commissioner"}) in facts
    subs = {(s, e) for t, s, e, p in facts if t == "MEMBER_OF" and p.get("role") == "substitute"}
    assert ("Probation Service", "Westmoor Community Safety Board") in subs  # "Providers of Probation Services"
    assert ("Association of Safety Managers", "Westmoor Community Safety Board") in subs
    assert ("Public Health", "Westmoor Community Safety Board") in subs  # "X, any other appropriate officer"
    # a kind of body, and a council not named, are no members
    members = {s for t, s, e, p in facts if t == "MEMBER_OF"}
    assert not any("Safety Group" in s or s == "County Council" for s in members)
    # an office that is a body, in a membership list
    assert ("MEMBER_OF", "Police and Crime Commissioner for Westmoor", "Westmoor Community Safety Board",
            {"role": "member"}) in facts


def test_membership_mentions_carry_aliases_not_internal_props() -> None:
    text = ("## WESTBY SAFETY BOARD\n\n### Membership\n\n"
            "The Board comprises representatives from the Westby Violence Reduction Unit (WVRU) and Westby Police.\n")
    ex = extract(Document.from_text("m.txt", text))
    for m in ex.mentions:
        assert "aliases" not in m.props and "ref" not in m.props
    unit = [m for m in ex.mentions if m.name == "Westby Violence Reduction Unit"]
    assert unit and any("WVRU" in m.aliases for m in unit)


def test_partners_without_a_body_word_in_a_membership_list() -> None:
    _, facts = _pack()
    members = {s for t, s, e, p in facts if t == "MEMBER_OF" and e == "Westmoor Youth Panel"}
    assert {"New Horizons", "Second Chance", "Westmoor County Council", "Westmoor Youth Justice Service"} <= members
    assert "Youth Magistrate" not in members  # a post, not a partner



@pytest.mark.parametrize(("text", "names"), [
    # "&" inside a fixed phrase joins like "and"
    ("returns go to the Office of the Police & Crime Commissioner (OPCC) each quarter",
     ["Office of the Police & Crime Commissioner"]),
    # a post before a board is not part of its name, hyphenated or not
    ("the Vice-Chair of the Westby Panel agreed", ["Westby Panel"]),
    # words about a board before "of the" are not its name; a fixed phrase with "of" is
    ("a Scrutiny of the Westby Community Safety Partnership", ["Westby Community Safety Partnership"]),
    ("referred to the Out of Court Disposal Panel", ["Out of Court Disposal Panel"]),
    ("Terms of Reference for the Safer Streets Board", ["Safer Streets Board"]),
    # words after a body's acronym that end in no body word are something of the body's
    ("see the OPCC Commissioning Framework", ["Office of the Police and Crime Commissioner"]),
    ("the OPCC Executive met", ["Office of the Police and Crime Commissioner Executive"]),
    # a report about a board is not the board; a flattened table row: item, then a body
    ("a Review of Westby Police and Crime Panel", ["Westby Police and Crime Panel"]),
    ("Partner Updates\tUniversity Update Westby County Council Update", ["Westby County Council"]),
    ("the Vice-Chair of the CSP said", ["Community Safety Partnership"]),
    ("REVIEW OF PANEL", []),
    ("the Office of the Police and Crime Commissioner Commissioned Services Report", []),
    # a body word describing a way of working names no body
    ("Early Intervention and Partnership Working", []),
    # a name goes on after "and" at the end of a line
    ("Jo Bloggs\nWestshire's Police and\nCrime Commissioner\n", ["Westshire's Police and Crime Commissioner"]),
])
def test_name_edges(text: str, names: list[str]) -> None:
    assert [h[3] for h in find_bodies(text)] == names


def test_docstring_examples_of_the_body_and_people_rules() -> None:
    """The examples in the rule modules' docstrings (unify_names, _nearest_fuller, _split_people,
    _first_body, office_body ...) hold."""
    import doctest

    from kg.extract import bodies, membership, people, roles

    for mod in (bodies, people, roles, membership):
        res = doctest.testmod(mod)
        assert res.attempted > 0 and res.failed == 0, mod.__name__


def test_one_role_for_titles_that_differ_in_punctuation() -> None:
    text = ("WESTBY SAFETY BOARD\n\n3 May 2026\n\n## 1. Safety update\n\n"
            "The Board considered a report of Jo Bloggs, Safety Lead, Public Health, Westby Borough Council, "
            "on the new scheme.\n\n**Officer to contact**\n\nJo Bloggs  \nSafety Lead Public Health  \n"
            "Westby Borough Council  \nTel: 01234 567890\n")
    ex = extract(Document.from_text("t.txt", text))
    roles = [(f.start.name, f.end.name) for f in ex.facts if f.type == "HOLDS_ROLE"]
    assert roles == [("Jo Bloggs", "Westby Borough Council")]


def test_a_rank_without_organisation_serves_in_the_force_the_paper_names() -> None:
    text = ("WESTBY SAFETY BOARD\n\n3 May 2026\n\nWestby Police lead on street safety. Westby Police and "
            "Westby Borough Council share data.\n\nAction\tResponsible Officer\tDate\n"
            "Review patrol plan\tInsp Sam Reed\tJune 2026\nFire checks\tGroup Manager Lee Howe\tJuly 2026\n")
    ex = extract(Document.from_text("t.txt", text))
    roles = [(f.start.name, f.end.name, f.props.get("title")) for f in ex.facts if f.type == "HOLDS_ROLE"]
    # a police rank: the one police force named; a fire rank: no fire service is named, so no role
    assert roles == [("Sam Reed", "Westby Police", "Inspector")]


def test_departments_of_a_council() -> None:
    bodies, _ = _pack()
    names = {n for _, n in bodies}
    # "Public Health at X Council" and "X Council Public Health" are one department of the council
    assert {"Westmoor County Council Public Health", "Eastvale County Council Public Health"} <= names
    assert "Westmoor County Council" in names  # the council itself stays a body of its own
    # a department on its own in a list of bodies is one; after a post ("Director of ...") it is not
    assert ("Organisation", "Children's Social Care") in bodies
    assert "Adult Social Care" not in names


def test_a_leading_word_written_in_lower_case_elsewhere_is_not_part_of_the_name() -> None:
    text = "We are supporting the work.\n\nSupporting the PCC\n\nWe keep supporting it."
    assert [h[3] for h in tidy_hits(text, find_bodies(text))] == ["Police and Crime Commissioner"]



def test_pathological_runs_of_capitalised_words_stay_fast_and_shallow() -> None:
    """A flattened table or hostile text must neither recurse deeply nor take quadratic time."""
    import sys

    from kg.extract.bodies import find_bodies

    limit = sys.getrecursionlimit()
    for text in ["The Plan and the Plan and the Strategy " * 3000, "Aaa " * 20000,
                 "Northshire Police and " * 2000 + "Eastvale Borough Council"]:
        hits = find_bodies(text)  # would raise RecursionError or run for minutes before MAX_RUN
        assert all(0 <= h[0] < h[1] <= len(text) for h in hits)
    assert sys.getrecursionlimit() == limit


def test_names_a_body_is_written_with_stay_on_it() -> None:
    """The names a paper writes a body with stay on it as aliases: the holder's title on the
    commissioner's office (one body in the graph), and a name a fact was read with before it was
    unified with the body's fuller name (001:317 "the National Probation Service" and 001:339
    "Providers of Probation Services", the Probation Service of 001's other lines)."""
    text = "Westby Safety Board\n\nThe Office of the Police and Crime Commissioner for Westshire funds the Board.\n"
    office = [m for m in extract(Document.from_text("p.txt", text)).mentions
              if m.name == "Office of the Police and Crime Commissioner for Westshire"]
    assert office and "Police and Crime Commissioner for Westshire" in office[0].aliases
    paper = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "001_6c4d9bdf2bb078e0.txt"
    ex = extract(Document.from_text(paper.name, paper.read_text(encoding="utf-8")))
    first = next(m for m in ex.mentions if m.name == "Probation Service")  # the one a graph node starts from
    assert {"National Probation Service", "Providers of Probation Services"} <= set(first.aliases)


def test_against_joins_the_words_of_a_name():
    # the connectors of names are data (bodies.yaml); "against" among them
    from kg.extract.bodies import find_bodies

    names = [h[3] for h in find_bodies("The Northshire Violence against Women and Girls Board met on Monday.")]
    assert "Northshire Violence against Women and Girls Board" in names
