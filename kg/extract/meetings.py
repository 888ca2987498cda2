"""Meetings and attendance: MEETING_OF, ATTENDED and the MEMBER_OF / HOLDS_ROLE read from
PRESENT / Officers / Apologies / In attendance sections.

:func:`run_meetings` finds each meeting a document names (an agenda or report header
"<BOARD NAME>" + "<date>", "Minutes of a meeting of X held at Y on <date>", "the next
meeting of the Board ... on <date>") and leaves in ``ctx.paper``:

* ``board``: the document's own board (first one found), so later rules can read "the Board";
* ``meetings``: ISO date -> meeting name;
* ``meeting_marks``: (offset, board, meeting) in text order; :func:`meeting_at` reads it.

:func:`run_attendance` reads the attendance sections :mod:`kg.extract.structure` tagged.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> ex = extract(Document.from_text("m.txt", "Minutes of a meeting of the Eastvale Safety Board held "
...     "at the Town Hall on Monday, 2 March 2026.\\n\\nPRESENT\\n\\nCllr. A. Jones (in the Chair)\\n"))
>>> sorted((f.type, f.end.name, f.props.get("role", "")) for f in ex.facts)[:2]
[('ATTENDED', 'Eastvale Safety Board 2026-03-02', ''), ('MEETING_OF', 'Eastvale Safety Board', '')]
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from typing import Any

from kg.extract.context import Block, Context
from kg.extract.offices import held_office
from kg.extract.people import (
    Entry,
    body_label,
    chair_role,
    is_title,
    parse_person,
    people_vocab,
    split_title_body,
    starts_with_forename,
    strip_paren,
)
from kg.extract.quickre import quick
from kg.extract.roles import entries, flattened_run, person_ref, record_role
from kg.extract.structure import CELL_SLASH, list_end, plain
from kg.loaders.dates import parse_date, parse_day_month
from kg.model import Ref

_MINUTES = quick(
    # ("Draft Minute of the Westby Council (WC) meeting. Held on ...": singular, the letters the
    # body goes by, a full stop before "Held")
    r"\bMinutes?\s+of\s+(?:an?|the)\s+(?:(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?(?P<body>.+?)|"
    r"(?P<body2>[A-Z][^.]*?)\s+meeting|(?P<body3>[A-Z][^.]*?))\.?\s+(?:held|which\s+took\s+place)\s+(?P<rest>.+)",
    re.I,
)
_FIELD = re.compile(
    r"^\s*(?:\*\*)?(meeting|committee|board|panel|body|date)\s*(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.+?)\s*(?:\*\*)?\s*$", re.I
)
_MEETING_WORD = quick(r"\bmeetings?\b", re.I)
_GENERIC = re.compile(
    r"^(?:the\s+)?(?:board|panel|committee|partnership|group|commission|forum|"
    r"executive|sub-group|subgroup|meeting)$",
    re.I,
)
_DATE_LINE_MAX_WORDS = 5
# the title block: how many first lines may be a plain-text header, and how long one may be
_TITLE_BLOCK_LINES = 12
_TITLE_LINE_MAX_CHARS = 120
_LONG_TITLE_MAX_CHARS = 240
_RECORD_LINE = re.compile(r"^\s*(?:draft\s+|confirmed\s+|unconfirmed\s+|public\s+)?"
                          r"(?:(?:board\s+|partnership\s+)?meeting\s+)?(?:minutes|notes|agenda|record)"
                          r"(?:\s+of\s+(?:the\s+)?meeting)?\s*[.:]?\s*$", re.I)
_RECORD_WORDS = re.compile(r"\b(?:minutes|notes|meeting)\b", re.I)
# "<Board> Minutes of the Board Meeting": what follows the board's name in such a title
_RECORD_TAIL = re.compile(r"\s+[-–—,:]?\s*(?:draft\s+|confirmed\s+)?(?:minutes|notes|agenda|record)\b.*$", re.I)
_KEY_VALUE = re.compile(r"^\s*(?:\*\*)?[A-Za-z][\w ]{0,30}(?:\*\*)?\s*:\s")
# "Minutes of the X meeting - <date>": the words around a board's name in a title line
_MINUTES_OF = re.compile(r"^\s*(?:(?:draft\s+)?minutes|agenda(?:\s+and\s+minutes)?)\s+of\s+(?:the\s+|a\s+)?"
                         r"(?:meeting\s+of\s+(?:the\s+)?)?|"
                         # a committee system's "Notice of Meeting and Agenda <Board>"
                         r"^\s*notice\s+of\s+(?:the\s+)?meeting(?:\s+and\s+agenda)?\s*(?:[-–—:]\s*|of\s+(?:the\s+)?)?|"
                         r"^\s*(?:the\s+)?(?:\d{1,3}(?:st|nd|rd|th)\s+)?(?:ordinary\s+|annual\s+|special\s+|extraordinary\s+)?"
                         r"meeting\s+of\s+(?:the\s+)?|\s+meeting(?=\s*[-–—,:]?\s*(?:held\b|\d|$))", re.I)
# words before "meeting" that make it the meeting of the board in force ("the next meeting")
_GENERIC_LEAD = {
    "the",
    "next",
    "previous",
    "last",
    "its",
    "first",
    "inaugural",
    "annual",
    "special",
    "extraordinary",
    "following",
    "future",
    "subsequent",
}


def title_case(name: str) -> str:
    """Title-case an ALL-CAPS name, keeping acronyms and small joining words.

    >>> title_case("EASTVALE & WESTSHIRE SAFER COMMUNITIES BOARD"), title_case("MID WESTBY YOT")
    ('Eastvale & Westshire Safer Communities Board', 'Mid Westby YOT')
    """
    letters = [c for c in name if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.85:
        return name
    from kg.extract.bodies import vocab

    small = {"and", "of", "for", "the", "on", "in", "to"}
    place_words = set(vocab()["short_place_words"])
    out = []
    for i, w in enumerate(name.split()):
        lw = w.lower()
        if lw in small and i:
            out.append(lw)
        elif lw in place_words:
            out.append(lw.capitalize())
        elif len(w) <= 3 and not re.search(r"[AEIOU]", w) or re.fullmatch(r"[A-Z]{2,4}", w) and len(w) <= 3:
            out.append(w)
        else:
            out.append("-".join(p.capitalize() for p in lw.split("-")))
    return " ".join(out)


# "Minutes of the ...", "Annual Report of the ...", "Terms of Reference of the ...": a record's or a
# paper's words before the board it is of
_RECORD_LEAD = re.compile(r"^(?:(?:draft|unconfirmed|confirmed)\s+)?(?:minutes|notes|agenda|(?:annual\s+)?report|"
                          r"terms\s+of\s+reference)\s+of\s+(?:the\s+|a\s+)?"
                          r"(?:meeting\s+of\s+(?:the\s+)?)?(?=[A-Z])", re.I)


def _english(name: str) -> str:
    from kg.extract.bodies import english_name  # (bodies imports this module's readers)

    return english_name(name)


def board_name(text: str) -> tuple[str, dict[str, Any]] | None:
    """A board's name and props from a heading or a phrase, or None when it names no board.

    >>> board_name("**EASTVALE COMMUNITY SAFETY BOARD**")
    ('Eastvale Community Safety Board', {'kind': 'board'})
    >>> board_name("REPORT TO:Westby Licensing Committee")
    ('Westby Licensing Committee', {'kind': 'committee'})
    >>> board_name("Minutes of Westby Management Board")[0], board_name("Annual report of the Westby Board")[0]
    ('Westby Management Board', 'Westby Board')
    """
    # "REPORT TO:Westby Committee": a front sheet's field name in capitals is not the board's
    name = _english(title_case(_FIELD_KEY.sub("", plain(text)).strip(" ,.;:–—-")))
    name = re.sub(r"^(?:the)\s+", "", name, flags=re.I)
    name = _RECORD_LEAD.sub("", name)  # "Minutes of Westby Board meeting on <date>": a record's words
    name = _OWN_ACRONYM.sub("", name)  # "Westby Executive Board (WEB)": the acronym is not the name
    if "," in name and parse_person(name.split(",", 1)[0], whole=True) is not None:
        return None  # "Ann Jones, Chair of the Westby Committee": a person with their post
    name = re.sub(r"(?<=s)['’](?=\s)", "", name)  # "Communities' Board" -> "Communities Board"
    if not name or len(name.split()) > 14 or name.split()[-1][:1].islower() and not _placed(name):
        # a board's name ends with its head word, capitalised, unless a web page writes a place's
        # board in sentence case ("Westshire police and crime panel"): "Membership and subgroups" is none
        return None
    lab = body_label(name)
    if lab and lab[0] == "Board":
        return name, lab[1]
    return None


def _placed(name: str) -> bool:
    """Whether ``name`` starts with a place's name."""
    from kg.extract.area import places

    hits = places().find(name)
    return bool(hits) and hits[0][0] == 0


def _tail_board(text: str) -> tuple[str, dict[str, Any]] | None:
    """The board named at the end of a title line that says it is a record, after whatever page
    furniture a PDF copy ran into it ("... Agenda item a2 Westby Safety Board Meeting Minutes").

    >>> _tail_board("WORKING TOGETHER Agenda item a2 Westby Safety Board Meeting Minutes")
    ('Westby Safety Board', {'kind': 'board'})
    """
    from kg.extract.bodies import find_bodies

    t = re.sub(r"\s+(?:meeting\s+)?(?:minutes|notes)\s*$|\s+meeting\s*$", "", text.rstrip(), flags=re.I)
    hits = [h for h in find_bodies(t) if h[2] == "Board" and not t[h[1]:].strip(" ,.:;–—-")]
    return (hits[-1][3], hits[-1][4]) if hits else None


def meeting_body(text: str) -> tuple[str, dict[str, Any]] | None:
    """The body a meeting or a chair's election names: a board, else a council or an authority in
    session (:func:`body_in_session`)."""
    return board_name(text) or body_in_session(text)


