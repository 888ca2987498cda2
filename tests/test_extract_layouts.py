"""Kinds of layout and phrasing read by the general readers, each on a made-up paper (no name,
phrase or amount from any real paper): tables whose cells are written with " / ", a title run
into its body, a long title line, numbered meetings "to be held on", inline lists with notes,
posts in apposition, acronyms a paper uses without defining them, re-appointments, and money
"awarded ... by" or received "from"."""

from __future__ import annotations

from kg.extract import extract
from kg.extract.people import split_entry
from kg.loaders.base import Document


def _facts(text: str, kind: str) -> set[tuple[str, str, str]]:
    ex = extract(Document.from_text("paper.txt", text))
    out = set()
    for f in ex.facts:
        if f.type != kind:
            continue
        key = f.props.get("title") or f.props.get("role") or f.props.get("amount") or ""
        out.add((f.start.name, f.end.name, str(key)))
    return out


SLASH_TABLE = """3rd Meeting of the Westby Safeguarding Board

To be held on 12th May 2026 at 2.00pm-4.00pm,

Name / Title & Organisation / Present / Apology
Ann Jones / Independent Chair Westby Safeguarding Board /
Raj Patel / Chief Executive Northby District Council /
Insp. Bob Moore / Northby Police /
Carol Ellis / Acting Director, WPBN / By Phone
In Attendance
Dee Shah / Minute Taker

1. Welcome
"""


def test_slash_table_of_people_is_the_meeting_record() -> None:
    roles = _facts(SLASH_TABLE, "HOLDS_ROLE")
    assert ("Raj Patel", "Northby District Council", "Chief Executive") in roles
    assert ("Carol Ellis", "WPBN", "Acting Director") in roles
    members = {(a, b) for a, b, _ in _facts(SLASH_TABLE, "MEMBER_OF")}
    assert ("Raj Patel", "Westby Safeguarding Board") in members
    attended = {a for a, _, _ in _facts(SLASH_TABLE, "ATTENDED")}
    assert {"Raj Patel", "Carol Ellis", "Dee Shah"} <= attended
    assert "Minute Taker" not in attended  # a title in a cell is not a person
    meetings = _facts(SLASH_TABLE, "MEETING_OF")
    assert ("Westby Safeguarding Board 2026-05-12", "Westby Safeguarding Board", "") in meetings


LONG_TITLE = (
    "Westby Area Action Partnership Minutes of the Board Meeting Thursday 21 January 2026 "
    "(Virtual Meeting - held via video call)\n\n"
    "Present: Ann Jones (Chair), Cllr Raj Patel, Carol Ellis, Cllr Bob Moore (Alternate), "
    "Neighbourhood Insp Dee Shah, Eve Long (for Sam Hill)\n\n"
    "Officer Attendance: Tom Reed - Partnership Co-ordinator\n\n"
    "Apologies: Cllr Ian Ward, Joan Price\n"
)


def test_long_title_line_and_inline_list_with_notes() -> None:
    attended = _facts(LONG_TITLE, "ATTENDED")
    names = {a for a, _, _ in attended}
    assert {"Ann Jones", "Raj Patel", "Carol Ellis", "Bob Moore", "Dee Shah", "Eve Long"} <= names
    assert all(m == "Westby Area Action Partnership 2026-01-21" for _, m, _ in attended)
    members = _facts(LONG_TITLE, "MEMBER_OF")
    assert ("Ann Jones", "Westby Area Action Partnership", "chair") in members
    assert ("Tom Reed", "Westby Area Action Partnership", "member") not in members  # an officer


def test_posts_in_apposition_and_in_brackets() -> None:
    text = ("The chair of the working group is vacant following the departure of Ann Jones, Director of the "
            "Westby Violence Reduction Unit.\n\n"
            "Raj Patel (Head of Community Safety, NCC) introduced the item. Northby County Council leads it.\n\n"
            "Speakers:\nCarol Ellis, Assistant Director - Safer Communities, NCC\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Ann Jones", "Westby Violence Reduction Unit", "Director") in roles
    assert ("Raj Patel", "Northby County Council", "Head of Community Safety") in roles
    assert ("Carol Ellis", "Northby County Council", "Assistant Director - Safer Communities") in roles


def test_re_appointed_chairs_of_a_long_board_name() -> None:
    text = ("RESOLVED that Councillor Ann Jones be re-appointed as Chair of the Westby Police and Crime Panel.\n\n"
            "RESOLVED that Raj Patel, Co-opted Member be re-appointed as Vice Chair of the Westby Police and "
            "Crime Panel for the year.\n")
    members = _facts(text, "MEMBER_OF")
    assert ("Ann Jones", "Westby Police and Crime Panel", "chair") in members
    assert ("Raj Patel", "Westby Police and Crime Panel", "vice_chair") in members


def test_money_awarded_by_and_received_from() -> None:
    text = ("Northby Borough Council has been awarded £172,000 by the Westby Police and Crime Commissioner "
            "for Safer Streets Round 5.\n\n"
            "Westby Women's Aid, which receives funding from the Westby Police and Crime Commissioner, "
            "declared an interest.\n")
    funds = _facts(text, "FUNDS")
    assert ("Westby Police and Crime Commissioner", "Northby Borough Council", "172000.0") in funds
    assert all(not a.endswith("Round") for a, _, _ in funds)


def test_present_from_a_body_are_its_officers() -> None:
    text = ("Westby Police and Crime Panel\n\n26 June 2026 – A virtual meeting of the Panel held at 10.30am.\n\n"
            "Present from the Office of the Police and Crime Commissioner (OWPCC): Commissioner Ann Jones, "
            "Raj Patel (Chief Executive & Monitoring Officer), Carol Ellis (Chief Finance Officer).\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Raj Patel", "Office of the Police and Crime Commissioner", "Chief Executive & Monitoring Officer") in roles
    assert ("Carol Ellis", "Office of the Police and Crime Commissioner", "Chief Finance Officer") in roles
    assert {a for a, _, _ in _facts(text, "ATTENDED")} == {"Ann Jones", "Raj Patel", "Carol Ellis"}
    assert not _facts(text, "MEMBER_OF")  # officers of another body are not the panel's members


def test_flattened_run_of_name_title_body_entries() -> None:
    text = ("Westby Safeguarding Board\n\nMinutes of the meeting held on 3 March 2026\n\n"
            "Present: Ann Jones Director of Services, Westby Metropolitan Borough Council Mark Hill Chief "
            "Inspector, Northby Police Carol Ellis Service Manager, Westby Council\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Ann Jones", "Westby Metropolitan Borough Council", "Director of Services") in roles
    assert ("Mark Hill", "Northby Police", "Chief Inspector") in roles
    assert ("Carol Ellis", "Westby Council", "Service Manager") in roles
    assert {a for a, _, _ in _facts(text, "ATTENDED")} == {"Ann Jones", "Mark Hill", "Carol Ellis"}


def test_duties_listed_in_terms_of_reference_are_the_boards() -> None:
    text = ("Westby Scrutiny Board\n\nTerms of Reference\n\nPurpose:\n"
            "• Report strategic issues to the Westby Community Safety Partnership.\n"
            "• To scrutinise the Westby Youth Justice Management Board.\n")
    assert ("Westby Scrutiny Board", "Westby Community Safety Partnership", "") in _facts(text, "REPORTS_TO")
    assert ("Westby Scrutiny Board", "Westby Youth Justice Management Board", "") in _facts(text, "SCRUTINISES")


def test_names_and_their_councils_in_two_columns() -> None:
    text = ("Westby Police and Crime Panel\n\nMembers (Local Authority)\n\n"
            "<u>Green</u> Cllr Ash Cllr Birch Cllr Cedar\tWestby District Council Northby Borough Council "
            "Eastby City Council\n"
            "<u>Reform</u> Mr Dan Elm\tSouthby County Council\n")
    members = {(a, b) for a, b, _ in _facts(text, "MEMBER_OF")}
    assert {("Ash", "Westby Police and Crime Panel"), ("Cedar", "Westby Police and Crime Panel"),
            ("Dan Elm", "Westby Police and Crime Panel")} <= members
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Birch", "Northby Borough Council", "Councillor") in roles
    assert ("Cedar", "Eastby City Council", "Councillor") in roles
    assert ("Dan Elm", "Southby County Council", "") in roles  # "Mr": no title


def test_each_clause_of_a_sentence_keeps_its_own_sum() -> None:
    text = ("The Westby Police and Crime Commissioner funds local services. The annual spend to Northby "
            "Recovery Trust is £500,000.00, the annual spend to Eastby Advice Trust is £131,000.00 therefore "
            "monitoring reflects investment.\n")
    funds = _facts(text, "FUNDS")
    assert ("Westby Police and Crime Commissioner", "Eastby Advice Trust", "131000.0") in funds
    assert ("Westby Police and Crime Commissioner", "Northby Recovery Trust", "500000.0") in funds
    assert ("Westby Police and Crime Commissioner", "Eastby Advice Trust", "500000.0") not in funds


def test_award_under_a_title_naming_the_recipient_and_its_project() -> None:
    text = ("Westby Police and Crime Commissioner – Decision Record\n\nApplications for Awards\n\n"
            "Northby Youth Trust – Safer Parks Patrols\n\n"
            "To award Northby Youth Trust £12,000 towards patrols in three parks.\n")
    assert ("Northby Youth Trust", "Safer Parks Patrols", "") in _facts(text, "DELIVERS")
    assert ("Westby Police and Crime Commissioner", "Northby Youth Trust", "12000.0") in _facts(text, "FUNDS")


PRESENTERS = """Westby Community Safety Board - Monday, 2 March 2026

1. Presentation by Tracey Moon, Director of Westby Probation Service on the Future of Probation Services

2. Presentation by Inspector Maxine Hill of Westby Police on Crime Figures

3. Minutes of the Meeting held on 4 December 2025

Claire Brown introduced the report as set out.

4. Sharon Caddy and Gary Ridge delivered a joint presentation in relation to the new custody facility.

5. Michael Soper outlined the content of his presentation. Anne Moss asked about the timetable.
"""


def test_presenters_in_item_titles_and_minutes() -> None:
    presented = _facts(PRESENTERS, "PRESENTED")
    meeting = "Westby Community Safety Board 2026-03-02"
    assert {(p, m) for p, m, _ in presented} == {(p, meeting) for p in (
        "Tracey Moon", "Maxine Hill", "Claire Brown", "Sharon Caddy", "Gary Ridge", "Michael Soper")}
    assert ("Maxine Hill", "Westby Police", "Inspector") in _facts(PRESENTERS, "HOLDS_ROLE")
    assert "Anne Moss" in {a for a, _, _ in _facts(PRESENTERS, "ATTENDED")}  # asked: there, not presenting


def test_meetings_a_sentence_dates() -> None:
    text = ("Westby Police and Crime Panel - Monday, 2 March 2026\n\n"
            "This was supported by the Panel at a meeting on 30 October 2025.\n\n"
            "The review was considered by the Police and Crime Panel on 9 June 2025.\n\n"
            "At their combined meeting on the 18 September 2024, the Westby Health and Wellbeing Board and "
            "Westby Integrated Care Partnership agreed to review the arrangements.\n")
    meetings = {(a, b) for a, b, _ in _facts(text, "MEETING_OF")}
    assert meetings == {
        ("Westby Police and Crime Panel 2026-03-02", "Westby Police and Crime Panel"),
        ("Westby Police and Crime Panel 2025-10-30", "Westby Police and Crime Panel"),
        ("Westby Police and Crime Panel 2025-06-09", "Westby Police and Crime Panel"),
        ("Westby Health and Wellbeing Board 2024-09-18", "Westby Health and Wellbeing Board"),
        ("Westby Integrated Care Partnership 2024-09-18", "Westby Integrated Care Partnership"),
    }


def test_named_services_delivered_by_a_body() -> None:
    text = ("Westby Community Safety Partnership\n\n"
            "5.2 Helpline & Engagement Service (HES) delivered by Westby Women's Aid.\n\n"
            "5.5 Substance Use Out of Court options, delivered by Northby Recovery Trust.\n\n"
            "The report was presented by Westby Police.\n")
    delivers = {(a, b) for a, b, _ in _facts(text, "DELIVERS")}
    assert delivers == {("Westby Women's Aid", "Helpline & Engagement Service"),
                        ("Northby Recovery Trust", "Substance Use Out of Court options")}



def test_an_unheaded_list_after_the_members_attended_without_being_members() -> None:
    text = ("Minutes of the Westby Community Safety Partnership meeting - 17 June 2026\n\n"
            "Core membership\nCllr Ann Jones - Westby Council\nRaj Patel - Westby Police\n\n\n"
            "Carol Ellis - Westby Council\nMark Hill - Westby Fire and Rescue Service\n")
    members = {a for a, _, _ in _facts(text, "MEMBER_OF")}
    assert members == {"Ann Jones", "Raj Patel"}
    assert {a for a, _, _ in _facts(text, "ATTENDED")} == {"Ann Jones", "Raj Patel", "Carol Ellis", "Mark Hill"}


def test_acronym_of_a_body_inside_a_longer_name_and_approval_is_not_money() -> None:
    text = ("Northby Community Safety Partnership Working Group Update\n\n"
            "The chair of the NCSP Working Group is vacant.\n\n"
            "The Northby Police and Crime Commissioner had allocated £39,661 grant funding to the NCSP to fund "
            "projects in 2024/25.\n\n"
            "The Northby Community Safety Team received approval from the Commissioner's Office to fund nine "
            "projects totalling £39,505.\n")
    funds = _facts(text, "FUNDS")
    assert funds == {("Northby Police and Crime Commissioner", "Northby Community Safety Partnership", "39661.0")}


UNHEADED_RECORD = """WEB Minutes - 12th May 2026

Westby Executive Board (WEB)
Minutes of the Open Session: Tuesday, 12 May 2026
Held at the Guildhall, Westby
Ann Jones (Chair, Leader of the Council, Westby City Council)
Raj Patel, Managing Director, Brightpath Holdings (Vice Chair)
The Very Reverend Carol Ellis, Dean of Westby
Bob Moore, Director, Northby First
Dee Shah, Westby City Council
In Attendance:
Sam Lee, Policy Officer, Northby First (minutes)
Welcome and Apologies
The Chair welcomed everyone to the meeting and apologies were received
Tom Hart, Chief Executive, Westby Holdings
"""


def test_a_title_block_with_an_acronym_then_an_unheaded_list_of_members() -> None:
    # "WEB Minutes - <date>" over "Westby Executive Board (WEB)": the board's meeting; the lines of
    # people under the header with no heading of their own are those present
    meeting = "Westby Executive Board 2026-05-12"
    attended = {s for s, e, _ in _facts(UNHEADED_RECORD, "ATTENDED") if e == meeting}
    assert attended >= {"Ann Jones", "Raj Patel", "Carol Ellis", "Bob Moore", "Dee Shah", "Sam Lee", "Tom Hart"}
    members = _facts(UNHEADED_RECORD, "MEMBER_OF")
    assert ("Ann Jones", "Westby Executive Board", "chair") in members
    assert ("Raj Patel", "Westby Executive Board", "vice_chair") in members
    ex = extract(Document.from_text("paper.txt", UNHEADED_RECORD))
    sent = {f.start.name for f in ex.facts if f.type == "ATTENDED" and f.props.get("apologies")}
    assert sent == {"Tom Hart"}  # "... and apologies were received" with the names below
    roles = _facts(UNHEADED_RECORD, "HOLDS_ROLE")
    # "Title, Proper Name" after a name: a body kg has no word for is still the body
    assert ("Raj Patel", "Brightpath Holdings", "Managing Director") in roles
    assert ("Bob Moore", "Northby First", "Director") in roles
    assert ("Ann Jones", "Westby City Council", "Leader of the Council") in roles
    # "Name, Body (minutes)" is one person and her body, not two people
    assert not any(s == "Northby First" for s, _, _ in _facts(UNHEADED_RECORD, "ATTENDED"))


FLATTENED_PAGE = ("Westby Public Services Board\nTotal Page:9\n"
                  "Westby Public Services Board Meeting 3 4th of May, 2026 Council Chamber, Westby 10am MINUTES "
                  "Present: Cllr Ellen ap Rhys Westby County Council Bronwen Tudor Westby County Council Chief "
                  "Executive Martin Cox Natural Assets Westby Rob Quin Northby Fire and Rescue Service Ifan Parry "
                  "Northby University Health Board Cllr Hag Moss Chair, Young People Executive Group "
                  "Also in Attendance: Naomi Lake Westby Carers Trust 2.1 Apologies, Introductions Apologies: "
                  "Jane Dale, Northby University; Supt. Ian Price, Northby Police; Sue Marsh, Strategic Director, "
                  "Care and Lifestyle, Westby County Council; Jocel")


