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
from kg.extract.people import people_vocab, split_entry
from kg.extract.roles import person_ref, record_role
from kg.extract.spans import sentences
from kg.model import Ref

_BLOCKS = ("paragraph", "list_item", "agenda_item")
_MAX_HEAD_WORDS = 14  # a name with its title and body is at most this long before the verb


@lru_cache(maxsize=1)
def _verb() -> re.Pattern[str]:
    verbs = "|".join(sorted({re.escape(v) for v in people_vocab()["minutes_verbs"]}, key=len, reverse=True))
    # the head (name, title, body) ends at the verb; "(Chair)" or "(SL)" may follow the name
    return re.compile(rf"(?P<head>[A-Z][^.;:]*?)\s*,?\s+(?:also\s+|then\s+|briefly\s+)?(?:{verbs})\b")


def _apologies(ctx: Context, meeting: str) -> set[str]:
    return {f.start.name for f in ctx.facts
            if f.type == "ATTENDED" and f.end.name == meeting and f.props.get("apologies")}


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
        m = verb.match(text, s, e)
        if m is None or len(m.group("head").split()) > _MAX_HEAD_WORDS:
            continue
        entry = split_entry(m.group("head"))
        if entry is None or entry.rest or not (entry.person.honorific or len(entry.person.name.split()) >= 2):
            continue
        _board, meeting = meeting_at(ctx, s)
        if meeting is None or entry.person.name in _apologies(ctx, meeting):
            continue
        cite = ctx.cite(s, e)
        pref = person_ref(ctx, entry, cite)
        ctx.fact("ATTENDED", pref, Ref("Meeting", meeting), cite, apologies=False)
        if entry.title or entry.org:
            org = ctx.mention(entry.org_label, entry.org, cite, entry.org_props) if entry.org else None
            record_role(ctx, entry, pref, org, cite)
