"""The extraction pipeline as spaCy components, and the general readers added with it.

Every paper here is made up for the test; each reads one kind of layout or phrasing."""

from __future__ import annotations

from kg.extract import extract, extract_many
from kg.extract.pipeline import STAGES, build_nlp
from kg.loaders.base import Document


def _facts(text: str, rtype: str) -> set[tuple[str, str, tuple[tuple[str, object], ...]]]:
    ex = extract(Document.from_text("t.txt", text))
    return {(f.start.name, f.end.name, tuple(sorted((k, v) for k, v in f.props.items()))) for f in ex.facts
            if f.type == rtype}


def test_every_stage_finds_what_it_requires_made_earlier():
    nlp = build_nlp()
    assert tuple(nlp.pipe_names) == STAGES
    report = nlp.analyze_pipes()
    assert all(not problems for problems in report["problems"].values()), report["problems"]


def test_a_stage_whose_producer_is_missing_is_reported():
    nlp = build_nlp([s for s in STAGES if s != "kg_context"])
    problems = nlp.analyze_pipes()["problems"]
    assert "doc._.meetings" in problems["kg_people"]
    assert "doc._.meetings" in problems["kg_bodies"]


def test_pipe_over_many_papers_gives_what_one_at_a_time_gives():
    texts = ["Westby Safety Board - Monday, 2 March 2026\n\nApologies were received from Cllr Ann Jones.\n",
             "Northby Community Safety Partnership\nTuesday, 3rd March, 2026 4.00 pm\n"]
    docs = [Document.from_text(f"p{i}.txt", t) for i, t in enumerate(texts)]
    many = list(extract_many(docs))
    one = [extract(d) for d in docs]
    assert [[(f.type, f.start, f.end) for f in e.facts] for e in many] == \
        [[(f.type, f.start, f.end) for f in e.facts] for e in one]


def test_a_committee_system_title_line_names_the_board_and_its_meeting():
    text = ("Agenda and minutes\n\nEastvale Police and Crime Panel - Friday, 24th June, 2022 10.00 am\n\n"
            "Venue: Town Hall\n\nApologies were received from Cllr Ann Jones.\n")
    panel = "Eastvale Police and Crime Panel"
    meeting = (f"{panel} 2022-06-24", panel, (("date", "2022-06-24"),))
    assert meeting in _facts(text, "MEETING_OF")
    two_lines = "Agenda and minutes\n\nCommunity Safety Partnership\nTuesday, 26th June, 2012 4.00 pm\n\nItems\n"
    assert {e for _, e, _ in _facts(two_lines, "MEETING_OF")} == {"Community Safety Partnership"}


def test_a_key_value_line_of_the_title_block_is_not_a_board_name():
    text = "Meeting: Westby Planning Committee\nDate: Tuesday, 9 June 2026\n"
    assert all(not e.startswith("Meeting") for _, e, _ in _facts(text, "MEETING_OF"))


def test_inline_apologies_with_bodies_in_brackets_and_post_nominals():
    text = ("Westby Safety Panel - Friday, 24th June, 2022 10.00 am\n\n"
            "Apologies were received from Cllr Ann Jones (Westby Borough Council), Cllr Bob Patel OBE "
            "(Northby District Council) and Mr Carl Moore MBE.\n")
    att = {s for s, _, p in _facts(text, "ATTENDED") if dict(p)["apologies"]}
    assert att == {"Ann Jones", "Bob Patel", "Carl Moore"}
    roles = {(s, e) for s, e, _ in _facts(text, "HOLDS_ROLE")}
    assert ("Ann Jones", "Westby Borough Council") in roles and ("Bob Patel", "Northby District Council") in roles


def test_a_shared_honorific_with_councils_in_brackets():
    text = ("Westby Safety Panel - Thursday, 16th November, 2017 10.30 am\n\n"
            "Apologies for absence were received from Councillors K. Evans (Northby County Council), "
            "L. George (Westby County Council) and W. Powell (Westby County Council).\n")
    att = {s for s, _, p in _facts(text, "ATTENDED") if dict(p)["apologies"]}
    assert att == {"K. Evans", "L. George", "W. Powell"}


def test_resolutions_appointing_a_chair_and_a_deputy_of_the_own_board():
    text = ("Westby Police and Crime Panel - Friday, 24th June, 2022 10.00 am\n\n"
            "Appointment of Chair\n\nThat Mr Evan Hart MBE be elected as Chair of the Panel for the 2022/23 "
            "Municipal year.\n\nThat Cllr Rob Lane be appointed Deputy Chair of the Panel for the year.\n")
    got = {(s, e, dict(p)["role"]) for s, e, p in _facts(text, "MEMBER_OF")}
    assert ("Evan Hart", "Westby Police and Crime Panel", "chair") in got
    assert ("Rob Lane", "Westby Police and Crime Panel", "vice_chair") in got


