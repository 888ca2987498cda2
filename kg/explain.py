"""One paper as kg read it: the text rendered with spaCy's displaCy, every entity highlighted.

:func:`explain_html` takes a loaded :class:`~kg.loaders.base.Document` and what
:func:`kg.extract.extract` read from it (an :class:`~kg.model.Extraction`) and returns one
self-contained HTML page for a reviewer:

* a summary: entities and mentions by label, facts by type;
* the text, through ``spacy.displacy.render(style="ent", manual=True)``, with each mention
  highlighted in its label's colour. Its tooltip names the entity and lists the facts it takes
  part in, with their other end. Every line has an anchor ``#line-N``;
* a table of every fact: type, both ends, key properties, the quote and its citation
  ``doc:line``, which links to that line of the text;
* the mentions that could not be placed in the text, and why.

Text that is not highlighted is text kg did not read as an entity.

Placing a mention (:func:`place_mentions`) uses only what an Extraction holds. The quote
(``Cite.text``) is found at its cited line, and the mention's name or one of its aliases is
looked for inside it. The search ignores case, spacing and line breaks, and takes ``&`` for
``and``. A meeting is placed at its date, written in any usual form. A name shortened after
"the" is found too ("the Board", "the Action Plan"). A short quote that shares a word with the
name is itself highlighted. Failing all that, the name is looked for on the cited line and the
next few lines. Highlights never overlap: one found by name, alias or date beats one found
another way, then the longer one is kept; the other mention is listed as not placed.

The page has no script, loads nothing (no CDN, no web font) and carries a
Content-Security-Policy that allows no script at all. Every name, quote and line of the
paper is HTML-escaped. The page opens from disk, offline.
"""

from __future__ import annotations

import bisect
import html
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.loaders.base import Document
from kg.model import Extraction, Fact, Mention, Ref

__all__ = ["LABELS", "Highlight", "Unplaced", "ExplainResult", "ExtractionFailed", "explain_html",
           "place_mentions", "explain_file", "label_colours", "CSP"]

#: The node labels kg extracts, each with its own highlight colour.
LABELS = ("Board", "Organisation", "Person", "Post", "Plan", "Priority", "Fund", "Project", "Meeting", "Area")

#: No script, no request of any kind; inline styles only (displaCy writes style attributes).
CSP = ("default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")

#: Fact properties shown first in the facts table, in this order; any others follow.
KEY_PROPS = ("amount", "spent", "remaining", "period", "role", "title", "apologies", "date")

#: At most this many facts in one highlight's tooltip (the table has them all).
TOOLTIP_FACTS = 12

# Lines after the quote still searched for a name that is not inside the quote.
_NEAR_LINES = 2
# A quote this short, on one line, sharing a word with the name, may stand for the entity when
# the name is not written there ("Melton*" for Melton Community Safety Partnership).
_SHORT_QUOTE = 60
_SHORT_WORDS = 6
_GENERIC = frozenset({"the", "and", "for", "board", "council", "group", "partnership", "committee",
                      "panel", "meeting", "plan", "fund", "project", "strategy", "service", "services"})


class ExtractionFailed(Exception):
    """The extractor raised on this document. The message is one line, for the user."""


@dataclass
class Highlight:
    """One highlighted span of the text, ``text[start:end]``, standing for one or more mentions.

    ``how`` says how it was found: ``name``, ``alias``, ``date`` (a meeting), ``short`` (the end
    of the name after "the", as in "the Board"), ``quote`` (the short quote itself) or ``near``
    (the name elsewhere on the cited line or a few lines after the quote).
    """

    start: int
    end: int
    label: str
    mentions: list[Mention]
    how: str
    id: str = ""


@dataclass
class Unplaced:
    """A mention that is not highlighted, and why."""

    mention: Mention
    reason: str


@dataclass
class ExplainResult:
    """What :func:`explain_file` wrote."""

    path: Path
    mentions: int
    highlighted: int
    unplaced: int
    facts: int


# ---- colours ------------------------------------------------------------------------------------

def _lighter(hex_colour: str, amount: float = 0.55) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c + (255 - c) * amount) for c in (r, g, b)))