def test_a_page_flattened_to_one_line_is_read_by_its_inline_headings() -> None:
    # a PDF copied as one line: "Present:", "Also in Attendance:" and "Apologies:" inside it still
    # open their lists; names run into bodies with no separator; a Welsh particle is part of a name
    meeting = "Westby Public Services Board 2026-05-04"
    ex = extract(Document.from_text("paper.txt", FLATTENED_PAGE))
    att = {(f.start.name, bool(f.props.get("apologies"))) for f in ex.facts
           if f.type == "ATTENDED" and f.end.name == meeting}
    assert {("Ellen ap Rhys", False), ("Bronwen Tudor", False), ("Martin Cox", False), ("Ifan Parry", False),
            ("Hag Moss", False), ("Naomi Lake", False)} <= att
    assert {("Jane Dale", True), ("Ian Price", True), ("Sue Marsh", True)} <= att
    roles = _facts(FLATTENED_PAGE, "HOLDS_ROLE")
    assert ("Bronwen Tudor", "Westby County Council", "Chief Executive") in roles  # "Body Title" after a name
    assert ("Sue Marsh", "Westby County Council", "Strategic Director, Care and Lifestyle") in roles
    members = _facts(FLATTENED_PAGE, "MEMBER_OF")
    assert ("Hag Moss", "Young People Executive Group", "chair") in members
    assert not any(s == "Naomi Lake" and e == "Westby Public Services Board" for s, e, _ in members)


def test_a_post_set_before_its_holders_name() -> None:
    text = ("Westby's Police and Crime Commissioner (PCC), Ann Jones, is inviting groups to apply.\n\n"
            "The Chief Executive of Westby Council, Bob Patel, said the fund was open.\n\n"
            "Westby Police and Crime Commissioner Carol Ellis said the money would help.\n\n"
            "The meeting was opened by the Chair, John Smith, who welcomed all.\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Ann Jones", "Westby Police and Crime Commissioner", "Police and Crime Commissioner") in roles
    assert ("Bob Patel", "Westby Council", "Chief Executive") in roles
    assert ("Carol Ellis", "Westby Police and Crime Commissioner", "Police and Crime Commissioner") in roles
    assert not any(s == "John Smith" for s, _, _ in roles)  # "the Chair" names no body


def test_meeting_headers_with_a_record_line_or_flattened_onto_one_line() -> None:
    # "Draft Minutes" between the board's name and "date, venue"
    text = ("Westby Police and Crime Panel\nDraft Minutes\n6th May 2026, Council Chamber, Westby One\n"
            "PRESENT: Councillor Lowe (Chair) - Westby City Council\nCouncillor Walls - Northby Council\n")
    assert ("Westby Police and Crime Panel 2026-05-06", "Westby Police and Crime Panel", "") in \
        _facts(text, "MEETING_OF")
    # a members' list "Councillor X (Y Council)" ties each councillor to their council
    assert ("Walls", "Northby Council", "Councillor") in _facts(text, "HOLDS_ROLE")
    # a front sheet flattened onto one line: the board's name in capitals just before the date
    flat = ("Public Document Pack Westby Panel c/o Westby City Council Published 2 May 2026 "
            "WESTBY SAFER STREETS BOARD Friday 15 May 2026 10.30 am Council House, Westby " + "x " * 150 +
            "Members: Councillors Barker (Northby District Council) and Vacancy (Eastfield Council).\n")
    assert ("Westby Safer Streets Board 2026-05-15", "Westby Safer Streets Board", "") in _facts(flat, "MEETING_OF")
    members = _facts(flat, "MEMBER_OF")
    assert ("Barker", "Westby Safer Streets Board", "member") in members
    assert not any(s == "Vacancy" for s, _, _ in members)
    assert ("Barker", "Northby District Council", "Councillor") in _facts(flat, "HOLDS_ROLE")


def test_it_is_made_up_of_means_the_body_of_the_sentence_before() -> None:
    text = ("Westby Community Safety Partnership is aimed at tackling crime and disorder in Westby. It is "
            "made up of members including Westby Council, Northby Police and the Local Health Board.\n")
    members = _facts(text, "MEMBER_OF")
    board = "Westby Community Safety Partnership"
    assert {("Westby Council", board, "member"), ("Northby Police", board, "member")} <= members


def test_money_awarded_to_a_body_no_rule_knew() -> None:
    text = ("Westby Community Safety Fund\n\nWestby Youth Club was awarded £7,500 from the Westby Community Safety "
            "Fund.\n\nAnn Jones received £500 from the Westby Community Safety Fund.\n\n"
            "The Westby Police and Crime Commissioner has awarded a total of £90,550 to 62 community projects.\n")
    funds = _facts(text, "FUNDS")
    assert ("Westby Community Safety Fund", "Westby Youth Club", "7500.0") in funds
    assert not any(r in ("Ann Jones", "62") for _, r, _ in funds)  # a person; a count is not a name


def test_people_of_or_from_a_body_in_running_text() -> None:
    text = ("The Chairman welcomed Inspector Andy Moore of Westby Police to the meeting.\n\n"
            "PC Matt Lee and Natalie Green from the Northby Transport Police (NTP) introduced themselves.\n\n"
            "The Director of Westby Council spoke.\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Andy Moore", "Westby Police", "Inspector") in roles
    assert ("Matt Lee", "Northby Transport Police", "Police Constable") in roles
    assert ("Natalie Green", "Northby Transport Police", "") in roles
    assert len(roles) == 3  # "The Director of Westby Council" names no person


def test_a_department_before_a_title_is_part_of_the_title() -> None:
    from kg.extract.people import split_entry

    e = split_entry("Kim Booth Democratic Services Officer")
    assert e is not None and (e.title, e.org) == ("Democratic Services Officer", "")
    e = split_entry("Bronwen Tudor Westby County Council Chief Executive")
    assert e is not None and (e.title, e.org) == ("Chief Executive", "Westby County Council")


def test_an_office_before_its_holder_and_money_shared_with_a_partner() -> None:
    text = ("A fund launched by Police and Crime Commissioner Jo Evans in May has now opened.\n\n"
            "A total sum of £200,000 was distributed to successful applicants in partnership with Westby "
            "Community Foundation.\n")
    assert ("Jo Evans", "Police and Crime Commissioner", "Police and Crime Commissioner") in _facts(text, "HOLDS_ROLE")
    # the partner a sum was distributed with did not receive it
    assert not _facts(text, "FUNDS")


def test_governance_by_updates_and_support_that_is_not_a_service() -> None:
    text = ("Westby Anti-Social Behaviour Group\nTerms of Reference\n\n"
            "The Westby Reducing Reoffending Board will provide quarterly updates to the Safer Westby Partnership."
            "\n\nSecretariat support will be provided by Westby Council.\n")
    assert ("Westby Reducing Reoffending Board", "Safer Westby Partnership", "") in _facts(text, "REPORTS_TO")
    assert ("Westby Council", "Westby Anti-Social Behaviour Group", "") in _facts(text, "SUPPORTS")
    assert not _facts(text, "DELIVERS")


