"""Document structure: split a paper's text into :class:`~kg.extract.context.Block` s.

One pass over the lines. Each non-empty line becomes one block (a line is the
unit a citation points at), of kind:

* ``heading``: markdown ``#`` lines, whole-line ``**bold**`` lines, ALL CAPS lines,
  and the section headings of ``people.yaml`` (PRESENT, Apologies, Officer to contact ...);
* ``agenda_item``: a numbered agenda or minute item (``6. Terms of Reference review. (Pages 13 - 20)``,
  ``#### 38. Introductions``); ``meta`` has ``number`` and ``title``;
* ``table_row``: TAB-separated cells (cells may hold HTML fragments: see :func:`plain`);
* ``list_item``: ``-``, ``*``, ``•``, ``(a)`` lines;
* ``attendance``: a line inside a PRESENT / Officers / Apologies / In attendance section,
  ``meta["attendance"]`` = present, officer, attendance, apologies, guest_apologies (apologies of
  someone who is not a member) or absent;
* ``contact``: a line inside an "Officer to contact" / "Report Author" section;
* ``paragraph``: anything else.

Every block carries ``section`` (the nearest heading above) and, once an agenda item has
been seen, ``meta["item"]`` (the title of the agenda item it falls under). Offsets are
exact: ``doc.text[b.start:b.end] == b.text``.

>>> from kg.loaders.base import Document
>>> bs = parse(Document.from_text("d.txt", "PRESENT\\n\\nCllr. A. Jones (in the Chair)\\n"))
>>> [(b.kind, b.meta.get("attendance")) for b in bs]
[('heading', None), ('attendance', 'present')]
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from kg.extract.context import Block
from kg.extract.people import is_membership_heading, parse_person, people_vocab
from kg.extract.quickre import quick
from kg.loaders.base import Document

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")
_TAGS = re.compile(r"<[^>]+>")
_INLINE_TAGS = re.compile(r"</?(?:sup|sub|b|i|u|em|strong|span|a)(?:\s[^>]*)?>", re.I)
_MARKUP = re.compile(r"[*_#`]+|<[^>]+>")
_ITEM = re.compile(
    # "6. Title", "192) Title", "1.0 Title" or "1.00 Title" (its sub-items are 1.1 or 1.01 ...), and a
    # minute's reference "CL15/014 Title" (the number after the slash)
    rf"^\s*(?:#{{1,6}}\s*)?(?:\*\*)?(?:[A-Z]{{1,4}}\s?\d{{1,3}}/(?=\d{{1,4}}\s))?(\d{{1,4}})(?:\.00?(?!\s*[ap]\.?m\b))?(?:[.)](?!\d)|\s)\s*"
    rf"(?:\*\*)?\s*(?!(?:{_MONTHS})\b)([A-Z<*\"'‘].*)$",
    re.IGNORECASE,
)
_PAGES = quick(r"\s*\((?:Pages?|Paper|Item)\b[^)]*\)\s*|\s+\d+\s*-\s*\d+\s*mins?\s*$|\s+\d+\s*mins?\s*$", re.I)
_LIST = re.compile(r"^\s*(?:[-*•◦▪·‣○■□➢►▶●◆]\s+|\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s+|(?:[a-z]|[ivx]{1,5})[.)]\s+)")
_BULLETED_ITEM = re.compile(r"^\s*[-*•]\s+(?=\d{1,3}[.\s])")
# read on the stripped line: leading blanks before an optional bar made the patterns quadratic
_PIPE_ROW = re.compile(r"\|.*\|")
_PIPE_RULE = re.compile(r"\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?")  # "|---|---|" under a header
_NUMBERED = re.compile(r"^\s*(?:\(?\d{1,3}[.)]?|\(?[a-z][.)]|[•·*-])\s{2,}\S")  # "2.    Text": a number, not a column
_COLUMNS = re.compile(r"(?<=\S) {3,}(?=\S)")  # a run of 3+ spaces between two words: a column gap
_VERB = quick(r"\b(?:is|are|was|were|will|would|has|had|have|be|been|should|must|can|could)\b", re.I)
# "Those present were A (Chair), B and C.": a list of those present, written as a sentence
_PRESENT_WERE = re.compile(r"^\s*(?:those\s+|the\s+members\s+|members\s+)?(?:present|in\s+attendance)\s+"
                           r"(?:were|was)\s*:?\s*(?=[A-Z])|"
                           # "The following were present:", "The following members were present:"
                           r"^\s*the\s+following(?:\s+[a-z]+){0,2}\s+(?:were|was)\s+present\s*:?\s*(?=[A-Z])", re.I)
_APOLOGIES_FROM = re.compile(
    r"^\s*(?:An\s+)?[Aa]polog(?:y|ies)(?:\s+for\s+(?:absence|non-attendance))?\s+(?:were|was|had\s+been|have\s+been)\s+"
    # ("intimated": the Scots word)
    r"(?:received|submitted|given|tendered|noted|accepted|intimated)"
    r"(?:\s+and\s+(?:accepted|noted|approved|received))?\s+(?:from|by|on\s+behalf\s+of)\s+"
    r"(?:the\s+following:?\s*)?(?=\S)",
    re.I,
)
# the sentence an "Apologies" heading opens, going on on the line below: "were received from: A and B"
_RECEIVED_FROM = re.compile(r"^\s*(?:were|was|had\s+been|have\s+been)\s+(?:received|submitted|given|tendered|noted)"
                            r"\s+(?:from|by|on\s+behalf\s+of)\s*:?\s*(?=\S)", re.I)
# "The Chair welcomed everyone and apologies were received" with the names on the lines below
_APOLOGIES_TAIL = re.compile(
    r"\bapolog(?:y|ies)(?:\s+for\s+(?:absence|non-attendance))?\s+(?:were|was|had\s+been|have\s+been)\s+"
    r"(?:received|submitted|given|tendered|noted)(?:\s+(?:from|by|on\s+behalf\s+of))?(?:\s+the\s+following)?"
    r"\s*:?\s*$", re.I)
# "Present Councillor A ...", "Also David Collins (Clerk)": an attendance heading with no colon, right
# before a councillor or a forename and surname
# a full stop that ends a sentence: after a word in lower case, before a capital ("Supt. Ian John" and
# "Cllr. A. Jones" end none)
_SENTENCE_BREAK = re.compile(r"(?<![A-Za-z])[a-z]{3,}\.\s+[A-Z]")
_SENTENCE_MIN_WORDS = 10  # a line of more words with a verb in it and no list comma is a sentence
_IN_THE_CHAIR = re.compile(r"\bin\s+the\s+chair\s*\.?\s*$", re.I)
# ("SEDERUNT", Scots for those present; the key in capitals as often as not)
_BARE_HEAD = re.compile(r"^\s*((?i:present|also\s+present|in\s+attendance|sederunt)|Also)\s+"
                        r"(?=(?:Councillors?|Cllrs?\.?|Mr|Mrs|Ms|Miss|Dr)\s+[A-Z]|[A-Z][a-z]+\s+[A-Z][a-z]+\b)")
_ITEM_NUMBER = re.compile(r"\s*\d{1,3}(?:\.\d{1,2})?[.)]?\s+(?=[A-Z])")
_INLINE_HEAD = re.compile(r"^\s*(?:\*\*)?([A-Za-z][A-Za-z ()/']{2,60}?)(?:\*\*)?\s*[:\-–]\s*(?:\*\*)?(?=\S)")


# "Present from the Office of the Police and Crime Commissioner (OPCC):", "In attendance for X:"
_FROM_HEAD = re.compile(r"^\s*(?:\*\*)?(?:present|in\s+attendance|also\s+present|also\s+in\s+attendance|attending)\s+"
                        r"(?:from|for|representing)\s+(?:the\s+)?(?P<body>[A-Z][^:]{2,120}?)\s*(?:\*\*)?\s*:\s*(?=\S)",
                        re.I)

_HEADING_MAX = 90  # longer lines are never a section heading of people.yaml


_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*|\*(?!\w)|^#+\s*")


@lru_cache(maxsize=16384)
def plain(text: str) -> str:
    """Text of a line or cell without markdown/HTML marks, entities decoded, spaces collapsed
    (cached: the readers of lines, cells and headings ask for the same text four times over).

    >>> plain("<b>Northshire Fire &amp; Rescue</b>  **Service**")
    'Northshire Fire & Rescue Service'
    """
    if not _MARKS.search(text):  # the common case: nothing to strip
        return " ".join(text.split())
    text = _INLINE_TAGS.sub("", text)
    text = _TAGS.sub(" ", text)
    text = text.replace("\\*", "").replace("\\", "")
    text = _EMPHASIS.sub("", text)
    text = html.unescape(text)
    return " ".join(text.split())


def heading_key(text: str) -> str:
    """Normalised heading text for vocabulary look-up: lower case, no marks, no trailing colon.

    >>> heading_key("### **Apologies for Absence:**")
    'apologies for absence'
    """
    t = plain(text).strip().rstrip(":.-– ").strip().lower()
    return " ".join(t.split())


@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, str], tuple[str, ...]]:
    v = people_vocab()
    return dict(v["attendance_headings"]), tuple(sorted(v["contact_headings"], key=len, reverse=True))


def attendance_kind(text: str) -> str | None:
    """The attendance kind a heading line opens (``present``, ``apologies`` ...), or None.

    >>> attendance_kind("Apologies for absence"), attendance_kind("YN BRESENNOL /IN ATTENDANCE")
    ('apologies', 'attendance')
    """
    key = heading_key(text)
    got = _vocab()[0].get(key)
    if got is None and key.count("/") == 1:  # not a table's header row ("Name / Title / Present")
        # a heading in two languages ("YN BRESENNOL / IN ATTENDANCE"): the part kg knows
        got = next((k for part in reversed(key.split("/")) for k in [_vocab()[0].get(part.strip())] if k), None)
    if got is None and _MEMBERS_OF_BOARD.match(key):
        return "present"  # "Members of the Group:", "Board members present"
    return got


# "Members of the Group", "Members of the Board present": the members present, however the board is called
_MEMBERS_OF_BOARD = re.compile(r"^(?:members|representatives)\s+of\s+the\s+(?:board|group|panel|partnership|"
                               r"committee|forum|executive|sub-group|subgroup|commission)(?:\s+present)?$")


def is_contact_heading(text: str) -> bool:
    """True for "Officer to contact", "Report Author" and the like.

    >>> is_contact_heading("**Officer(s) to contact**")
    True
    """
    return heading_key(text) in _vocab()[1]


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_MARKS = re.compile(r"[<*\\#&_]")


@lru_cache(maxsize=1)
def _acting() -> re.Pattern[str]:
    """A finite verb of a sentence about what someone did: such a line ends an attendance list."""
    v = people_vocab()
    words = sorted({*v["minutes_verbs"], *v["sentence_verbs"]}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def _is_caps(text: str) -> bool:
    upper = len(_UPPER.findall(text))
    lower = len(_LOWER.findall(text))
    return upper + lower >= 4 and upper / (upper + lower) >= 0.85


def _item_title(raw: str) -> str:
    title = _PAGES.sub(" ", plain(raw)).strip()
    title = re.sub(r"\s*\([^)]*\)\s*$", "", title) if re.search(r"\((?:[A-Z][a-z]+ ?)+\)\s*$", title) else title
    return title.rstrip(" .:").strip()


def _classify(line: str, prev_blank: bool, next_blank: bool) -> tuple[str, dict[str, Any]]:
    """Kind of a line out of context."""
    s = line.strip()
    if "\t" in line:
        return "table_row", {}
    m = _ITEM.match(line)
    if m:
        body = m.group(2)
        title = _item_title(body)
        words = title.split()
        heading_like = line.lstrip().startswith("#") or bool(_BOLD_LINE.match(line))
        paged = bool(_PAGES.search(body))
        if title and (heading_like or paged or (len(words) <= 14 and not _VERB.search(title) and len(title) <= 110)):
            return "agenda_item", {"number": int(m.group(1)), "title": title}
    bm = _BULLETED_ITEM.match(line)
    if bm:
        # "- 3 <u>PERFORMANCE</u> (Ann Jones) 15 mins": an agenda item a conversion put a bullet before,
        # known by its capitals or its minutes/pages
        mi = _ITEM.match(line[bm.end():])
        title = _item_title(mi.group(2)) if mi else ""
        if mi and title and (_PAGES.search(mi.group(2)) or _is_caps(plain(title))):
            return "agenda_item", {"number": int(mi.group(1)), "title": title}
    if _MD_HEADING.match(line) and s.startswith("#"):
        return "heading", {"level": len(s) - len(s.lstrip("#"))}
    if _BOLD_LINE.match(line) and len(s) <= 200:
        return "heading", {"bold": True}
    if _LIST.match(line):
        return "list_item", {}
    p = plain(s)
    if len(p) <= 200 and not p.endswith(".") and _is_caps(p):
        return "heading", {"caps": True}
    if len(s) <= _HEADING_MAX and (attendance_kind(s) or is_contact_heading(s)):
        return "heading", {}
    return "paragraph", {}


_BOLD_THEN_BOLD = re.compile(r"^\s*\*\*([^*]+)\*\*(?=\s*\*\*\S)")
_LABEL_COLON = re.compile(r"^\s*(?:\*\*)?([A-Za-z()'][A-Za-z()' ]{2,39}?)\s*:\s*(?:\*\*)?\s*(?=[A-Z*])")


def _fused_contact(line: str) -> int | None:
    """Offset inside ``line`` where a name follows a contact heading on the same line
    (``**Officer to contact****Jane Smith**``), or None."""
    m = _BOLD_THEN_BOLD.match(line)
    if m and is_contact_heading(m.group(1)):
        return m.end()
    # "Report Author: Jane Smith, Head of Service", "**Signed:** Jane Smith"
    # the heading starts at a non-space: leading spaces are matched once (no backtracking into them)
    m = _LABEL_COLON.match(line)
    if m and is_contact_heading(m.group(1)) and len(line) - m.end() > 3:
        return m.end()
    return None


def _person_like(text: str) -> bool:
    return parse_person(plain(text)) is not None


# " / " between cells (also read by roles.entries); from the first blank of a run only, so that a
# long run of blanks is scanned once, not once from each of its blanks
CELL_SLASH = re.compile(r"(?<!\s)\s+/(?:\s+|$)")
_SLASH_MIN_ROWS = 3  # a run of lines with " / " cells this long is a table, not prose with a slash
_SLASH_ROW_MAX = 100  # a table row of two " / " cells is no longer than this


def _slash_rows(lines: list[str]) -> set[int]:
    """Indices of lines in a table whose cells are separated by " / " (text copied from a PDF or
    an accessible page writes tables so): runs of at least three consecutive lines with a " / "
    separator, one of them with two or more.

    >>> sorted(_slash_rows(["Name / Title / Present", "A Jones / Chair / ", "B Patel / Member / ", "", "x / y"]))
    [0, 1, 2]
    >>> sorted(_slash_rows(["A Jones / Chair", "B Patel / Westby Police", "C Hill / GOYH", "D Long / LSC"]))
    [0, 1, 2, 3]
    """
    out: set[int] = set()
    run: list[int] = []
    for i, ln in enumerate(lines + [""]):
        if ln.strip() and CELL_SLASH.search(ln) and "\t" not in ln:
            run.append(i)
            continue
        if len(run) >= _SLASH_MIN_ROWS and (
                any(len(CELL_SLASH.findall(lines[k])) >= 2 for k in run)
                # two columns ("Ann Jones / Westby Council"): more rows, each short
                or len(run) > _SLASH_MIN_ROWS and all(len(lines[k]) <= _SLASH_ROW_MAX for k in run)):
            out.update(run)
        run = []
    return out


def _list_break(blank: list[bool], i: int) -> bool:
    """Whether two blank lines or more stand before line ``i``."""
    return i >= 2 and blank[i - 1] and blank[i - 2]


_FLAT_MIN = 400  # a line this long may be a page flattened to one line (text copied from a PDF)


def _unflatten(lines: list[str], starts: list[int]) -> tuple[list[str], list[int]]:
    """A page flattened to one long line ("Board Meeting 4 July MINUTES Present: A, B Apologies: C")
    is read as the lines it was: a long line is cut before each attendance heading written with
    its colon inside it. The pieces keep their offsets, so citations still name the line.

    >>> _unflatten(["x " * 200 + "Present: Ann Jones Apologies: Bob Patel"], [0])[1]
    [0, 400, 419]
    """
    out_l: list[str] = []
    out_s: list[int] = []
    for ln, st in zip(lines, starts, strict=True):
        if len(ln) < _FLAT_MIN:
            out_l.append(ln)
            out_s.append(st)
            continue
        cuts = [0]
        for m in re.finditer(r":(?=\s)", ln):  # each colon (no leading \s*: a run of blanks would be re-scanned)
            words = list(re.finditer(r"\S+", ln[max(cuts[-1], m.start() - 60) : m.start()]))
            base = max(cuts[-1], m.start() - 60)
            for k in range(min(4, len(words)), 0, -1):  # the longest heading first ("Also in Attendance")
                w0 = words[-k]
                if w0.group(0)[0].isupper() and attendance_kind(ln[base + w0.start() : m.start()]):
                    if base + w0.start() > cuts[-1]:
                        cuts.append(base + w0.start())
                    break
        for a, b in zip(cuts, [*cuts[1:], len(ln)], strict=True):
            out_l.append(ln[a:b])
            out_s.append(st + a)
    return out_l, out_s


_HTML_BREAK = re.compile(r"</?p\b[^>]{0,200}>|<br\s*/?>", re.I)


def _html_breaks(lines: list[str], starts: list[int]) -> tuple[list[str], list[int]]:
    """Lines of a page copied with its HTML paragraph tags ("<p>A</p><p>B</p>" on one line) cut
    at the tags into the lines they were; the tags themselves are left out, the pieces keep their
    offsets.

    >>> _html_breaks(["<p>Present: A</p><p>Apologies: B</p>"], [10])
    (['Present: A', 'Apologies: B'], [13, 30])
    """
    out_l: list[str] = []
    out_s: list[int] = []
    for ln, st in zip(lines, starts, strict=True):
        if "<" not in ln or not _HTML_BREAK.search(ln):
            out_l.append(ln)
            out_s.append(st)
            continue
        pos = 0
        for m in [*_HTML_BREAK.finditer(ln), None]:
            end = m.start() if m is not None else len(ln)
            if ln[pos:end].strip():
                out_l.append(ln[pos:end])
                out_s.append(st + pos)
            if m is not None:
                pos = m.end()
    return out_l, out_s


def parse(doc: Document) -> list[Block]:
    """Split ``doc.text`` into Blocks (one per non-empty line, fused headings split).

    >>> from kg.loaders.base import Document
    >>> d = Document.from_text("d.txt", "## Agenda\\n1. Apologies\\n2. Minutes (Pages 3 - 8)\\n")
    >>> [(b.kind, b.meta.get("title"), b.section) for b in parse(d)]
    [('heading', None, ''), ('agenda_item', 'Apologies', 'Agenda'), ('agenda_item', 'Minutes', 'Agenda')]
    """
    text = doc.text
    lines = text.split("\n")
    starts = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    lines, starts = _unflatten(*_html_breaks(lines, starts))
    blank = [not ln.strip() for ln in lines]
    slashed = _slash_rows(lines)
    blocks: list[Block] = []
    section = ""
    head_section = ""  # the last heading proper (an agenda item's own section)
    item: str | None = None
    mode: str | None = None  # "attendance:<kind>" or "contact"
    mode_lines = 0
    tight = loose = 0  # lines of the open section written right under the last, or after a blank line
    for i, line in enumerate(lines):
        if blank[i] or _PIPE_RULE.fullmatch(line.strip()):
            continue  # a Markdown table's rule under its header is no line of the paper's
        start = starts[i]
        end = start + len(line.rstrip())
        prev_blank = i == 0 or blank[i - 1]
        next_blank = i + 1 >= len(lines) or blank[i + 1]
        kind, meta = _classify(line, prev_blank, next_blank)

        fused = _fused_contact(line)
        if fused is not None:
            head = line[:fused]
            blocks.append(Block("heading", start, start + len(head.rstrip()), head.rstrip(), section, meta={}))
            section = head_section = plain(head)
            mode, mode_lines = "contact", 0
            tight = loose = 0
            start += fused
            line = line[fused:]
            kind, meta = "paragraph", {}

        short = len(line) <= _HEADING_MAX
        att = attendance_kind(line) if short and kind in ("heading", "paragraph") else None
        inline = None
        if att is None and kind in ("paragraph", "heading", "table_row"):
            m = _INLINE_HEAD.match(line)
            fm = _FROM_HEAD.match(line)
            # an item's number before the key ("1.00 SEDERUNT A, B ..." too long for an item's title)
            num = _ITEM_NUMBER.match(line) if kind == "paragraph" else None
            k = num.end() if num else 0
            bm = _BARE_HEAD.match(line[k:])
            if m and attendance_kind(m.group(1)):
                att, inline = attendance_kind(m.group(1)), m.end()
            elif m and mode is not None and mode.startswith("attendance") and heading_key(m.group(1)) in \
                    people_vocab()["attendance_group_keys"]:
                # "Attendance" over "Members: A (Chair), B": a group of the list the section opened
                att, inline = mode.split(":", 1)[1], m.end()
            elif bm:  # "Present Councillor A (Chairman), Councillors B, C": the heading with no colon
                att, inline = attendance_kind(bm.group(1)) or "attendance", k + bm.end()
            elif fm:  # "Present from the Westby Council: A, B": officers of that body, not members
                att, inline = "officer", fm.end()
                meta = {**meta, "from_body": fm.group("body").strip()}
            else:
                m = _APOLOGIES_FROM.match(line)
                pm = _PRESENT_WERE.match(line)
                rm = _RECEIVED_FROM.match(line) if mode == "attendance:apologies" and mode_lines == 0 else None
                if m and len(line) - m.end() > 3:
                    att, inline = "apologies", m.end()
                elif pm and len(line) - pm.end() > 3:
                    att, inline = "present", pm.end()
                elif rm and len(line) - rm.end() > 3:
                    att, inline = "apologies", rm.end()  # "2 Apologies" over "were received from: A, B"
        if att is None and kind == "agenda_item":
            im = _INLINE_HEAD.match(meta["title"])
            at = line.find(meta["title"])
            bm = _BARE_HEAD.match(meta["title"])
            if im and at >= 0 and attendance_kind(im.group(1)) and len(meta["title"]) - im.end() > 3:
                # "192) Apologies: Councillors A, B": a numbered item that is the list itself
                att, inline = attendance_kind(im.group(1)), at + im.end()
            elif bm and at >= 0:  # "1.00 SEDERUNT Ann Jones (AJ) (Chair), ...": the same with no colon
                att, inline = attendance_kind(bm.group(1)) or "attendance", at + bm.end()
        if att is None and kind == "paragraph" and _APOLOGIES_TAIL.search(line) and not next_blank \
                and i + 1 < len(lines) and _person_like(lines[i + 1]):
            att = "apologies"  # the sentence ends where the list of those who sent apologies begins
        if att is not None and inline is None:
            blocks.append(Block("heading", start, end, line.rstrip(), section, meta={"opens": att}))
            section = head_section = plain(line)
            mode, mode_lines = f"attendance:{att}", 0
            tight = loose = 0
            continue
        if short and kind in ("heading", "paragraph") and is_membership_heading(line) and mode == "contact":
            # a membership list after a contact block ("Contact: ...", then "Membership"): the
            # contact section is over
            blocks.append(Block("heading", start, end, line.rstrip(), section, meta={}))
            section = head_section = plain(line)
            mode = None
            continue
        if short and kind in ("heading", "paragraph") and is_contact_heading(line):
            blocks.append(Block("heading", start, end, line.rstrip(), section, meta={"opens": "contact"}))
            section = head_section = plain(line)
            mode, mode_lines = "contact", 0
            tight = loose = 0
            continue

        # does this line close an open attendance/contact section?
        if mode == "attendance:present" and inline is None and mode_lines > 0 and _list_break(blank, i) \
                and tight > loose:
            # two blank lines after a list of members written line under line: an unheaded list of
            # others who attended (a list written with a blank line between lines is not broken so)
            mode = "attendance:attendance"
        if mode is not None and inline is None:
            mode_lines += 1
            if mode_lines > 1:
                tight, loose = (tight + 1, loose) if not prev_blank else (tight, loose + 1)
            long_para = kind == "paragraph" and (
                # a long line is a paragraph of prose, unless it is the list itself right under its
                # heading (a list flattened onto one line) and no sentence
                (len(line) > 160 and not (mode.startswith("attendance") and _acting().search(line) is None
                                          and not _SENTENCE_BREAK.search(line) and (not line.rstrip().endswith(".")
                                                                    or line.count(",") + line.count(";") >= 2)))
                or (line.rstrip().endswith(".") and len(line.split()) > 12
                    # "A (Chair), B (Vice Chair); C, D and E.": a list that ends with a full stop
                    and not (_acting().search(line) is None and line.count(",") + line.count(";") >= 2))
                or (line.rstrip().endswith(".") and _acting().search(line) is not None)  # a sentence, not a name
                # "Councillor Smith attended the meeting in accordance with Procedure Rule 1.37 (b)"
                or (len(line.split()) > _SENTENCE_MIN_WORDS and _acting().search(line) is not None
                    and "," not in line)
            )
            sub = _SUB_ITEM.match(line) if mode.startswith("attendance") else None
            if sub is not None and len(line[sub.end():].split()) <= _SUB_ITEM_MAX_WORDS:
                # "1. Board members present" / "1.1 Westby Council" / "1.2 Other attendees": a group of
                # the list under a number of its item, which goes on (as the group says, if it says)
                sub_kind = attendance_kind(line[sub.end():])
                mode = f"attendance:{sub_kind}" if sub_kind else mode
                blocks.append(Block("heading", start, end, line.rstrip(), section,
                                    meta={"opens": mode.split(":", 1)[1]}))
                mode_lines = 0
                continue
            if kind == "agenda_item" or long_para or mode_lines > 40:
                mode = None
            elif kind == "heading" and not (mode == "contact" and meta.get("bold") and _person_like(line)):
                if not (mode.startswith("attendance") and not line.lstrip().startswith("#") and _person_like(line)):
                    mode = None

        if kind == "agenda_item":
            item = meta["title"]
            opens = attendance_kind(meta["title"]) if len(meta["title"]) <= _HEADING_MAX else None
            if opens in ("present", "apologies", "attendance", "absent"):
                # "1. Apologies" with the names on the lines below: the item is the list's heading
                mode, mode_lines = f"attendance:{opens}", 0
                tight = loose = 0
        elif kind == "heading" and meta.get("level", 9) <= 2 and mode is None:
            item = None  # a new part of an agenda pack: the item it was under is over

        if inline is not None and att is not None:
            meta = {**meta, "attendance": att, "inline": inline}
            kind = "attendance"
            # "Apologies were received from A and B." is whole: only an open list goes on below it
            # ("PRESENT: Councillor A in the Chair." goes on with "Councillors B, C and D." below it)
            whole = line.rstrip().endswith(".") and not _IN_THE_CHAIR.search(line)
            mode, mode_lines = (None, 0) if whole else (f"attendance:{att}", 0)
            tight = loose = 0
        elif mode is not None and kind in ("paragraph", "table_row", "heading", "list_item"):
            if mode == "contact":
                kind = "contact"
                meta = {**meta, "contact": True}
            else:
                meta = {**meta, "attendance": mode.split(":", 1)[1]}
                kind = "attendance"
        cells = line.split("\t") if "\t" in line else []
        if not cells and _PIPE_ROW.fullmatch(line.strip()):
            # "| Ann Jones | Westby Council |": a Markdown table row, its cells between the bars
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            kind = "table_row" if kind in ("paragraph", "heading") else kind
        if not cells and i in slashed:  # "Name / Title & Organisation / Present": cells written with " / "
            cells = [c.strip() for c in CELL_SLASH.split(line.rstrip())]
            kind = "table_row" if kind in ("paragraph", "heading") else kind
        if cells and sum(1 for c in cells if c.strip()) < 2:
            # TABs only indent the line (a centred title copied from a PDF): not a table row
            cells = []
            kind = "paragraph" if kind == "table_row" else kind
        if not cells and kind in ("paragraph", "attendance") and _COLUMNS.search(line.strip()) and \
                not _NUMBERED.match(line):
            # columns laid out with runs of spaces ("Name        Title (Chair)"), as text copied from
            # a PDF or a fixed-width page writes a table: cells as if TAB-separated
            cells = [c for c in _COLUMNS.split(line.strip()) if c.strip()]
            kind = "table_row" if kind == "paragraph" else kind
        if item is not None and kind != "agenda_item":
            meta = {**meta, "item": item}
        own = head_section if kind == "agenda_item" else section
        blocks.append(Block(kind, start, end, line[: end - start], own, cells, meta))
        if kind == "heading":
            section = head_section = plain(line)
        elif kind == "agenda_item":
            section = meta["title"]
    return _split_flattened(blocks)


# A whole page run onto one line (a PDF copy): the attendance lists inside it start at a heading
# word mid-line, written "Present:" or in capitals ("ATTENDEE REPRESENTING"), and end at the next
# such heading or at a numbered item ("1. WELCOME").
_FLAT_MIN_CHARS = 300
_FLAT_TWO_CUES_MIN_CHARS = 80
_SUB_ITEM = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.?\s+(?=\S)")  # "1.1 Westby Council": a part of item 1
_SUB_ITEM_MAX_WORDS = 6  # a group's heading, not a minute's paragraph
_FLAT_CUE = re.compile(
    # (after a space, or after the other language's word and a slash: "AELODAU/MEMBERS:")
    r"(?<=[\s/])(?:(?P<word>(?:(?:Members|Officers|Also|Those|Board\s+Members)\s+)?(?:[Pp]resent|[Aa]ttendees"
    r"|[Aa]ttending|[Ii]n\s+[Aa]ttendance|[Aa]pologies(?:\s+for\s+[Aa]bsence)?(?:\s+[Rr]eceived)?|[Aa]bsent)"
    r"|MEMBERS|(?:MEMBERS\s+)?PRESENT|IN\s+ATTENDANCE|APOLOGIES(?:\s+FOR\s+ABSENCE)?)\s*:\s*"
    r"|(?P<caps>(?:(?:MEMBERS|OFFICERS|ALSO)\s+)?(?:PRESENT|ATTENDEES?|IN\s+ATTENDANCE|APOLOGIES(?:\s+FOR\s+ABSENCE)?))"
    r"(?:\s+(?:REPRESENTING|ORGANISATION|ORGANIZATION|ROLE|TITLE|AGENCY|NAME|POSITION))*\s+"
    r"(?=[A-Z][a-z]|[A-Z]{2,4}\s+[A-Z][a-z])"
    # a heading word written with no colon, right before a councillor or a forename and surname
    # ("... Minutes Members Councillor Ann Jones ... In Attendance Bob Patel ...")
    r"|(?P<bare>Members|In\s+Attendance|Also\s+Present|By\s+Invitation|Apologies)\s+"
    r"(?=(?:Councillor|Cllr\.?|Mr|Mrs|Ms|Miss|Dr)\s+[A-Z]|[A-Z][a-z]+\s+[A-Z][a-z]+\s))")
# the next numbered item ends a list ("... C Jones 1 1 APOLOGIES FOR ABSENCE": a page number, then the item)
_FLAT_END = re.compile(r"\s(?:(?:\d{1,2}(?:\.\d{1,2})?\.?|Item\s+\d{1,2}\.?)\s+)+(?=[A-Z]{2,}|[A-Z][a-z]+\s)")


def list_end(text: str) -> int:
    """Where a list run on into the next numbered item ends ("A Jones, B Patel 1 1 APOLOGIES FOR
    ABSENCE": after "B Patel"); the whole text when no item follows.

    >>> t = "A Jones, B Patel 1 1 APOLOGIES FOR ABSENCE"
    >>> t[:list_end(t)], list_end("A Jones, B Patel") == len("A Jones, B Patel")
    ('A Jones, B Patel', True)
    """
    m = _LIST_END.search(text)
    return m.start() if m else len(text)


# a number (or two: a page's, then an item's) before a heading in capitals; a number before a name
# ("Cllr 1 Ann Jones": a page number run into the list) does not end it
_LIST_END = re.compile(r"\s(?:\d{1,2}(?:\.\d{1,2})?\.?\s+)+(?=[A-Z]{3,}\b)")


# a second list's heading inside a list written on one line ("A (Chair), B & C (Clerk). Also: D")
# ("Present: A, B, C Apologies: D, E": the apologies' key after the last name present)
_INLINE_CUE = re.compile(r"(?<=[\s.;,])(?P<word>Also(?:\s+[Pp]resent|\s+in\s+[Aa]ttendance)?|In\s+[Aa]ttendance|"
                         r"Officers(?:\s+[Pp]resent)?|Apologies(?:\s+for\s+[Aa]bsence)?|APOLOGIES|Absent|"
                         r"(?P<more>Independent\s+[Mm]embers|Co-opted\s+[Mm]embers)|Members\s+of\s+the\s+[Pp]ublic|"
                         r"(?P<post>Clerk|Minute\s+[Tt]aker))"
                         r"\s*:\s*(?=\S)")


def _cue_meta(meta: dict, kind: str | None, inline: int, post: str) -> dict:
    """A cut block's meta: its attendance kind, where its names start, and the post its key names."""
    out = {**meta, "attendance": kind, "inline": inline}
    out.pop("key_title", None)
    if post:
        out["key_title"] = " ".join(post.split()).capitalize()
    return out


def _split_inline(b: Block) -> list[Block]:
    """An attendance line cut where a second list's heading stands inside it: "Councillors A (Chair), B.
    Also: County Councillor C" is the members present, then others in attendance.

    >>> b = Block("attendance", 0, 30, "Present: A Jones, B Patel. Also: C Lee", meta={"attendance": "present",
    ...     "inline": 9})
    >>> [(x.text, x.meta["attendance"], x.meta["inline"]) for x in _split_inline(b)]
    [('Present: A Jones, B Patel.', 'present', 9), ('Also: C Lee', 'attendance', 6)]
    """
    out: list[Block] = []
    pos, kind, inline = 0, b.meta.get("attendance"), b.meta.get("inline", 0)
    post = ""
    for m in _INLINE_CUE.finditer(b.text, inline):
        # "Clerk: Mrs E Green" inside the list: an officer whose post is the key
        # ("Independent Members: D, E" inside the list of those present: more of the same list)
        k = "officer" if m.group("post") else kind if m.group("more") else attendance_kind(m.group("word"))
        if not k:
            continue
        if k == "attendance" and kind in ("apologies", "guest_apologies") and m.group("word") == "Also":
            k = "guest_apologies"  # "Apologies: A, B. Also: C": C sent apologies too, not as a member
        head = b.text[pos:m.start()].rstrip()
        out.append(replace(b, start=b.start + pos, end=b.start + pos + len(head), text=head, cells=[],
                           meta=_cue_meta(b.meta, kind, inline, post)))
        pos, kind, inline, post = m.start(), k, m.end() - m.start(), m.group("post") or ""
    if not out:
        return [b]
    out.append(replace(b, start=b.start + pos, text=b.text[pos:], cells=[],
                       meta=_cue_meta(b.meta, kind, inline, post)))
    return out


def _split_flattened(blocks: list[Block]) -> list[Block]:
    """Blocks of a long flattened line cut at its attendance lists: the text before, one
    attendance block per list (``inline`` where its names start), and the text after."""
    out: list[Block] = []
    for b in blocks:
        if b.kind == "attendance" and not b.cells:
            out.extend(_split_inline(b))
            continue
        cues = list(_FLAT_CUE.finditer(b.text)) if b.kind in ("paragraph", "heading") and \
            len(b.text) >= _FLAT_TWO_CUES_MIN_CHARS else []
        if len(b.text) < _FLAT_MIN_CHARS and len(cues) < 2:
            cues = []  # a shorter line is cut only at two lists or more ("MEMBERS: A, B APOLOGIES: C")
        kinds = [(m, attendance_kind(_cue_words(m))) for m in cues]
        kinds = [(m, k) for m, k in kinds if k]
        if not kinds:
            out.append(b)
            continue
        pos = 0
        # a cue written after the other language's word ("YMDDIHEURIADAU/APOLOGIES:") starts at that word
        starts = [_bilingual_start(b.text, m.start()) for m, _ in kinds]
        for n, (m, k) in enumerate(kinds):
            nxt = starts[n + 1] if n + 1 < len(kinds) else len(b.text)
            end_m = _FLAT_END.search(b.text, m.end(), nxt)
            end = end_m.start() if end_m else nxt
            at = starts[n]
            if at > pos and b.text[pos:at].strip():
                out.append(replace(b, start=b.start + pos, end=b.start + len(b.text[:at].rstrip()),
                                   text=b.text[pos:at].rstrip(), cells=[]))
            out.append(Block("attendance", b.start + at, b.start + end, b.text[at:end], b.section,
                             meta={"attendance": k, "inline": m.end() - at}))
            pos = end
        rest = b.text[pos:]
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            out.append(replace(b, kind="paragraph", start=b.start + pos + lead, text=rest.strip(), cells=[],
                               meta={k: v for k, v in b.meta.items() if k != "caps"}))
    return out


_OTHER_LANGUAGE_WORD = re.compile(r"[^\s/]+\s?/\s?$")


def _bilingual_start(text: str, at: int) -> int:
    """Where a cue starts: before the other language's word and its slash ("AELODAU/MEMBERS:").

    >>> t = "x AELODAU/MEMBERS: A"
    >>> _bilingual_start(t, t.index("MEMBERS")), _bilingual_start("x MEMBERS: A", 2)
    (2, 2)
    """
    if at and text[at - 1] == "/":
        m = _OTHER_LANGUAGE_WORD.search(text, 0, at)
        if m is not None:
            return m.start()
    return at


def _cue_words(m: re.Match[str]) -> str:
    """The heading words of a cue, without the column names after them ("ATTENDEE REPRESENTING")."""
    words = (m.group("word") or m.group("caps") or m.group("bare") or "").lower()
    words = re.sub(r"\s+", " ", words).strip()
    if words == "members":
        return "members present"  # "Minutes Members Councillor A ...": the members at the meeting
    return "attendees" if words == "attendee" else words
