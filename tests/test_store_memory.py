"""The embedded store: atomic commits, a writer lock, a clear error for a broken store."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from kg.model import Cite, DocInfo, Extraction, Graph, Mention, NodeRec, RelRec
from kg.store import NetworkxStore, StoreError, memory, open_store
from kg.store.memory import from_networkx, to_networkx


def _graph() -> Graph:
    g = Graph()
    g.add_node(NodeRec("board:a", "Board", {"id": "board:a", "name": "A Board", "aliases": ["AB"]}))
    g.add_node(NodeRec("org:b", "Organisation", {"id": "org:b", "name": "B Council"}))
    g.add_rel(RelRec("supports:1", "SUPPORTS", "org:b", "board:a", {"id": "supports:1", "sources": ["d.txt"]}))
    return g


def _ex(doc: str = "d.txt") -> Extraction:
    return Extraction(DocInfo(doc, "sha"), [Mention("Board", "A Board", Cite(doc, 1, "A Board"))])


def test_commit_round_trips_graph_and_extractions(tmp_path: Path) -> None:
    s = NetworkxStore(tmp_path / "s")
    s.commit({"d.txt": _ex()}, _graph(), [{"label": "Board", "name": "A Board", "merged": []}])
    s2 = NetworkxStore(tmp_path / "s")
    g = s2.graph()
    assert g.nodes["board:a"].props["aliases"] == ["AB"]
    assert g.rels["supports:1"].start == "org:b"
    assert s2.document_hashes() == {"d.txt": "sha"}
    assert s2.extractions()["d.txt"].mentions[0].cite.text == "A Board"
    assert s2.ledger()[0]["name"] == "A Board"


def test_networkx_conversion_is_lossless() -> None:
    g = _graph()
    nxg = to_networkx(g)
    assert nxg.number_of_nodes() == 2 and nxg.number_of_edges() == 1
    back = from_networkx(nxg)
    assert back.nodes.keys() == g.nodes.keys() and back.rels.keys() == g.rels.keys()


def test_a_failed_first_write_leaves_no_store_and_no_temporary_file(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("kg.store.memory.os.replace", boom)
    # the disk's refusal is the store's one-line error, exit code 1 (kg.cli)
    with pytest.raises(StoreError, match="cannot write store [(]disk full[)]") as err:
        NetworkxStore(tmp_path / "s").commit({"d.txt": _ex()}, _graph())
    assert err.value.code == 1
    assert not (tmp_path / "s" / "graph.sqlite").exists()
    assert not list((tmp_path / "s").glob(".graph-*.tmp")), "temporary file left behind"


def test_a_failed_write_leaves_the_previous_store_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = NetworkxStore(tmp_path / "s")
    s.commit({"d.txt": _ex()}, _graph())
    before = (tmp_path / "s" / "graph.sqlite").read_bytes()
    real_write = memory._write_graph

    def half_then_boom(con: sqlite3.Connection, *args: Any) -> None:
        real_write(con, *args)            # every row written inside the transaction ...
        raise OSError("disk full")        # ... and then the disk fills before the commit

    monkeypatch.setattr("kg.store.memory._write_graph", half_then_boom)
    with pytest.raises(StoreError, match="cannot write store"):
        NetworkxStore(tmp_path / "s").commit({}, Graph())
    assert (tmp_path / "s" / "graph.sqlite").read_bytes() == before
    assert NetworkxStore(tmp_path / "s").graph().nodes.keys() == _graph().nodes.keys()
    assert NetworkxStore(tmp_path / "s").document_hashes() == {"d.txt": "sha"}


def test_corrupt_store_file_is_a_one_line_store_error(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "graph.json").write_text("{not json")
    with pytest.raises(StoreError, match="cannot read store"):
        NetworkxStore(tmp_path / "s").graph()
    (tmp_path / "s" / "graph.json").write_text(json.dumps({"format": 99}))
    with pytest.raises(StoreError, match="not a kg store"):
        NetworkxStore(tmp_path / "s").graph()
    (tmp_path / "s" / "graph.sqlite").write_bytes(b"not a database, just some bytes" * 100)
    with pytest.raises(StoreError, match="cannot read store") as err:
        NetworkxStore(tmp_path / "s").graph()
    assert "\n" not in str(err.value)
    (tmp_path / "s" / "graph.sqlite").unlink()
    con = sqlite3.connect(tmp_path / "s" / "graph.sqlite")
    con.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('format', '7')")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not a kg store of format 2"):
        NetworkxStore(tmp_path / "s").graph()


def test_a_format_1_store_is_read_then_moved_into_sqlite_by_the_next_write(tmp_path: Path) -> None:
    """A store written by an earlier kg (one graph.json) still opens; its documents survive the move."""
    (tmp_path / "s").mkdir()
    ex = _ex("old.txt")
    legacy = {"format": 1, "extractions": {"old.txt": ex.to_json()},
              "nodes": [{"id": n.id, "label": n.label, "props": n.props} for n in _graph().nodes.values()],
              "rels": [{"id": r.id, "type": r.type, "start": r.start, "end": r.end, "props": r.props}
                       for r in _graph().rels.values()], "ledger": []}
    (tmp_path / "s" / "graph.json").write_text(json.dumps(legacy), encoding="utf-8")
    s = NetworkxStore(tmp_path / "s")
    assert s.graph().nodes.keys() == _graph().nodes.keys()
    assert s.document_hashes() == {"old.txt": "sha"}
    with s.locked():
        s.apply({"d.txt": _ex()}, set(), _graph(), [])
    assert not (tmp_path / "s" / "graph.json").exists()
    s2 = NetworkxStore(tmp_path / "s")
    assert s2.extractions() == {"old.txt": ex, "d.txt": _ex()}


def test_apply_writes_only_the_rows_that_changed(tmp_path: Path) -> None:
    s = NetworkxStore(tmp_path / "s")
    s.commit({"d.txt": _ex()}, _graph())
    # a log of every row written, kept by triggers inside the store file
    con = sqlite3.connect(tmp_path / "s" / "graph.sqlite")
    con.execute("CREATE TABLE writes(tab TEXT, id TEXT)")
    for tab in ("documents", "nodes", "rels"):
        for event, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
            con.execute(f"CREATE TRIGGER log_{tab}_{event} AFTER {event} ON {tab} "
                        f"BEGIN INSERT INTO writes VALUES ('{tab}', {row}.id); END")
    con.commit()
    con.close()
    g = _graph()
    g.nodes["org:b"].props["aliases"] = ["BC"]
    g.add_node(NodeRec("org:c", "Organisation", {"id": "org:c", "name": "C Trust"}))
    del g.nodes["board:a"]
    s.apply({"e.txt": _ex("e.txt")}, {"d.txt"}, g, [])
    con = sqlite3.connect(tmp_path / "s" / "graph.sqlite")
    written = sorted(set(con.execute("SELECT tab, id FROM writes")))
    con.close()
    assert written == [("documents", "d.txt"), ("documents", "e.txt"),
                       ("nodes", "board:a"), ("nodes", "org:b"), ("nodes", "org:c")]   # no rel row
    s2 = NetworkxStore(tmp_path / "s")
    assert s2.graph().nodes["org:b"].props["aliases"] == ["BC"]
    assert s2.graph().rels.keys() == {"supports:1"} and s2.document_hashes() == {"e.txt": "sha"}


def test_reading_the_graph_parses_no_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = NetworkxStore(tmp_path / "s")
    s.commit({"d.txt": _ex()}, _graph())

    def no(*a: object, **k: object) -> None:
        raise AssertionError("extraction data parsed by a reader")

    monkeypatch.setattr("kg.model.Extraction.from_json", no)
    g = NetworkxStore(tmp_path / "s").graph()
    assert g.nodes.keys() == _graph().nodes.keys()
    con = sqlite3.connect(tmp_path / "s" / "graph.sqlite")
    # and the graph tables hold no extraction: the documents table alone does
    assert "mentions" not in "".join(p for (p,) in con.execute("SELECT props FROM nodes"))
    con.close()


def test_unknown_backend_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown backend"):
        open_store("sqlite", tmp_path)


def _hold_lock(path: str, ready: multiprocessing.synchronize.Event, release: float) -> None:
    s = NetworkxStore(path)
    with s.locked():
        ready.set()
        time.sleep(release)


def test_second_writer_waits_for_the_lock_then_fails_clearly(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    p = ctx.Process(target=_hold_lock, args=(str(tmp_path / "s"), ready, 3.0))
    p.start()
    try:
        assert ready.wait(10)
        with pytest.raises(StoreError, match="locked by another kg process"):
            with NetworkxStore(tmp_path / "s", lock_timeout=0.5).locked():
                pass
        # a writer that is willing to wait gets the lock once the first one lets go of it
        t0 = time.monotonic()
        with NetworkxStore(tmp_path / "s", lock_timeout=30).locked():
            waited = time.monotonic() - t0
        assert waited > 0.5
    finally:
        p.join(10)


def test_a_writer_clears_temporary_files_left_by_a_killed_writer(tmp_path: Path) -> None:
    s = NetworkxStore(tmp_path / "s")
    s.commit({"d.txt": _ex()}, _graph())
    leftover = tmp_path / "s" / ".graph-abc123.tmp"
    leftover.write_text('{"half": ')
    with NetworkxStore(tmp_path / "s").locked():
        pass
    assert not leftover.exists()
    assert NetworkxStore(tmp_path / "s").graph().nodes.keys() == _graph().nodes.keys()


def test_read_commands_parse_no_extraction(corpus_store_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    """stats, query, show, viz and export read the graph tables only: extraction data (most of a
    store's bytes) is never parsed for them."""
    from typer.testing import CliRunner

    from kg.cli import app

    def no(*a: object, **k: object) -> None:
        raise AssertionError("extraction data parsed by a reader")

    monkeypatch.setattr("kg.model.Extraction.from_json", no)
    runner = CliRunner()
    store = ["--store", str(corpus_store_dir)]
    for args in (["stats"], ["query", "board-members", "--param", "board=LLR Police and Crime Panel"],
                 ["show", "Sajan Devshi"], ["viz", "governance", "-o", str(tmp_path / "g.html")],
                 ["export", "-o", str(tmp_path / "e.jsonl")]):
        res = runner.invoke(app, [*args, *store])
        assert res.exit_code == 0, (args, res.output)
        assert res.stdout.strip() or (tmp_path / "g.html").exists()
