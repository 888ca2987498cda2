"""The loader contract across formats: the same paper as TXT, DOCX, HTML and PDF gives the same facts.

Two sample papers with real tables are rendered with real generators (python-docx, a council-page
HTML template, reportlab: see ``paper_render.py``) and ingested once; the relationships read from
each format are compared with those read from the corpus text (F1 >= 0.97, the issue's target).
"""

from __future__ import annotations

import pytest
from format_helpers import SMALL_PAPERS, TABLE_PAPERS, extracted, f1, fact_keys

TARGET = 0.97


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
@pytest.mark.parametrize("stem", TABLE_PAPERS)
def test_same_facts_as_the_text_version(stem: str, fmt: str) -> None:
    reference = fact_keys(extracted(stem, "txt"))
    found = fact_keys(extracted(stem, fmt))
    assert len(reference) > 100       # a paper with many facts, tables among them
    # the tables carry money: the FUNDS of the text version come back from this format
    funds = {k for k in reference if k[0] == "FUNDS"}
    assert len(funds) >= 9
    score = f1(reference, found)
    missing = sorted(reference - found, key=str)[:5]
    extra = sorted(found - reference, key=str)[:5]
    assert score >= TARGET, f"{fmt} F1 {score:.3f}; missing {missing}; extra {extra}"
    assert len(funds & found) >= 0.97 * len(funds)



@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
@pytest.mark.parametrize("stem", SMALL_PAPERS)
def test_the_other_sample_papers_too(stem: str, fmt: str) -> None:
    """The three other sample papers, whose lists of priorities and duties are what a format can
    break (items typed with "- " in paragraphs of their own in DOCX and HTML are one list; a
    sentence that ends in a word set partly in bold, "(**Figure 2**). Performance is ...", in
    a PDF)."""
    reference = fact_keys(extracted(stem, "txt"))
    assert len(reference) >= 10
    assert f1(reference, fact_keys(extracted(stem, fmt))) >= TARGET