def label_colours() -> dict[str, str]:
    """Highlight colour per label: the colour the pictures use for it (``kg.viz.style``), lightened
    so that black text stays readable on it.

    >>> c = label_colours()
    >>> sorted(c) == sorted(LABELS), len(set(c.values())) == len(LABELS), c["Board"]
    (True, True, '#aec2d8')
    """
    from kg.viz.style import label_colour

    return {label: _lighter(label_colour(label)) for label in LABELS}


# ---- placing mentions in the text ---------------------------------------------------------------

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"


def _token_pattern(token: str) -> str:
    if token.lower() in ("&", "and"):
        return r"(?:&|and)"
    out = []
    for ch in token:
        if ch in "'’‘":
            out.append("['’‘]")
        elif ch in "-–—":
            out.append("[-–—]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=4096)
def name_pattern(name: str) -> re.Pattern[str] | None:
    """A pattern finding ``name`` as the text may write it: any case, any spacing or line break
    (or Markdown emphasis) between words, ``&`` for ``and``, curly apostrophes, whole words only.

    >>> bool(name_pattern("Leicestershire & Rutland Board").search("the LEICESTERSHIRE AND\\nRUTLAND BOARD met"))
    True
    >>> name_pattern("Fund").search("Funding") is None
    True
    >>> pat = name_pattern("Strategic Partnership Board Executive")
    >>> pat.search("the Strategic Partnership Board (SPB) Executive").group()
    'Strategic Partnership Board (SPB) Executive'
    """
    tokens = name.replace("&", " & ").split()
    if not tokens or len(name) > 400:
        return None
    body = r"[\s*_]+(?:\(\w{2,10}\)[\s*_]+)?".join(_token_pattern(t) for t in tokens)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def date_pattern(iso: str) -> re.Pattern[str] | None:
    """A pattern finding an ISO date (``2026-06-25``) as papers write it: ``Thursday, 25th June
    2026``, ``25 JUNE 2026``, ``June 25, 2026``, ``25 Jun``, ``25/06/2026``, or as given.

    >>> date_pattern("2026-06-25").search("**Thursday, 25th June 2026 at 10am**").group()
    'Thursday, 25th June 2026'
    >>> date_pattern("2026-06-25").search("**25<sup>th</sup> JUNE 2026**").group()
    '25<sup>th</sup> JUNE 2026'
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso.strip())
    if not m:
        return None
    year, month, day = m.group(1), int(m.group(2)), int(m.group(3))
    if not 1 <= month <= 12:
        return None
    full = _MONTHS[month - 1]
    mon = rf"(?:{full}|{full[:3]}\.?)" if full != "may" else "may"
    d = rf"0?{day}(?:(?:<sup>)?(?:st|nd|rd|th)(?:</sup>)?)?"
    forms = [
        rf"{_WEEKDAY}{d}\s+(?:of\s+)?{mon}(?:,?\s+{year})?",
        rf"{_WEEKDAY}{mon}\s+{d}(?:,?\s+{year})?",
        rf"0?{day}[/.]0?{month}[/.](?:{year}|{year[2:]})",
        re.escape(iso),
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)", re.IGNORECASE)


def _line_start(doc: Document, line: int) -> int:
    if line <= 1:
        return 0
    if line > len(doc.line_starts):
        return len(doc.text)
    return doc.line_starts[line - 1]


def _quote_region(doc: Document, mention: Mention) -> tuple[int, int, bool]:
    """Where the mention's quote is: ``(start, end, exact)``. When the quote is not found verbatim
    starting on (or just after) the cited line, the cited line and the next two stand for it."""
    text, quote = doc.text, mention.cite.text
    start = _line_start(doc, mention.cite.line)
    fallback_end = _line_start(doc, mention.cite.line + 3)
    if quote.strip():
        pos = text.find(quote, start, fallback_end + len(quote))
        if pos != -1:
            return pos, pos + len(quote), True
        first = quote.strip().splitlines()[0]
        pos = text.find(first, start, fallback_end + len(first))
        if pos != -1:
            return pos, max(pos + len(quote.strip()), fallback_end), False
    return start, fallback_end, False


def _first(patterns: list[tuple[re.Pattern[str], str]], text: str, start: int,
           end: int) -> tuple[int, int, str] | None:
    """The earliest (then longest) match of any pattern in ``text[start:end]``."""
    best: tuple[int, int, str] | None = None
    for pat, how in patterns:
        m = pat.search(text, start, end)
        if m and m.end() > m.start() and (best is None or (m.start(), -m.end()) < (best[0], -best[1])):
            best = (m.start(), m.end(), how)
    return best


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces, Markdown marks or a list dash."""
    junk = " \t\r\n*_#`>|-•"
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk + ".,;:":
        end -= 1
    return start, end


@lru_cache(maxsize=4096)
def _suffix_patterns(name: str) -> tuple[re.Pattern[str], ...]:
    """Patterns for the end of a name written after "the", longest first, as minutes shorten a
    name once given: "the Action Plan" for LLR ASB Action Plan, "the Board" for Safer
    Communities Board. The words keep their capitals (so "the board" of a company is not it);
    a single word needs four letters.

    >>> [p.search("The Action Plan is live").group(1) for p in _suffix_patterns("LLR ASB Action Plan")
    ...  if p.search("The Action Plan is live")]
    ['Action Plan']
    >>> any(p.search("the plan is live") for p in _suffix_patterns("LLR ASB Action Plan"))
    False
    """
    words = name.split()
    out = []
    for k in range(len(words) - 1, 0, -1):
        tail = words[-k:]
        if not tail[0][:1].isupper() or (k == 1 and len(tail[0]) < 4) or tail[0].lower() in ("and", "for", "the"):
            continue
        body = r"\s+".join(_token_pattern(t) for t in tail)
        upper = r"\s+".join(_token_pattern(t.upper()) for t in tail)
        out.append(re.compile(rf"(?<!\w)[Tt](?:he|HE)[\s*_]+({body}|{upper})(?!\w)"))
    return tuple(out)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) >= 3 and w not in _GENERIC}