def test_an_independent_chair_in_the_list_and_a_shared_honorific_ends_at_a_semicolon() -> None:
    text = ("WESTBY SAFEGUARDING ADULTS BOARD\nMinutes – 12 May 2025\n\nAttendees\nAnn Jones, Independent Chair\n"
            "Bob Patel, Westby Council\n\nItem 1 Welcome\n")
    assert ("Ann Jones", "Westby Safeguarding Adults Board", "chair") in _facts(text, "MEMBER_OF")
    assert ("Ann Jones", "Westby Safeguarding Adults Board", "Independent Chair") in _facts(text, "HOLDS_ROLE")
    text = ("Westby Community Safety Partnership\nMinutes of the meeting held on Tuesday 4 March 2025 at the Town "
            "Hall, Westby\n\nPresent: Councillors A Jones (Chair), B Patel and C Moore; Supt D Lee (Northby Police);"
            " E Shah (Westby Council).\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("D Lee", "Northby Police", "Superintendent") in roles
    assert ("E Shah", "Westby Council", "") in roles  # not a councillor: the shared honorific ended at ";"


def test_money_given_to_a_body_by_a_funder() -> None:
    text = ("Westby Police and Crime Commissioner\n\nNorthby Boxing Trust has been given £2,500 by the Commissioner.\n")
    assert ("Westby Police and Crime Commissioner", "Northby Boxing Trust", "2500.0") in _facts(text, "FUNDS")


def test_a_body_or_post_in_brackets_after_a_name() -> None:
    from kg.extract.people import split_entry

    got = {t: split_entry(t) for t in ("Ann Jones (Westby Council)", "Ann Jones (Policy Officer)", "Ann Jones (Chair)")}
    assert got["Ann Jones (Westby Council)"].org == "Westby Council"  # type: ignore[union-attr]
    assert got["Ann Jones (Policy Officer)"].title == "Policy Officer"  # type: ignore[union-attr]
    assert got["Ann Jones (Chair)"].person.chair == "chair"  # type: ignore[union-attr]


MARK_GRID = (
    "Minutes of the Westby Adults Board held on 4 March 2026\n\n"
    "P = Present A = Apologies DNA = Did not attend R = Representative\n\n"
    "Board Member P A DNA R Ann Jones (AJ) – Chair P Raj Patel (RP) – Head of Care, Northby District "
    "Council A Cllr Dee Shah (DS) - Lead Member, WDC P Bob M Moore (BM) – Inspector, Westby Police "
    "DNA Eve Long (EL) – Manager, Westby Care and P Support Trust\n"
)


def test_an_attendance_grid_flattened_with_its_marks() -> None:
    """A table of members with P/A/DNA columns copied from a PDF onto one line: rows start at each
    name with its initials, the mark after each row (or inside a wrapped cell) says who came."""
    ex = extract(Document.from_text("paper.txt", MARK_GRID))
    apologies = {f.start.name: f.props["apologies"] for f in ex.facts if f.type == "ATTENDED"}
    assert apologies == {"Ann Jones": False, "Raj Patel": True, "Dee Shah": False, "Eve Long": False}
    members = _facts(MARK_GRID, "MEMBER_OF")
    assert ("Ann Jones", "Westby Adults Board", "chair") in members
    assert {a for a, _, _ in members} == {"Ann Jones", "Raj Patel", "Dee Shah", "Bob M Moore", "Eve Long"}
    roles = _facts(MARK_GRID, "HOLDS_ROLE")
    assert ("Raj Patel", "Northby District Council", "Head of Care") in roles
    assert ("Dee Shah", "WDC", "Lead Member") in roles
    assert ("Eve Long", "Westby Care and Support Trust", "Manager") in roles


POSTS_FIRST = (
    "Westby Justice Board\n\n"
    "12 May 2026 14:00 – 15:30 Room 4, Westby House\n\n"
    "Attendees:\n\n"
    " Chief Executive, Westby Council (Ann Jones) - AJ  Interim Director of WPS (Raj Patel) - RP  "
    "Senior Judge (Sir Bob Moore) - BM  Head of Policy, Northby Police (Dee Shah) - DS  Minister for Courts "
    "(The Rt Hon MP) - CX  Observer for the Treasury (Eve Long)\n\n"
    "Apologies:\n\n"
    " Home Minister (Dr Tom Reed)  Board Member (Sir Ian Ward)\n"
)


def test_posts_first_with_the_person_in_brackets_under_a_title_and_a_date_with_hours() -> None:
    """Attendees written "Post, Body (Name) - initials", flattened onto one long line; the meeting's
    date line gives its hours and room right after the date."""
    meetings = _facts(POSTS_FIRST, "MEETING_OF")
    assert ("Westby Justice Board 2026-05-12", "Westby Justice Board", "") in meetings
    ex = extract(Document.from_text("paper.txt", POSTS_FIRST))
    came = {f.start.name: f.props["apologies"] for f in ex.facts if f.type == "ATTENDED"}
    assert came == {"Ann Jones": False, "Raj Patel": False, "Bob Moore": False, "Dee Shah": False,
                    "Eve Long": False, "Tom Reed": True, "Ian Ward": True}
    roles = _facts(POSTS_FIRST, "HOLDS_ROLE")
    assert ("Ann Jones", "Westby Council", "Chief Executive") in roles
    assert ("Raj Patel", "WPS", "Interim Director") in roles
    assert ("Dee Shah", "Northby Police", "Head of Policy") in roles


def test_a_name_in_a_run_does_not_end_with_the_place_of_the_next_body() -> None:
    """ "Cllr Ann Jones Wealden District Council": one-word place names and compass words begin the
    body; they do not end the name."""
    text = ("Westby Police and Crime Panel\n\n4 March 2026\n\nPresent:\n\n"
            "Cllr Ann Jones Adur District Council Cllr Raj Patel East Westby County Council "
            "Mrs Dee Shah Independent member\n")
    people = {a for a, _, _ in _facts(text, "ATTENDED")}
    assert people == {"Ann Jones", "Raj Patel", "Dee Shah"}


def test_a_present_list_wrapped_over_lines_under_a_minute_of_meeting() -> None:
    """ "Minute of meeting held on ..." (the Scottish singular, no article) under the body's title; the
    comma-separated list of those present wraps onto the next lines, once in the middle of a name;
    a forename that is also a month ("June") starts a name."""
    text = ("\t\t\tWestby Drug and Alcohol Action Team\n\n"
            "Minute of meeting held on Wednesday 6 May 2026 at Westby House\n\n"
            "Present: Ann Jones (Chair), Bob Moore, June Hale, Raj\nPatel, Cllr Dee Shah, Eve Long, Tom Reed\n"
            "and Ian Ward.\n\n1.0 Welcome\n")
    meetings = _facts(text, "MEETING_OF")
    assert ("Westby Drug and Alcohol Action Team 2026-05-06", "Westby Drug and Alcohol Action Team", "") in meetings
    people = {a for a, _, _ in _facts(text, "ATTENDED")}
    assert people == {"Ann Jones", "Bob Moore", "June Hale", "Raj Patel", "Dee Shah", "Eve Long", "Tom Reed",
                      "Ian Ward"}


def test_minutes_with_no_title_take_the_board_the_text_names_and_a_chair_before_a_post() -> None:
    """ "Minute of meeting held on <date>" with no board above it: the board is the one the first
    lines name as the chair's ("his first meeting as Chair of the ..."). "Name, Chair, Post" makes
    the chair of that board; "Name, Chair, <Body>" the chair of the body named."""
    text = ("Minute of meeting held on 3rd June 2026 at 10.00am in Room 2, Westby House\n\n"
            "Present: Ann Jones, Chair, Director of Public Health\n\n"
            "Bob Moore, Police Scotland\n\n"
            "Dee Shah, Chair, Westby Youth Forum\n\n"
            "1. Ms Jones welcomed everyone to her first meeting as Chair of the Westby Recovery Partnership.\n")
    meetings = _facts(text, "MEETING_OF")
    assert ("Westby Recovery Partnership 2026-06-03", "Westby Recovery Partnership", "") in meetings
    members = _facts(text, "MEMBER_OF")
    assert ("Ann Jones", "Westby Recovery Partnership", "chair") in members
    assert ("Dee Shah", "Westby Youth Forum", "chair") in members
    assert ("Dee Shah", "Westby Recovery Partnership", "chair") not in members
    assert ("Bob Moore", "Police Scotland", "") in _facts(text, "HOLDS_ROLE")


GRANTS_PAGE = ("Westby Police and Crime Commissioner announces community safety grants\n\n"
               "Northby Borough Council receives £25,000 with Eastby District Council being awarded £30,000, "
               "Southby City Council receiving £40,000 and Westby Council getting £10,000.\n\n"
               "The smaller grants are: Northby Rugby Club (£2,000), Eastby Scouts (£1,500) and Westby Youth "
               "Theatre (£900).\n")


def test_one_sentence_gives_several_councils_their_own_amounts_from_the_paper_funder() -> None:
    """Each amount goes to the body named with it, and the funder is the paper's (the commissioner
    it is from), never the first recipient; "X (£N)" items of an inline list are awards too."""
    funds = _facts(GRANTS_PAGE, "FUNDS")
    funder = "Westby Police and Crime Commissioner"
    assert {(a, b, float(k)) for a, b, k in funds} == {
        (funder, "Northby Borough Council", 25000.0), (funder, "Eastby District Council", 30000.0),
        (funder, "Southby City Council", 40000.0), (funder, "Westby Council", 10000.0),
        (funder, "Northby Rugby Club", 2000.0), (funder, "Eastby Scouts", 1500.0),
        (funder, "Westby Youth Theatre", 900.0)}


def test_title_lines_that_name_the_meeting_recorded() -> None:
    """A first line naming a dated meeting of a board ("<Board> meeting held on <date>", "Record of
    the <Board> meeting of <date>", "Minutes of the meeting of the <Board> on <date>") or a board's
    title over "Meeting Minutes" and a date line: that meeting's attendance follows. A line about
    the previous meeting is not the one recorded."""
    heads = ["Westby Safety Board meeting held on 3rd March 2026",
             "Record of the Westby Safety Board meeting of 3 March 2026",
             "Minutes of the meeting of the Westby Safety Board on 3 March 2026",
             "Westby Safety Board\nMeeting Minutes\nTuesday 3rd March 2026, 14:00-16:00, Westby House"]
    for head in heads:
        text = head + "\n\nPresent: Ann Jones (Chair), Bob Moore\n"
        attended = {(a, b) for a, b, _ in _facts(text, "ATTENDED")}
        assert attended == {("Ann Jones", "Westby Safety Board 2026-03-03"),
                            ("Bob Moore", "Westby Safety Board 2026-03-03")}, head
    text = "Minutes of the previous meeting held on 3 March 2026 were approved.\n\nPresent: Ann Jones, Bob Moore\n"
    assert not _facts(text, "ATTENDED")


def test_posts_in_running_text_written_several_ways() -> None:
    """A person tied to a post and a body in prose: the body's post before the name, a rank before
    the name and the body after it, "the Title at the Body", "is/has been appointed", "who chairs",
    and the body in brackets after a name (but not a note of how they attended)."""
    text = ("Westby Safety Partnership\n\n"
            "Westby Borough Council's Chief Executive, Ann Jones, welcomed the report. "
            "Superintendent Bob Moore, Westby Police, reported on the operation. "
            "Dee Shah, the Director of Public Health at Westby County Council, presented the plan. "
            "Eve Long has been appointed as the new Chief Executive of Northby District Council. "
            "Tom Reed is the Community Safety Manager at Eastby Borough Council. "
            "Ian Ward, who chairs the Westby Youth Forum, said the work would go on. "
            "Mark Hill (Southby City Council) gave an update. Joan Price (MS Teams) joined later.\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert {("Ann Jones", "Westby Borough Council", "Chief Executive"),
            ("Bob Moore", "Westby Police", "Superintendent"),
            ("Dee Shah", "Westby County Council", "Director of Public Health"),
            ("Eve Long", "Northby District Council", "Chief Executive"),
            ("Tom Reed", "Eastby Borough Council", "Community Safety Manager"),
            ("Mark Hill", "Southby City Council", "")} <= roles
    assert not {r for r in roles if r[0] == "Joan Price"}
    assert ("Ian Ward", "Westby Youth Forum", "chair") in _facts(text, "MEMBER_OF")


def test_attendance_table_with_a_column_per_kind() -> None:
    """An attendance table: a header naming who is listed and the kinds of attendance, a tick in
    the column that applies. A post of a body stands for the body (a member); when the copy lost
    the empty cells, a tick tells no kind and the row gives membership only."""
    text = ("Minutes of the Westby Safety Board held on 3 March 2026\n\n"
            "Name\tPresent\tApologies\n"
            "Cllr Ann Jones\t✓\t\n"
            "Bob Moore, Inspector, Westby Police\t\t✓\n"
            "Head of Housing, Westby Borough Council\t✓\t\n\n"
            "1. Welcome\n")
    attended = {(f.start.name, f.end.name, f.props["apologies"])
                for f in extract(Document.from_text("paper.txt", text)).facts if f.type == "ATTENDED"}
    assert attended == {("Ann Jones", "Westby Safety Board 2026-03-03", False),
                        ("Bob Moore", "Westby Safety Board 2026-03-03", True)}
    assert {m[:2] for m in _facts(text, "MEMBER_OF")} == {
        ("Ann Jones", "Westby Safety Board"), ("Bob Moore", "Westby Safety Board"),
        ("Westby Borough Council", "Westby Safety Board")}
    flat = ("Minutes of the Westby Safety Board held on 3 March 2026\n\n"
            "INVITED / ATTENDED / APOLOGIES RECEIVED\n"
            "Director of Care, Westby Council / √\n"
            "Operations Manager, Brightpath Trust\n"
            "Bob Moore / √\n\n1. Welcome\n")
    assert not _facts(flat, "ATTENDED")
    assert {m[:2] for m in _facts(flat, "MEMBER_OF")} == {
        ("Westby Council", "Westby Safety Board"), ("Brightpath Trust", "Westby Safety Board"),
        ("Bob Moore", "Westby Safety Board")}


def test_membership_list_of_posts_names_the_bodies() -> None:
    """A terms of reference listing members by post and body: the body is the member, never a
    body named with the post in front of it."""
    text = ("Westby Safety Board\nTerms of Reference\n\nMembership\nThe membership of the Board will be:\n"
            "- Head of Community Safety, Westby Borough Council\n- District Commander, Westshire Police\n"
            "- Westshire Probation Service\n")
    assert {m[:2] for m in _facts(text, "MEMBER_OF")} == {
        ("Westby Borough Council", "Westby Safety Board"), ("Westshire Police", "Westby Safety Board"),
        ("Westshire Probation Service", "Westby Safety Board")}


def test_page_flattened_onto_one_line() -> None:
    """A PDF copy that runs a whole page onto one line: the board's meeting from the title words
    before the venue, the attendance lists from the headings mid-line ("Present:", "Apologies:",
    a capitals column header), each list to the next heading or numbered item; a comma list of
    people each followed by their body; a run with no separators split at each name, with the
    initials written before a name kept off the entry before."""
    text = ("WESTBY SAFETY BOARD (WSB) MEETING THE COUNCIL CHAMBER, TOWN HALL, HIGH STREET TUESDAY 3RD MARCH 2026 "
            "AT 7.00 PM M I N U T E S Present: Cllr Ann Jones (Chair), Bob Moore, Westby Police, Carol Ellis, "
            "Westby Borough Council Apologies: Dee Shah, Westby Fire and Rescue Service 1. WELCOME The Chair "
            "welcomed everyone to the meeting and introductions were made around the table for new members.\n")
    attended = {(f.start.name, f.props["apologies"]) for f in extract(Document.from_text("p.txt", text)).facts
                if f.type == "ATTENDED" and f.end.name == "Westby Safety Board 2026-03-03"}
    assert attended == {("Ann Jones", False), ("Bob Moore", False), ("Carol Ellis", False), ("Dee Shah", True)}
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Bob Moore", "Westby Police", "") in roles and ("Carol Ellis", "Westby Borough Council", "") in roles
    assert not [r for r in roles if r[0] == "Ann Jones"]
    run = ("WESTBY SAFETY BOARD MEETING TOWN HALL TUESDAY 3RD MARCH 2026 AT 7.00 PM ATTENDEE REPRESENTING "
           "AJ Ann Jones Chair, Westby Residents Forum BMP Bob Michael Patel Westby Police Cllr Carol Ellis "
           "North Westby Ward Dee Shah Westby Victim Support Eve Long Westby Older People's Forum Tom Reed "
           "Westby Neighbourhood Watch 2 ATT\n")
    people = {a for a, b, _ in _facts(run, "ATTENDED") if b == "Westby Safety Board 2026-03-03"}
    assert {"Ann Jones", "Carol Ellis", "Dee Shah", "Eve Long", "Tom Reed"} <= people
    assert not [p for p in people if "Ward" in p or "North" in p]
    orgs = {b for _, b, _ in _facts(run, "HOLDS_ROLE")}
    assert not [o for o in orgs if o.endswith(("BMP", "BP"))]


def test_membership_page_in_groups_with_middle_dot_bullets() -> None:
    """A board's web page listing its members in groups, "Responsible Authorities (Statutory
    Members)" and "Invited and co-opted participants", each entry a "·" bullet between blank lines;
    a body named as its representative is the member."""
    text = ("Westby Safety Partnership Board\n\nThe Westby Safety Partnership Board is the statutory partnership.\n\n"
            "Responsible Authorities (Statutory Members)\n\n\n·         Westby Borough Council\n\n"
            "·         Westshire Police\n\n·         Westshire Fire Brigade\n\nInvited and co-opted participants\n\n"
            "·         Westby Housing Association\n\n·         Victim Support representative\n")
    assert {m[:2] for m in _facts(text, "MEMBER_OF")} == {
        (b, "Westby Safety Partnership Board") for b in (
            "Westby Borough Council", "Westshire Police", "Westshire Fire Brigade", "Westby Housing Association",
            "Victim Support")}


def test_members_of_the_group_with_slashed_posts() -> None:
    """ "Members of the Group:" over "Name (INI) / Title, Body" lines: the members present; a post
    "Chair of <Body>" is the chair's title at that body; a place before an acronym belongs to the
    body ("Westby and Vale UHB"); a portfolio listed with commas stays one title."""
    text = ("Westby Partnership Group\n\nMinutes of the meeting held on Wednesday 4th March 2026\n\n"
            "Members of the Group:\n"
            "Cllr Ann Jones (AJ) Chair / Cabinet Member for Communities, Housing and Justice\n"
            "Bob Moore (BM) / Chair of Westby University Health Board\n"
            "Carol Ellis (CE) / Service Manager, Westby and Vale UHB\n"
            "Apologies:\nDee Shah / Chief Executive, Westby Council\n")
    attended = {(f.start.name, f.props["apologies"]) for f in extract(Document.from_text("p.txt", text)).facts
                if f.type == "ATTENDED"}
    assert attended == {("Ann Jones", False), ("Bob Moore", False), ("Carol Ellis", False), ("Dee Shah", True)}
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Bob Moore", "Westby University Health Board", "Chair") in roles
    assert ("Carol Ellis", "Westby and Vale UHB", "Service Manager") in roles
    assert not [r for r in roles if r[1] == "Housing and Justice"]


def test_people_with_bodies_known_by_letters_and_surnames_that_are_words() -> None:
    """A list of members whose bodies are written as acronyms only ("Ann Jones (YJB)"), and
    surnames that are also common words after a known forename ("Ian Grant", "Jon House")."""
    text = ("Minutes of the Westby Youth Justice Board held on 3 March 2026\n\nPresent:\n"
            "Ann Jones (YJB)\nIan Grant Westby Council\nJon House, WFRS\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert {("Ann Jones", "YJB", ""), ("Ian Grant", "Westby Council", ""), ("Jon House", "WFRS", "")} <= roles


def test_posts_given_with_as_the_and_a_flattened_name_body_run() -> None:
    """ "Name as the Title for/of the Body" in running text; a convener is a post; a PRESENT list
    flattened into "Name, Body Name, Body ..." with no separator between entries."""
    text = ("Westby Partnership\n\nAn Executive Group brought together the partners – Bob Moore as the Borough "
            "Commander for the Westshire Police, and Carol Ellis as the Chief Executive of Westby Council. "
            "Dee Shah (Independent Convener, Westby Safeguarding Forum) added to the introduction.\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert {("Bob Moore", "Westshire Police", "Borough Commander"),
            ("Carol Ellis", "Westby Council", "Chief Executive"),
            ("Dee Shah", "Westby Safeguarding Forum", "Independent Convener")} <= roles
    flat = ("WESTBY FORUM MINUTES Minutes of the meeting of the Westby Drug and Alcohol Forum held in the Town Hall on "
            "Tuesday 3rd March 2026 at 12.30 pm. PRESENT Ann Jones (Chairman), Westby Council on Alcohol Bob Moore, "
            "Westshire Police Carol Ellis, Westby Young Carers Dee Shah, Westby Youth Action Service APOLOGIES Eve "
            "Long, Westby Youth Cafe 1. WELCOMES: Ann welcomed everyone to the meeting.\n")
    attended = {(f.start.name, f.props["apologies"]) for f in extract(Document.from_text("p.txt", flat)).facts
                if f.type == "ATTENDED"}
    assert attended == {("Ann Jones", False), ("Bob Moore", False), ("Carol Ellis", False), ("Dee Shah", False),
                        ("Eve Long", True)}


def _funds(text: str) -> set[tuple[str, str, float | None]]:
    ex = extract(Document.from_text("paper.txt", text))
    return {(f.start.name, f.end.name, f.props.get("amount")) for f in ex.facts if f.type == "FUNDS"}


def test_a_total_line_and_a_price_are_not_awards() -> None:
    """In a commissioner's list of funded projects, "Name: £N" items are awards, but a total or
    subtotal line beside them ("Total Programme Cost: £N", "Sub-total: £N") adds them up, and an
    amount in brackets inside a sentence ("a camera with Tracking (£N, ...)") is a price: neither
    is money paid to anyone."""
    text = ("Office of the Westby Police and Crime Commissioner\n\nProjects funded for 2025/26\n\n"
            "Project\tDescription\tArea\n"
            "Northby Youth Club\tStaff costs: £576.00 Materials: £90 Total Programme Cost: £666.00\tNorthby\n"
            "Trail cameras\tThe team will buy 4 cameras with Tracking (£120.50, including delivery).\tSouthby\n\n"
            "Grants agreed: Northby Mediation: £2,000, Southby Arts Trust: £1,500, Sub-total: £3,500.\n")
    funds = _funds(text)
    assert ("Office of the Westby Police and Crime Commissioner", "Northby Mediation", 2000.0) in funds
    assert ("Office of the Westby Police and Crime Commissioner", "Southby Arts Trust", 1500.0) in funds
    assert not [f for f in funds if "total" in f[1].lower() or f[1] == "Tracking"], funds


def test_amounts_paid_respectively() -> None:
    """"X contributes to A and B of £N and £M respectively": the amounts go in order to the
    recipients named; to one recipient named for its several parts ("the contracts of Y for both the
    north and the south"), each amount is a flow to it. An acronym the paper defines keeps naming
    its body after a longer name that holds it ("Commissioning OPCC" in a report author's line)."""
    text = ("Westby Police and Crime Panel\n\n"
            "The Office of the Westby Police and Crime Commissioner (OPCC) funds local services.\n\n"
            "Report Author\tAnn Jones, Director of Strategy, Partnerships & Commissioning OPCC\n\n"
            "1. The OPCC contributes to the Brightway Recovery CIC substance use contracts for both the north "
            "and the south of the county, of £40,000.00 and £25,000.00 per annum respectively.\n\n"
            "2. The OPCC funds Northby Borough Council and Southby District Council, with £6,000 and "
            "£4,500 respectively, for the 2025-26 year.\n")
    funds = _funds(text)
    opcc = "Office of the Westby Police and Crime Commissioner"
    assert {(opcc, "Brightway Recovery CIC", 40000.0), (opcc, "Brightway Recovery CIC", 25000.0)} <= funds, funds
    assert {(opcc, "Northby Borough Council", 6000.0), (opcc, "Southby District Council", 4500.0)} <= funds, funds
    assert not [f for f in funds if (f[1], f[2]) in {("Northby Borough Council", 4500.0),
                                                     ("Southby District Council", 6000.0)}]


def test_a_substitutes_line_names_no_member_body() -> None:
    """A terms of reference's substitutes lines: "Westby Police, any other appropriate officer"
    names the body whose member may be substituted; "The Area Strategy Groups - any other member of
    that Area Strategy Group" names a kind of body, not one, and the words after the dash are no
    part of a name."""
    text = ("Westby Safer Communities Board\n\nTerms of Reference\n\n#### **5. Substitute Members**\n\n"
            "Substitute members may be nominated as follows, for -\n\n"
            "The Area Strategy Groups - any other member of that Area Strategy Group (i.e. a senior officer).\n\n"
            "Westby Police, any other appropriate officer.\n\n"
            "Westby Fire and Rescue Service, any other member of that authority.\n")
    members = _facts(text, "MEMBER_OF")
    assert ("Westby Police", "Westby Safer Communities Board", "substitute") in members, members
    assert ("Westby Fire and Rescue Service", "Westby Safer Communities Board", "substitute") in members
    assert not [m for m in members if "any other" in m[0] or "Strategy Group" in m[0]], members


def test_an_office_written_after_a_name_is_held_in_its_body() -> None:
    """An attendance line "Name – <office>" with no body ("– Police and Crime Commissioner",
    "– Deputy Police and Crime Commissioner", "– Temporary Chief Constable"): the person holds the
    office in the body of its kind the paper names (the commissioner's office, the police force).
    A title that is no office ("– Minute Taker") links nobody to a body."""
    text = ("Westby Police and Crime Panel\n\nMinutes of a meeting held on 3 March 2026.\n\n"
            "Present\n\nCllr. Ann Jones (Chair)\nCllr. Bob Moore\n\nIn attendance\n\n"
            "Raj Patel – Police and Crime Commissioner\n"
            "Carol Ellis – Deputy Police and Crime Commissioner\n"
            "Dee Shah – Chief Executive, Office of the Westby Police and Crime Commissioner\n"
            "Tom Reed – Temporary Chief Constable\n"
            "Eve Long – Minute Taker\n\n"
            "1. Westby Police reported on the operation. Westby Police thanked the panel.\n")
    roles = _facts(text, "HOLDS_ROLE")
    office = "Office of the Westby Police and Crime Commissioner"
    assert {("Raj Patel", office, "Police and Crime Commissioner"),
            ("Carol Ellis", office, "Deputy Police and Crime Commissioner"),
            ("Dee Shah", office, "Chief Executive"),
            ("Tom Reed", "Westby Police", "Temporary Chief Constable")} <= roles, roles
    assert not [r for r in roles if r[0] == "Eve Long"]


def test_a_flattened_line_inside_an_attendance_list_stays_in_it() -> None:
    """Under "Present:", after some names one a line, a long line of names and bodies run together
    (two columns flattened) is still the list, not prose."""
    text = ("WESTBY SAFETY PARTNERSHIP THURSDAY, 5TH MARCH 2026 MEETING ROOM 1\n\n"
            "Present: Councillor Ann Jones Westby Borough Council\n\nBob Moore Westshire Police\n\n"
            "Carol Ellis Westby Borough Council Dee Shah (MS Teams) Westby Borough Council Eve Long Westby "
            "Borough Council Tom Reed Westshire Fire and Rescue Service Ian Ward Westby Borough Council Joan Price\n\n"
            "1 APOLOGIES\n")
    people = {a for a, _, _ in _facts(text, "ATTENDED")}
    assert {"Ann Jones", "Bob Moore", "Carol Ellis", "Dee Shah", "Eve Long", "Tom Reed"} <= people


def test_agenda_items_written_as_bullets() -> None:
    """An agenda whose numbered items a conversion wrote as bullets ("- 3 PERFORMANCE (Name) 15 mins"):
    still agenda items, their presenters in brackets."""
    text = ("WESTBY SAFETY PARTNERSHIP THURSDAY, 5TH MARCH 2026 ROOM 1, WESTBY OFFICES AGENDA\n\n1 APOLOGIES 5 mins\n\n"
            "- 2 <u>2025/26 PERFORMANCE</u> (Insp Bob Moore) 15 mins\n- 3 FUNDING UPDATE (Ann Jones) 60 mins\n\n"
            "- 3 people attended the last event.\n")
    presented = {(f.start.name, f.props.get("item")) for f in extract(Document.from_text("p.txt", text)).facts
                 if f.type == "PRESENTED"}
    assert presented == {("Bob Moore", "2025/26 PERFORMANCE"), ("Ann Jones", "FUNDING UPDATE")}


def test_scrutiny_in_the_passive_with_an_adverbial() -> None:
    """ "X was scrutinised on an annual basis by Y": scrutiny, whatever short adverbial stands before "by"."""
    text = ("Westby Safety Partnership\n\nThe Westby Safety Partnership was scrutinised on an annual basis by the "
            "Westby Overview and Scrutiny Committee, as required by legislation.\n")
    assert ("Westby Overview and Scrutiny Committee", "Westby Safety Partnership", "") in _facts(text, "SCRUTINISES")


def test_markdown_pipe_table_of_people_and_present_were() -> None:
    """A Markdown table of people ("| Name | Organisation |" over its "|---|" rule) is a table of
    people; "Those present were A (Chair), B (Body) and C." is the list of those present."""
    head = "Minutes of the Westby Safety Board held on 3 March 2026\n\n"
    table = head + ("| Name | Organisation |\n|---|---|\n| Ann Jones | Westby Council |\n"
                    "| Bob Moore | Westshire Police |\n| Carol Ellis | Westby Fire and Rescue Service |\n")
    assert {a for a, _, _ in _facts(table, "ATTENDED")} == {"Ann Jones", "Bob Moore", "Carol Ellis"}
    assert ("Bob Moore", "Westshire Police", "") in _facts(table, "HOLDS_ROLE")
    prose = head + "Those present were Ann Jones (Chair), Bob Moore (Westshire Police) and Carol Ellis.\n"
    assert {a for a, _, _ in _facts(prose, "ATTENDED")} == {"Ann Jones", "Bob Moore", "Carol Ellis"}


def test_title_printed_twice_and_a_list_that_ends_with_a_full_stop() -> None:
    """ "<Board> Minutes" printed twice over its date line; "Attendance Details" over one long
    sentence-like list of councillors that ends with a full stop."""
    text = ("Westby Safety Scrutiny Panel Minutes\n\nWestby Safety Scrutiny Panel Minutes\n\nMonday 21 December 2026\n"
            "10:30 a.m.\nCommittee Room, Town Hall, Westby\n\nAttendance Details\n\n"
            "Councillor A Jones (Chair), Councillor B Moore (Vice Chair); Councillor C Ellis, Councillor D Shah, "
            "Councillor E Long and Councillor F Reed.\nApologies for absence:\nCouncillor G Ward.\n")
    attended = {(f.start.name, f.props["apologies"]) for f in extract(Document.from_text("p.txt", text)).facts
                if f.type == "ATTENDED" and f.end.name == "Westby Safety Scrutiny Panel 2026-12-21"}
    assert attended == {("A Jones", False), ("B Moore", False), ("C Ellis", False), ("D Shah", False),
                        ("E Long", False), ("F Reed", False), ("G Ward", True)}


def test_a_boards_possessive_meeting_and_places_written_on_for_upon() -> None:
    """ "The Westby Board's meeting on <date>" is that board's meeting; "Richmond on Thames" is the
    place "Richmond upon Thames", and "the Square Mile" the City of London."""
    text = ("Minutes of the Westby Police and Crime Panel held on 3 March 2026\n\nPresent: Ann Jones\n\n1. Minutes\n"
            "The Westby Safeguarding Board's meeting on 16th March 2027 would focus on the Business Plan.\n")
    assert ("Westby Safeguarding Board 2027-03-16", "Westby Safeguarding Board", "") in _facts(text, "MEETING_OF")
    from kg.extract.area import places

    assert places().area_of("Richmond on Thames Safer Neighbourhood Board") == ("London", "Richmond on Thames")
    assert places().area_of("the Square Mile")[0] == "City of London"  # type: ignore[index]


def test_two_column_slash_rows_an_apologies_item_and_minutes_that_name_no_board() -> None:
    """Rows "Name / Body" with one separator each, whose bodies carry no body word ("GOYH",
    "Westby Chamber"), are who attended and whom they came from; "1. Apologies" with the names on
    the line below is the apologies list; minutes that never name their board still record who
    attended the meeting of that date (a meeting known by its date and paper, with no board)."""
    body = ("Ann Jones / (Chair)\nBob Patel / GOYH\nCarl Evans / Westby Chamber\nDee Smith / NWBC Finance\n"
            "1. Apologies\nEve Long, Fay Hill, Gus Hart\n2. Minutes of the Meeting of 12 March 2026\n"
            "The minutes were agreed.\n")
    named = "Westby Community Safety Partnership\nMinutes of the Meeting held on 23 April 2026 in Room 1\n" + body
    ex = extract(Document.from_text("paper.txt", named))
    att = {(f.start.name, f.end.name, f.props["apologies"]) for f in ex.facts if f.type == "ATTENDED"}
    meeting = "Westby Community Safety Partnership 2026-04-23"
    assert att == {(n, meeting, False) for n in ("Ann Jones", "Bob Patel", "Carl Evans", "Dee Smith")} | \
        {(n, meeting, True) for n in ("Eve Long", "Fay Hill", "Gus Hart")}
    roles = _facts(named, "HOLDS_ROLE")
    assert {("Bob Patel", "GOYH", ""), ("Carl Evans", "Westby Chamber", ""), ("Dee Smith", "NWBC Finance", "")} <= roles
    unnamed = "Minutes of the Meeting held on 23 April 2026 in Room 1\n" + body
    ex = extract(Document.from_text("minutes.pdf", unnamed))
    att = {(f.start.name, f.end.name) for f in ex.facts if f.type == "ATTENDED"}
    assert {a for a, _ in att} == {"Ann Jones", "Bob Patel", "Carl Evans", "Dee Smith", "Eve Long", "Fay Hill",
                                   "Gus Hart"}
    assert {m for _, m in att} == {"Meeting 2026-04-23 (minutes.pdf)"}
    assert not [f for f in ex.facts if f.type in ("MEETING_OF", "MEMBER_OF")]  # no board is named
    # a table whose second column is a second person is no table of bodies
    people = "Westby Safety Panel\nMinutes of the Meeting held on 23 April 2026\nAnn Jones / Cllr Bob Patel\n" \
             "Carl Evans / Cllr Dee Smith\nEve Long / Cllr Fay Hill\nGus Hart / Cllr Ian Ward\n"
    assert not [r for r in _facts(people, "HOLDS_ROLE") if r[1].startswith("Cllr")]


def test_front_sheet_councillors_key_and_the_one_council_of_a_council_committee() -> None:
    """An agenda front sheet run onto one line: "Chair: Councillor X Councillors: A, B (Vice-Chair),
    C Ellis and D Shah." is the committee's membership, the key "Councillors" every name's honorific
    (a surname alone is a name here), the date line "TUESDAY 16 APRIL 2026 7.00 pm VENUE" the
    meeting's. A council's committee's councillors sit on the one council its paper names; a panel
    drawn from several councils says nothing of which council each sits on."""
    text = ("Westby Safety Select Committee\n\nTUESDAY 16 APRIL 2026 7.00 pm COUNCIL CHAMBER, CIVIC OFFICES, WESTBY\n\n"
            "AGENDA\nwww.westby.gov.uk/scrutiny Chair: Councillor ONeill Councillors: Bradburn, Brunning (Vice-Chair), "
            "Coventry, C Ellis and D Shah. (1x Vacancy)\n\nWestby Borough Council, Civic Offices, Westby\n")
    members = _facts(text, "MEMBER_OF")
    board = "Westby Safety Select Committee"
    assert members == {("ONeill", board, "chair"), ("Bradburn", board, "member"), ("Brunning", board, "vice_chair"),
                       ("Coventry", board, "member"), ("C Ellis", board, "member"), ("D Shah", board, "member")}
    assert (f"{board} 2026-04-16", board, "") in _facts(text, "MEETING_OF")
    roles = _facts(text, "HOLDS_ROLE")
    assert roles == {(n, "Westby Borough Council", "Councillor")
                     for n in ("ONeill", "Bradburn", "Brunning", "Coventry", "C Ellis", "D Shah")}
    panel = text.replace("Westby Safety Select Committee", "Westshire Police and Crime Panel")
    assert len(_facts(panel, "MEMBER_OF")) == 6 and not _facts(panel, "HOLDS_ROLE")


def test_initials_column_flattened_and_a_title_line_with_page_furniture() -> None:
    """A table "Name | Body | Initials" run onto one line: each entry ends at its name's initials
    ("MSt" for "Mark Street"), a bracketed "(Vice Chair Person)" the board's vice-chair; the list
    under "1. Welcome, Apologies and Declarations" with no heading of its own is who was present;
    "Apologies received from:" opens the apologies. The title line ends "<Board> Meeting Minutes"
    after page furniture, and the date line starts with the meeting's times."""
    text = ("WESTSHIRE JUSTICE PARTNERSHIPS Working together for the public Agenda item a2 Westshire Justice Board "
            "Meeting Minutes\n\n12:30 – 13:20hrs, Wednesday 18th December 2026 Police HQ, Room 4, Westby\n\n"
            "1. Welcome, Apologies and Declarations – Ann Jones\n\n"
            "Ann Jones Westshire Police (Chair Person) AJ Frank Fox CPS - South East ( Vice Chair Person) FF "
            "Jenny Offord Westby Council JO Mark Street Office of the Westshire Police & Crime Commissioner MSt\n\n"
            "Apologies received from: Mark Burden Westby Probation Service MB Claire Mull Westby College CM "
            "Kay Birch Victim Support KB\n\n2. Minutes\n")
    meeting = "Westshire Justice Board 2026-12-18"
    att = {(a, b) for a, b, _ in _facts(text, "ATTENDED")}
    assert att == {(n, meeting) for n in ("Ann Jones", "Frank Fox", "Jenny Offord", "Mark Street", "Mark Burden",
                                          "Claire Mull", "Kay Birch")}
    apologies = {f.start.name for f in extract(Document.from_text("p.txt", text)).facts
                 if f.type == "ATTENDED" and f.props["apologies"]}
    assert apologies == {"Mark Burden", "Claire Mull", "Kay Birch"}
    members = _facts(text, "MEMBER_OF")
    assert ("Ann Jones", "Westshire Justice Board", "chair") in members
    assert ("Frank Fox", "Westshire Justice Board", "vice_chair") in members
    roles = _facts(text, "HOLDS_ROLE")
    assert {("Jenny Offord", "Westby Council", ""), ("Claire Mull", "Westby College", "")} <= roles


def test_a_date_line_under_a_title_kg_cannot_read_as_a_board() -> None:
    """A committee system's page: "Meeting Details", a title that is no board's name ("Full
    Authority"), then "30 May 2026 - 10:00 to 11:30"; the paper lists apologies and names no
    meeting otherwise: the attendance is of the meeting of that date. A paper with no attendance
    list gets no meeting from a date line alone."""
    text = ("Meeting Details\n\nFull Authority\n30 May 2026 - 10:00 to 11:30\n\nAgenda Items\n1 Apologies for Absence\n"
            "Apologies were received from Cllr R Adams, Cllr A Amos and Cllr B Clayton.\n2 Minutes\n"
            "RESOLVED that the minutes of the meeting held on 14 February 2026 be confirmed.\n")
    att = {(a, b) for a, b, _ in _facts(text, "ATTENDED")}
    assert att == {(n, "Meeting 2026-05-30 (paper.txt)") for n in ("R Adams", "A Amos", "B Clayton")}
    news = "Westby News\n\n30 May 2026\n\nThe council opened a new library on Friday.\n"
    assert not _facts(news, "ATTENDED")
    assert not [m for m in extract(Document.from_text("n.txt", news)).mentions if m.label == "Meeting"]


def test_flattened_minutes_with_bare_headings_and_a_keyed_date() -> None:
    """A PDF's first page run onto one line: "<Committee> Date 27 January 2026 Minutes Members
    Councillor A ... In Attendance B ...", headings written with no colon; a member's council of
    five words ("Westby Metropolitan Borough Council") is not read as a name."""
    text = ("Minutes of the Westby Scrutiny Committee\nTotal Page:16\n[NOT PROTECTIVELY MARKED] "
            "Westby Scrutiny Committee Date 27 January 2026 Minutes Members Councillor Peter Hughes "
            "Northby Metropolitan Borough Council (Chair) "
            "Councillor Ann Jones Southby Metropolitan Borough Council (Vice Chair) Councillor Ian Shore Westby City "
            "Council In Attendance Jess Bay Westby City Council Carl Crane Westshire Combined Authority Item No. 1 "
            "Apologies for absence were received from Councillor Bob Moore.\n")
    meeting = "Westby Scrutiny Committee 2026-01-27"
    att = {(a, b) for a, b, _ in _facts(text, "ATTENDED")}
    assert {(n, meeting) for n in ("Peter Hughes", "Ann Jones", "Ian Shore", "Jess Bay", "Carl Crane")} <= att
    assert not [a for a, _ in att if "Metropolitan" in a]
    members = _facts(text, "MEMBER_OF")
    assert ("Peter Hughes", "Westby Scrutiny Committee", "chair") in members
    assert ("Ann Jones", "Westby Scrutiny Committee", "vice_chair") in members
    assert not [m for m in members if m[0] in ("Jess Bay", "Carl Crane")]  # in attendance: not members


def test_a_town_councils_own_minutes() -> None:
    """A town or community council's minutes: the council in session is the body that meets
    ("Minutes of the Meeting of Westby Town Council held on ..."; "... of Council held ..." when the
    paper names one council); "Present Councillor A (Chairman), Councillors SWJ Bell, ..." with no
    colon and initials run together; "Also <name> (Clerk)"; minute references ("CL26/014 Title",
    "192) Apologies: Councillors ..."); apologies "accepted from"; names written initials first
    with no commas ("E. Jones T. Smith") are two people."""
    text = ("Community Council\n\nMinutes of the Meeting of Westby Community Council held on Wednesday 24 June 2026\n\n"
            "Present Councillor M Johns (Chairman), Councillors SWJ Bell, S Brook and KK Mann\n\n"
            "Also David Cole (Clerk to the Council)\n\nCL26/014 Apologies for Absence\n\n"
            "Apologies for absence were accepted from Councillors J Dane (personal) and R Jones (civic duties)\n\n"
            "CL26/015 Chairman’s Announcements\n\nThe Chairman reported on recent events.\n")
    meeting = "Westby Community Council 2026-06-24"
    att = {(f.start.name, f.end.name, f.props["apologies"]) for f in extract(Document.from_text("p.txt", text)).facts
           if f.type == "ATTENDED"}
    assert att == {(n, meeting, False) for n in ("M Johns", "SWJ Bell", "S Brook", "KK Mann", "David Cole")} | \
        {(n, meeting, True) for n in ("J Dane", "R Jones")}
    assert ("M Johns", "Westby Community Council", "chair") in _facts(text, "MEMBER_OF")
    civic = ("Minutes of the Civic Meeting of Council held in the Council Chamber on Wednesday, 3rd October, 2026\n\n"
             "Present: Councillors H. Troll (Chair) E. Jones T. Smith A.E. Tipp\n\n"
             "192) Apologies: Councillors D.W. Howe, J. Thom\n\n"
             "The Mayor thanked the club for its support of Westby Town Council.\n")
    att = {(a, b) for a, b, _ in _facts(civic, "ATTENDED")}
    assert att == {(n, "Westby Town Council 2026-10-03")
                   for n in ("H. Troll", "E. Jones", "T. Smith", "A.E. Tipp", "D.W. Howe", "J. Thom")}


def test_html_paragraph_tags_in_a_text_copy_and_headings_in_two_languages() -> None:
    """A page copied with its HTML paragraph tags on one line is read as the lines they make
    (citations keep the line); a heading in two languages ("YN BRESENNOL / IN ATTENDANCE") opens
    the list the part kg knows says; a table's header "Name / Title / Present" stays a header."""
    text = ("Westby Fire Authority Minutes 11 February 2026\n\n<p>WESTBY FIRE AND RESCUE AUTHORITY</p>"
            "<p>YN BRESENNOL /IN ATTENDANCE: Rob Smith, Pat Bates</p><p>Apologies for absence were received "
            "from Councillors C Crow and K Pear.</p><p>2 DECLARATIONS OF INTEREST</p>\n")
    ex = extract(Document.from_text("p.txt", text))
    att = {(f.start.name, f.props["apologies"], f.cite.line) for f in ex.facts if f.type == "ATTENDED"}
    assert att == {("Rob Smith", False, 3), ("Pat Bates", False, 3), ("C Crow", True, 3), ("K Pear", True, 3)}
    from kg.extract.structure import attendance_kind

    assert attendance_kind("Name / Title & Organisation / Present / Apology") is None


def test_a_flattened_list_under_present_with_dots_of_ranks() -> None:
    """A long run of "Name Title, Body" entries under "Present:" stays the list though it holds
    "Supt." and "Cllr." (a full stop after a rank or initial ends no sentence)."""
    text = ("MINUTES OF WESTBY PUBLIC SERVICES BOARD TUESDAY 18th JULY 2026 at 10.00am COUNTY HALL\n\nPresent:\n\n"
            "Sue Leonard Chief Officer, Westby Voluntary Services (Chair) Ian Westley Chief Executive, Westby County "
            "Council Sarah Jennings Director of Governance, Westby University Health Board Natalie Pearson Head of "
            "Engagement, Welsh Government Supt. Ian John Westshire Police (left 11.10am) Cllr. David Simpson Leader, "
            "Westby County Council\n\n1. Welcome\n")
    att = {a for a, _, _ in _facts(text, "ATTENDED")}
    assert {"Sue Leonard", "Ian Westley", "Sarah Jennings", "Natalie Pearson", "David Simpson"} <= att
    assert ("Ian Westley", "Westby County Council", "Chief Executive") in _facts(text, "HOLDS_ROLE")


def test_a_table_written_one_cell_a_line_with_words_in_its_amounts() -> None:
    """A web table copied one cell a line, each ending " |", whose amount cells carry words
    ("£1,260.00 (Wellbeing)"): the rows are read under their header (a Project, its ward)."""
    text = ("The projects set out in the report were determined as follows:-\nProject Title |\nWards |\n"
            "Amount requested |\nDecision |\nLitter Bins for Eastby |\nEastby |\n£1,260.00 (Wellbeing) |\nApproved |\n"
            "Moor FC Transport |\nWestby Ward |\n£4,000.00 (Wellbeing) |\nApproved |\nTown Noticeboard |\nEastby |\n"
            "£1,312.99 (Wellbeing) |\nApproved |\n")
    areas = _facts(text, "IN_AREA")
    assert {("Litter Bins for Eastby", "Eastby", ""), ("Moor FC Transport", "Westby Ward", ""),
            ("Town Noticeboard", "Eastby", "")} <= areas


def test_membership_prose_with_the_person_for_each_body_in_brackets() -> None:
    """ "is made up of the Leaders and Mayor of the councils – Westby Council (Leader, Cllr Ann
    Jones), Eastby City Council (Mayor Bob Patel)": the people are the members, each representing
    the body before the bracket and holding the bracket's title there."""
    text = ("The Westby Joint Committee is chaired by the Metro Mayor and is made up of the Leaders and Mayor from "
            "the councils – Westby Borough Council (Leader, Cllr Ann Jones), Eastby City Council (Mayor Bob Patel) and "
            "Northby District Council (Leader, Cllr Carl Ellis).\n")
    members = {(a, b) for a, b, _ in _facts(text, "MEMBER_OF")}
    assert members == {(n, "Westby Joint Committee") for n in ("Ann Jones", "Bob Patel", "Carl Ellis")}
    roles = _facts(text, "HOLDS_ROLE")
    assert {("Ann Jones", "Westby Borough Council", "Leader"), ("Bob Patel", "Eastby City Council", "Mayor"),
            ("Carl Ellis", "Northby District Council", "Leader")} <= roles


def test_present_in_the_chair_then_the_councillors_on_the_next_line() -> None:
    """ "PRESENT: Councillor A in the Chair." goes on with "Councillors B (vice-chair), C, and D."
    below it; a sentence after the list ("Councillor E attended the meeting in accordance with
    Procedure Rule 1.37") ends it."""
    text = ("Westby Scrutiny Panel – 23 June 2026\n\nPRESENT:  Councillor Davis in the Chair.\n\n"
            "Councillors Walton (vice-chair), Ali, Barker, and Clark.\n\n"
            "Councillor Smith attended the meeting in accordance with the provisions of Procedure Rule 1.37 (b)\n\n"
            "The panel met at Town Hall, Westby.\n")
    att = {a for a, _, _ in _facts(text, "ATTENDED")}
    assert {"Davis", "Walton", "Ali", "Barker", "Clark"} <= att and not [a for a in att if "Rule" in a]
    members = _facts(text, "MEMBER_OF")
    assert ("Davis", "Westby Scrutiny Panel", "chair") in members
    assert ("Walton", "Westby Scrutiny Panel", "vice_chair") in members


def test_chairs_elected_of_an_authority_and_a_previous_meeting_named_below_the_list() -> None:
    """ "elected as Chair of the Westby Fire and Rescue Authority for 2026/27": an authority's
    members meet as a board, so it is that board's chair; a previous meeting named below the
    apologies ("the minutes of the meeting held on 14 February 2026") does not take the list from
    the meeting of the title block's date."""
    text = ("Meeting Details\n\nFull Authority\n30 May 2026 - 10:00 to 11:30\n\n1 Election of Chairman\n"
            "Councillor J Burn was duly elected as Chair of the Westby Fire and Rescue Authority for 2026/27.\n"
            "2 Apologies for Absence\nApologies were received from Cllr R Adams and Cllr A Amos.\n3 Minutes\n"
            "RESOLVED that the minutes of the meeting of the Westby Fire and Rescue Authority held on 14 February "
            "2026 be confirmed.\n")
    assert ("J Burn", "Westby Fire and Rescue Authority", "chair") in _facts(text, "MEMBER_OF")
    att = {(a, b) for a, b, _ in _facts(text, "ATTENDED")}
    assert {a for a, _ in att} == {"R Adams", "A Amos"}
    assert all(b.endswith("2026-05-30") for _, b in att)


def test_names_with_accents() -> None:
    """Names written with the accents of Welsh, Irish and other names ("Siân", "Seán", "Zoë") are
    whole names."""
    text = ("Westby Community Safety Partnership\nMinutes of the meeting held on 3 March 2026\n\n"
            "Present: Cllr. Zoë Brontë (Chair), Siân Jones, Seán Murphy\n")
    att = {a for a, _, _ in _facts(text, "ATTENDED")}
    assert att == {"Zoë Brontë", "Siân Jones", "Seán Murphy"}
    assert ("Zoë Brontë", "Westby Community Safety Partnership", "chair") in _facts(text, "MEMBER_OF")


def test_legislators_post_nominals_are_no_bodies() -> None:
    """ "Ann Jones, MLA (Chairperson)": MLA (and MSP, MS, AM, MEP) says what she is, not whom she
    works for; the bracket still makes her the committee's chair."""
    text = ("Westby Assembly Committee\nMinutes of the meeting held on 3 March 2026\n\nPresent:\n"
            "Ann Jones, MLA (Chairperson)\nBob Patel, MLA (Deputy Chairperson)\nCarl Ellis, MSP\n")
    assert not [r for r in _facts(text, "HOLDS_ROLE") if r[1] in ("MLA", "MSP")]
    members = _facts(text, "MEMBER_OF")
    assert ("Ann Jones", "Westby Assembly Committee", "chair") in members
    assert {a for a, _, _ in _facts(text, "ATTENDED")} == {"Ann Jones", "Bob Patel", "Carl Ellis"}


def test_members_joining_and_leaving_in_prose() -> None:
    """Minutes that welcome new members "from" a council and thank former ones by name: each a
    member of the authority in session, the new ones representing the council, the former ones
    with status former; "Chairman of the Authority" is the authority the paper names."""
    text = ("Minutes of the meeting of the Westby Fire Authority held on 9 June 2026\n\n"
            "1. Election of Chairman\n\nRESOLVED - That Councillor Ellis OBE be elected Chairman of the "
            "Authority for 2026/27.\n\n2. Chairman's announcements\n\nThe Chairman welcomed the three new "
            "Members from Northby Council, Ann Jones, Raj Patel OBE, and Dee Shah, and thanked former Members "
            "Carl Moore and Bob Lee for their service on the Authority. She also welcomed new Member Councillor "
            "Eve Hart, who had replaced Councillor Gil Ross.\n")
    ex = extract(Document.from_text("paper.txt", text))
    members = {(f.start.name, f.end.name, f.props.get("role"), f.props.get("representing"),
                f.props.get("status")) for f in ex.facts if f.type == "MEMBER_OF"}
    board = "Westby Fire Authority"
    assert ("Ellis", board, "chair", None, None) in members
    assert {("Ann Jones", board, "member", "Northby Council", None),
            ("Raj Patel", board, "member", "Northby Council", None),
            ("Dee Shah", board, "member", "Northby Council", None), ("Carl Moore", board, "member", None, "former"),
            ("Bob Lee", board, "member", None, "former"), ("Eve Hart", board, "member", None, None),
            ("Gil Ross", board, "member", None, "former")} <= members
    assert not [m for m in members if m[0] in ("Northby Council", "Chairman")]


def test_full_council_minutes_run_onto_one_line() -> None:
    """A town council's minutes taken from a PDF, a page to a line: "MINUTES OF A MEETING OF FULL
    COUNCIL HELD ON WEDNESDAY 20 th MAY 2026" (the ordinal set apart) is a meeting of the Full
    Council on that date, and its run of "Cllr" names are who attended."""
    text = ("Full Council 20 May 2026 Page 1 MINUTES OF A MEETING OF FULL COUNCIL HELD ON WEDNESDAY 20 th MAY "
            "2026 AT 7PM IN THE COUNCIL CHAMBER PRESENT: Cllr A Bell (Mayor) Cllr C Dunn Cllr Mrs E Ford "
            "APOLOGIES: Cllr G Hill The Town Clerk was in attendance. 101 DECLARATIONS OF INTEREST Declarations of "
            "interest from members will be taken as and when they arise. 102 MINUTES OF THE LAST MEETING RESOLVED: "
            "The minutes of the meeting held on 15 th April 2026 were confirmed and signed as a true record.\n")
    assert ("Full Council 2026-05-20", "Full Council", "") in _facts(text, "MEETING_OF")
    att = _facts(text, "ATTENDED")
    assert {a for a, _, _ in att} == {"A Bell", "C Dunn", "E Ford", "G Hill"}
    assert all(m == "Full Council 2026-05-20" for _, m, _ in att)


def test_committee_named_before_a_dash_and_its_date() -> None:
    """A council web page titles a meeting "<Committee> - <date> <time>", the committee's name with
    no place: it is the board that meets."""
    text = ("Agenda and minutes\n\nScrutiny Committee - Community - Monday 7th June 2026 5.30 pm\n\n"
            "Venue: Civic Centre\n\nPresent: Councillor Ann Jones (Chair), Councillor Bob Patel\n")
    board = "Scrutiny Committee - Community"
    assert (f"{board} 2026-06-07", board, "") in _facts(text, "MEETING_OF")
    assert ("Ann Jones", board, "chair") in _facts(text, "MEMBER_OF")
    assert _facts("Agenda and minutes\n\nReport on crime - Monday 7th June 2026\n", "MEETING_OF") == set()


def test_two_people_in_apposition_in_one_sentence() -> None:
    """ "To welcome Superintendent A, Westby Police and B, Community Safety Partnership
    Co-ordinator": each person with their own post; a body the title opens with is where it is held."""
    text = ("Westby Committee - Monday 7th June 2026\n\nTo welcome Superintendent Ann Jones, Devon and Westby "
            "Constabulary and Bob Patel, Community Safety Partnership Co-ordinator.\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Ann Jones", "Devon and Westby Constabulary", "Superintendent") in roles
    assert ("Bob Patel", "Community Safety Partnership", "Community Safety Partnership Co-ordinator") in roles


PARISH_MINUTES = """Minutes 9th March 2026

Minutes of an Ordinary Meeting of Westby Parish Council
held at The Westby Village Hall on Tuesday 9th March 2026

Councillors Present
Councillor Mr P J Moore Chairman
Councillor Ms S Lane Vice – Chairman
Councillor Mrs R A Hart

Clerk Mr M Dunn

Also Present
Westby North Ward Councillor Mr Carl Ellis and three members of the public

The Ordinary Meeting of the Parish Council was formally opened by the Chairman at 7.00pm
1.0 Apologies for Absence
Councillor Mr D Bell not present
2.0 Declarations of Interest
2.1 To receive any Declarations of Interest
"""


def test_parish_minutes_with_posts_after_and_before_names() -> None:
    """A parish council's minutes: the title broken before "held", "Councillors Present" one a line
    with the chair's post after the name ("P J Moore Chairman", "Vice – Chairman"), the clerk's post
    before the name (the council's officer, not a member), a ward councillor "also present" with the
    post before the name, items numbered "1.0", and a member "not present" (no apologies)."""
    board, meeting = "Westby Parish Council", "Westby Parish Council 2026-03-09"
    assert (meeting, board, "") in _facts(PARISH_MINUTES, "MEETING_OF")
    att = _facts(PARISH_MINUTES, "ATTENDED")
    assert {a for a, m, _ in att if m == meeting} == {"P J Moore", "S Lane", "R A Hart", "M Dunn", "Carl Ellis"}
    members = _facts(PARISH_MINUTES, "MEMBER_OF")
    assert {("P J Moore", board, "chair"), ("S Lane", board, "vice_chair"), ("R A Hart", board, "member")} <= members
    assert not [m for m in members if m[0] in ("M Dunn", "Carl Ellis", "The Ordinary")]
    assert ("M Dunn", board, "Clerk") in _facts(PARISH_MINUTES, "HOLDS_ROLE")


def test_grants_news_each_recipient_of_a_list() -> None:
    """A council's news of grants: "A, B and C will each receive £N" gives each of them the sum
    (names no rule knows are organisations), "X has also been awarded £N" is X's, and a recipient is
    never the payer of the sentences after it."""
    text = ("Westby Council news\n\nSix groups have been awarded a total of £300,000 from a new Westby District "
            "Council grant programme.\n\nThe Westby Youth Trust has also been awarded £50,000 towards a new "
            "community building.\n\nThree groups, Eastby Community Group, Northby Rovers GAC and Southby Wolfe "
            "Club will each receive £40,000 towards the costs of new community hubs.\n")
    funds = _facts(text, "FUNDS")
    council = "Westby District Council"
    assert {(council, "Westby Youth Trust", "50000.0"), (council, "Eastby Community Group", "40000.0"),
            (council, "Northby Rovers GAC", "40000.0"), (council, "Southby Wolfe Club", "40000.0")} <= funds
    assert not [f for f in funds if f[0] == "Westby Youth Trust"]


def test_membership_item_keyed_by_the_chair() -> None:
    """ "• Chair: Ann Jones, Parliamentary Under-Secretary of State (MOJ)" under a membership heading:
    she chairs the board, and holds the post at the body whose letters follow it (a title word inside
    a hyphened one, "Under-Secretary", makes a title)."""
    text = ("Westby Advisory Board\n\nTerms of Reference\n\nMembership\n\nCore membership as follows:\n\n"
            "  • Chair: Ann Jones, Parliamentary Under-Secretary of State for Justice (MOJ)\n"
            "  • Raj Patel - Westby Police\n")
    members = _facts(text, "MEMBER_OF")
    assert ("Ann Jones", "Westby Advisory Board", "chair") in members
    assert not [m for m in members if m[0].startswith("Parliamentary")]
    assert ("Ann Jones", "MOJ", "Parliamentary Under-Secretary of State for Justice") in _facts(text, "HOLDS_ROLE")


def test_members_by_initials_with_their_councils() -> None:
    """Members written by initials and surname then their council, no separator: repeated initials
    ("G G Williams"), the Welsh letters written with two ("M Ll Davies") and a lone "A" are initials."""
    text = ("Minutes of the meeting of the Westby Fire and Rescue Authority held on 16 December 2026\n\nPRESENT\n\n"
            "Councillor\nP Lewis (Chair) Eastby County Borough Council\nA Davies Northby County Council\n"
            "M Ll Davies Northby County Council\nG G Williams Southby Council\n")
    att = {a for a, _, _ in _facts(text, "ATTENDED")}
    assert att == {"P Lewis", "A Davies", "M Ll Davies", "G G Williams"}
    members = {(a, r) for a, _, r in _facts(text, "MEMBER_OF")}
    assert {("P Lewis", "chair"), ("M Ll Davies", "member"), ("G G Williams", "member")} <= members


def test_member_of_a_body_is_a_seat_not_a_post() -> None:
    """ "Ann Jones Member of Westby Local Enterprise Partnership" in an attendance list: a member of
    that body (MEMBER_OF), not a post called "Member" held at it."""
    text = ("Westby Combined Authority Cabinet\nMinutes of the meeting held on 3 March 2026\n\nPresent:\n"
            "Ann Jones, Member of Westby Local Enterprise Partnership\nBob Patel, Head of Transport, Westby "
            "Combined Authority\n")
    assert ("Ann Jones", "Westby Local Enterprise Partnership", "member") in _facts(text, "MEMBER_OF")
    assert not [r for r in _facts(text, "HOLDS_ROLE") if r[0] == "Ann Jones"]
    assert ("Bob Patel", "Westby Combined Authority", "Head of Transport") in _facts(text, "HOLDS_ROLE")


def test_grants_news_recipients_named_by_the_sentence_subject() -> None:
    """A commissioner's news of awards, one sentence a recipient: the subject of "received" or "was
    awarded" is paid, even written with its place ("X in Y received") or an apposition ("X, a youth
    charity working across Y, received"); a person's "from <body>" does not make that body the payer."""
    text = ("Ten community projects are being awarded grants in the second round of the Westby Police and Crime "
            "Commissioner’s Innovation Fund.\nThe applications were considered by an advisory panel, made up "
            "of the Chief Constable and Ann Jones from The Community Foundation for Westby.\n"
            "Friends of Eastby Meadows Park in Northby received £1,547 for young people to create a mural.\n"
            "Eastby Adventure Trust, a youth development charity working across Westby, received £34,870 for a "
            "development programme.\nSouthby Street Pastors was awarded £600 to help train new pastors.\n")
    funds = _facts(text, "FUNDS")
    pcc = "Westby Police and Crime Commissioner"
    assert {(pcc, "Friends of Eastby Meadows Park", "1547.0"), (pcc, "Eastby Adventure Trust", "34870.0"),
            (pcc, "Southby Street Pastors", "600.0")} <= funds
    assert not [f for f in funds if "Foundation" in f[0]]


def test_organisations_funded_listed_without_sums() -> None:
    """ "X is to channel £N into local projects ... Some of the organisations supported through these
    awards include: A, B & C and D": each listed organisation is funded by X, no sum given ("&"
    stays inside a name)."""
    text = ("Westby Policing and Community Safety Partnership is to channel over £220,000 into local projects.\n\n"
            "Some of the organisations that will be supported through these awards include: Eastby Interchange, "
            "Northby Women’s Aid, Westby & Southby Action and Eastby Youth Forum.\n")
    funds = _facts(text, "FUNDS")
    payer = "Westby Policing and Community Safety Partnership"
    assert {(payer, n, "") for n in ("Eastby Interchange", "Northby Women’s Aid", "Westby & Southby Action",
                                     "Eastby Youth Forum")} <= {(a, b, "") for a, b, _ in funds}



def test_a_grant_from_an_office_holders_fund_is_the_office_holders() -> None:
    """ "X received a grant of £N from the Commissioner's Fund" on a commissioner's news page: the
    commissioner pays, the fund is a property of the flow; a fund named otherwise (a trust called
    "... Fund") pays of its own."""
    text = ("Westby Youth Club was one of five initiatives to benefit, thanks to a scheme launched by Northshire "
            "Police and Crime Commissioner Ann Jones.\n\nThe Commissioner’s Fund has provided grants of up to "
            "£5,000 for community groups.\n\nEastby Street Pastors received a grant of £2,000 from the "
            "Commissioners Fund.\n\nSouthby Boxing Club received a grant of £3,000 from the Northby "
            "Endowment Fund.\n")
    ex = extract(Document.from_text("paper.txt", text))
    funds = {(f.start.name, f.end.name, f.props.get("amount"), f.props.get("fund")) for f in ex.facts
             if f.type == "FUNDS"}
    pcc = "Northshire Police and Crime Commissioner"
    assert (pcc, "Eastby Street Pastors", 2000.0, "Commissioners Fund") in funds
    assert not [f for f in funds if f[0] == "Commissioners Fund"]
    assert ("Northby Endowment Fund", "Southby Boxing Club", 3000.0, None) in funds


def test_members_run_on_one_line_each_ended_by_a_colon() -> None:
    """A committee system's notice ("Notice of Meeting and Agenda <Board>") with its members run onto
    one line, each ended by a colon, the convener and depute convener (a Scottish committee's chair
    and vice-chair) on the next; a line of "Key: value" fields is not such a list."""
    text = ("Notice of Meeting and Agenda Westby Local Area Committee\n\nDate Time Venue Wednesday, 14 June 2026 "
            "18:00 Westby High School\n\nMembership\n\nCouncillor Ann Jones: Councillor Raj Patel: Councillor "
            "Bob Moore:\n\nCouncillor Carol Ellis (Convener): Councillor Dee Shah (Depute Convener):\n\n"
            "Further Information This is a meeting which is open to members of the public.\n")
    members = _facts(text, "MEMBER_OF")
    board = "Westby Local Area Committee"
    assert {("Ann Jones", board, "member"), ("Raj Patel", board, "member"), ("Bob Moore", board, "member"),
            ("Carol Ellis", board, "chair"), ("Dee Shah", board, "vice_chair")} <= members


def test_a_web_pages_title_minutes_of_a_board_meeting_on_a_date() -> None:
    """ "Minutes of Westby Management Board meeting on 25th March 2026" as a news page's title, its
    members in two columns set apart by runs of spaces: the board is "Westby Management Board",
    not "Minutes of ..."."""
    text = ("Minutes of Westby Management Board meeting on 25th March 2026\n\nWestby Management Board Meeting"
            "\n\nTuesday, 25th March 2026, 2 pm\n\nMembers\n\nAnn Jones                     Westby Police\n"
            "Raj Patel                      Westby Council\n")
    board = "Westby Management Board"
    assert ("Westby Management Board 2026-03-25", board, "") in _facts(text, "MEETING_OF")
    assert {b for _, b, _ in _facts(text, "MEMBER_OF")} == {board}


def test_appointed_with_the_council_they_come_from() -> None:
    """ "That Councillor D.W.Jones of the City and County of Westby be appointed Vice Chairman": the
    committee's vice-chair, sitting for that council (a Welsh council's own name), where he is a
    councillor."""
    text = ("Westby Joint Committee - Friday, 7th November, 2026 10.00 am\n\nAppointment of Vice Chairman\n\n"
            "That Councillor D.W.Jones of the City and County of Westby be appointed Vice Chairman for the "
            "remainder of the municipal year 2026/27.\n")
    ex = extract(Document.from_text("paper.txt", text))
    got = {(f.type, f.start.name, f.end.name, f.props.get("role") or f.props.get("title"),
            f.props.get("representing")) for f in ex.facts if f.type in ("MEMBER_OF", "HOLDS_ROLE")}
    assert ("MEMBER_OF", "D.W.Jones", "Westby Joint Committee", "vice_chair", "City and County of Westby") in got
    assert ("HOLDS_ROLE", "D.W.Jones", "City and County of Westby", "Councillor", None) in got


def test_a_post_run_onto_the_surname_with_no_space() -> None:
    """A copy that lost the column break between a name and its post ("Jean CassGovernance and
    Scrutiny Officer, Westby OPCC"): the post is whole, its first word not eaten by the name."""
    text = ("Westby Safer Neighbourhood Panel\nMinutes of the meeting held on 3 March 2026\n\nPresent:\n"
            "Ann JonesHead of Policy, Performance and Assurance, Westby OPCC\n"
            "Jean CassGovernance and Scrutiny Officer, Westby OPCC\n")
    roles = {(a, t) for a, _, t in _facts(text, "HOLDS_ROLE")}
    assert ("Jean Cass", "Governance and Scrutiny Officer") in roles
    assert [t for a, t in roles if a == "Ann Jones" and t.startswith("Head of Policy")]
    assert not [r for r in roles if r[1].split()[0] in ("of", "and")]


def test_an_amount_that_went_to_a_recipient_or_came_from_the_round() -> None:
    """A commissioner's grants news: "£N went to X", "A grant of £N from the round was awarded to X"
    (a source in words that name no one: the paper's funder pays)."""
    text = ("Westby Police and Crime Commissioner news\n\nEastby Street Pastors received a grant of £2,000 and "
            "£1,890 went to the Northby Adventure Centre, to put towards running a camp.\n\nA grant of £5,000 "
            "from the round was awarded to Southby Performing Arts CIC, a community project.\n")
    funds = _facts(text, "FUNDS")
    pcc = "Westby Police and Crime Commissioner"
    assert {(pcc, "Northby Adventure Centre", "1890.0"), (pcc, "Southby Performing Arts CIC", "5000.0")} <= funds


def test_a_recipient_named_with_where_it_is_based_or_with_the() -> None:
    """ "Northby-based SUDDS was awarded £N" is SUDDS's (where it is based is not its name); "The
    Southby Boxing Club received £N" is the club's, without "The"."""
    text = ("Westby Police and Crime Commissioner news\n\nThe Southby Boxing Club received £3,000 for new "
            "equipment.\n\nNorthby-based SUDDS was awarded £4,000 to extend its programme.\n")
    funds = _facts(text, "FUNDS")
    pcc = "Westby Police and Crime Commissioner"
    assert {(pcc, "Southby Boxing Club", "3000.0"), (pcc, "SUDDS", "4000.0")} <= funds


def test_news_page_post_in_small_letters_and_money_reinstated() -> None:
    """A news page: "Alderman Ann Jones, chair of Westby PCSP, said" (the post in small letters
    before its body) and "The Department of Justice has announced its intention to reinstate £N to
    Westby Policing and Community Safety Partnership"."""
    text = ("Funding news\n\nAlderman Ann Jones, chair of Westby PCSP, said the money was welcome.\n\n"
            "The Department of Justice has announced its intention to reinstate £124,234 to Westby Policing and "
            "Community Safety Partnership.\n")
    assert ("Ann Jones", "Westby PCSP", "chair") in _facts(text, "MEMBER_OF")
    assert ("Department of Justice", "Westby Policing and Community Safety Partnership", "124234.0") in _facts(
        text, "FUNDS")


def test_a_person_and_the_office_of_a_place_of_two_words() -> None:
    """ "Ann Jones, North Westshire’s Police and Crime Commissioner (PCC), was the first ...": she
    holds the office, which is the body; the place is not a police force's name."""
    text = ("Grants news\n\nAnn Jones, North Westshire’s Police and Crime Commissioner (PCC), was the first PCC to "
            "launch the fund.\n")
    assert ("Ann Jones", "North Westshire’s Police and Crime Commissioner", "Police and Crime Commissioner") in \
        _facts(text, "HOLDS_ROLE")


def test_a_post_cut_from_its_first_words_says_nothing() -> None:
    """A post whose first words were lost at a line break ("of Ethics", "and Scrutiny Officer",
    "member -") is a fragment: no HOLDS_ROLE with it; the whole post still gives one."""
    from kg.extract.context import Context
    from kg.extract.people import Entry, parse_person
    from kg.extract.roles import record_role

    ctx = Context(Document.from_text("paper.txt", "Ann Jones, Head of Ethics, Westby Council\n"))
    cite = ctx.cite(0, 10)
    org = ctx.mention("Organisation", "Westby Council", cite)
    person = parse_person("Ann Jones")
    assert person is not None
    pref = ctx.mention("Person", person.name, cite)
    for fragment in ("of Ethics", "and Scrutiny Officer", "member -"):
        record_role(ctx, Entry(person=person, title=fragment), pref, org, cite)
    assert not [f for f in ctx.facts if f.type == "HOLDS_ROLE"]
    record_role(ctx, Entry(person=person, title="Head of Ethics"), pref, org, cite)
    assert [f.props.get("title") for f in ctx.facts if f.type == "HOLDS_ROLE"] == ["Head of Ethics"]

BILINGUAL_RUN_ON = (
    "Fire Authority (FA) Committee Minutes 11 February 2026 (English)\n\n"
    "<p> AWDURDOD TÂN AC ACHUB GORLLEWIN WESTBY</p><p>MID AND WEST WESTBY FIRE AND RESCUE AUTHORITY</p>"
    "<p>MINUTES OF THE FIRE AUTHORITY MEETING The Conference Centre 11 FEBRUARY 2026</p>"
    "<p>AELODAU/MEMBERS: Cyng/Cllrs: J Bayliss, K W Curry, A Woolcock YMDDIHEURIADAU/APOLOGIES: Cyng/Cllrs: "
    "C J Crowley, B Mills</p><p>YN BRESENNOL /IN ATTENDANCE: R Smith, P Bates, C Margetts 1 1 APOLOGIES FOR "
    "ABSENCE</p><p>Apologies for absence were received.</p>\n")


def test_bilingual_lists_run_on_in_paragraphs() -> None:
    """A Welsh and English page: the lists' keys written in both languages ("AELODAU/MEMBERS:",
    "Cyng/Cllrs:"), two lists in one paragraph, a list run on into the next item ("1 1 APOLOGIES"),
    and the authority's full name in the heading under a web page's generic title."""
    board = "Mid and West Westby Fire and Rescue Authority"
    assert (f"{board} 2026-02-11", board, "") in _facts(BILINGUAL_RUN_ON, "MEETING_OF")
    att = {(a, m) for a, m, _ in _facts(BILINGUAL_RUN_ON, "ATTENDED")}
    names = {a for a, _ in att}
    assert {"J Bayliss", "K W Curry", "A Woolcock", "C J Crowley", "B Mills", "R Smith", "P Bates",
            "C Margetts"} <= names
    ex = extract(Document.from_text("paper.txt", BILINGUAL_RUN_ON))
    sent = {f.start.name for f in ex.facts if f.type == "ATTENDED" and f.props.get("apologies")}
    assert sent == {"C J Crowley", "B Mills"}


NUMBERED_GROUPS = """Westby Courts Board meeting 2 December 2026

1. Board members present

1.1 Westby Service

Name Role
Ann Jones Independent Chairman
Bob Patel Senior Independent Non-Executive Member
Lord Justice Carl Ellis Senior Presiding Judge (SPJ)

1.2 Presenters and additional attendees

Name Role
Dee Shah Permanent Secretary of the Ministry of Justice
Judge Eve Long

2. Minutes of the last meeting
The minutes were agreed.
"""


def test_attendance_item_with_numbered_groups() -> None:
    """ "1. Board members present" with numbered groups under it ("1.1 <body>", "1.2 Presenters and
    additional attendees") and rows "Name Title" under a "Name Role" header: the members, then the
    others who attended; a judge's style before a name ("Lord Justice", "Judge") is no part of it."""
    board = "Westby Courts Board"
    att = {a for a, _, _ in _facts(NUMBERED_GROUPS, "ATTENDED")}
    assert att == {"Ann Jones", "Bob Patel", "Carl Ellis", "Dee Shah", "Eve Long"}
    members = {(a, r) for a, b, r in _facts(NUMBERED_GROUPS, "MEMBER_OF") if b == board}
    assert members == {("Ann Jones", "chair"), ("Bob Patel", "member"), ("Carl Ellis", "member")}
    assert ("Dee Shah", "Ministry of Justice", "Permanent Secretary") in _facts(NUMBERED_GROUPS, "HOLDS_ROLE")


def test_posts_written_above_the_names() -> None:
    """A terms of reference listing each seat's post on the line above its holder's name: each name
    holds the post above it, not the one below."""
    text = ("Westby Partnership Board\nTerms of Reference\nMembership\nPartnership Board/Community Leaders\n"
            "Role: sets overall strategic direction\n"
            "Local District Member (chair)\nCllr Ann Jones\nChair of Eastby Area Partnership\nBob Patel\n"
            "Chair of Northby Youth Forum\nCarl Ellis\n\nOfficer Group\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Bob Patel", "Eastby Area Partnership", "Chair") in roles
    assert ("Carl Ellis", "Northby Youth Forum", "Chair") in roles
    assert not [r for r in roles if r[0] == "Bob Patel" and r[1] != "Eastby Area Partnership"]


def test_bodies_listed_under_partners_include_are_the_boards_members() -> None:
    """ "The board partners include:" opens a list of member bodies like "made up of:"; a seat
    given to "Each of the three <kind>" is the kind's, not a body called "Each of the ..."."""
    text = ("Westby Safer Streets Governance Group\n\nThe Westby Safer Streets Governance Group meets quarterly.\n\n"
            "The strategic board partners include:\n\n  • Northby Police\n  • Westby District Council\n"
            "  • Each of the three Youth Offending Teams (YOTs)\n\nAims of the Group\n")
    members = {(a, b) for a, b, _ in _facts(text, "MEMBER_OF")}
    board = "Westby Safer Streets Governance Group"
    assert {("Northby Police", board), ("Westby District Council", board), ("Youth Offending Teams", board)} <= members
    assert not any(a.startswith("Each of") for a, _ in members)


def test_a_post_with_an_article_a_body_after_at_and_a_portfolio() -> None:
    """ "our Chief Officer at <body>": the possessive is the sentence's and the body follows "at";
    "Cabinet Member for <portfolio>" is a councillor's post, the portfolio no body."""
    text = ("Westby News\n\nBob Patel, our Chief Operations Officer at Northby Community Trust, said the "
            "scheme had helped.\n\nCouncillor Ann Jones, Cabinet Member for Housing and Community Services, "
            "welcomed the scheme.\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Bob Patel", "Northby Community Trust", "Chief Operations Officer") in roles
    assert not [r for r in roles if r[1] == "Housing and Community Services"]
    e = split_entry("Ann Jones, the Director of Housing at Westby Homes Trust")
    assert e is not None and (e.title, e.org) == ("Director of Housing", "Westby Homes Trust")


def test_councillors_under_the_header_with_one_plural_honorific() -> None:
    """The line under a minutes header, with no "Present:" of its own, naming the chair and then
    "Councillors A, B and C" after a semicolon: every name is a councillor present and a member."""
    text = ("Westby Community Safety Scrutiny Panel\n\n\nMinutes of the meeting held on 12 May 2026 at 7.00 pm "
            "in the Council Chamber.\n\n\nCouncillor Ann Jones (Chairman); "
            "Councillors Patel, Moore, Shah and Ellis\n\n\n"
            "In Attendance:\n\nCouncillor B Hart\n\n1. Apologies\n\nThere were none.\n")
    members = {(a, r) for a, _, r in _facts(text, "MEMBER_OF")}
    assert members >= {("Ann Jones", "chair"), ("Patel", "member"), ("Moore", "member"), ("Shah", "member"),
                       ("Ellis", "member")}
    assert {a for a, _, _ in _facts(text, "ATTENDED")} >= {"Ann Jones", "Patel", "Moore", "Shah", "Ellis"}


def test_officers_in_attendance_at_an_authority_hold_their_posts_there() -> None:
    """Minutes of an authority (a body that employs its officers): an officer listed as also present
    with a post and no body holds the post at the authority; a post "to the Authority" is one of its
    own; "A and B (Assistant Directors)" gives each of them the post, in the singular."""
    text = ("Minutes of a meeting of the Westby Fire and Rescue Authority held on 12 May 2026\n\nPresent:\n\n"
            "Councillor A Jones (Chair) Westby County Council\nCouncillor B Patel Northby Borough Council\n\n"
            "Also present:\n\nC Moore (Chief Fire Officer); D Shah (Treasurer to the Authority); "
            "E Hart and F Lee (Assistant Chief Fire Officers).\n\nAPOLOGIES\n\nThere were none.\n")
    board = "Westby Fire and Rescue Authority"
    roles = {(a, t) for a, b, t in _facts(text, "HOLDS_ROLE") if b == board}
    assert {("C Moore", "Chief Fire Officer"), ("D Shah", "Treasurer to the Authority"),
            ("E Hart", "Assistant Chief Fire Officer"), ("F Lee", "Assistant Chief Fire Officer")} <= roles
    assert not {a for a, _, _ in _facts(text, "MEMBER_OF")} & {"C Moore", "D Shah", "E Hart", "F Lee"}


def test_names_grouped_under_the_body_they_represent() -> None:
    """ "Representing Westby Council (WC):" inside the list of those present: the body is a member of
    the board and the names under it sit for it (a rank or post is held there); a body with no body
    word is still read as one there; "Mr A in the Chair" holds the post "Chair"."""
    text = ("Minutes of a meeting of the Westby Community Planning Board held on 12 May 2026 at 10.00 am.\n\n"
            "Present:\n\nRepresenting the Westby Council (WC):\n\nMr A Jones\nMs B Patel\n\n"
            "Representing Northby Isles Enterprise (NIE):\nMr C Moore\n\n"
            "Representing Westby Police (WP):\nCh Supt D Shah\n\nIn attendance:\n\nMs E Hart, Clerk, Westby Council\n\n"
            "Mr A Jones in the Chair\n\n1. Welcome\n\nThe Chair welcomed everyone.\n")
    board = "Westby Community Planning Board"
    members = {(a, b) for a, b, _ in _facts(text, "MEMBER_OF")}
    assert {("Westby Council", board), ("Northby Isles Enterprise", board), ("Westby Police", board),
            ("B Patel", board), ("C Moore", board)} <= members
    ex = extract(Document.from_text("paper.txt", text))
    rep = {f.start.name: f.props.get("representing") for f in ex.facts if f.type == "MEMBER_OF"}
    assert rep["B Patel"] == "Westby Council" and rep["C Moore"] == "Northby Isles Enterprise"
    roles = _facts(text, "HOLDS_ROLE")
    assert ("D Shah", "Westby Police", "Chief Superintendent") in roles
    assert ("A Jones", board, "Chair") in roles


def test_a_numbered_group_heading_names_the_body_of_the_posts_under_it() -> None:
    """ "1.1 Westby Probation Service" over "Name Role" rows: an executive's post is held at that
    body; a chair's or a member's seat stays one on the board."""
    text = ("Westby Courts Board meeting 12 May 2026\n\n1. Board members present\n\n1.1 Westby Probation Service\n\n"
            "Name Role\nAnn Jones Independent Chair\nBob Patel Non-Executive Member\nCarl Ellis Chief Executive\n"
            "Dee Shah Operations Director\n\n2. Minutes\n\nThe minutes were agreed.\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Carl Ellis", "Westby Probation Service", "Chief Executive") in roles
    assert ("Dee Shah", "Westby Probation Service", "Operations Director") in roles
    assert not [r for r in roles if r[0] in ("Ann Jones", "Bob Patel") and r[1] == "Westby Probation Service"]
    assert ("Ann Jones", "Westby Courts Board", "chair") in _facts(text, "MEMBER_OF")


def test_movers_and_seconders_are_members_of_the_board() -> None:
    """Only a member may propose, second or nominate at a board's meeting: each one named so is a
    member, with or without a dated meeting in the minutes."""
    dated = ("Minutes of a meeting of the Westby Fire Authority held on 12 May 2026\n\n1. Election of Chair\n\n"
             "Councillor A Jones was nominated by Councillor B Patel and seconded by Councillor C Moore.\n")
    for text in (dated,):
        members = {(a, b) for a, b, _ in _facts(text, "MEMBER_OF")}
        assert {("B Patel", "Westby Fire Authority"), ("C Moore", "Westby Fire Authority")} <= members, text


def test_chaired_by_after_which_and_an_office_before_its_holder() -> None:
    """ "the Steering Group, which was chaired by Ann Jones" and "is chaired by the Metro Mayor, Bob
    Patel, and ...": the chair of each board."""
    text = ("Westby Resilience Forum\n\nThe Forum reported to the Westby Steering Group which was chaired by "
            "Ann Jones from the fire service.\n\nThe Westby Transport Committee is chaired by the Metro Mayor, "
            "Bob Patel, and is made up of the leaders of the councils.\n")
    members = _facts(text, "MEMBER_OF")
    assert ("Ann Jones", "Westby Steering Group", "chair") in members
    assert ("Bob Patel", "Westby Transport Committee", "chair") in members


COUNCIL_SEDERUNT = """Westby Community Council
Minutes of meeting held on Monday 19th October 2026

1.00 SEDERUNT Ann Jones (AJ) (Chair), Bob Smith (BS)(Vice Chair), Carl Dean (CD), Eilidh Baird (EB), \
Sam Bunyan (SC), Cllr Tom Wiltshire (TW) Dan Ross (DR)

1.01 Welcome
"""


def test_council_named_above_its_minutes_and_a_numbered_sederunt() -> None:
    """A council's name alone above "Minutes of meeting held on <date>"; "1.00 SEDERUNT" (Scots for those
    present) with no colon; names with their initials in brackets before the chair's marker, or
    mistyped ("(SC)", no body); a surname that is also a title word ("Dean") or a county ("Wiltshire");
    a forename of Scotland."""
    members = _facts(COUNCIL_SEDERUNT, "MEMBER_OF")
    assert members == {("Ann Jones", "Westby Community Council", "chair"),
                       ("Bob Smith", "Westby Community Council", "vice_chair"),
                       ("Carl Dean", "Westby Community Council", "member"),
                       ("Eilidh Baird", "Westby Community Council", "member"),
                       ("Sam Bunyan", "Westby Community Council", "member"),
                       ("Tom Wiltshire", "Westby Community Council", "member"),
                       ("Dan Ross", "Westby Community Council", "member")}
    assert {p for p, _m, _k in _facts(COUNCIL_SEDERUNT, "ATTENDED")} == {
        "Ann Jones", "Bob Smith", "Carl Dean", "Eilidh Baird", "Sam Bunyan", "Tom Wiltshire", "Dan Ross"}
    assert not _facts(COUNCIL_SEDERUNT, "HOLDS_ROLE")


def test_present_in_capitals_with_no_colon() -> None:
    text = ("WESTBY PARISH COUNCIL\n\nMinutes of the meeting held on 3 March 2026\n\n"
            "PRESENT Ann Jones (Chair), Bob Smith, Carol Ellis\n\n2. Apologies\n")
    assert {p for p, _b, _r in _facts(text, "MEMBER_OF")} == {"Ann Jones", "Bob Smith", "Carol Ellis"}


NEWS_JOINING = """Westby Fire Authority welcomes new members

Westby Fire Authority (WFA) is pleased to welcome four new councillors from the councils of the area.

The new councillors joining the Authority are:

  • Ann Jones (Northby)
  • Bob Smith (Southby)

They join the following existing members:

  • Carol Ellis (Northby)
  • Dee Shah (Southby)

The Authority meets four times a year.
"""


def test_news_lists_of_who_joins_a_body_named_by_its_kind() -> None:
    """A news item with no board of its own: the lead-in names the body by its kind ("joining the
    Authority"), the one such body the paper names is whose members are listed."""
    assert _facts(NEWS_JOINING, "MEMBER_OF") == {
        (p, "Westby Fire Authority", "member") for p in ("Ann Jones", "Bob Smith", "Carol Ellis", "Dee Shah")}


FRONT_SHEET_RUN = " ".join([
    "WESTBY SAFER PARTNERSHIP AGENDA Friday 4 September 2026 at 10.00 am MEMBERS: WESTBY SAFER PARTNERSHIP",
    "Responsible Authority Members: Councillor Moore, Elected Member, Westby Borough Council",
    "Councillor Tennant, Elected Member, Westby Borough Council Ann Hughes, Chief Executive,",
    "Westby Borough Council Other Members: Carl Evans, Director of Public Health, Westby Borough Council",
    "Bob Patel, Office of the Police and Crime Commissioner for Kent Joanne Hodge, Chief Executive,",
    "Westby Voluntary Action 1. APOLOGIES FOR ABSENCE"]) + "\n"


def test_front_sheet_run_of_name_title_body_entries() -> None:
    """A front sheet flattened onto one line: "Name, Title, Body" entries with nothing between them but
    the next name; a surname alone after its honorific starts an entry, and a place after "for" ends a
    body's name even when it is also a forename ("for Kent Joanne Hodge")."""
    roles = _facts(FRONT_SHEET_RUN, "HOLDS_ROLE")
    assert {("Moore", "Westby Borough Council", "Elected Member"),
            ("Tennant", "Westby Borough Council", "Elected Member"),
            ("Ann Hughes", "Westby Borough Council", "Chief Executive"),
            ("Joanne Hodge", "Westby Voluntary Action", "Chief Executive")} <= roles
    members = {p for p, _b, _r in _facts(FRONT_SHEET_RUN, "MEMBER_OF")}
    assert {"Moore", "Tennant", "Ann Hughes", "Carl Evans", "Bob Patel", "Joanne Hodge"} <= members
    assert not any(p.startswith("Kent") for p in members)


DECISIONS_PAGE = """Meeting documents

Election of Chairman

That Cllr Ellis be elected as Chairman to the Westby Police and Crime Panel for the ensuing Year.

The Chairman welcomed the following new Members who had been appointed to the Westby Police and Crime Panel:

Cllr Ann Jones from Northby District Council,

Cllr Bob Smith from Southby Borough Council

Cllr Carol Hughes from Eastby District Council.

The Chairman thanked the Members who had left the Panel.
"""


def test_members_from_their_councils_under_a_lead_in_naming_the_board() -> None:
    """A page of decisions with no title of its own: the lead-in names the board the people listed
    were appointed to; each is "Cllr <name> from <council>" (the last with a full stop); a chair
    "elected as Chairman to the <board>"."""
    members = _facts(DECISIONS_PAGE, "MEMBER_OF")
    assert members == {("Ellis", "Westby Police and Crime Panel", "chair"),
                       ("Ann Jones", "Westby Police and Crime Panel", "member"),
                       ("Bob Smith", "Westby Police and Crime Panel", "member"),
                       ("Carol Hughes", "Westby Police and Crime Panel", "member")}
    assert ("Carol Hughes", "Eastby District Council", "Councillor") in _facts(DECISIONS_PAGE, "HOLDS_ROLE")


def test_minutes_whose_date_stands_under_the_contact_and_a_plural_honorific_after_a_bracket() -> None:
    """A page that never names its committee: the date alone under the contact officer's line is the
    meeting's; "Councillor A (Chair) Councillors B, C": the plural honorific starts the next names."""
    text = ("Contact Officer: Ann Hughes Tel. 01234 567890\n\n\n\nTuesday 25 September 2026\n\n"
            "Present: Councillor Peter Long (Chair) Councillors Mary Short, Andrew L Wood, Sam Stone\n\n"
            "Apologies: Councillors Gwen Low, Rob Light\n\n1 Welcomes and Introductions\n")
    got = {(p, m, k) for p, m, k in _facts(text, "ATTENDED")}
    assert {p for p, _m, _k in got} == {"Peter Long", "Mary Short", "Andrew L Wood", "Sam Stone", "Gwen Low",
                                        "Rob Light"}
    assert all(m.startswith("Meeting 2026-09-25") for _p, m, _k in got)



def test_a_draft_minute_of_a_body_with_its_letters_and_held_after_a_full_stop() -> None:
    text = ("COMMUNITY COUNCIL\n\nDraft Minute of the Westby Community Council (WCC) meeting. Held on Tuesday "
            "11th May 2026 at 7pm via WebEx.\n\nPRESENT: Cllr Ann Jones (Chair), Cllr Bob Smith\n\n1. Welcome\n")
    assert ("Westby Community Council 2026-05-11", "Westby Community Council", "") in _facts(text, "MEETING_OF")
    assert {(p, r) for p, _b, r in _facts(text, "MEMBER_OF")} == {("Ann Jones", "chair"), ("Bob Smith", "member")}


def test_councillors_present_at_their_own_councils_meeting_hold_its_seats() -> None:
    """A council's own minutes: each member present or sending apologies with the councillor's
    honorific is a councillor of that council; a county councillor in attendance is not."""
    text = ("Westby Parish Council\n\nMinutes of the meeting held on 3 March 2026\n\n"
            "Present: Cllr P Moss (Chair), Cllr S Hill, Cllr J Penn & Cllr J Clay.\n"
            "In attendance: Mrs S Roberts (Clerk) and County Cllr J Davies.\n\n"
            "1. Apologies\nCllr A Wood sent apologies.\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert {p for p, b, t in roles if t == "Councillor" and b == "Westby Parish Council"} == {
        "P Moss", "S Hill", "J Penn", "J Clay", "A Wood"}
    assert ("S Roberts", "Westby Parish Council", "Clerk") in roles


def test_members_each_written_with_their_ward_after_a_hyphen() -> None:
    """ "Name-Ward" lines, some wards of several words: the hyphen starts the ward, in every line."""
    text = ("Minutes of the Westby Police, Fire and Rescue Committee held on 10 January 2026\n\n"
            "Present\n\nAnn Jones (Convener)-Westdale North\nRob Davidson-Abbey\nJack Groom-Nith\n"
            "Graham Nicol-Mid Westdale\nCraig Peacock-Eastdale East and Eskvale\n\n1. Apologies\n")
    assert {p for p, _m, _k in _facts(text, "ATTENDED")} == {
        "Ann Jones", "Rob Davidson", "Jack Groom", "Graham Nicol", "Craig Peacock"}


def test_apologies_intimated_on_behalf_of() -> None:
    """The Scots "Apologies for absence were intimated on behalf of A, B and C"."""
    text = ("Minutes of the Westby Community Planning Board held on 3 March 2026\n\nPresent: Ann Jones (Chair), "
            "Bob Smith\n\n1. Apologies for Absence\n\nApologies for absence were intimated on behalf of Mr G Moir, "
            "Mrs M Davids, Dr D Mackay and Ch Insp B Mackie.\n\n2. Minutes\n")
    sent = {f.start.name for f in extract(Document.from_text("p.txt", text)).facts
            if f.type == "ATTENDED" and f.props.get("apologies")}
    assert sent == {"G Moir", "M Davids", "D Mackay", "B Mackie"}


def test_a_list_of_people_each_with_the_body_they_are_from_and_no_post() -> None:
    """Lines of "Name, Body" (people invited to an item) are HOLDS_ROLE with no title; a line whose
    words after the comma run on into a clause is not a body."""
    text = ("Review of the Westby Safety Partnership\n\nThe following representatives have been invited:\n\n"
            "Ann Jones, Westby Housing Trust\n\nRob Hill, Chief Inspector, Westby Police\n\n"
            "Carl Dean, Community Member be re-appointed as Vice Chair of the Westby Panel.\n")
    roles = _facts(text, "HOLDS_ROLE")
    assert ("Ann Jones", "Westby Housing Trust", "") in roles
    assert ("Rob Hill", "Westby Police", "Chief Inspector") in roles
    assert not any(p == "Carl Dean" for p, _b, _t in roles)


def test_chair_of_the_board_in_an_annual_report_item_is_the_reports_board() -> None:
    """ "Annual report of the Partnership Board" names the paper's board; "Ann Jones, Independent
    Chair of the Board" under it holds that board's chair."""
    text = ("Agenda item\n\nContributors:\n\nAnn Jones, Independent Chair of the Board\n\n"
            "Papers:\n\nAnnual report of the Westby Partnership Board\n")
    assert ("Ann Jones", "Westby Partnership Board", "Independent Chair") in _facts(text, "HOLDS_ROLE")
    assert ("Ann Jones", "Westby Partnership Board", "chair") in _facts(text, "MEMBER_OF")


def test_a_business_meeting_heading_and_two_people_sharing_a_body() -> None:
    """ "<Board> Business Meeting" over a date line is that board's meeting; "A and B, Body" in a list
    separated by semicolons is two people, each from that body."""
    text = ("Minutes\n\nWestby Neighbourhood Partnership Business Meeting\n9.30am, Monday, 2 March 2026\nPresent\n"
            "Cllr. Ann Jones (Convener); Cllr. Bob Smith; Carl Dean and Mary Hill, Eastby Community Council; "
            "Rob Lane, Northby Community Council.\n\nApologies\n\nCllr. Ed Stone\n\n1. Convener\n")
    assert ("Westby Neighbourhood Partnership 2026-03-02", "Westby Neighbourhood Partnership", "") in _facts(
        text, "MEETING_OF")
    members = _facts(text, "MEMBER_OF")
    assert {p for p, b, _r in members if b == "Westby Neighbourhood Partnership"} == {
        "Ann Jones", "Bob Smith", "Carl Dean", "Mary Hill", "Rob Lane", "Ed Stone"}
    assert {(p, b) for p, b, _t in _facts(text, "HOLDS_ROLE")} >= {
        ("Carl Dean", "Eastby Community Council"), ("Mary Hill", "Eastby Community Council")}


def test_apologies_none_in_minutes_flattened_onto_one_line() -> None:
    """ "Apologies: None" followed by the next item on the same line: nobody sent apologies, and the
    names further on are not read as apologies."""
    text = ("Westby Community Panel\n\nMinutes 2 March 2026\n\nPresent: Ann Jones (Chair), Bob Smith, Carl Dean "
            "Apologies: None Minutes of the Previous Meeting: agreed. New Applications: It was agreed that "
            "Mary Hill would meet Rob Lane to develop the bid for Church Lane Allotments. The group operated in "
            "the Ward, with membership mostly from the Ward, and the amount applied for was agreed.\n")
    ex = extract(Document.from_text("p.txt", text))
    assert not [f for f in ex.facts if f.type == "ATTENDED" and f.props.get("apologies")]
    assert {f.start.name for f in ex.facts if f.type == "ATTENDED"} == {"Ann Jones", "Bob Smith", "Carl Dean"}


def test_present_and_apologies_keys_on_one_line() -> None:
    """ "Present: A, B, C Apologies: D, E": the apologies' key ends the list of those present."""
    text = ("Westby Community Panel\n\nMinutes 2 March 2026\n\n"
            "Present: Ann Jones (Chair), Bob Smith, Carl Dean Apologies: Mary Hill, Rob Lane\n\n1. Minutes\n")
    got = {(f.start.name, bool(f.props.get("apologies"))) for f in extract(Document.from_text("p.txt", text)).facts
           if f.type == "ATTENDED"}
    assert got == {("Ann Jones", False), ("Bob Smith", False), ("Carl Dean", False), ("Mary Hill", True),
                   ("Rob Lane", True)}


def test_the_following_were_present_a_table_header_and_who_took_the_chair() -> None:
    """ "The following were present: A, B"; a people table's header row ("Name <TAB> Organisation")
    is no person; "Cllr Smith took the chair" makes her the board's chair."""
    head = "Westby Parish Council\n\nMinutes of the meeting held on 2 March 2026\n\n"
    text = head + "The following were present: Ann Smith, Bob Jones, Carl Brown.\n\n1. Minutes\n"
    assert {p for p, _m, _k in _facts(text, "ATTENDED")} == {"Ann Smith", "Bob Jones", "Carl Brown"}
    text = head + ("Present\nName\tOrganisation\nAnn Smith\tWestby Borough Council\n"
                   "Bob Jones\tWestshire Police\n\n1. X\n")
    assert {p for p, _m, _k in _facts(text, "ATTENDED")} == {"Ann Smith", "Bob Jones"}
    text = head + "Present: Cllr Ann Smith, Cllr Bob Jones.\n\nCllr Smith took the chair.\n\n1. Minutes\n"
    assert ("Smith", "Westby Parish Council", "chair") in _facts(text, "MEMBER_OF")


def test_a_short_members_line_in_terms_of_reference() -> None:
    """ "Members: Cllr A Smith (Chair), Cllr B Jones (Vice-Chair), Cllr C Brown" under a board's title:
    its members with their seats."""
    text = ("Westby Community Safety Partnership\n\nTerms of Reference 2026\n\n"
            "Members: Cllr A Smith (Chair), Cllr B Jones (Vice-Chair), Cllr C Brown\n")
    assert {(p, r) for p, _b, r in _facts(text, "MEMBER_OF")} == {
        ("A Smith", "chair"), ("B Jones", "vice_chair"), ("C Brown", "member")}


def test_parish_council_minutes_titled_by_the_kind_of_meeting_or_over_a_date_field() -> None:
    """ "Minutes of the Annual Parish Council Meeting – <date>" under the council's name in capitals is
    that council's meeting; so is "Minutes of Westby Parish Council meeting" over "Date: <date>"."""
    text = ("WESTBY PARISH COUNCIL\n\nMinutes of the Annual Parish Council Meeting – 2nd March 2026\n\n"
            "Councillors Present: A Smith (Chairman), B Jones, C Brown.\n\n1. Election of Chairman\n")
    assert ("Westby Parish Council 2026-03-02", "Westby Parish Council", "") in _facts(text, "MEETING_OF")
    text = ("Minutes of Westby Parish Council meeting\nDate: 2 March 2026\nVenue: Village Hall\n\n"
            "Attendees: Cllr A Smith (Chair), Cllr B Jones\nApologies: Cllr G Grey\n\n1. Minutes\n")
    assert ("Westby Parish Council 2026-03-02", "Westby Parish Council", "") in _facts(text, "MEETING_OF")
    assert ("A Smith", "Westby Parish Council", "chair") in _facts(text, "MEMBER_OF")


_TOWN = "Westby Town Council\n\nMinutes of the meeting held on 2 March 2026\n\n"


def _attended(text: str) -> set[tuple[str, bool]]:
    return {(f.start.name, bool(f.props.get("apologies"))) for f in extract(Document.from_text("p.txt", text)).facts
            if f.type == "ATTENDED"}


def test_council_attendance_lists_with_party_labels_and_keys_inside_them() -> None:
    """Council minutes' common ways of listing who came: party labels after names, "In the Chair:",
    "Those attending:", a clerk's key and independent members inside the list, a list in capitals,
    and apologies "received and accepted from"."""
    text = _TOWN + "Present: Councillor A Smith (Lab) (Chair), Councillor B Jones (Con), Councillor C Brown (LD)\n"
    assert ("A Smith", "Westby Town Council", "chair") in _facts(text, "MEMBER_OF")
    assert {p for p, _a in _attended(text)} == {"A Smith", "B Jones", "C Brown"}
    text = _TOWN + "In the Chair: Cllr A Smith\nCouncillors: B Jones, C Brown\n\n1. Apologies\n"
    assert {(p, r) for p, _b, r in _facts(text, "MEMBER_OF")} == {
        ("A Smith", "chair"), ("B Jones", "member"), ("C Brown", "member")}
    text = _TOWN + "Those attending: Cllr A Smith (Chair), Cllr B Jones\n\n1. Apologies\n"
    assert {p for p, _a in _attended(text)} == {"A Smith", "B Jones"}
    text = _TOWN + "Present: Councillors Smith (Chairman), Jones, Brown. Clerk: Mrs Green. Members of the public: 3.\n"
    assert {p for p, _b, _r in _facts(text, "MEMBER_OF")} == {"Smith", "Jones", "Brown"}
    assert ("Green", "Westby Town Council", "Clerk") in _facts(text, "HOLDS_ROLE")
    text = _TOWN + "Present: Councillors A Smith (Chair) and B Jones; Independent Members: Mr D White, Mrs E Green\n"
    assert {p for p, _a in _attended(text)} == {"A Smith", "B Jones", "D White", "E Green"}
    text = _TOWN + "PRESENT: CLLR A SMITH (CHAIR), CLLR B JONES, CLLR C BROWN\n\n1. APOLOGIES\n"
    assert {p for p, _a in _attended(text)} == {"A Smith", "B Jones", "C Brown"}
    text = _TOWN + ("Present: Cllr A Smith (Chair)\n\n1. Apologies for absence\nApologies for absence were received "
                    "and accepted from Cllrs Brown and White.\n\n2. Declarations\n")
    assert {("Brown", True), ("White", True)} <= _attended(text)


def test_a_councils_name_in_welsh_and_english_is_its_english_name() -> None:
    text = ("CYNGOR TREF WESTBY TOWN COUNCIL\n\nMinutes of the meeting held on 2 March 2026\n\n"
            "PRESENNOL / PRESENT: Cllr A Smith (Chair), Cllr B Jones\n\n1. Declarations\n")
    assert ("Westby Town Council 2026-03-02", "Westby Town Council", "") in _facts(text, "MEETING_OF")


def test_attendance_groups_dashed_entries_and_a_role_column() -> None:
    """ "Attendance" over "Members: A (Chair), B" and "Officers: C (Clerk)"; entries "Name – Body"
    separated by semicolons; a table's role column saying "Chair" makes the person the board's chair."""
    head = "Westby Safeguarding Board\n\nMinutes of the meeting held on 2 March 2026\n\n"
    text = head + ("Attendance\nMembers: Ann Smith (Chair), Bob Jones\nOfficers: Carl Brown (Clerk)\n"
                   "Apologies: Dee White\n")
    assert {(p, r) for p, _b, r in _facts(text, "MEMBER_OF")} == {
        ("Ann Smith", "chair"), ("Bob Jones", "member"), ("Dee White", "member")}
    text = head + ("Present: Ann Smith (Chair) – Westby Borough Council; Bob Jones – Westshire Police; "
                   "Carl Brown – Westshire NHS Trust\n\n1. Welcome\n")
    assert ("Ann Smith", "Westby Safeguarding Board", "chair") in _facts(text, "MEMBER_OF")
    assert {p for p, _m, _k in _facts(text, "ATTENDED")} == {"Ann Smith", "Bob Jones", "Carl Brown"}
    text = head + ("Attendees:\nName\tRole\tOrganisation\nAnn Smith\tChair\tWestby Borough Council\n"
                   "Bob Jones\tDetective Superintendent\tWestshire Police\n\n1. Welcome\n")
    assert ("Ann Smith", "Westby Safeguarding Board", "chair") in _facts(text, "MEMBER_OF")
    assert not any(t == "Chair" for _p, _b, t in _facts(text, "HOLDS_ROLE"))


def test_minutes_flattened_onto_one_line_name_their_body_before_minutes_of_the_meeting() -> None:
    """ "Westbury Community Council Minutes of the Meeting held on <date> ... Present: ..." on one line;
    a fire authority's "Full Authority" is the one authority the paper names, in capitals too."""
    text = ("Westbury Community Council Minutes of the Meeting held on 2nd March 2026 at the Village Hall "
            "Present: Cllrs A. Smith (Chair), B. Jones, C. Brown Apologies: Cllr F. Black "
            "1. Declarations of Interest: None\n")
    assert ("Westbury Community Council 2026-03-02", "Westbury Community Council", "") in _facts(text, "MEETING_OF")
    assert ("A. Smith", "Westbury Community Council", "chair") in _facts(text, "MEMBER_OF")
    text = ("Home Meetings WEST COUNTY FIRE AND RESCUE AUTHORITY MINUTES OF THE MEETING OF THE FULL AUTHORITY "
            "HELD ON 2 MARCH 2026 AT 10.30 AM AT FIRE HQ PRESENT: Councillor A Smith (Chair), Councillors "
            "B Jones, C Brown and E Green APOLOGIES: Councillor F Black 1. MINUTES The minutes were approved.\n")
    meetings = _facts(text, "MEETING_OF")
    assert ("West County Fire and Rescue Authority 2026-03-02", "West County Fire and Rescue Authority", "") in meetings
    assert {p for p, _m, _k in _facts(text, "ATTENDED")} == {"A Smith", "B Jones", "C Brown", "E Green", "F Black"}


def test_a_post_after_the_councils_possessive_and_a_new_or_interim_post_in_apposition() -> None:
    head = ("Westby Community Safety Partnership\n\nMinutes of the meeting held on 2 March 2026\n\n"
            "Present: Carl Brown (Chair)\n\n1. Update\n")
    text = head + "Ann Smith, Westby Borough Council's Community Safety Manager, said the figures had improved.\n"
    assert {(p, b, t) for p, b, t in _facts(text, "HOLDS_ROLE")} == {
        ("Ann Smith", "Westby Borough Council", "Community Safety Manager")}
    text = head + "The Chair welcomed Ann Smith, the new Head of Service at Westby Borough Council, to the meeting.\n"
    assert ("Ann Smith", "Westby Borough Council", "Head of Service") in _facts(text, "HOLDS_ROLE")
    text = head + "The Chair welcomed Bob Jones, the interim Director of Public Health at Westby Borough Council.\n"
    assert ("Bob Jones", "Westby Borough Council", "Interim Director of Public Health") in _facts(text, "HOLDS_ROLE")
