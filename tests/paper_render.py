"""Render a paper's text (the sample corpus's Markdown-like form) as PDF, DOCX and HTML.

The loader tests and ``bench/bench_pdf.py`` make their PDF and Word papers from the corpus
text with real document generators (reportlab, python-docx), laid out as council agenda packs
are: bordered tables with a bold header row repeated on each page, a running header (the
paper's title and ``OFFICIAL``) and footer (``Page N``), body text justified and hyphenated at
line ends, struck-through text, and optionally a two-column page. :func:`blocks` reads the text
into headings, paragraphs, list items and tables; the ``to_*`` functions write a file.

>>> [b.kind for b in blocks("## **Agenda**\\n\\n1. Apologies\\nName\\tBody\\nA\\tB\\n")]
['heading', 'item', 'table']
"""

from __future__ import annotations

import atexit
import html
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
#: the running header of every generated paper (not a phrase of any corpus paper)
HEADER_TITLE = "Example Council agenda pack"
_OUT = Path(tempfile.mkdtemp(prefix="kg-papers-"))
atexit.register(shutil.rmtree, _OUT, True)

_ITEM = re.compile(r"^\s*(?:\d+[.)]|\(?[a-z]{1,3}\)|[-•◦▪*])\s+")
_TAG = re.compile(r"</?(?:p|ul|ol|li|b|i|u|sup|sub|br|span|strong|em|div)\b[^>]*>", re.I)


@dataclass
class Block:
    """One block of a paper: ``kind`` is heading, para, item or table."""

    kind: str
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    gap: bool = True          # a blank line (paragraph spacing) before it in the source


def blocks(text: str) -> list[Block]:
    """The blocks of a corpus-style text: ``#`` headings, list items, TAB rows, other lines."""
    out: list[Block] = []
    gap = True
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            gap = True
            continue
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if out and out[-1].kind == "table" and not gap:
                out[-1].rows.append(cells)
            else:
                out.append(Block("table", rows=[cells], gap=gap))
        elif stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            out.append(Block("heading", stripped.lstrip("#").strip(), min(level, 3), gap=True))
        elif out and not gap and out[-1].kind in ("para", "item") and out[-1].text.endswith("\u2028"):
            out[-1].text = out[-1].text[:-1] + "\n" + stripped    # a Markdown hard break ("  ") before
        elif _ITEM.match(line):
            out.append(Block("item", stripped, gap=gap))
        else:
            out.append(Block("para", stripped, gap=gap))
        if line.endswith("  ") and out[-1].kind in ("para", "item"):
            out[-1].text += "\u2028"
        gap = False
    for b in out:
        b.text = b.text.rstrip("\u2028")
    for b in out:   # rows of one table have as many cells as its widest row
        if b.kind == "table":
            width = max(len(r) for r in b.rows)
            b.rows = [r + [""] * (width - len(r)) for r in b.rows]
    return out


def plain(text: str) -> str:
    """Inline Markdown and HTML fragments removed, ``~~`` kept.

    >>> plain("**Bold** [link](http://x) <u>under</u> 25<sup>th</sup>")
    'Bold link under 25th'
    """
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text)
    text = _TAG.sub(" ", text) if "<" in text else text
    text = text.replace("**", "").replace("\\*", "*")
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    return "\n".join(" ".join(part.split()) for part in text.split("\n"))


