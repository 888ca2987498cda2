"""Name comparison: folding, people's names without honorifics, acronyms, forename variants.

>>> fold("The Derby & Derbyshire Board")
'derby and derbyshire board'
>>> person_key("Ch Insp Rob Hale")
'rob hale'
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kg.model import ascii_lower

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    """The resolution vocabulary (``kg/extract/data/resolution.yaml``)."""
    text = resources.files("kg.extract.data").joinpath("resolution.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_YAML_LOADER)
    return data


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Fold a name for comparison: ASCII, lower case, '&' as 'and', no punctuation, no leading 'the'.

    >>> fold("The Derby & Derbyshire Board")
    'derby and derbyshire board'
    """
    text = ascii_lower(text).replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text).replace("'", "")
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    """A person's name without honorifics, ranks or post-nominals, folded.

    >>> person_key("Ch Insp Rob Hale")
    'rob hale'
    >>> person_key("Mr. C. Ames CC")
    'c ames'
    """
    words = fold(name).split()
    prefixes, post = _person_words()
    changed = True
    while changed and words:
        changed = False
        for p in prefixes:
            if words[: len(p)] == p and len(words) > len(p):
                words = words[len(p):]
                changed = True
                break
    while len(words) > 1 and words[-1] in post:
        words = words[:-1]
    return " ".join(words)


@lru_cache(maxsize=1)
def _person_words() -> tuple[list[list[str]], frozenset[str]]:
    """The honorifics and ranks as word lists, longest first, and the post-nominals (sorted once,
    not once per name: 52 lists for each of 4,000 names at 600 papers)."""
    v = vocab()
    return (sorted((p.split() for p in v["honorifics"] + v["ranks"]), key=len, reverse=True),
            frozenset(v["post_nominals"]))


def is_acronym(text: str) -> bool:
    """An acronym: one token of capitals (and digits, '&'), at least two letters, perhaps a final 's'.

    >>> [is_acronym(x) for x in ("OPCC", "LLR", "CSPs", "ASB Action Plan", "Police")]
    [True, True, True, False, False]
    """
    t = text.strip().rstrip("s")
    return " " not in t and sum(c.isupper() for c in t) >= 2 and all(c.isupper() or c.isdigit() or c == "&"
                                                                     for c in t)


@lru_cache(maxsize=1)
def _nicknames() -> Any:
    from nicknames import NickNamer  # the maintained, hand-curated table of English forename variants

    return NickNamer()


def same_forename(a: str, b: str) -> bool:
    """Whether two folded forenames may name one person: equal, or one a known variant of the other
    (the ``nicknames`` package: "bob" ~ "robert", "kate" ~ "catherine").

    >>> same_forename("bob", "robert"), same_forename("rob", "roberta"), same_forename("jo", "jo")
    (True, False, True)
    """
    if a == b:
        return True
    nn = _nicknames()
    return b in nn.nicknames_of(a) or b in nn.canonicals_of(a) or a in nn.nicknames_of(b)


def person_variant_fits(short: str, full: str) -> bool:
    """Whether person key ``short`` may name the same person as ``full``: surnames agree and
    the first name or initial, where both have one, is compatible.

    >>> person_variant_fits("k loydall", "kevin loydall"), person_variant_fits("loydall", "kevin loydall")
    (True, True)
    >>> person_variant_fits("j loydall", "kevin loydall")
    False
    """
    return short == full or compatible(short, full)


def compatible(short: str, full: str) -> bool:
    """'k loydall' or 'loydall' fits 'kevin loydall'; surnames must agree."""
    a, b = short.split(), full.split()
    if not a or not b or a[-1] != b[-1]:
        return False
    fa, fb = a[:-1], b[:-1]
    if not fa:
        return True
    if not fb:
        return False
    if len(fa[0]) == 1 or len(fb[0]) == 1:
        return fa[0][0] == fb[0][0]
    return same_forename(fa[0], fb[0])


def misspelt(a: str, b: str) -> bool:
    """Two person keys that are one name spelt two ways: the same full forename and surnames of five
    letters or more one edit apart.

    >>> misspelt("jo hartley", "jo hartly"), misspelt("sean morgan", "steve morgan"), misspelt("jo day", "jo dey")
    (True, False, False)
    """
    from rapidfuzz.distance import Levenshtein

    wa, wb = a.split(), b.split()
    if len(wa) != 2 or len(wb) != 2 or wa[0] != wb[0] or len(wa[0]) < 2 or wa[1] == wb[1]:
        return False
    return min(len(wa[1]), len(wb[1])) >= 5 and Levenshtein.distance(wa[1], wb[1]) == 1


def without_kind(folded: str) -> str | None:
    """A folded project name without its last word when that is a kind word (``project_kinds``)
    and two words or more are left: "whole area model pilot" -> "whole area model"; else None.

    >>> without_kind("whole area model pilot"), without_kind("town pilot"), without_kind("night guardians")
    ('whole area model', None, None)
    """
    words = folded.split()
    if len(words) < 3 or words[-1] not in vocab()["project_kinds"]:
        return None
    return " ".join(words[:-1])


def post_title(title: object) -> str | None:
    """The office a role's title names (``posts``), as written without qualifiers, or None.

    >>> post_title("Temporary Chief Constable"), post_title("Police and Crime Commissioner"), post_title("Chair")
    ('Chief Constable', 'Police and Crime Commissioner', None)
    """
    if not isinstance(title, str):
        return None
    words = title.split()
    qualifiers = set(vocab()["post_qualifiers"])
    while words and fold(words[0]) in qualifiers:
        words = words[1:]
    return " ".join(words) if fold(" ".join(words)) in set(vocab()["posts"]) else None


def strip_person(name: str) -> str:
    """Drop honorific/rank words and post-nominals from a display name, keeping its case.

    >>> strip_person("Cllr. Jane Roe")
    'Jane Roe'
    """
    key = person_key(name).split()
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    folded = [fold(w) for w in words]
    # find the run of words whose folding equals the person key
    for i in range(len(words)):
        j, k = i, 0
        out = []
        while j < len(words) and k < len(key):
            fw = folded[j]
            if not fw:
                j += 1
                continue
            if fw == key[k] or fw.replace(" ", "") == key[k]:
                out.append(words[j])
                j += 1
                k += 1
            else:
                break
        if k == len(key):
            return " ".join(out).strip(" ,")
    return name.strip()