def _shares_word(quote: str, names: list[str]) -> bool:
    """Whether the quote writes a telling word of one of the names.

    >>> _shares_word("Melton*", ["Melton Community Safety Partnership"]), _shares_word("The Board met", ["Safer Board"])
    (True, False)
    """
    words = _words(quote)
    return any(words & _words(n) for n in names)


def _candidate(doc: Document, mention: Mention) -> tuple[int, int, int, str] | None:
    """``(tier, start, end, how)`` for one mention, or None. Lower tiers win overlaps first."""
    text = doc.text
    q_start, q_end, exact = _quote_region(doc, mention)
    patterns: list[tuple[re.Pattern[str], str]] = []
    for name, how in [(mention.name, "name")] + [(a, "alias") for a in mention.aliases]:
        pat = name_pattern(name)
        if pat is not None:
            patterns.append((pat, how))
    if mention.label == "Meeting":
        dpat = date_pattern(str(mention.props.get("date") or ""))
        if dpat is not None:
            patterns.insert(0, (dpat, "date"))
    found = _first(patterns, text, q_start, q_end)
    if found:
        return 0, found[0], found[1], found[2]
    if mention.label != "Meeting":
        # "the" may stand just before a quote that holds only the end of the name ("Plan")
        from_ = max(_line_start(doc, mention.cite.line), q_start - 80)
        for pat in _suffix_patterns(mention.name):
            for m in pat.finditer(text, from_, q_end):
                if m.end(1) > q_start:
                    return 1, m.start(1), m.end(1), "short"
    if exact and mention.label != "Meeting":
        s, e = _trimmed(text, q_start, q_end)
        quote = text[s:e]
        if 0 < len(quote) <= _SHORT_QUOTE and "\n" not in quote and "\t" not in quote \
                and len(quote.split()) <= _SHORT_WORDS and _shares_word(quote, [mention.name, *mention.aliases]):
            return 1, s, e, "quote"
    near_end = _line_start(doc, doc.locate(q_end)[0] + _NEAR_LINES + 1)
    found = _first(patterns, text, _line_start(doc, mention.cite.line), near_end)
    if found:
        return 2, found[0], found[1], "near" if found[2] != "date" else "date"
    return None


