"""Offices named without their holder, as ends of governance lines: "the Commissioner", "the
Chief Constable" (``offices`` in ``data/governance.yaml``).

"The Commissioner" is the commissioner's body the paper names ("Westby Police and Crime
Commissioner"), else the office itself ("Police and Crime Commissioner"); other offices are bodies
named after the office, as the data model names an office-holder the paper does not name. An
office written before a person's name is a rank or title, not an office reference ("Chief
Constable Jo Bloggs"). The entities go into the paper's entity index for the governance stage;
a mention is made only where a fact uses one.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> ex = extract(Document.from_text("t.txt", "Terms of reference\\n\\n"
...     "To provide the mechanism for the Commissioner to hold the Chief Constable to account."))
>>> [(f.type, f.start.name, f.end.name) for f in ex.facts if f.type == "HOLDS_TO_ACCOUNT"]
[('HOLDS_TO_ACCOUNT', 'Police and Crime Commissioner', 'Chief Constable')]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kg.extract.context import Context
from kg.extract.governance import vocab
from kg.extract.spans import Ent, index

_DEFAULT_COMMISSIONER = "Police and Crime Commissioner"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    names = sorted(vocab()["offices"], key=len, reverse=True)
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    # the office, not followed by a capitalised word (a person's name after a rank)
    return re.compile(rf"\b(?:[Tt]he|[Tt]heir|[Hh]is|[Hh]er)\s+(?P<office>{alt})\b(?!\s+[A-Z][a-z])")


def _commissioner(ctx: Context) -> tuple[str, dict[str, Any]]:
    for _s, _e, label, name, props in ctx.paper.bodies:
        # the office-holder's body ("Westby Police and Crime Commissioner"), not the office that
        # serves them ("Office of the Police and Crime Commissioner")
        if label == "Organisation" and props.get("sector") == "commissioner" and "ommissioner" in name and \
                not re.match(r"(?:the\s+)?office\b", name, re.I):
            return name, props
    return _DEFAULT_COMMISSIONER, {"sector": "commissioner"}


def run(ctx: Context) -> None:
    """Rule: office references as entities of the paper's entity index."""
    offices = vocab()["offices"]
    sectors = vocab().get("office_sectors") or {}
    idx = index(ctx)
    text = ctx.doc.text
    found: list[Ent] = []
    commissioner: tuple[str, dict[str, Any]] | None = None  # looked up once, on first need
    for m in _pattern().finditer(text):
        s, e = m.start("office"), m.end("office")
        if idx.overlaps(s, e):
            continue  # part of a longer name the paper gives ("Westby Police and Crime Commissioner")
        key = next(k for k in offices if re.fullmatch(re.escape(k).replace(r"\ ", r"\s+"), m.group("office")))
        body = offices[key]
        if body == "commissioner":
            commissioner = commissioner or _commissioner(ctx)
            name, props = commissioner
        else:
            name, props = str(body), ({"sector": sectors[key]} if key in sectors else {})
        found.append(Ent(s, e, "Organisation", name, dict(props)))
    board = ctx.paper.board or ctx.paper.own_board
    if board:  # "support to the panel": the paper's own board, named by its kind in lower case
        kind = board.split()[-1].lower()
        for m in re.finditer(rf"\bthe\s+({re.escape(kind)})\b", text):
            if not idx.overlaps(m.start(1), m.end(1)):
                found.append(Ent(m.start(1), m.end(1), "Board", board, {"ref": True}))
    if found:
        idx.extend(found)


def held_office(title: str) -> str | None:
    """The sector of the body an office is held in, when ``title`` is an office of
    ``office_holders`` (qualifiers such as "Temporary" or "T/" aside), else None.

    >>> held_office("Police and Crime Commissioner"), held_office("T/Chief Constable")
    ('commissioner', 'policing')
    >>> held_office("Chief Executive") is None
    True
    """
    v = vocab()
    quals = {q.lower() for q in v["office_qualifiers"]}
    words = re.sub(r"^[A-Z]/", "", title.strip()).split()
    while words and words[0].lower() in quals:
        words = words[1:]
    return {k.lower(): str(s) for k, s in v["office_holders"].items()}.get(" ".join(words).lower())


_COUNCIL = re.compile(r".*?\bCouncil\b")  # a council's name, up to its word "Council"


def _council_committee(ctx: Context) -> bool:
    """Whether the paper's own board is one council's committee (not a joint one): its councillors
    sit on that council."""
    board = ctx.paper.board or ctx.paper.own_board
    if not board:
        return False
    kind = (ctx.paper.boards.get(board) or {}).get("kind")
    return kind == "committee" and not re.search(r"\bjoint\b", board, re.I)


def holder_body(ctx: Context, title: str) -> tuple[str, str, dict[str, Any]] | None:
    """Where a person whose line gives an office and no body ("Jo Bloggs – Police and Crime
    Commissioner") holds it: the organisation of the office's sector the paper names, an
    "Office of ..." first (the commissioner's office), and of several the one named at least twice
    as often as any other; None when the paper names none, or none stands out."""
    sector = held_office(title)
    if sector is None:
        return None
    # the answer depends on the office's sector only: worked out once per paper and sector (asked for
    # every person listed with an office, it was a scan of every body the paper names each time)
    cache: dict[str, tuple[str, str, dict[str, Any]] | None] = ctx.memo.setdefault("_holder_body", {})
    if sector not in cache:
        cache[sector] = _sector_body(ctx, sector)
    got = cache[sector]
    return (got[0], got[1], dict(got[2])) if got else None


def _sector_body(ctx: Context, sector: str) -> tuple[str, str, dict[str, Any]] | None:
    """The body of ``sector`` the paper names most, as :func:`holder_body` chooses it."""
    counts: dict[str, int] = {}
    for _s, _e, label, name, props in ctx.paper.bodies or []:
        if label == "Organisation" and props.get("sector") == sector and not props.get("ref"):
            if sector == "local_government":
                # a councillor sits on the council, not in its department ("Westby Council Democratic
                # Services"); a local body that is no council is not where a councillor sits
                cm = _COUNCIL.match(name)
                if cm is None:
                    continue
                name = cm.group(0)
            counts[name] = counts.get(name, 0) + 1
    board = ctx.paper.board or ctx.paper.own_board
    if sector == "local_government" and not counts and board and board.endswith(" Council") and _council_committee(ctx):
        # the council's own minutes ("Westby Parish Council" in session): its councillors are its own
        return board, "Organisation", {"sector": sector}
    if sector == "local_government" and (len(counts) != 1 or not _council_committee(ctx)):
        # councillors of a paper naming several councils, or of a panel or partnership drawn from
        # several councils, may sit on any of them
        return None
    offices = {n: c for n, c in counts.items() if re.match(r"(?:the\s+)?office\s+of\b", n, re.I)}
    top = sorted((offices or counts).items(), key=lambda kv: (-kv[1], kv[0]))
    if not top or len(top) > 1 and top[1][1] * 2 > top[0][1]:
        return None
    return top[0][0], "Organisation", {"sector": sector}
