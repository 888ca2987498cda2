"""Membership of boards read from terms of reference, membership tables and prose: MEMBER_OF.

* lines under a "Membership" / "Members" heading that start with a body name
  ("Westshire Police*", "Eastvale County Council Cabinet Lead Member") -> role member;
* lines under a "Substitute(s)" heading ("Westshire Police, any other appropriate officer.")
  -> role substitute;
* prose: "The Board comprises representatives from A, B and C", "X consists of A and B"
  -> role member; "A are invited as guests/observers" -> role observer;
  "The Chair of the Board will be the <Body> <post>" -> role chair (vice_chair);
* text struck through (``~~...~~``) -> ``status: "deleted"``.

Body names are found with :func:`kg.extract.bodies.find_bodies` (E2's recogniser).

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> ex = extract(Document.from_text("t.txt", "## EASTVALE SAFETY BOARD\\n\\n### Membership\\n\\n"
...     "Eastvale Borough Council*\\n~~Westshire Probation Service~~\\n"))
>>> sorted((f.start.name, f.props.get("status", "")) for f in ex.facts if f.type == "MEMBER_OF")
[('Eastvale Borough Council', ''), ('Westshire Probation Service', 'deleted')]
"""

from __future__ import annotations

import re
from typing import Any

from kg.extract.context import Block, Context
from kg.extract.meetings import board_name, meeting_at
from kg.extract.quickre import quick
from kg.extract.structure import plain

_COMPRISE = quick(
    r"\b(?:comprises|comprising|is\s+comprised\s+of|consists\s+of|is\s+made\s+up\s+of|"
    r"membership\s+(?:includes|comprises|consists\s+of|is\s+drawn\s+from)|"
    r"(?:includes?|including|has|having)\s+representatives?\s+(?:from|of)|"
    r"brings\s+together|members\s+(?:are|include))\b",
    re.I,
)
_OBSERVER = quick(
    r"\b(?:(?:is|are)\s+)?invited\s+(?:to\s+attend\s+)?as\s+[\"“”‘’']?(?:guests?|observers?)|"
    r"\b(?:attends?|sits?)\s+as\s+(?:an?\s+)?(?:non-voting\s+)?observers?",
    re.I,
)
_CHAIR_WILL = re.compile(
    r"\b(?P<role>Vice[- ]Chair(?:man|person)?|Chair(?:man|person)?)\s+"
    r"(?:of\s+(?:the\s+)?(?P<body>[A-Z][^,.;]*?)\s+)?"
    r"(?:will|shall)\s+be\s+(?:the\s+)?",
    re.I,
)
_GENERIC_SUBJECT = re.compile(r"\b(?:the|this)\s+(?:board|panel|committee|partnership|group|forum)\b|^\s*it\b", re.I)
_PROSE_HINT = quick(r"ompris|onsist|made up|epresentativ|brings together|embers|nvited|bserver|hair", re.I)
_STRUCK = re.compile(r"~~(.+?)~~", re.S)
_PLURAL_HEADS = {
    "partnerships",
    "boards",
    "groups",
    "panels",
    "committees",
    "councils",
    "authorities",
    "forums",
    "services",
    "teams",
}
_POST = quick(r"['’]s\b|\b(?:Cabinet\s+(?:Lead\s+)?Member|Lead\s+Member|Portfolio\s+Holder|Executive\s+Member)\b")
_LIST_SECTION = quick(r"\bmembers(?:hip)?\b", re.I)
_SUB_SECTION = re.compile(r"\bsubstitut", re.I)


def _bodies(text: str) -> list[tuple[int, int, str, str, dict[str, Any]]]:
    try:
        from kg.extract.bodies import find_bodies
    except ImportError:  # pragma: no cover - E2's module absent
        return []
    hits = []
    for h in find_bodies(text):
        if h[2] not in ("Organisation", "Board"):
            continue
        if h[3].split()[-1].lower() in _PLURAL_HEADS and len(h[3].split()) <= 4:
            continue  # "Community Safety Partnerships": a kind of body, not one body
        hits.append(h)
    return hits


def _leading_body(text: str) -> tuple[int, int, str, str, dict[str, Any]] | None:
    """The body a line starts with, when a post follows it ("Eastvale Borough Council's Cabinet
    Lead Member" -> "Eastvale Borough Council"): the longest leading run of words that is a body."""
    from kg.extract.people import body_label, is_title
    from kg.extract.roles import office_body

    m = re.match(r"\s*(?:the\s+)?", text, re.I)
    start = m.end() if m else 0
    post = _POST.search(text, start)
    if post:
        text = text[: post.start()]  # "X Council Cabinet Member": the post is not part of the body
    dash = re.search(r"\s[-–—]\s", text)
    if dash:
        text = text[: dash.start()]  # "X - any other member of that X": a dash ends the body's name
    words = list(re.finditer(r"[^\s,;:()]+", text[start:]))[:10]
    best = None
    for k in range(len(words), 0, -1):
        end = start + words[k - 1].end()
        name = re.sub(r"['’]s$", "", text[start:end]).strip(" *\\-–")
        lab = body_label(name)
        if lab and (not is_title(name) or office_body(name)):  # "Police and Crime Commissioner" is both
            best = (start, end, lab[0], name, lab[1])
            break
    return best


def _member(
    ctx: Context,
    b: Block,
    hit: tuple[int, int, str, str, dict[str, Any]],
    board: str,
    role: str,
    status: str | None = None,
) -> None:
    cite = ctx.cite(b.start, b.end)
    if hit[3].lower() == board.lower():
        return
    # find_bodies passes aliases and internal flags ("ref") in its props: aliases go as aliases,
    # only the label's own properties (kind, sector) as props
    props = {k: v for k, v in hit[4].items() if k in ("kind", "sector")}
    aliases = [a for a in hit[4].get("aliases") or [] if a != hit[3]]
    ref = ctx.mention(hit[2], hit[3], cite, props, aliases)
    bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {"kind": "board"}))
    ctx.fact("MEMBER_OF", ref, bref, cite, role=role, status=status)


# "Westby Council (Leader, Cllr Ann Jones)", "Eastby Council (Mayor Bob Patel)": who sits for the body
_FOR_BODY = re.compile(r"\s*\((?:(?P<title>[A-Z][\w' -]{1,40}),\s*)?(?P<who>[^(),]{3,60})\)")


def _person_for(ctx: Context, b: Block, text: str, hit: tuple[int, int, str, str, dict[str, Any]],
                board: str) -> bool:
    """A body in a membership sentence with the person who sits for it in a bracket after it:
    the person is the member, representing the body (and holds the bracket's title there).
    Whether it was so."""
    from kg.extract.people import Entry, parse_person, starts_with_forename
    from kg.extract.roles import person_ref, record_role

    m = _FOR_BODY.match(text, hit[1])
    if m is None:
        return False
    who = m.group("who").strip()
    p = parse_person(who, whole=True)
    if p is None or not (p.honorific or p.rank_title or starts_with_forename(p.name)):
        return False
    cite = ctx.cite(b.start, b.end)
    title = (m.group("title") or p.rank_title or p.honorific or "").strip()
    e = Entry(person=p, title=title if title.lower() not in ("cllr", "councillor") else "Councillor")
    pref = person_ref(ctx, e, cite)
    props = {k: v for k, v in hit[4].items() if k in ("kind", "sector")}
    oref = ctx.mention(hit[2], hit[3], cite, props)
    record_role(ctx, e, pref, oref, cite)
    bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {"kind": "board"}))
    ctx.fact("MEMBER_OF", pref, bref, cite, role="member", representing=hit[3])
    return True


def _board_of(ctx: Context, b: Block, named: str | None = None) -> str | None:
    if named:
        got = board_name(named)
        if got:
            return got[0]
    board, _ = meeting_at(ctx, b.start)
    return board


def _group_kind(text: str) -> str | None:
    """ "Community Safety Partnerships (one member per district)" -> "Community Safety Partnership":
    a list row that names a kind of body, under which bare place names follow."""
    from kg.extract.people import body_label

    m = re.match(r"^\s*((?:[A-Z][\w'’-]*\s+){0,4}(?:[A-Z][\w'’-]*?)s)\b\s*(?:\(|:|$)", text)
    if not m or m.group(1).split()[-1].lower() not in _PLURAL_HEADS:
        return None
    singular = m.group(1)[:-1]
    if singular.lower().endswith("authoritie"):
        singular = singular[:-3] + "y"
    lab = body_label(f"Westby {singular}")  # a kind is a body once a place is put in front of it
    return singular if lab else None


_PLACE = re.compile(r"^(?:[A-Z][a-z'’-]+)(?:\s+(?:and|&|upon|on|in|under|le)\s+[A-Z][a-z'’-]+|\s+[A-Z][a-z'’-]+){0,3}$")


