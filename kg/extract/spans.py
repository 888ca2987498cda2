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
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.extract.context import Context
from kg.extract.quickre import fold

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
    """Sentence spans of the document (cached): each line is split at sentence ends. The list is
    the caller's own copy."""
    return list(_sentence_list(ctx))


def _sentence_list(ctx: Context) -> list[tuple[int, int]]:
    """The cached sentence spans themselves, not a copy: for look-ups by offset, which would
    otherwise copy every sentence of the paper for each one (quadratic in a long paper)."""
    cached = ctx.memo.get("_sentences")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
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
    return out


@dataclass
class Tally:
    """The organisations of one sector in an index: how many entities name each, and the first
    (in the index's order) of each name."""

    counts: dict[str, int] = field(default_factory=dict)
    first: dict[str, Ent] = field(default_factory=dict)

    def count(self, sector: str, ent: Ent, ahead_of_equal: bool) -> None:
        """Count ``ent``, which comes before the entities at its own offset when ``ahead_of_equal``."""
        if ent.label != "Organisation" or ent.props.get("sector") != sector:
            return
        self.counts[ent.name] = self.counts.get(ent.name, 0) + 1
        was = self.first.get(ent.name)
        if was is None or ent.start < was.start or (ahead_of_equal and ent.start == was.start):
            self.first[ent.name] = ent


def has_word(ctx: Context, words: frozenset[str] | None, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds one of ``words`` (a pattern's :func:`~kg.extract.quickre.
    needed` words; None: cannot tell, so True). The paper is folded once and sliced, so a rule
    skips the lines or sentences its pattern cannot match with a test far cheaper than the search."""
    if words is None:
        return True
    low = ctx.memo.get("_folded")
    if low is None:
        low = ctx.memo["_folded"] = fold(ctx.doc.text)
    if len(low) != len(ctx.doc.text):  # (never: folding keeps every offset; a guard all the same)
        low = fold(ctx.doc.text[start:end])
        start, end = 0, len(low)
    return any(low.find(w, start, end) >= 0 for w in words)


class EntIndex:
    """All entities of a document sorted by offset, for span look-ups."""

    def __init__(self) -> None:
        self.ents: list[Ent] = []
        self._starts: list[int] = []
        self._version = 0  # bumped by every addition: what was derived from fewer entities is stale
        self._derived: dict[Any, tuple[int, Any]] = {}
        self._tallies: dict[str, Tally] = {}

    def add(self, ent: Ent) -> None:
        i = bisect.bisect_left(self._starts, ent.start)
        self.ents.insert(i, ent)
        self._starts.insert(i, ent.start)
        self._version += 1
        for sector, tally in self._tallies.items():
            tally.count(sector, ent, ahead_of_equal=True)  # inserted before the entities at its offset

    def extend(self, ents: list[Ent]) -> None:
        """Add many entities at once (one sort, not one insertion each)."""
        self.ents = sorted(self.ents + ents, key=lambda x: x.start)
        self._starts = [x.start for x in self.ents]
        self._version += 1
        for sector, tally in self._tallies.items():
            for ent in ents:  # a stable sort: after the entities already at its offset
                tally.count(sector, ent, ahead_of_equal=False)

    def tally(self, sector: str) -> Tally:
        """How often each organisation of ``sector`` is named, kept up to date as entities are
        added (asked for once per table, it would otherwise be counted over all entities each time)."""
        got = self._tallies.get(sector)
        if got is None:
            got = self._tallies[sector] = Tally()
            for ent in self.ents:
                got.count(sector, ent, ahead_of_equal=False)
        return got

    def derived(self, key: Any, make: Callable[[], Any]) -> Any:
        """``make()``, a value computed from all the entities, kept under ``key`` until an entity
        is added: rules that ask for it once per table or sentence would otherwise scan every
        entity of the paper each time (quadratic in a long paper)."""
        got = self._derived.get(key)
        if got is None or got[0] != self._version:
            got = self._derived[key] = (self._version, make())
        return got[1]

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


class Spans:
    """A set of spans asked, for many others, whether any of them it holds meets one: one starts
    inside it, or it starts inside one (by bisection, not by a scan of all spans for each).

    >>> sp = Spans([(10, 20), (30, 30)])
    >>> sp.meets(15, 40), sp.meets(5, 10), sp.meets(25, 31), sp.meets(20, 25)
    (True, False, True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [a for a, _ in spans]
        # the furthest end of the spans up to each one (a long span may cover later starts)
        self._reach = list(itertools.accumulate((b for _, b in spans), max))

    def meets(self, start: int, end: int) -> bool:
        """Whether a span ``a``-``b`` held has ``a <= start < b`` or ``start <= a < end``."""
        i = bisect.bisect_left(self._starts, start)
        if i < len(self._starts) and self._starts[i] < end:
            return True  # a span starts inside start..end
        k = bisect.bisect_right(self._starts, start)  # the spans starting at or before start
        return k > 0 and self._reach[k - 1] > start


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


_THE = re.compile(r"[Tt]he\s")


def index(ctx: Context) -> EntIndex:
    """The document's entity index (created empty on first use; rules add to it)."""
    idx = ctx.memo.get("_ents")
    if idx is None:
        idx = EntIndex()
        for s, e, label, name, props in ctx.paper.bodies:
            ref = bool(props.get("ref")) or bool(_THE.match(ctx.doc.text[s:e]))
            idx.add(Ent(s, e, label, name, {**props, "ref": True} if ref else props))
        ctx.memo["_ents"] = idx
    return idx  # type: ignore[no-any-return]


def sentence_at(ctx: Context, pos: int) -> tuple[int, int]:
    """The sentence span holding offset ``pos``."""
    sents = _sentence_list(ctx)
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
