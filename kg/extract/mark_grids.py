"""Attendance grids with marks: a table of members with a column per mark (P, A, DNA ...), often
flattened by a PDF copy into one run of text, each row "Name (initials) – Title, Body MARK".

A grid is recognised by its marks: a legend somewhere in the paper that says what each mark means
("P = Present  A = Apologies  DNA = Did not attend"), or a header naming the mark columns
("Board Member P A DNA D/R"). Rows are found by the initials in brackets after each name, which
must be the name's own initials ("Ann Jones (AJ)"): a run of text is cut before each such name.

Each row gives the person's title and body (as any attendance entry does), membership of the
board the meeting is of (chair or vice-chair when the row says so), and attendance by its mark:
present or deputising attended, apologies attended with apologies, did-not-attend nothing.
The marks and the words of a legend are data (``people.yaml``: ``attendance_marks``,
``mark_meanings``).

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> text = ("Minutes of the Westby Safeguarding Board held on 3 March 2026\\n\\n"
...         "P = Present A = Apologies DNA = Did not attend\\n\\n"
...         "Member P A DNA Ann Jones (AJ) - Chair P Bob Patel (BP) - Director, Westby Council A "
...         "Cat Lee (CL) - Inspector, Westby Police DNA\\n")
>>> sorted((f.type, f.start.name, f.props.get("role", f.props.get("apologies")))
...        for f in extract(Document.from_text("m.txt", text)).facts if f.type in ("ATTENDED", "MEMBER_OF"))
[('ATTENDED', 'Ann Jones', False), ('ATTENDED', 'Bob Patel', True), ('MEMBER_OF', 'Ann Jones', 'chair'), \
('MEMBER_OF', 'Bob Patel', 'member'), ('MEMBER_OF', 'Cat Lee', 'member')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.context import Block, Context
from kg.extract.meetings import meeting_at
from kg.extract.people import Entry, body_label, chair_role, honorific_alternation, people_vocab, split_entry
from kg.extract.roles import person_ref, record_role
from kg.model import Ref

_MIN_ROWS = 3  # fewer rows with initials than this are not a grid
_WORD = r"[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)*"


@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    v = people_vocab()
    marks = {str(k): str(val) for k, val in v["attendance_marks"].items()}
    meanings = [(re.compile(rf"\b{w}", re.I), kind) for kind, words in v["mark_meanings"].items() for w in words]
    return marks, meanings


@lru_cache(maxsize=1)
def _row_name() -> re.Pattern[str]:
    # a name of two to four words (after an honorific or none) and its initials in brackets
    return re.compile(
        rf"(?<![\w(])(?P<name>(?:(?:{honorific_alternation()})\.?\s+)?{_WORD}(?:\s+(?:{_WORD}|[A-Z]\.?)){{0,2}}\s+{_WORD})"
        r"\s*\((?P<ini>[A-Z]{2,4})\)")


_LEGEND = re.compile(r"(?<![\w/])(?P<key>[A-Z]{1,3}(?:/[A-Z]{1,3})?)\s*=\s*(?P<meaning>[A-Za-z][A-Za-z /'-]{1,40}?)"
                     r"(?=\s+[A-Z]{1,3}(?:/[A-Z]{1,3})?\s*=|\s*$|[,;.]|\s{2,})")


def legend(text: str) -> dict[str, str]:
    """The marks a legend line defines, each with its kind (present, apologies, absent, deputy).

    >>> legend("P= Present A= Apologies DNA=Did not attend D/R=Deputise/Representative")
    {'P': 'present', 'A': 'apologies', 'DNA': 'absent', 'D/R': 'deputy'}
    """
    out: dict[str, str] = {}
    for m in _LEGEND.finditer(text):
        meaning = m.group("meaning")
        for pat, kind in _vocab()[1]:
            if pat.search(meaning):
                out[m.group("key")] = kind
                break
    return out


def _own_name(name: str, ini: str) -> str | None:
    """The words of ``name`` its initials stand for: the last words ("Ann Jones (AJ)"), with a
    middle initial ("Ann M Jones (AJ)"), and an honorific just before them; None when the initials
    are not the name's. Words before belong to the row before (a wrapped cell, a mark).

    >>> _own_name("Chair P Ann Jones", "AJ"), _own_name("Cllr Ann M Jones", "AJ"), _own_name("Ann Jones", "AB")
    ('Ann Jones', 'Cllr Ann M Jones', None)
    """
    words = name.split()
    n = len(ini)
    if len(words) >= n and "".join(w[0] for w in words[-n:]) == ini:
        keep = n
    elif n == 2 and len(words) >= 3 and len(words[-2].rstrip(".")) == 1 and words[-3][0] + words[-1][0] == ini:
        keep = 3
    else:
        return None
    if len(words) > keep and re.fullmatch(honorific_alternation(), words[-keep - 1].rstrip("."), re.I):
        keep += 1
    return " ".join(words[-keep:])


def _rows(b: Block) -> list[tuple[int, int, str]]:
    """(start, end, name) of each row of a block: a name with its initials, up to the next one."""
    hits = []
    for m in _row_name().finditer(b.text):
        own = _own_name(m.group("name"), m.group("ini"))
        if own is None:
            continue
        hits.append((m.end("name") - len(own), own))
    return [(s, hits[k + 1][0] if k + 1 < len(hits) else len(b.text), name) for k, (s, name) in enumerate(hits)]


def _mark(rest: str, marks: dict[str, str]) -> tuple[str, str | None]:
    """The row's text without its mark, and the mark's kind: the last word when it is a mark, else
    a lone mark inside the text (a cell wrapped around the mark column)."""
    words = rest.split()
    if words and words[-1] in marks:
        return " ".join(words[:-1]), marks[words[-1]]
    for k, w in enumerate(words[1:-1], 1):
        # "Children and P Quality Unit": after "and", a mark only where a capital follows (a wrap)
        if w in marks and (words[k - 1] not in ("and", "&") or words[k + 1][:1].isupper()):
            return " ".join(words[:k] + words[k + 1:]), marks[w]
    return rest, None


_ACRONYM = re.compile(r"^[A-Z][A-Z&/]{1,7}$")


def _last_body(e: Entry) -> None:
    """ "Safeguarding, Reviews and Extra Care, WCC": in a grid's row the part after the last comma
    is the body when it is an acronym or names one; what stands before is the title."""
    text = e.rest[0]
    title, _, body = text.rpartition(",")
    body = body.strip()
    lab = body_label(body)
    if not title.strip() or not (lab or _ACRONYM.match(body)):
        return
    e.title, e.org = title.strip(), body
    e.org_label, e.org_props = lab or ("Organisation", {})
    e.rest = []


def run(ctx: Context) -> None:
    """Rule: attendance grids with marks, one row per person with their initials."""
    found: dict[str, str] = {}
    for b in ctx.blocks:
        if "=" in b.text:
            found.update(legend(b.text))
    marks = {**_vocab()[0], **found}
    for b in ctx.blocks:
        if b.text.count("(") < _MIN_ROWS:
            continue
        rows = _rows(b)
        if len(rows) < _MIN_ROWS:
            continue
        head = b.text[: rows[0][0]].split()
        # the grid's own header names its mark columns ("Member P A DNA"), or the paper has a legend
        if not found and sum(w in marks for w in head) < 2:
            continue
        _record(ctx, b, rows, marks)


def _record(ctx: Context, b: Block, rows: list[tuple[int, int, str]], marks: dict[str, str]) -> None:
    board, meeting = meeting_at(ctx, b.start)
    if meeting is None and len(ctx.paper.meetings) == 1:
        meeting = next(iter(ctx.paper.meetings.values()))  # the one meeting the paper records
    bref = ctx.mention("Board", board, ctx.cite(b.start, b.end), ctx.paper.boards.get(board, {"kind": "board"})) \
        if board else None
    for start, end, name in rows:
        seg = b.text[start:end]
        m = re.match(rf"{re.escape(name)}\s*\([A-Z]{{2,4}}\)", seg)
        if m is None:  # pragma: no cover - rows start where a name with its initials is
            continue
        rest, kind = _mark(seg[m.end():].strip(" –—-:\t"), marks)
        cite = ctx.cite(b.start + start, b.start + start + len(seg.rstrip()))
        role = chair_role(rest) if rest else None
        e = split_entry(f"{name} – {rest}" if rest and not role else name)
        if e is None:
            continue
        if e.rest and not e.org:
            _last_body(e)
        pref = person_ref(ctx, e, cite)
        org = ctx.mention(e.org_label, e.org, cite, e.org_props) if e.org else None
        record_role(ctx, e, pref, org, cite)
        if bref is not None:
            ctx.fact("MEMBER_OF", pref, bref, cite, role=role or "member")
        if meeting is not None and kind in ("present", "deputy", "apologies"):
            ctx.fact("ATTENDED", pref, Ref("Meeting", meeting), cite, apologies=kind == "apologies")
