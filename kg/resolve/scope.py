"""Scope: which area's entity a name in a paper means.

Every name is read in a scope, and only names in one scope are compared:

* national bodies (``national_bodies`` in ``data/resolution.yaml``: the Home Office, the Ministry
  of Justice ...) and places (``Area``) have the one national scope ``""``;
* a name that names a place ("Durham Constabulary", "Rushcliffe Borough Council") is in that
  place's police force area, whichever paper it is read in;
* any other name ("the Commissioner", "the Police and Crime Plan", "the CSP") is in the paper's
  area (:mod:`kg.extract.area`); a paper of no known area keeps such generic names
  (:func:`is_generic`) to itself, and its specific names (people, "Riverside Support Services") in
  one pool of the papers of no known area.

A scope is ``"<force area>|<tag>"``: the tag is ``F`` for a force-wide body or a district's name
for a district's body ("Derby City Council" is not "Derbyshire County Council"); in a
district's paper a generic district body ("the Community Safety Partnership", ``local_level``)
is that district's.

>>> pa = PaperArea("a.txt", "Nottinghamshire", "Rushcliffe")
>>> scope_of("Organisation", "the Police and Crime Commissioner", pa)
'Nottinghamshire|F'
>>> scope_of("Board", "Community Safety Partnership", pa), scope_of("Organisation", "Home Office", pa)
('Nottinghamshire|Rushcliffe', '')
>>> scope_of("Organisation", "Durham Constabulary", pa)
'Durham|F'
>>> body_key("Office of the Police and Crime Commissioner for Derby and Derbyshire")
'office of the police and crime commissioner'
>>> body_key("the PCC") == body_key("Commissioner's Office") == body_key("OPCC")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.area import PAPER_SCOPE, places
from kg.model import Extraction
from kg.resolve.names import fold, vocab

NATIONAL = ""
#: the scope of specific names (people, "Riverside Support Services") read in papers of no known area
UNKNOWN = "?"
#: labels whose names are compared by :func:`body_key` (a body's or a plan's generic words)
KEYED = ("Body", "Plan")
_EDGE_LEAD = {"s", "wide", "and", "for", "of", "in", "the", "across", "county", "area"}
_EDGE_TRAIL = {"for", "of", "in", "the", "and", "area", "s", "wide"}


@dataclass(frozen=True)
class PaperArea:
    """A paper's area: its id, its police force area and district (None where not known)."""

    doc: str
    force: str | None = None
    local: str | None = None

    @property
    def base(self) -> str:
        """The force area, or the paper itself when its area is not known."""
        return self.force or f"doc:{self.doc}"


def paper_area(ex: Extraction) -> PaperArea:
    """The area :mod:`kg.extract.area` read for the paper (an ``Area`` mention, ``scope: paper``)."""
    for m in ex.mentions:
        if m.label == "Area" and m.props.get("scope") == PAPER_SCOPE:
            local = m.props.get("local")
            return PaperArea(ex.doc.id, m.name, str(local) if local else None)
    return PaperArea(ex.doc.id)


def group_of(label: str) -> str:
    """Organisation and Board share one namespace (a partnership is called both)."""
    return "Body" if label in ("Organisation", "Board") else label


@lru_cache(maxsize=1)
def _sets() -> dict[str, frozenset[str]]:
    v = vocab()
    return {"national": frozenset(v["national_bodies"]), "force": frozenset(v["force_level"]),
            "local": frozenset(v["local_level"])}


def _has_phrase(folded: str, phrases: frozenset[str]) -> bool:
    padded = f" {folded} "
    return any(f" {p} " in padded for p in phrases)


def is_national(name: str) -> bool:
    """A national body, one node everywhere.

    >>> is_national("the Home Office"), is_national("MoJ"), is_national("Home Office Quality Assurance Panel")
    (True, True, False)
    """
    return fold(name) in _sets()["national"]


