"""Extraction speed: kg's whole extraction vs spaCy's bare tokenizer over the same text.

    .venv/bin/python bench/bench_extract.py [--repeat N] [--scale K]

Prints characters per second for (a) kg.extract.extract over every sample document (structure
parse and every rule) and (b) spacy.blank("en").tokenizer over the same texts, their ratio
(target a/b >= 0.35), and the time for the corpus scaled K times (default 10) against 1x
(target <= 1.1 x K: linear in corpus size). Not a test: figures only.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import spacy

from kg.extract import extract
from kg.loaders import load
from kg.loaders.base import Document

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scale", type=int, default=10)
    a = ap.parse_args()
    docs = [load(p) for p in sorted(CORPUS.glob("*.txt"))]
    chars = sum(len(d.text) for d in docs)
    tokenizer = spacy.blank("en").tokenizer
    for d in docs:  # warm-up: compiled patterns, lazy imports
        extract(d)
        tokenizer(d.text)

    t_kg = _time(lambda: [extract(d) for d in docs], a.repeat)
    t_tok = _time(lambda: [tokenizer(d.text) for d in docs], a.repeat)
    print(f"corpus: {len(docs)} documents, {chars:,} characters")
    print(f"(a) kg extraction      {chars / t_kg:14,.0f} chars/s  ({t_kg * 1000:.0f} ms)")
    print(f"(b) spaCy tokenizer    {chars / t_tok:14,.0f} chars/s  ({t_tok * 1000:.0f} ms)")
    print(f"ratio a/b              {t_tok / t_kg:14.2f}   (target >= 0.35)")

    # Linearity: one document K times the corpus, made of the corpus texts one after another.
    big_text = "\n".join(d.text for d in docs)
    one = Document.from_text("one.txt", big_text)
    many = Document.from_text("many.txt", "\n".join([big_text] * a.scale))
    t1 = _time(lambda: extract(one), max(1, a.repeat // 2))
    tk = _time(lambda: extract(many), 1)
    print(f"1x corpus as one doc   {t1:14.2f} s")
    print(f"{a.scale}x corpus as one doc  {tk:14.2f} s   ratio {tk / t1:.2f} (target <= {1.1 * a.scale:.1f})")


if __name__ == "__main__":
    main()
