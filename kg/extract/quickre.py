"""Regular expressions that skip quickly to where a match can start.

Python's regex engine tries a pattern at every position of the text (unless the pattern starts
with a literal it can skip to, which it cannot do when the case is ignored). For a case-insensitive
alternation of phrases ("reports to|is accountable to|...") each try costs one attempt per
alternative, even where the character cannot start any of them. :func:`quick` compiles the same
pattern behind a look-ahead for the characters a match can start with (read from the parsed
pattern), so that most positions are refused by one class test. The matches are the same: a match
always starts with one of those characters, so the look-ahead refuses only positions where the
pattern itself would fail. When the first characters cannot be told (a match may be empty, or
start with ``\\w``, ``.`` or a negated class), the pattern is compiled as it is.

>>> p = quick(r"(?<![\\w-])(?:reports?\\s+to|(?:is|are)\\s+accountable\\s+to)", re.I)
>>> p.pattern[:12]
'(?=[air])(?:'
>>> [m.group() for m in p.finditer("It Reports to X and is accountable to Y")]
['Reports to', 'is accountable to']
>>> quick(r"\\w+ Board").pattern   # starts with a class of thousands of characters: unchanged
'\\\\w+ Board'

A pattern is often run over many texts that cannot match it at all. :func:`needed` reads, from
the parsed pattern, words of which every match holds one ("report", "accountable" above), so a
reader tests a line or sentence with ``in`` (on :func:`fold`'s lower case) before it searches;
:func:`finditer_near` runs a pattern of bounded width only around those words in a whole paper.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

try:  # the parser the re module itself uses (re._parser from Python 3.11, sre_parse before)
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    _parser = importlib.import_module("sre_parse")

_C = _parser  # the opcodes are re-exported by the parser module
_MAX_RANGE = 64  # a wider range ("[^x]", "[\u0000-\uffff]") is not worth a look-ahead


def _firsts(items: Any) -> tuple[set[Any], bool] | None:
    """(first items, may be empty) of a parsed sequence, or None when they cannot be told. An item
    is ("l", code) for a literal or ("r", lo, hi) for a range."""
    out: set[Any] = set()
    for op, av in items:
        got = _first_of(op, av)
        if got is None:
            return None
        chars, nullable = got
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of(op: Any, av: Any) -> tuple[set[Any], bool] | None:
    if op is _C.LITERAL:
        return {("l", av)}, False
    if op is _C.IN:
        chars: set[Any] = set()
        for iop, iav in av:
            if iop is _C.LITERAL:
                chars.add(("l", iav))
            elif iop is _C.RANGE and iav[1] - iav[0] <= _MAX_RANGE:
                chars.add(("r", iav[0], iav[1]))
            elif iop is _C.CATEGORY and iav in (_C.CATEGORY_SPACE, _C.CATEGORY_UNI_SPACE):
                chars.add(("s",))  # \s: the blanks, written out as \s again
            else:
                return None  # a negated class, a category (\w, \d) or a wide range
        return chars, False
    if op is _C.BRANCH:
        chars = set()
        nullable = False
        for alt in av[1]:
            got = _firsts(alt)
            if got is None:
                return None
            chars |= got[0]
            nullable = nullable or got[1]
        return chars, nullable
    if op is _C.SUBPATTERN:
        group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None  # "(?i:...)": the look-ahead would read its characters under other flags
        return _firsts(sub)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
        lo, _hi, sub = av
        got = _firsts(sub)
        if got is None:
            return None
        return got[0], got[1] or lo == 0
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _firsts(av)
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return set(), True  # zero width: the first character is the next item's
    return None  # any character, a back-reference, a conditional group ...


def _item(x: Any) -> str:
    if x[0] == "s":
        return r"\s"
    if x[0] == "l":
        return re.escape(chr(x[1]))
    return f"{re.escape(chr(x[1]))}-{re.escape(chr(x[2]))}"


def first_class(pattern: str, flags: int = 0) -> str | None:
    """A character class of the characters a match of ``pattern`` can start with, or None.

    >>> first_class(r"(?:will\\s+|to\\s+)?(?:oversee|governs?)")
    '[gotw]'
    >>> first_class(r"(?:will\\s+)?") is None   # may match nothing
    True
    """
    if pattern.startswith("(?") and re.match(r"\(\?[aiLmsux]+\)", pattern):
        return None  # global inline flags must stay first
    got = _firsts(_parser.parse(pattern, flags))
    if got is None or got[1] or not got[0]:
        return None
    return "[" + "".join(sorted(_item(x) for x in got[0])) + "]"


def _engine_skips(pattern: str, flags: int) -> bool:
    """Whether the engine itself skips to where a match can start: a case-sensitive pattern that
    opens with a literal, a class or a choice of literals (a look-ahead would only slow it down).

    >>> _engine_skips(r"(?:system|tool)\\b", 0), _engine_skips(r"\\bsystem", 0), _engine_skips(r"system", re.I)
    (True, False, False)
    """
    if flags & re.IGNORECASE:
        return False
    items = _parser.parse(pattern, flags)
    while len(items):
        op, av = items[0]
        if op is _C.LITERAL or op is _C.IN:
            return True
        if op is _C.BRANCH:
            return all(len(alt) and alt[0][0] is _C.LITERAL for alt in av[1])
        if op is _C.SUBPATTERN and not (av[1] or av[2]):
            items = av[3]
            continue
        return False
    return False


#: every (pattern, flags) given to :func:`quick`, so that a test can check each gives the same matches
MADE: list[tuple[str, int]] = []


def quick(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` behind a look-ahead for its first characters (when known and
    the engine cannot skip to them by itself)."""
    MADE.append((pattern, flags))
    cls = None if _engine_skips(pattern, flags) else first_class(pattern, flags)
    if cls is None:
        return re.compile(pattern, flags)
    return re.compile(f"(?={cls})(?:{pattern})", flags)


