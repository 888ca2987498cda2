"""Word (.docx) files: paragraphs and tables in body order, as lines of text.

Heading paragraphs become ``#`` lines (``Heading 2`` -> ``## ``, ``Title`` -> ``# ``),
list paragraphs lines starting with their number as Word shows it (``3. ``, ``(a) ``)
or ``- `` for bullets, other paragraphs one line each followed by a blank line
(a manual line break inside a paragraph is Markdown's hard break, ``"  \\n"``), and
each table row a line of TAB-separated cells, one per grid column: a cell merged
across columns gives its text once and an empty cell for each further column it
spans; a cell merged down rows gives its text on each row (the rows below share it).
Struck-through text and tracked deletions are between ``~~`` (deleted text is kept,
marked, as the corpus text keeps it); tracked insertions are text. The page headers
and footers are read once each (not once per page), after the body; comments are
not read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.oxml.ns import qn

from kg.loaders.base import Document, LoadError
from kg.loaders.textfile import tidy_text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph
else:   # isinstance() needs the real class; loaded with the module (python-docx is a dependency)
    from docx.table import Table

__all__ = ["load_docx"]

_HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # old .doc, or a password-protected .docx


def _heading_level(style_name: str) -> int:
    if style_name.lower() == "title":
        return 1
    m = _HEADING.match(style_name.strip())
    return int(m.group(1)) if m else 0


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str, "lowerLetter": _letters, "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman, "upperRoman": lambda n: _roman(n).upper(), "decimalZero": lambda n: f"{n:02d}"}


class _Numbering:
    """Word's automatic list numbers ("1.", "(a)", "iv)"), which python-docx does not render.

    The number is not in the paragraph text; agenda items and numbered paragraphs are
    cited by it, so it is rebuilt from numbering.xml: per list, a counter for each level.
    """

    def __init__(self, document: DocxDocument) -> None:
        self.levels: dict[tuple[str, int], tuple[int, str, str]] = {}   # (numId, ilvl) -> start, fmt, text
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return   # no numbering part: lists are bullets
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            lvls = abstract.get(ref.get(qn("w:val")) if ref is not None else None)
            if lvls is None:
                continue
            for lvl in lvls.findall(qn("w:lvl")):
                start, fmt, text = (lvl.find(qn(f"w:{tag}")) for tag in ("start", "numFmt", "lvlText"))
                self.levels[(num.get(qn("w:numId")) or "", int(lvl.get(qn("w:ilvl")) or 0))] = (
                    int(start.get(qn("w:val")) or 1) if start is not None else 1,
                    (fmt.get(qn("w:val")) or "") if fmt is not None else "bullet",
                    (text.get(qn("w:val")) or "") if text is not None else "")

    def mark(self, num_id: str, ilvl: int) -> str:
        """The mark of the next item of list ``num_id`` at level ``ilvl``: "3.", "(b)", or "-"."""
        spec = self.levels.get((num_id, ilvl))
        if spec is None or spec[1] not in _FORMATS:
            return "-"
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0        # a new item restarts the levels below it
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else spec[0]

        def level_text(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            start, fmt, _ = self.levels.get((num_id, level), (1, "decimal", ""))
            return _FORMATS.get(fmt, str)(counters[level] or start)

        return re.sub(r"%(\d)", level_text, spec[2]).strip() or "-"


class _Styles:
    """Paragraph styles by id, read once (python-docx looks the default style up anew on every
    ``paragraph.style``, which is most of the time of a long document)."""

    def __init__(self, document: DocxDocument) -> None:
        self.by_id: dict[str, Any] = {}
        self.default: Any = None
        try:
            for style in document.styles.element.findall(qn("w:style")):
                if style.get(qn("w:type")) != "paragraph":
                    continue
                self.by_id[style.get(qn("w:styleId")) or ""] = style
                if style.get(qn("w:default")) in ("1", "true"):
                    self.default = style
        except (KeyError, AttributeError):
            pass

    def of(self, paragraph: Paragraph) -> Any:
        """The style element of a paragraph (its own, else the default), or None."""
        ppr = paragraph._p.pPr
        ref = ppr.find(qn("w:pStyle")) if ppr is not None else None
        if ref is not None:
            return self.by_id.get(ref.get(qn("w:val")) or "", self.default)
        return self.default

    def name(self, paragraph: Paragraph) -> str:
        style = self.of(paragraph)
        el = style.find(qn("w:name")) if style is not None else None
        return (el.get(qn("w:val")) or "") if el is not None else ""


def _num_pr(paragraph: Paragraph, styles: _Styles) -> tuple[str, int] | None:
    """(numId, level) of a numbered or bulleted paragraph, directly or through its style."""
    style = styles.of(paragraph)
    style_ppr = style.find(qn("w:pPr")) if style is not None else None
    for p_pr in (paragraph._p.pPr, style_ppr):
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is not None:
            num_id, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
            if num_id is not None and num_id.get(qn("w:val")) not in (None, "0"):
                level = int(ilvl.get(qn("w:val")) or 0) if ilvl is not None else 0
                return num_id.get(qn("w:val")) or "", level
    return None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# elements whose children hold a paragraph's runs: links, tracked insertions, fields, content controls
_RUN_HOLDERS = {_W + n for n in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml", "sdt", "sdtContent",
                                 "moveTo")}


def _flag(run: Any, *tags: str) -> bool:
    """Whether the run's properties turn on one of ``tags`` (``strike``, ``b`` ...)."""
    rpr = run.find(_W + "rPr")
    if rpr is None:
        return False
    for tag in tags:
        el = rpr.find(_W + tag)
        if el is not None and el.get(_W + "val") not in ("0", "false", "off"):
            return True
    return False