def place_mentions(doc: Document, mentions: list[Mention]) -> tuple[list[Highlight], list[Unplaced]]:
    """Find each mention in ``doc.text``: non-overlapping highlights in text order, and the
    mentions that could not be placed. Never raises for odd input (a line out of range, an
    empty quote, a name the text does not hold).

    Several mentions on the same span share one highlight. When two spans overlap, the one
    found by name beats the one found by quote or nearby, then the longer one wins.

    >>> doc = Document.from_text("a.txt", "Agenda\\nThe LEICESTER CITY COUNCIL board met.\\n")
    >>> from kg.model import Cite
    >>> c = Cite("a.txt", 2, "The LEICESTER CITY COUNCIL board met.")
    >>> hs, missed = place_mentions(doc, [Mention("Organisation", "Leicester City Council", c),
    ...                                   Mention("Area", "Leicester", c), Mention("Person", "Ann Lee", c)])
    >>> [(doc.text[h.start:h.end], h.label) for h in hs]
    [('LEICESTER CITY COUNCIL', 'Organisation')]
    >>> [(u.mention.name, u.reason) for u in missed]  # doctest: +NORMALIZE_WHITESPACE
    [('Leicester', 'inside Organisation: Leicester City Council (line 2)'),
     ('Ann Lee', 'name not found at the cited line')]
    """
    cands: list[tuple[int, int, int, int, str]] = []   # tier, -length, start, index, how
    ends: dict[int, int] = {}
    unplaced: list[tuple[int, Unplaced]] = []
    for i, m in enumerate(mentions):
        try:
            found = _candidate(doc, m)
        except (re.error, RecursionError, ValueError):   # a pathological name: report, never crash
            found = None
        if found is None:
            unplaced.append((i, Unplaced(m, "name not found at the cited line")))
            continue
        tier, start, end, how = found
        cands.append((tier, start - end, start, i, how))
        ends[i] = end
    cands.sort()
    starts: list[int] = []          # kept highlights, sorted by start (they never overlap)
    kept: list[Highlight] = []
    by_span: dict[tuple[int, int], Highlight] = {}
    for _tier, _neg, start, i, how in cands:
        end, m = ends[i], mentions[i]
        same = by_span.get((start, end))
        if same is not None:
            same.mentions.append(m)
            continue
        k = bisect.bisect_left(starts, end)
        if k > 0 and kept[k - 1].end > start:
            other = kept[k - 1]
            first = other.mentions[0]
            unplaced.append((i, Unplaced(m, f"inside {first.label}: {first.name} "
                                            f"(line {doc.locate(other.start)[0]})")))
            continue
        h = Highlight(start, end, m.label, [m], how)
        starts.insert(k, start)
        kept.insert(k, h)
        by_span[(start, end)] = h
    for n, h in enumerate(kept, 1):
        h.id = f"ent-{n}"
    return kept, [u for _, u in sorted(unplaced, key=lambda x: x[0])]


# ---- the page -----------------------------------------------------------------------------------

_ENT_TEMPLATE = (
    '<mark class="entity" id="{id}" data-label="{label}" title="{title}" style="background: {bg}; '
    'padding: 0.45em 0.6em; margin: 0 0.25em; line-height: 1; border-radius: 0.35em;">{text}'
    '<span class="entity-label" style="font-size: 0.8em; font-weight: bold; line-height: 1; '
    'border-radius: 0.35em; vertical-align: middle; margin-left: 0.5rem">{label}{kb_link}</span></mark>')


def _fmt_value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key in ("amount", "spent", "remaining") and isinstance(value, (int, float)):
        return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def fact_props(fact: Fact) -> list[tuple[str, str]]:
    """A fact's properties for display: the key ones first (amount, period, role, title,
    apologies, date ...), then the rest by name; empty values left out.

    >>> from kg.model import Cite
    >>> fact_props(Fact("FUNDS", Ref("Organisation", "A"), Ref("Fund", "B"), Cite("d", 1, "x"),
    ...                 {"kind": "grant", "period": "2025-26", "amount": 12500.0}))
    [('amount', '£12,500'), ('period', '2025-26'), ('kind', 'grant')]
    """
    props = {k: v for k, v in fact.props.items() if v is not None and v != "" and v != []}
    keys = [k for k in KEY_PROPS if k in props] + sorted(k for k in props if k not in KEY_PROPS)
    return [(k, _fmt_value(k, props[k])) for k in keys]


