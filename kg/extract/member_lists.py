"""Membership lists under a lead-in: MEMBER_OF for the people and bodies listed.

A membership list opens with a heading that names the membership ("Membership", "Panel
Members", "Council members (10)") or a lead-in line ending in a colon that says what follows
("The Panel is comprised as follows:", "Councillors appointed to the Panel as follows:"); the
words are ``membership_heads`` and ``membership_leads`` in ``data/people.yaml``. Each line after
it that is one person ("Cllr Ann Jones (Chairman, Con)") or one body ("Westby District Council 1")
is a member of the paper's own board, until a line of prose or a heading ends the list. A chair
or vice-chair marker in the bracket gives the role; a body in the bracket is who they represent.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> text = ("The Westby Police and Crime Panel scrutinises the Commissioner.\\n\\n"
...         "The Panel is comprised as follows:\\n\\nCllr Ann Jones (Chairman, Con)\\nCllr Bob Patel (Lab)\\n")
>>> sorted((f.start.name, f.props["role"]) for f in extract(Document.from_text("p.txt", text)).facts
...        if f.type == "MEMBER_OF")
[('Ann Jones', 'chair'), ('Bob Patel', 'member')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.column_grids import post_of_body
from kg.extract.context import Block, Context
from kg.extract.people import (
    Entry,
    body_label,
    chair_role,
    is_membership_heading,
    parse_person,
    people_vocab,
    split_entry,
    starts_with_forename,
)
from kg.extract.quickre import quick
from kg.extract.roles import column_pairs, entries, person_ref, record_role, strip_label
from kg.extract.structure import plain
from kg.model import Cite, Ref

_ITEM_KINDS = ("paragraph", "list_item", "table_row", "attendance")
_MAX_ITEM_WORDS = 12  # a list line longer than this is prose
_INLINE_MIN_CHARS = 200  # a front sheet run onto one line is long; a short "Members: ..." line is a heading
_MAX_MISSES = 2  # this many lines in a row that are not entries end a list
_DASHED = re.compile(r"\s[–—-]\s")
_FROM = re.compile(r"\sfrom\s+(?:the\s+)?[A-Z]")  # "Cllr Ann Jones from Westby Council": the body she sits for
_ROLE_KEY = re.compile(r"^(?P<key>[A-Z][\w -]{2,24}?)\s*:\s+(?=\S)")
_REPRESENTATIVE = re.compile(r"\s+representatives?$", re.I)  # "Victim Support representative": the body sits
_COUNT = re.compile(r"\s+\d{1,2}$")  # "Westby District Council 1": the number of seats
# "Each of the three Youth Offending Teams": a seat for every body of a kind, named by the kind
_EACH_OF = re.compile(r"^(?:each|all|both)\s+of\s+the\s+"
                      r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+)?", re.I)


@lru_cache(maxsize=1)
def _lead() -> re.Pattern[str]:
    leads = "|".join(re.escape(w) for w in sorted(people_vocab()["membership_leads"], key=len, reverse=True))
    return quick(rf"\b(?:{leads})\b[^.]*:\s*$", re.I)


@lru_cache(maxsize=1)
def _guests() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(people_vocab()["guest_leads"], key=len, reverse=True))
    return re.compile(rf"\b(?:{words})\b", re.I)


def _is_lead(text: str) -> bool:
    """Whether ``text`` is a lead-in line of a membership list ("The Panel is comprised as follows:"),
    not one of guests ("The following representatives have been invited:").

    >>> _is_lead("The Board is made up of:"), _is_lead("The following representatives have been invited:")
    (True, False)
    """
    return _lead().search(text) is not None and _guests().search(text) is None


def _own_board(ctx: Context) -> tuple[str, dict] | None:
    board = ctx.paper.board or ctx.paper.own_board
    if not board:
        return None
    return board, ctx.paper.boards.get(board, {"kind": "board"})


def _bracket(text: str) -> tuple[str, str, str]:
    """(the text without its bracket, the role the bracket gives, a body it names)."""
    m = re.search(r"\(([^()]*)\)\s*$", text)
    if not m:
        return text, "member", ""
    role, body = "member", ""
    for part in (p.strip() for p in m.group(1).split(",")):
        if chair_role(part):
            role = chair_role(part) or role
        elif body_label(part):
            body = part
    return text[: m.start()].strip(), role, body


def _member(ctx: Context, who: Ref, board: Ref, cite: Cite, role: str, representing: str | None = None) -> None:
    """MEMBER_OF, unless another rule read the same membership already."""
    seen = ctx.memo.get("_memberships")
    if seen is None:  # indexed once per paper, then kept up to date here
        seen = {(f.start, f.end) for f in ctx.facts if f.type == "MEMBER_OF"}
        ctx.memo["_memberships"] = seen
    if (who, board) in seen:
        return
    seen.add((who, board))
    ctx.fact("MEMBER_OF", who, board, cite, role=role, representing=representing)


def _sits_for(ctx: Context, e: Entry, pref: Ref, cite: Cite) -> None:
    """HOLDS_ROLE for a member listed with the body they come from ("Cllr A Jones (Westby
    Council)": a councillor of that council), when the entry names one."""
    if e.org and e.org_label in ("Organisation", "Board"):
        record_role(ctx, e, pref, ctx.mention(e.org_label, e.org, cite, e.org_props), cite)


