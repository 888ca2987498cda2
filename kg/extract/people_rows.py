"""Tables of people: runs of rows whose first cell is a person and whose other cells give their
title and body ("Ann Jones | Director of Community Services (Chair)", "Bob Patel | Westby
Police"), whether the columns are TAB-separated or set with runs of spaces.

Each row gives HOLDS_ROLE (title, body); "(Chair)" / "(Vice-Chair)" in a cell makes the person
chair or vice-chair of the board the meeting is of. When the table stands before the first
agenda item of a paper that records a meeting, it is that meeting's attendance list: ATTENDED.
Runs of fewer than :data:`_MIN_ROWS` rows are not a table of people.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> text = ("Westby Board\\n\\nFriday 4th June 2010\\n\\n"
...         "Ann Jones\\tDirector of Services (Chair)\\nBob Patel\\tWestby Police\\n")
>>> sorted((f.type, f.start.name, f.props.get("role", "")) for f in extract(Document.from_text("m.txt", text)).facts
...        if f.type in ("ATTENDED", "MEMBER_OF"))
[('ATTENDED', 'Ann Jones', ''), ('ATTENDED', 'Bob Patel', ''), ('MEMBER_OF', 'Ann Jones', 'chair'), \
('MEMBER_OF', 'Bob Patel', 'member')]
"""

from __future__ import annotations

import re

from kg.extract.context import Block, Context
from kg.extract.meetings import meeting_at
from kg.extract.people import body_label, parse_person, split_entry, split_title_body, starts_with_forename
from kg.extract.roles import person_ref, record_role
from kg.extract.structure import plain
from kg.model import Ref

_MIN_ROWS = 2
_MAX_AFFILIATION_WORDS = 6  # the longest body name read from a row's second cell alone
_MAX_MISSES = 0.15  # the share of rows that may name no person in a table of people
_CHAIR = re.compile(r"\s*\((?P<vice>vice[- ]?|deputy\s+)?chair(?:man|person)?\)\s*", re.I)


def _rows(ctx: Context) -> list[list[Block]]:
    from kg.extract.column_grids import taken

    runs: list[list[Block]] = []
    cur: list[Block] = []
    for b in ctx.blocks:
        if b.kind == "table_row" and len(b.cells) >= 2 and not taken(ctx, b):
            cur.append(b)
            continue
        if len(cur) >= _MIN_ROWS:
            runs.append(cur)
        cur = []
    if len(cur) >= _MIN_ROWS:
        runs.append(cur)
    return runs


# the first cell of a header row over people; columns that only mark attendance
_HEADER_FIRST = re.compile(r"^(?:name|names|member|members|attendee|attendees|representative|person)s?$", re.I)
_MARK_COLUMN = re.compile(r"^(?:present|apolog\w*|absent|attended|attendance|in\s+attendance)$", re.I)


def _is_header(b: Block) -> bool:
    cells = [plain(c).strip() for c in b.cells]
    return bool(cells) and bool(_HEADER_FIRST.match(cells[0]))


def _affiliation(rest: list[str]) -> bool:
    """Whether the cells left after a name are one proper name of a body: an acronym, or two to six
    capitalised words ("Westby Chamber", "BMBC Finance"), not a sentence.

    >>> _affiliation(["GOYH"]), _affiliation(["Westby Chamber"]), _affiliation(["Secretariat"])
    (True, True, False)
    >>> _affiliation(["apologies received"]), _affiliation(["A", "B"]), _affiliation(["Cllr. Bob Patel"])
    (False, False, False)
    """
    from kg.extract.bodies import is_acronym_word

    if len(rest) != 1:
        return False
    words = rest[0].replace("&", "and").split()
    if len(words) == 1:
        return is_acronym_word(words[0])
    p = parse_person(rest[0])
    if p is not None and (p.honorific or p.rank_title or starts_with_forename(p.name)):
        return False  # a second person ("Ann Jones | Cllr Bob Patel"), not a body
    return len(words) <= _MAX_AFFILIATION_WORDS and words[0][:1].isupper() and words[-1][:1].isupper() \
        and all(w[:1].isupper() or w in ("and", "of", "for", "the") for w in words) \
        and not any(ch.isdigit() for ch in rest[0])


def run(ctx: Context) -> None:
    """Rule: runs of table rows that each name one person with their title and body."""
    for rows in _rows(ctx):
        entries = []
        skip: set[int] = set()
        if _is_header(rows[0]):  # "Name | Title & Organisation | Present | Apology"
            skip = {k for k, c in enumerate(rows[0].cells) if _MARK_COLUMN.search(plain(c))}
            rows = rows[1:]
        misses = 0
        for b in rows:
            cells = [plain(c).strip() for k, c in enumerate(b.cells) if plain(c).strip() and k not in skip]
            chair = next((m for c in cells[1:] for m in [_CHAIR.search(c)] if m), None)
            rest = [_CHAIR.sub(" ", c).strip() for c in cells[1:]]
            e = split_entry(", ".join([cells[0], *[r for r in rest if r]])) if cells else None
            if e is None or len(plain(cells[0]).split()) > 5:
                misses += 1  # a row that names no person
                continue
            if e.rest and not e.title and not e.org and _affiliation(e.rest):
                # "Bob Patel / GOYH", "Carl Evans / Westby Chamber": the column after a name is whom
                # the person is from, though its name carries no body word
                lab = body_label(e.rest[0]) or ("Organisation", {})
                e.org, e.org_label, e.org_props, e.rest = e.rest[0], lab[0], lab[1], []
            if not e.title or not e.org:  # "Chief Executive Westby Council" in one cell
                tb = split_title_body(e.title or e.org) if not e.rest else None
                if tb is not None:
                    lab = body_label(tb[1]) or ("Organisation", {})
                    e.title, e.org, e.org_label, e.org_props = tb[0], tb[1], lab[0], lab[1]
            # a row whose other cells are neither title nor body still names who was there
            entries.append((b, e, chair))
        # a table of people: nearly every row names one (a garbled row or two is left out)
        if entries and misses <= len(rows) * _MAX_MISSES:
            _record(ctx, entries)


def _record(ctx: Context, entries: list) -> None:
    first = entries[0][0]
    board, meeting = meeting_at(ctx, first.start)
    attending = meeting is not None and first.meta.get("item") is None
    for b, e, chair in entries:
        cite = ctx.cite(b.start, b.end)
        pref = person_ref(ctx, e, cite)
        org = ctx.mention(e.org_label, e.org, cite, e.org_props) if e.org else None
        record_role(ctx, e, pref, org, cite)
        if attending and meeting is not None:
            ctx.fact("ATTENDED", pref, Ref("Meeting", meeting), cite, apologies=False)
            if board and chair is None:  # the board's members, listed as its meeting's record
                bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {"kind": "board"}))
                ctx.fact("MEMBER_OF", pref, bref, cite, role="member")
        if chair is not None and board:
            bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {"kind": "board"}))
            ctx.fact("MEMBER_OF", pref, bref, cite, role="vice_chair" if chair.group("vice") else "chair")
