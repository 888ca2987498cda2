"""End to end over small council papers: meetings, attendance, presenters, roles, membership."""

from pathlib import Path

import pytest

from kg.extract import extract
from kg.loaders.base import Document

DOCS = Path(__file__).parent / "papers" / "meetings"
MY_TYPES = {"HOLDS_ROLE", "MEMBER_OF", "ATTENDED", "MEETING_OF", "PRESENTED"}


def _run(name: str):
    doc = Document.from_text(name, (DOCS / name).read_text(encoding="utf-8"))
    return doc, extract(doc)


def _facts(ex, rtype):
    return {
        (f.start.name, f.end.name, tuple(sorted((k, v) for k, v in f.props.items() if k != "date")))
        for f in ex.facts
        if f.type == rtype
    }


@pytest.mark.parametrize("name", ["minutes_eastvale.txt", "agenda_westshire.txt", "tor_northby.txt"])
def test_every_citation_is_verbatim(name):
    doc, ex = _run(name)
    assert ex.facts
    for f in ex.facts:
        if f.type in MY_TYPES:
            assert f.cite.text and f.cite.text in doc.text
            assert doc.line_text(f.cite.line).strip() in f.cite.text or f.cite.text in doc.text
    for m in ex.mentions:
        assert m.cite.text in doc.text


def test_minutes_meetings():
    _, ex = _run("minutes_eastvale.txt")
    meetings = {(f.start.name, f.end.name) for f in ex.facts if f.type == "MEETING_OF"}
    board = "Eastvale Community Safety Board"
    assert meetings == {
        (f"{board} 2026-03-03", board),
        (f"{board} 2025-12-09", board),
        (f"{board} 2026-06-02", board),
    }
    m = next(m for m in ex.mentions if m.label == "Meeting" and m.name.endswith("2026-03-03"))
    assert m.props["date"] == "2026-03-03" and m.props["location"] == "Riverside House, Eastvale"


def test_minutes_attendance():
    _, ex = _run("minutes_eastvale.txt")
    meeting = "Eastvale Community Safety Board 2026-03-03"
    att = {s: dict(p) for s, e, p in _facts(ex, "ATTENDED") if e == meeting}
    assert att["J. Okafor"]["apologies"] is False
    assert att["Tom Ashdown"]["apologies"] is False  # officers attend too
    assert att["Dana Whitfield"]["apologies"] is False  # in attendance
    assert att["R. Bell"]["apologies"] is True and att["Sam Oduya"]["apologies"] is True
    members = {s: dict(p) for s, e, p in _facts(ex, "MEMBER_OF")}
    assert members["J. Okafor"]["role"] == "chair"
    assert members["P. Lindqvist"] == {"role": "member", "representing": "Eastvale Borough Council"}
    # names and bodies listed in two separate runs are paired in order
    assert members["Sam Oduya"]["representing"] == "Office of the Police and Crime Commissioner for Northshire"
    assert "Tom Ashdown" not in members  # officers are not members


def test_minutes_roles_and_presenters():
    _, ex = _run("minutes_eastvale.txt")
    roles = {(s, e, dict(p).get("title")) for s, e, p in _facts(ex, "HOLDS_ROLE")}
    assert ("P. Lindqvist", "Eastvale Borough Council", "Community Safety Portfolio Holder") in roles
    assert ("Mark Delaney", "Northshire Constabulary", "Inspector") in roles
    assert ("Helen Moss", "Eastvale Borough Council", "Community Cohesion Officer") in roles
    # the untitled attendance row is dropped where a titled role to the same body exists
    assert ("Helen Moss", "Eastvale Borough Council", None) not in roles
    pres = {(s, dict(p)["item"]) for s, _, p in _facts(ex, "PRESENTED")}
    assert pres == {("Helen Moss", "Hate Crime Update"), ("Mark Delaney", "Night-time Economy Patrols")}
    person = next(m for m in ex.mentions if m.label == "Person" and m.name == "J. Okafor")
    assert person.props["honorific"] == "Cllr." and "Cllr. J. Okafor" in person.aliases


def test_agenda_presenters_and_contacts():
    _, ex = _run("agenda_westshire.txt")
    meeting = "Westshire Safer Neighbourhoods Partnership 2026-01-14"
    pres = {(s, e, dict(p)["item"]) for s, e, p in _facts(ex, "PRESENTED")}
    assert pres == {
        ("Alex Morgan", meeting, "Youth Diversion Programme"),
        ("Chris Pell", meeting, "Road Safety update"),
        ("Ruth Green", meeting, "PERFORMANCE REPORT"),
    }
    roles = {(s, e, dict(p).get("title")) for s, e, p in _facts(ex, "HOLDS_ROLE")}
    assert ("Alex Morgan", "Westshire County Council", "Youth Services Manager") in roles
    # the agenda gives no organisation for Chris Pell; the contact block does
    assert ("Chris Pell", "Westshire Fire and Rescue Service", "Road Safety Lead") in roles
    assert {e for _, e, _ in _facts(ex, "MEETING_OF")} == {"Westshire Safer Neighbourhoods Partnership"}
    dates = {m.props["date"] for m in ex.mentions if m.label == "Meeting"}
    assert dates == {"2026-01-14", "2026-04-08"}