def _list_line(ctx: Context, b: Block, board: str, role: str, state: dict[str, Any] | None = None) -> None:
    # a table row's cells are separate fields: "Eastvale Fire and Rescue Service\tGroup Manager Jo
    # Bloggs" must not read as one long body name; the row's body is the first cell that names one
    raw = b.text
    if b.kind == "table_row" and b.cells:
        raw = next((c for c in b.cells if _leading_body(plain(_STRUCK.sub(lambda m: m.group(1), c)))),
                   b.cells[0])
    whole_struck = bool(re.fullmatch(r"\s*[-*•]?\s*~~.+~~\s*[.*\\]*\s*", raw))
    text = plain(_STRUCK.sub(lambda m: m.group(1) if whole_struck else "", raw)).strip(" *\\")
    if not text or len(text.split()) > (22 if role == "substitute" else 14):
        return
    if role == "member" and text.endswith(".") and len(text.split()) > 6:
        return  # a sentence, not a list entry
    state = state if state is not None else {}
    kind = _group_kind(text)
    if kind:
        state["group"] = kind
        return
    hit = _leading_body(text)
    if hit is None:
        from kg.extract.people import is_title

        hits = [h for h in _bodies(text) if not is_title(text[: h[1]]) and " - " not in h[3]]
        hit = hits[0] if hits and hits[0][0] <= 4 else None
    if hit is None and role == "substitute":
        hit = _named_before_any(text)
    if hit is None and state.get("group") and _PLACE.match(text):
        from kg.extract.people import body_label, parse_person

        name = f"{text} {state['group']}"
        lab = body_label(name)
        if lab and parse_person(text) is None:
            hit = (0, len(text), lab[0], name, lab[1])
    if hit is None:
        return
    last = hit[3].split()[-1].lower() if hit[3].split() else ""
    if last in _PLURAL_HEADS and last != "services" and not hit[3].isupper():
        return  # "The CSP Strategy Groups - any other member": a kind of body, not one body
    from kg.extract.bodies import classify, is_generic

    if classify(hit[3]) and is_generic(hit[3], hit[2]):
        return  # "County Council Assistant Director": which council is not said
    if hit[3] and not name_under_group(hit, state):
        state.pop("group", None)
    _member(ctx, b, hit, board, role, "deleted" if whole_struck else None)
    if b.kind == "table_row" and not whole_struck:
        _row_person(ctx, b, hit, board, role)


def _row_person(ctx: Context, b: Block, hit: tuple[int, int, str, str, dict[str, Any]], board: str,
                role: str) -> None:
    """A membership table row "| Eastvale Borough Council | Cllr. Jo Bloggs (Chair) |": the person
    in another cell sits on the board for the row's body, in the role the cell gives."""
    from kg.extract.people import split_entry
    from kg.extract.roles import person_ref, record_role

    for cell in b.cells:
        text = plain(_STRUCK.sub("", cell)).strip(" *\\")
        if not text or hit[3] in text or len(text.split()) > 10:
            continue
        e = split_entry(f"{text}, {hit[3]}")
        if e is None or e.org != hit[3]:
            continue
        cite = ctx.cite(b.start, b.end)
        pref = person_ref(ctx, e, cite)
        bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {"kind": "board"}))
        ctx.fact("MEMBER_OF", pref, bref, cite, role=e.person.chair or role, representing=hit[3])
        record_role(ctx, e, pref, ctx.mention(hit[2], hit[3], cite), cite)


_ANY_OTHER = re.compile(r"^(?:the\s+)?((?:[A-Z][\w'’&-]*)(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’&-]*){0,5}),?\s+"
                        r"(?:any|another)\s+(?:other\s+)?(?:appropriate\s+|nominated\s+|senior\s+)?"
                        r"(?:officer|member|representative)", re.I)


def _named_before_any(text: str) -> tuple[int, int, str, str, dict[str, Any]] | None:
    """A substitutes line "Public Health, any other appropriate officer.": what comes before names
    the body that sends the substitute, even without a body word (not a person, not a post)."""
    from kg.extract.bodies import sector_of
    from kg.extract.people import is_title, parse_person

    m = _ANY_OTHER.match(text)
    if not m:
        return None
    name = m.group(1)
    if parse_person(name, whole=True) is not None or is_title(name):
        return None
    return (m.start(1), m.end(1), "Organisation", name, {"sector": sector_of(name)})


def _named_in_list(text: str, found: list[tuple[int, int, str, str, dict[str, Any]]]
                   ) -> list[tuple[int, int, str, str, dict[str, Any]]]:
    """Items of a membership list ("representatives from Westby Council, Brightside, New Horizons
    Trust and Second Chance") that name no body word but are proper names of two or more words,
    not a person and not a post ("Second Chance", not "Youth Magistrate"): partner organisations."""
    from kg.extract.bodies import sector_of
    from kg.extract.people import is_title, parse_person

    out = []
    for m in re.finditer(r"(?:^|,\s*|\s+and\s+|\s+&\s+)(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){1,3})"
                         r"(?=\s*(?:,|\band\b|&|$|\())", text):
        name = m.group(1)
        if any(h[0] <= m.start(1) < h[1] or m.start(1) <= h[0] < m.end(1) for h in found):
            continue
        if is_title(name) or parse_person(name, whole=True) is not None:
            continue
        out.append((m.start(1), m.end(1), "Organisation", name, {"sector": sector_of(name)}))
    return out


