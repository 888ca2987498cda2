"""Every relationship carries verbatim evidence from its source document, with the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.loaders import load

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
DOCS = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def graph_and_docs(corpus_graph):  # type: ignore[no-untyped-def]
    return corpus_graph, {p.name: load(p) for p in DOCS}


@pytest.mark.parametrize("doc_path", DOCS, ids=lambda p: p.name)
def test_every_relationship_from_a_document_quotes_it_verbatim_at_the_cited_line(graph_and_docs, doc_path):  # type: ignore[no-untyped-def]
    graph, docs = graph_and_docs
    doc = docs[doc_path.name]
    checked = 0
    for rel in graph.rels.values():
        p = rel.props
        assert len(p["evidence"]) == len(p["citations"]) >= 1, rel
        for quote, cite in zip(p["evidence"], p["citations"], strict=True):
            cited_doc, line = cite.rsplit(":", 1)[0].split(":p")[0], int(cite.rsplit(":", 1)[1])
            if cited_doc != doc.id:
                continue
            assert quote and quote in doc.text, (rel.type, quote)
            # the quote starts on the cited line
            first = quote.split("\n", 1)[0]
            assert first in doc.line_text(line), (rel.type, cite, first)
            checked += 1
    assert checked > 0