# The characters other than A-Z that IGNORECASE matches to an ASCII letter but that do not lower
# case to that one letter (found by trying every code point): "İ" and "ı" match "i", "ſ" matches
# "s", the Kelvin sign matches "k".
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_FOLDED = ("\u0130", "\u0131", "\u017f", "\u212a")


def fold(text: str) -> str:
    """``text`` folded so that an ASCII literal a pattern needs (:func:`needed`) is found in it
    with ``in`` wherever the pattern could match, case-blind or not.

    >>> fold("Reports To"), fold("\\u017fcrutiny \\u0130nspects")
    ('reports to', 'scrutiny inspects')
    """
    if text.isascii() or not any(c in text for c in _FOLDED):
        return text.lower()  # (str.translate is slow: most texts hold none of the four)
    return text.translate(_FOLD).lower()


@lru_cache(maxsize=1024)
def needed(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` holds one (in :func:`fold`'s form), or None
    when none can be told: a cheap test with ``in`` that skips a text where the pattern cannot
    match without running it (cached by pattern). Read from the parsed pattern: a run of ASCII literals that every
    match goes through, or one such run from each branch of a choice; the most selective (the
    longest shortest string) is kept.

    >>> sorted(needed(re.compile(r"(?<![\\w-])(?:reports?\\s+to|(?:is|are)\\s+accountable\\s+to)", re.I)))
    ['accountable', 'report']
    >>> needed(re.compile(r"(?:will\\s+)?\\w+")) is None
    True
    """
    got = _needed(_parser.parse(pattern.pattern, pattern.flags))
    return frozenset(got) if got else None


def _needed(items: Any) -> set[str] | None:
    cands: list[set[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _C.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            cands.append({"".join(run)})
            run = []
        got: set[str] | None = None
        if op is _C.SUBPATTERN:
            got = _needed(av[3])
        elif op is _C.BRANCH:
            alts = [_needed(alt) for alt in av[1]]
            got = None if any(not a for a in alts) else set().union(*alts)  # type: ignore[arg-type]
        elif (op in (_C.MAX_REPEAT, _C.MIN_REPEAT) or op is getattr(_C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            got = _needed(av[2])
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            got = _needed(av)
        if got:
            cands.append(got)
    if run:
        cands.append({"".join(run)})
    return max(cands, key=lambda c: min(len(x) for x in c)) if cands else None


_LONGEST = 1000  # a pattern whose matches may be longer is scanned whole by finditer_near


def widest(pattern: re.Pattern[str]) -> int:
    """The most characters a match of ``pattern`` can span (a huge number when unbounded).

    >>> widest(re.compile(r"(?:has|have) been renamed(?: as| to)?")), widest(re.compile(r"a\\s+b")) > _LONGEST
    (20, True)
    """
    hi: int = _parser.parse(pattern.pattern, pattern.flags).getwidth()[1]
    return hi


def _lookahead(items: Any) -> int | None:
    """The most characters any look-ahead inside a parsed pattern reads, or None when unbounded."""
    most = 0
    for op, av in items:
        subs: list[Any] = []
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            if av[0] == 1:  # a look-ahead (a look-behind reads before the match, which is there)
                hi = av[1].getwidth()[1]
                if hi > _LONGEST:
                    return None
                most = max(most, hi)
            subs = [av[1]]
        elif op is _C.SUBPATTERN:
            subs = [av[3]]
        elif op is _C.BRANCH:
            subs = list(av[1])
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
            subs = [av[2]]
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            subs = [av]
        for sub in subs:
            got = _lookahead(sub)
            if got is None:
                return None
            most = max(most, got)
    return most


def finditer_near(pattern: re.Pattern[str], text: str, low: str,
                  need: frozenset[str] | None) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, found by running the pattern only around the
    places where ``low`` (``fold(text)``) holds a word of ``need`` (:func:`needed`).

    A match holds a needed word and is at most as long as the pattern's widest match, so the
    match that starts first at or after a point is found by a search from that width before the
    next needed word, bounded that width (and the look-aheads' reach) after it: a match starting
    by the word is read as in the whole text. A pattern of unbounded width (or one that may match
    nothing) is run over the whole text.

    >>> pat = re.compile(r"(?:has|have) been renamed(?: as| to)?(?!\\w)", re.I)
    >>> text = "The Board HAS BEEN RENAMED as the Forum; it has been renamed to X."
    >>> [m.span() for m in finditer_near(pat, text, fold(text), needed(pat))]
    [(10, 29), (44, 63)]
    """
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    lo, hi = parsed.getwidth()
    look = _lookahead(parsed)
    if need is None or lo == 0 or hi > _LONGEST or look is None or len(low) != len(text):
        yield from pattern.finditer(text)
        return
    reach = hi + look + 2  # past the widest match: its look-aheads, "\b" and "$" read as in the text
    places = sorted({i for w in need for i in _places(low, w)})
    pos = 0
    for q in places:
        if q < pos:
            continue  # inside the match just read
        m = pattern.search(text, max(pos, q - hi), min(len(text), q + reach))
        if m is None or m.start() > q:
            continue  # no match starts by this word (one further on is found from its own word)
        yield m
        pos = m.end()


def _places(low: str, word: str) -> Iterator[int]:
    i = low.find(word)
    while i >= 0:
        yield i
        i = low.find(word, i + 1)
