"""Organisations named only in a list of contributors: "with contributions from CAMHS,
Brightway Active and Second Step", "partners such as Safe Homes and Northvale Council".

A name there carries no body word ("Trust", "Council"), so no other rule knows it is an
organisation; the phrase before the list does. The phrases are data
(``partner_list_cues`` in ``bodies.yaml``). Every item of the list must read as a proper
name (capitalised words, or an acronym), and none may be a person, a place the document
names as the area of a local body, or a name of another kind the document already knows
(a plan, a project); otherwise the whole list is left alone. Two capitalised words may be
a person's name as well as a charity's, so at least one item must be what no person is
called: an acronym, a name with a body word, a body the document knows.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> ex = extract(Document.from_text("d.txt", "Sessions had contributions from Safe Harbour, "
...                                  "Northvale Borough Council and Brightway Active.\\n"))
>>> sorted(m.name for m in ex.mentions if m.label == "Organisation")
['Brightway Active', 'Northvale Borough Council', 'Safe Harbour']
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from kg.extract import bodies
from kg.extract.context import Context
from kg.extract.people import parse_person
from kg.extract.plans import known_areas
from kg.extract.spans import index

_ITEM = r"(?:[A-Z][\w&'’+-]*(?:\s+(?:of|and|for|the|[A-Z][\w&'’+-]*)){0,4})"
# the list ends the sentence or the clause
_END = re.compile(r"\s*(?:[.;:)]|,\s*(?:which|who|as|to|for|with|in|and\s+(?:a|an|the|other|more|local|partner)\b)"
                  r"|\s+(?:for|to|in|on|at|who|which|as)\b|\s*$)")


@lru_cache(maxsize=1)
def _cue() -> re.Pattern[str]:
    words = sorted(bodies.vocab()["partner_list_cues"], key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    # "contributions during sessions from": up to three words may sit between cue and "from"
    return re.compile(rf"\b(?:{alt})(?:\s+[a-z]+){{0,3}}?\s+(?:from|by|including|such\s+as|like)\s+(?:the\s+)?")


def _split(listed: str) -> list[tuple[int, str]]:
    """Items of "A, B and C" with their offsets inside ``listed``."""
    out = []
    pos = 0
    for part in re.split(r"(\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", listed):
        if part and not re.fullmatch(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", part):
            out.append((pos, part))
        pos += len(part)
    return out


def _lower_words(ctx: Context) -> set[str]:
    """Words the document writes in lower case (read once per document): "Members" in a
    list is the common noun, not a body's name."""
    cached = ctx.memo.get("_lower_words")
    if cached is None:
        cached = set(re.findall(r"\b[a-z][a-z'’-]+\b", ctx.doc.text))
        ctx.memo["_lower_words"] = cached
    return cached  # type: ignore[no-any-return]


