"""Title and date guessed from a document's text.

Papers rarely carry reliable metadata (PDF titles read "Microsoft Word - doc3.docx"),
so both are read from what the first lines of the text say.

>>> text = "## **SAFER COMMUNITIES BOARD**\\n\\n**Thursday, 25 June 2026 at 10.00 am**\\n"
>>> guess_title(text), guess_date(text)
('SAFER COMMUNITIES BOARD', '2026-06-25')
"""

from __future__ import annotations

import re

from kg.loaders.dates import parse_date

__all__ = ["guess_title", "guess_date", "clean_line"]

# How far down a title or the document's own date may be: a cover page or a meeting header.
_TOP_LINES = 60
_MAX_TITLE = 200

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|~~|\*|`)")
# "Meeting: X", "Title: X": a label in front of the value that is the title
_TITLE_LABEL = re.compile(r"^(?:meeting|title|subject|report title|document|name of meeting)\s*[:\-–]\s*",
                          re.IGNORECASE)
# "Date:", "Date/Time:", "Meeting date -": a label that says the value is the document's date
_DATE_LABEL = re.compile(r"^(?:(?:meeting\s+)?date(?:\s*(?:/|and|&)\s*time)?|dated|held on)\b\s*[:\-–]?\s*",
                         re.IGNORECASE)
_PAGE_MARK = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+|agenda item\s+\S+|appendix\s+\S+)$",
                        re.IGNORECASE)


def clean_line(line: str) -> str:
    """A line without Markdown heading marks, emphasis, links or HTML tags, whitespace collapsed.

    >>> clean_line("## **Terms of Reference** [link](#x) <u>Review</u>")
    'Terms of Reference link Review'
    """
    s = line.strip().lstrip("#>").strip()
    s = re.sub(r"^[-+•◦▪]\s+", "", s)
    s = _LINK.sub(r"\1", s)
    s = _TAG.sub("", s)
    s = _EMPHASIS.sub("", s)
    return " ".join(s.split())


def _top_lines(text: str) -> list[tuple[int, str, str]]:
    """The first non-blank lines as (line index, raw, cleaned), reading only the top of a huge text."""
    out: list[tuple[int, str, str]] = []
    for index, raw in enumerate(text[:20000].split("\n")):
        cleaned = clean_line(raw)
        if cleaned:
            out.append((index, raw, cleaned))
            if len(out) >= _TOP_LINES:
                break
    return out


def _is_only_date(cleaned: str) -> bool:
    rest = cleaned
    for start, end, _ in reversed(parse_date(cleaned)):
        rest = rest[:start] + rest[end:]
    return sum(c.isalpha() for c in _DATE_LABEL.sub("", rest)) < 3


def guess_title(text: str) -> str:
    """The first heading-like line near the top, cleaned of Markdown; ``''`` if there is none.

    Page stamps ("Page 3", "Agenda Item 4"), bare dates and lines with fewer than three
    letters are passed over; a Markdown heading, a bold or capitalised line, or a short line
    not ending in a full stop is heading-like.

    >>> guess_title("Agenda Item 4\\n\\n25 JUNE 2026\\n\\nLLR ASB ACTION PLAN UPDATE\\n\\nPurpose of report")
    'LLR ASB ACTION PLAN UPDATE'
    >>> guess_title("Meeting: **Police and Crime Panel**")
    'Police and Crime Panel'
    >>> guess_title("SAFER COMMUNITIES\\nSTRATEGY BOARD\\nThursday, 25 June 2026")
    'SAFER COMMUNITIES STRATEGY BOARD'
    """
    fallback = ""
    lines = _top_lines(text)
    for pos, (index, raw, cleaned) in enumerate(lines):
        if sum(c.isalpha() for c in cleaned) < 3 or _PAGE_MARK.match(cleaned) or _is_only_date(cleaned):
            continue
        title = _TITLE_LABEL.sub("", cleaned)[:_MAX_TITLE].strip()
        stripped = raw.strip()
        heading_like = (stripped.startswith("#") or stripped.startswith("**")
                        or (title.upper() == title and any(c.isalpha() for c in title))
                        or (len(title) <= 120 and not title.endswith(".")))
        if heading_like:
            # a capitalised heading wrapped onto the next line (as PDF text has it) continues there
            if pos + 1 < len(lines) and title.isupper():
                n_index, _, n_clean = lines[pos + 1]
                if n_index == index + 1 and n_clean.isupper() and not _is_only_date(n_clean):
                    title = (title + " " + n_clean)[:_MAX_TITLE]
            return title
        fallback = fallback or title
    return fallback


def guess_date(text: str) -> str | None:
    """The date the document states about itself, as ISO ``'YYYY-MM-DD'``, or None.

    Only the top of the text is read. A date standing on its own line, after a "Date:"
    label, or with its weekday ("Thursday, 25 June 2026") is the document's own date;
    failing that, a full date in a short line (not a sentence) among the first few. Dates further
    down, or inside sentences, are about
    other things (minutes of earlier meetings, deadlines) and are not used.

    >>> guess_date("REPORT\\n\\nDate: 20th April 2023\\n\\nOn 1 May 2022 we met.")
    '2023-04-20'
    >>> guess_date("The plan was published on 1 April 2026." + "\\nText." * 20) is None
    True
    """
    first_plain: str | None = None
    for index, (_line, _raw, cleaned) in enumerate(_top_lines(text)):
        only_date: bool | None = None    # the same for every date of the line: read once
        for start, end, iso in parse_date(cleaned):
            if len(iso) != 10:
                continue
            span = cleaned[start:end]
            if only_date is None:
                only_date = _is_only_date(cleaned)
            standalone = only_date or len(cleaned) <= len(span) + 25
            labelled = bool(_DATE_LABEL.match(cleaned[:start]))
            has_weekday = span[:1].isalpha() and not span.split()[0].lower().startswith(
                tuple(m for m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                  "nov", "dec")))
            if standalone or labelled or (has_weekday and index < _TOP_LINES // 3):
                return iso
            if first_plain is None and index < 8 and len(cleaned) <= 100 and not cleaned.endswith("."):
                first_plain = iso
    return first_plain