def test_an_active_election_names_the_new_chair_after_the_office():
    text = ("The Northby Police and Crime Panel is a joint body of the councils.\n"
            "At its first meeting the Northby Police and Crime Panel elected a new chairman, Councillor Will Dee.\n")
    got = {(s, dict(p)["role"]) for s, _, p in _facts(text, "MEMBER_OF")}
    assert ("Will Dee", "chair") in got


def test_a_motion_that_was_put_is_not_an_appointment_and_other_chairs_are_not_boards():
    text = ("Westby Safety Panel - Friday, 24th June, 2022 10.00 am\n\n"
            "Cllr Ann Jones proposed that Mr Tom Ray be elected Vice-Chair. On being put to the vote the "
            "motion was lost.\n\nMrs Jo Finch was appointed Chair of Governors of the school.\n")
    assert not {s for s, _, _ in _facts(text, "MEMBER_OF")} & {"Tom Ray", "Jo Finch"}


def test_columns_set_with_runs_of_spaces_are_read_as_a_table_of_people():
    text = ("Westby Youth Justice Board\n\nFriday 4th June 2010\n\n"
            "Ann Jones                       Director of Community Services (Chair)\n"
            "Bob Patel                       Westby Police\n"
            "Cara Lee                        Northby Probation Service\n")
    roles = {(s, e) for s, e, _ in _facts(text, "HOLDS_ROLE")}
    assert ("Bob Patel", "Westby Police") in roles and ("Cara Lee", "Northby Probation Service") in roles


def test_people_acting_at_the_meeting_attended_it_but_not_those_who_sent_apologies():
    text = ("Westby Community Safety Partnership\nTuesday, 26th June, 2012 4.00 pm\n\n"
            "Apologies\n\nApologies for absence were received from Dan Frost.\n\n"
            "Terms of reference\n\nClaire Bell introduced the report as set out.\n\n"
            "Sandra Moss, Borough Commander, advised that there had been no change.\n\n"
            "Dan Frost reported by email that the review was complete.\n\n"
            "Community Safety Strategy noted the figures.\n")
    att = {s: dict(p)["apologies"] for s, _, p in _facts(text, "ATTENDED")}
    assert att == {"Dan Frost": True, "Claire Bell": False, "Sandra Moss": False}


def test_nobody_attends_a_paper_that_records_no_meeting():
    text = "Annual report\n\nAnn Jones, Chief Executive, Westby Borough Council, welcomed the plan.\n"
    assert not _facts(text, "ATTENDED")


def test_minutes_of_the_meeting_under_a_title_and_the_people_listed_below_it_without_a_heading():
    text = ("Westby Community Safety Partnership\n"
            "Minutes of the meeting held on Monday 2 March 2009 2.00pm in the Town Hall\n"
            "Ann Jones - Westby Fire and Rescue Service (Chair)\n"
            "Bob Patel - Westby Constabulary Cara Lee - Northby District Council Dan Frost - Westby County Council\n"
            "1. Welcome and Apologies\n"
            "The Chair welcomed those present to the meeting.\n")
    meeting = "Westby Community Safety Partnership 2009-03-02"
    assert {(m, b) for m, b, _ in _facts(text, "MEETING_OF")} == {(meeting, "Westby Community Safety Partnership")}
    att = {s for s, e, p in _facts(text, "ATTENDED") if e == meeting and not dict(p)["apologies"]}
    assert att == {"Ann Jones", "Bob Patel", "Cara Lee", "Dan Frost"}
    roles = {(s, e) for s, e, _ in _facts(text, "HOLDS_ROLE")}
    assert ("Cara Lee", "Northby District Council") in roles and ("Bob Patel", "Westby Constabulary") in roles
    chairs = {s for s, _, p in _facts(text, "MEMBER_OF") if dict(p)["role"] == "chair"}
    assert chairs == {"Ann Jones"}


def test_a_run_of_body_words_is_not_taken_for_a_bare_name():
    from kg.extract.roles import entries

    got = [(e.person.name, e.org) for e in entries("Suzie Hawkins Clinical Commissioning Group")]
    assert got == [("Suzie Hawkins", "Clinical Commissioning Group")]


