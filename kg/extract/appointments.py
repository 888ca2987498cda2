"""Appointments of chairs and vice-chairs: MEMBER_OF with ``role`` chair or vice_chair.

Two phrasings, in minutes, resolutions and news pages (vocabulary in ``data/appointments.yaml``):

* passive, the person first: "That Mr A Jones be elected as Chair of the Panel for the year",
  "Cllr B Patel was appointed Vice-Chairman of the Eastvale Community Safety Board";
* active, the office first: "the Panel elected a new chairman, Councillor C Ellis",
  "appointed Cllr D Moore as its Deputy Chair".

The board is the one named after "of (the)", or the paper's own board when the text says
"the Panel" / "its" / nothing.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> ex = extract(Document.from_text("m.txt", "Westby Safety Board - Monday, 2 March 2026\\n\\n"
...     "RESOLVED that Cllr Ann Jones be elected as Chair of the Board for 2026/27."))
>>> [(f.start.name, f.end.name, f.props["role"]) for f in ex.facts if f.type == "MEMBER_OF"]
[('Ann Jones', 'Westby Safety Board', 'chair')]
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.extract.context import Context
from kg.extract.meetings import meeting_body
from kg.extract.people import body_label, is_title, parse_person
from kg.extract.quickre import quick
from kg.extract.spans import sentences

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_DATA = Path(__file__).parent / "data" / "appointments.yaml"


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
                    for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    """The appointments vocabulary."""
    with open(_DATA, encoding="utf-8") as fh:
        return dict(yaml.load(fh, Loader=_YAML_LOADER))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    v = vocab()
    verbs, roles = _alt(v["verbs"]), _alt(list(v["roles"]))
    # the person: up to eight words before "be/was elected"; parse_person decides where it starts
    # the person's words keep their case (a capital starts each); the rest ignores it
    passive = re.compile(
        # (not \s*,?\s+: quadratic on blanks; a name starts where a word does, not inside "A-B-C-...")
        rf"(?<![\w.'’-])(?P<who>(?:[A-Z][\w.'’-]*\s+){{0,7}}[A-Z][\w.'’-]*)(?:\s*,)?\s+"
        rf"(?i:(?:(?:be|is|was|were|has\s+been|had\s+been|being)\s+)?(?:duly\s+|unanimously\s+)?(?:{verbs})\s+"
        rf"(?:as\s+)?(?:the\s+|its\s+|a\s+)?(?:new\s+)?(?P<role>{roles})\b"
        # ("be elected as Chairman to the Westby Panel": "to" as "of")
        rf"(?:\s+(?:of|to)\s+(?:the\s+)?(?P<body>[^.,;:()]+))?)",
    )
    active = re.compile(
        rf"(?i:\b(?:{verbs})\s+(?:as\s+)?(?:the\s+|its\s+|a\s+|their\s+)?(?:new\s+)?(?P<role>{roles})(?:\s*,)?\s+)"
        rf"(?P<who>(?:(?i:{_alt(v['lower_titles'])})\s+)?[A-Z][^,.;:()]*)",
    )
    return passive, active


_MOTION = quick(r"\b(?:proposed|moved|seconded|nominated|moving|proposing)\b(?:\s+\w+){0,3}\s+that\b", re.I)


def _role(word: str) -> str:
    key = re.sub(r"[\s-]+", " ", word.lower())
    for k, v in vocab()["roles"].items():
        if re.sub(r"[\s-]+", " ", k) == key:
            return str(v)
    return "chair"


def _person(text: str, last: bool) -> Any:
    """The person a phrase names: the last name of the words before the verb (``last``), or the
    name at the start of the words after the office."""
    text = re.sub(rf"^(?:{_alt(vocab()['lower_titles'])})\s+", lambda m: m.group(0).title(), text.strip(), flags=re.I)
    if not last:
        return parse_person(text)
    words = list(re.finditer(r"\S+", text))
    for m in words:  # the longest tail that is one whole person's name
        p = parse_person(text[m.start():], whole=True)
        if p is not None:
            return p
    return None


# what may follow the board's name in the same clause: "Chair of the Panel for 2026/27"
_AFTER_BODY = re.compile(r"\s+(?:for|until|with|from|by|in|at|on|and|following|to)\s", re.I)


def _board(ctx: Context, body: str | None) -> tuple[str, dict[str, Any]] | None:
    own = ctx.paper.board or ctx.paper.own_board
    if body:
        body = body.strip()
        # the longest head of the words that names a board: "the X Police and Crime Panel for the year"
        cuts = [m.start() for m in _AFTER_BODY.finditer(body)]
        while cuts and meeting_body(body) is None:
            body = body[:cuts.pop()]
        if body.lower() in vocab()["own_board_words"] or re.match(r"^(?:this|our|its)\b", body, re.I):
            body = None
        elif " " not in body and (named := _named_by_head(ctx, own, body)) is not None:
            return named  # "Chairman of the Authority": the board of the paper that ends "Authority"
        else:
            got = meeting_body(body)  # a board, or "Chair of the Westby Fire Authority"
            if got is not None:
                return got
            return None  # "Chair of Governors", "Chair of the Council": not a board we can name
    if own is None:
        return None
    return own, ctx.paper.boards.get(own, {"kind": "board"})


def _named_by_head(ctx: Context, own: str | None, word: str) -> tuple[str, dict[str, Any]] | None:
    """The paper's board whose name ends with ``word`` ("Authority": "Westby Fire Authority"): its
    own board, else the one board the paper names with that head word; None if none or several.

    >>> from kg.loaders.base import Document
    >>> ctx = Context(Document.from_text("m.txt", ""))
    >>> ctx.paper.boards = {"Westby Fire Authority": {"kind": "board"}}
    >>> _named_by_head(ctx, None, "Authority")[0], _named_by_head(ctx, None, "Panel")
    ('Westby Fire Authority', None)
    """
    key = word.lower()
    names = ([own] if own is not None else []) + [b for b in ctx.paper.boards if b != own]
    hits = [b for b in names if b.split()[-1].lower() == key]
    if not hits or (own not in hits and len(hits) > 1):
        return None
    return hits[0], ctx.paper.boards.get(hits[0], {"kind": "board"})


_OF_BODY = re.compile(r"\s+of\s+(?:the\s+)?(?=[A-Z])")


def _person_of_body(text: str) -> tuple[Any, tuple[str, str, dict[str, Any]] | None]:
    """(person, (body, label, props)) of words ending "<person> of (the) <body>" ("That Councillor
    A Jones of the City and County of Westby"), or (None, None).

    >>> who, body = _person_of_body("That Councillor D.W.Jones of the City and County of Westby")
    >>> who.name, body[0]
    ('D.W.Jones', 'City and County of Westby')
    """
    for m in _OF_BODY.finditer(text):
        body = text[m.end():].strip()
        lab = body_label(body)
        who = _person(text[:m.start()], last=True) if lab is not None else None
        if who is not None and lab is not None:
            return who, (body, lab[0], lab[1])
    return None, None


def _record(ctx: Context, who: Any, role: str, board: tuple[str, dict[str, Any]], s: int, e: int,
            sits_for: tuple[str, str, dict[str, Any]] | None = None) -> None:
    cite = ctx.cite(s, e)
    props: dict[str, Any] = {"honorific": who.honorific} if who.honorific else {}
    pref = ctx.mention("Person", who.name, cite, props, [who.written] if who.honorific else [])
    bref = ctx.mention("Board", board[0], cite, board[1])
    ctx.fact("MEMBER_OF", pref, bref, cite, role=role, representing=sits_for[0] if sits_for else None)
    if sits_for is not None and who.honorific.lower().startswith(("cllr", "councillor")):
        # a councillor named with the council they come from holds their seat there
        ctx.fact("HOLDS_ROLE", pref, ctx.mention(sits_for[1], sits_for[0], cite, sits_for[2]), cite,
                 title="Councillor")


# "The Partnership is chaired by Cllr A Jones", "The Board will be vice-chaired by the Commissioner"
_CHAIRED_BY = quick(r"(?<![\w&'’-])(?P<subj>(?:[Tt]he\s+|[Ii]t\s+|[Ii]ts\s+)?(?:[A-Z][\w&'’-]*\s+){0,8}?"
                         r"(?:[A-Z][\w&'’-]*|it))\s+(?:which\s+|that\s+)?"
                         r"(?:is|are|will\s+be|shall\s+be|was|has\s+been)\s+(?:currently\s+|jointly\s+)?"
                         r"(?P<role>vice[- ]chaired|co-chaired|chaired)\s+by\s+(?P<who>[^,.;:()]+)")


_HOLDER_AFTER = quick(r",\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})\s*[,.;]")
_CHAIR_BODY_MAX_WORDS = 10  # an office or body that chairs is named in this many words at most
_CLAUSE_VERB = quick(r"\b(?:is|are|was|were|has|have|will)\b")


def _chaired_by(ctx: Context, sent: str, s: int, e: int) -> None:
    for m in _CHAIRED_BY.finditer(sent):
        words = re.sub(r"^(?:[Tt]he|[Ii]ts)\s+", "", m.group("subj").strip()).split()
        # "The Partnership is chaired by ...": the paper's own board; a named board is that board
        own = len(words) == 1 and (words[0].lower() in vocab()["own_board_words"] or words[0].lower() == "it")
        body = None if own else " ".join(words)
        board = _board(ctx, body)
        if board is None:
            continue
        role = "vice_chair" if m.group("role").lower().startswith("vice") else "chair"
        who_text = re.sub(r"^(?:the\s+)", "", m.group("who").strip())
        p = parse_person(who_text)
        held = _HOLDER_AFTER.match(sent, m.end("who"))
        if p is None and held and is_title(who_text):
            # "chaired by the Metro Mayor, Ann Jones,": the office, then the person who holds it
            p = parse_person(held.group("name"), whole=True)
        cite = ctx.cite(s, e)
        if p is not None and (p.honorific or len(p.name.split()) >= 2):
            _record(ctx, p, role, board, s, e)
            continue
        if len(who_text.split()) > _CHAIR_BODY_MAX_WORDS or _CLAUSE_VERB.search(who_text):
            continue  # "chaired by the Mayor and is made up of ... Council": a clause, not the chair's name
        got = body_label(who_text)
        if got is not None and got[0] == "Organisation":  # an office or body: "the Police and Crime Commissioner"
            oref = ctx.mention("Organisation", who_text, cite, got[1])
            ctx.fact("MEMBER_OF", oref, ctx.mention("Board", board[0], cite, board[1]), cite, role=role)


_APPOSED = quick(r"(?<![\w.'’-])((?:[A-Z][\w.'’-]*\s+){0,5}[A-Z][\w.'’-]*)\s*,\s*$")


_CHAIR = quick(r"chair", re.I)


def run(ctx: Context) -> None:
    """Rule: chairs and vice-chairs appointed in a sentence."""
    text = ctx.doc.text
    passive, active = _patterns()
    for s, e in sentences(ctx):
        sent = text[s:e]
        if not _CHAIR.search(sent):
            continue
        _chaired_by(ctx, sent, s, e)
        for m in passive.finditer(sent):
            if _MOTION.search(sent, 0, m.start()):
                continue  # "X proposed that Y be elected Chair": a motion, not what was decided
            who = _person(m.group("who"), last=True)
            sits_for = None
            if who is None:  # "Mel Smith, Co-opted Member be appointed": the name before the title
                before = _APPOSED.search(sent, 0, m.start("who"))
                who = _person(before.group(1), last=True) if before else None
            if who is None:  # "Cllr A Jones of the Westby County Council be appointed"
                who, sits_for = _person_of_body(sent[:m.end("who")])
            board = _board(ctx, m.group("body"))
            if who is not None and board is not None:
                _record(ctx, who, _role(m.group("role")), board, s, e, sits_for)
        for m in active.finditer(sent):
            who = _person(m.group("who"), last=False)
            board = _board(ctx, None)
            if who is not None and board is not None:
                _record(ctx, who, _role(m.group("role")), board, s, e)
