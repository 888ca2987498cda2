"""The paper's area: the police force area (and district) a paper is from.

Read from the paper's own board name, its title block (title and first lines) and the places its
text names, with the vocabulary of UK police force areas and the local authority areas inside each
(``data/areas.yaml``, from the ONS lookup of districts to police force areas). The board's name
counts most, then the title block, then each place the text names; a paper whose places point to
no single force area has no area (the resolver then keeps its generic names to the paper itself).

The result is one ``Area`` mention with ``scope: "paper"``: ``name`` the force area, ``local`` the
district when the board's name or the title block names one ("Rushcliffe Community Safety
Partnership"). A paper that names another area nearly as much as its first (a region's group of
several forces) has no area. It is what :mod:`kg.resolve.scope` scopes the paper's generic names by ("the
Commissioner" of a Durham paper is Durham's).

>>> from kg.loaders.base import Document
>>> from kg.extract.context import Context
>>> ctx = Context(Document.from_text("d.txt", "Minutes of the Partnership\\n\\n"
...     "Nottinghamshire Police reported."))
>>> ctx.paper.board = "Rushcliffe Community Safety Partnership"  # as the meetings stage reads it
>>> run(ctx)
>>> [(m.name, m.props) for m in ctx.mentions]
[('Nottinghamshire', {'scope': 'paper', 'local': 'Rushcliffe'})]
>>> places().area_of("Office of the Police and Crime Commissioner for Durham")
('Durham', 'Durham')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Any

import yaml

from kg.extract.context import Context
from kg.extract.quickre import quick

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: the prop that marks the paper's own Area mention (read by kg.resolve)
PAPER_SCOPE = "paper"
_WEIGHT_BOARD, _WEIGHT_TITLE, _WEIGHT_TEXT = 10, 5, 1
_TITLE_LINES = 4
#: the paper's area is named at least this many times as much as any other area
_MARGIN = 2


@dataclass(frozen=True)
class Places:
    """The place vocabulary: every place or force-area name -> its force area."""

    force_of: dict[str, str]
    force_wide: frozenset[str]  # names of a whole force area (its name and aliases)
    pattern: re.Pattern[str]
    caps_pattern: re.Pattern[str]   # the unambiguous names in any case, for lines in capitals

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Places named in ``text`` (longest first, whole words, with their capitals).

        >>> places().find("Cambridgeshire and Peterborough Police and Crime Panel")
        [(0, 31, 'Cambridgeshire and Peterborough')]
        >>> places().find("Reigate & Banstead Borough Council")
        [(0, 18, 'Reigate & Banstead')]

        A place that is also a surname is one only where a body's name goes on after it:

        >>> places().find("Bromley Safer Neighbourhood Board"), places().find("John Bromley said")
        ([(0, 7, 'Bromley')], [])
        """
        return [(m.start(), m.end(), " ".join(m.group(0).split())) for m in self.pattern.finditer(text)]

    def find_in_capitals(self, line: str) -> list[tuple[int, int, str]]:
        """Places named in a line written in capitals (a title block's "... HELD AT COUNTY HALL,
        WESTBY"), with the capitals of the vocabulary; a line not in capitals gives none. Only the
        names that are never surnames or words are looked for.

        >>> places().find_in_capitals("MINUTES OF THE MEETING HELD AT THE GUILDHALL, ISLE OF WIGHT")
        [(46, 59, 'Isle of Wight')]
        >>> places().find_in_capitals("Held at the Guildhall, Isle of Wight")
        []
        """
        letters = [c for c in line if c.isalpha()]
        if len(letters) < 4 or any(c.islower() for c in letters):
            return []
        spelled = {n.casefold(): n for n in self.force_of}
        return [(m.start(), m.end(), spelled[" ".join(m.group(0).split()).casefold()])
                for m in self.caps_pattern.finditer(line) if " ".join(m.group(0).split()).casefold() in spelled]

    def area_of(self, name: str) -> tuple[str, str] | None:
        """The (force area, place) a name names first, or None.

        >>> places().area_of("Rushcliffe Borough Council"), places().area_of("Home Office")
        (('Nottinghamshire', 'Rushcliffe'), None)
        """
        hits = self.find(name)
        if not hits:
            return None
        place = hits[0][2]
        return self.force_of[place], place