def test_terms_of_reference_membership():
    _, ex = _run("tor_northby.txt")
    board = "Northby Safeguarding Partnership Board"
    got = {(s, dict(p)["role"], dict(p).get("status")) for s, e, p in _facts(ex, "MEMBER_OF") if e == board}
    assert ("Northby City Council", "member", None) in got
    assert ("Northby Police", "member", None) in got
    assert ("Office of the Police and Crime Commissioner for Northby", "member", None) in got
    assert ("Northby Housing Trust", "observer", None) in got
    assert ("Northby Housing Trust", "member", None) not in got
    assert ("Northby City Council", "chair", None) in got
    assert ("Northby Police", "vice_chair", None) in got
    assert ("Northby City Council", "substitute", None) in got
    assert ("Northby Youth Offending Team", "substitute", "deleted") in got
    assert ("Northby Clinical Commissioning Group", "member", "deleted") in got
    assert ("Northby Fire and Rescue Service", "member", None) in got


def test_board_is_left_in_the_paper_state_for_later_rules():
    from kg.extract.context import Context
    from kg.extract.meetings import meeting_at, run_meetings
    from kg.extract.structure import parse

    doc = Document.from_text("m.txt", (DOCS / "minutes_eastvale.txt").read_text(encoding="utf-8"))
    ctx = Context(doc, parse(doc))
    run_meetings(ctx)
    assert ctx.paper.board == "Eastvale Community Safety Board"
    assert ctx.paper.meetings["2026-03-03"] == "Eastvale Community Safety Board 2026-03-03"
    assert meeting_at(ctx, len(doc.text) - 1) == (
        "Eastvale Community Safety Board",
        "Eastvale Community Safety Board 2026-03-03",
    )


def test_list_rows_under_a_kind_of_body_and_prose_membership():
    _, ex = _run("tor_northby.txt")
    got = {(s, e, dict(p)["role"]) for s, e, p in _facts(ex, "MEMBER_OF")}
    board = "Northby Safeguarding Partnership Board"
    # bare place names listed under "Community Safety Partnerships" name one partnership each
    assert ("Ashwell Community Safety Partnership", board, "member") in got
    assert ("Upper Fenby Community Safety Partnership", board, "member") in got
    # the group ends at the next full body name
    assert ("Northby Youth Offending Team", board, "member") in got
    assert not any(s.startswith("Northby Youth Offending Team Community") for s, _, _ in got)
    group = "Northby Reducing Reoffending Group"
    assert ("Northby Police", group, "member") in got
    assert ("Northby Probation Service", group, "member") in got


def test_role_in_brackets_after_a_name():
    _, ex = _run("minutes_eastvale.txt")
    roles = {(s, e, dict(p).get("title")) for s, e, p in _facts(ex, "HOLDS_ROLE")}
    assert ("Paula Lindqvist", "Eastvale Community Safety Partnership", "CSP Chair") in roles
    chairs = {(s, e) for s, e, p in _facts(ex, "MEMBER_OF") if dict(p)["role"] == "chair"}
    assert ("Paula Lindqvist", "Eastvale Community Safety Partnership") in chairs


def test_inline_lists_of_names():
    _, ex = _run("minutes_westby.txt")
    meeting = "Westby Licensing Committee 2026-05-04"
    att = {s: dict(p)["apologies"] for s, e, p in _facts(ex, "ATTENDED") if e == meeting}
    assert att == {
        "A. Shah": False,
        "B. Ellis": False,
        "C. Moore": False,
        "D. Quinn": False,
        "E. Hart": False,
        "F. Grant": True,
        "G. Lowe": True,
        "Kim Baptiste": False,
    }
    roles = {s: dict(p)["role"] for s, _, p in _facts(ex, "MEMBER_OF")}
    assert roles["A. Shah"] == "chair" and roles["B. Ellis"] == "vice_chair" and roles["C. Moore"] == "member"
    assert "Kim Baptiste" not in roles
    assert ("Kim Baptiste", "Westby District Council", (("title", "Licensing Manager"),)) in _facts(ex, "HOLDS_ROLE")
    moore = next(m for m in ex.mentions if m.label == "Person" and m.name == "C. Moore")
    assert moore.props["honorific"] == "Councillor"
    # the council's name heading the page is not taken for the committee
    assert {e for _, e, _ in _facts(ex, "MEETING_OF")} == {"Westby Licensing Committee"}