def body_in_session(text: str) -> tuple[str, dict[str, Any]] | None:
    """A council or an authority whose own meeting a paper records ("Minutes of the Meeting of
    Westby Town Council held on ...", "Chair of the Westby Fire and Rescue Authority"): its members
    in session are the body that meets, a board of kind committee.

    >>> body_in_session("Westby Town Council")
    ('Westby Town Council', {'kind': 'committee'})
    >>> body_in_session("Westby Police") is None, body_in_session("the Council") is None
    (True, True)
    >>> body_in_session("Westby Fire and Rescue Authority")
    ('Westby Fire and Rescue Authority', {'kind': 'committee'})
    """
    name = _english(title_case(plain(text).strip(" ,.;:–—-")))
    name = re.sub(r"^(?:the)\s+", "", name, flags=re.I)
    if len(name.split()) > 8:
        return None
    if name.endswith(" Authority") and body_label(name) is not None and not _FULL_AUTHORITY.match(name):
        return name, {"kind": "committee"}  # "Westby Fire and Rescue Authority": its members meet as one
    if not name.endswith(" Council") or _generic_council(name):
        return None
    lab = body_label(name)
    if lab is None or lab[1].get("sector") != "local_government":
        return None
    return name, {"kind": "committee"}


_FIELD_KEY = re.compile(r"^\s*[A-Z][A-Z ]{1,20}:\s*(?=[A-Z])")
_OWN_ACRONYM = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z&]{1,7})\)\s*$")
_ACRONYM_HEAD = re.compile(r"^[A-Z][A-Z&]{1,7}$")


def _title_acronym(ctx: Context, blocks: list[Block], head: str) -> tuple[str, dict[str, Any]] | None:
    """The board an acronym stands for, when a line of the title block defines it
    ("Westby Executive Board (WEB)" over "WEB Minutes - 12 May 2014")."""
    if not _ACRONYM_HEAD.match(head.strip()):
        return None
    for b in blocks[:_TITLE_BLOCK_LINES]:
        m = _OWN_ACRONYM.search(plain(b.text))
        if m and m.group("acr") == head.strip():
            got = board_name(plain(b.text)[: m.start()])
            if got:
                return got
    return None


def _own(ctx: Context, got: tuple[str, dict[str, Any]] | None) -> tuple[str, dict[str, Any]] | None:
    """A header naming the document's own board by a shorter name ("COMMUNITY SAFETY PARTNERSHIP"
    in the page header of the Westby Community Safety Partnership's pack) means that board."""
    own = ctx.paper.board
    if got and own and own != got[0] and own.lower().endswith(" " + got[0].lower()):
        return own, ctx.paper.boards.get(own, got[1])
    if got and own and own != got[0] and got[0].lower().endswith(" " + own.lower()):
        return own, ctx.paper.boards.get(own, got[1])  # the name after words in another language
    return got


def _mark(ctx: Context, offset: int, board: str | None, meeting: str | None) -> None:
    ctx.paper.meeting_marks.append((offset, board, meeting))


def meeting_at(ctx: Context, offset: int) -> tuple[str | None, str | None]:
    """(board, meeting name) in force at ``offset`` of the text: the last header or minutes
    heading above it.

    >>> from kg.loaders.base import Document
    >>> c = Context(Document.from_text("x.txt", "x"))
    >>> c.paper.meeting_marks = [(0, "B", "B 2026-01-01")]
    >>> meeting_at(c, 5)
    ('B', 'B 2026-01-01')
    """
    marks = ctx.paper.meeting_marks or []
    # the offsets of the marks, kept while the marks list is unchanged (a fresh list per call would
    # make every look-up cost the number of meetings: quadratic in a long document)
    cached = ctx.memo.get("_mark_starts")
    if cached is None or cached[0] is not marks or cached[1] != len(marks):
        cached = (marks, len(marks), [m[0] for m in marks])
        ctx.memo["_mark_starts"] = cached
    i = bisect.bisect_right(cached[2], offset)
    if i == 0:
        return ctx.paper.board, None
    return marks[i - 1][1], marks[i - 1][2]


def _add_meeting(
    ctx: Context,
    board: str,
    bprops: dict[str, Any],
    iso: str,
    start: int,
    end: int,
    location: str | None = None,
) -> str:
    cite = ctx.cite(start, end)
    board = re.sub(r"['’]s$", "", board)  # "the Westby Board's meeting on <date>"
    bref = ctx.mention("Board", board, cite, bprops)
    name = f"{board} {iso}"
    props: dict[str, Any] = {"date": iso}
    if location:
        props["location"] = location
    mref = ctx.mention("Meeting", name, cite, props)
    ctx.fact("MEETING_OF", mref, bref, cite, date=iso)
    ctx.paper.meetings.setdefault(iso, name)
    ctx.paper.boards[board] = bprops
    if ctx.paper.board is None:
        ctx.paper.board = board
    return name


# a time range right after the date: the meeting's own hours
# a time range, or one time with am/pm ("7.00 pm COUNCIL CHAMBERS"), right after the date
_TIME_FIRST = re.compile(r"\s*,?\s*(?:at\s+)?\d{1,2}[.:]\d{2}\s*(?:(?:am|pm|a\.m\.|p\.m\.)?\s*(?:[-–—]|to|until)\s*"
                         r"\d{1,2}[.:]\d{2}|(?:am|pm|a\.m\.|p\.m\.)(?!\w)|(?-i:(?=[A-Z])))", re.I)
# a flattened table header before a meeting's date ("Date Time Venue Wednesday, 14 June 2026 18:00 ...")
_FIELD_WORDS = re.compile(r"^\s*(?:(?:date|time|venue|place|location)\b\s*(?:and\s+|&\s*)?:?\s*){2,}", re.I)


# a time or time range before the date of a meeting's date line, then the venue may follow
_TIME_LEAD = re.compile(r"\s*\d{1,2}[.:]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.|hrs|h)?\s*(?:(?:[-–—]|to|until)\s*"
                        r"\d{1,2}[.:]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.|hrs|h)?)?\s*[,;]?\s*", re.I)


def _date_only(text: str) -> str | None:
    """ISO date of a line that is (nearly) only a date: "Thursday, 25 June 2026 at 10.00 am"."""
    t = plain(text)
    fw = _FIELD_WORDS.match(t)
    t = t[fw.end():] if fw else t
    ds = parse_date(t)
    if not ds:
        return None
    s, e, iso = ds[0]
    left = t[:s] + " " + t[e:]
    left = re.sub(
        r"\b(?:at|from)?\s*\d{1,2}[.:]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?|\b\d{1,2}\s*(?:am|pm)\b",
        " ",
        left,
        flags=re.I,
    )
    # "To be held on 26th March 2015 at 3.00pm-5.03pm,": the words that say it is the meeting's date
    left = re.sub(r"^\s*(?:(?:to\s+be\s+|was\s+|will\s+be\s+)?held\s+(?:on\s+)?|date\s*:)", " ", left, flags=re.I)
    if _TIME_LEAD.fullmatch(t[:s]):
        return iso if len(iso) == 10 else None  # "12:30 – 13:20hrs, Wednesday 18th December 2026 Police HQ"
    if not t[:s].strip(" ,.:;") and (re.match(r"\s*(?:,|\bat\b|\bin\b|[-–])", t[e:]) or _TIME_FIRST.match(t[e:])):
        # "6th May 2026, Council Chamber, Westby", "6 May 2026 14:00 – 16:00 Room 2": the date, then the venue
        return iso if len(iso) == 10 else None
    if len([w for w in left.split() if re.search(r"\w", w)]) > _DATE_LINE_MAX_WORDS:
        return None
    return iso if len(iso) == 10 else None


def _title_line(blocks: list[Block], i: int) -> bool:
    """A short line of the paper's title block (its first lines), whatever its markup: committee
    systems print "<Board> - <weekday>, <date> <time>" or the board's name over a date line as
    plain text."""
    b = blocks[i]
    if i >= _TITLE_BLOCK_LINES or b.kind != "paragraph" or _KEY_VALUE.match(b.text):
        return False  # "Meeting: X" lines are the front sheet's fields
    # a longer first line may still be the title when it says it records a meeting
    # ("<Board> Minutes of the Board Meeting Thursday 21 January 2021 (held via ...)")
    return len(b.text) <= _TITLE_LINE_MAX_CHARS or (
        len(b.text) <= _LONG_TITLE_MAX_CHARS and _RECORD_WORDS.search(b.text) is not None)


def _meeting_line_date(text: str) -> str | None:
    """The date of a short title line that says it is a meeting ("4th Business Meeting 13:00pm
    Thursday 30th June 2022 Notes of Meeting")."""
    t = plain(text)
    if len(t) > _TITLE_LINE_MAX_CHARS or not _MEETING_WORD.search(t):
        return None
    ds = parse_date(t)
    return ds[0][2] if ds and len(ds[0][2]) == 10 else None


def _head_before_date(text: str) -> str:
    """What names the board in the words before a meeting's date: without the weekday, what the
    paper is ("Minutes") and the meeting's number.

    >>> _head_before_date("Westby Board Minutes - Meeting 2 Friday, ")
    'Westby Board'
    """
    head = re.split(r"\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b,?\s*$", text.strip(),
                    flags=re.I)[0]
    return re.sub(r"\s+(?:no\.?\s*)?\d{1,3}$", "", _RECORD_TAIL.sub("", head))  # "<Board> Meeting 2 <date>"


_BEFORE_DASH = re.compile(r"^(?P<name>.+?)\s+[-–—]\s*(?P<day>(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?$",
                          re.I)
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_TITLE_JOIN_WORDS = {"and", "of", "for", "the", "&", "on", "-", "–", "—"}
_COMMITTEE_TITLE_MAX_WORDS = 8


def _committee_before_dash(text: str, weekday: bool = False) -> tuple[str, dict[str, Any]] | None:
    """A council committee's own name before " - <date>", as council web pages title a meeting
    ("Scrutiny Committee - Community - Monday 7 June 2026", "Cabinet - Tuesday 3 March 2026"): the
    words in title case, one of them a board's head word, stand for the committee though they name no
    place.

    >>> _committee_before_dash("Scrutiny Committee - Community - Monday ")
    ('Scrutiny Committee - Community', {'kind': 'committee'})
    >>> _committee_before_dash("Cabinet - "), _committee_before_dash("Report on crime - ")
    (('Cabinet', {'kind': 'executive'}), None)

    The weekday after the dash makes the line a meeting's title whatever the words name ("Crime and
    Disorder Scrutiny - Monday, 8 March 2026": a committee):

    >>> _committee_before_dash("Crime and Disorder Scrutiny - Monday, ")
    ('Crime and Disorder Scrutiny', {'kind': 'committee'})
    """
    m = _BEFORE_DASH.match(plain(text).strip())
    if m is None:
        return None
    return committee_title(m.group("name").strip(), dated=weekday or m.group("day") is not None)


