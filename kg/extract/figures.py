"""Figures checked at the source: every FUNDS figure must be readable in its own evidence.

The last rule of the ``kg_finish`` stage. For each FUNDS fact of the paper:

* ``amount`` and ``spent`` must be numbers the quoted text states (``£1,234.50``, ``£199K``,
  ``£1.2m``, ``Nil`` for nothing spent; ``120`` in a table headed ``£000``); in a sentence that
  names the recipient next to its own amount ("the annual spend to A is £500,000, the annual
  spend to B is £131,000"), the amount must be the one in the recipient's own clause. A fact
  whose figure fails is not written: a wrong figure cited to a real line would look exactly as
  trustworthy as a right one;
* ``remaining`` is kept only when the quoted text states it: a balance kg would have to work
  out itself (allocated minus spent) is left to the queries, which show it as derived;
* ``period`` must be readable in the quote, or in the lines just above it (a table's header
  row "2025-26 Allocations", a lead-in "For 2026/27:"); otherwise it is dropped (the fact stays).

What was removed is counted in ``ctx.memo["figures"]`` (dropped facts, removed properties).

>>> from kg.loaders.base import Document
>>> from kg.extract.context import Context
>>> from kg.model import Ref
>>> text = "The annual spend to Victim First is £500,000.00, the annual spend to Turning Point is £131,000.00."
>>> ctx = Context(Document.from_text("d.txt", text))
>>> opcc, vf = Ref("Organisation", "OPCC"), Ref("Organisation", "Victim First")
>>> tp = Ref("Organisation", "Turning Point")
>>> ctx.fact("FUNDS", opcc, vf, ctx.cite(0, len(text)), amount=500000.0, period="per annum")
>>> ctx.fact("FUNDS", opcc, tp, ctx.cite(0, len(text)), amount=500000.0, remaining=1.0)
>>> check(ctx)
>>> [(f.end.name, f.props) for f in ctx.facts]
[('Victim First', {'amount': 500000.0, 'period': 'per annum'})]
"""

from __future__ import annotations

import re
from typing import Any

from kg.extract.context import Context
from kg.extract.quickre import quick
from kg.model import Fact

__all__ = ["check", "numbers_in", "period_readable"]

