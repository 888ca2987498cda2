"""Attendance tables with a column per kind: a header row that names who is listed and the
columns of their attendance ("Name | Present | Apologies", "INVITED / ATTENDED / APOLOGIES
RECEIVED"), then one row per member with a tick or a mark in the column that applies.

A header is a row of cells (TAB, " / " or "|" between them) of which at least two name a kind of
attendance (the words of ``mark_meanings`` in ``people.yaml``: present, apologies, absent,
deputy), or one names a kind and another who is listed (``grid_entry_heads``: "Name", "Member",
"Invited" ...). The rows are the lines right under it, up to a blank line or a heading. A row's
first cell is a person ("Cllr Ann Jones", "Ann Jones, Director, Westby Council") or a post of a
body ("Head of Community Safety, Westby Council", the body then a member of the board). Its kind
is the header's column its mark stands in, when the row keeps every cell; when empty cells were
lost (a PDF copy), only a mark that says its own kind (``attendance_marks``: P, A ...) tells it,
and otherwise the row gives membership only.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> text = ("Minutes of the Westby Safety Board held on 3 March 2026\\n\\n"
...         "Name\\tPresent\\tApologies\\nCllr Ann Jones\\t✓\\t\\nBob Patel, Inspector, Westby Police\\t\\t✓\\n"
...         "Head of Housing, Westby Borough Council\\t✓\\t\\n")
>>> sorted((f.type, f.start.name, f.props.get("apologies", f.props.get("role")))
...        for f in extract(Document.from_text("m.txt", text)).facts if f.type in ("ATTENDED", "MEMBER_OF"))
[('ATTENDED', 'Ann Jones', False), ('ATTENDED', 'Bob Patel', True), ('MEMBER_OF', 'Ann Jones', 'member'), \
('MEMBER_OF', 'Bob Patel', 'member'), ('MEMBER_OF', 'Westby Borough Council', 'member')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.context import Block, Context
from kg.extract.meetings import attend, meeting_at
from kg.extract.people import Entry, body_label, is_title, parse_person, people_vocab, split_entry
from kg.extract.roles import person_ref, record_role
from kg.extract.structure import plain

_CELLS = re.compile(r"\t|\s*\|\s*|\s+/\s+")
_NAMED = re.compile(r"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z0-9][\w&'’.-]*|of|and|for|the|&)){0,6}")
_MAX_ENTRY_WORDS = 16  # a first cell longer than this is prose, not a row of the table
_MAX_MARK_CHARS = 4  # a mark is a tick, a cross or a letter or two, not a sentence
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MAX_MISSES = 1  # this many rows in a row that name nobody end the table


@lru_cache(maxsize=1)
def _vocab() -> tuple[list[tuple[re.Pattern[str], str]], set[str], dict[str, str], set[str], dict[str, str]]:
    v = people_vocab()
    meanings = [(re.compile(rf"\b{w}", re.I), kind) for kind, words in v["mark_meanings"].items() for w in words]
    heads = {str(w).lower() for w in v["grid_entry_heads"]}
    marks = {str(k): str(val) for k, val in v["attendance_marks"].items()}
    blanks = {str(w).lower() for w in v["grid_blank_marks"]}
    return meanings, heads, marks, blanks, dict(v["attendance_headings"])


def _cells(b: Block) -> list[str]:
    raw = b.cells if b.cells else _CELLS.split(b.text.strip().strip("|"))
    return [plain(c).strip() for c in raw]


def _column_kind(cell: str) -> str | None:
    for pat, kind in _vocab()[0]:
        if pat.search(cell):
            return kind
    return None


def header_kinds(cells: list[str]) -> list[str | None] | None:
    """The kind of each column of a header row (None for the column of who is listed), or None
    when the row is no attendance table's header.

    >>> header_kinds(["Name", "Attended", "Apologies"])
    [None, 'present', 'apologies']
    >>> header_kinds(["Name", "Organisation"]) is None
    True
    """
    if len(cells) < 2 or any(len(c.split()) > 4 for c in cells):
        return None
    kinds = [_column_kind(c) for c in cells]
    entry = [c.lower().strip(" :") in _vocab()[1] for c in cells]
    n = sum(1 for k in kinds if k)
    if kinds[0] is not None and not entry[0]:
        return None  # the first column says who is listed
    if n >= 2 or (n == 1 and entry[0]):
        return [None, *kinds[1:]]
    return None


def post_of_body(text: str) -> tuple[str, str] | None:
    """ "Head of Community Safety, Westby Council": a post and the body it is of, split at the comma
    after which a body's name ends the text; None when the text is not so.

    >>> post_of_body("Head of Probation, Westby, Westshire Probation Service")
    ('Head of Probation, Westby', 'Westshire Probation Service')
    >>> post_of_body("Ann Jones, Westby Council") is None
    True
    """
    for m in re.finditer(r",\s*", text):
        head, tail = text[: m.start()].strip(), text[m.end():].strip(" .")
        if not is_title(head.split(",")[0]) or "," in tail or is_title(tail):
            continue
        # after a post, the body whatever its kind ("Director, Brightpath"), but not a person
        if body_label(tail) or (_NAMED.fullmatch(tail) and parse_person(tail, whole=True) is None):
            return head, tail
    return None


def _mark_kind(cells: list[str], kinds: list[str | None]) -> tuple[str | None, bool]:
    """(the row's kind, whether it has a mark at all)."""
    _, _, marks, blanks, _ = _vocab()
    filled = [(j, c) for j, c in enumerate(cells)
              if (j >= len(kinds) or kinds[j]) and c and c.lower() not in blanks]
    if not filled or any(len(c) > _MAX_MARK_CHARS for _, c in filled):
        return None, False
    if len(cells) == len(kinds):
        got = [kinds[j] for j, _ in filled if kinds[j]]
        return (got[0] if len(set(got)) == 1 else None), True
    own = {marks.get(c) for _, c in filled}
    return (own.pop() if len(own) == 1 and None not in own else None), True


def _rows(ctx: Context, i: int) -> list[Block]:
    """The blocks right under header ``i``, up to a blank line or a heading."""
    blocks, text = ctx.blocks, ctx.doc.text
    out: list[Block] = []
    end = blocks[i].end
    for b in blocks[i + 1:]:
        if _BLANK_LINE.search(text, end, b.start) or b.kind in ("heading", "agenda_item"):
            break
        out.append(b)
        end = b.end
    return out


def _body_member(ctx: Context, b: Block, body: str, board: str) -> None:
    lab = body_label(body) or ("Organisation", {})
    if body.lower() == board.lower():
        return
    cite = ctx.cite(b.start, b.end)
    ref = ctx.mention(lab[0], body, cite, lab[1])
    bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {"kind": "board"}))
    ctx.fact("MEMBER_OF", ref, bref, cite, role="member")