def _props_text(fact: Fact) -> str:
    return ", ".join(f"{k}: {v}" for k, v in fact_props(fact))


def _tooltip(h: Highlight, facts_of: dict[Ref, list[Fact]]) -> str:
    """Plain text (escaped later) for a highlight's ``title``."""
    lines: list[str] = []
    refs: list[Ref] = []
    for m in h.mentions:
        if m.ref not in refs:
            refs.append(m.ref)
            lines.append(f"{m.label}: {m.name}")
            if m.aliases:
                lines.append("  also written: " + "; ".join(m.aliases))
    cites = sorted({m.cite.ref() for m in h.mentions})
    lines.append("read at " + ", ".join(cites))
    if h.how == "quote":
        lines.append("(the name is not written here; the quote stands for it)")
    elif h.how == "short":
        lines.append("(written here by the end of its name)")
    elif h.how == "near":
        lines.append("(the name is written beside the quote, not in it)")
    here = {m.cite.line for m in h.mentions}
    facts: list[tuple[bool, int, str]] = []
    seen: set[int] = set()
    for ref in refs:
        for f in facts_of.get(ref, []):
            if id(f) in seen:
                continue
            seen.add(id(f))
            if f.start == ref:
                line = f"{f.type} → {f.end.label}: {f.end.name}"
            else:
                line = f"{f.type} ← {f.start.label}: {f.start.name}"
            props = _props_text(f)
            line += (f" ({props})" if props else "") + f" [{f.cite.ref()}]"
            facts.append((f.cite.line not in here, f.cite.line, line))
    if not facts:
        lines.append("no facts")
    else:
        facts.sort(key=lambda x: (x[0], x[1]))
        lines.append(f"{len(facts)} fact{'s' if len(facts) != 1 else ''}:")
        lines += ["  " + t for _, _, t in facts[:TOOLTIP_FACTS]]
        if len(facts) > TOOLTIP_FACTS:
            lines.append(f"  … and {len(facts) - TOOLTIP_FACTS} more in the facts table")
    return "\n".join(lines)


def _ents(doc: Document, highlights: list[Highlight], facts_of: dict[Ref, list[Fact]]) -> list[dict[str, Any]]:
    """displaCy manual entity data: one entry per highlight, split at line breaks so that every
    line break of the text stays a displaCy ``<br>`` (where the line anchors go)."""
    ents: list[dict[str, Any]] = []
    for h in highlights:
        title = html.escape(_tooltip(h, facts_of), quote=True).replace("\n", "&#10;")
        label = html.escape(h.label, quote=True)
        pieces = [(h.start, h.end)]
        if "\n" in doc.text[h.start:h.end]:
            pieces, pos = [], h.start
            for chunk in doc.text[h.start:h.end].split("\n"):
                s, e = _trimmed(doc.text, pos, pos + len(chunk))
                pos += len(chunk) + 1
                if e > s:
                    pieces.append((s, e))
        for n, (s, e) in enumerate(pieces, 1):
            ents.append({"start": s, "end": e, "label": label,
                         "params": {"id": h.id if n == 1 else f"{h.id}-{n}", "title": title}})
    return ents


def _line_anchor(n: int) -> str:
    return f'<a class="ln" id="line-{n}" href="#line-{n}">{n}</a>'