_NUM = re.compile(r"(?<![\w.])£?\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(k|m|million|bn|billion)?(?![\w])", re.I)
# "9 507": thousands parted by a blank, as tables typeset in print write them (read besides the
# parts as written)
_SPACED = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u2009]\d{3})+(?![\w,.])")
_ZERO = quick(r"(?<!\w)(nil|none)(?!\w)|(?:^|\t)\s*[-–—]\s*(?:\t|$)", re.I)
_SCALE = {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
# a rate stands for a period the way papers write it ("annual spend" for "per annum")
_RATE_SPELLINGS = {"per annum": ("per annum", "annual", "annually", "a year", "each year", "per year", "p.a.")}
# where a sentence's clauses part: a comma or semicolon and a space, or "and" between words
_CLAUSE = re.compile(r"[,;]\s+|\s+and\s+|\.\s+")


def numbers_in(text: str) -> list[tuple[float, int, int]]:
    """Every figure the text states, with its span: as written and, when scaled ('£199K'), as meant.

    >>> [v for v, _, _ in numbers_in("£199K and £1,234.50; Nil")]
    [199.0, 199000.0, 1234.5, 0.0]
    >>> [v for v, _, _ in numbers_in("drama for ages 12-15  9 507")]
    [12.0, 15.0, 9.0, 9507.0, 507.0]
    """
    out: list[tuple[float, int, int]] = []
    for m in _NUM.finditer(text):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        out.append((value, m.start(), m.end()))
        if m.group(3):
            out.append((round(value * _SCALE[m.group(3).lower()], 2), m.start(), m.end()))
    out += [(float(re.sub(r"\D", "", m.group(0))), m.start(), m.end()) for m in _SPACED.finditer(text)]
    out += [(0.0, m.start(), m.end()) for m in _ZERO.finditer(text)]
    return sorted(out, key=lambda t: t[1])


# a table (or a lead-in) that counts in thousands or millions of pounds: "£000", "£'000", "£k", "£m"
_IN_THOUSANDS = re.compile(r"£\s?'?000|£k\b|\(000s?\)|£000s", re.I)
_IN_MILLIONS = re.compile(r"£\s?m\b|£\s?million|£\s?'?000,000", re.I)


def _has(values: list[tuple[float, int, int]], value: Any, units: tuple[float, ...] = (1.0,)) -> bool:
    """Whether ``value`` is one of ``values``, read as written or in the table's units."""
    return isinstance(value, (int, float)) and any(
        abs(v * u - float(value)) < 0.005 for v, _, _ in values for u in units)


def _own_clause(quote: str, recipient: str) -> str | None:
    """The clause of a sentence that names ``recipient``, when it states an amount of its own."""
    if "\t" in quote or not recipient:
        return None
    at = quote.lower().find(recipient.lower())
    if at < 0:
        return None
    start = 0
    for m in _CLAUSE.finditer(quote):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at + len(recipient):
            clause = quote[start:m.start()]
            break
    else:
        clause = quote[start:]
    # a figure in the recipient's own name ("62 community projects") is no amount of the clause
    rest = re.sub(re.escape(recipient), " ", clause, flags=re.I)
    return clause if any(v > 0 for v, _, _ in numbers_in(rest)) else None


def period_readable(period: str, text: str) -> bool:
    """Whether ``period`` ('2025-26', '2026-27', 'per annum') can be read in ``text``, in any of the
    usual spellings ('2025/26', '2025-2026', '25/26').

    >>> period_readable("2025-26", "2025/2026 Allocations"), period_readable("2025-26", "2024/25")
    (True, False)
    """
    m = re.fullmatch(r"((?:19|20)\d\d)\s*[-/]\s*(\d{2,4})", period.strip())
    if not m:
        said = " ".join(text.lower().split())
        p = period.strip().lower()
        return any(w in said for w in _RATE_SPELLINGS.get(p, (p,)))
    y1, y2 = m.group(1), m.group(2)[-2:]
    pat = rf"(?<!\d)(?:{y1}|{y1[2:]})\s*[-/–]\s*(?:{y1[:2]})?{y2}(?!\d)"
    return re.search(pat, text) is not None


#: how far above its quote a period may be stated (a table's header row, a lead-in sentence)
_PERIOD_REACH = 40


def _above(ctx: Context, fact: Fact) -> str:
    """The lines just above the fact's quote: where a table's header or a lead-in states the period."""
    starts = ctx.doc.line_starts  # offsets of line starts: a slice, not a split of the whole paper per fact
    first = fact.cite.line - 1
    if first <= 0 or not starts:
        return ""
    lo = starts[max(0, first - _PERIOD_REACH)]
    hi = starts[min(first, len(starts) - 1)]
    return ctx.doc.text[lo:hi].rstrip("\n")


def check(ctx: Context) -> None:
    """Drop FUNDS facts whose amount or spend is not in their quote; keep ``remaining`` and
    ``period`` only where the paper states them (see the module's rules)."""
    stats = ctx.memo.setdefault("figures", {"dropped": 0, "remaining": 0, "period": 0})
    kept: list[Fact] = []
    for f in ctx.facts:
        if f.type != "FUNDS":
            kept.append(f)
            continue
        quote = f.cite.text
        values = numbers_in(quote)
        clause = _own_clause(quote, f.end.name)
        own = numbers_in(clause) if clause is not None else values
        above = _above(ctx, f) + "\n" + quote
        units = (1.0,) + ((1e3,) if _IN_THOUSANDS.search(above) else ()) \
            + ((1e6,) if _IN_MILLIONS.search(above) else ())
        if (f.props.get("amount") is not None and not _has(own, f.props["amount"], units)) or (
                f.props.get("spent") is not None and not _has(values, f.props["spent"], units)):
            stats["dropped"] += 1
            continue
        if f.props.get("remaining") is not None and not _has(values, f.props["remaining"], units):
            del f.props["remaining"]
            stats["remaining"] += 1
        period = f.props.get("period")
        if isinstance(period, str) and not (period_readable(period, quote)
                                            or period_readable(period, _above(ctx, f))):
            del f.props["period"]
            stats["period"] += 1
        kept.append(f)
    ctx.facts[:] = kept
