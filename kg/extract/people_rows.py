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
[('ATTENDED', 'Ann Jones', ''), ('ATTENDED', 'Bob Patel', ''), ('MEMBER_OF', 'Ann Jones', 'chair')]
"""

from __future__ import annotations

import re

from kg.extract.context import Block, Context
from kg.extract.meetings import meeting_at
from kg.extract.people import split_entry
from kg.extract.roles import person_ref, record_role
from kg.extract.structure import plain
from kg.model import Ref

_MIN_ROWS = 2
_CHAIR = re.compile(r"\s*\((?P<vice>vice[- ]?|deputy\s+)?chair(?:man|person)?\)\s*", re.I)


def _rows(ctx: Context) -> list[list[Block]]:
    runs: list[list[Block]] = []
    cur: list[Block] = []
    for b in ctx.blocks:
        if b.kind == "table_row" and len(b.cells) >= 2:
            cur.append(b)
            continue
        if len(cur) >= _MIN_ROWS:
            runs.append(cur)
        cur = []
    if len(cur) >= _MIN_ROWS:
        runs.append(cur)
    return runs


def run(ctx: Context) -> None:
    """Rule: runs of table rows that each name one person with their title and body."""
    for rows in _rows(ctx):
        entries = []
        for b in rows:
            cells = [plain(c).strip() for c in b.cells if plain(c).strip()]
            chair = next((m for c in cells[1:] for m in [_CHAIR.search(c)] if m), None)
            rest = [_CHAIR.sub(" ", c).strip() for c in cells[1:]]
            e = split_entry(", ".join([cells[0], *[r for r in rest if r]]))
            if e is None or len(plain(cells[0]).split()) > 5:
                break  # not every row is a person: not a table of people
            if not e.rest:  # a row whose other cells are neither title nor body is left out
                entries.append((b, e, chair))
        else:
            if entries:
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
        if chair is not None and board:
            bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {"kind": "board"}))
            ctx.fact("MEMBER_OF", pref, bref, cite, role="vice_chair" if chair.group("vice") else "chair")