def committee_title(name: str, dated: bool = False) -> tuple[str, dict[str, Any]] | None:
    """A council committee's name as its meeting pages title it: a few words in title case (a word in
    brackets too: "Cabinet (Resources) Panel"), one of them a board's head word, or any such words when
    the title gives the meeting's weekday and date (``dated``).

    >>> committee_title("Cabinet (Resources) Panel")
    ('Cabinet (Resources) Panel', {'kind': 'executive'})
    >>> committee_title("Report on crime") is None
    True
    """
    from kg.extract.bodies import vocab

    words = name.split()
    if not words or len(words) > _COMMITTEE_TITLE_MAX_WORDS or _RECORD_WORDS.match(name):
        return None
    if not all(w.lstrip("(")[:1].isupper() or w.lower() in _TITLE_JOIN_WORDS for w in words):
        return None
    heads = vocab()["board_heads"]
    kinds = [heads[w.strip("()").lower()] for w in words if w.strip("()").lower() in heads]
    if kinds:
        return name, {"kind": kinds[0]}
    return (name, {"kind": "committee"}) if dated and len(words) > 1 else None


_FULLER_LINES = 4  # how far below a title line naming a board generically its full name may stand


def _fuller_below(blocks: list[Block], i: int, got: tuple[str, dict[str, Any]] | None
                  ) -> tuple[str, dict[str, Any]] | None:
    """A web page's title naming the board generically ("Fire Authority (FA) Committee Minutes 11
    February 2026") over the paper's own heading naming it in full ("WESTBY FIRE AND RESCUE
    AUTHORITY"): the full name, when it ends with a word of the title's name, shares two of its
    words and has words more."""
    from kg.extract.area import places

    if got is None or i >= _TITLE_BLOCK_LINES or places().find(got[0]):
        return got
    words = {w.lower() for w in re.sub(r"\s*\([^)]*\)", "", got[0]).split()}
    for b in blocks[i + 1:i + 1 + _FULLER_LINES]:
        if b.kind not in ("heading", "paragraph") or len(b.text) > _TITLE_LINE_MAX_CHARS:
            continue
        full = meeting_body(plain(b.text))
        if full is None:
            continue
        full_words = {w.lower() for w in full[0].split()}
        # the same kind of body ("Fire ... Authority") named with more words: its full name
        if full[0].split()[-1].lower() in words and len(words & full_words) >= 2 and full_words - words:
            return full
    return got


def _header(ctx: Context, blocks: list[Block], i: int) -> bool:
    """An agenda/report header: a heading naming a board, then (within a few lines) a date."""
    b = blocks[i]
    if b.kind != "heading" and not _title_line(blocks, i) or b.meta.get("opens"):
        return False
    if b.kind != "heading" and "£" in b.text:
        return False  # a news headline with an amount ("... Awards £50,000 to Local Groups"), not a header
    t = _MINUTES_OF.sub("", re.sub(r"^\s*minutes?\s*[-–—:]\s*", "", plain(b.text), flags=re.I))
    if (
        i
        and blocks[i - 1].kind in ("heading", "paragraph")
        and ctx.doc.text.count("\n", blocks[i - 1].end, b.start) == 1
        and re.search(r"(?:\b(?:and|of|for|the)|[&,])$", plain(blocks[i - 1].text), re.I)
    ):
        t = f"{plain(blocks[i - 1].text)} {t}"  # a heading broken over two lines
    ds = parse_date(t)
    if ds and len(ds[0][2]) >= 10:
        head = _head_before_date(t[: ds[0][0]])
        # "<BOARD> MEETING <venue> <date>": the board's name ends at the word meeting
        parts = re.split(r"\s+meeting\b", head, maxsplit=1, flags=re.I)
        venue = len(parts) == 2 and re.search(r"\b[A-Z][\w'’-]+", parts[1]) and not _RECORD_WORDS.match(parts[0])
        cut = re.sub(r"\s*\([A-Z&]{2,8}\)$", "", parts[0]) if venue else ""
        got = _own(ctx, board_name(head) or _title_acronym(ctx, blocks, head) or (board_name(cut) if cut else None)
                   # "Minutes of the Annual Parish Council Meeting – <date>": the one council the paper names
                   or _full_council(ctx, _without_lead_kind(head))
                   or _committee_before_dash(t[: ds[0][0]], weekday=_WEEKDAY.match(t[ds[0][0]:]) is not None))
        got = _fuller_below(blocks, i, got)
        if got:
            _mark(ctx, b.start, got[0], _add_meeting(ctx, got[0], got[1], ds[0][2], b.start, b.end))
            return True
        return False
    got = _own(ctx, board_name(t) or board_name(_RECORD_TAIL.sub("", t))  # "<Board> Minutes"
               or _tail_board(t) if _RECORD_TAIL.search(t) else board_name(t) or _board_meeting_of(t)
               or board_name(_without_kind(t))  # "<Board> Business Meeting": the kind of meeting is no name
               # "Minutes of Westby Parish Council meeting" over "Date: ...": the council in session
               or (body_in_session(_without_kind(t)) if _MINUTES_OF.match(plain(b.text)) else None))
    if not got:
        return False
    for j in range(i + 1, min(i + 5, len(blocks))):
        nb = blocks[j]
        if nb.kind not in ("heading", "paragraph"):
            break
        if plain(nb.text).strip() == plain(b.text).strip():
            continue  # the title printed twice (a page header and the title itself)
        iso = _date_only(nb.text) or (_meeting_line_date(nb.text) if _title_line(blocks, i)
                                      and not _OTHER_MEETING.search(nb.text) else None)
        if iso:
            _mark(ctx, b.start, got[0], _add_meeting(ctx, got[0], got[1], iso, b.start, nb.end))
            return True
        if nb.kind != "heading" and not _RECORD_LINE.match(plain(nb.text)):
            break  # a line that only says what the paper is ("Draft Minutes") may stand before the date
    if ctx.paper.board is None:
        ctx.paper.board = got[0]
    marks = ctx.paper.meeting_marks
    if marks and marks[-1][1] == got[0] and marks[-1][2] is not None:
        return True  # the board's name again under "<Board> Minutes - <date>": that meeting goes on
    _mark(ctx, b.start, got[0], None)
    return True


_MEETING_DASH = re.compile(r"\s+meeting\s*[-–—:]\s*(?=\w)", re.I)


def _board_meeting_of(text: str) -> tuple[str, dict[str, Any]] | None:
    """A title "<Board> Meeting – <district or subject>": the board before the word meeting.

    >>> _board_meeting_of("Westby Safety Panel Meeting – North District")
    ('Westby Safety Panel', {'kind': 'panel'})
    """
    m = _MEETING_DASH.search(text)
    return board_name(text[:m.start()]) if m else None


def _front_sheet(ctx: Context, blocks: list[Block], i: int) -> bool:
    """ "Meeting: Westby Licensing Committee" followed by "Date: Monday 4 May 2026"."""
    fm = _FIELD.match(plain(blocks[i].text))
    if not fm or fm.group(1).lower() == "date":
        return False
    if fm.group(1).lower() == "meeting" and _dated_item(ctx, blocks[i], fm.group(2)):
        return True
    got = _own(ctx, board_name(fm.group(2)))
    if not got:
        return False
    for j in range(i + 1, min(i + 6, len(blocks))):
        dm = _FIELD.match(plain(blocks[j].text))
        if dm and dm.group(1).lower() == "date":
            ds = parse_date(dm.group(2))
            if ds and len(ds[0][2]) == 10:
                b = blocks[i]
                _mark(ctx, b.start, got[0], _add_meeting(ctx, got[0], got[1], ds[0][2], b.start, blocks[j].end))
                return True
    return False


_ITEM_OF = re.compile(r"^\s*[-–—]\s*(?P<name>.+?)(?:\s*\(\s*item\s+[\w.]+\s*\))?\s*$", re.I)


def _dated_item(ctx: Context, b: Block, value: str) -> bool:
    """A decision page's "Meeting: 03/11/2026 - Cabinet (Item 5)": the committee's meeting of that
    date (the item's number is not part of the name)."""
    if len(value) > _TITLE_LINE_MAX_CHARS:
        return False
    ds = parse_date(value)
    if not ds or ds[0][0] != 0 or len(ds[0][2]) != 10:
        return False
    m = _ITEM_OF.match(value[ds[0][1]:])
    got = _own(ctx, (board_name(m.group("name")) or committee_title(m.group("name")))) if m else None
    if got is None:
        return False
    _mark(ctx, b.start, got[0], _add_meeting(ctx, got[0], got[1], ds[0][2], b.start, b.end))
    return True


_HELD_LINE = re.compile(r"^\s*(?:held|which\s+took\s+place)\b", re.I)


def _with_held_line(ctx: Context, blocks: list[Block], i: int) -> Block:
    """The block, joined to the next line when the title breaks before "held" ("Minutes of an
    Ordinary Meeting of Westby Parish Council" / "held at the Hall on Tuesday 19 December 2026")."""
    b = blocks[i]
    if i + 1 >= len(blocks) or not _HELD_LINE.match(blocks[i + 1].text) or "held" in b.text.lower():
        return b
    nxt = blocks[i + 1]
    return dataclasses.replace(b, end=nxt.end, text=re.sub(r"\s", " ", ctx.doc.text[b.start:nxt.end]))


_LETTERS_AFTER = re.compile(r"\s*\([A-Z][A-Za-z&]{1,7}\)\s*$")  # "Westby Community Council (WCC)"


def _minutes(ctx: Context, b: Block) -> bool:
    m = _MINUTES.search(b.text)
    if not m:
        return False
    named = _without_kind(_LETTERS_AFTER.sub("", m.group("body") or m.group("body2") or m.group("body3") or ""))
    got = meeting_body(named) or _full_council(ctx, named)
    ds = parse_date(m.group("rest"))
    if not got or not ds:
        return False
    rest = m.group("rest")
    loc = None
    lm = re.match(r"(?:at|in|via)\s+(.+?)\s+on\s*$", rest[: ds[0][0]].strip() + " ", re.I)
    if lm is None:
        lm = re.match(r"(?:at|in|via)\s+(.+?),?\s+on\b", rest[: ds[0][0]], re.I)
    if lm:
        loc = lm.group(1).strip(" ,")
    _mark(ctx, b.start, got[0], _add_meeting(ctx, got[0], got[1], ds[0][2], b.start, b.end, loc))
    return True