def name_under_group(hit: tuple[int, int, str, str, dict[str, Any]], state: dict[str, Any]) -> bool:
    """Whether a hit was built from the group kind in force (so the group goes on)."""
    group = state.get("group")
    return bool(group) and hit[3].endswith(str(group))


def _prose(ctx: Context, b: Block) -> None:
    text = _STRUCK.sub(lambda m: " " * len(m.group(0)), b.text)  # struck words are not the text's word
    for m in _COMPRISE.finditer(text):
        sent_start = max(text.rfind(". ", 0, m.start()) + 1, 0)
        before = text[sent_start : m.start()]
        subj = [h for h in _bodies(before) if h[2] == "Board"]
        board: str | None
        if subj:
            board = _board_of(ctx, b, subj[-1][3]) or subj[-1][3]
        elif _GENERIC_SUBJECT.search(before):
            # "X Partnership is aimed at ... It is made up of A, B": "it" is the body the sentence
            # before was about; "the Board" is the board in force
            prev = [h for h in _bodies(text[max(text.rfind(". ", 0, sent_start - 1) + 1, 0):sent_start])
                    if h[2] == "Board"] if re.match(r"^\s*it\b", before, re.I) else []
            board = prev[0][3] if prev else _board_of(ctx, b)
        else:
            continue
        if not board:
            continue
        stop = re.search(r"\.\s|\.$", text[m.end() :])
        tail = text[m.end() : m.end() + stop.start()] if stop else text[m.end() :]
        ptail = plain(tail)
        found = _bodies(ptail)
        for h in found + _named_in_list(ptail, found):
            if not _person_for(ctx, b, ptail, h, board):
                _member(ctx, b, h, board, "member")
    for m in _OBSERVER.finditer(text):
        sent_start = max(text.rfind(". ", 0, m.start()) + 1, 0)
        hits = _bodies(plain(text[sent_start : m.start()]))
        board = _board_of(ctx, b)
        if hits and board:
            _member(ctx, b, hits[-1], board, "observer")
    for m in _CHAIR_WILL.finditer(text):
        after = plain(text[m.end() : m.end() + 160])
        hit = _leading_body(after)
        if hit is None:
            hits = _bodies(after)
            hit = hits[0] if hits and hits[0][0] <= 2 else None
        board = _board_of(ctx, b, m.group("body"))
        if hit and board:
            role = "vice_chair" if m.group("role").lower().startswith("vice") else "chair"
            _member(ctx, b, hit, board, role)


def _prefer_specific(ctx: Context) -> None:
    """Where a person is both a plain member and chair / vice-chair of the same board in this
    document, or a body both a member and an observer, keep the specific role only. (A body that
    provides the chair stays a member as well: its member sits on the board either way.)"""
    specific = {
        (f.start, f.end)
        for f in ctx.facts
        if f.type == "MEMBER_OF"
        and not f.props.get("status")
        and (
            f.props.get("role") == "observer"
            or f.props.get("role") in ("chair", "vice_chair")
            and f.start.label == "Person"
        )
    }
    ctx.facts[:] = [
        f
        for f in ctx.facts
        if not (
            f.type == "MEMBER_OF"
            and f.props.get("role") == "member"
            and not f.props.get("status")
            and (f.start, f.end) in specific
        )
    ]


# a line that ends on a joining word or mark goes on in the next block ("Westby Council and")
_GOES_ON = quick(r"(?:\b(?:and|of|for|the)|[,&–-])\s*$")


def _continues(text: str) -> bool:
    """Whether ``text`` ends on a joining word or mark. The match can only start in the last three
    characters before the trailing blanks, so only those are searched (not every position of a long
    block).

    >>> _continues("Westby Council and "), _continues("Westby Council"), _continues("Eastvale,")
    (True, False, True)
    """
    return _GOES_ON.search(text, max(0, len(text.rstrip()) - 3)) is not None


def run(ctx: Context) -> None:
    """MEMBER_OF from membership lists, substitute lists and membership prose."""
    prev: Block | None = None
    lists: dict[str, Any] = {}
    for b in ctx.blocks:
        cont = prev is not None and _continues(prev.text)
        prev = b
        if b.kind in ("attendance", "contact", "heading", "agenda_item") or cont:
            continue
        section = b.section or ""
        if _SUB_SECTION.search(section):
            board = _board_of(ctx, b)
            if board:
                _list_line(ctx, b, board, "substitute")
            continue
        if _LIST_SECTION.search(section) and b.kind in ("paragraph", "list_item", "table_row"):
            board = _board_of(ctx, b)
            if board:
                _list_line(ctx, b, board, "member", lists)
        else:
            lists.pop("group", None)
        if len(b.text) > 40 and _PROSE_HINT.search(b.text):
            _prose(ctx, b)
    _prefer_specific(ctx)
