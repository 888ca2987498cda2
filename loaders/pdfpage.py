"""What a PDF page holds, read with PDFium (pypdfium2): its words with their boxes and fonts, and
the straight rules drawn on it (table borders, strike-through and underline strokes).

PDFium is the PDF engine of the Chromium browser, in C++; pypdfium2 (Apache-2.0 / BSD-3) binds
it and is already what pdfplumber renders pages with. Reading the glyphs and paths here and the
layout in Python (:mod:`kg.loaders.pdflayout`, with pdfplumber's table finder on these rules)
keeps a 300-page pack under three times pypdf's plain-text time (``bench/bench_pdf.py``).

Coordinates are in points from the page's top-left corner (``top`` grows downwards), as in
pdfplumber.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["Word", "Rule", "PageContent", "read_content"]


@dataclass
class Word:
    """A run of characters between spaces on one line, with its box and font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    chars: list[tuple[float, float, float, float]]   # each character's (x0, x1, top, bottom)
    base: float = 0.0                                 # the baseline, from the top of the page
    struck: bool = False
    #: which characters are bold, when only some are ("(Figure" with only "Figure" bold; ``bold``
    #: then says whether most are); None when the whole word is set in one weight
    bold_chars: tuple[bool, ...] | None = None

    def pieces(self) -> list[tuple[str, bool]]:
        """The word as runs of characters of one weight: ``(text, bold)``.

        >>> Word("(Figure", 0, 1, 0, 1, 10, True, [], bold_chars=(False,) + (True,) * 6).pieces()
        [('(', False), ('Figure', True)]
        """
        flags = self.bold_chars
        if flags is None:
            return [(self.text, self.bold)]
        out: list[tuple[str, bool]] = []
        start = 0
        for i in range(1, len(flags) + 1):
            if i == len(flags) or flags[i] != flags[start]:
                out.append((self.text[start:i], flags[start]))
                start = i
        return out


