"""A PDF page's layout read into lines and tables, in reading order.

:func:`read_page` turns one page's words and strokes (:mod:`kg.loaders.pdfpage`) into
:class:`Line` and :class:`TableBlock` elements: tables are found from the page's ruling lines
(pdfplumber's table finder: strokes merged, crossings, cells, tables) and their cells
filled from the words inside them; the other words are grouped into lines; a page whose
text stands in two columns with a clear gutter is read column by column (a full-width
line or table between column runs is read where it stands). Struck-through words (a
horizontal rule through the middle of the characters) are marked, and bold runs where
the weight of the characters changes, inside a word too. :func:`assemble` then
writes the pages as the text every kg loader hands extraction (see ``loaders/__init__``):
running headers, footers and page numbers dropped, paragraphs that wrap onto several
lines joined into one line with end-of-line hyphenation repaired, headings as ``#`` lines
by font size, table rows as TAB-separated cells with the header row first (a header
repeated on a continuation page is dropped).

The thresholds are in ``layout.yaml`` beside this module.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.loaders.pdfpage import PageContent, Rule, Word

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["Line", "TableBlock", "PageLayout", "read_page", "assemble", "settings"]


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The layout thresholds (``layout.yaml``)."""
    with open(Path(__file__).with_name("layout.yaml"), encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.load(fh, Loader=_YAML_LOADER)
    return data


@dataclass
class Line:
    """One line of text in one column: its words left to right and its box."""

    words: list[Word]
    col: int = 0                    # 0 full width, 1 left column, 2 right column

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @cached_property
    def size(self) -> float:
        """The font size of most of the line's characters (read once: the writer asks often)."""
        sizes: Counter[float] = Counter()
        for w in self.words:
            sizes[round(w.size, 1)] += len(w.text)
        return sizes.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        strong = sum(len(t) for w in self.words for t, b in w.pieces() if b)
        return strong >= 0.8 * sum(len(w.text) for w in self.words)

    def text(self, bold: bool = False) -> str:
        """The words joined by spaces, struck-through runs between ``~~`` (and bold ones between ``**``)."""
        return _marked(self.words, bold)


@dataclass
class TableBlock:
    """A ruled table: rows of cell texts (header row first), and its box."""

    rows: list[list[str]]
    top: float
    bottom: float
    x0: float
    x1: float
    col: int = 0


@dataclass
class PageLayout:
    """One page's elements in reading order, and its height (to tell header and footer bands)."""

    elements: list[Line | TableBlock] = field(default_factory=list)
    height: float = 842.0
    width: float = 595.0
    right: dict[int, float] = field(default_factory=dict)   # column -> right edge of its text
    hyphenated: set[str] = field(default_factory=set)        # "well-being": hyphenated words inside lines
    vocabulary: set[str] = field(default_factory=set)        # every word of the page, lower case


_STRUCK_SHARE = 0.6


def _marked(words: list[Word], bold: bool = False) -> str:
    """Words joined by spaces, struck-through runs between ``~~`` and (``bold`` True) bold runs
    between ``**``, as the corpus text marks them. A word set partly in bold is marked where its
    weight changes, so ``(Figure 2).`` with only ``Figure 2`` bold is ``(**Figure 2**).``: where a
    sentence or a list item ends must not depend on the format.

    >>> plain = Word("(Figure", 0, 1, 0, 1, 10, True, [], bold_chars=(False,) + (True,) * 6)
    >>> _marked([plain, Word("2).", 0, 1, 0, 1, 10, False, [], bold_chars=(True, False, False))], bold=True)
    '(**Figure 2**).'
    """
    out: list[str] = []
    in_bold = in_struck = False
    for w in words:
        for k, (text, strong) in enumerate(w.pieces() if bold else [(w.text, False)]):
            closing = opening = ""
            if in_struck and (not w.struck or strong != in_bold):
                closing, in_struck = "~~", False          # struck runs close inside bold ones
            if in_bold and not strong:
                closing, in_bold = closing + "**", False
            if strong and not in_bold:
                opening, in_bold = "**", True
            if w.struck and not in_struck:
                opening, in_struck = opening + "~~", True
            space = " " if out and k == 0 else ""
            out.append(closing + space + opening + text)
    return "".join(out) + ("~~" if in_struck else "") + ("**" if in_bold else "")


def _mark_struck(words: list[Word], rules: list[Rule]) -> None:
    """Mark the words a horizontal rule runs through the middle of (most of) their characters:
    not an underline (below the middle) nor a table border (outside the word)."""
    import bisect

    flat = sorted((r.top, r.x0, r.x1) for r in rules if r.horizontal)
    if not flat:
        return
    tops = [r[0] for r in flat]
    for w in words:
        h = w.bottom - w.top
        lo, hi = bisect.bisect_left(tops, w.top + 0.3 * h), bisect.bisect_right(tops, w.top + 0.75 * h)
        if lo == hi:
            continue
        near = flat[lo:hi]
        hits = 0
        for x0, x1, ctop, cbottom in w.chars:
            mid = (x0 + x1) / 2
            ch = cbottom - ctop
            if any(ctop + 0.3 * ch <= y <= ctop + 0.75 * ch and rx0 - 0.5 <= mid <= rx1 + 0.5 for y, rx0, rx1 in near):
                hits += 1
        w.struck = hits >= _STRUCK_SHARE * len(w.chars)


def _rows_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into rows by their baseline (a tolerance of a third of the font size): a glyph
    from a fallback font (a dash, a symbol) sits on the line's baseline whatever its own height."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w.base, 1), w.x0)):
        if rows and abs(w.base - rows[-1][0].base) <= max(1.5, 0.33 * w.size):
            rows[-1].append(w)
        else:
            rows.append([w])
    for r in rows:
        r.sort(key=lambda w: w.x0)
    return rows


def _gutter(all_rows: list[list[Word]], width: float, height: float) -> float | None:
    """The x of a gutter between two text columns, or None for a one-column page.

    A gutter is a vertical strip in the middle of the page that few rows cross, with text
    on both sides, where most left-hand lines run up to it (justified or filled column text,
    not a short label column).
    """
    cfg = settings()["columns"]
    band = settings()["furniture"]["band"] * height     # running headers and footers do not count
    rows = [r for r in all_rows if band < r[0].top and r[0].bottom < height - band]
    if len(rows) < cfg["min_rows"]:
        return None
    lo, hi = width * cfg["search_from"], width * cfg["search_to"]
    centre = width / 2
    crossing_centre = sum(1 for r in rows if any(w.x0 <= centre <= w.x1 for w in r))
    if crossing_centre > cfg["max_crossing_share"] * len(rows) * 2:
        return None    # most lines run across the middle: one column (the common case, decided cheaply)
    half = cfg["min_gap"] / 2
    best: tuple[int, float] | None = None
    x = lo
    while x <= hi:
        crossing = sum(1 for r in rows if any(w.x0 - half < x < w.x1 + half for w in r))
        if best is None or crossing < best[0]:
            best = (crossing, x)
        x += 2.0
    if best is None or best[0] > cfg["max_crossing_share"] * len(rows):
        return None
    gx = best[1]
    lefts = [max(w.x1 for w in r if w.x1 < gx) for r in rows if any(w.x1 < gx for w in r)]
    rights = [r for r in rows if any(w.x0 > gx for w in r)]
    if len(lefts) < cfg["min_rows"] or len(rights) < cfg["min_right_rows"]:
        return None
    edge = sorted(lefts)[int(0.9 * (len(lefts) - 1))]     # the column's right edge, a stray line aside
    filled = sum(1 for x1 in lefts if edge - x1 < cfg["filled_slack"])
    if filled < cfg["min_filled_share"] * len(lefts):
        return None
    return gx


def _in_box(w: Word, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _cell_text(words: list[Word], hyphenated: set[str], vocabulary: set[str]) -> str:
    lines = [_marked(r) for r in _rows_of(words)]
    return join_lines(lines, hyphenated, vocabulary)


def _table_cells(rules: list[Rule]) -> list[list[tuple[float, float, float, float]]]:
    """The cells of each ruled table, found by pdfplumber's table finder from the page's rules."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    cfg = settings()["tables"]
    edges = [{"x0": r.x0, "x1": r.x1, "top": r.top, "bottom": r.bottom, "width": r.x1 - r.x0,
              "height": r.bottom - r.top, "orientation": "h" if r.horizontal else "v", "object_type": "line"}
             for r in rules if max(r.x1 - r.x0, r.bottom - r.top) >= cfg["min_edge"]]
    if len(edges) < 4 or len(edges) > cfg["max_edges"]:
        return []     # no table; or a drawing (a map, a chart), whose strokes are not a table's
    tol = cfg["tolerance"]
    edges = merge_edges(edges, tol, tol, tol, tol)
    cells = intersections_to_cells(edges_to_intersections(edges, tol, tol))
    return [t for t in cells_to_tables(cells) if t]


def _grid(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float] | None]]:
    """Cells arranged in rows (by top) and columns (by left edge); None where a merged cell spans."""
    xs = sorted({round(c[0], 1) for c in cells})
    rows: dict[float, dict[float, tuple[float, float, float, float]]] = {}
    for c in cells:
        rows.setdefault(round(c[1], 1), {})[round(c[0], 1)] = c
    return [[row.get(x) for x in xs] for _, row in sorted(rows.items())]


def _tables(rules: list[Rule], words: list[Word], hyphenated: set[str],
            vocabulary: set[str]) -> tuple[list[TableBlock], list[Word]]:
    """The ruled tables of a page with their cell texts, and the words outside them."""
    found = _table_cells(rules)
    if not found:
        return [], words
    blocks: list[TableBlock] = []
    taken: set[int] = set()
    for cells in found:
        grid = _grid(cells)
        if max(len(r) for r in grid) < 2:
            continue
        x0, top = min(c[0] for c in cells), min(c[1] for c in cells)
        x1, bottom = max(c[2] for c in cells), max(c[3] for c in cells)
        inside = [(i, w) for i, w in enumerate(words) if i not in taken and _in_box(w, (x0, top, x1, bottom))]
        out_rows: list[list[str]] = []
        for row in grid:
            texts = []
            for cell in row:
                if cell is None:   # under a merged cell: its text is in the cell it merges into
                    texts.append("")
                    continue
                texts.append(_cell_text([w for _, w in inside if _in_box(w, cell)], hyphenated, vocabulary))
            if any(texts):
                out_rows.append(texts)
        taken.update(i for i, _ in inside)
        if out_rows:
            blocks.append(TableBlock(out_rows, top, bottom, x0, x1))
    return blocks, [w for i, w in enumerate(words) if i not in taken]


_HYPHEN_WORD = re.compile(r"^[A-Za-z]+-[a-z]+[.,;:)]*$")


def _bare(word: str) -> str:
    return word.strip(".,;:()[]'\"‘’“”!?").lower()


def read_page(content: PageContent) -> PageLayout:
    """One page's words and rules as elements in reading order (see the module docstring)."""
    words = content.words
    _mark_struck(words, content.rules)
    layout = PageLayout(height=content.height, width=content.width)
    layout.hyphenated = {w.text.rstrip(".,;:)").lower() for w in words if _HYPHEN_WORD.match(w.text)}
    tables, free = _tables(content.rules, words, layout.hyphenated, layout.vocabulary)
    rows = _rows_of(free)
    # the words of the page, but not a line's first word: it may be the tail of a word broken at a hyphen
    layout.vocabulary = {_bare(w.text) for r in rows for w in r[1:]}
    gx = _gutter(rows, layout.width, layout.height)
    elements: list[Line | TableBlock] = []
    if gx is None:
        elements.extend(Line(r) for r in rows)
        elements.extend(tables)
        elements.sort(key=lambda e: e.top)
    else:
        pieces: list[Line | TableBlock] = []
        band = settings()["furniture"]["band"] * layout.height
        for r in rows:
            if r[0].top < band or r[0].bottom > layout.height - band:
                pieces.append(Line(r, 0))            # a running header or footer spans the page
                continue
            left = [w for w in r if w.x1 <= gx]
            right = [w for w in r if w.x0 >= gx]
            if len(left) + len(right) < len(r):
                pieces.append(Line(r, 0))            # a line across the gutter: full width
                continue
            if left:
                pieces.append(Line(left, 1))
            if right:
                pieces.append(Line(right, 2))
        for t in tables:
            t.col = 0 if t.x0 < gx < t.x1 else (1 if t.x1 <= gx else 2)
            pieces.append(t)
        pieces.sort(key=lambda e: e.top)
        run: list[Line | TableBlock] = []        # column pieces between two full-width ones
        for e in pieces:
            if e.col == 0:
                elements.extend(sorted(run, key=lambda b: (b.col, b.top)))
                run = []
                elements.append(e)
            else:
                run.append(e)
        elements.extend(sorted(run, key=lambda b: (b.col, b.top)))
    layout.elements = elements
    for e in elements:
        if isinstance(e, Line):
            layout.right[e.col] = max(layout.right.get(e.col, 0.0), e.x1)
    return layout


# ------------------------------------------------------------------------------- assembling
_LIST_MARK = re.compile(r"^(?:\d+(?:\.\d+)*[.)]|\(?(?:[a-zA-Z]|[ivx]{2,4})[.)]|[-•◦▪*–])\s")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?$|^-\s*\d+\s*-$", re.IGNORECASE)


def _wrapped(last: Line, line: Line, right: float) -> bool:
    """Whether ``line`` goes on from ``last``: its first word would not have fitted at the end of
    ``last`` (the column's right edge is ``right``)."""
    first = line.words[0]
    return last.x1 + 0.3 * line.size + (first.x1 - first.x0) > right - settings()["paragraph"]["right_slack"]


_ITEM_NUMBER = re.compile(r"(\d+)[.)]\s")


def _new_item(text: str, para: list[str], last_item: int | None) -> bool:
    """Whether a line that starts with a list mark starts a new item. After a full line, a number
    starts one only if it follows the paragraph's own number or the last item's ("14." then "15.");
    otherwise the number was wrapped onto the line ("... Section" "106. Achieving ...")."""
    if not _LIST_MARK.match(text):
        return False
    number = _ITEM_NUMBER.match(text)
    if number is None:
        return True
    before = _ITEM_NUMBER.match(para[0].lstrip("#* ")) if para else None
    previous = int(before.group(1)) if before else last_item
    return previous is not None and int(number.group(1)) == previous + 1


_URL_END = re.compile(r"(?:https?://|www\.)\S*[/.\-_=#?&]\S*$|https?://\S*$")
# word endings that are never a word of their own: "award-" "ing" is one word broken at a line end
_SUFFIXES = frozenset(("ing", "ings", "ed", "ers", "tion", "tions", "sion", "ment", "ments", "ness", "ity",
                       "ities", "ance", "ence", "ship", "ships", "able", "ible", "ful", "fully", "less", "ous", "ive",
                       "ised", "ized", "ise", "ize", "ation", "ations", "ally", "ial", "ular"))


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().replace("~~", "").split()))