def _runs_text(parent: Any, deleted: bool, out: list[tuple[str, bool, bool]]) -> None:
    """(text, struck, bold) pieces of the runs under ``parent`` in order; ``deleted`` inside a tracked deletion."""
    for child in parent:
        tag = child.tag
        if tag == _W + "r":
            struck = deleted or _flag(child, "strike", "dstrike")
            bold = _flag(child, "b")
            for el in child:
                t = el.tag
                if t in (_W + "t", _W + "delText"):
                    out.append((el.text or "", struck, bold))
                elif t == _W + "tab":
                    out.append((" ", struck, bold))
                elif t in (_W + "br", _W + "cr"):
                    out.append(("\n", False, False))
                elif t == _W + "noBreakHyphen":
                    out.append(("-", struck, bold))
        elif tag in (_W + "del", _W + "moveFrom"):
            _runs_text(child, True, out)
        elif tag in _RUN_HOLDERS:
            _runs_text(child, deleted, out)


def _wrap(text: str, mark: str) -> str:
    if not text.strip():
        return text
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{lead}{mark}{text.strip()}{mark}{trail}"


def paragraph_text(p: Any, bold: bool = True) -> str:
    """A paragraph's text with struck-through and deleted runs between ``~~``, bold runs (``bold``
    True) between ``**``, and manual line breaks as ``"  \\n"`` (Markdown's hard break).

    >>> import docx
    >>> d = docx.Document(); para = d.add_paragraph("National")
    >>> para.runs[0].font.strike = True; _ = para.add_run(" Probation Service")
    >>> para.add_run(" (vote)").bold = True
    >>> paragraph_text(para._p)
    '~~National~~ Probation Service **(vote)**'
    """
    pieces: list[tuple[str, bool, bool]] = []
    _runs_text(p, False, pieces)
    lines: list[str] = []
    for line in _split_breaks(pieces):
        out: list[str] = []
        i = 0
        while i < len(line):
            key = (line[i][1], line[i][2] and bold)
            j = i
            text = ""
            while j < len(line) and (line[j][1], line[j][2] and bold) == key:
                text += line[j][0]
                j += 1
            if key[0]:
                text = _wrap(text, "~~")
            if key[1]:
                text = _wrap(text, "**")
            out.append(text)
            i = j
        joined = " ".join("".join(out).split())
        if joined:
            lines.append(joined)
    # a bold run across a line break is one run, as the corpus text writes a heading set on two lines
    return "  \n".join(lines).replace("**  \n**", "  \n")


def _split_breaks(pieces: list[tuple[str, bool, bool]]) -> list[list[tuple[str, bool, bool]]]:
    lines: list[list[tuple[str, bool, bool]]] = [[]]
    for piece in pieces:
        if piece[0] == "\n":
            lines.append([])
        else:
            lines[-1].append(piece)
    return lines