def render_text(doc: Document, highlights: list[Highlight], facts_of: dict[Ref, list[Fact]],
                colours: dict[str, str]) -> str:
    """The text with its highlights, by ``spacy.displacy.render(style="ent", manual=True)``, with
    an anchor ``#line-N`` (showing the number) at the start of every line."""
    from spacy import displacy

    data = {"text": doc.text, "ents": _ents(doc, highlights, facts_of),
            "title": html.escape(f"Text of {doc.id}", quote=True)}
    markup = displacy.render(data, style="ent", manual=True, page=False, jupyter=False,
                             options={"colors": {html.escape(k): v for k, v in colours.items()},
                                      "template": _ENT_TEMPLATE})
    # displaCy writes "<br>" for each line break outside an entity, and entities hold none
    # (split above); the text itself is escaped, so every "<br>" here is a line break.
    parts = markup.split("<br>")
    markup = parts[0] + "".join("<br>" + _line_anchor(n) + part for n, part in enumerate(parts[1:], 2))
    marker = '<div class="entities"'
    at = markup.find(marker)
    if at != -1:
        close = markup.find(">", at) + 1
        markup = markup[:close] + _line_anchor(1) + markup[close:]
    return markup


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg explain">
<title>{{ title }}: what kg read</title>
<style>{{ css }}</style>
</head>
<body>
<header id="summary">
<h1>{{ title }}</h1>
<p class="meta"><code>{{ doc.id }}</code> · {{ doc.format }} · {{ n_lines }} line{{ '' if n_lines == 1 else 's' }}\
{% if doc.date %} · {{ doc.date }}{% endif %}</p>
<p class="lede">kg read <b>{{ n_mentions }}</b> mention{{ '' if n_mentions == 1 else 's' }} of \
<b>{{ n_entities }}</b> entit{{ 'y' if n_entities == 1 else 'ies' }} and <b>{{ facts|length }}</b> \
fact{{ '' if facts|length == 1 else 's' }}. <b>{{ n_highlighted }}</b> mention{{ '' if n_highlighted == 1 else 's' }} \
{{ 'is' if n_highlighted == 1 else 'are' }} highlighted in the text\
{% if unplaced %}, <a href="#unplaced">{{ unplaced|length }} could not be placed</a>{% endif %}. \
Text that is not highlighted was not read as an entity. Hover over a highlight for its facts.</p>
<div class="counts">
<table id="entity-counts">
<thead><tr><th>Label</th><th>Entities</th><th>Mentions</th><th>Highlighted</th></tr></thead>
<tbody>
{% for row in label_rows %}<tr><td><span class="swatch" style="background: {{ row.colour }}"></span>\
{{ row.label }}</td><td class="num">{{ row.entities }}</td><td class="num">{{ row.mentions }}</td>\
<td class="num">{{ row.highlighted }}</td></tr>
{% else %}<tr><td colspan="4" class="muted">No entities read.</td></tr>
{% endfor %}
</tbody>
</table>
<table id="fact-counts">
<thead><tr><th>Fact type</th><th>Facts</th></tr></thead>
<tbody>
{% for t, n in type_rows %}<tr><td>{{ t }}</td><td class="num">{{ n }}</td></tr>
{% else %}<tr><td colspan="2" class="muted">No facts read.</td></tr>
{% endfor %}
</tbody>
</table>
</div>
<nav><a href="#text">Text</a> · <a href="#facts">Facts</a>{% if unplaced %} · \
<a href="#unplaced">Not placed</a>{% endif %}</nav>
</header>
<main>
<section id="text">
{{ text_markup }}
</section>
<section id="facts">
<h2>Facts <span class="muted">{{ facts|length }}</span></h2>
{% if facts %}
<table class="facts">
<thead><tr><th>#</th><th>Type</th><th>From</th><th>To</th><th>Properties</th><th>Quote</th><th>Cited</th></tr></thead>
<tbody>
{% for f in facts %}<tr id="fact-{{ loop.index }}" data-type="{{ f.type }}">\
<td class="num">{{ loop.index }}</td><td class="type">{{ f.type }}</td>\
{% for end in (f.start, f.end) %}<td class="end">\
<span class="swatch" style="background: {{ end.colour }}"></span>\
{% if end.href %}<a href="{{ end.href }}">{% endif %}{{ end.label }}: {{ end.name }}{% if end.href %}</a>{% endif %}\
</td>{% endfor %}\
<td class="props">{% for k, v in f.props %}<span class="prop">{{ k }}: {{ v }}</span>{% endfor %}</td>\
<td class="quote">{{ f.quote }}</td>\
<td class="cite"><a href="#line-{{ f.line }}">{{ f.ref }}</a></td></tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p class="muted">No facts were read from this paper.</p>
{% endif %}
</section>
{% if unplaced %}
<section id="unplaced">
<h2>Read but not highlighted <span class="muted">{{ unplaced|length }}</span></h2>
<table class="facts">
<thead><tr><th>Label</th><th>Name</th><th>Why</th><th>Quote</th><th>Cited</th></tr></thead>
<tbody>
{% for u in unplaced %}<tr><td><span class="swatch" style="background: {{ u.colour }}"></span>{{ u.label }}</td>\
<td>{{ u.name }}</td><td>{{ u.reason }}</td><td class="quote">{{ u.quote }}</td>\
<td class="cite"><a href="#line-{{ u.line }}">{{ u.ref }}</a></td></tr>
{% endfor %}
</tbody>
</table>
</section>
{% endif %}
</main>
<footer class="muted">Generated by kg explain. Citations are <code>document:line</code> \
(<code>document:pPAGE:line</code> for PDF) of the text as kg loaded it.</footer>
</body>
</html>
"""

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 15px;
       color: #1a1a1a; margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 78rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
.meta, .muted { color: #666; }
.lede { max-width: 60rem; }
.counts { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: .25rem .6rem; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: .2em; margin-right: .4em;
          vertical-align: baseline; border: 1px solid rgba(0,0,0,.2); }
nav { margin: 1rem 0; }
#text { border-top: 1px solid #ddd; margin-top: 1rem; }
#text h2 { margin-top: 1.5rem; }
.entities { overflow-wrap: anywhere; }
mark.entity { color: #1a1a1a; }
a.ln { display: inline-block; min-width: 3em; margin-right: .8em; color: #999; font-size: .75em;
       text-align: right; text-decoration: none; user-select: none; scroll-margin-top: 30vh; }
a.ln:target { background: #ffd84d; color: #000; border-radius: .2em; }
table.facts { width: 100%; font-size: .92em; }
td.type, td.cite { white-space: nowrap; }
td.quote { color: #444; max-width: 28rem; }
.prop { display: inline-block; margin-right: .6em; white-space: nowrap; }
tr:target { background: #fff3b0; }
footer { margin-top: 2rem; font-size: .85em; }
"""