_OWN_MINUTES = re.compile(r"^\s*(?:\*\*)?(?:draft\s+|confirmed\s+|unconfirmed\s+|provisional\s+|approved\s+)?"
                          r"(?:minutes?|notes)\s+of\s+(?:(?:the|a)\s+)?"
                          r"(?:\w+\s+)?meeting\s+(?P<council>of\s+(?:the\s+)?(?:full\s+|town\s+|parish\s+|community\s+"
                          r"|city\s+|borough\s+|county\s+|district\s+)?council\s+)?"
                          r"(?:held|which\s+took\s+place)\b", re.I)


def _title_board(ctx: Context, blocks: list[Block], i: int) -> tuple[str, dict[str, Any]] | None:
    """The board a title block names: the paper's own board once known, else the first of its first
    lines that is a board's name."""
    if ctx.paper.board:
        return ctx.paper.board, ctx.paper.boards.get(ctx.paper.board, {"kind": "board"})
    heads = [re.sub(r"^\s*minutes?\s*[-–—:]\s*", "", plain(b.text), flags=re.I)
             for b in blocks[: min(i, _TITLE_BLOCK_LINES)]]
    for head in heads:
        got = board_name(head)
        if got:
            return got
    # a council's name alone at the head of its own minutes ("Westby Parish Council", then "Minutes of
    # meeting held on ..."), when no line above names a board of its own: the council in session
    return next((got for head in heads for got in [body_in_session(head)] if got), None)


_UNNAMED_TITLE_MAX = 120  # the longest title line of minutes that name no board
_BOARD_NAMED_LINES = 40  # how far below an unnamed meeting's heading its board may be named
_OF_BOARD = re.compile(r"\b(?:[Cc]hair(?:man|person)?|[Mm]eeting|[Mm]embers?)\s+of\s+(?:the\s+)?"
                       r"(?P<name>[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|and|of|for|&))*)")


def _board_named_in(blocks: list[Block]) -> tuple[str, dict[str, Any]] | None:
    """The board of minutes whose title names none ("Minute of meeting held on ..."), from the
    first lines that name one as the chair's, the meeting's or the members' ("his first meeting as
    Chair of the Westby Partnership"): the board named so most often, the first on a tie."""
    seen: dict[str, tuple[int, tuple[str, dict[str, Any]]]] = {}
    for b in blocks:
        for m in _OF_BOARD.finditer(b.text):
            got = board_name(re.sub(r"\s+(?:and|of|for|&)$", "", m.group("name")))
            if got:
                n = seen.get(got[0], (0, got))[0]
                seen[got[0]] = (n + 1, got)
    if not seen:
        return None
    return max(seen.values(), key=lambda v: v[0])[1]


# "Westby Community Council Minutes of the Meeting held on 2 March 2026 ...": the body's name, then
# the words that say these are the minutes of its meeting, on one line
_NAMED_MINUTES = re.compile(r"\s*(?P<body>[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|and|of|for|&)){1,10}?)\s+"
                            r"(?i:(?:draft\s+|unconfirmed\s+)?minutes?\s+of\s+(?:(?:the|a|an)\s+)?(?:\w+\s+)?meeting\s+"
                            r"(?:held|which\s+took\s+place)\b)")
_NAMED_MINUTES_CHARS = 300  # how far into the title line the date is looked for


def _named_minutes(ctx: Context, blocks: list[Block], i: int) -> bool:
    """A title line that names the body and then says it is the minutes of its meeting held on a
    date ("Westby Community Council Minutes of the Meeting held on 2nd March 2026 at ..."), as a
    page flattened onto one line writes it: that body's (a board's, or a council in session) meeting."""
    b = blocks[i]
    if i >= _TITLE_BLOCK_LINES or any(mk[2] is not None for mk in ctx.paper.meeting_marks or []):
        return False
    m = _NAMED_MINUTES.match(plain(b.text)[:_NAMED_MINUTES_CHARS])
    if m is None:
        return False
    got = meeting_body(m.group("body"))
    ds = [d for d in parse_date(plain(b.text)[m.end():_NAMED_MINUTES_CHARS]) if len(d[2]) == 10]
    if not got or not ds:
        return False
    _mark(ctx, b.start, got[0], _add_meeting(ctx, got[0], got[1], ds[0][2], b.start, b.end))
    if ctx.paper.board is None:
        ctx.paper.board = got[0]
    return True


def _own_minutes(ctx: Context, blocks: list[Block], i: int) -> bool:
    """ "Minutes of the meeting held on Monday 2 March 2009 in ..." under a title naming the board
    (the date may run onto the next line): a meeting of that board."""
    b = blocks[i]
    if not _OWN_MINUTES.match(b.text) or i >= _TITLE_BLOCK_LINES:
        return False
    if any(mk[2] is not None for mk in ctx.paper.meeting_marks or []):
        return False  # a meeting is in force: "Minutes of the meeting held on ..." is an item about the last one
    om = _OWN_MINUTES.match(b.text)
    got = _title_board(ctx, blocks, i) or _board_named_in(blocks[i:i + _BOARD_NAMED_LINES]) or \
        (_sole_council(ctx, blocks) if om and om.group("council") else None)
    end = b.end
    ds = parse_date(plain(b.text))
    if not ds and i + 1 < len(blocks):
        end = blocks[i + 1].end
        ds = parse_date(plain(ctx.doc.text[b.start:end]))
    if not ds or len(ds[0][2]) != 10:
        return False
    if not got:
        if _OTHER_MEETING.search(b.text) or len(b.text) > _UNNAMED_TITLE_MAX:
            return False  # "Minutes of the previous meeting held on ... were approved": not this one
        # minutes that never name their board (its name was on a cover page not kept): the meeting
        # is known by its date and the paper that records it, and has no MEETING_OF
        _mark(ctx, b.start, None, _unnamed_meeting(ctx, ds[0][2], b.start, end))
        return True
    _mark(ctx, b.start, got[0], _add_meeting(ctx, got[0], got[1], ds[0][2], b.start, end))
    if ctx.paper.board is None:
        ctx.paper.board = got[0]
    return True


def _sole_council(ctx: Context, blocks: list[Block]) -> tuple[str, dict[str, Any]] | None:
    """ "Minutes of the Meeting of Council held on ...": the one council the paper names, in session."""
    return _sole_body(blocks, _COUNCIL_NAME)


_FULL_COUNCIL = re.compile(r"^\s*(?:the\s+)?full\s+council\s*$", re.I)
_FULL_AUTHORITY = re.compile(r"^\s*(?:the\s+)?full\s+(?:fire\s+)?authority\s*$", re.I)
_AUTHORITY_NAME = quick(r"\b(?:[A-Z][\w'’-]+\s+(?:(?:and|&)\s+)?){1,6}Authority\b")


_CAPS_RUN = re.compile(r"\b[A-Z][A-Z'’&-]+(?:\s+(?:[A-Z][A-Z'’&-]*|&))+\b")