@lru_cache(maxsize=65536)
def scope_of(label: str, name: str, pa: PaperArea) -> str:
    """The scope a name read in paper ``pa`` is compared in (see the module docstring)."""
    group = group_of(label)
    if label in ("Area", "Document") or (group == "Body" and is_national(name)):
        return NATIONAL
    if label in ("Person", "Meeting"):
        return f"{pa.force or UNKNOWN}|F"
    folded = _expand(fold(name))
    force_level = _has_phrase(folded, _sets()["force"])
    pl = places()
    hits = pl.find(name)
    if hits:
        force = pl.force_of[hits[0][2]]
        local = [p for _s, _e, p in hits if p not in pl.force_wide and pl.force_of[p] == force]
        return f"{force}|{local[0] if local and not force_level else 'F'}"
    local_level = _has_phrase(folded, _sets()["local"])
    if pa.local and group in KEYED and not force_level and local_level:
        return f"{pa.base}|{pa.local}"
    if pa.force is None and not is_generic(name):
        return f"{UNKNOWN}|F"  # a specific name in a paper of no known area: one pool of such names
    return f"{pa.base}|F"


@lru_cache(maxsize=65536)
def is_generic(name: str) -> bool:
    """A name any area's body could have: only generic words once the force- and district-level
    phrases are read ("the Police and Crime Plan", "the Commissioner's office"), no proper name.

    >>> is_generic("the Police and Crime Plan"), is_generic("Commissioner's Office"), is_generic("CSP")
    (True, True, True)
    >>> is_generic("Westmoor Community Safety Partnership"), is_generic("Riverside Support Services")
    (False, False)
    """
    words = " " + " ".join(_singular(w) for w in _expand(fold(name)).split()) + " "
    for phrase in sorted(_sets()["force"] | _sets()["local"], key=len, reverse=True):
        words = words.replace(f" {phrase} ", " ")
    filler = set(vocab()["generic_words"])
    return all(_singular(w) in filler for w in words.split())


def scope_label(scope: str) -> str:
    """How a scope is written after a name that needs it to be told apart ("Durham",
    "Rushcliffe", a paper's id).

    >>> scope_label("Durham|F"), scope_label("Nottinghamshire|Rushcliffe"), scope_label("doc:a.txt|F")
    ('Durham', 'Rushcliffe', 'a.txt')
    """
    force, _, tag = scope.partition("|")
    if tag and tag != "F":
        return tag
    return "area unknown" if force == UNKNOWN else force.removeprefix("doc:")


@lru_cache(maxsize=65536)
def _expand(folded: str) -> str:
    """Generic acronyms read as their words ("csp" -> "community safety partnership")."""
    acr: dict[str, str] = vocab()["common_acronyms"]
    words = folded.split()
    out = " ".join(acr.get(w, w) for w in words)
    for phrase, repl in acr.items():
        if " " in phrase:
            out = f" {out} ".replace(f" {phrase} ", f" {repl} ").strip()
    return out


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in vocab()["synonyms"]:
        for name in group:
            out[name] = group[0]
    return out


def strip_places(name: str) -> str:
    """A name without the places it names and the small words joining them, folded.

    >>> strip_places("Derby and Derbyshire’s Local Criminal Justice Board")
    'local criminal justice board'
    >>> strip_places("Durham-wide ASB Strategy Group")
    'asb strategy group'
    """
    hits = places().find(name)
    for s, e, _p in reversed(hits):
        name = name[:s] + " " + name[e:]
    return _trim(fold(name))


def _trim(folded: str) -> str:
    """Without the small words a removed place leaves at either end ("for", "'s", "-wide")."""
    words = folded.split()
    while words and words[0] in _EDGE_LEAD:
        words = words[1:]
    while words and words[-1] in _EDGE_TRAIL:
        words = words[:-1]
    return " ".join(words)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def body_key(name: str, offices: bool = True) -> str:
    """What a body's or plan's name is compared by within one scope: its places, years and leading
    "the" dropped, generic acronyms read as words, kind variants ("Partnership Board" ~ "Board"),
    the last word singular, and (``offices``) an office's names as one (``synonyms``).

    >>> body_key("Safer Communities Strategy Partnership Board") == body_key("the Safer Communities Strategy Boards")
    True
    >>> body_key("Police and Crime Plan 2024-2029") == body_key("Durham Police and Crime Plan")
    True
    """
    key = strip_places(name)
    key = " ".join(w for w in key.split() if not re.fullmatch(r"\d{2,4}", w))
    key = _trim(_expand(key))  # "Caerphilly CBC" ~ "Caerphilly County Borough Council"
    for phrase, repl in vocab()["kind_variants"].items():
        key = f" {key} ".replace(f" {phrase} ", f" {repl} ").strip()
    words = key.split()
    if words:
        words[-1] = _singular(words[-1])
    key = " ".join(words)
    return _synonyms().get(key, key) if offices else key