def _last_entry(text: str) -> bool:
    """Whether a line ending in a full stop is still a list's entry, its last ("Cllr Ann Jones from
    Westby District Council."): a person and the body she comes from, nothing else."""
    if not _FROM.search(text):
        return False
    e = split_entry(text.rstrip("."))
    return e is not None and bool(e.org) and not e.rest and not e.title


def _item(ctx: Context, b: Block, board: tuple[str, dict]) -> bool:
    """Record one list line; False when the line is not a list entry (the list has ended)."""
    if "~~" in b.text:
        return True  # struck-through entries are read by the membership rule (as deleted)
    if len(b.cells) == 2:  # "Cllr A Cllr B | X Council Y Council": names and their bodies in columns
        pairs = column_pairs(plain(b.cells[0]), plain(b.cells[1]))
        if pairs:
            cite = ctx.cite(b.start, b.end)
            bref = ctx.mention("Board", board[0], cite, board[1])
            for e in pairs:
                pref = person_ref(ctx, e, cite)
                _member(ctx, pref, bref, cite, e.person.chair or "member", e.org)
                record_role(ctx, e, pref, ctx.mention(e.org_label, e.org, cite, e.org_props), cite)
            return True
    text = plain(b.text).strip(" -•·*")
    if _colon_run(ctx, b, text, board):
        return True
    if not text or len(text.split()) > _MAX_ITEM_WORDS or (text.endswith(".") and len(text.split()) > 6
                                                           and not _last_entry(text)):
        return False
    text = text.rstrip(".") if text.endswith(".") and _last_entry(text) else text
    cite = ctx.cite(b.start, b.end)
    cells = [plain(c).strip() for c in b.cells if plain(c).strip()]
    people = [parse_person(c, whole=True) for c in cells] if len(cells) > 1 else []
    if people and 2 * sum(1 for p in people if p) >= len(people):
        # "Cllr A Jones <TAB> Cllr B Patel": one member per cell (a cell kg cannot read is left out)
        bref = ctx.mention("Board", board[0], cite, board[1])
        for p in people:
            if p is not None:
                _member(ctx, person_ref(ctx, Entry(person=p), cite), bref, cite, p.chair or "member")
        return True
    key = _ROLE_KEY.match(text)
    key_role = chair_role(key.group("key")) if key else None
    if key_role:  # "Chair: Ann Jones, Director of ...": the chair's key before the entry
        text = text[key.end():] if key else text
    bare, role, body = _bracket(text)
    role = key_role or role
    bref = ctx.mention("Board", board[0], cite, board[1])
    # "Chair: Ann Jones, Director (MOJ)": the whole entry, its bracket holding her body's letters
    dashed = split_entry(text if key_role and "," in text else bare) \
        if _DASHED.search(bare) or _FROM.search(bare) or (key_role and "," in bare) or _named_first(bare) else None
    if dashed is not None and not dashed.rest and (dashed.person.honorific or dashed.org
                                                   or starts_with_forename(dashed.person.name)):
        # "Raj Patel - Westby Police": a person and the body they sit for
        pref = person_ref(ctx, dashed, cite)
        _member(ctx, pref, bref, cite, role, dashed.org or body or None)
        _sits_for(ctx, dashed, pref, cite)
        return True
    p = parse_person(bare, whole=True)
    if p is not None and (p.honorific or body_label(bare) is None):
        lab = body_label(body) if body else None
        e = Entry(person=p, org=body if lab else "", org_label=lab[0] if lab else "", org_props=lab[1] if lab else {})
        pref = person_ref(ctx, e, cite)
        _member(ctx, pref, bref, cite, role, body or None)
        _sits_for(ctx, e, pref, cite)
        return True
    name = _EACH_OF.sub("", _REPRESENTATIVE.sub("", _COUNT.sub("", bare)))
    lab = body_label(name)
    pb = post_of_body(name)
    if pb is not None:  # "Head of Community Safety, Westby Council": the body is the member
        name, lab = pb[1], body_label(pb[1]) or ("Organisation", {})
    if lab is not None and name != board[0]:
        oref = ctx.mention(lab[0], name, cite, lab[1])
        _member(ctx, oref, bref, cite, "member")
        return True
    return False