def _names_in(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """The names ``pattern`` finds in ``text``, those in capitals too: each run of words in capitals
    is read apart, title-cased ("Home WESTBY FIRE AUTHORITY MINUTES": "Westby Fire Authority", not
    "Home Westby Fire Authority").

    >>> [m.group(0) for m in _names_in("Home WESTBY FIRE AUTHORITY MINUTES", _AUTHORITY_NAME)]
    ['Westby Fire Authority']
    """
    runs = list(_CAPS_RUN.finditer(text))
    if not runs:
        return list(pattern.finditer(text))
    out = [m for r in runs for m in pattern.finditer(title_case(r.group(0)))]
    return out + list(pattern.finditer(_CAPS_RUN.sub(" | ", text)))


def _sole_authority(blocks: list[Block]) -> tuple[str, dict[str, Any]] | None:
    """The one authority (fire and rescue, police, combined) the paper names, in session.

    >>> _sole_authority([Block("paragraph", 0, 0, "WEST COUNTY FIRE AND RESCUE AUTHORITY")])
    ('West County Fire and Rescue Authority', {'kind': 'committee'})
    """
    return _sole_body(blocks, _AUTHORITY_NAME)


def _sole_body(blocks: list[Block], pattern: re.Pattern[str]) -> tuple[str, dict[str, Any]] | None:
    """The one body in session whose names ``pattern`` finds in ``blocks``, or None when there are
    none or several. A heading in capitals ("WESTBY PARISH COUNCIL") is read in title case; words
    that say the kind of meeting ("the Annual Parish Council Meeting") and kinds of council ("Town
    Council") name no body."""
    names = {got[0] for b in blocks for m in _names_in(b.text, pattern)
             for got in [body_in_session(_without_lead_kind(m.group(0)))] if got and not _generic_council(got[0])}
    return (names.pop(), {"kind": "committee"}) if len(names) == 1 else None


def _full_council(ctx: Context, named: str) -> tuple[str, dict[str, Any]] | None:
    """ "Minutes of a Meeting of Full Council held on ...": the one council the paper names, in
    session; else the meeting body the paper calls "Full Council" (a town council's paper that names
    its town only in the venue). So too "Minutes of the Community Council Meeting": a council's
    own minutes that name it by its kind only.

    >>> from kg.loaders.base import Document
    >>> _full_council(Context(Document.from_text("m.txt", "x")), "the Community Council")
    ('Community Council', {'kind': 'committee'})
    """
    if _FULL_COUNCIL.match(named):
        return _sole_council(ctx, ctx.blocks) or ("Full Council", {"kind": "committee"})
    if _FULL_AUTHORITY.match(named):  # "the Full Authority": the one authority the paper names
        return _sole_authority(ctx.blocks)
    name = re.sub(r"^the\s+", "", " ".join(named.split()), flags=re.I)
    if not re.fullmatch(r"(?:[A-Z]\w+\s+){1,2}Council", name) or not _generic_council(name):
        return None
    return _sole_council(ctx, ctx.blocks) or (name, {"kind": "committee"})


def _without_kind(named: str) -> str:
    """A body's name without the words after it that say what kind of meeting it held ("Community
    Council virtual" -> "Community Council").

    >>> _without_kind("Westby Town Council extraordinary")
    'Westby Town Council'
    """
    words = named.split()
    kinds = set(people_vocab()["meeting_kinds"])
    while len(words) > 1 and words[-1].lower() in kinds:
        words.pop()
    return " ".join(words) if len(words) < len(named.split()) else named


def _without_lead_kind(named: str) -> str:
    """A body's name without the words before it that say what kind of meeting it held ("Annual
    Parish Council" -> "Parish Council").

    >>> _without_lead_kind("Annual Parish Council"), _without_lead_kind("Westby Council")
    ('Parish Council', 'Westby Council')
    """
    words = named.split()
    kinds = set(people_vocab()["meeting_kinds"]) | _GENERIC_LEAD  # "Last Full Council": no name either
    k = 0
    while k < len(words) - 1 and words[k].lower() in kinds:
        k += 1
    return " ".join(words[k:]) if k else named


def _generic_council(name: str) -> bool:
    """ "Town Council", "The Full Council": a kind of council, not one council's name."""
    from kg.extract.bodies import vocab

    tiers = vocab()["_tiers"] | {"community", "full", "the"}
    return all(w.lower() in tiers for w in name.split()[:-1])


_COUNCIL_NAME = quick(r"\b(?:[A-Z][\w'’-]+\s+){1,4}Council\b")


def _unnamed_meeting(ctx: Context, iso: str, start: int, end: int) -> str:
    """A meeting whose board the paper does not name: "Meeting <date> (<paper>)", so that two
    papers' unnamed meetings on one day stay two meetings."""
    name = f"Meeting {iso} ({ctx.doc.id})"
    ctx.mention("Meeting", name, ctx.cite(start, end), {"date": iso})
    return name


_OTHER_MEETING = re.compile(r"\b(?:previous|last|next|future|forthcoming|following|approved|agreed|confirmed)\b",
                            re.I)  # a line about another meeting than the one the paper records


def _mentions(ctx: Context, b: Block) -> tuple[str, str] | None:
    """Other meetings named in running text: "the next meeting of the Board ... on <date>"; the
    (board, meeting) of the first one named, or None."""
    text = b.text
    first: tuple[str, str] | None = None
    for m in _MEETING_WORD.finditer(text):
        window_end = min(len(text), m.end() + 110)
        after = text[m.end() : window_end]
        stop = re.search(r"[.;](?:\s|$)", after)
        after = after[: stop.start()] if stop else after
        ds = [d for d in parse_date(after) if len(d[2]) == 10] or _yearless(ctx, after)
        if not ds:
            continue
        # which body? "meeting of the X ...", or "X meeting", else the board in force
        body = None
        om = re.match(
            r"\s+of\s+(?:the\s+)?((?:[A-Z][\w'’&-]*|and|of|for|&)(?:\s+(?:[A-Z][\w'’&-]*|and|of|for|&))*)",
            text[m.end() :],
        )
        if om:
            body = om.group(1)
        else:
            pm = re.search(
                r"((?:[A-Z][\w'’&-]*|and|of|for|&)(?:\s+(?:[A-Z][\w'’&-]*|and|of|for|&))*)\s+$",
                text[max(0, m.start() - 120) : m.start()],
            )
            if pm:
                body = pm.group(1)
            else:
                lead = re.search(r"(\w+)\s+$", text[max(0, m.start() - 40) : m.start()])
                if not lead or lead.group(1).lower() not in _GENERIC_LEAD:
                    continue  # "this meeting", "a meeting": not clearly the board's own
        cur = meeting_at(ctx, b.start)[0] or ctx.paper.board  # "the Panel" before any meeting's header: the paper's
        if body and not _GENERIC.match(body.strip()):
            # a board, or a council or an authority in session; "the Annual Parish Council meeting":
            # the one council the paper names
            got = _full_council(ctx, _without_lead_kind(body)) or meeting_body(body)
            if not got:
                continue  # an unknown body: not a board meeting we can name
            name, props = got
            if cur and cur.lower().endswith(name.lower()):
                name, props = cur, ctx.paper.boards.get(cur, props)
        else:
            if not cur:
                continue
            name, props = cur, ctx.paper.boards.get(cur, {"kind": "board"})
        d = ds[0]
        added = _add_meeting(
            ctx,
            name,
            props,
            d[2],
            b.start,  # cite the sentence from its block's start to the date
            b.start + m.end() + d[1],
        )
        first = first or (name, added)
    return first


# "considered by the Westby Panel on 9 June 2025", "supported by the Panel at a meeting on 30 October"
# (the verb in any case: "Considered by the Complaints Sub-Committee on 21 January 2026" opens a line);
# "At the Policy and Resources Committee on 28 June 2026, ..."
_BY_BOARD_ON = re.compile(
    r"\b(?:(?i:considered|supported|approved|agreed|endorsed|discussed|noted|reviewed|presented\s+to|reported\s+to|"
    r"submitted\s+to)\s+(?:by\s+)?|[Aa]t\s+(?=the\s))(?:the\s+)?(?P<body>(?:[A-Z][\w'’&-]*)(?:\s+(?:[A-Z][\w'’&-]*|and|"
    r"of|for|&))*)(?:\s+at\s+(?:a|its|their)\s+meeting|\s+meeting)?\s+(?:held\s+)?on\s+(?:the\s+)?(?=\d)")
# "At their combined meeting on 18 September 2024, the X Board and the Y Partnership agreed"
_AT_MEETING_ON = re.compile(r"\b[Aa]t\s+(?:its|their)\s+(?:combined\s+|joint\s+|last\s+|recent\s+)?meeting\s+"
                            r"(?:held\s+)?on\s+(?:the\s+)?(?=\d)")


_WHO_DECIDED = re.compile(r"\s*,\s*(?:the\s+)?(?P<a>[A-Z][^,;.]*?)\s+"
                          r"(?:agreed|resolved|decided|noted|approved|considered)\b")


def _decided_on(ctx: Context, b: Block) -> None:
    """Meetings of a named board that a sentence says considered something on a date."""
    text = b.text
    for m in _BY_BOARD_ON.finditer(text):
        ds = [d for d in parse_date(text[m.end(): m.end() + 40]) if len(d[2]) == 10 and d[0] == 0] or \
            [d for d in _yearless(ctx, text[m.end(): m.end() + 40]) if d[0] == 0]
        if not ds:
            continue
        body = m.group("body")
        cur, _ = meeting_at(ctx, b.start)
        if _GENERIC.match(body.strip()):
            if not cur:
                continue
            name, props = cur, ctx.paper.boards.get(cur, {"kind": "board"})
        else:
            got = board_name(body)
            if not got:
                continue
            name, props = got
            own = cur or ctx.paper.board
            if own and own.lower().endswith(name.lower()):  # "the Police and Crime Panel": this paper's
                name, props = own, ctx.paper.boards.get(own, props)
        _add_meeting(ctx, name, props, ds[0][2], b.start, b.start + m.end() + ds[0][1])
    for m in _AT_MEETING_ON.finditer(text):
        ds = [d for d in parse_date(text[m.end(): m.end() + 40]) if len(d[2]) == 10 and d[0] == 0]
        if not ds:
            continue
        rest = text[m.end() + ds[0][1]:]
        sm = _WHO_DECIDED.match(rest)
        if sm is None:
            continue
        for part in _board_list(sm.group("a")):
            got = board_name(part)
            if got:
                _add_meeting(ctx, got[0], got[1], ds[0][2], b.start, b.start + m.end() + ds[0][1] + sm.end())


def _yearless(ctx: Context, text: str) -> list[tuple[int, int, str]]:
    """Dates in ``text`` written with no year ("the meeting held on 16 September"), in the paper's
    year: that of the first meeting it records, else the year its opening lines name most. None
    when the paper gives no year (or ``text`` a full date, which :func:`parse_date` reads)."""
    if parse_date(text):
        return []
    year = ctx.memo.get("_paper_year")
    if year is None:
        own = next((iso for iso in ctx.paper.meetings), None)
        years = Counter(iso[:4] for _, _, iso in parse_date(ctx.doc.text[:_YEAR_HEAD_CHARS]))
        year = int(own[:4]) if own else (int(years.most_common(1)[0][0]) if years else 0)
        ctx.memo["_paper_year"] = year
    return parse_day_month(text, year) if year else []


_YEAR_HEAD_CHARS = 3000  # where a paper's own year is read when it records no dated meeting


def _board_list(text: str) -> list[str]:
    """ "the X Health and Wellbeing Board and the Y Partnership" -> the two names: split at an "and"
    only where the words before it are a board's name."""
    for am in re.finditer(r"\s+and\s+(?:the\s+)?", text):
        left = text[: am.start()]
        if board_name(left) is not None and board_name(text[am.end():]) is not None:
            return [left, text[am.end():]]
    return [text]


_FLAT_NAME_WORDS = 9  # the longest board name read before the date of a flattened page
_FLAT_HEAD_CHARS = 400  # where a page flattened to one line must give its board and date


def _flat_header(ctx: Context, blocks: list[Block], i: int) -> bool:
    """A page flattened to one long first line that opens "<BOARD> <weekday> <date> <time> <venue>
    ...": the board's meeting on that date."""
    b = blocks[i]
    if i >= 3 or b.kind != "paragraph" or len(b.text) <= _LONG_TITLE_MAX_CHARS:
        return False
    t = plain(b.text)[:_FLAT_HEAD_CHARS]
    for ds, de, iso in parse_date(t):
        if len(iso) != 10:
            continue
        head = _head_before_date(_MINUTES_OF.sub("", t[:ds]))
        words = head.split()
        cut = max((k + 1 for k, w in enumerate(words) if re.search(r"\d", w)), default=0)
        words = words[cut:]  # a name has no figures: it starts after the last one
        caps = 0
        while caps < len(words) and words[-1 - caps].isupper():
            caps += 1
        if caps >= 2:  # "... Civic Centre WESTBY POLICE AND CRIME PANEL Friday 9 May": the name in capitals
            words = words[-caps:]
        words = words[-_FLAT_NAME_WORDS:]
        # the board's name is the last words before the date ("... Published 4 May DEVON PANEL Friday 9 May")
        for k in range(min(14, len(words)), 1, -1):
            got = _own(ctx, board_name(" ".join(words[-k:])))
            if got:
                if ctx.paper.board is None:
                    ctx.paper.board = got[0]
                _mark(ctx, b.start, got[0], _add_meeting(ctx, got[0], got[1], iso, b.start, b.start + de))
                return True
    return False


def run_meetings(ctx: Context) -> None:
    """Find meetings; set ``ctx.paper`` board / meetings / meeting_marks."""
    blocks = ctx.blocks
    for i, b in enumerate(blocks):
        if (b.kind == "heading" or _title_line(blocks, i)) and _header(ctx, blocks, i):
            continue
        if _flat_header(ctx, blocks, i):
            continue
        if b.kind in ("paragraph", "heading") and (_minutes(ctx, _with_held_line(ctx, blocks, i))
                                                   or _own_minutes(ctx, blocks, i) or _named_minutes(ctx, blocks, i)):
            continue
        if b.kind in ("paragraph", "heading", "table_row") and ":" in b.text[:40] and _front_sheet(ctx, blocks, i):
            continue
        if b.kind in ("paragraph", "list_item", "agenda_item", "table_row", "heading") and "eeting" in b.text:
            if b.kind == "table_row":
                continue  # action logs: dates of rows are not meeting records we can name
            got = _mentions(ctx, b)
            if got and _title_line(blocks, i) and not any(mk[2] for mk in ctx.paper.meeting_marks) \
                    and not _OTHER_MEETING.search(b.text):
                # a title line naming a dated meeting ("Record of the X meeting of <date>"): the
                # meeting the paper records, whose attendance follows
                _mark(ctx, b.start, got[0], got[1])
        if b.kind in ("paragraph", "list_item", "table_row") and " on " in b.text:
            _decided_on(ctx, b)  # a log's row may say which board considered it and when
    marks = ctx.paper.meeting_marks or []
    marks.sort(key=lambda m: m[0])
    ctx.memo.pop("_mark_starts", None)  # re-ordered in place: meeting_at must rebuild its offsets
    _dated_title_only(ctx)
    marks.sort(key=lambda m: m[0])
    ctx.memo.pop("_mark_starts", None)


_DATE_KEY = re.compile(r"\bDate\s*:?\s+")


def _keyed_date(text: str) -> str | None:
    """The date after the word "Date" in a title block ("Scrutiny Committee Date 27 January 2026
    Minutes").

    >>> _keyed_date("Westby Committee Date 27 January 2026 Minutes")
    '2026-01-27'
    """
    for m in _DATE_KEY.finditer(text):
        ds = parse_date(text[m.end():m.end() + 40])
        if ds and ds[0][0] == 0 and len(ds[0][2]) == 10:
            return ds[0][2]
    return None


def _dated_title_only(ctx: Context) -> None:
    """Minutes whose title block has a date line and no board's name kg can read ("Full Authority",
    then "30 May 2026 - 10:00 to 11:30"): when the paper lists who attended and names no meeting
    above the list, the meeting is the one of that date (of the paper's board when it has one)."""
    blocks = ctx.blocks
    first_att = next((k for k, b in enumerate(blocks) if b.kind == "attendance"), None)
    if first_att is None or meeting_at(ctx, blocks[first_att].start)[1] is not None:
        return  # no list of who attended, or its meeting is named
    for b in blocks[: min(first_att, _TITLE_BLOCK_LINES)]:
        if b.kind not in ("paragraph", "heading", "contact") or _OTHER_MEETING.search(b.text):
            continue
        # (a date line under a contact's name is read as the contact's: a date alone is no one's name)
        iso = _date_only(b.text) or (_keyed_date(b.text) if b.kind != "contact" else None)
        if iso is None:
            continue
        board = ctx.paper.board
        name = _add_meeting(ctx, board, ctx.paper.boards.get(board, {"kind": "board"}), iso, b.start, b.end) \
            if board else _unnamed_meeting(ctx, iso, b.start, b.end)
        _mark(ctx, b.start, board, name)
        return


# -- attendance -------------------------------------------------------------


def _pairs(run: list[tuple[Block, list[Entry]]], bodies: list[Block]) -> None:
    """Two-column blocks: N name-only lines then N body-only lines: pair them up in order."""
    lone = [e for _, es in run for e in es if not e.org and not e.title]
    if lone and len(lone) == len(bodies):
        for e, bb in zip(lone, bodies, strict=True):
            name = strip_paren(plain(bb.text))
            lab = body_label(name)
            if lab:
                e.org, e.org_label, e.org_props = name, lab[0], lab[1]
                e.paired = bb  # type: ignore[attr-defined]


def _body_cell(b: Block, es: list[Entry]) -> bool:
    """Whether a line right under a lone name is that name's body cell: a body's name that is no
    other person ("Westby CBC", "Aneurin Bevan University Health Board")."""
    text = strip_paren(plain(b.text)).strip()
    if es and (es[0].person.honorific or starts_with_forename(es[0].person.name)):
        return False  # another person ("Jo Bloggs Westby Police" is a person with their body)
    return body_label(text) is not None


# an apologies line "Jo Bloggs - Ann Jones substituted": the first sent apologies, the second came
_SUBSTITUTED = re.compile(r"^\s*(?P<absent>.+?)\s+[-–—]\s+(?P<sub>.+?)\s+(?:substituted|deputised|attended)\b", re.I)


def _substitute(ctx: Context, b: Block, text: str) -> None:
    got = entries(text)
    board, meeting = meeting_at(ctx, b.start)
    if len(got) != 1 or not board:
        return
    cite = ctx.cite(b.start, b.end)
    pref = person_ref(ctx, got[0], cite)
    if meeting:
        ctx.fact("ATTENDED", pref, Ref("Meeting", meeting), cite, apologies=False)
    bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {}))
    ctx.fact("MEMBER_OF", pref, bref, cite, role="substitute")


