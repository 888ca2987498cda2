"""Word (.docx) files: paragraphs and tables in body order, as lines of text.

Heading paragraphs become ``#`` lines (``Heading 2`` -> ``## ``, ``Title`` -> ``# ``),
list paragraphs lines starting with their number as Word shows it (``3. ``, ``(a) ``)
or ``- `` for bullets, other paragraphs one line each followed by a blank line
(a manual line break inside a paragraph stays a line break), and each table row a
line of TAB-separated cells (a merged cell counted once). Headers, footers and
comments are not read: they repeat on every page or are not part of the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

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


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """(numId, level) of a numbered or bulleted paragraph, directly or through its style."""
    style_ppr = getattr(paragraph.style.element, "pPr", None) if paragraph.style is not None else None
    for p_pr in (paragraph._p.pPr, style_ppr):
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is not None:
            num_id, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
            if num_id is not None and num_id.get(qn("w:val")) not in (None, "0"):
                level = int(ilvl.get(qn("w:val")) or 0) if ilvl is not None else 0
                return num_id.get(qn("w:val")) or "", level
    return None


def _paragraph_kind(paragraph: Paragraph, numbering: _Numbering) -> tuple[str, int, str]:
    """(kind, heading level, text) of a paragraph; kind is 'heading', 'list' or 'para'.

    A list paragraph's text starts with its mark ("- ", "3. ", "(a) ").
    """
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    text = paragraph.text.strip()
    level = _heading_level(style)
    num = _num_pr(paragraph)
    if level:
        mark = numbering.mark(*num) if num and text else ""
        text = " ".join(text.split())
        return "heading", level, (mark + " " + text if mark not in ("", "-") else text)
    if num is not None or style.lower().startswith("list"):
        mark = numbering.mark(*num) if num and text else "-"
        return "list", 0, "  " * (num[1] if num else 0) + mark + " " + text if text else ""
    return "para", 0, text


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:   # a horizontally merged cell appears once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _body_lines(blocks: list[Paragraph | Table], numbering: _Numbering) -> tuple[list[str], str]:
    """The lines of the document body, and the text of its first heading (for the title)."""
    out: list[str] = []
    title = ""
    in_list = False
    for block in blocks:
        if isinstance(block, Table):
            out.extend(["", *_table_lines(block), ""])
            in_list = False
            continue
        kind, level, text = _paragraph_kind(block, numbering)
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
        out, title = _body_lines(list(document.iter_inner_content()), _Numbering(document))
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
