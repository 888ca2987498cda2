"""Document identity: a paper is its path relative to the folder ingested, a same-named paper from
another folder is another document, and papers gone from a folder can be pruned or removed.

Real papers in (minutes written here, each naming its own people), real graph out, read through
the library and the ``kg`` command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export import export_lines
from kg.ingest import ingest
from kg.store import NetworkxStore

runner = CliRunner()


def minutes(board: str, chair: str, member: str) -> str:
    return (f"Minutes of a meeting of the {board} held at the Town Hall on Tuesday, 3 March 2026.\n\n"
            f"PRESENT\n\nCllr. {chair} (in the Chair)\nCllr. {member}\tAnytown Borough Council\n")


def people(store: NetworkxStore) -> set[str]:
    return {n.name for n in store.graph().nodes.values() if n.label == "Person"}


def documents(store: NetworkxStore) -> dict[str, str]:
    """Document node id -> its name."""
    return {n.id: n.name for n in store.graph().nodes.values() if n.label == "Document"}


@pytest.fixture()
def parishes(tmp_path: Path) -> Path:
    """Two parish folders, each with its own minutes.txt, and a nested folder of older papers."""
    (tmp_path / "parish-a").mkdir()
    (tmp_path / "parish-b" / "2025").mkdir(parents=True)
    (tmp_path / "parish-a" / "minutes.txt").write_text(
        minutes("Ashby Community Safety Partnership", "Jane Roe", "Tom Pike"), encoding="utf-8")
    (tmp_path / "parish-b" / "minutes.txt").write_text(
        minutes("Barton Community Safety Partnership", "Ann Lee", "Raj Patel"), encoding="utf-8")
    (tmp_path / "parish-b" / "2025" / "minutes.txt").write_text(
        minutes("Barton Community Safety Partnership", "Ann Lee", "Olu Bello"), encoding="utf-8")
    return tmp_path


def test_a_same_named_paper_from_another_folder_is_a_new_document(parishes: Path, tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "store")
    first = ingest([parishes / "parish-a"], store)
    assert first.added == ["minutes.txt"]
    second = ingest([parishes / "parish-b"], store)
    # parish-b's own minutes.txt clashes with parish-a's: prefixed with its folder; 2025/ is unique
    assert second.added == ["2025/minutes.txt", "parish-b/minutes.txt"] and not second.updated
    assert {"Jane Roe", "Tom Pike", "Ann Lee", "Raj Patel", "Olu Bello"} <= people(store)
    assert documents(store) == {"doc:minutes.txt": "minutes.txt", "doc:parish-b/minutes.txt": "minutes.txt",
                                "doc:2025/minutes.txt": "minutes.txt"}
    # a later run over both folders finds the same documents, unchanged
    again = ingest([parishes / "parish-a", parishes / "parish-b"], store)
    assert sorted(again.unchanged) == ["2025/minutes.txt", "minutes.txt", "parish-b/minutes.txt"]
    assert not again.added and not again.committed
    # every fact cites its own paper
    tom = next(n for n in store.graph().nodes.values() if n.name == "Tom Pike")
    assert tom.props["sources"] == ["minutes.txt"]
    raj = next(n for n in store.graph().nodes.values() if n.name == "Raj Patel")
    assert raj.props["sources"] == ["parish-b/minutes.txt"]
    assert all(c.startswith("parish-b/minutes.txt:") for c in raj.props["citations"])


def test_nested_paths_and_files_given_directly(parishes: Path, tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "store")
    report = ingest([parishes / "parish-b"], store)
    assert report.added == ["2025/minutes.txt", "minutes.txt"]
    other = NetworkxStore(tmp_path / "other")
    report = ingest([parishes / "parish-b" / "2025" / "minutes.txt"], other)
    assert report.added == ["minutes.txt"]      # a file given directly keeps its name
    # the whole store exports valid JSON Lines whose Document ids are the paths
    rows = [json.loads(line) for line in export_lines(store.graph())]
    doc_ids = sorted(r["id"] for r in rows if r["type"] == "node" and r["labels"] == ["Document"])
    assert doc_ids == ["doc:2025/minutes.txt", "doc:minutes.txt"]


def test_one_run_over_two_folders_keeps_both_papers(parishes: Path, tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "store")
    report = ingest([parishes / "parish-a", parishes / "parish-b"], store)
    assert report.added == ["minutes.txt", "2025/minutes.txt", "parish-b/minutes.txt"] and report.ok
    assert {"Tom Pike", "Raj Patel", "Olu Bello"} <= people(store)


def test_prune_removes_papers_gone_from_the_folder_and_their_facts(parishes: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    for folder in ("parish-a", "parish-b"):
        res = runner.invoke(app, ["ingest", str(parishes / folder), "--store", str(store), "-q"])
        assert res.exit_code == 0, res.output
    (parishes / "parish-b" / "2025" / "minutes.txt").unlink()
    # without --prune the paper stays
    res = runner.invoke(app, ["ingest", str(parishes / "parish-b"), "--store", str(store), "-q"])
    assert "0 removed" in res.output and "Olu Bello" in people(NetworkxStore(store))
    res = runner.invoke(app, ["ingest", str(parishes / "parish-b"), "--store", str(store), "-q", "--prune"])
    assert res.exit_code == 0, res.output
    assert "2 unchanged, 1 removed" not in res.output   # parish-a's paper is not in this folder
    assert "1 unchanged, 1 removed" in res.output and "removed: 2025/minutes.txt" in res.output
    st = NetworkxStore(store)
    assert "Olu Bello" not in people(st)
    assert {"Tom Pike", "Raj Patel", "Ann Lee"} <= people(st)      # parish-a untouched
    assert set(documents(st)) == {"doc:minutes.txt", "doc:parish-b/minutes.txt"}


def test_kg_remove_one_document(parishes: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    res = runner.invoke(app, ["ingest", str(parishes / "parish-a"), str(parishes / "parish-b"),
                              "--store", str(store), "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["remove", "parish-b/minutes.txt", "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert "1 removed" in res.output and "removed: parish-b/minutes.txt" in res.output
    st = NetworkxStore(store)
    assert "Raj Patel" not in people(st) and "Olu Bello" in people(st)
    # by its file's path too; an unknown document is one line and exit 1, the store unchanged
    res = runner.invoke(app, ["remove", str(parishes / "parish-b" / "2025" / "minutes.txt"), "--store", str(store)])
    assert res.exit_code == 0 and "removed: 2025/minutes.txt" in res.output
    before = export_lines(NetworkxStore(store).graph())
    res = runner.invoke(app, ["remove", "nothing.txt", "--store", str(store)])
    assert res.exit_code == 1 and "kg: nothing.txt: no such document in the store" in res.output
    assert export_lines(NetworkxStore(store).graph()) == before


@pytest.mark.parametrize("jobs", [1, 2])
def test_content_that_moves_to_another_file_in_one_run(tmp_path: Path, jobs: int) -> None:
    """a.txt's old text now lives in b.txt and a.txt has new text: a.txt is updated and b.txt is
    added (its bytes were a stored document's when the run began, but not when it is decided)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    first = minutes("Ashby Community Safety Partnership", "Jane Roe", "Tom Pike")
    (docs / "a.txt").write_text(first, encoding="utf-8")
    store = NetworkxStore(tmp_path / "store")
    ingest([docs], store, jobs=jobs)
    (docs / "a.txt").write_text(minutes("Barton Community Safety Partnership", "Ann Lee", "Raj Patel"),
                                encoding="utf-8")
    (docs / "b.txt").write_text(first, encoding="utf-8")
    report = ingest([docs], store, jobs=jobs)
    assert (report.updated, report.added, report.duplicates, report.failures) == (["a.txt"], ["b.txt"], [], [])
    tom = next(n for n in store.graph().nodes.values() if n.name == "Tom Pike")
    assert tom.props["sources"] == ["b.txt"]
