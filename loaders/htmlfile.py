"""HTML pages (agendas and minutes published on council sites) as lines of text.

Structure is kept as lines, in the same shape as the Markdown-like text of the other
loaders: headings become ``#`` lines, paragraphs and list items one line each
(items with ``- `` or ``1. ``), table rows TAB-separated cells (a header row first, as the
page has it), ``<br>`` Markdown's hard break (``"  \\n"``), bold text between ``**`` and
deleted text (``<del>``, ``<s>``) between ``~~``. A layout table, whose cells hold paragraphs
or lists (a committee system's agenda: item number, then title, minutes and linked documents),
is read as text, each row an item. Scripts, styles, forms, navigation and page furniture
(cookie banners, breadcrumbs, site header and footer: ``html.yaml``) are dropped; when the
page marks its content (``<main>``), only that is read. Blank lines separate blocks.

>>> html_to_text(b"<h2>Agenda</h2><ol><li>Apologies</li></ol><table><tr><td>A</td><td>B</td></tr></table>")
'## Agenda\\n\\n1. Apologies\\n\\nA\\tB\\n'
>>> html_to_text(b"<p>Venue: <b>Town Hall</b><br>Room 2 <del>Room 3</del></p>")
'Venue: **Town Hall**  \\nRoom 2 ~~Room 3~~\\n'
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PageElement, PreformattedString

from kg.loaders.base import Document, LoadError
from kg.loaders.dates import parse_date
from kg.loaders.textfile import check_not_binary, tidy_text

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["html_to_text", "load_html"]

@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    with open(Path(__file__).with_name("html.yaml"), encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.load(fh, Loader=_YAML_LOADER)
    return data


_MARKS = {"b": "**", "strong": "**", "del": "~~", "s": "~~", "strike": "~~"}
_BLOCKS = {"p", "ul", "ol", "div", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dl"}
_DROP = {"script", "style", "nav", "noscript", "template", "svg", "iframe", "object", "embed", "form",
         "button", "select", "textarea", "head", "menu", "dialog"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Blocks that end a paragraph (followed by a blank line) ...
_PARAGRAPHS = {"p", "blockquote", "address", "figure", "figcaption", "caption", "pre", "dl", "hr"}
# ... and blocks that only end the current line.
_LINES = {"div", "section", "article", "header", "footer", "main", "aside", "dt", "dd", "center",
          "fieldset", "details", "summary", "body", "html", "tbody", "thead", "tfoot", "legend"}


def _flat(tag: Tag) -> str:
    """All the text under ``tag`` on one line."""
    return " ".join(tag.get_text(" ").split())


class _Lines:
    """Collects output lines; inline text gathers in ``buf`` until a block ends it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.prefix = ""

    def end_line(self, hard: bool = False) -> None:
        line = " ".join("".join(self.buf).split())
        line = line.replace("** **", " ").replace("~~ ~~", " ")    # adjacent runs are one run
        for mark in ("**", "~~"):
            line = line.replace(mark + mark, "")                    # an empty run
        self.buf.clear()
        if line.strip("*~ "):   # a list mark waits for the item's first text, even if it is in a <p>
            self.lines.append(self.prefix + line + ("  " if hard else ""))
            self.prefix = ""

    def add(self, line: str) -> None:
        self.end_line()
        if line.strip():
            self.lines.append(line)

    def blank(self) -> None:
        self.end_line()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _table(out: _Lines, table: Tag) -> None:
    out.blank()
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue  # a row of a nested table: its text is part of the outer cell
        cells = [_flat(c) for c in row.find_all(["td", "th"], recursive=False)]
        if any(cells):
            out.add("\t".join(cells))
    out.blank()


def _parse(raw: bytes | str) -> BeautifulSoup:
    """The page's tree. Beautiful Soup's warnings (an XHTML page "looks like XML", a page whose text
    "looks like a file name") are paragraphs on stderr that name no file: the page is read as HTML
    whatever they say."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BeautifulSoup(raw, "html.parser")


def html_to_text(raw: bytes | str) -> str:
    """The text of an HTML page, structured as lines (see the module docstring)."""
    soup = _parse(raw)
    return _soup_text(soup)


def _is_furniture(tag: Tag) -> bool:
    cfg = _settings()
    if (tag.get("role") or "") in cfg["furniture_roles"]:
        return True
    names = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])]).lower()
    return any(word in names for word in cfg["furniture_words"])


def _content(soup: BeautifulSoup) -> Tag | BeautifulSoup:
    """The page's marked content (``<main>``, ``role="main"``, a content id), else the whole page."""
    main = soup.find("main") or soup.find(lambda t: t.get("role") == "main")
    if main is None:
        for cid in _settings()["content_ids"]:
            main = soup.find(id=cid)
            if main is not None:
                break
    return main if isinstance(main, Tag) and main.get_text(strip=True) else soup


def _is_layout_table(table: Tag) -> bool:
    """A table used to lay out text: some cell holds a list, a table or several paragraphs (a cell
    with one paragraph, as word processors write every cell, is still a data cell)."""
    for row in _own_rows(table):
        for cell in row.find_all(["td", "th"], recursive=False):
            if cell.find(["ul", "ol", "table"]) is not None or len(cell.find_all(_BLOCKS, limit=2)) >= 2:
                return True
    return False


def _nesting(table: Tag, limit: int) -> int:
    """How many tables ``table`` stands in, counted up to ``limit``."""
    count = 0
    for parent in table.parents:
        if parent.name == "table":
            count += 1
            if count >= limit:
                break
    return count


