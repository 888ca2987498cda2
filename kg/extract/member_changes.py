"""Members who join or leave a board, named in the minutes' prose: MEMBER_OF.

Minutes record changes of membership in running text rather than in a list:

* "welcomed the four new Members from Westby Council, Ann Jones, Bob Patel and Cara Singh"
  -> each a member of the board in session, representing the council;
* "thanked former Members Dan Moore and Eve Ellis for their service" -> members with
  ``status: "former"``;
* "welcomed new Member Councillor Fay Lee, who had replaced Councillor Gus Hart" -> Fay Lee a
  member; Gus Hart a former member.

The cue words (new, former, outgoing ...) and the verb of replacement are data
(``data/appointments.yaml``, ``member_changes``). The names are a list that starts right after the
cue (or after "from <body>,") and ends at the first part that is not a whole person's name.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> ex = extract(Document.from_text("m.txt", "Minutes of the Westby Fire Authority held on 2 June 2026\\n\\n"
...     "The Chairman welcomed the new Members from Eastby Council, Ann Jones and Bob Patel, and "
...     "thanked former Members Cara Singh and Dan Moore for their service."))
>>> sorted((f.start.name, f.props.get("representing"), f.props.get("status"))
...        for f in ex.facts if f.type == "MEMBER_OF")  # doctest: +NORMALIZE_WHITESPACE
[('Ann Jones', 'Eastby Council', None), ('Bob Patel', 'Eastby Council', None),
 ('Cara Singh', None, 'former'), ('Dan Moore', None, 'former')]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kg.extract.appointments import vocab
from kg.extract.context import Context
from kg.extract.meetings import meeting_at
from kg.extract.people import PersonName, body_label, parse_person
from kg.extract.quickre import quick
from kg.extract.spans import sentences

_HINT = quick(r"\bmembers?\b", re.I)
# between two names of the list: a comma, "and", or both
_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+)")
# "from Westby Council, " before the names: the body they come from
_FROM = re.compile(r"\s+(?:from|representing)\s+(?:the\s+)?(?P<body>[A-Z][^,.;:()]{2,80}?)\s*(?:,|:|\bwho\b)\s*")
_LIST_MAX = 20  # names in one list at most: a longer run is not a list of new members


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    v = vocab()["member_changes"]
    kinds = "|".join(re.escape(w) for w in sorted(v["new"] + v["former"], key=len, reverse=True))
    kinds = kinds.replace(r"\ ", r"\s+")
    quals = "|".join(re.escape(w) for w in v["qualifiers"])
    # "the four new Members", "new independent Member", "former Members": the list follows
    cue = re.compile(rf"\b(?P<kind>{kinds})\s+(?:(?:{quals})\s+)?Members?\b(?!\s+of\s+(?:the\s+)?public)(?:\s*,)?",
                     re.I)
    replaced = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in v['replaced'])})\s+", re.I)
    return cue, replaced


def _name_at(text: str, pos: int) -> PersonName | None:
    """The person whose name starts at ``pos`` (None unless it starts a name there)."""
    p = parse_person(text[pos:pos + 120])
    if p is None or p.end <= 0:
        return None
    return p


def _names(text: str, pos: int) -> list[tuple[PersonName, int, int]]:
    """The list of names from ``pos``: (name, start, end) each, in order."""
    out: list[tuple[PersonName, int, int]] = []
    while len(out) < _LIST_MAX:
        p = _name_at(text, pos)
        if p is None:
            break
        end = pos + p.end
        while end > pos and text[end - 1] in ",;: ":  # the name's own end, before the list's comma
            end -= 1
        out.append((p, pos, end))
        j = _JOIN.match(text, end)
        if j is None:
            break
        pos = j.end()
    return out


def _board(ctx: Context, offset: int) -> tuple[str, dict[str, Any]] | None:
    board = meeting_at(ctx, offset)[0] or ctx.paper.board or ctx.paper.own_board
    if not board:
        return None
    return board, ctx.paper.boards.get(board, {"kind": "board"})


def _member(ctx: Context, who: PersonName, board: tuple[str, dict[str, Any]], s: int, e: int,
            representing: str | None, former: bool) -> None:
    cite = ctx.cite(s, e)
    props: dict[str, Any] = {"honorific": who.honorific} if who.honorific else {}
    pref = ctx.mention("Person", who.name, cite, props, [who.written] if who.honorific else [])
    bref = ctx.mention("Board", board[0], cite, board[1])
    extra: dict[str, Any] = {"status": "former"} if former else {}
    ctx.fact("MEMBER_OF", pref, bref, cite, role="member", representing=representing, **extra)


def run(ctx: Context) -> None:
    """Rule: new and former members named in a sentence, and whom a new member replaced."""
    text = ctx.doc.text
    cue, replaced = _patterns()
    former_words = {w.lower() for w in vocab()["member_changes"]["former"]}
    for s, e in sentences(ctx):
        sent = text[s:e]
        if not _HINT.search(sent):
            continue
        for m in cue.finditer(sent):
            board = _board(ctx, s + m.start())
            if board is None:
                continue
            former = re.sub(r"\s+", " ", m.group("kind").lower()) in former_words
            pos, body = m.end(), None
            f = _FROM.match(sent, pos)
            if f is not None and body_label(f.group("body")) is not None:
                body, pos = f.group("body").strip(), f.end()
            pos += len(sent[pos:]) - len(sent[pos:].lstrip())
            names = _names(sent, pos)
            for who, _, _ in names:
                _member(ctx, who, board, s, e, body, former)
            if names and not former:  # "new Member X, who had replaced Councillor Y": Y has left
                r = replaced.search(sent, names[-1][2])
                if r is not None and r.start() - names[-1][2] < 40:
                    for who, _, _ in _names(sent, r.end()):
                        _member(ctx, who, board, s, e, None, True)
