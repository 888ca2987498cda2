"""Bodies a paper says were renamed: "X (formerly Y)", "Y has been renamed X", "Y, now X".

The phrases are data (``data/renames.yaml``). A phrase counts only where it stands right between
two names the body reader found (:mod:`kg.extract.bodies`): "the functions of the former District
Partnerships" names no newer name, and "the Board, now chaired by ..." no body after "now". A
generic reference as the older name ("the name of the Board be amended to ...") is the last body
named before it in the sentence whose name ends with the same word.

The older name is recorded as a mention of its own with ``renamed_to`` (the newer name), cited by
the sentence; the resolver (:mod:`kg.resolve.build`, rule ``renamed``) joins the two.

>>> from kg.loaders.base import Document
>>> from kg.extract.pipeline import build_nlp, run as run_nlp
>>> text = "The Westvale Community Safety Partnership has been renamed the Safer Westvale Partnership."
>>> ex = run_nlp(build_nlp(), Document.from_text("d.txt", text))
>>> [(m.name, m.props["renamed_to"]) for m in ex.mentions if "renamed_to" in m.props]
[('Westvale Community Safety Partnership', 'Safer Westvale Partnership')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kg.extract.context import Context
from kg.extract.quickre import finditer_near, fold, needed, quick
from kg.extract.spans import sentence_at
from kg.model import Mention

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# what may stand between a name and the phrase: spaces, commas, brackets, quotes
_GAP_BEFORE = re.compile(r"[\s,'\"’”]*")
# and between the phrase and the name after it: the same, and a "the"
_GAP_AFTER = re.compile(r"[\s'\"‘“]*(?:the\s+)?[\s'\"‘“]*", re.IGNORECASE)
# "the name of the Board" right before the phrase: the older name is what follows "name of"
_NAME_OF = re.compile(r"\bname\s+of\s+(?P<old>[^.;:]{1,120}?)[\s,'\"’”]*$", re.IGNORECASE)
#: a body named by a reference, not by its name: "the Board", "the Partnership", "its Board"
_REFERENCE = re.compile(r"(?:the|its|this)\s+\w+(?:\s+\w+)?", re.IGNORECASE)

#: how many bodies named before a phrase are looked at, nearest first
_LOOK_BACK = 40
#: the most characters between a name and the phrase (a gap is a few spaces and quotes; a bound
#: keeps the gap patterns linear on a page of blanks)
_GAP_MAX = 12

Hit = tuple[int, int, str, str, dict[str, Any]]


@lru_cache(maxsize=1)
def phrases() -> dict[str, re.Pattern[str]]:
    """Each kind of rename phrase (``old_then_new``, ``new_then_old``, ``name_of_then_new``) as one
    case-blind pattern, from ``data/renames.yaml``."""
    text = resources.files("kg.extract.data").joinpath("renames.yaml").read_text(encoding="utf-8")
    data: dict[str, list[str]] = yaml.load(text, Loader=_YAML_LOADER)
    # ``quick``: a case-blind alternation is otherwise tried at every character of the paper
    return {kind: quick(r"(?:" + "|".join(f"(?:{p})" for p in pats) + r")(?!\w)", re.IGNORECASE)
            for kind, pats in data.items()}


def _is_reference(text: str, hit: Hit) -> bool:
    return bool(hit[4].get("ref")) or bool(_REFERENCE.fullmatch(text[hit[0]:hit[1]].strip()))


def _before(hits: list[Hit], pos: int, floor: int) -> Iterator[Hit]:
    """The bodies named between ``floor`` and ``pos``, nearest first (at most ``_LOOK_BACK``: a
    paper of a million characters has tens of thousands)."""
    i = bisect.bisect_left(hits, pos, key=lambda h: h[0])
    for h in reversed(hits[max(0, i - _LOOK_BACK):i]):
        if h[0] < floor:
            return
        if h[1] <= pos:
            yield h


def _ending_at(hits: list[Hit], text: str, pos: int, floor: int) -> Hit | None:
    """The body whose name ends right before ``pos`` (only a gap between), after ``floor``."""
    h = next(_before(hits, pos, floor), None)
    return h if h is not None and pos - h[1] <= _GAP_MAX and _GAP_BEFORE.fullmatch(text, h[1], pos) else None


def _starting_at(hits: list[Hit], text: str, pos: int, ceiling: int) -> Hit | None:
    """The body whose name starts right after ``pos`` (only a gap and "the" between), before ``ceiling``."""
    i = bisect.bisect_left(hits, pos, key=lambda h: h[0])
    if i < len(hits) and hits[i][1] <= ceiling and hits[i][0] - pos <= _GAP_MAX \
            and _GAP_AFTER.fullmatch(text, pos, hits[i][0]):
        return hits[i]
    return None


def _named(hits: list[Hit], text: str, hit: Hit, floor: int) -> Hit | None:
    """``hit`` itself, or for a reference ("the Board") the last body named before it in the
    sentence (from ``floor``) whose name ends with the same word."""
    if not _is_reference(text, hit):
        return hit
    return _last_ending_with(hits, text, text[hit[0]:hit[1]].split()[-1], floor, hit[0])


def _last_ending_with(hits: list[Hit], text: str, word: str, floor: int, pos: int) -> Hit | None:
    """The last body named between ``floor`` and ``pos`` by its name, that name ending with ``word``."""
    for h in _before(hits, pos, floor):
        if not _is_reference(text, h) and h[3].split()[-1].lower() == word.lower():
            return h
    return None


def _name_of(hits: list[Hit], text: str, floor: int, pos: int) -> Hit | None:
    """The older name in "the name of <older name> be amended to": the body named there, or for a
    reference ("the Board", perhaps not read as a body) the last body before it ending so."""
    m = _NAME_OF.search(text, floor, pos)
    if m is None:
        return None
    before = _ending_at(hits, text, pos, m.start("old"))
    if before is not None:
        return _named(hits, text, before, floor)
    if not _REFERENCE.fullmatch(m.group("old")):
        return None
    return _last_ending_with(hits, text, m.group("old").split()[-1], floor, m.start("old"))


def run(ctx: Context) -> None:
    """Rule: record the older name of every body the paper says was renamed (``renamed_to``)."""
    text = ctx.doc.text
    hits: list[Hit] = [h for h in ctx.paper.bodies if h[2] in ("Organisation", "Board")]
    if not hits:
        return
    low = fold(text)
    for kind, pattern in phrases().items():
        # the phrases are run only around the words they hold ("renamed", "former" ...), not
        # tried at every character of the paper
        for m in finditer_near(pattern, text, low, needed(pattern)):
            s0, s1 = sentence_at(ctx, m.start())
            after = _starting_at(hits, text, m.end(), max(s1, m.end()))
            if after is None:
                continue
            old: Hit | None
            new: Hit | None
            if kind == "name_of_then_new":
                old, new = _name_of(hits, text, s0, m.start()), after
            else:
                before = _ending_at(hits, text, m.start(), s0)
                if before is None:
                    continue
                if kind == "new_then_old":
                    new, old = _named(hits, text, before, s0), after
                    old = None if _is_reference(text, old) else old
                else:
                    old, new = _named(hits, text, before, s0), after
            if old is None or new is None or old[3] == new[3] or _is_reference(text, new):
                continue
            cite = ctx.cite(s0, s1)
            ctx.mention(new[2], new[3], cite)
            # a mention of its own, not folded into the body reader's mention on this line: its
            # citation is the whole sentence, the evidence of the merge
            ctx.mentions.append(Mention(old[2], old[3], cite, {"renamed_to": new[3]}))