def _markup(text: str) -> str:
    """A corpus line as reportlab paragraph markup: bold, italic, struck-through."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text)
    text = _TAG.sub(" ", text) if "<" in text else text
    text = "\n".join(html.escape(" ".join(part.split()), quote=False) for part in text.split("\n"))
    text = text.replace("\\*", "*")
    text = re.sub(r"~~(.+?)~~", r"<strike>\1</strike>", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    if text.startswith("**") or text.endswith("**"):    # bold carried over two lines of the source
        text = "<b>" + text.strip("*") + "</b>"
    text = text.replace("\n", "<br/>")
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"<i>\1</i>", text)
    return text.replace("**", "")


# ---------------------------------------------------------------------------------------- PDF
def _fonts() -> tuple[str, str]:
    """Register a Unicode TrueType font (DejaVu if the machine has it, else reportlab's Vera)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Body" in pdfmetrics.getRegisteredFontNames():
        return "Body", "Body-Bold"
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if (dejavu / "DejaVuSans.ttf").exists():
        files = [dejavu / f"DejaVuSans{s}.ttf" for s in ("", "-Bold", "-Oblique", "-BoldOblique")]
    else:
        import reportlab

        base = Path(reportlab.__file__).parent / "fonts"
        files = [base / f"Vera{s}.ttf" for s in ("", "Bd", "It", "BI")]
    names = ["Body", "Body-Bold", "Body-Italic", "Body-BoldItalic"]
    for name, f in zip(names, files, strict=True):
        pdfmetrics.registerFont(TTFont(name, str(f)))
    addMapping("Body", 0, 0, "Body")
    addMapping("Body", 1, 0, "Body-Bold")
    addMapping("Body", 0, 1, "Body-Italic")
    addMapping("Body", 1, 1, "Body-BoldItalic")
    return "Body", "Body-Bold"


def _col_widths(rows: list[list[str]], total: float, font: str, size: float) -> list[float]:
    """Widths shared by content length, each wide enough for its longest word (as Word autofits)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    n = len(rows[0])
    longest = [max(min(len(plain(r[i])), 60) for r in rows) + 4 for i in range(n)]
    floor = [max((stringWidth(w, font, size) for r in rows for w in plain(r[i]).split()), default=0) + 14
             for i in range(n)]
    spare = max(0.0, total - sum(floor))
    s = sum(longest)
    return [f + spare * w / s for f, w in zip(floor, longest, strict=True)]


def to_pdf(paper: list[Block], path: Path, *, title: str, two_column: tuple[int, int] | None = None,
           scanned: bool = False) -> Path:
    """Write ``paper`` as an A4 PDF agenda pack; blocks ``two_column[0]:two_column[1]`` on two-column pages.

    ``scanned`` True writes each page as an image only (no text layer), as a scanner does.
    """
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus.doctemplate import LayoutError

    font, bold = _fonts()
    width, height = A4
    margin = 2 * cm
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=12.5, alignment=TA_JUSTIFY,
                          hyphenationLang="en_GB", embeddedHyphenation=1, uriWasteReduce=0.3)
    item = ParagraphStyle("item", parent=body, leftIndent=14)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=10.5)
    head_cell = ParagraphStyle("headcell", parent=cell, fontName=bold)
    headings = {1: ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, spaceBefore=10, spaceAfter=6),
                2: ParagraphStyle("h2", fontName=bold, fontSize=12.5, leading=16, spaceBefore=8, spaceAfter=5),
                3: ParagraphStyle("h3", fontName=bold, fontSize=11, leading=14, spaceBefore=6, spaceAfter=4)}

    def furniture(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(margin, height - 1.2 * cm, title[:90])
        canvas.drawRightString(width - margin, height - 1.2 * cm, "OFFICIAL")
        canvas.drawCentredString(width / 2, 1.1 * cm, f"Page {doc.page}")
        canvas.restoreState()

    one = Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="one")
    gutter = 0.8 * cm
    colw = (width - 2 * margin - gutter) / 2
    two = [Frame(margin, margin, colw, height - 2 * margin, id="left"),
           Frame(margin + colw + gutter, margin, colw, height - 2 * margin, id="right")]
    doc = BaseDocTemplate(str(path), pagesize=A4, title=title, author="Democratic Services",
                          pageTemplates=[PageTemplate("one", [one], onPage=furniture),
                                         PageTemplate("two", two, onPage=furniture)])
    plain_body = ParagraphStyle("plain", parent=body, hyphenationLang="")
    plain_item = ParagraphStyle("plainitem", parent=item, hyphenationLang="")

    def story(unhyphenated: set[int]) -> list:  # type: ignore[type-arg]
        out: list = []  # type: ignore[type-arg]
        for i, b in enumerate(paper):
            if two_column and i == two_column[0]:
                out += [NextPageTemplate("two"), PageBreak()]
            if two_column and i == two_column[1]:
                out += [NextPageTemplate("one"), PageBreak()]
            inside_two = bool(two_column and two_column[0] <= i < two_column[1])
            if b.gap and out:
                out.append(Spacer(1, 6))
            if b.kind == "heading":
                out.append(Paragraph(_markup(b.text), headings[b.level or 1]))
            elif b.kind == "table":
                total = (colw if inside_two else width - 2 * margin)
                data = [[Paragraph(_markup(c), head_cell if r == 0 else cell) for c in row]
                        for r, row in enumerate(b.rows)]
                t = Table(data, colWidths=_col_widths(b.rows, total, bold, 8.5),
                          repeatRows=1 if len(b.rows) > 2 else 0)
                t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
                out += [t, Spacer(1, 4)]
            else:
                styles = (plain_item, plain_body) if i in unhyphenated else (item, body)
                out.append(Paragraph(_markup(b.text), styles[0] if b.kind == "item" else styles[1]))
        return out

    # reportlab now and then cannot split a hyphenated paragraph at the foot of a page ("Splitting
    # error"): that paragraph is set again without hyphenation
    unhyphenated: set[int] = set()
    for _ in range(20):
        try:
            doc.build(story(unhyphenated))
            break
        except LayoutError as exc:
            snippet = str(exc).split(">", 1)[-1].split("\n", 1)[0].strip()[:40]
            hits = {i for i, b in enumerate(paper) if snippet and plain(b.text).startswith(snippet[:30])}
            if not hits or hits <= unhyphenated:
                raise
            unhyphenated |= hits
    if scanned:
        _rasterise(path)
    return path


def _rasterise(path: Path, dpi: int = 200) -> None:
    """Replace the PDF at ``path`` by one page image per page, with no text layer (a scan)."""
    import io

    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as rl_canvas

    pdf = pdfium.PdfDocument(str(path))
    images = []
    for page in pdf:
        w, h = page.get_size()
        img = page.render(scale=dpi / 72).to_pil().convert("L")
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        images.append((w, h, buf.getvalue()))
    pdf.close()
    c = rl_canvas.Canvas(str(path))
    for w, h, png in images:
        c.setPageSize((w, h))
        c.drawImage(ImageReader(io.BytesIO(png)), 0, 0, width=w, height=h)
        c.showPage()
    c.save()


# ---------------------------------------------------------------------------------------- DOCX
def to_docx(paper: list[Block], path: Path, *, title: str) -> Path:
    """Write ``paper`` as a Word document with a running header and footer and real tables."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = f"{title}\tOFFICIAL"
    section.footer.paragraphs[0].text = "Democratic Services"
    d.styles["Normal"].font.size = Pt(10)
    for b in paper:
        if b.kind == "heading":
            d.add_heading(plain(b.text), level=b.level or 1)
        elif b.kind == "table":
            t = d.add_table(rows=len(b.rows), cols=len(b.rows[0]))
            t.style = "Table Grid"
            for r, (row, cells) in enumerate(zip(b.rows, t.rows, strict=True)):
                for value, cell in zip(row, cells.cells, strict=True):   # t.cell(r, c) is slow on long tables
                    _runs(cell.paragraphs[0], value, bold=r == 0)
        else:
            _runs(d.add_paragraph(), b.text)
    d.save(str(path))
    return path


def _runs(paragraph, text: str, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Add ``text`` to a Word paragraph, its ``~~`` parts as struck-through runs."""
    for n, line in enumerate(text.split("\n")):
        if n:
            paragraph.add_run().add_break()     # a manual line break
        _line_runs(paragraph, line, bold)


def _line_runs(paragraph, text: str, bold: bool) -> None:  # type: ignore[no-untyped-def]
    """Runs of one line: ``**bold**`` and ``~~struck~~`` parts as bold and struck-through runs."""
    if text.count("**") % 2:     # bold carried over lines of the source
        text = text.strip("*")
        bold = True
    for part in re.split(r"(\*\*.+?\*\*|~~.+?~~)", text):
        if not part:
            continue
        struck = part.startswith("~~") and part.endswith("~~") and len(part) > 4
        strong = part.startswith("**") and part.endswith("**") and len(part) > 4
        body = part[2:-2] if struck or strong else part
        for inner in re.split(r"(~~.+?~~)", body) if strong else [body]:
            if not inner:
                continue
            inner_struck = struck or (inner.startswith("~~") and inner.endswith("~~") and len(inner) > 4)
            run = paragraph.add_run(_spaced(inner[2:-2] if inner_struck and not struck else inner))
            run.bold = bold or strong or None
            if inner_struck:
                run.font.strike = True


# ---------------------------------------------------------------------------------------- HTML
def to_html(paper: list[Block], path: Path, *, title: str) -> Path:
    """Write ``paper`` as a council web page, with navigation, a cookie banner and scripts around it."""
    body: list[str] = []
    for b in paper:
        if b.kind == "heading":
            body.append(f"<h{b.level or 1}>{html.escape(plain(b.text))}</h{b.level or 1}>")
        elif b.kind == "table":
            rows = []
            for r, row in enumerate(b.rows):
                tag = "th" if r == 0 else "td"
                rows.append("<tr>" + "".join(f"<{tag}>{_html_inline(c)}</{tag}>" for c in row) + "</tr>")
            body.append("<table>" + "".join(rows) + "</table>")
        else:
            body.append(f"<p>{_html_inline(b.text)}</p>")
    page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<script>window.dataLayer=[];</script></head><body>"
            "<div id='cookie-banner' class='cookie-banner'><p>We use cookies to improve this site.</p>"
            "<button>Accept all cookies</button></div>"
            "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/council'>Council and democracy</a></li>"
            "</ul></nav></header><main id='content'>" + "\n".join(body) + "</main>"
            "<footer><nav><a href='/accessibility'>Accessibility statement</a></nav></footer></body></html>")
    path.write_text(page, encoding="utf-8")
    return path


def _html_inline(text: str) -> str:
    return "<br>".join(_html_line(line) for line in text.split("\n"))


def _html_line(text: str) -> str:
    """One line as HTML: ``**bold**`` as ``<b>``, ``~~struck~~`` as ``<del>``."""
    if text.count("**") % 2:     # bold carried over lines of the source
        return f"<b>{_html_line(text.replace('**', ''))}</b>"
    out = []
    for part in re.split(r"(\*\*.+?\*\*|~~.+?~~)", text):
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            out.append(f"<b>{_html_line(part[2:-2])}</b>")
        elif part.startswith("~~") and part.endswith("~~") and len(part) > 4:
            out.append(f"<del>{html.escape(_spaced(part[2:-2]))}</del>")
        else:
            out.append(html.escape(_spaced(part)))
    return "".join(out)


def _spaced(text: str) -> str:
    """``plain(text)`` keeping one space where ``text`` starts or ends with one (run boundaries)."""
    core = plain(text)
    if not core:
        return " " if text[:1].isspace() else ""
    return (" " if text[:1].isspace() else "") + core + (" " if text[-1:].isspace() else "")


# ---------------------------------------------------------------------------------------- cache
def two_column_span(paper: list[Block]) -> tuple[int, int]:
    """The blocks a generated PDF sets on two-column pages: 25 blocks a third of the way in."""
    start = len(paper) // 3
    return start, min(start + 25, len(paper))


@cache
def rendered(stem: str, fmt: str) -> Path:
    """The corpus paper ``stem`` written as ``fmt`` (txt, pdf, docx, html), once per test session."""
    source = CORPUS / f"{stem}.txt"
    if fmt == "txt":
        return source
    paper = blocks(source.read_text(encoding="utf-8"))
    out = _OUT / f"{stem}.{fmt}"
    if fmt == "pdf":
        return to_pdf(paper, out, title=HEADER_TITLE, two_column=two_column_span(paper))
    if fmt == "docx":
        return to_docx(paper, out, title=HEADER_TITLE)
    if fmt == "html":
        return to_html(paper, out, title=HEADER_TITLE)
    raise ValueError(fmt)


def scratch(name: str) -> Path:
    """A path for a file a test makes, removed at the end of the session."""
    return _OUT / name
