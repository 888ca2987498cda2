"""The Document every loader returns, and the errors a loader may raise.

A Document is the text of one file plus what is needed to cite it: the
offsets at which each line (and, for PDF, each page) starts, so that any
character offset in ``text`` maps back to a line and page of the source.

>>> d = Document.from_text("a.txt", "Title\\nline two\\n", path="a.txt")
>>> d.locate(7)
(2, None)
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path


class LoadError(Exception):
    """A file could not be read as a document. The message is one line, for the user."""


@dataclass
class Document:
    """One loaded document.

    ``id`` is the file name (e.g. ``001_6c4d9bdf2bb078e0.txt``): it is what
    ``sources`` lists on nodes and relationships. ``line_starts[i]`` is the
    offset of line ``i + 1``; ``page_starts`` (PDF only) the offset of each page.
    """

    id: str
    text: str
    sha256: str
    path: str = ""
    format: str = "text"
    title: str = ""
    date: str | None = None
    line_starts: list[int] = field(default_factory=list)
    page_starts: list[int] | None = None
    #: things the loader had to skip or guess (e.g. a PDF page whose text could not be read)
    warnings: list[str] = field(default_factory=list)
    #: 1-based numbers of the PDF pages whose text was read by OCR from a scan (not the text layer)
    ocr_pages: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.line_starts:
            self.line_starts = line_offsets(self.text)

    @staticmethod
    def digest(raw: bytes) -> str:
        """The sha256 (hex) of a file's bytes, as ``Document.sha256`` holds it.

        >>> Document.digest(b"Hello")[:8]
        '185f8db3'
        """
        return hashlib.sha256(raw).hexdigest()

    @classmethod
    def from_text(cls, doc_id: str, text: str, *, path: str = "", fmt: str = "text",
                  raw: bytes | None = None, page_starts: list[int] | None = None,
                  sha256: str | None = None, title: str | None = None,
                  warnings: list[str] | None = None, ocr_pages: list[int] | None = None) -> Document:
        """Build a Document from extracted text.

        The text is normalised (:func:`kg.loaders.normalise.normalise_text`: valid Unicode, NFC,
        no control characters) and the id and path made printable (``safe_name``). The sha256 is
        ``sha256`` if given, else that of ``raw`` (the file bytes), else of the
        text. The title is ``title`` if given and non-empty, else guessed from the text
        (else the file stem); the date is guessed from the text.

        >>> Document.from_text("x.txt", "Hello").sha256[:8]
        '185f8db3'
        """
        from kg.loaders.meta import guess_date, guess_title  # late import: meta imports nothing heavy
        from kg.loaders.normalise import normalise_text, safe_name

        # every format's text is normalised here, page by page so that page offsets stay true
        if page_starts:
            bounds = [*page_starts[1:], len(text)]
            pages = [normalise_text(text[a:b]) for a, b in zip(page_starts, bounds, strict=True)]
            page_starts = [0, *itertools.accumulate(len(p) for p in pages[:-1])]
            text = "".join(pages)
        else:
            text = normalise_text(text)
        doc_id, path = safe_name(doc_id), safe_name(path)
        if sha256 is None:
            sha256 = cls.digest(raw if raw is not None else text.encode("utf-8"))

        return cls(id=doc_id, text=text, sha256=sha256, path=path, format=fmt,
                   title=normalise_text(title or "").strip() or guess_title(text) or Path(doc_id).stem,
                   date=guess_date(text), page_starts=page_starts, warnings=list(warnings or []),
                   ocr_pages=sorted(ocr_pages or []))

    def locate(self, offset: int) -> tuple[int, int | None]:
        """Return ``(line, page)`` (1-based; page None when the format has no pages) of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        page = bisect.bisect_right(self.page_starts, offset) if self.page_starts else None
        return max(line, 1), page

    def cite(self, offset: int) -> str:
        """Where an offset is, for a citation: ``line 2``, ``page 3, line 40``, or with ``(OCR)``
        when the page was read by OCR from a scan (its quote may differ from the page).

        >>> Document.from_text("a.pdf", "one\\ntwo\\n", page_starts=[0, 4], ocr_pages=[2]).cite(5)
        'page 2, line 2 (OCR)'
        """
        line, page = self.locate(offset)
        if page is None:
            return f"line {line}"
        return f"page {page}, line {line}" + (" (OCR)" if page in self.ocr_pages else "")

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its newline.

        >>> Document.from_text("a.txt", "one\\ntwo\\n").line_text(2)
        'two'
        """
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end]


def line_offsets(text: str) -> list[int]:
    """Offsets at which each line of ``text`` starts.

    >>> line_offsets("a\\nbc\\n")
    [0, 2, 5]
    """
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts
