"""Sentences and named things by offset, shared by the governance, money and plan rules.

Each rule needs the same two views of a document: its sentences (a table row counts
as one) and, for any span, the bodies, plans, funds and projects named inside it.
Both are computed once per document and kept in ``ctx.memo``.

>>> from kg.loaders.base import Document
>>> from kg.extract.context import Context
>>> ctx = Context(Document.from_text("d.txt", "First one. Second one\\nA\\tB\\n"))
>>> [ctx.doc.text[s:e] for s, e in sentences(ctx)]
['First one.', 'Second one', 'A\\tB']
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from kg.extract.context import Context

# A sentence ends at . ! ? followed by space and a capital, quote or bracket; not after
# a title or initial ("Cllr. Smith", "J. Smith", "e.g. Police").
_SENT_END = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bCllr\.)(?<!\be\.g\.)"
                       r"(?<!\bi\.e\.)(?<!\bNo\.)(?<!\bSt\.)\s+(?=[A-Z\"“'(\[*#])")


@dataclass(frozen=True)
class Ent:
    """A named thing at ``start``-``end`` of the document text."""

    start: int
    end: int
    label: str
    name: str
    props: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def sentences(ctx: Context) -> list[tuple[int, int]]:
    """Sentence spans of the document (cached): each line is split at sentence ends."""
    cached = ctx.memo.get("_sentences")
    if cached is not None:
        return list(cached)
    text = ctx.doc.text
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            if "\t" in line:
                out.append((pos, end))
            else:
                s = pos
                for m in _SENT_END.finditer(line):
                    out.append((s, pos + m.start()))
                    s = pos + m.end()
                if s < end:
                    out.append((s, end))
        pos = end + 1
    ctx.memo["_sentences"] = out
    return list(out)


class EntIndex:
    """All entities of a document sorted by offset, for span look-ups."""

    def __init__(self) -> None:
        self.ents: list[Ent] = []
        self._starts: list[int] = []

    def add(self, ent: Ent) -> None:
        i = bisect.bisect_left(self._starts, ent.start)
        self.ents.insert(i, ent)
        self._starts.insert(i, ent.start)

    def extend(self, ents: list[Ent]) -> None:
        """Add many entities at once (one sort, not one insertion each)."""
        self.ents = sorted(self.ents + ents, key=lambda x: x.start)
        self._starts = [x.start for x in self.ents]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any entity shares a character with ``start``-``end``."""
        j = bisect.bisect_left(self._starts, end)
        return any(x.end > start for x in self.ents[max(0, j - 30):j])

    def within(self, start: int, end: int, labels: set[str] | None = None) -> list[Ent]:
        """Entities that lie inside ``start``-``end`` (longest first at equal starts)."""
        i = bisect.bisect_left(self._starts, start)
        out: list[Ent] = []
        while i < len(self.ents) and self.ents[i].start < end:
            e = self.ents[i]
            if e.end <= end and (labels is None or e.label in labels):
                out.append(e)
            i += 1
        return _drop_nested(out)


def _drop_nested(ents: list[Ent]) -> list[Ent]:
    """Keep the outermost entity where two overlap ("Safer Streets Board" inside
    "Safer Streets Board Action Plan")."""
    if len(ents) < 2:
        return list(ents)  # most sentences name one thing or none: nothing to sort or drop
    ents = sorted(ents, key=lambda e: (e.start, -(e.end - e.start)))
    out: list[Ent] = []
    for e in ents:
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def index(ctx: Context) -> EntIndex:
    """The document's entity index (created empty on first use; rules add to it)."""
    idx = ctx.memo.get("_ents")
    if idx is None:
        idx = EntIndex()
        for s, e, label, name, props in ctx.paper.bodies:
            ref = bool(props.get("ref")) or bool(re.match(r"[Tt]he\s", ctx.doc.text[s:e]))
            idx.add(Ent(s, e, label, name, {**props, "ref": True} if ref else props))
        ctx.memo["_ents"] = idx
    return idx  # type: ignore[no-any-return]


def sentence_at(ctx: Context, pos: int) -> tuple[int, int]:
    """The sentence span holding offset ``pos``."""
    sents = sentences(ctx)
    starts = ctx.memo.get("_sentence_starts")
    if starts is None or len(starts) != len(sents):
        starts = [s for s, _ in sents]
        ctx.memo["_sentence_starts"] = starts
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and sents[i][0] <= pos <= sents[i][1]:
        return sents[i]
    return pos, pos


# props the rules pass between themselves, not properties of the node
_INTERNAL = {"aliases", "owner", "generic", "ref"}


def mention(ctx: Context, ent: Ent) -> Any:
    """Record ``ent`` as a mention and return its Ref."""
    aliases = [a for a in ent.props.get("aliases", []) if a != ent.name]
    props = {k: v for k, v in ent.props.items() if k not in _INTERNAL}
    return ctx.mention(ent.label, ent.name, ctx.cite(ent.start, ent.end), props, aliases)
