"""Projects one document names with a cue, found again in other documents that write the name
with no cue at all.

A report says "the schools programme called Pol Ed"; the minutes of another meeting say only
"campaigns, Pol-ed and community diversion". No rule can tell from the minutes alone that Pol-ed
is a project, but the corpus can. Extraction keeps, for each document, the capitalised phrases it
writes (:func:`find_phrases`, stored with the extraction as ``phrases``); when the graph is built,
:func:`linked_mentions` turns each phrase that is another document's project into a mention of
that project, so that the node's ``sources`` (and its ``MENTIONED_IN`` relationships) list every
paper that names it. The links are made from the stored phrases of every document each time the
graph is built, so they do not depend on the order documents were ingested in.

Only distinctive names are linked: two or more words, at least two of them capitalised, written
as a whole capitalised phrase (not inside a longer one such as "Safe Choices Board").

>>> from kg.model import Cite, DocInfo, Extraction, Mention
>>> a = Extraction(DocInfo("a.txt", "x"), [Mention("Project", "Safe Taxi", Cite("a.txt", 1, "Safe Taxi"))])
>>> b = Extraction(DocInfo("b.txt", "y"), phrases=find_phrases("Drivers joined Safe-taxi in May."))
>>> [(m.name, m.aliases, m.cite.text) for m in linked_mentions(b, known_projects([a, b]))]
[('Safe Taxi', ['Safe-taxi'], 'Safe-taxi')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from typing import Any

from kg.loaders.base import line_offsets
from kg.model import Cite, Extraction, Mention

# a run of capitalised words ("Pol-ed" is one word); maximal, so never part of a longer run
_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’+&]*(?:-[\w'’+&]+)*(?:[ ][A-Z][\w'’+&]*(?:-[\w'’+&]+)*)*(?![\w'’-])")
# words that start a sentence or a phrase rather than a name ("The Safe Choices programme")
_LEADS = {"The", "A", "An", "Our", "This", "That", "These", "Their", "Its", "In", "On", "At", "By", "For",
          "From", "With", "Through", "Via", "And", "Or", "But", "To", "As", "Under", "Within", "All", "Each"}
_PER_PHRASE = 3  # occurrences kept per distinct phrase: enough to cite, bounded for huge files


_WORD_BREAK = re.compile(r"[\s-]+")


def _key(name: str) -> str:
    return " ".join(_WORD_BREAK.split(name.lower()))


_WORD_GAP = re.compile(r"[\s-]+")


def find_phrases(text: str, locate: Callable[[int], tuple[int, int | None]] | None = None) -> list[list[Any]]:
    """Capitalised phrases of two or more words ("Safe Choices", "Pol-ed") as ``[text, line, page]``,
    at most three occurrences of each; ``locate(offset)`` gives an offset's line and page.

    >>> find_phrases("The Safe Choices programme.\\nSafe Choices Board met. Pol-ed ran.")
    [['Safe Choices', 1, None], ['Safe Choices Board', 2, None], ['Pol-ed', 2, None]]
    """
    out: list[list[Any]] = []
    seen: dict[str, int] = {}
    starts: list[int] = [] if locate else line_offsets(text)
    for m in _RUN.finditer(text):
        words = m.group(0).split(" ")
        k = 0
        while k < len(words) - 1 and words[k] in _LEADS:
            k += 1
        phrase = " ".join(words[k:])
        if len(_WORD_GAP.split(phrase)) < 2 or seen.get(phrase, 0) >= _PER_PHRASE:
            continue
        seen[phrase] = seen.get(phrase, 0) + 1
        pos = m.end() - len(phrase)
        line, page = locate(pos) if locate else (bisect.bisect_right(starts, pos), None)
        out.append([phrase, line, page])
    return out


def known_projects(extractions: Iterable[Extraction]) -> dict[str, str]:
    """Distinctive project names and aliases (lower case, hyphens as spaces) -> the project's name."""
    out: dict[str, str] = {}
    for ex in extractions:
        for m in ex.mentions:
            if m.label != "Project":
                continue
            for n in [m.name, *m.aliases]:
                words = re.split(r"[\s-]+", n)
                if len(n) >= 5 and len(words) >= 2 and sum(w[:1].isupper() for w in words) >= 2:
                    out.setdefault(_key(n), m.name)
    return out


def linked_mentions(ex: Extraction, known: dict[str, str]) -> list[Mention]:
    """Mentions of known projects that ``ex``'s document writes as a phrase but does not already
    mention (under any label)."""
    if not ex.phrases:
        return []
    mine = {_key(n) for m in ex.mentions for n in [m.name, *m.aliases]}
    out: list[Mention] = []
    for phrase, line, page in ex.phrases:
        name = known.get(_key(phrase))
        if name is None or _key(phrase) in mine or _key(name) in mine:
            continue
        out.append(Mention("Project", name, Cite(ex.doc.id, line, phrase, page), {},
                           [phrase] if phrase != name else []))
    return out
