"""People: names with honorifics, ranks and post-nominals; splitting name/title/organisation."""

import pytest

from kg.extract.people import body_label, is_title, parse_person, split_entry
from kg.extract.roles import entries, person_key


@pytest.mark.parametrize(
    "text,name,honorific",
    [
        ("Cllr. K. Okafor", "K. Okafor", "Cllr."),
        ("Cllr Sharon Bell", "Sharon Bell", "Cllr"),
        ("Mr. C. Ansell CC (in the Chair)", "C. Ansell", "Mr."),
        ("Ch Insp Rob Delaney", "Rob Delaney", "Ch Insp"),
        ("Det Supt Amy O'Neill", "Amy O'Neill", "Det Supt"),
        ("Temporary Chief Constable David Brook", "David Brook", "Temporary Chief Constable"),
        ("Gurpreet Sandhu-Rai", "Gurpreet Sandhu-Rai", ""),
        ("Tim McAllister", "Tim McAllister", ""),
        ("Miss G. Waller", "G. Waller", "Miss"),
    ],
)
def test_parse_person_names(text, name, honorific):
    p = parse_person(text)
    assert p is not None
    assert (p.name, p.honorific) == (name, honorific)


def test_rank_and_chair_and_post_nominal():
    p = parse_person("Mr. C. Ansell CC (in the Chair)")
    assert p.chair == "chair" and p.rank_title == "County Councillor"
    assert parse_person("Ch Insp Rob Delaney").rank_title == "Chief Inspector"
    assert parse_person("Cllr. B. Khan (Vice-Chair)").chair == "vice_chair"


@pytest.mark.parametrize(
    "text",
    [
        "Eastvale Borough Council",
        "Strategic Lead",
        "Purpose of report",
        "Background",
        "North West Eastvale",
        "Making Eastvale Safer",
        "Chapter One",
        "Recommendations for the Board",
        "Northshire Police",
    ],
)
def test_not_people(text):
    assert parse_person(text) is None


def test_name_stops_where_a_body_starts():
    p = parse_person("Councillor Leigh Harper Eastvale Borough Council")
    assert p.name == "Leigh Harper"


@pytest.mark.parametrize(
    "text,name,title,org",
    [
        (
            "Cllr. S. Bell\tCommunity Safety Partnership Chair – Westby District Council",
            "S. Bell",
            "Community Safety Partnership Chair",
            "Westby District Council",
        ),
        (
            "Dana Whitfield – Chief Executive, Office of the Police and Crime Commissioner for Northshire",
            "Dana Whitfield",
            "Chief Executive",
            "Office of the Police and Crime Commissioner for Northshire",
        ),
        (
            "Alex Morgan, Youth Services Manager, Westshire County Council",
            "Alex Morgan",
            "Youth Services Manager",
            "Westshire County Council",
        ),
        (
            "Jo Fenn, Strategic Lead – Safer Communities, Westshire County Council",
            "Jo Fenn",
            "Strategic Lead – Safer Communities",
            "Westshire County Council",
        ),
        (
            "Mike Sands – Director of Public Health, Communities and Governance",
            "Mike Sands",
            "Director of Public Health, Communities and Governance",
            "",
        ),
        (
            "Priya Raman\tNorthshire Fire and Rescue Service",
            "Priya Raman",
            "",
            "Northshire Fire and Rescue Service",
        ),
        ("Rob Kent Northshire Fire and Rescue Service", "Rob Kent", "", "Northshire Fire and Rescue Service"),
        (
            "Cllr. R. Bell – Westby District Council (Fire Authority)",
            "R. Bell",
            "",
            "Westby District Council",
        ),
    ],
)
def test_split_entry(text, name, title, org):
    e = split_entry(text)
    assert e is not None
    assert (e.person.name, e.title, e.org) == (name, title, org)


def test_title_naming_a_body():
    e = split_entry("Sara Cole – Chair of the Westshire Youth Justice Partnership Board")
    assert e.org == "Westshire Youth Justice Partnership Board" and e.org_label == "Board"
    assert e.title.startswith("Chair of")


def test_entries_tab_cells_and_flattened_runs():
    assert [e.person.name for e in entries("Cllr. A. Jones\tCllr. B. Patel")] == ["A. Jones", "B. Patel"]
    got = [(e.person.name, e.org) for e in entries("Jane Smith Eastvale Police Raj Patel Westshire NHS Trust")]
    assert got == [("Jane Smith", "Eastvale Police"), ("Raj Patel", "Westshire NHS Trust")]


def test_titles_and_bodies():
    assert is_title("Performance and Assurance Officer")
    assert is_title("Police and Crime Commissioner")
    assert not is_title("Office of the Police and Crime Commissioner")
    assert not is_title("Eastvale Borough Council")
    assert body_label("Eastvale Borough Council")[0] == "Organisation"
    assert body_label("Eastvale Community Safety Board")[0] == "Board"
    assert person_key("K. Okafor") == person_key("Kemi Okafor")


@pytest.mark.parametrize(
    ("text", "title", "org"),
    [
        # a body whose name is a list, cut at its first comma by the entry's separators
        ("Ann Jones, Chair of Ethics, Scrutiny and Audit Panel (ESAP)", "Chair", "Ethics, Scrutiny and Audit Panel"),
        ("Mr B Patel, Chair, Youth Work, Learning and Skills Delivery Group", "Chair",
         "Youth Work, Learning and Skills Delivery Group"),
        # a remit listed after "of" stays in the title; the letters after it are the body
        ("Carl Ellis, Head of Policy, Performance and Assurance, OPCC", "Head of Policy, Performance and Assurance",
         "OPCC"),
        ("Dee Shah, Chair of the Westby Audit Panel (WAP)", "Chair", "Westby Audit Panel"),
    ],
)
def test_bodies_named_as_lists_and_remits_listed_in_titles(text: str, title: str, org: str) -> None:
    e = split_entry(text)
    assert e is not None and (e.title, e.org) == (title, org)


def test_a_title_with_its_remit_then_the_letters_of_its_body() -> None:
    # "Assistant Director, Adult Services, WCC": the body's letters after the last comma, the remit
    # the title's (not a place written before the letters)
    e = split_entry("Ann Jones – Assistant Director, Adult Services, WCC")
    assert e is not None and (e.title, e.org) == ("Assistant Director, Adult Services", "WCC")