_COLON_ENTRY = re.compile(r"[^:]+:")


def _named_first(text: str) -> bool:
    """ "Ann Jones, Westby Housing Trust": a person's name before the first comma (with an honorific
    or a known forename), so the line is a person's entry, not a body's name.

    >>> _named_first("Ann Jones, Westby Housing Trust"), _named_first("Westby Council, Housing")
    (True, False)
    """
    head = text.split(",", 1)[0] if "," in text else ""
    p = parse_person(head, whole=True) if head else None
    return p is not None and (bool(p.honorific) or starts_with_forename(p.name))


def _colon_run(ctx: Context, b: Block, text: str, board: tuple[str, dict]) -> bool:
    """ "Councillor A Jones: Councillor B Patel (Convener): ...": a committee system's list of
    members run onto one line, each entry ended by a colon. Read when there are two entries or more
    and every one is a person with an honorific (a line of "Key: value" pairs is not one)."""
    if text.count(":") < 2 or not text.endswith(":"):
        return False
    parts = [(m.start(), m.end() - 1) for m in _COLON_ENTRY.finditer(text)]
    people = [parse_person(text[a:z].strip(), whole=True) for a, z in parts]
    if any(p is None or not p.honorific for p in people):
        return False
    bref = ctx.mention("Board", board[0], ctx.cite(b.start, b.end), board[1])
    at = b.text.find(text[:20])   # each entry cited on its own where the plain text lies in the line
    for (a, z), p in zip(parts, people, strict=True):
        assert p is not None
        cite = ctx.cite(b.start + at + a, b.start + at + z) if at >= 0 else ctx.cite(b.start, b.end)
        _member(ctx, person_ref(ctx, Entry(person=p), cite), bref, cite, p.chair or "member")
    return True


# "Members: Councillor A, Chair. Councillor B, Vice-Chair. Councillors C (X Council), D (Y Council)":
# a front sheet flattened onto one line; the list runs to the next "Key:" or the end of the line
_INLINE = quick(r"\b(?P<key>(?:Independent\s+|Co-opted\s+|Panel\s+|Board\s+)?Members(?:hip)?|Councillors|Cllrs)\s*:\s*"
                     r"(?P<list>.+?)(?=\s+(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*\s*:\s|$)", re.M)


# "Chair: Councillor A Jones Councillors: ..." on a front sheet run onto one line: the chair's name
# ends at the next one-word key
_INLINE_CHAIR = quick(r"(?:^|\s)(?P<key>(?:Vice[- ])?Chair(?:man|person)?)\s*:\s*"
                      r"(?P<who>.+?)(?=\s+[A-Z][\w-]*\s*:\s|$)", re.M)


_MEMBERS_KEY = re.compile(r"\s*(?:(?:Board|Panel|Core|Voting)\s+)?Members(?:hip)?\s*:\s*(?=\S)")
_MEMBERS_LINE_MIN = 2  # people a short "Members: ..." line names, so that it is a list and no heading


def _members_line(b: Block) -> bool:
    """A short paragraph "Members: Cllr A Jones (Chair), Cllr B Patel, Cllr C Lee": the key, then
    two people or more, each with an honorific or a known forename.

    >>> _members_line(Block("paragraph", 0, 0, "Members: Cllr A Jones (Chair), Cllr B Patel"))
    True
    >>> _members_line(Block("paragraph", 0, 0, "Members: see the table below"))
    False
    """
    m = _MEMBERS_KEY.match(b.text) if b.kind == "paragraph" else None
    if m is None:
        return False
    people = [e for e in entries(b.text[m.end():]) if not e.rest]
    return len(people) >= _MEMBERS_LINE_MIN and all(
        e.person.honorific or starts_with_forename(e.person.name) for e in people)


def _inline(ctx: Context, b: Block, board: tuple[str, dict]) -> None:
    if _INLINE.search(b.text):
        for m in _INLINE_CHAIR.finditer(b.text):
            p = parse_person(m.group("who"), whole=True)
            if p is not None and (p.honorific or starts_with_forename(p.name)):
                cite = ctx.cite(b.start + m.start("who"), b.start + m.end("who"))
                pref = person_ref(ctx, Entry(person=p), cite)
                _member(ctx, pref, ctx.mention("Board", board[0], cite, board[1]), cite,
                        chair_role(m.group("key")) or "chair")
                record_role(ctx, Entry(person=p), pref, None, cite)
    for m in _INLINE.finditer(b.text):
        role = "independent_member" if m.group("key").lower().startswith("independent") else "member"
        # "Councillors: Bradburn, Coventry and C Williams": the key is every name's honorific
        shared = "Councillors " if m.group("key").lower().startswith(("councillors", "cllrs")) else ""
        start = b.start + m.start("list")
        listed = m.group("list")
        colon = b.text.find(":", m.end("list"))
        if colon != -1 and not b.text[m.end("list"): colon].strip(" \t").count("\n"):
            # the list ends where the next part's label starts ("... Westby Borough Council Other Members:")
            listed = strip_label(b.text[m.start("list"): colon + 1])
        for part in re.finditer(r"[^.]+(?:\.(?=\s|$)|$)", listed):
            seg = part.group(0).strip(" .")
            s, e = start + part.start(), start + part.end()
            cite = ctx.cite(s, e)
            one = re.match(r"^(?P<who>.+?),\s*(?P<office>[A-Z][\w -]+)$", seg)
            if one and parse_person(one.group("who"), whole=True):
                p = parse_person(one.group("who"), whole=True)
                r = chair_role(one.group("office")) or role
                if p is not None:
                    _member(ctx, person_ref(ctx, Entry(person=p), cite),
                            ctx.mention("Board", board[0], cite, board[1]), cite, r)
                continue
            for entry in entries(shared + seg if shared and not seg.lower().startswith(("cllr", "councillor"))
                                 else seg):
                if entry.rest:
                    continue
                pref = person_ref(ctx, entry, cite)
                r = entry.person.chair if entry.person.chair in ("chair", "vice_chair") else \
                    chair_role(entry.person.chair) or role if entry.person.chair else role
                _member(ctx, pref, ctx.mention("Board", board[0], cite, board[1]), cite, r, entry.org or None)
                _sits_for(ctx, entry, pref, cite)
                if not entry.org:
                    record_role(ctx, entry, pref, None, cite)  # "Councillor": its council, once known