def test_awards_with_the_recipient_in_a_fixed_place_and_the_paper_funder():
    text = ("Westby Police and Crime Commissioner Awards Over £20,000 to Local Groups\n\n"
            "Those successful included: Northby Film - £5000 Riverside Radio - £5000 Eastfield Youth Club - £500 "
            "1st Westby Scouts - £500\n\n"
            "To award Northby Mediation £2,430 towards the costs of a coordinator in 2024/25.\n\n"
            "The Commissioner has awarded £1,000 to Westby Women's Aid for 2025/26.\n\n"
            "Safer Streets Fund 4: £737,560.\n")
    got = {(s, e, dict(p)["amount"], dict(p).get("period")) for s, e, p in _facts(text, "FUNDS")}
    funder = "Westby Police and Crime Commissioner"
    assert got == {(funder, "Northby Film", 5000.0, None), (funder, "Riverside Radio", 5000.0, None),
                   (funder, "Eastfield Youth Club", 500.0, None), (funder, "1st Westby Scouts", 500.0, None),
                   (funder, "Northby Mediation", 2430.0, "2024-25"), (funder, "Westby Women's Aid", 1000.0, "2025-26")}


def test_no_award_is_read_without_a_funder_in_the_paper():
    text = "Grants list\n\nNorthby Film - £5000 Riverside Radio - £5000\n"
    assert not _facts(text, "FUNDS")


def test_a_table_copied_one_cell_per_line_with_row_labels_under_a_blank_header():
    text = ("Community Safety Fund\n"
            "In 2021/22 the Westby Police and Crime Commissioner has given grants to the councils.\n"
            "|\n2020/21 £ |\n2021/22 £ |\nAlford |\n136,091 |\n134,699 |\nBexmoor CC |\n441,082 |\n436,567 |\n"
            "Calder Vale |\n261,694 |\n259,015 |\n|\n|\n|\nTotal |\n838,867 |\n830,281 |\n")
    got = {(e, dict(p)["amount"], dict(p).get("period")) for _, e, p in _facts(text, "FUNDS")}
    assert {("Alford", 136091.0, "2020-21"), ("Alford", 134699.0, "2021-22"), ("Bexmoor CC", 441082.0, "2020-21"),
            ("Calder Vale", 259015.0, "2021-22")} <= got
    assert not any(e == "Total" for e, _, _ in got)


def test_governance_lines_of_offices_own_board_subjects_and_scrutiny_phrasings():
    head = "Westby Police and Crime Panel\n\n"
    cases = {
        "Its function is to review and scrutinise decisions made by the Police and Crime Commissioner.":
            ("SCRUTINISES", "Westby Police and Crime Panel", "Police and Crime Commissioner"),
        "To provide the mechanism for the Commissioner to hold the Chief Constable to account.":
            ("HOLDS_TO_ACCOUNT", "Police and Crime Commissioner", "Chief Constable"),
        "The Westby Community Safety Partnership is subject to annual scrutiny by the Westby Scrutiny Committee.":
            ("SCRUTINISES", "Westby Scrutiny Committee", "Westby Community Safety Partnership"),
        "As the host authority, Westby County Council provides administrative and other support to the panel.":
            ("SUPPORTS", "Westby County Council", "Westby Police and Crime Panel"),
    }
    for sentence, (rtype, start, end) in cases.items():
        assert (start, end) in {(s, e) for s, e, _ in _facts(head + sentence, rtype)}, sentence


def test_an_office_before_a_name_is_a_rank_not_a_body():
    text = "Westby Police and Crime Panel\n\nChief Constable Jo Bloggs holds regular meetings with staff.\n"
    assert not _facts(text, "HOLDS_TO_ACCOUNT") and not _facts(text, "SCRUTINISES")


def test_speakers_after_a_number_an_office_first_movers_and_a_single_apology():
    text = ("Westby Safety Panel - Wednesday, 16th July, 2025 2.00 pm\n\n"
            "An apology for absence was received from Ms Judith Cole.\n\n"
            "2.    Cllr Nolan proposed that the report be noted.\n\n"
            "The Chair, Donna Reed-Turner, introduced herself and highlighted the following:\n\n"
            "There was one nomination, Mr Will Ewan, proposed by Miss Helen Farr and seconded by Mr Peter Kent.\n\n"
            "The Section 151 Officer highlighted the risks.\n")
    att = {s: dict(p)["apologies"] for s, _, p in _facts(text, "ATTENDED")}
    assert att == {"Judith Cole": True, "Nolan": False, "Donna Reed-Turner": False, "Helen Farr": False,
                   "Peter Kent": False}
    chairs = {s for s, _, p in _facts(text, "MEMBER_OF") if dict(p)["role"] == "chair"}
    assert chairs == {"Donna Reed-Turner"}