def _lone(es: list[Entry] | None) -> bool:
    """A line that is one person's name alone (no title, no body)."""
    return es is not None and len(es) == 1 and not es[0].org and not es[0].title and not es[0].rest


def _alternating(order: list[tuple[Block, list[Entry] | None]]) -> bool:
    """One cell per line: a name line, then its body's line ("Pam Kelly (PK)" / "Westby Police").
    Pairs each lone name with the body line right after it, when a good share of names have one
    (a name with an empty body cell has none)."""
    pairs: list[tuple[Entry, Block]] = [(es[0], nxt) for (_b, es), (nxt, nes) in zip(order, order[1:], strict=False)
                                        if es is not None and _lone(es) and nes is None]
    lone = sum(1 for _, es in order if _lone(es))
    if len(pairs) < _MIN_PAIRS or _PAIR_SHARE * len(pairs) < lone:
        return False
    for e, bb in pairs:
        name = strip_paren(plain(bb.text))
        lab: tuple[str, dict[str, Any]] = body_label(name) or ("Organisation", {})
        e.org, e.org_label, e.org_props = name, lab[0], lab[1]
        e.paired = bb  # type: ignore[attr-defined]
    return True


_MIN_PAIRS = 3  # fewer name/body pairs are not a one-cell-per-line list
_PAIR_SHARE = 2  # at least one name in this many has its body line after it


def _is_entry_line(b: Block) -> bool:
    """A line that is only people with their title or body ("Ann Jones - Westby Police (Chair)")."""
    if b.kind not in ("paragraph", "list_item", "table_row") or _ACTING_LINE.search(b.text):
        return False
    got = entries(b.text)
    if len(got) >= _MIN_PAIRS and all(not e.rest and e.person.honorific for e in got):
        return True  # "Councillor A (Chairman); Councillors B, C and D": a run of councillors
    # every entry a person; most with a title or body (a body kg does not know is left in ``rest``)
    return bool(got) and 2 * sum(1 for e in got if not e.rest and (e.org or e.title or e.person.chair)) > len(got)


_ACTING_LINE = quick(r"[.:;]\s*$|\b(?:is|are|was|were|will|would|has|have|had)\b")
# the first item of minutes, under which those present may be listed with no heading of their own
_OPENING_ITEM = re.compile(r"^(?:welcome|introductions?|apologies|attendance)\b", re.I)
_HEADER_TAIL = 4  # lines of a meeting header (date, venue) that may stand between it and its list


def _implicit_present(ctx: Context) -> None:
    """Minutes that list the people present under the meeting's header with no heading of their
    own: the lines after the first meeting header of the title block, each only people with their
    titles or bodies, are read as a PRESENT list."""
    first = next((m for m in ctx.paper.meeting_marks if m[2] is not None), None)
    if first is None:
        return
    blocks = ctx.blocks
    i = next((k for k, b in enumerate(blocks) if b.start >= first[0]), None)
    if i is None or i >= _TITLE_BLOCK_LINES:
        return
    j = i + 1
    while j < len(blocks) and j <= i + _HEADER_TAIL and not _listed(blocks, j):
        if blocks[j].kind == "agenda_item" and _OPENING_ITEM.search(blocks[j].meta.get("title", "")):
            j += 1  # "1. Welcome, Apologies and Declarations" with the list of those present under it
            continue
        if blocks[j].kind in ("attendance", "agenda_item", "heading"):
            return
        j += 1
    council = (first[1] or "").endswith("Council")
    while j < len(blocks) and _listed(blocks, j):
        inline = _labelled_names(blocks[j])
        # a council's staff under its councillors ("C Jones, Acting Town Clerk"): officers, not members
        kind = "officer" if council and _staff_line(blocks[j]) else "present"
        blocks[j].kind = "attendance"
        blocks[j].meta = {**blocks[j].meta, "attendance": kind, "inline": inline}
        j += 1


def _listed(blocks: list[Block], j: int) -> bool:
    """Whether block ``j`` lists people: with their titles or bodies, under a label, after a plural
    honorific ("Cllrs B Austin, D Bretherton, ..."), or going on with such a list broken after a comma."""
    b = blocks[j]
    if _is_entry_line(b) or _labelled_names(b):
        return True
    if b.kind != "paragraph" or _ACTING_LINE.search(b.text):
        return False
    wrapped = j > 0 and blocks[j - 1].kind == "attendance" and blocks[j - 1].text.rstrip().endswith(",")
    if not (_PLURAL_HONORIFIC.match(b.text) or wrapped):
        return False
    lead = _PLURAL_HONORIFIC.match(blocks[j - 1].text) if wrapped else None
    got = entries(f"{lead.group(0).strip()} {b.text}" if lead else b.text)  # the honorific goes on over the break
    return len(got) >= (1 if wrapped else 2) and not any(e.rest for e in got)


_PLURAL_HONORIFIC = re.compile(r"\s*(?:Cllrs\.?|Councillors)\s+(?=[A-Z])")


_COUNCILLOR_HONORIFIC = re.compile(r"(?:Cllr|Councillor|Cyng)\b", re.I)


