"""Dates written the ways UK public papers write them, found in free text.

:func:`parse_date` returns every date in a text with its span and an ISO value:
day precision (``'2026-03-26'``) or, for a bare month and year, month precision
(``'2026-03'``). Numeric dates are read day first, as in the UK.

>>> [iso for _, _, iso in parse_date("Thursday 26th March 2026; minutes of 4 and 12 February 2026")]
['2026-03-26', '2026-02-04', '2026-02-12']
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Callable

__all__ = ["parse_date", "parse_day_month", "MONTHS"]

#: month name or abbreviation (lower case) -> month number
MONTHS: dict[str, int] = {}
for _i, _name in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                            "september", "october", "november", "december"), start=1):
    MONTHS[_name] = _i
    MONTHS[_name[:3]] = _i
MONTHS["sept"] = 9

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
# ordinal suffix, also as converted text often writes it: "25<sup>th</sup>", and as text taken from a
# PDF whose suffix was set as superscript: "25 th"
_ORD = r"(?:\s?(?:<sup>)?(?:st|nd|rd|th)(?:</sup>)?)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# "Thursday, 26th of March 2026", "26 MARCH 2026", "26 Mar. 2026"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\w/.-]){_WEEKDAY}?(?P<day>[0-3]?\d){_ORD}(?:\s+of)?[\s-]+{_MONTH},?[\s-]+{_YEAR}(?![\w/])",
    re.IGNORECASE)
# "Thursday, March 26, 2026", "March 26th 2026"
_MONTH_DAY_YEAR = re.compile(
    rf"(?<![\w/.-]){_WEEKDAY}?{_MONTH}\s+(?P<day>[0-3]?\d){_ORD},?\s+{_YEAR}(?![\w/])", re.IGNORECASE)
# "March 2026" (no day); checked after the full forms so it never splits one
_MONTH_YEAR = re.compile(rf"(?<![\w/.-]){_MONTH},?\s+{_YEAR}(?![\w/])", re.IGNORECASE)
# "26/03/2026", "26/3/26", "26-03-2026"; dots only with two-digit day and month ("26.03.26"),
# so that paragraph numbers such as "3.1.20" are not read as dates
_NUMERIC = re.compile(
    r"(?<![\w/.-])(?:(?P<d1>[0-3]?\d)(?P<sep>[/-])(?P<m1>[01]?\d)(?P=sep)(?P<y1>\d{4}|\d\d)"
    r"|(?P<d2>[0-3]\d)\.(?P<m2>[01]\d)\.(?P<y2>\d{4}|\d\d))(?![\w/]|[.-]\d)")
_ISO = re.compile(r"(?<![\w/.-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\w/]|[.-]\d)")
# the days before a full date that share its month: "4, 11 and 12 February 2026"
_LEADING_DAYS = re.compile(rf"((?:[0-3]?\d{_ORD}\s*(?:,|and|&)\s*)+)$", re.IGNORECASE)
_ONE_DAY = re.compile(rf"([0-3]?\d){_ORD}", re.IGNORECASE)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def parse_date(text: str) -> list[tuple[int, int, str]]:
    """Every date in ``text`` as ``(start, end, iso)``, in order of position.

    Impossible dates (31 February) are ignored. A bare month and year gives
    ``'YYYY-MM'``. Days listed before a full date share its month and year.

    >>> parse_date("Date: 20th April 2023")
    [(6, 21, '2023-04-20')]
    >>> [d[2] for d in parse_date("26.03.26, 2026-03-26, 26/3/2026 and March 2026")]
    ['2026-03-26', '2026-03-26', '2026-03-26', '2026-03']
    """
    found: list[tuple[int, int, str]] = []
    # the spans already read, disjoint and sorted by start: a span is free when it ends before
    # the next one starts and starts after the one before ends (a scan of them all made a line
    # of thousands of dates quadratic)
    starts: list[int] = []
    ends: list[int] = []

    def free(start: int, end: int) -> bool:
        at = bisect.bisect_right(starts, start)
        return (at == 0 or ends[at - 1] <= start) and (at == len(starts) or end <= starts[at])

    def add(start: int, end: int, iso: str | None) -> None:
        if free(start, end):
            # an impossible date still claims its span, so "31 February 2026" is not read as a month
            at = bisect.bisect_right(starts, start)
            starts.insert(at, start)
            ends.insert(at, end)
            if iso:
                found.append((start, end, iso))

    for rx in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for m in rx.finditer(text):
            year, month = int(m["year"]), MONTHS[m["month"].lower()]
            add(m.start(), m.end(), _iso(year, month, int(m["day"])))
            if rx is _DAY_MONTH_YEAR:
                _leading_days(text, m.start(), year, month, add)
    for m in _ISO.finditer(text):
        add(m.start(), m.end(), _iso(int(m["year"]), int(m["month"]), int(m["day"])))
    for m in _NUMERIC.finditer(text):
        if m["d1"]:
            add(m.start(), m.end(), _iso(_year(m["y1"]), int(m["m1"]), int(m["d1"])))
        else:
            add(m.start(), m.end(), _iso(_year(m["y2"]), int(m["m2"]), int(m["d2"])))
    for m in _MONTH_YEAR.finditer(text):
        if m["month"] == "may":      # "... may 2026 ..." is a verb more often than a month
            continue
        if free(m.start(), m.end()):
            add(m.start(), m.end(), f"{int(m['year']):04d}-{MONTHS[m['month'].lower()]:02d}")
    found.sort()
    return found


# "Thursday, 31st May", "16 September", "May 31st": a day and a month with no year after them
_DAY_MONTH = re.compile(rf"(?<![\w/.-]){_WEEKDAY}?(?P<day>[0-3]?\d){_ORD}(?:\s+of)?\s+{_MONTH}(?![\w/])(?!,?\s*\d)",
                        re.IGNORECASE)
_MONTH_DAY = re.compile(rf"(?<![\w/.-]){_WEEKDAY}?{_MONTH}\s+(?P<day>[0-3]?\d){_ORD}(?![\w/])(?!,?\s*\d)",
                        re.IGNORECASE)


def parse_day_month(text: str, year: int) -> list[tuple[int, int, str]]:
    """Dates written with a day and a month but no year ("the meeting held on 16 September"), each
    given ``year`` (the caller's: the year of the paper they are read in), as ``(start, end, iso)``.
    Full dates are left to :func:`parse_date`.

    >>> parse_day_month("PCSP - Thursday, 31st May at 5.45pm", 2026)
    [(7, 25, '2026-05-31')]
    >>> parse_day_month("held on 16 September 2019", 2026), parse_day_month("in May we met", 2026)
    ([], [])
    """
    found = []
    for rx in (_DAY_MONTH, _MONTH_DAY):
        for m in rx.finditer(text):
            if m["month"].lower() == "may" and rx is _MONTH_DAY:
                continue  # "may 3 ..." is a verb and a number more often than a date
            iso = _iso(year, MONTHS[m["month"].lower()], int(m["day"]))
            if iso:
                found.append((m.start(), m.end(), iso))
    return sorted(found)


def _leading_days(text: str, start: int, year: int, month: int,
                  add: Callable[[int, int, str | None], None]) -> None:
    """Dates for "4 and" in "4 and 12 February 2026": the days just before a full date."""
    head = text[max(0, start - 40):start]
    m = _LEADING_DAYS.search(head)
    if not m:
        return
    base = start - len(head) + m.start(1)
    # "Item 4 and 12 February": a capitalised word or a number before the list means the first
    # number is not a day; "meetings of 4 and 12 February" (lower-case word, or nothing) is fine
    word = re.search(r"(\S+)\s*$", text[max(0, base - 30):base])
    if word and (word.group(1)[0].isupper() or word.group(1)[-1].isdigit()):
        return
    for d in _ONE_DAY.finditer(m.group(1)):
        # a number glued to a word or another number is not a day ("Item 4 and ...", "2.4 and")
        before = text[base + d.start() - 1] if base + d.start() > 0 else " "
        if before.isalnum() or before in "./-":
            continue
        add(base + d.start(), base + d.end(), _iso(year, month, int(d.group(1))))