def test_membership_lists_of_people_and_of_bodies_under_a_heading_or_lead_in():
    text = ("Meeting: **Westby Police and Crime Panel**\n\nContact: **Jo Bloggs (Tel: 0100 000 0000)**\n\n"
            "Membership\n\nCllr. Ann Jones\tCllr. Bob Patel\nCara Lee\tCllr. Dan Frost\n\n"
            "**Please note: this meeting will be filmed.**\n")
    got = {s for s, e, _ in _facts(text, "MEMBER_OF") if e == "Westby Police and Crime Panel"}
    assert got == {"Ann Jones", "Bob Patel", "Cara Lee", "Dan Frost"}
    bodies = ("Westby Police and Crime Panel\n\nThe panel scrutinises the Commissioner.\n\n"
              "Councillors are appointed to the Panel as follows:\n\nAuthority Core members\n"
              "Westby County Council 1\nNorthby District Council 1\nEastfield Borough Council 1\nTotal 3\n\n"
              "Appointments are made each year.\n")
    got = {s for s, e, _ in _facts(bodies, "MEMBER_OF") if e == "Westby Police and Crime Panel"}
    assert got == {"Westby County Council", "Northby District Council", "Eastfield Borough Council"}


def test_substitutes_memberships_stated_in_passing_and_two_chairs_elected_in_one_sentence():
    text = ("Westby Safety Partnership - Wednesday, 16th July, 2025 2.00 pm\n\n"
            "PRESENT\n\nCllr Ann Kerr\nCllr Bob Pike\n\n"
            "Cllr Kerr was elected Chair and Cllr Pike elected Vice Chair.\n\n"
            "Councillor Martin substituted for Councillor Perkin.\n\n"
            "County Councillor Mandy Smith declared a personal interest as a member of the Northby Safer "
            "Communities Board and the Westby Overview Committee.\n")
    got = {(s, e, dict(p)["role"]) for s, e, p in _facts(text, "MEMBER_OF")}
    board = "Westby Safety Partnership"
    assert {("Kerr", board, "chair"), ("Pike", board, "vice_chair"), ("Martin", board, "substitute"),
            ("Perkin", board, "member"), ("Mandy Smith", "Northby Safer Communities Board", "member"),
            ("Mandy Smith", "Westby Overview Committee", "member")} <= got
    # one membership each for the chair and vice-chair: the plain list entries give way
    assert not {("Ann Kerr", board, "member"), ("Bob Pike", board, "member")} & got


def test_a_front_sheet_flattened_onto_one_line_lists_its_members():
    text = ("Public Document Pack Westby Police and Crime Panel c/o Westby City Council Civic Centre "
            "WESTBY POLICE AND CRIME PANEL Friday 19 December 2014 10.30 am Council House, Westby Members: "
            "Councillor Croad, Chair. Councillor Rule, Vice-Chair. Councillors Barker (Northby District Council), "
            "Batters (Westby Council) and Eginton (Eastfield District Council), Independent Members: Yvonne Atkin "
            "(Westby) and Sarah Rapp (Northby). Members are invited to attend the above meeting.\n")
    got = {(s, dict(p)["role"]) for s, e, p in _facts(text, "MEMBER_OF") if e == "Westby Police and Crime Panel"}
    assert {("Croad", "chair"), ("Rule", "vice_chair"), ("Barker", "member"), ("Batters", "member"),
            ("Eginton", "member")} <= got


def test_an_attendance_list_written_one_cell_per_line_pairs_each_name_with_its_body():
    text = ("Westby Public Services Board\n\n4th Business Meeting 13:00pm Thursday 30th June 2022 Notes of Meeting\n\n"
            "In Attendance:\n\nPam Kelly (PK)\n\nWestby Police (Chair for the meeting)\n\nCllr Sean Morgan (SM)\n\n"
            "Northby County Borough Council\n\nHuw Morse (HM)\n\nEastfield CBC\n\nJo Bloggs (JB)\n\n"
            "Sam Slater (SS)\n\nOffice of the Police and Crime Commissioner for Westby\n\n1. Welcome\n")
    roles = {(s, e) for s, e, _ in _facts(text, "HOLDS_ROLE")}
    assert {("Pam Kelly", "Westby Police"), ("Sean Morgan", "Northby County Borough Council"),
            ("Huw Morse", "Eastfield CBC"),
            ("Sam Slater", "Office of the Police and Crime Commissioner for Westby")} <= roles
    assert not any(s == "Jo Bloggs" for s, _ in roles)  # her body cell is empty: none is guessed
    meeting = "Westby Public Services Board 2022-06-30"
    assert {s for s, e, _ in _facts(text, "ATTENDED") if e == meeting} >= {"Pam Kelly", "Jo Bloggs", "Sam Slater"}


