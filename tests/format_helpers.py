"""Corpus papers rendered in each format, loaded and extracted once per test session.

>>> sorted(FORMATS)
['docx', 'html', 'pdf', 'txt']
"""

from __future__ import annotations

from functools import cache

from paper_render import rendered

from kg.extract import extract
from kg.loaders import Document, load
from kg.model import Extraction

FORMATS = ("txt", "docx", "html", "pdf")
#: sample papers with real tables: a panel pack (allocation, grant and S106 tables) and a board
#: pack (CSP allocations, action log, performance tables, struck-through membership lines)
TABLE_PAPERS = ("004_b24730b53cda192b", "001_6c4d9bdf2bb078e0")
#: the three other sample papers: lists of priorities and duties, a two-page paper, a strategy
SMALL_PAPERS = ("000_0b54970cb6e1f35d", "002_e46f3412fd6c67dd", "003_17a03087425552dd")


@cache
def loaded(stem: str, fmt: str) -> Document:
    return load(rendered(stem, fmt))


@cache
def extracted(stem: str, fmt: str) -> Extraction:
    return extract(loaded(stem, fmt))


def fact_keys(ex: Extraction) -> set[tuple[object, ...]]:
    """A relationship as the graph keys it: type, both ends (label and name), and the amount."""
    return {(f.type, f.start.label, f.start.name, f.end.label, f.end.name, f.props.get("amount"))
            for f in ex.facts}


def f1(reference: set[tuple[object, ...]], found: set[tuple[object, ...]]) -> float:
    """F1 of ``found`` against ``reference``.

    >>> f1({1, 2, 3, 4}, {1, 2, 3, 5})
    0.75
    """
    if not reference and not found:
        return 1.0
    hit = len(reference & found)
    if not hit:
        return 0.0
    precision, recall = hit / len(found), hit / len(reference)
    return 2 * precision * recall / (precision + recall)