@lru_cache(maxsize=1)
def places() -> Places:
    """The vocabulary of ``data/areas.yaml``, loaded once."""
    text = resources.files("kg.extract.data").joinpath("areas.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_YAML_LOADER)
    ambiguous = set(data.get("ambiguous") or [])
    force_of: dict[str, str] = {}
    wide: set[str] = set()
    for force, entry in data["forces"].items():
        for name in [force, *(entry.get("aliases") or [])]:
            force_of[name] = force
            wide.add(name)
        for name in entry.get("places") or []:
            force_of.setdefault(name, force)
            if " and " in name:  # "Reigate & Banstead" is written with an ampersand as often
                force_of.setdefault(name.replace(" and ", " & "), force)
            if " upon " in name:  # "Richmond upon Thames" is often written "Richmond on Thames"
                force_of.setdefault(name.replace(" upon ", " on "), force)
    names = [n for n in force_of if n not in ambiguous]
    # a place is a whole word, not part of a longer capitalised word ("Kent" in "Kentish"); a name
    # that is also a surname or a word is a place only where a body's name goes on after it
    # ("Bromley Safer Neighbourhood Board") or where it is a borough's ("Borough of Bromley")
    amb = [n for n in ambiguous if n in force_of]
    body_next = "|".join(re.escape(w) for w in data.get("ambiguous_before") or [])
    pattern = quick(rf"(?<![A-Za-z])(?:{_trie(names)})(?![a-z])"
                    + (rf"|(?<![A-Za-z])(?:{_trie(amb)})(?=\s+(?:{body_next})\b)" if amb and body_next else "")
                    + (rf"|(?<=\bBorough of )(?:{_trie(amb)})(?![a-z])" if amb else ""))
    caps = quick(rf"(?<![A-Za-z])(?:{_trie(names)})(?![A-Za-z])", re.IGNORECASE)
    return Places(force_of, frozenset(wide), pattern, caps)


@lru_cache(maxsize=1)
def one_word_places() -> frozenset[str]:
    """The places of one word that are not also common surnames or words ("Wealden", not "Hastings").

    >>> "Adur" in one_word_places(), "Hastings" in one_word_places()
    (True, False)
    """
    text = resources.files("kg.extract.data").joinpath("areas.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_YAML_LOADER)
    ambiguous = set(data.get("ambiguous") or [])
    return frozenset(n for n in places().force_of if " " not in n and n not in ambiguous)


def _trie(names: list[str]) -> str:
    """One regular expression for many names, as a tree of their common beginnings: it matches
    what the alternation of the names longest first matches, without trying every name at every
    position of the text (a fifth of the time on a large paper).

    >>> re.fullmatch(_trie(["Kent", "Kentish Town", "Essex"]), "Kentish  Town") is not None
    True
    """
    root: dict[str, Any] = {}
    for n in names:
        node = root
        for ch in n:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return emit(root)


_AFTER_INITIAL = re.compile(r"(?:(?<![\w.])[A-Z]\.?|\b(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr))\.?\s+\Z")


_WORD_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+\Z")


def _after_forename(text: str, at: int) -> bool:
    """Whether the place at ``at`` follows a forename ("David Harlow"): a person's surname.

    >>> _after_forename("County Cllr David Harlow", 18), _after_forename("held in Harlow", 8)
    (True, False)
    """
    from kg.extract.people import starts_with_forename  # people reads areas' vocabulary: imported late

    m = _WORD_BEFORE.search(text, max(0, at - 20), at)
    return m is not None and starts_with_forename(m.group(1))


def _places_of_line(pl: Places, line: str) -> list[str]:
    """The places a title block's line names; of "<town>, <larger place>" (a venue's address:
    "Newport, Isle of Wight", "County Hall, Westby, Northshire") the last, which says where the
    town is, when the two lie in different force areas.

    >>> _places_of_line(places(), "HELD AT COUNTY HALL, NEWPORT, ISLE OF WIGHT ON MONDAY")
    ['Isle of Wight']
    >>> _places_of_line(places(), "Minutes of the Rushcliffe and Gedling Partnership")
    ['Rushcliffe', 'Gedling']
    """
    hits = [h for h in pl.find(line) or pl.find_in_capitals(line)
            if not _AFTER_INITIAL.search(line, max(0, h[0] - 14), h[0]) and not _after_forename(line, h[0])]
    return [h[2] for i, h in enumerate(hits)
            if i + 1 == len(hits) or not re.fullmatch(r",\s*", line[h[1]:hits[i + 1][0]])
            or pl.force_of[h[2]] == pl.force_of[hits[i + 1][2]]]


def paper_area(ctx: Context) -> tuple[str, str | None, int] | None:
    """(force area, district or None, offset of the best evidence) of the paper, or None."""
    pl = places()
    text = ctx.doc.text
    votes: Counter[str] = Counter()
    local_votes: Counter[str] = Counter()
    first: dict[str, int] = {}
    board = ctx.paper.board or ctx.paper.own_board or ""
    for _s, _e, place in pl.find(board):
        votes[pl.force_of[place]] += _WEIGHT_BOARD
        if place not in pl.force_wide:
            local_votes[place] += _WEIGHT_BOARD
    lines = list(islice(re.finditer(r"[^\n]*\S[^\n]*", text), _TITLE_LINES))  # the first lines only
    head = ctx.doc.title + "\n" + "\n".join(m.group(0) for m in lines)
    head_places = [place for line in head.split("\n") for place in _places_of_line(pl, line)]
    for place in head_places:
        votes[pl.force_of[place]] += _WEIGHT_TITLE
    if not local_votes and not any(p in pl.force_wide for p in head_places):
        # a district's paper names its district first; a force-wide body's paper names a district
        # only as a venue or an address
        for place in head_places[:1]:
            local_votes[place] += _WEIGHT_TITLE
    for s, _e, place in pl.find(text):
        if _AFTER_INITIAL.search(text, max(0, s - 14), s) or _after_forename(text, s):
            continue  # "Cllr J Dudley", "County Cllr David Harlow": a surname that is also a place
        force = pl.force_of[place]
        votes[force] += _WEIGHT_TEXT
        first.setdefault(force, s)
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[1][1] * _MARGIN > ranked[0][1]:
        return None  # another force area named nearly as much: the paper is not one area's
    force = ranked[0][0]
    local = [p for p, _ in local_votes.most_common() if pl.force_of[p] == force]
    return force, (local[0] if local else None), first.get(force, 0)


def run(ctx: Context) -> None:
    """Rule: the paper's area as an ``Area`` mention with ``scope: "paper"``."""
    found = paper_area(ctx)
    if found is None:
        return
    force, local, offset = found
    end = ctx.doc.text.find("\n", offset)
    cite = ctx.cite(offset, end if end >= 0 else len(ctx.doc.text))
    props = {"scope": PAPER_SCOPE, **({"local": local} if local else {})}
    ctx.mention("Area", force, cite, props)