def run(ctx: Context) -> None:
    """Rule: Organisation mentions for the items of a list of contributors or partners."""
    text = ctx.doc.text
    if not any(w in text for w in (" from ", " such as ", " including ")):
        return
    idx = index(ctx)
    areas = known_areas(ctx)
    people = {w for m in ctx.mentions if m.label == "Person" for w in m.name.split()}
    stop = bodies.vocab()["_stop"]
    for m in _cue().finditer(text):
        lm = re.compile(rf"{_ITEM}(?:\s*,\s*{_ITEM})*(?:,?\s+(?:and|&)\s+{_ITEM})").match(text, m.end())
        if not lm or not _END.match(text, lm.end()):
            continue
        items = _split(lm.group(0))
        if len(items) < 2:
            continue
        # names the document knows, "Westshire Fire and Rescue Service" with its "and" among them
        near = [x for x in idx.within(m.end(), lm.end() + 80) if x.start < lm.end()]
        spans: list[tuple[int, int]] = []
        for off, name in items:
            s, e = m.end() + off, m.end() + off + len(name)
            if spans and any(x.start <= spans[-1][0] and x.end >= e for x in near):
                spans[-1] = (spans[-1][0], e)  # one known name split at its "and"
            else:
                spans.append((s, e))
        ents: list[tuple[int, int, str, tuple[str, dict[str, object]] | None]] = []
        evidence = False  # some item that cannot be a person's name: a body, an acronym
        for s, e in spans:
            name = text[s:e]
            known = [x for x in near if x.start < e and x.end > s]
            if known:
                if len(known) > 1 or known[0].label not in ("Organisation", "Board") or known[0].start > s or \
                        known[0].end < e:
                    ents = []
                    break  # a plan, a project or a part of a name: not a list of bodies
                evidence = True
                continue
            words = name.split()
            pn = parse_person(name, whole=True)
            if pn is not None and (pn.honorific or pn.rank_title or re.match(r"[A-Z]\.?\s", name)):
                ents = []
                break  # a list of people
            evidence = evidence or pn is None
            if name in areas or words[-1] in people or words[0].lower() in stop or name.lower() in stop or \
                    (len(words) == 1 and not name.isupper() and name.lower() in _lower_words(ctx)):
                ents = []
                break
            cls = bodies.classify(name)
            if cls is None and (len(name) > 60 or not all(w[:1].isupper() or w in ("of", "and", "for", "the")
                                                          for w in words)):
                ents = []
                break
            ents.append((s, e, name, cls))
        if not evidence:
            continue  # "Jo Smith and Sam Reed" may be people as well as bodies
        for s, e, name, cls in ents:
            label, props = (cls[0], dict(cls[1])) if cls else ("Organisation", {"sector": "other"})
            ctx.mention(label, name, ctx.cite(s, e), props)


_BRACKET_LIST = re.compile(r"\s*\((?P<list>[^()]{5,300})\)")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?")


def run_bracketed_members(ctx: Context) -> None:
    """Rule: a board named with its member bodies in brackets, "the Westby Community Safety
    Partnership (Westby Borough Council, Westshire County Council and Westshire Police)": each
    body listed is a member. Every item must be a body the paper names there, or the brackets
    say something else (an acronym, a date, a note).

    >>> from kg.loaders.base import Document
    >>> from kg.extract import extract
    >>> ex = extract(Document.from_text("d.txt", "The Westby Safety Partnership (Westby Borough Council,"
    ...                                  " Westshire County Council and Westshire Police) formed in 1998.\\n"))
    >>> sorted(f.start.name for f in ex.facts if f.type == "MEMBER_OF")
    ['Westby Borough Council', 'Westshire County Council', 'Westshire Police']
    """
    text = ctx.doc.text
    hits = sorted(ctx.paper.bodies, key=lambda h: h[0])
    starts = [h[0] for h in hits]

    for h in hits:
        if h[2] != "Board":
            continue
        m = _BRACKET_LIST.match(text, h[1])
        if m is None:
            continue
        # walk the list: a body the paper names, a separator, the next body ... up to the bracket
        pos, end = m.start("list"), m.end("list")
        members: list[tuple] = []
        while pos < end:
            k = bisect.bisect_left(starts, pos)
            here = [x for x in hits[k:k + 3] if x[0] == pos and x[2] in ("Organisation", "Board") and x[1] <= end]
            if not here:
                members = []
                break  # an item that is no body the paper names: the brackets are not a list of members
            x = max(here, key=lambda x: x[1])
            members.append(x)
            sep = _LIST_SEP.match(text, x[1], end)
            if sep is None:
                if x[1] != end:
                    members = []
                break
            pos = sep.end()
        if len(members) < 2:
            continue
        cite = ctx.cite(h[0], m.end())
        board = ctx.mention("Board", h[3], cite, dict(h[4]))
        for x in members:
            ctx.fact("MEMBER_OF", ctx.mention(x[2], x[3], cite, dict(x[4])), board, cite, role="member")