def test_in_their_role_to_scrutinise_the_actions_of_an_office_is_the_papers_own_boards_scrutiny():
    text = ("Meeting: **Westby Police and Crime Panel**\n\nDate: Tuesday, 23 June 2026\n\n"
            "3. In their role to scrutinise the actions and decisions of the PCC, the Commissioner requests "
            "that the panel examines the contents of this report.\n")
    assert ("Westby Police and Crime Panel", "Police and Crime Commissioner") in \
        {(s, e) for s, e, _ in _facts(text, "SCRUTINISES")}


def test_in_an_attendance_list_the_part_after_a_title_is_the_body():
    text = ("Westby Safeguarding Board\nMinutes of the Meeting held on Thursday 16 April 2015\n"
            "Present:\nAnn Jones – Chief Executive Officer, Brightpath, Westby\n"
            "Bob Patel – Head of Development and Operations, Age Matters, Westby\n")
    roles = {(s, e, dict(p).get("title")) for s, e, p in _facts(text, "HOLDS_ROLE")}
    assert ("Ann Jones", "Brightpath", "Chief Executive Officer") in roles
    assert ("Bob Patel", "Age Matters", "Head of Development and Operations") in roles


def test_an_apologies_line_naming_a_substitute_and_a_shared_honorific_title():
    text = ("Westby Community Safety Partnership\nTuesday, 26th June, 2012 4.00 pm\n\n"
            "Apologies for absence were received from the following:\n\n"
            "Stephen Mead              - Joan Hale substituted\n\n15.\n\nUrgent Business\n\n"
            "Apologies for absence were received from Councillors K. Evans (Northby County Council) and "
            "L. George (Westby County Council).\n")
    att = {s: dict(p)["apologies"] for s, _, p in _facts(text, "ATTENDED")}
    assert att["Stephen Mead"] is True and att["Joan Hale"] is False
    assert ("Joan Hale", "substitute") in {(s, dict(p)["role"]) for s, _, p in _facts(text, "MEMBER_OF")}
    assert ("K. Evans", "Northby County Council", "Councillor") in \
        {(s, e, dict(p).get("title")) for s, e, p in _facts(text, "HOLDS_ROLE")}


def test_a_board_chaired_by_a_person_or_an_office():
    text = ("Westby Community Safety Partnership\n\nTerms of Reference\n\n"
            "The Partnership is chaired by Cllr Ann Jones, Cabinet Member for Communities.\n\n"
            "The Northby Reducing Reoffending Board is vice-chaired by Jo Bloggs.\n\n"
            "The Westby Serious Violence Group will be chaired by the Police and Crime Commissioner.\n")
    got = {(s, e, dict(p)["role"]) for s, e, p in _facts(text, "MEMBER_OF")}
    assert got == {("Ann Jones", "Westby Community Safety Partnership", "chair"),
                   ("Jo Bloggs", "Northby Reducing Reoffending Board", "vice_chair"),
                   ("Police and Crime Commissioner", "Westby Serious Violence Group", "chair")}


def test_money_is_paid_by_the_commissioners_office_where_the_paper_names_it():
    text = ("Office of the Westby Police and Crime Commissioner\n\n"
            "The Westby Police and Crime Commissioner makes these awards.\n\n"
            "To award Northby Mediation £2,430 towards the costs of a coordinator.\n\n"
            "Eastfield Borough Council had been awarded £5,000 from the Westby Fire Authority.\n")
    got = {(s, e, dict(p)["amount"]) for s, e, p in _facts(text, "FUNDS")}
    assert ("Office of the Westby Police and Crime Commissioner", "Northby Mediation", 2430.0) in got
    assert ("Westby Fire Authority", "Eastfield Borough Council", 5000.0) in got


def test_a_grants_table_under_the_commissioners_heading_is_paid_by_the_office():
    text = ("Office of the Westby Police and Crime Commissioner\n\n"
            "The Office of the Westby Police and Crime Commissioner supports the Westby Police and Crime "
            "Commissioner.\n\nWestby Police and Crime Commissioner grants 2025/26\n\n"
            "Organisation\tFunding\nNorthby Mediation CIC\t£2,000\nEastfield Youth Trust\t£3,000\n")
    assert {s for s, _, _ in _facts(text, "FUNDS")} == {"Office of the Westby Police and Crime Commissioner"}