def _entry(first: str) -> Entry | None:
    e = split_entry(first)
    if e is None or parse_person(first.split(",")[0].split(" – ")[0].split(" - ")[0], whole=True) is None:
        return None
    return e


def _row(ctx: Context, b: Block, kinds: list[str | None], kind: str | None, board: str | None,
         meeting: str | None) -> bool:
    """The facts of one row, whose attendance is ``kind`` (None: listed, attendance not known)."""
    cells = _cells(b)
    # "Ann Jones | Director, Westby Council | ✓": the columns of who is listed, read as one entry
    first = " – ".join(cells[j] for j, k in enumerate(kinds) if k is None and j < len(cells) and cells[j])
    first = first.strip(" -•·*")
    if not first or len(first.split()) > _MAX_ENTRY_WORDS:
        return False
    e = _entry(first)
    if e is not None:
        if kind is not None:
            attend(ctx, b, e, kind, board, meeting)
            return True
        cite = ctx.cite(b.start, b.end)
        pref = person_ref(ctx, e, cite)
        if e.org:
            record_role(ctx, e, pref, ctx.mention(e.org_label, e.org, cite, e.org_props), cite)
        if board:
            bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {"kind": "board"}))
            ctx.fact("MEMBER_OF", pref, bref, cite, role=e.person.chair or "member", representing=e.org or None)
        return True
    pb = post_of_body(first)
    body = pb[1] if pb else (first if body_label(first) and not is_title(first) else None)
    if body is None:
        return False
    if board and kind not in ("absent", "officer", "attendance"):
        _body_member(ctx, b, body, board)
    return True


def _kinds_of_rows(rows: list[Block], kinds: list[str | None], own_kind: str | None,
                   meeting: str | None) -> list[str | None]:
    """Each row's attendance. A table with marks is a register: a row's mark gives its kind, an
    unmarked row attended nothing. A table with no mark at all under a meeting is its record:
    everyone listed was there."""
    marked = [_mark_kind(_cells(r), kinds) for r in rows]
    register = any(m for _, m in marked)
    out: list[str | None] = []
    for kind, _ in marked:
        if not register:
            kind = "present" if meeting else None
        if kind == "deputy":
            kind = "present"  # someone attended for the member
        if kind == "present" and own_kind:
            kind = own_kind  # a table of officers in attendance: present, but not members
        out.append(kind)
    return out


def run(ctx: Context) -> None:
    """Rule: attendance tables with a column per kind of attendance."""
    blocks = ctx.blocks
    taken: set[int] = ctx.memo.setdefault("grid_rows", set())
    for i, b in enumerate(blocks):
        if b.start in taken or b.kind not in ("table_row", "paragraph", "heading", "attendance"):
            continue
        cells = _cells(b)
        kinds = header_kinds(cells)
        if kinds is None:
            continue
        rows = _rows(ctx, i)
        if not rows:
            continue
        own = _vocab()[4].get(cells[0].lower().strip(" :"))
        own_kind = own if own in ("officer", "attendance") else None
        board, meeting = meeting_at(ctx, b.start)
        if meeting is None and len(ctx.paper.meetings) == 1:
            meeting = next(iter(ctx.paper.meetings.values()))
        misses = 0
        taken.add(b.start)
        for r, kind in zip(rows, _kinds_of_rows(rows, kinds, own_kind, meeting), strict=True):
            if _row(ctx, r, kinds, kind, board, meeting):
                taken.add(r.start)
                misses = 0
            else:
                misses += 1
                if misses > _MAX_MISSES:
                    break


def taken(ctx: Context, b: Block) -> bool:
    """Whether ``b`` is the header or a row of an attendance table this rule read (other readers
    of people leave it alone)."""
    return b.start in ctx.memo.get("grid_rows", ())
