"""The state one document's extraction works on, shared by every rule module.

A rule module is a function ``run(ctx: Context) -> None`` that reads
``ctx.blocks`` / ``ctx.doc.text`` and calls :meth:`Context.mention` and
:meth:`Context.fact`. Citations are made from character offsets with
:meth:`Context.cite`, so every fact carries the verbatim text and its line.

>>> from kg.loaders.base import Document
>>> ctx = Context(Document.from_text("d.txt", "Minutes\\nJane Smith, Chair\\n"))
>>> c = ctx.cite(8, 18)
>>> (c.line, c.text)
(2, 'Jane Smith')
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from kg.loaders.base import Document
from kg.model import Cite, DocInfo, Extraction, Fact, Mention, Ref


@dataclass
class Block:
    """A structural unit of a document: ``kind`` is one of heading, paragraph, list_item,
    table_row, attendance (a line inside a PRESENT/Apologies block), contact, agenda_item.
    ``start``/``end`` are offsets into ``doc.text``; ``cells`` holds a table row's cells;
    ``section`` the nearest heading above; ``meta`` anything a parser wants to pass on
    (e.g. ``{"attendance": "apologies"}``)."""

    kind: str
    start: int
    end: int
    text: str
    section: str = ""
    cells: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Paper:
    """What the stages learn about the paper as a whole and pass on to later stages (typed, so
    that every producer and reader of a value is visible): the paper's own board, its
    meetings, the acronyms it defines, the bodies it names, its main plan, and the
    affiliations read for people whose roles are completed at the end."""

    board: str | None = None  # the paper's own board (first meeting header or title naming one)
    boards: dict[str, dict[str, Any]] = field(default_factory=dict)  # board name -> props, from headers
    meetings: dict[str, str] = field(default_factory=dict)  # ISO date -> meeting name
    # (offset, board, meeting name) in text order: which meeting is in force at an offset
    meeting_marks: list[tuple[int, str | None, str | None]] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)  # acronym -> full name the paper defines
    bodies: list[Any] = field(default_factory=list)  # (start, end, label, name, props) of every body hit
    own_board: str | None = None  # the board guessed from the title when no header names one
    main_plan: Any = None  # the plan entity the paper is mostly about ("the Plan")
    affiliations: dict[str, Any] = field(default_factory=dict)  # person key -> (org, label, props)
    pending_roles: list[Any] = field(default_factory=list)  # (person ref, title, cite) done last


class Context:
    """Collects mentions and facts for one document."""

    def __init__(self, doc: Document, blocks: list[Block] | None = None) -> None:
        self.doc = doc
        self.blocks: list[Block] = blocks or []
        self.mentions: list[Mention] = []
        self.facts: list[Fact] = []
        self.paper = Paper()
        # derived values a stage computes once per document and reuses (sentence spans, indexes);
        # keyed by the private name of the helper that fills it, never read across stages
        self.memo: dict[str, Any] = {}
        self._mention_at: dict[tuple[str, str, int], Mention] = {}

    # -- citations ---------------------------------------------------------
    def cite(self, start: int, end: int) -> Cite:
        """A citation of ``doc.text[start:end]`` (stripped), with its line and page.

        In a paper with pages (PDF) the quote stops at the first page start inside the span, so
        that it lies on the page its citation names (see :meth:`on_one_page`).
        """
        start, end = self.on_one_page(start, end)
        text = self.doc.text[start:end]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        line, page = self.doc.locate(start + lead)
        ocr = page is not None and page in self.doc.ocr_pages  # a scanned page read by OCR
        return Cite(doc=self.doc.id, line=line, text=text, page=page, ocr=ocr)

    def on_one_page(self, start: int, end: int) -> tuple[int, int]:
        """The part of ``start..end`` on one page: cut at the first page start inside it.

        A span that runs over a page break (a contact block whose name ends one page and whose
        job title starts the next, a report's heading above the page break and its date below)
        keeps its part on the first page, the page its citation names; a part with no letter or
        digit there (markup, white space) gives way to the next page's. Papers without pages
        (TXT, DOCX, HTML) are untouched.

        >>> doc = Document.from_text("a.pdf", "Jo Bloggs\\n\\nChief Officer\\n", page_starts=[0, 11])
        >>> ctx = Context(doc)
        >>> ctx.on_one_page(0, 24), ctx.cite(0, 24).text, ctx.cite(0, 24).page
        ((0, 11), 'Jo Bloggs', 1)
        >>> ctx.cite(9, 24).text, ctx.cite(9, 24).page    # nothing but white space on page 1
        ('Chief Officer', 2)
        """
        starts = self.doc.page_starts
        if not starts:
            return start, end
        text = self.doc.text
        i = bisect.bisect_right(starts, start)
        while i < len(starts) and starts[i] < end:
            if any(ch.isalnum() for ch in text[start:starts[i]]):
                return start, starts[i]
            start = starts[i]
            i += 1
        return start, end

    def cite_block(self, block: Block) -> Cite:
        return self.cite(block.start, block.end)

    # -- output --------------------------------------------------------------
    def mention(self, label: str, name: str, cite: Cite, props: dict[str, Any] | None = None,
                aliases: list[str] | None = None) -> Ref:
        """Record that an entity was seen; returns its Ref for use in facts."""
        name = " ".join(name.split())
        key = (label, name, cite.line)
        seen = self._mention_at.get(key)
        if seen is None:
            m = Mention(label, name, cite, dict(props or {}), list(aliases or []))
            self._mention_at[key] = m
            self.mentions.append(m)
        else:  # the same entity again on the same line: keep one mention, add what is new
            for k, v in (props or {}).items():
                seen.props.setdefault(k, v)
            seen.aliases.extend(a for a in (aliases or []) if a not in seen.aliases)
        return Ref(label, name)

    def fact(self, rtype: str, start: Ref, end: Ref, cite: Cite, **props: Any) -> None:
        """Record a relationship; None-valued props are dropped."""
        if start == end:
            return
        self.facts.append(Fact(rtype, start, end, cite, {k: v for k, v in props.items() if v is not None}))

    def result(self) -> Extraction:
        d = self.doc
        return Extraction(DocInfo(d.id, d.sha256, d.title, d.date, d.path, d.format),
                          self.mentions, self.facts)