def test_front_sheet_fields_and_shared_honorific():
    _, ex = _run("frontsheet_westby.txt")
    meetings = {(s, e) for s, e, _ in _facts(ex, "MEETING_OF")}
    assert meetings == {("Westby Planning Committee 2026-06-09", "Westby Planning Committee")}
    att = {s: dict(p)["apologies"] for s, _, p in _facts(ex, "ATTENDED")}
    assert att == {"Shah": False, "Ellis": False, "Moore": False, "T. Rowe": True}
    shah = next(m for m in ex.mentions if m.label == "Person" and m.name == "Shah")
    assert "Councillor Shah" in shah.aliases
    assert ("Shah", "Westby Planning Committee", (("role", "chair"),)) in _facts(ex, "MEMBER_OF")


def test_people_in_a_responsible_officer_column():
    _, ex = _run("action_log.txt")
    people = {m.name for m in ex.mentions if m.label == "Person"}
    assert people == {"Mark Delaney", "Helen Moss"}
    delaney = next(m for m in ex.mentions if m.name == "Mark Delaney")
    assert delaney.props["honorific"] == "Insp"


def _meetings_of(text: str) -> set[tuple[str, str]]:
    ex = extract(Document.from_text("page.txt", text))
    return {(f.start.name, f.end.name) for f in ex.facts if f.type == "MEETING_OF"}


def test_decision_page_names_the_meeting_and_item():
    # a committee system's decision page: "Meeting: <dd/mm/yyyy> - <committee> (Item N)"
    got = _meetings_of("Issue - meetings\n\nMeeting: 14/10/2025 - Cabinet (Resources) Panel (Item 7)\n\n"
                       "Decision: that the grant be approved.\n")
    assert got == {("Cabinet (Resources) Panel 2025-10-14", "Cabinet (Resources) Panel")}


def test_meeting_page_title_before_a_weekday_names_the_committee():
    # "<Committee> - <weekday>, <date> <time>": the words before the dash are the committee's name
    # even with no board word in them; attendance below is of that meeting
    ex = extract(Document.from_text("page.txt", "Agenda and minutes\n\nHousing Scrutiny - Tuesday, 4th March, "
                                    "2025 6.30 pm\n\nVenue: Room 2\n\nMinutes:\n\nPresent: Councillors P Grey "
                                    "and R Lund\n"))
    assert {(f.start.name, f.end.name) for f in ex.facts if f.type == "ATTENDED"} == {
        ("P Grey", "Housing Scrutiny 2025-03-04"), ("R Lund", "Housing Scrutiny 2025-03-04")}
    # without the weekday a dash and a date may be a headline's: nothing is made a committee
    assert _meetings_of("Report on Street Lighting - 4 March 2025\n\nThe report was noted.\n") == set()


def test_board_meeting_title_with_a_district_and_a_date_line():
    got = _meetings_of("Eastvale Community Safety Panel Meeting – Northern District\n\nThursday 6th February "
                       "2025\n\nThe Hall, Eastvale\n\nPresent\n\nMary Holt, Chair\n")
    assert got == {("Eastvale Community Safety Panel 2025-02-06", "Eastvale Community Safety Panel")}


def test_date_under_a_flattened_date_time_venue_header():
    got = _meetings_of("Notice of Meeting and Agenda Eastvale Local Area Committee\n\nDate Time Venue "
                       "Monday, 9 June 2025 18:00 Eastvale Academy, Main Road\n\nMembership\n\n"
                       "Councillor Ann Lee: Councillor Bob Hart:\n")
    assert got == {("Eastvale Local Area Committee 2025-06-09", "Eastvale Local Area Committee")}


def test_a_board_that_considered_something_on_a_date_and_the_next_meeting_before_any_header():
    got = _meetings_of("Westby Police and Crime Panel\n\nThe next meeting of the Panel is scheduled to take place "
                       "on 29 September 2026.\n\nRef\tComplaint\tOutcome\n11/25\tA complaint.\tConsidered by the "
                       "Complaints Sub-Committee on 21 January 2026 and resolved.\n\nAt the Policy and Resources "
                       "Committee on 28 June 2026, members agreed the plan.\n")
    assert got == {("Westby Police and Crime Panel 2026-09-29", "Westby Police and Crime Panel"),
                   ("Complaints Sub-Committee 2026-01-21", "Complaints Sub-Committee"),
                   ("Policy and Resources Committee 2026-06-28", "Policy and Resources Committee")}


