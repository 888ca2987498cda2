"""No stage of the pipeline backtracks: time grows linearly with pathological input.

Each case is a paper made of one pathological pattern (a long run of spaces, a line without a
sentence break, capitals, digits, punctuation, bold marks, table cells, nested HTML lists ...).
It is loaded and extracted (every stage) at one size and at four times that size, in this test
process; the second must take about four times as long, not sixteen (a quadratic regex). The bound
is a ratio, not a time: `bench/` holds the figures. A measurement over the bound is taken again
once, so that a busy machine does not fail the test.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.extract import extract
from kg.loaders import load

HEAD = "Minutes of the Westby Partnership Board\n\n"
RATIO = 8.0        # linear is ~4; quadratic ~16


def _repeat(unit: str, n: int) -> str:
    return unit * max(1, n // len(unit))


CASES: dict[str, Callable[[int], str]] = {
    "leading spaces": lambda n: HEAD + " " * n + "x\n",
    "spaces inside a line": lambda n: HEAD + "The Board " + " " * n + " agreed\n",
    "spaces before a colon": lambda n: HEAD + "Chair" + " " * n + ": Cllr A Jones\n",
    "tabs": lambda n: HEAD + _repeat("a\t", n) + "\n",
    "one line, no sentence break": lambda n: HEAD + _repeat("the board agreed to fund the council and the partnership ",
                                                            n) + "\n",
    "capitals": lambda n: HEAD + _repeat("ABCDE FGHIJ ", n) + "\n",
    "capitalised words": lambda n: HEAD + _repeat("Westby Council Board ", n) + "\n",
    "hyphen chain": lambda n: HEAD + _repeat("Westby-", n) + "Council, Chair is here\n",
    "digits": lambda n: HEAD + _repeat("1234567890", n) + "\n",
    "punctuation": lambda n: HEAD + _repeat("-.,;:!?()", n) + "\n",
    "dots": lambda n: HEAD + "." * n + "\n",
    "pounds": lambda n: HEAD + _repeat("£1,000,", n) + "\n",
    "bold marks": lambda n: HEAD + _repeat("**", n) + "x\n",
    "bullets": lambda n: HEAD + _repeat("• ", n) + "\n",
    "brackets": lambda n: HEAD + "(" * n + "x" + ")" * n + "\n",
    "one long word": lambda n: HEAD + "x" * n + "\n",
    "names with commas": lambda n: HEAD + "Present: " + _repeat("Cllr A Smith, ", n) + "\n",
    "many short lines": lambda n: HEAD + _repeat("Cllr A Smith\n", n),
    "slash cells": lambda n: HEAD + _repeat("A Jones / Chair / Westby\n", n),
    "table cells": lambda n: HEAD + _repeat("Westby Council\t£1,000\t2025-26\n", n),
    "key lines": lambda n: HEAD + _repeat("Lead Officer: " + " " * 40 + "x\n", n),
}
HTML_CASES: dict[str, Callable[[int], str]] = {
    "nested HTML lists": lambda n: "<html><body><h1>Minutes</h1>" + "<ul><li>x" * (n // 9) + "</li></ul>" * (n // 9)
                                   + "</body></html>",
    "nested HTML tables": lambda n: "<html><body>" + "<table><tr><td>x" * (n // 16) + "</td></tr></table>" * (n // 16)
                                    + "</body></html>",
}


def _seconds(path: Path) -> float:
    """CPU seconds of this process to load and extract ``path``: the work done, not the wall time,
    which other processes on a shared machine (the Neo4j server beside the tests) can double. The
    garbage collector is paused while it is timed: in the whole suite's process its passes over
    the earlier tests' objects cost more than the paper's own work and made the ratio noise."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        extract(load(path))
        return time.process_time() - start
    finally:
        gc.enable()


def _ratio(tmp_path: Path, make: Callable[[int], str], suffix: str, size: int) -> tuple[float, float, float]:
    small, large = tmp_path / f"small{suffix}", tmp_path / f"large{suffix}"
    small.write_text(make(size), encoding="utf-8")
    large.write_text(make(4 * size), encoding="utf-8")
    t1 = min(_seconds(small), _seconds(small))
    t4 = _seconds(large)
    return t4 / max(t1, 0.02), t1, t4     # below 20 ms a measurement is mostly noise


def _check(tmp_path: Path, make: Callable[[int], str], suffix: str, size: int) -> None:
    extract(load(Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "docs" / "minutes.html"))  # warm up
    ratio, t1, t4 = _ratio(tmp_path, make, suffix, size)
    if ratio > RATIO:
        ratio, t1, t4 = _ratio(tmp_path, make, suffix, size)
    assert ratio <= RATIO, f"{size} chars: {t1:.2f} s; {4 * size}: {t4:.2f} s (x{ratio:.1f})"


@pytest.mark.parametrize("case", sorted(CASES))
def test_text_grows_linearly(tmp_path: Path, case: str) -> None:
    _check(tmp_path, CASES[case], ".txt", 16_000)


@pytest.mark.parametrize("case", sorted(HTML_CASES))
def test_html_grows_linearly(tmp_path: Path, case: str) -> None:
    _check(tmp_path, HTML_CASES[case], ".html", 40_000)


@pytest.mark.ci
def test_one_megabyte_line_without_sentence_breaks(tmp_path: Path) -> None:
    _check(tmp_path, CASES["one line, no sentence break"], ".txt", 256_000)