@lru_cache(maxsize=1)
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    return env.from_string(_PAGE)


def _short(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def _cite_line(doc: Document, line: int) -> int:
    return min(max(line, 1), max(len(doc.line_starts), 1))


def explain_html(doc: Document, ex: Extraction) -> str:
    """The review page of one paper: summary, the text with every mention highlighted by
    displaCy (tooltips list each entity's facts), a table of every fact with its citation
    linked to its line, and the mentions that could not be placed. One self-contained HTML
    string, with no script and no external URL. See the module docstring.

    >>> from kg.model import Cite, DocInfo, Extraction, Fact, Mention, Ref
    >>> doc = Document.from_text("m.txt", "MINUTES\\nCllr Ann Lee chaired the Safer Board.\\n")
    >>> c = Cite("m.txt", 2, "Cllr Ann Lee chaired the Safer Board.")
    >>> ex = Extraction(DocInfo("m.txt", doc.sha256),
    ...                 mentions=[Mention("Person", "Ann Lee", c), Mention("Board", "Safer Board", c)],
    ...                 facts=[Fact("MEMBER_OF", Ref("Person", "Ann Lee"), Ref("Board", "Safer Board"),
    ...                             c, {"role": "chair"})])
    >>> page = explain_html(doc, ex)
    >>> [m.group(1) for m in re.finditer(r'<mark class="entity"[^>]*data-label="(\\w+)"', page)]
    ['Person', 'Board']
    >>> '<a href="#line-2">m.txt:2</a>' in page, 'id="line-2"' in page, "://" in page
    (True, True, False)
    """
    return _explain(doc, ex)[0]


def _explain(doc: Document, ex: Extraction) -> tuple[str, list[Highlight], list[Unplaced]]:
    """The page, the highlights and the mentions not placed."""
    from markupsafe import Markup

    colours = label_colours()
    highlights, unplaced = place_mentions(doc, list(ex.mentions))
    facts_of: dict[Ref, list[Fact]] = {}
    for f in ex.facts:
        facts_of.setdefault(f.start, []).append(f)
        if f.end != f.start:
            facts_of.setdefault(f.end, []).append(f)
    first_id: dict[Ref, str] = {}
    for h in highlights:
        for m in h.mentions:
            first_id.setdefault(m.ref, h.id)

    def colour(label: str) -> str:
        return colours.get(label, "#dddddd")

    def end(ref: Ref) -> dict[str, str]:
        href = f"#{first_id[ref]}" if ref in first_id else ""
        return {"label": ref.label, "name": ref.name, "colour": colour(ref.label), "href": href}

    facts = sorted(ex.facts, key=lambda f: f.cite.line)
    fact_rows = [{"type": f.type, "start": end(f.start), "end": end(f.end), "props": fact_props(f),
                  "quote": _short(f.cite.text), "line": _cite_line(doc, f.cite.line), "ref": f.cite.ref()}
                 for f in facts]
    mention_counts = Counter(m.label for m in ex.mentions)
    entity_counts = Counter(label for label, _ in {(m.label, m.name) for m in ex.mentions})
    placed_counts = Counter(m.label for h in highlights for m in h.mentions)
    order = {label: i for i, label in enumerate(LABELS)}
    label_rows = [{"label": label, "colour": colour(label), "entities": entity_counts[label],
                   "mentions": n, "highlighted": placed_counts[label]}
                  for label, n in sorted(mention_counts.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))]
    type_rows = sorted(Counter(f.type for f in ex.facts).items(), key=lambda kv: (-kv[1], kv[0]))
    unplaced_rows = [{"label": u.mention.label, "name": u.mention.name, "colour": colour(u.mention.label),
                      "reason": u.reason, "quote": _short(u.mention.cite.text),
                      "line": _cite_line(doc, u.mention.cite.line), "ref": u.mention.cite.ref()}
                     for u in unplaced]
    text_markup = render_text(doc, highlights, facts_of, colours)
    page = str(_template().render(
        csp=CSP, css=Markup(_CSS), title=doc.title or doc.id, doc=doc, n_lines=len(doc.line_starts),
        n_mentions=len(ex.mentions), n_entities=sum(entity_counts.values()),
        n_highlighted=sum(len(h.mentions) for h in highlights), unplaced=unplaced_rows,
        label_rows=label_rows, type_rows=type_rows, facts=fact_rows, text_markup=Markup(text_markup)))
    return page, highlights, unplaced