def join_lines(lines: list[str], hyphenated: set[str], vocabulary: set[str] | None = None) -> str:
    """Lines of one paragraph or cell joined by spaces, end-of-line hyphenation repaired.

    A line ending in ``letter-`` before a line starting with a lower-case letter was broken
    at a hyphen. The hyphen stays where the document writes the word with it elsewhere
    (``well-being``), or where, without it, the word is not in the document but both its
    halves are (``one-page``); otherwise it was a break inside a word and goes
    (``Partner-`` ``ship``).

    >>> join_lines(["the Partner-", "ship agreed a one-", "page well-", "being plan"], {"well-being"},
    ...            {"one", "page", "partnership"})
    'the Partnership agreed a one-page well-being plan'

    A typesetter that repeats the hyphen at the start of the next line (``anti-`` ``-social``)
    broke a hyphenated word: the hyphen is kept once.

    >>> join_lines(["crime and anti-", "-social behaviour"], set())
    'crime and anti-social behaviour'
    """
    vocabulary = vocabulary or set()
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        for mark in ("**", "~~"):
            if out.endswith(mark) and line.startswith(mark):
                out, line = out[:-2], line[2:]     # one bold or struck run across the line break
        if re.search(r"[A-Za-z]-$", out) and line[:1].islower():
            head = re.search(r"([A-Za-z]+)-$", out)
            tail = re.match(r"[a-z]+", line)
            word = (head.group(1) if head else "") + "-" + (tail.group(0) if tail else "")
            left, right = word.lower().split("-", 1)
            keep = word.lower() in hyphenated or (
                (left + right) not in vocabulary and left in vocabulary and right in vocabulary
                and min(len(left), len(right)) >= 3 and right not in _SUFFIXES)
            out = out + line if keep else out[:-1] + line
        elif re.search(r"[A-Za-z]-$", out) and re.match(r"-[A-Za-z]", line):
            out = out + line[1:]                # "anti-" "-social": the hyphen repeated on the next line
        elif _URL_END.search(out) and not line[:1].isupper():
            out = out + line                    # a web address broken where it ran out of room
        elif re.search(r"[A-Za-z]-$", out) and line[:1].isupper():
            # "Co-" "Opted": a compound broken at its hyphen, unless the whole word is known ("IMPLE-" "MENTATION")
            head = re.search(r"([A-Za-z]+)-$", out)
            tail = re.match(r"[A-Za-z]+", line)
            whole = ((head.group(1) if head else "") + (tail.group(0) if tail else "")).lower()
            out = out[:-1] + line if whole in vocabulary else out + line
        else:
            out = out + " " + line
    return out


