"""People who act at a meeting the minutes record: ATTENDED (present), and HOLDS_ROLE when the
minutes give their title ("Sandra Looby, Borough Commander, advised that ...").

A sentence of a minutes block that opens with a person's name (an honorific, or a forename and a
surname), optionally followed by ", Title(, Organisation)," and then a verb of acting at a
meeting (``minutes_verbs`` in ``data/people.yaml``), says the person was at the meeting in
force at that point of the paper. Nothing is read before a meeting is in force, from attendance
lists (other stages read those), or for a person the paper lists as sending apologies to it.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> ex = extract(Document.from_text("m.txt", "Westby Safety Board - Monday, 2 March 2026\\n\\n"
...     "Ann Jones, Community Safety Manager, Westby Borough Council, introduced the report."))
>>> sorted((f.type, f.start.name) for f in ex.facts if f.type in ("ATTENDED", "HOLDS_ROLE"))
[('ATTENDED', 'Ann Jones'), ('HOLDS_ROLE', 'Ann Jones')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.context import Context
from kg.extract.meetings import meeting_at
from kg.extract.people import Entry, body_label, chair_role, is_title, people_vocab, split_entry, starts_with_forename
from kg.extract.quickre import quick
from kg.extract.roles import person_ref, record_role
from kg.extract.spans import sentences
from kg.model import Cite, Ref

_BLOCKS = ("paragraph", "list_item", "agenda_item")
_MAX_HEAD_WORDS = 14  # a name with its title and body is at most this long before the verb


@lru_cache(maxsize=1)
def _verb() -> re.Pattern[str]:
    verbs = "|".join(sorted({re.escape(v) for v in people_vocab()["minutes_verbs"]}, key=len, reverse=True))
    # the head (name, title, body) ends at the verb; "(Chair)" or "(SL)" may follow the name
    return re.compile(rf"(?:\(?\d{{1,2}}[.)]\s+|[•·*-]\s+)?(?P<head>[A-Z][^.;:]*?)\s*,?\s+"
                      rf"(?:also\s+|then\s+|briefly\s+|thereupon\s+)?(?P<verb>{verbs})\b")


def _presenting(verb: str, rest: str) -> bool:
    """Whether the minutes say the person presented something: "introduced the report",
    "presented", or "outlined / delivered / gave" a presentation, report or update."""
    v = people_vocab()
    if verb.lower() in v["presenting_verbs"]:
        return True
    return verb.lower() in v["presenting_if_object"] and _PRESENTATION.search(rest[:80]) is not None


_PRESENTATION = quick(r"\b(?:presentation|report|update|briefing|overview|assessment)s?\b", re.I)


def _both(head: str) -> list[str]:
    """ "Ann Jones and Raj Patel": the two heads when each is a person, else the head."""
    parts = re.split(r"\s+(?:and|&)\s+", head)
    if len(parts) == 2 and all(_entry(p)[0] is not None for p in parts):
        return parts
    return [head]


# "The Chair, Ann Jones, introduced ...": an office, then the person who holds it
_OFFICE_FIRST = re.compile(r"^(?:The\s+)?(?P<title>[A-Z][\w -]{1,40}?),\s+(?P<name>.+?),?$")
# "proposed by Cllr A Jones and seconded by Mr B Patel": movers and seconders were there, as members
_MOVED_BY = quick(r"\b(?:proposed|seconded|moved|nominated)\s+by\s+(?P<name>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)")


def _mover_member(ctx: Context, head: str, s: int, e: int) -> None:
    """MEMBER_OF the board in force for one who moved, seconded or nominated at its meeting (only a
    member may), when the head names a person with an honorific."""
    entry, _ = _entry(head)
    board, _ = meeting_at(ctx, s)
    if entry is None or not entry.person.honorific or not board:
        return
    cite = ctx.cite(s, e)
    ctx.fact("MEMBER_OF", person_ref(ctx, entry, cite), _board_ref(ctx, board, cite), cite, role="member")


# "took the chair", "chaired the meeting" (the sentence says no more than that)
_CHAIRED = re.compile(r"(?:took\s+the\s+chair|chaired\s+the\s+meeting)\b[^,;]{0,40}$", re.I)


def _chair(ctx: Context, head: str, s: int, e: int) -> None:
    """MEMBER_OF as chair of the board in force for the person the minutes say took its chair."""
    entry, _ = _entry(head)
    board, _ = meeting_at(ctx, s)
    if entry is None or not board or not (entry.person.honorific or starts_with_forename(entry.person.name)):
        return
    cite = ctx.cite(s, e)
    ctx.fact("MEMBER_OF", person_ref(ctx, entry, cite), _board_ref(ctx, board, cite), cite, role="chair")


def _apologies(ctx: Context, meeting: str) -> set[str]:
    """The people who sent apologies to ``meeting`` (indexed once per paper: the attendance stage,
    which reads apologies, has run)."""
    idx = ctx.memo.get("_apologies")
    if idx is None:
        idx = {}
        for f in ctx.facts:
            if f.type == "ATTENDED" and f.props.get("apologies"):
                idx.setdefault(f.end.name, set()).add(f.start.name)
        ctx.memo["_apologies"] = idx
    return idx.get(meeting, set())  # type: ignore[no-any-return]


def run(ctx: Context) -> None:
    """Rule: the people minutes show acting at the meeting."""
    text = ctx.doc.text
    blocks = [b for b in ctx.blocks if b.kind in _BLOCKS]
    if not blocks or not ctx.paper.meetings:
        return
    spans = sentences(ctx)
    verb = _verb()
    k = 0
    for s, e in spans:
        while k < len(blocks) and blocks[k].end < s:
            k += 1
        if k >= len(blocks) or not blocks[k].start <= s <= blocks[k].end:
            continue
        heads = []
        m = verb.match(text, s, e)
        presenting = False
        if m is not None and len(m.group("head").split()) <= _MAX_HEAD_WORDS:
            # "A and B delivered a joint presentation": each of them
            heads += _both(m.group("head"))
            presenting = _presenting(m.group("verb"), text[m.end():e])
        if m is not None and _CHAIRED.match(f"{m.group('verb')} {text[m.end():e].strip()}"):
            for head in heads:  # "Cllr Jones took the chair", "Ann Jones chaired the meeting"
                _chair(ctx, head, s, e)
        movers = [mm.group("name") for mm in _MOVED_BY.finditer(text, s, e)]
        for head in movers:
            _mover_member(ctx, head, s, e)
        for head in heads + movers:
            pref = _attended(ctx, head, s, e)
            if presenting and pref is not None and head not in movers:
                _, meeting = meeting_at(ctx, s)
                if meeting:
                    ctx.fact("PRESENTED", pref, Ref("Meeting", meeting), ctx.cite(s, e))
        for sm in _SUBSTITUTED.finditer(text, s, e) if text.find("substituted", s, e) >= 0 else ():
            _substitute(ctx, sm.group("sub"), sm.group("for"), s, e)
        if m is not None:
            for mm in _MEMBER_PHRASE.finditer(text, m.end(), e):
                _member_of(ctx, m.group("head"), mm.group("body"), mm.group("role"), s, e)


# "Cllr A substituted for Cllr B", "Cllr B - Cllr A substituted" (an apologies line)
_SUBSTITUTED = quick(r"(?P<sub>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)\s+substituted\s+for\s+"
                          r"(?P<for>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)")
# "... declared an interest as a member of the Westby Fire Authority"
_MEMBER_PHRASE = quick(r"\b(?:is|was|as|being)\s+(?:also\s+)?(?:a|the)\s+(?P<role>member|chair|chairman|"
                            r"vice[- ]chair)\s+of\s+(?:the\s+)?(?P<body>[A-Z][^,.;()]*)", re.I)


def _board_ref(ctx: Context, board: str, cite: Cite) -> Ref:
    return ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {"kind": "board"}))


def _substitute(ctx: Context, sub: str, absent: str, s: int, e: int) -> None:
    """ "Cllr A substituted for Cllr B": A is a substitute member who attended; B a member."""
    a, _ = _entry(sub)
    b, _ = _entry(absent)
    board, meeting = meeting_at(ctx, s)
    if a is None or b is None or not board:
        return
    cite = ctx.cite(s, e)
    bref = _board_ref(ctx, board, cite)
    aref = person_ref(ctx, a, cite)
    ctx.fact("MEMBER_OF", aref, bref, cite, role="substitute")
    ctx.fact("MEMBER_OF", person_ref(ctx, b, cite), bref, cite, role="member")
    if meeting:
        ctx.fact("ATTENDED", aref, Ref("Meeting", meeting), cite, apologies=False)


def _member_of(ctx: Context, head: str, body: str, role_word: str, s: int, e: int) -> None:
    """ "Cllr A declared an interest as a member of the Westby Fire Authority": A's membership."""
    who, _ = _entry(head)
    if who is None:
        return
    cite = ctx.cite(s, e)
    role = chair_role(role_word) or "member"
    for part in re.split(r"\s+and\s+the\s+", body):  # "a member of the X Board and the Y Committee"
        words = part.split()
        for k in range(min(len(words), 10), 1, -1):  # the longest run of words that is one body
            name = " ".join(words[:k])
            lab = body_label(name)
            if lab is not None:
                bref = ctx.mention(lab[0], name, cite, lab[1])
                ctx.fact("MEMBER_OF", person_ref(ctx, who, cite), bref, cite, role=role)
                break


