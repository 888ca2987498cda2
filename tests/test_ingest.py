"""The ingest pipeline end to end: real documents in, a real graph out, re-ingest semantics."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.export import export_lines
from kg.ingest import ingest
from kg.store import NetworkxStore

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"

MINUTES = """Minutes of a meeting of the Anytown Community Safety Partnership held at the Town Hall
on Tuesday, 3 March 2026.

PRESENT

Cllr. Jane Roe (in the Chair)
Cllr. Tom Pike\tAnytown Borough Council

Apologies for absence

Sam Hill\tAnytown Police
"""


@pytest.fixture
def corpus_store(corpus_store_dir: Path) -> NetworkxStore:
    """The session's corpus store (read only)."""
    return NetworkxStore(corpus_store_dir)


def test_corpus_ingests_every_document_into_one_graph(corpus_store: NetworkxStore) -> None:
    g = corpus_store.graph()
    labels, types = g.counts()
    assert labels["Document"] == len(list(CORPUS.glob("*.txt")))
    assert labels.get("Person", 0) > 20 and labels.get("Board", 0) > 5
    assert types.get("MENTIONED_IN", 0) > 50
    # every node that is not a Document is seen in at least one document, and cites it
    for n in g.nodes.values():
        if n.label != "Document":
            assert n.props["sources"] and len(n.props["citations"]) == len(n.props["evidence"])


def test_reingesting_unchanged_documents_changes_nothing(corpus_store_copy: Path) -> None:
    corpus_store = NetworkxStore(corpus_store_copy)
    before = export_lines(corpus_store.graph())
    report = ingest([CORPUS], corpus_store)
    assert not report.committed and not report.added and not report.updated
    assert len(report.unchanged) == len(list(CORPUS.glob("*.txt")))
    assert export_lines(NetworkxStore(corpus_store.path).graph()) == before


def test_changed_document_replaces_its_facts_and_unsupported_nodes_go(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    store = NetworkxStore(tmp_path / "store")
    ingest([docs], store)
    names = {n.name for n in store.graph().nodes.values() if n.label == "Person"}
    assert "Sam Hill" in names
    (docs / "minutes.txt").write_text(MINUTES.replace("Sam Hill\tAnytown Police\n", ""), encoding="utf-8")
    report = ingest([docs], store)
    assert report.updated == ["minutes.txt"]
    g = NetworkxStore(tmp_path / "store").graph()
    assert "Sam Hill" not in {n.name for n in g.nodes.values()}
    assert all("Sam Hill" not in e for r in g.rels.values() for e in r.props.get("evidence", []))


def test_same_document_under_two_names_is_ingested_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(MINUTES, encoding="utf-8")
    (docs / "b.txt").write_text(MINUTES, encoding="utf-8")
    report = ingest([docs], NetworkxStore(tmp_path / "store"))
    assert report.added == ["a.txt"] and report.duplicates == [(str(docs / "b.txt"), "a.txt")]
    assert report.ok


def test_a_bad_file_fails_alone_and_the_store_keeps_what_it_had(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / "000_0b54970cb6e1f35d.txt", docs)
    store = NetworkxStore(tmp_path / "store")
    ingest([docs], store)
    before = export_lines(store.graph())
    (docs / "empty.txt").write_text("")
    report = ingest([docs], store)
    assert [Path(f.path).name for f in report.failures] == ["empty.txt"]
    assert "empty" in report.failures[0].reason
    assert export_lines(NetworkxStore(tmp_path / "store").graph()) == before


def test_merge_decisions_apply_on_the_next_ingest_without_changed_documents(tmp_path: Path) -> None:
    from kg.resolve import Decisions

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    store = NetworkxStore(tmp_path / "store")
    ingest([docs], store)
    people = {n.name for n in store.graph().nodes.values() if n.label == "Person"}
    assert {"Tom Pike", "Jane Roe"} <= people
    decisions = tmp_path / "decisions.yaml"
    decisions.write_text("merge:\n  - [Person, Jane Roe, Tom Pike]\n", encoding="utf-8")
    report = ingest([docs], store, Decisions.load(decisions))
    assert report.committed and report.unchanged == ["minutes.txt"]
    g = NetworkxStore(tmp_path / "store").graph()
    merged = [n for n in g.nodes.values() if n.label == "Person" and n.name in ("Jane Roe", "Tom Pike")]
    assert len(merged) == 1 and any("decision" in r for r in merged[0].props["resolution"])
    # the same decisions again: nothing to do
    assert not ingest([docs], store, Decisions.load(decisions)).committed