def _drop_furniture(pages: list[PageLayout]) -> None:
    """Remove running headers, footers and page numbers: lines in the top or bottom band of a page
    that are a page number or that repeat (digits aside) on many pages."""
    cfg = settings()["furniture"]
    counts: Counter[str] = Counter()
    candidates: list[list[tuple[int, str]]] = []
    for p in pages:
        mine: list[tuple[int, str]] = []
        lines = [(i, e) for i, e in enumerate(p.elements) if isinstance(e, Line)]
        for i, e in lines[:cfg["lines_per_band"]] + lines[-cfg["lines_per_band"]:]:
            if e.top < cfg["band"] * p.height or e.bottom > (1 - cfg["band"]) * p.height:
                mine.append((i, _furniture_key(e.text())))
        mine = list(dict(mine).items())
        candidates.append(mine)
        counts.update({k for _, k in mine})
    repeat = max(2, int(cfg["repeat_share"] * len(pages) + 0.999))
    for p, mine in zip(pages, candidates, strict=True):
        drop = {i for i, k in mine if _PAGE_NUMBER.match(k.replace("#", "1")) or counts[k] >= repeat}
        if drop:
            p.elements = [e for i, e in enumerate(p.elements) if i not in drop]


def _body_size(pages: list[PageLayout]) -> float:
    sizes: Counter[float] = Counter()
    for p in pages:
        for e in p.elements:
            if isinstance(e, Line):
                for w in e.words:
                    sizes[round(w.size, 1)] += len(w.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


@dataclass
class _Doc:
    """What the pages of one document share while they are written out."""

    level: dict[float, int]              # heading font size -> heading level
    full_right: float                     # the right edge of full-width text
    hyphenated: set[str]
    vocabulary: set[str]
    header: list[str] | None = None       # the header row of the table the last page ended with
    item: int | None = None               # the number of the last numbered paragraph ("14.")

    def right(self, p: PageLayout, line: Line) -> float:
        return self.full_right if line.col == 0 else p.right.get(line.col, self.full_right)


class _PageWriter:
    """Writes one page's elements as lines of text: paragraphs joined, headings, table rows."""

    def __init__(self, doc: _Doc, page: PageLayout) -> None:
        self.doc, self.page = doc, page
        self.out: list[str] = []
        self.para: list[str] = []
        self.last: Line | None = None

    def flush(self) -> None:
        if self.para:
            text = join_lines(self.para, self.doc.hyphenated, self.doc.vocabulary)
            number = _ITEM_NUMBER.match(text.lstrip("#* "))
            if number:
                self.doc.item = int(number.group(1))
            self.out.append(text)
            self.para.clear()

    def blank(self) -> None:
        if self.out and self.out[-1] != "":
            self.out.append("")

    def table(self, index: int, t: TableBlock) -> None:
        self.flush()
        rows = t.rows
        if index == 0 and self.doc.header is not None and rows and rows[0] == self.doc.header:
            rows = rows[1:]      # the header row repeated on a continuation page
        else:
            self.doc.header = rows[0] if rows else None
        self.blank()
        self.out.extend("\t".join(r) for r in rows)
        self.out.append("")
        self.last = None

    def heading(self, e: Line, text: str) -> None:
        last, size = self.last, e.size
        if (last is not None and last.size == size and e.top - last.bottom < 0.5 * size and self.para
                and _wrapped(last, e, self.doc.right(self.page, e))):
            self.para.append(text)          # a heading wrapped onto a second line
        else:
            self.flush()
            self.blank()
            self.para.append("#" * self.doc.level[size] + " " + text)
        self.last = e

    def line(self, e: Line, text: str) -> None:
        cfg = settings()["paragraph"]
        last, size = self.last, e.size
        if last is not None and last.size in self.doc.level:
            self.flush()
            self.out.append("")
            last = None
        if last is not None:
            # the foot of the left column goes on at the head of the right one
            overleaf = last.col == 1 and e.col == 2 and e.top < last.top
            gap = 0.0 if overleaf else e.top - last.bottom
            wrapped = _wrapped(last, last if overleaf else e, self.doc.right(self.page, last)) or (
                bool(self.para) and re.search(r"[A-Za-z]-$", self.para[-1]) is not None)
            same = abs(last.size - size) < 0.6 and (last.col == e.col or overleaf) and gap < cfg["max_gap"] * size
            if not (same and wrapped and not _new_item(text, self.para, self.doc.item)):
                self.flush()
                if gap >= cfg["blank_gap"] * size or (last.col != e.col and not overleaf):
                    self.out.append("")
        self.para.append(text)
        self.last = e

    def write(self) -> str:
        for index, e in enumerate(self.page.elements):
            if isinstance(e, TableBlock):
                self.table(index, e)
            elif e.size in self.doc.level:
                self.heading(e, e.text())
            else:
                self.line(e, e.text(bold=True))
        self.flush()
        while self.out and self.out[-1] == "":
            self.out.pop()
        if self.page.elements and not isinstance(self.page.elements[-1], TableBlock):
            self.doc.header = None
        # a bold run carried over lines is one block with manual line breaks: one run, each break
        # Markdown's hard break ("  \n"), as the corpus text writes a heading set on two lines
        return "\n".join(self.out).replace("**\n**", "  \n")

    def open_end(self) -> bool:
        """Whether the page's last line runs to the right edge: its paragraph goes on overleaf."""
        tail = self.page.elements[-1] if self.page.elements else None
        return (isinstance(tail, Line) and tail.size not in self.doc.level
                and tail.x1 >= self.doc.right(self.page, tail) - settings()["paragraph"]["open_slack"])


def assemble(pages: list[PageLayout]) -> tuple[list[str], list[bool]]:
    """The text of each page (see the module docstring), and for each page whether its last block
    goes on on the next page (a paragraph or a list broken by the page break: the pages are then
    separated by a line break, not a blank line). A paragraph is never joined across pages, so
    every offset, and so every quote, stays on its own page."""
    _drop_furniture(pages)
    body = _body_size(pages)
    ratio = settings()["heading"]["min_ratio"]
    heading_sizes = sorted({e.size for p in pages for e in p.elements
                            if isinstance(e, Line) and e.size >= body * ratio}, reverse=True)
    doc = _Doc(level={s: min(i + 1, 3) for i, s in enumerate(heading_sizes)},
               full_right=max((p.right.get(0, 0.0) for p in pages), default=0.0),
               hyphenated=set().union(*(p.hyphenated for p in pages)) if pages else set(),
               vocabulary=set().union(*(p.vocabulary for p in pages)) if pages else set())
    texts: list[str] = []
    open_end: list[bool] = []
    for p in pages:
        writer = _PageWriter(doc, p)
        texts.append(writer.write())
        open_end.append(writer.open_end())
    # a word broken by the page ("confid-" / "ence. There ..."): the whole word ends the page
    for i in range(len(texts) - 1):
        if open_end[i] and re.search(r"[A-Za-z]-$", texts[i]) and texts[i + 1][:1].islower():
            sep = " " if " " in texts[i + 1].split("\n", 1)[0] else "\n"
            head, rest = texts[i + 1].split(sep, 1) if sep in texts[i + 1] else (texts[i + 1], "")
            before, tail = texts[i].rsplit("\n", 1) if "\n" in texts[i] else ("", texts[i])
            texts[i] = (before + "\n" if before else "") + join_lines([tail, head], doc.hyphenated, doc.vocabulary)
            texts[i + 1] = rest
    # a list broken by the page: items on both sides
    for i in range(len(texts) - 1):
        last = texts[i].rsplit("\n", 1)[-1]
        first = texts[i + 1].split("\n", 1)[0]
        if _LIST_MARK.match(last) and _LIST_MARK.match(first):
            open_end[i] = True
    return texts, open_end