def _entry(head: str) -> tuple[Entry | None, str]:
    """The person a head names, and the office written before them ("The Chair, Ann Jones")."""
    entry = split_entry(head)
    office = ""
    om = _OFFICE_FIRST.match(head)
    if (entry is None or entry.rest) and om and is_title(om.group("title")):
        entry, office = split_entry(om.group("name")), om.group("title")
    if entry is None or entry.rest:
        return None, ""
    p = entry.person
    if not office and not head.lstrip().startswith(p.written.split()[0]):
        return None, ""  # "The Section 151 Officer highlighted ...": the head is not a name
    if not (p.honorific or len(p.name.split()) >= 2 and starts_with_forename(p.name)):
        return None, ""  # a bare name must open with a known forename or an initial
    return entry, office


def _attended(ctx: Context, head: str, s: int, e: int) -> Ref | None:
    entry, office = _entry(head)
    if entry is None:
        return None
    board, meeting = meeting_at(ctx, s)
    if meeting is None or entry.person.name in _apologies(ctx, meeting):
        return None
    cite = ctx.cite(s, e)
    pref = person_ref(ctx, entry, cite)
    ctx.fact("ATTENDED", pref, Ref("Meeting", meeting), cite, apologies=False)
    role = chair_role(office)
    if role and board:
        bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {"kind": "board"}))
        ctx.fact("MEMBER_OF", pref, bref, cite, role=role)
    if entry.title or entry.org:
        org = ctx.mention(entry.org_label, entry.org, cite, entry.org_props) if entry.org else None
        record_role(ctx, entry, pref, org, cite)
    return pref
