"""A project one paper names with a cue is found again where another paper writes its name bare
(kg.extract.linking, run by ingest over made-up papers)."""

from __future__ import annotations

from pathlib import Path

from kg.ingest import ingest
from kg.store import NetworkxStore

REPORT = """Youth Diversion Report

1. The Council runs a schools programme called Safe Choices for pupils aged 11 to 16.
"""
MINUTES = """Minutes of the Westmoor Community Safety Partnership

1. Members heard that sessions on Safe-choices and first aid had reached 400 pupils.
2. The Safe Choices Board will meet again in May.
3. Pupils said they make safe choices online.
"""


def _ingest(tmp_path: Path, files: dict[str, str], store: NetworkxStore) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = ingest([tmp_path / n for n in files], store)
    assert report.ok, report.failures


def _project(store: NetworkxStore, name: str) -> dict:
    graph = store.graph()
    return next(n.props for n in graph.nodes.values() if n.label == "Project" and n.name == name)


def test_a_project_named_with_a_cue_is_found_where_another_paper_names_it_bare(tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "store")
    _ingest(tmp_path, {"minutes.txt": MINUTES, "report.txt": REPORT}, store)
    node = _project(store, "Safe Choices")
    # the minutes come first in the run, and are linked all the same
    assert set(node["sources"]) == {"report.txt", "minutes.txt"}
    assert "minutes.txt:3" in node["citations"]
    assert "Safe-choices" in node.get("aliases", [])
    # a longer capitalised name ("Safe Choices Board") and the words in lower case are not the project
    assert "minutes.txt:4" not in node["citations"]
    assert "minutes.txt:5" not in node["citations"]


def test_a_paper_alone_gets_no_link(tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "store")
    _ingest(tmp_path, {"minutes.txt": MINUTES}, store)
    graph = store.graph()
    assert not [n for n in graph.nodes.values() if n.label == "Project" and n.name == "Safe Choices"]


def test_a_later_paper_is_linked_to_a_project_already_stored(tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "store")
    _ingest(tmp_path, {"report.txt": REPORT}, store)
    _ingest(tmp_path, {"minutes.txt": MINUTES}, store)
    assert set(_project(store, "Safe Choices")["sources"]) == {"report.txt", "minutes.txt"}


def test_a_link_goes_when_the_paper_that_named_the_project_changes(tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "store")
    _ingest(tmp_path, {"minutes.txt": MINUTES, "report.txt": REPORT}, store)
    _ingest(tmp_path, {"report.txt": "Youth Diversion Report\n\n1. Nothing to report.\n"}, store)
    graph = store.graph()
    assert not [n for n in graph.nodes.values() if n.label == "Project" and n.name == "Safe Choices"]
