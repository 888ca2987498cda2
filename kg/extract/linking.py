"""Projects one document names with a cue, found again in other documents that write the name
with no cue at all.

A report says "the schools programme called Pol Ed"; the minutes of another meeting say only
"campaigns, Pol-ed and community diversion". No rule can tell from the minutes alone that Pol-ed
is a project, but the corpus can. :func:`link_projects` adds a mention of the known project
wherever another document writes its name, so that the node's ``sources`` (and its
``MENTIONED_IN`` relationships) list every paper that names it.

Only distinctive names are linked: two or more words, at least two of them capitalised, written
as a whole name (not inside a longer capitalised name), starting with a capital. Ingest links the
documents it extracts in a run against the projects of every document in the store; a document
stored earlier is not re-read for a project that a later run discovers (its text is not kept).

>>> from kg.model import Cite, DocInfo, Extraction, Mention
>>> known = known_projects([Extraction(DocInfo("a.txt", "x"), [Mention("Project", "Safe Taxi",
...                                                                    Cite("a.txt", 1, "Safe Taxi"))])])
>>> ex = Extraction(DocInfo("b.txt", "y"))
>>> link_projects("b.txt", "Drivers joined Safe-taxi in May.", ex, known)
1
>>> (ex.mentions[0].name, ex.mentions[0].aliases, ex.mentions[0].cite.text)
('Safe Taxi', ['Safe-taxi'], 'Safe-taxi')
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from kg.loaders.base import line_offsets
from kg.model import Cite, Extraction, Mention


def _key(name: str) -> str:
    return " ".join(re.split(r"[\s-]+", name.lower()))


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


@lru_cache(maxsize=4096)
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(r"[\s-]+".join(re.escape(w) for w in key.split()) + r"(?![\w'’-])", re.I)


def link_projects(doc_id: str, text: str, ex: Extraction, known: dict[str, str],
                  locate: Callable[[int], tuple[int, int | None]] | None = None) -> int:
    """Add to ``ex`` a mention of each known project whose name ``text`` writes and ``ex`` does not
    already mention (under any label); ``locate(offset)`` gives the line and page of an offset.
    Returns how many mentions were added."""
    mine = {_key(n) for m in ex.mentions for n in [m.name, *m.aliases]}
    low = text.lower()
    # a name whose last word the text never writes cannot be in it (a cheap test before the regex)
    todo = {k: v for k, v in known.items() if k.rsplit(" ", 1)[-1] in low and k not in mine and _key(v) not in mine}
    if not todo:
        return 0
    added = 0
    starts = [] if locate else line_offsets(text)
    hits: dict[int, re.Match[str]] = {}
    # look for each name only where the text writes its first word (str.find is fast; one big
    # case-blind regex over the whole text is not)
    for k in sorted(todo, key=len, reverse=True):
        first = k.split()[0]
        i = low.find(first)
        while i >= 0:
            m = _pattern(k).match(text, i)
            if m and i not in hits and not (i and (text[i - 1].isalnum() or text[i - 1] in "'’-")):
                hits[i] = m
            i = low.find(first, i + 1)
    last_end = -1
    for i in sorted(hits):
        m = hits[i]
        found = m.group(0)
        if i < last_end or not found[0].isupper() or re.search(r"[A-Z][\w'’-]*[ ]$", text[max(0, i - 40):i]) \
                or re.match(r"[ ][A-Z]", text[m.end():m.end() + 2]):
            continue  # inside a longer match, lower case, or part of a longer capitalised name
        last_end = m.end()
        name = todo[_key(found)]
        line, page = locate(i) if locate else (bisect.bisect_right(starts, i), None)
        aliases = [found] if found != name else []
        ex.mentions.append(Mention("Project", name, Cite(doc_id, line, found, page), {}, aliases))
        added += 1
    return added