# ---- one file in, one page out ------------------------------------------------------------------

def write_atomic(text: str, out: Path) -> None:
    """Write ``text`` to ``out`` through a temporary file beside it and a rename: a failed
    write never leaves half a page. Raises OSError."""
    from kg.outfile import write_text  # a link, FIFO or device is written through, not replaced

    write_text(out, text)


def explain_file(path: str | os.PathLike[str], out: str | os.PathLike[str]) -> ExplainResult:
    """Load ``path``, extract it and write its review page to ``out``.

    Raises :class:`~kg.loaders.LoadError` (the file cannot be read), :class:`ExtractionFailed`
    (the extractor raised) or OSError (``out`` cannot be written); each message is one line.
    """
    from kg.extract import extract
    from kg.loaders import load

    doc = load(path)
    try:
        ex = extract(doc)
    except Exception as exc:   # an extractor bug: one line for the user, as kg ingest reports it
        detail = " ".join(str(exc).split())[:200]
        raise ExtractionFailed(f"extraction failed ({type(exc).__name__}{': ' + detail if detail else ''})") \
            from None
    page, highlights, unplaced = _explain(doc, ex)
    write_atomic(page, Path(out))
    return ExplainResult(Path(out), len(ex.mentions), sum(len(h.mentions) for h in highlights),
                         len(unplaced), len(ex.facts))