def run(ctx: Context) -> None:
    """Rule: the people and bodies listed under a membership heading or lead-in."""
    own = _own_board(ctx)
    if own is None:
        _lead_bodies(ctx)  # a paper of no board of its own may still list who joins one
        return
    board = own
    for b in ctx.blocks:
        if len(b.text) > _INLINE_MIN_CHARS and "embers" in b.text or \
                b.kind != "attendance" and ("Councillors:" in b.text or "Cllrs:" in b.text) or _members_line(b):
            _inline(ctx, b, board)  # a front sheet's "Members: ..." or "Councillors: A, B and C"
    blocks = ctx.blocks
    for i, b in enumerate(blocks):
        t = plain(b.text)
        if not (is_membership_heading(t) or _is_lead(t)):
            continue
        # a lead-in naming its board ("appointed to the Westby Sub-Committee:") lists that board's members
        _list_under(ctx, blocks, i, _board_in(ctx, b) or board)


def _lead_bodies(ctx: Context) -> None:
    """A paper with no board of its own (a news item, a page of decisions) whose lead-in names the
    body: by its name ("the following new Members who had been appointed to the Westby Panel:"), or
    by its kind ("The new councillors joining the Authority are:"), the one body of that kind the
    paper names, in session."""
    for i, b in enumerate(ctx.blocks):
        t = plain(b.text)
        if not _is_lead(t):
            continue
        km = _BY_KIND.search(t)
        board = _board_in(ctx, b) or (_named_of_kind(ctx, km.group(1)) if km else None)
        if board is not None:
            _list_under(ctx, ctx.blocks, i, board)


def _board_in(ctx: Context, b: Block) -> tuple[str, dict] | None:
    """The last board a lead-in line names, as a board."""
    from kg.extract.meetings import board_name

    named = [name for s, e, label, name, _props in ctx.paper.bodies or []
             if label == "Board" and b.start <= s and e <= b.end]
    return board_name(named[-1]) if named else None


# "the Authority", "the Panel": a body named by its kind, capitalised
_BY_KIND = re.compile(r"\bthe\s+(?:[A-Z][a-z]+\s+)?([A-Z][a-z]{3,})\b")


def _named_of_kind(ctx: Context, kind: str) -> tuple[str, dict] | None:
    """The one body the paper names whose name ends in ``kind``, as a body whose members meet."""
    from kg.extract.meetings import board_name, body_in_session

    names = {name for _s, _e, _label, name, _props in ctx.paper.bodies or [] if name.endswith(" " + kind)}
    if len(names) != 1:
        return None
    name = names.pop()
    return board_name(name) or body_in_session(name)


def _list_under(ctx: Context, blocks: list[Block], i: int, board: tuple[str, dict]) -> None:
    """The members listed in the lines under the heading or lead-in ``blocks[i]``."""
    j, misses = i + 1, 0
    tight = loose = 0
    while j < len(blocks) and blocks[j].kind in _ITEM_KINDS and misses < _MAX_MISSES:
        gap = ctx.doc.text.count("\n", blocks[j - 1].end, blocks[j].start) - 1  # blank lines between
        if j > i + 1:
            if gap >= 2 and tight > loose:
                break  # two blank lines after lines written one under the other: another list
            tight, loose = (tight + 1, loose) if gap == 0 else (tight, loose + 1)
        # one line that is no entry may stand in a list (a table's header, a name kg cannot
        # read); two in a row end it
        misses = 0 if _item(ctx, blocks[j], board) else misses + 1
        j += 1