def _all_councillors(ctx: Context, b: Block) -> bool:
    """Whether every name listed in ``b`` carries the councillor's honorific (read once a block)."""
    memo: dict[int, bool] = ctx.memo.setdefault("_all_councillors", {})
    if b.start not in memo:
        got = entries(b.text[b.meta.get("inline") or 0:])
        memo[b.start] = bool(got) and all(_COUNCILLOR_HONORIFIC.match(x.person.honorific) for x in got)
    return memo[b.start]


def _staff_line(b: Block) -> bool:
    """A line of people each with a post and no honorific or body ("A Oughton, Asset Manager")."""
    got = entries(b.text)
    return bool(got) and all(e.title and not e.org and not e.person.honorific
                             and "councillor" not in e.title.lower() for e in got)


# "Westby Ward - Mr A. Jones, Mrs B. Patel": the members for a ward, an area or an agency, under its label
_LABELLED = re.compile(r"\s*(?P<label>[A-Z][\w'’&]*(?:\s+[\w'’&]+){0,4}?)\s+[-–—]\s+(?=\S)")


def _labelled_names(b: Block) -> int:
    """Where the names start in a line of people under a label of their ward or agency, each name
    with an honorific; 0 when the line is not one.

    >>> _labelled_names(Block("paragraph", 0, 40, "Westby Ward - Mr A. Jones, Mrs B. Patel"))
    14
    >>> _labelled_names(Block("paragraph", 0, 40, "Budget - the report was noted"))
    0
    """
    m = _LABELLED.match(b.text)
    if m is None or b.kind not in ("paragraph", "list_item"):
        return 0
    label = parse_person(m.group("label"), whole=True)
    if label is not None and label.honorific:
        return 0  # "Mr A Jones - Mrs B Patel": people, not a label
    got = entries(b.text[m.end():])
    return m.end() if got and all(e.person.honorific and not e.rest for e in got) else 0


_NOT_PRESENT = quick(r"\b(?:not\s+present|absent|did\s+not\s+attend|no\s+apologies\s+(?:given|received|sent))"
                     r"\s*\.?\s*$", re.I)


def run_attendance(ctx: Context) -> None:
    """ATTENDED / MEMBER_OF / HOLDS_ROLE from the attendance sections of minutes."""
    from kg.extract.column_grids import taken

    _implicit_present(ctx)
    blocks = [b for b in ctx.blocks if b.kind == "attendance" and not taken(ctx, b)]
    # group into runs: same attendance kind, consecutive in the block list
    runs: list[list[Block]] = []
    for b in blocks:
        if runs and runs[-1][-1].meta.get("attendance") == b.meta.get("attendance") and _adjacent(ctx, runs[-1][-1], b):
            runs[-1].append(b)
        else:
            runs.append([b])
    for run in runs:
        run = _rewrap(ctx, run)
        kind = run[0].meta["attendance"]
        parsed: list[tuple[Block, list[Entry]]] = []
        body_lines: list[Block] = []
        order: list[tuple[Block, list[Entry] | None]] = []
        # the body a "Representing Westby Council:" line (or a numbered group heading "1.1 Westby
        # Council" right above the run) says the names under it sit for
        group = _group_heading(ctx, run[0])
        for b in run:
            off = _bullet_end(b.text, b.meta.get("inline", 0))
            gm = _GROUP_HEAD.match(plain(b.text[off:]))
            if gm and _group_body(strip_paren(gm.group("body"))) is not None:
                group = strip_paren(gm.group("body"))
                _member_body(ctx, b, group, kind)
                continue
            if group:
                b.meta = {**b.meta, "representing": group}
            sm = _SUBSTITUTED.match(plain(b.text[off:]))
            if sm and kind == "apologies":
                _substitute(ctx, b, sm.group("sub"))  # "A - B substituted": B came in A's place
                es = entries(sm.group("absent"), base=b.start)
            elif b.cells and not off:  # a row of a table (TAB, " / " or space-set cells)
                # " / " cells are read as written: one entry, cell by cell
                slashed = "\t" not in b.text and CELL_SLASH.search(b.text) is not None
                es = entries(b.text if slashed else "\t".join(b.cells), base=b.start)
            elif off and _nobody(b.text[off:]):
                es = []  # "Apologies: None Minutes of the previous meeting: ...": an empty list
            else:
                listed = b.text[off:off + list_end(b.text[off:])] if off else b.text
                es = entries(listed, base=b.start + off)
                flat = flattened_run(listed)
                if len(flat) >= 2 * max(1, len(es)):
                    es = flat  # a table flattened onto one line: a list reader took it for fewer people
            if order and _lone(order[-1][1]) and _body_cell(b, es):
                order.append((b, None))  # the line under a lone name is that name's body
                body_lines.append(b)
            elif es:
                parsed.append((b, es))
                order.append((b, es))
            elif body_label(strip_paren(plain(b.text))):
                body_lines.append(b)
                order.append((b, None))
        if not _alternating(order):
            _pairs(parsed, body_lines)
        _ward_after_hyphen(parsed)
        for b, es in parsed:
            board, meeting = meeting_at(ctx, b.start)
            # "Councillor A Jones not present" under the apologies: absent, no apologies sent
            line_kind = "absent" if len(es) == 1 and _NOT_PRESENT.search(plain(b.text)) else kind
            if line_kind == "chair":  # "In the Chair: Cllr A Jones": present, in the chair (the lines
                line_kind = "present"  # under the key's own line are the others present)
                for e in es if b is parsed[0][0] else ():
                    e.person.chair = e.person.chair or "chair"
            if b.meta.get("key_title"):  # "Clerk: Mrs E Green" inside a list: the key is her post
                for e in es:
                    e.title = e.title or b.meta["key_title"]
            for e in es:
                attend(ctx, b, e, line_kind, board, meeting)


# "Ann Jones-Mid and Upper Westdale": a member with the ward she sits for run onto her surname
_WARD_LINE = re.compile(r"\s*(?:[A-Z][\w'’.]*\s+){1,3}[A-Z][\w'’]+-"
                        r"(?P<ward>[A-Z][\w'’]+(?:\s+(?:and\s+)?[A-Z][\w'’]+)+)\s*")
_NAME_WARD = re.compile(r"^(?P<name>(?:[^\s-]+\s+){1,3}[A-Z][\w'’]+)-(?P<ward>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)*)$")
_WARD_LINES = 2  # lines of a list so written before a hyphen after a surname is read as a ward's


def _ward_after_hyphen(parsed: list[tuple[Block, list[Entry]]]) -> None:
    """A list of members each written "Name-Ward", some wards of several words ("Ann Jones-Mid
    Westdale"): the hyphen starts the ward, not a double surname, in every line of the list.

    >>> from kg.extract.people import parse_person
    >>> rows = [(Block("attendance", 0, 0, t), [Entry(person=parse_person(t))]) for t in
    ...         ("Ann Jones-Mid Westdale", "Bob Lee-North Vale", "Cy Hart-Abbey")]
    >>> _ward_after_hyphen(rows); [es[0].person.name for _, es in rows]
    ['Ann Jones', 'Bob Lee', 'Cy Hart']
    """
    def ward_line(text: str) -> bool:  # the whole line a name, a hyphen and a place of several words
        m = _WARD_LINE.fullmatch(text)
        return m is not None and body_label(m.group("ward")) is None and not is_title(m.group("ward"))

    if sum(1 for b, _ in parsed if ward_line(plain(b.text))) < _WARD_LINES:
        return
    for _b, es in parsed:
        for e in es:
            m = _NAME_WARD.match(e.person.name)
            if m:
                e.person.name = m.group("name")


def _nobody(listed: str) -> bool:
    """Whether an attendance list says nobody is on it ("None", "Nil", "N/A", "No apologies").

    >>> _nobody(" None Minutes of the Previous Meeting: ..."), _nobody("Nil."), _nobody(" Ann Jones")
    (True, True, False)
    """
    low = plain(listed).strip().lower()
    return any(low == w or low.startswith(w) and not low[len(w)].isalnum()
               for w in people_vocab()["nobody_words"])


_BULLET = re.compile(r"\s*[•·▪●○◦‣∙➤►*–-]\s+(?=\S)")  # a list's bullet before a name


# the word for the group the names are of, written as a label before them ("Councillors, Mr A Jones
# (Chair), Mrs B Patel"): not a name
_GROUP_LABEL = re.compile(r"\s*(?:Councill?ors|Cllrs\.?|Members|Trustees)\s*,\s*(?=[A-Z])")


def _bullet_end(text: str, at: int = 0) -> int:
    """Where the names start after a list's bullet ("  • Cllr A Jones (Chair)") or its group's label
    ("Councillors, Mr A Jones"); ``at`` when there is neither.

    >>> _bullet_end("  • Cllr A Jones"), _bullet_end("Cllr A Jones"), _bullet_end("Councillors, Mr A Jones")
    (4, 0, 13)
    """
    m = _BULLET.match(text, at)
    at = m.end() if m else at
    g = _GROUP_LABEL.match(text, at)
    return g.end() if g else at


# "Representing the Westby Council (WC):" inside a list of those present: a group of its names
_GROUP_HEAD = re.compile(r"^\s*(?:representing|on\s+behalf\s+of)\s+(?:the\s+)?(?P<body>[A-Z][^:]{2,100}?)\s*:\s*$",
                         re.I)


_PROPER_BODY = re.compile(r"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|for|the|&)){1,8}")


def _group_body(body: str) -> tuple[str, dict] | None:
    """Label and props of the body a "Representing ...:" line names: one kg knows, or a proper name
    of two words or more that is no person's (the line says it is a body)."""
    lab = body_label(body)
    if lab is not None:
        return lab
    if _PROPER_BODY.fullmatch(body) and not starts_with_forename(body) and not is_title(body):
        return "Organisation", {}
    return None


_SEAT = re.compile(r"\b(?:chair(?:man|woman|person)?|member)\b", re.I)
_NUMBERED_GROUP = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.?\s+(?P<body>\S.*?)\s*:?\s*$")


def _group_heading(ctx: Context, first: Block) -> str:
    """The body a numbered group heading just above an attendance run names ("1.1 Westby Council"),
    else ""."""
    starts = ctx.memo.get("_block_starts")
    if starts is None or len(starts) != len(ctx.blocks):  # built once per document
        starts = [b.start for b in ctx.blocks]
        ctx.memo["_block_starts"] = starts
    k = bisect.bisect_left(starts, first.start)
    if k == 0 or ctx.blocks[k - 1].kind != "heading":
        return ""
    m = _NUMBERED_GROUP.match(plain(ctx.blocks[k - 1].text))
    if m is None or body_label(m.group("body")) is None:
        return ""
    return m.group("body")