def _paragraph_kind(paragraph: Paragraph, numbering: _Numbering, styles: _Styles) -> tuple[str, int, str]:
    """(kind, heading level, text) of a paragraph; kind is 'heading', 'list' or 'para'.

    A list paragraph's text starts with its mark ("- ", "3. ", "(a) ").
    """
    style = styles.name(paragraph)     # as stored: built-in names are lower case ("heading 1")
    level = _heading_level(style)
    text = paragraph_text(paragraph._p, bold=not level).strip()     # a heading is all bold anyway
    num = _num_pr(paragraph, styles)
    if level:
        mark = numbering.mark(*num) if num and text else ""
        text = " ".join(text.split())
        return "heading", level, (mark + " " + text if mark not in ("", "-") else text)
    if num is not None or style.lower().startswith("list"):
        mark = numbering.mark(*num) if num and text else "-"
        return "list", 0, "  " * (num[1] if num else 0) + mark + " " + text if text else ""
    if _TYPED_BULLET.match(text):  # "- item" or "• item" typed by hand in a plain paragraph
        return "list", 0, text
    return "para", 0, text


_TYPED_BULLET = re.compile(r"^[-•·▪*–]\s+\S")


def _cell_text(cell: Any) -> str:
    parts = [paragraph_text(p, bold=False) for p in cell._tc.iter(_W + "p")]
    return " ".join(" ".join(p.replace("  \n", " ").split()) for p in parts if p.strip())


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # a cell merged across columns appears once per grid column: its text once, then empty cells
            cells.append("" if cell._tc is previous else _cell_text(cell))
            previous = cell._tc
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _header_footer_lines(document: DocxDocument) -> list[str]:
    """The text of the page headers and footers, each distinct one once (tabs, used to place text
    left, centre and right, as spaces)."""
    seen: set[str] = set()
    out: list[str] = []
    for section in document.sections:
        parts = [section.header, section.first_page_header, section.even_page_header,
                 section.footer, section.first_page_footer, section.even_page_footer]
        for part in parts:
            try:
                if part.is_linked_to_previous:
                    continue
                element = part._element
            except (AttributeError, KeyError, ValueError):
                continue
            for p in element.iter(_W + "p"):
                text = " ".join(paragraph_text(p, bold=False).replace("  \n", " ").split())
                if text and text not in seen and any(c.isalpha() for c in text):
                    seen.add(text)
                    out.append(text)
    return out


def _body_lines(blocks: list[Paragraph | Table], numbering: _Numbering, styles: _Styles) -> tuple[list[str], str]:
    """The lines of the document body, and the text of its first heading (for the title)."""
    out: list[str] = []
    title = ""
    in_list = False
    for block in blocks:
        if isinstance(block, Table):
            out.extend(["", *_table_lines(block), ""])
            in_list = False
            continue
        kind, level, text = _paragraph_kind(block, numbering, styles)
        if not text:
            continue
        if kind == "list":
            out.append(text)   # a manual line break in an item stays a line break
        elif kind == "heading":
            out.extend(["", "#" * level + " " + text, ""])
            title = title or text
        else:
            out.extend(["", text, ""] if in_list else [text, ""])
        in_list = kind == "list"
    return out, title


def load_docx(path: Path, raw: bytes) -> Document:
    """Load a .docx; LoadError for a damaged file, an old .doc renamed, or a password-protected one."""
    import docx  # late import: python-docx pulls in lxml
    from docx.opc.exceptions import PackageNotFoundError

    if raw.startswith(_OLE_MAGIC):
        raise LoadError("not a .docx: an old-format Word file (.doc) or a password-protected document")
    if not raw.startswith(b"PK"):
        raise LoadError("corrupt DOCX (not a zip package)")
    try:
        document = docx.Document(io.BytesIO(raw))
        out, title = _body_lines(list(document.iter_inner_content()), _Numbering(document), _Styles(document))
        furniture = _header_footer_lines(document)
        if furniture:   # once, after the body: they repeat on every page and are not where the text starts
            out.extend(["", *(line for f in furniture for line in (f, ""))])
    except LoadError:
        raise
    except zipfile.BadZipFile as exc:
        raise LoadError(f"corrupt DOCX (damaged zip: {exc})") from None
    except (PackageNotFoundError, KeyError):
        raise LoadError("corrupt DOCX (no Word document inside the package)") from None
    except ValueError as exc:   # python-docx: "file is not a Word file, content type is ..."
        raise LoadError(f"corrupt DOCX ({str(exc).splitlines()[0][:120]})") from None
    except Exception as exc:  # lxml syntax errors and other damage inside the package
        detail = " ".join(str(exc).split())[:100]
        raise LoadError(f"corrupt DOCX ({type(exc).__name__}{': ' + detail if detail else ''})") from None
    # collapse runs of blank lines left by empty blocks
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    text = tidy_text(text)
    if not text.strip():
        raise LoadError("no text in the Word document")
    return Document.from_text(path.name, text, path=str(path), fmt="docx", raw=raw, title=title or None)