def _own_rows(table: Tag) -> list[Tag]:
    """The rows of ``table`` itself, not of tables nested in its cells (found from the table down,
    not by asking each row of the page for its table: that is quadratic in the nesting depth)."""
    rows: list[Tag] = []
    for child in table.find_all(["tr", "thead", "tbody", "tfoot"], recursive=False):
        if child.name == "tr":
            rows.append(child)
        else:
            rows.extend(child.find_all("tr", recursive=False))
    return rows


def _unlayout(soup: BeautifulSoup, table: Tag) -> None:
    """Replace a layout table by one block per row; a short first cell ("1.", "12") numbers the row."""
    rows = _own_rows(table)
    box = soup.new_tag("div")
    for row in rows:
        cells = list(row.find_all(["td", "th"], recursive=False))
        item = soup.new_tag("div")
        number = ""
        if len(cells) > 1 and 0 < len(cells[0].get_text(" ", strip=True)) <= 6:
            number = cells[0].get_text(" ", strip=True)
            cells = cells[1:]
        for cell in cells:
            cell.name = "div"
            item.append(cell.extract())
        if number:
            first = item.find(["p", "h1", "h2", "h3", "h4", "h5", "h6", "div"], string=True)
            target = first if isinstance(first, Tag) else item
            target.insert(0, NavigableString(number.rstrip(".") + ". "))
        box.append(item)
    table.replace_with(box)


def _soup_text(soup: BeautifulSoup) -> str:
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        if not tag.decomposed:
            tag.decompose()
    for tag in soup.find_all("footer"):     # the site's footer; an article's own footer is kept
        if not tag.decomposed and tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    root = _content(soup)
    deepest = int(_settings()["max_layout_nesting"])
    # the depth of each table as the page gives it (unwrapping one brings those below it up)
    for table in [t for t in root.find_all("table") if _nesting(t, deepest) < deepest]:
        if not table.decomposed and _is_layout_table(table):
            _unlayout(soup, table)
    out = _Lines()
    ol_counters: list[int | None] = []   # one entry per open list: next number, or None for <ul>
    # An explicit stack instead of recursion: pages nested thousands deep must not overflow.
    stack: list[tuple[str, PageElement]] = [("enter", root)]
    while stack:
        action, node = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):   # comments, doctype, CDATA
                out.buf.append(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if action == "exit":
            if name in _MARKS:
                out.buf.append(_MARKS[name])
            elif name in ("ul", "ol"):
                ol_counters.pop()
                if not ol_counters:
                    out.blank()
            elif name == "li":
                out.end_line()
                out.prefix = ""
            elif name in _PARAGRAPHS and not ol_counters:
                out.blank()
            else:
                out.end_line()
            continue
        if name in _HEADINGS:
            out.blank()
            text = _flat(node)
            if text:
                out.add("#" * _HEADINGS[name] + " " + text)
            out.blank()
            continue
        if name == "table":
            _table(out, node)
            continue
        if name == "br":
            out.end_line(hard=True)
            continue
        if name in _MARKS:
            mark = _MARKS[name]
            stack.append(("exit", node))
            out.buf.append(mark)
            stack.extend(("enter", child) for child in reversed(node.contents))
            continue
        if name == "pre":
            out.blank()
            for line in node.get_text().split("\n"):
                out.add(line.rstrip())
            out.blank()
            continue
        if name == "li":
            out.end_line()
            depth = min(max(len(ol_counters), 1), int(_settings()["max_list_indent"]) + 1)
            counter = ol_counters[-1] if ol_counters else None
            if counter is None:
                mark = "- "
            else:
                mark = f"{counter}. "
                ol_counters[-1] = counter + 1
            out.prefix = "  " * (depth - 1) + mark
        elif name in ("ul", "ol"):
            out.end_line()
            start = node.get("start")
            # (a start past nine digits is a typo or an attack: Python refuses to parse 4,300)
            first = int(start) if isinstance(start, str) and start.isdigit() and len(start) < 10 else 1
            ol_counters.append(first if name == "ol" else None)
        elif name in _PARAGRAPHS and not ol_counters:   # inside a list a <p> is just a line
            out.blank()
        elif name in _LINES or name in _PARAGRAPHS:
            out.end_line()
        if name in _PARAGRAPHS or name in _LINES or name in ("li", "ul", "ol"):
            stack.append(("exit", node))
        stack.extend(("enter", child) for child in reversed(node.contents))
    out.end_line()
    while out.lines and out.lines[-1] == "":
        out.lines.pop()
    # a bold run broken only by <br> is one run over a hard break, as the corpus text writes it
    text = "\n".join(out.lines).replace("**  \n**", "  \n") + "\n" if out.lines else ""
    # items typed with a bullet in paragraphs of their own ("<p>- item</p>") are one list, as a
    # <ul> is: no blank line between them
    return _TYPED_ITEMS.sub(r"\1\n", text)


_TYPED_ITEMS = re.compile(r"(?m)^([-•·▪*–] \S.*)\n\n(?=[-•·▪*–] \S)")


def load_html(path: Path, raw: bytes) -> Document:
    """Load an ``.html``/``.htm`` page; the title is its ``<title>``, else its first ``<h1>``."""
    check_not_binary(raw, "an HTML file")
    soup = _parse(raw)
    title = ""
    if soup.title is not None:
        title = " ".join(soup.title.get_text(" ").split())
    if not title and (h1 := soup.find("h1")) is not None and isinstance(h1, Tag):
        title = _flat(h1)
    text = tidy_text(_soup_text(soup))
    if not text.strip():
        raise LoadError("no text in the HTML page")
    doc = Document.from_text(path.name, text, path=str(path), fmt="html", raw=raw, title=title)
    if doc.date is None and title:
        # council sites often give the meeting date only in the page title
        # ("Agenda for Cabinet on Tuesday, 23 June 2026, 2.00 pm")
        days = [iso for _, _, iso in parse_date(title) if len(iso) == 10]
        doc.date = days[0] if days else None
    return doc