def _member_body(ctx: Context, b: Block, body: str, kind: str) -> None:
    """MEMBER_OF for a body whose representatives a list of those present groups under its name."""
    board, _ = meeting_at(ctx, b.start)
    lab = _group_body(body)
    if not board or kind != "present" or lab is None or body == board:
        return
    cite = ctx.cite(b.start, b.end)
    ctx.fact("MEMBER_OF", ctx.mention(lab[0], body, cite, lab[1]),
             ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {})), cite, role="member")


def _wraps_on(ctx: Context, a: Block, b: Block) -> bool:
    """Whether line ``b`` goes on with the comma-separated list of line ``a`` (wrapped in the middle
    of the list, even of a name: "Present: Ann Jones (Chair), Bob\nPatel, Cllr Dee Shah and Eve Long.")."""
    head = a.text[a.meta.get("inline", 0):]
    parts = [x for x in re.sub(r"\([^()]*\)", "", head).split(",") if x.strip()]  # commas outside brackets
    # a list of names (not one "Name, Title, Body" entry a line): most of its parts are whole names
    names = sum(1 for x in parts if parse_person(x.strip(" ."), whole=True) is not None)
    # the list opens inline after its heading ("Present: A, B, C,"), as wrapped lists are written
    return ("inline" in a.meta and ctx.doc.text[a.end:b.start] == "\n" and not b.cells and not a.cells
            and "inline" not in b.meta
            and len(parts) >= 3 and 2 * names >= len(parts) and not re.search(r"[.;:]\s*$", head)
            and re.match(r"\s*(?:and\s+|&\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s*(?:\([^()]*\))?\s*[,.]?",
                         b.text) is not None
            and ("," in b.text or a.text.rstrip().endswith(",") or re.match(r"\s*(?:and|&)\s", b.text) is not None))


def _rewrap(ctx: Context, run: list[Block]) -> list[Block]:
    """The lines of a run joined where a comma-separated list wraps onto the next line: one block
    for the list (its line breaks read as spaces), so a name cut at the end of a line is whole."""
    out: list[Block] = []
    for b in run:
        if out and _wraps_on(ctx, out[-1], b):
            a = out[-1]
            text = ctx.doc.text[a.start:b.end].replace("\n", " ")  # same length: offsets hold
            out[-1] = Block(a.kind, a.start, b.end, text, a.section, [], dict(a.meta))
            continue
        out.append(b)
    return out


def _adjacent(ctx: Context, a: Block, b: Block) -> bool:
    between = ctx.doc.text[a.end : b.start]
    if between.count("\n") <= 3:
        return True
    # every block between the two is an attendance line: counted with prefix sums over the block
    # list (built once per document), not by scanning every block for every pair
    idx = ctx.memo.get("_block_index")
    if idx is None or idx[0] != len(ctx.blocks):
        starts = [x.start for x in ctx.blocks]
        other = [0]
        for x in ctx.blocks:
            other.append(other[-1] + (x.kind != "attendance"))
        idx = (len(ctx.blocks), starts, other)
        ctx.memo["_block_index"] = idx
    _, starts, other = idx
    lo, hi = bisect.bisect_left(starts, a.end), bisect.bisect_left(starts, b.start)
    return bool(other[hi] - other[lo] == 0)


_ACRONYMS = re.compile(r"[A-Z][A-Z&]{1,6}(?:\s+[A-Z][A-Z&]{1,6}){0,2}")


def _title_then_body(e: Entry) -> None:
    """ "Ann Jones - Chief Executive Officer, Brightpath, Westby": in an attendance line the part
    after a title is the person's body, even when it is no known kind of body."""
    if bool(e.org) != bool(e.title) and not e.rest:  # "Chief Executive Westby Council" in one cell
        tb = split_title_body(e.title or e.org)
        if tb is not None:
            lab = body_label(tb[1]) or ("Organisation", {})
            e.title, e.org, e.org_label, e.org_props = tb[0], tb[1], lab[0], lab[1]
            return
    if e.org:
        return
    if len(e.rest) == 1 and _ACRONYMS.fullmatch(e.rest[0].strip(" ()")):
        # "Ann Jones, YJB", "Bob Patel (LBL YOS)": a body known only by its letters
        e.org, e.org_label, e.org_props, e.rest = e.rest[0].strip(" ()"), "Organisation", {}, []
        return
    tail = e.title if e.title and not e.rest else (e.rest[0] if len(e.rest) == 1 and not e.title else "")
    parts = [p.strip(" .") for p in tail.split(",")]
    if len(parts) < 2 or not is_title(parts[0]):
        return
    body = parts[1]
    if not re.fullmatch(r"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|for|the|&)){0,5}", body) or is_title(body):
        return
    if re.search(r"\bfor\s+[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}$", parts[0]) and body_label(body) is None:
        return  # "Cabinet Member for Communities, Housing and Justice": the portfolio goes on
    lab = body_label(body) or ("Organisation", {})
    e.title, e.org, e.org_label, e.org_props, e.rest = parts[0], body, lab[0], lab[1], []


def _board_officer(title: str) -> bool:
    """Whether ``title`` is a post of the board's own officers ("Town Clerk", "Minute Taker").

    >>> _board_officer("Town Clerk"), _board_officer("Clerk to the Council"), _board_officer("Chief Executive")
    (True, True, False)
    >>> _board_officer("Temporary Clerk")  # a post held for a time is the same post
    True
    """
    from kg.extract.governance import vocab as governance_vocab

    words = re.sub(r"\s+", " ", title.strip(" .").lower()).split(" ")
    while len(words) > 1 and words[0] in governance_vocab()["office_qualifiers"]:
        words.pop(0)
    return " ".join(words) in people_vocab()["board_officer_titles"]


def _own_officer(board: str, title: str) -> bool:
    """Whether an officer in attendance with ``title`` and no body of their own is the board's own
    officer: the post is "to the Authority", or the board employs officers (an authority or a council,
    ``employing_board_heads``) and the post is no office held elsewhere.

    >>> _own_officer("Westby Fire Authority", "Communications Manager"), _own_officer("Westby Board", "Director")
    (True, False)
    >>> _own_officer("Westby Panel", "Treasurer to the Panel")
    True
    """
    if re.search(r"\bto\s+the\s+[A-Z]\w+$", title):
        return True
    head = board.split()[-1].lower() if board.split() else ""
    return head in people_vocab()["employing_board_heads"] and is_title(title) and held_office(title) is None


def attend(ctx: Context, b: Block, e: Entry, kind: str, board: str | None, meeting: str | None) -> None:
    """The facts of one attendance entry ``e`` read from ``b``: ATTENDED the meeting (with apologies
    or not; nothing when absent), MEMBER_OF the board for members present or sending apologies (or
    its chair), HOLDS_ROLE at the body the entry names."""
    _title_then_body(e)
    if not e.org and b.meta.get("from_body"):  # "Present from the Westby Council: ..."
        org = strip_paren(b.meta["from_body"])
        lab = body_label(org)
        if lab is not None:
            e.org, e.org_label, e.org_props = org, lab[0], lab[1]
    group = b.meta.get("representing", "")
    if group and not e.org and (e.title and not _SEAT.search(e.title) or e.person.rank_title):
        # a post or rank under "Representing Westby Police:" is held there (a chair's or a
        # member's seat is one on the board)
        lab = _group_body(group)
        if lab is not None:
            e.org, e.org_label, e.org_props = group, lab[0], lab[1]
    paired = getattr(e, "paired", None)
    cite = ctx.cite(b.start, b.end) if paired is None else ctx.cite(b.start, paired.end)
    chair_title = ""
    if e.org and e.title and not e.person.chair and chair_role(e.title) and board and \
            e.title.strip() in {plain(c).strip() for c in b.cells}:
        # "Ann Jones | Chair | Westby Council", a row of a table of who attended: she chaired the
        # meeting, sitting for her body
        e.person.chair, e.title = chair_role(e.title) or "", ""
    if not e.org and e.title and not e.person.chair and chair_role(e.title) and board:
        # "Ann Jones, Independent Chair" in the list of a board's meeting: that board's chair
        # ("Ann Jones in the Chair": the post is "Chair")
        e.person.chair, chair_title = chair_role(e.title) or "", re.sub(r"^in\s+the\s+", "", e.title, flags=re.I)
    pref = person_ref(ctx, e, cite)
    if meeting and kind != "absent":
        # "guest_apologies": apologies from someone who is not a member ("Apologies: A, B. Also: County
        # Councillor C")
        ctx.fact("ATTENDED", pref, Ref("Meeting", meeting), cite, apologies=kind in ("apologies", "guest_apologies"))
    if board and e.title and not e.org and not e.person.chair and (
            _board_officer(e.title) or kind in ("officer", "attendance") and _own_officer(board, e.title)):
        # "Clerk Mr A Jones", "Ann Jones, Minute Taker": the board's own officer, not a member
        ctx.fact("HOLDS_ROLE", pref, ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {})), cite,
                 title=e.title)
        return
    org_ref = None
    if e.org:
        org_ref = ctx.mention(e.org_label, e.org, cite, e.org_props)
    if board and (kind in ("present", "apologies") or e.person.chair):
        role = e.person.chair or "member"
        bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {}))
        if org_ref != bref:
            ctx.fact("MEMBER_OF", pref, bref, cite, role=role, representing=e.org or group or None)
    if org_ref is not None and org_ref.label in ("Organisation", "Board"):
        record_role(ctx, e, pref, org_ref, cite)
    elif org_ref is None and e.title and held_office(e.title):
        record_role(ctx, e, pref, None, cite)  # "Jo Bloggs – Police and Crime Commissioner": the office's body waits
    elif org_ref is None and not e.title and kind in ("present", "apologies") and \
            _COUNCILLOR_HONORIFIC.match(e.person.honorific) and _all_councillors(ctx, b):
        # "Present: Cllr A Jones, Cllr B Patel": members who are councillors, of the council once
        # known (in attendance, "County Cllr C" is another council's; in a list where only some
        # names carry the honorific, it marks those from elsewhere)
        record_role(ctx, e, pref, None, cite)
    elif chair_title and board:
        ctx.fact("HOLDS_ROLE", pref, ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {})), cite,
                 title=chair_title)
