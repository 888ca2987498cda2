"""kg.extract.quickre: a pattern behind its first-character look-ahead matches exactly as before.

Every pattern the extraction stages compile with ``quick`` is run both ways over the sample corpus
and the development documents (a sixth of the text in the default run, all of it in CI's) and over a
few hand-made lines at the edges (capitals, other blanks, letters that fold to ASCII under
IGNORECASE); the matches (span and groups) must be equal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kg.extract.governance as governance
import kg.extract.membership  # noqa: F401  (compiles its patterns with quick on import)
import kg.extract.roles  # noqa: F401
from kg.extract import extract
from kg.extract.quickre import MADE, finditer_near, first_class, fold, needed, quick, widest
from kg.loaders.base import Document

ROOT = Path(__file__).resolve().parents[1]
EDGES = ("REPORTS TO the Board.\u00a0Reports\tto\nthe Panel; \u017fcrutinises (long s), \u212aelvin, "
         "\u0130nspects, is\u2003accountable to; Priorities include: A, B and C. Jo will present.")


def _texts(every: int = 1, head: int | None = None) -> list[str]:
    """The sample corpus (its papers' first ``head`` characters), every ``every``-th paper of the
    development set, and the edge cases."""
    samples = [p.read_text(encoding="utf-8")[:head] for p in sorted((ROOT / "examples" / "corpus").glob("*.txt"))]
    papers = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "devset").glob("*/docs/*.txt"))[::every]]
    return samples + papers + [EDGES]


def _made() -> list[tuple[str, int]]:
    governance.patterns()
    # the priority patterns are compiled when a paper is read
    extract(Document.from_text("p.txt", "Our priorities are:\n- Safer streets\n"))
    return sorted(set(MADE))


def test_the_stages_compile_patterns_with_quick_and_some_get_a_lookahead() -> None:
    made = _made()
    assert len(made) >= 10
    assert sum(first_class(p, f) is not None for p, f in made if f & re.I) >= 10


# the default run reads every eighth paper of the development set and the start of each sample
# paper (about a sixth of the text); CI reads them all, whole
_SAMPLE, _HEAD = 8, 20_000


def test_every_quick_pattern_matches_as_the_plain_one() -> None:
    _same_matches(_texts(_SAMPLE, _HEAD))


@pytest.mark.ci
def test_every_quick_pattern_matches_as_the_plain_one_on_every_paper() -> None:
    _same_matches(_texts())


def _same_matches(texts: list[str]) -> None:
    for pattern, f in _made():
        plain, fast = re.compile(pattern, f), quick(pattern, f)
        for t in texts:
            want = [(m.span(), m.groups()) for m in plain.finditer(t)]
            got = [(m.span(), m.groups()) for m in fast.finditer(t)]
            assert got == want, pattern


def test_every_match_holds_a_word_the_pattern_needs() -> None:
    """The gate of :func:`needed` never refuses a text a pattern matches: every match of every
    quick pattern (and of the governance and rename phrases) holds one of its needed words."""
    _needed_words_hold(_texts(_SAMPLE, _HEAD))


@pytest.mark.ci
def test_every_match_holds_a_word_the_pattern_needs_on_every_paper() -> None:
    _needed_words_hold(_texts())


def _needed_words_hold(texts: list[str]) -> None:
    from kg.extract import renames

    pats = [quick(p, f) for p, f in _made()] + [p for _, _, p in governance.patterns()]
    pats += list(renames.phrases().values())
    gated = 0
    for pat in pats:
        need = needed(pat)
        if need is None:
            continue
        gated += 1
        for t in texts:
            for m in pat.finditer(t):
                assert any(w in fold(m.group()) for w in need), (pat.pattern, m.group())
    assert gated >= 10


def test_matches_found_near_the_needed_words_are_those_of_the_whole_text() -> None:
    _near_matches_same(_texts(_SAMPLE, _HEAD))


@pytest.mark.ci
def test_matches_found_near_the_needed_words_are_those_of_the_whole_text_on_every_paper() -> None:
    _near_matches_same(_texts())


def _near_matches_same(texts: list[str]) -> None:
    from kg.extract import renames

    texts = texts + ["x has been renamed\nto the Y (formerly  Z), now   W" * 3]
    # the patterns of bounded width, which are searched near their words (the others are run whole)
    pats = [p for p in (quick(p, f) for p, f in _made()) if widest(p) < 1000]
    pats += [*renames.phrases().values(), re.compile(r"(?:a|an)\s?board(?=\s?group)", re.I),
             re.compile(r"now(?!\w)$", re.M)]
    for pat in pats:
        need = needed(pat)
        for t in texts:
            want = [(m.span(), m.groups()) for m in pat.finditer(t)]
            got = [(m.span(), m.groups()) for m in finditer_near(pat, t, fold(t), need)]
            assert got == want, pat.pattern


def test_needed_words_are_read_through_groups_choices_and_repeats() -> None:
    assert needed(re.compile(r"(?:has|have)\s+been\s+renamed", re.I)) == {"renamed"}
    assert needed(re.compile(r"(?:oversee|govern)s?|monitor(?:ing)?", re.I)) == {"oversee", "govern", "monitor"}
    assert needed(re.compile(r"(?:a)?(?:b)*\w", re.I)) is None     # nothing every match holds
    assert needed(re.compile(r"x{2,}", re.I)) == {"x"}
    assert fold("\u0130NSPECT") == "inspect"


def test_first_characters_are_read_through_groups_repeats_and_assertions() -> None:
    assert first_class(r"(?<![\w-])(?:(?:will\s+|to\s+)?(?:oversee|governs?))(?![\w-])", re.I) == "[gotw]"
    assert first_class(r"(?:is|are)?\s*reviewed", re.I) == r"[\sair]"
    assert first_class(r"\w+ Board", re.I) is None          # \w: too many to list
    assert first_class(r"(?:will)?", re.I) is None          # may match nothing
    assert first_class(r"(?i)report", 0) is None            # global flags stay first
    assert quick(r"\w+ Board", re.I).pattern == r"\w+ Board"


def test_docstring_examples_of_quickre_hold() -> None:
    import doctest

    import kg.extract.quickre as quickre

    res = doctest.testmod(quickre)
    assert res.attempted > 0 and res.failed == 0