@dataclass
class Rule:
    """A straight horizontal or vertical stroke (or side of a rectangle)."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top < self.x1 - self.x0


@dataclass
class PageContent:
    words: list[Word]
    rules: list[Rule]
    width: float
    height: float
    chars: int          # characters of the text layer (0 for a scanned page)
    images: int         # image objects on the page


_SEG_LINE, _SEG_BEZIER, _SEG_MOVE = 0, 1, 2
_MIN_RULE = 2.0          # shorter strokes are dots or the short sides of hairline rectangles


@lru_cache(maxsize=1)
def _addresses() -> tuple[Any, Any]:
    """PDFium's FPDFText_GetTextObject (text page, character index) and FPDFTextObj_GetFont (text
    object) returning addresses as ints: pypdfium2's own bindings return pointer objects, which
    cannot be compared or used as keys cheaply."""
    import pypdfium2.raw as raw

    out = []
    for fn, args in ((raw.FPDFText_GetTextObject, (ctypes.c_void_p, ctypes.c_int)),
                     (raw.FPDFTextObj_GetFont, (ctypes.c_void_p,))):
        address = ctypes.cast(fn, ctypes.c_void_p).value
        if not address:
            raise RuntimeError(f"PDFium's {fn.__name__} is missing")
        out.append(ctypes.CFUNCTYPE(ctypes.c_void_p, *args)(address))
    return out[0], out[1]


def _font_is_bold(raw: Any, textpage: Any, index: int, buf: ctypes.Array[ctypes.c_char]) -> bool:
    weight = raw.FPDFText_GetFontWeight(textpage, index)
    if weight >= 600:
        return True
    flags = ctypes.c_int(0)
    n = raw.FPDFText_GetFontInfo(textpage, index, buf, len(buf), ctypes.byref(flags))
    name = buf.raw[:max(0, n - 1)].decode("latin-1", errors="replace")
    return "Bold" in name or "bold" in name or "Black" in name or "Heavy" in name


def _words(page: Any, height: float) -> tuple[list[Word], int]:
    import pypdfium2.raw as raw

    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        if n <= 0:
            return [], 0
        text = tp.get_text_range(0, n)
        if len(text) != n:     # characters outside the BMP: one by one
            text = "".join(chr(raw.FPDFText_GetUnicode(tp.raw, i)) for i in range(n))
        rect = raw.FS_RECTF()
        ref = ctypes.byref(rect)
        getbox = raw.FPDFText_GetLooseCharBox
        getorigin = raw.FPDFText_GetCharOrigin
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rox, roy = ctypes.byref(ox), ctypes.byref(oy)
        fontbuf = ctypes.create_string_buffer(128)
        object_of, font_of = _addresses()
        # a character's weight is its font's, read once per font (a text object has one font: it
        # is looked up when the object changes), so that a word set partly in bold ("(Figure 2)."
        # with "Figure 2" bold) is marked as written
        weight_of: dict[int, bool] = {}
        last_object = 0
        bold = False
        words: list[Word] = []
        cur: list[tuple[str, float, float, float, float, bool]] = []   # char, x0, x1, baseline, height, bold
        first = 0

        def close() -> None:
            if cur:
                s = "".join(c[0] for c in cur)
                h = max(c[4] for c in cur)
                base = cur[0][3]
                # the box from the baseline and the line height: the same for every glyph of a line
                # (PDFium's boxes follow each glyph's own height in some fonts)
                top, bottom = base - 0.75 * h, base + 0.25 * h
                size = float(raw.FPDFText_GetFontSize(tp.raw, first))
                flags = tuple(c[5] for c in cur)
                mixed = any(flags) and not all(flags)
                words.append(Word(s, cur[0][1], cur[-1][2], top, bottom, size,
                                  2 * sum(flags) > len(flags) if mixed else flags[0],
                                  [(c[1], c[2], top, bottom) for c in cur], base,
                                  bold_chars=flags if mixed else None))
                cur.clear()

        for i in range(n):
            ch = text[i]
            if ch in "\x02\ufffe":    # PDFium's mark for a hyphen that ends a line (the break follows)
                if cur:
                    cur.append(("-", cur[-1][2], cur[-1][2], cur[-1][3], cur[-1][4], cur[-1][5]))
                close()
                continue
            if ch.isspace() or ch == "\x00":
                close()
                continue
            getbox(tp.raw, i, ref)
            getorigin(tp.raw, i, rox, roy)
            h = max(rect.top - rect.bottom, 1.0)
            base = height - oy.value
            x0, x1 = rect.left, rect.right
            if cur:
                px1, pbase, ph = cur[-1][2], cur[-1][3], cur[-1][4]
                # a jump back, another line, or a wide gap (PDFium puts spaces in the text itself): a new word
                if x0 < px1 - 0.5 * ph or abs(base - pbase) > 0.3 * ph or x0 - px1 > 0.8 * ph:
                    close()
            if not cur:
                first = i
            obj = object_of(tp.raw, i)
            if obj and obj != last_object:     # no object: a character PDFium made; the weight before it
                last_object = obj
                font = font_of(obj) or 0
                if font not in weight_of:
                    weight_of[font] = _font_is_bold(raw, tp.raw, i, fontbuf)
                bold = weight_of[font]
            cur.append((ch, x0, x1, base, h, bold))
        close()
        return words, n
    finally:
        tp.close()


def _rules(page: Any, height: float) -> list[Rule]:
    """The straight strokes of the page's path objects (lines and rectangle sides)."""
    import pypdfium2.raw as raw

    rules: list[Rule] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        m = obj.get_matrix()
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        count = raw.FPDFPath_CountSegments(obj.raw)
        start: tuple[float, float] | None = None
        prev: tuple[float, float] | None = None
        for j in range(count):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, j)
            raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == _SEG_MOVE or prev is None:
                start = pt
            elif kind == _SEG_LINE:
                _add_rule(rules, prev, pt, height)
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_rule(rules, pt, start, height)
            prev = pt
        if len(rules) > 20000:   # a drawing, not a document page: enough rules for any table
            break
    return rules


def _add_rule(rules: list[Rule], p: tuple[float, float], q: tuple[float, float], height: float) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 1.0 and abs(x1 - x0) >= _MIN_RULE:
        top = height - (y0 + y1) / 2
        rules.append(Rule(min(x0, x1), max(x0, x1), top, top))
    elif abs(x1 - x0) < 1.0 and abs(y1 - y0) >= _MIN_RULE:
        rules.append(Rule((x0 + x1) / 2, (x0 + x1) / 2, height - max(y0, y1), height - min(y0, y1)))


def read_content(page: Any) -> PageContent:
    """The words and rules of one pypdfium2 page."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    words, chars = _words(page, height)
    images = 0
    if chars < 10:
        images = sum(1 for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))
    rules = _rules(page, height) if words else []
    return PageContent(words, rules, float(width), float(height), chars, images)
