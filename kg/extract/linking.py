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

import re
from collections.abc import Callable, Iterable

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


def link_projects(doc_id: str, text: str, ex: Extraction, known: dict[str, str],
                  locate: Callable[[int], tuple[int, int | None]] | None = None) -> int:
    """Add to ``ex`` a mention of each known project whose name ``text`` writes and ``ex`` does not
    already mention (under any label); ``locate(offset)`` gives the line and page of an offset.
    Returns how many mentions were added."""
    mine = {_key(n) for m in ex.mentions for n in [m.name, *m.aliases]}
    todo = {k: v for k, v in known.items() if k not in mine and _key(v) not in mine}
    if not todo:
        return 0
    pat = re.compile(r"(?<![\w'’-])(?:" + "|".join(
        r"[\s-]+".join(re.escape(w) for w in k.split()) for k in sorted(todo, key=len, reverse=True))
        + r")(?![\w'’-])", re.I)
    added = 0
    for m in pat.finditer(text):
        found = m.group(0)
        if not found[0].isupper() or re.search(r"[A-Z][\w'’-]*[ ]$", text[max(0, m.start() - 40):m.start()]) \
                or re.match(r"[ ][A-Z]", text[m.end():m.end() + 2]):
            continue  # lower case, or part of a longer capitalised name
        name = todo[_key(found)]
        line, page = locate(m.start()) if locate else (text.count("\n", 0, m.start()) + 1, None)
        aliases = [found] if found != name else []
        ex.mentions.append(Mention("Project", name, Cite(doc_id, line, found, page), {}, aliases))
        added += 1
    return added