def test_a_community_councils_minutes_with_lists_under_numbered_items():
    # the council named by its kind only, the meeting's kind between its name and "Meeting"; the
    # lists under numbered items, "were received from:" going on under "Apologies", and a second list
    # ("Also:") inside the line: others there, or others who sent apologies, not members
    ex = extract(Document.from_text("m.txt", "Minutes of the Community Council virtual Meeting held via Zoom on "
                                    "Tuesday, 5th July 2022.\n\n1          Present\n\nCouncillors, Mr Ian Rowe "
                                    "(Chair), Mrs Jane Platt & Mr Owen Pryce. Also: County Councilor Mr Huw Bevan\n\n"
                                    "2         Apologies\n\nwere received from: Councillors Mr Dai Rees & Mr Tom "
                                    "Lloyd. Also: County Councilor Mr Alun Hale\n"))
    att = {(f.start.name, f.end.name, f.props["apologies"]) for f in ex.facts if f.type == "ATTENDED"}
    meeting = "Community Council 2022-07-05"
    assert att == {("Ian Rowe", meeting, False), ("Jane Platt", meeting, False), ("Owen Pryce", meeting, False),
                   ("Huw Bevan", meeting, False), ("Dai Rees", meeting, True), ("Tom Lloyd", meeting, True),
                   ("Alun Hale", meeting, True)}
    members = {f.start.name for f in ex.facts if f.type == "MEMBER_OF" and f.end.name == "Community Council"}
    assert members == {"Ian Rowe", "Jane Platt", "Owen Pryce", "Dai Rees", "Tom Lloyd"}


def test_bulleted_lists_of_those_present_and_a_temporary_clerk():
    ex = extract(Document.from_text("m.txt", "Minutes of the Ordinary Meeting of Eastvale Parish Council held on "
                                    "Tuesday 28th August 2018 at 7.30pm\n\nCouncillors Present\n\n  • Cllr Rob Dale "
                                    "(Chairman)\n  • Cllr Amy Finch\n\nIn Attendance\n\n  • Ken Moss – Temporary "
                                    "Clerk\n"))
    assert {(f.start.name, f.props.get("role")) for f in ex.facts if f.type == "MEMBER_OF"} == {
        ("Rob Dale", "chair"), ("Amy Finch", "member")}
    assert {(f.start.name, f.end.name, f.props["title"]) for f in ex.facts if f.type == "HOLDS_ROLE"} >= {
        ("Ken Moss", "Eastvale Parish Council", "Temporary Clerk")}


def test_members_listed_by_ward_under_the_meeting_title():
    # no "Present" heading: the lines under the title are the members by ward, each name with an
    # honorific; a meeting of a board never named is known by its date
    ex = extract(Document.from_text("m.txt", "Provisional Minutes of Meeting held on Monday 11th June, 2001 at "
                                    "the Hall\n\nNorth Ward - Mr J. Amos\nRiver Ward - Mr C. Sim, Mrs I. Rae\n"
                                    "In attendance - Cllr. R. Moss\nApologies - Mrs E. Hill.\n"))
    att = {(f.start.name, f.props["apologies"]) for f in ex.facts if f.type == "ATTENDED"}
    assert att == {("J. Amos", False), ("C. Sim", False), ("I. Rae", False), ("R. Moss", False), ("E. Hill", True)}


def test_a_town_councils_list_with_no_headings_councillors_then_staff():
    # under the title, a list after a plural honorific broken over two lines, then the council's
    # staff each with a post: the councillors are members, the staff its officers
    ex = extract(Document.from_text("m.txt", "Minutes of the Meeting of Eastvale Town Council held on 27 April "
                                    "2021 at 6:30pm.\n\n\nCllrs B Amos, D Brent, P Cole (Deputy Mayor),\n"
                                    "L Emmett, K Farrow and T Wyatt\n\n\nC Piper, Acting Town Clerk\n"
                                    "A Orme, Asset Manager\n"))
    assert {f.start.name for f in ex.facts if f.type == "MEMBER_OF"} == {
        "B Amos", "D Brent", "P Cole", "L Emmett", "K Farrow", "T Wyatt"}
    assert {(f.start.name, f.end.name, f.props["title"]) for f in ex.facts if f.type == "HOLDS_ROLE"} >= {
        ("C Piper", "Eastvale Town Council", "Acting Town Clerk"), ("A Orme", "Eastvale Town Council", "Asset Manager")}
    assert len([f for f in ex.facts if f.type == "ATTENDED"]) == 8


def test_meetings_named_with_a_day_and_month_only_are_in_the_papers_year():
    got = _meetings_of("Minutes of the Westby Fire Authority meeting held on 16 December 2019\n\nPresent: Cllr A "
                       "Jones\n\n2. Minutes\nThe minutes of the Westby Fire Authority meeting held on 16 September "
                       "were submitted for approval.\n\nThe report would be presented to the Audit Committee on 20 "
                       "October.\n")
    assert got == {("Westby Fire Authority 2019-12-16", "Westby Fire Authority"),
                   ("Westby Fire Authority 2019-09-16", "Westby Fire Authority"),
                   ("Audit Committee 2019-10-20", "Audit Committee")}
