"""Rows kept ready (kg/store/ready_rows.py): the board queries of the busiest boards, made when the
store is written and printed as they are by the quick path of `kg query`. The sample corpus has no
board as busy as ``queries/ready.yaml`` asks, so every test keeps every board ready (threshold 0)
and checks the rows against those the query's twin makes from the graph now, after the first
write and after incremental ones; and that rows a write by another program left stale are not
read. (Times: bench/startup.py, docs/benchmarks.md.)"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
from query_helpers import quick_query as _quick
from query_helpers import usual_query as _usual

from kg.cli_quick import _READY_WIDTH, query_plan
from kg.queries import relationship_types
from kg.queries.nx_impl import IMPLEMENTATIONS, matches
from kg.store import open_store
from kg.store.read_index import INDEX_FORMAT, SEAL_KEY, IndexedGraph, change_counter, open_sealed, write_index
from kg.store.ready_rows import BOARD_LABELS, META_KEY, TABLE_WIDTH, read_ready, ready_config
from kg.table import format_table

KG = str(Path(sys.executable).parent / "kg")
QUERIES = ready_config()["queries"]




def _boards(con: sqlite3.Connection) -> list[str]:
    """Every board or body its own id names alone (those a board query can keep ready)."""
    g = IndexedGraph(con, (), lambda d: d)
    ids = [nid for (nid,) in con.execute("SELECT id FROM nodes WHERE label IN ('Board', 'Organisation') ORDER BY id")]
    return [nid for nid in ids if matches(g, nid, BOARD_LABELS) == [nid]]   # type: ignore[arg-type]


def _computed(con: sqlite3.Connection, name: str, board: str) -> list[dict[str, object]]:
    """The rows the quick path computes without rows kept ready: the twin on the query's own part."""
    plan = query_plan()
    from kg.amounts import checked

    money, most = tuple(plan["amounts"]["properties"]), float(plan["amounts"]["max_pounds"])
    g = IndexedGraph(con, relationship_types(name), lambda d: checked(d, money, most))
    return IMPLEMENTATIONS[name](g, {"board": board})   # type: ignore[arg-type]


def _check_all_ready(store: Path) -> int:
    """Every board kept ready, each query's ready rows those the twin makes from the graph now
    (the JSON and the table); returns the rows seen."""
    con = open_sealed(store / "graph.sqlite")
    seen = 0
    try:
        boards = _boards(con)
        kept = sorted({nid for (nid,) in con.execute("SELECT node FROM ready_rows")})
        assert kept == boards
        for board in boards:
            for name in QUERIES:
                found = read_ready(con, name, board)
                assert found is not None, (name, board)
                rows = _computed(con, name, board)
                assert found == (len(rows), json.dumps(rows, ensure_ascii=False, separators=(",", ":")),
                                 format_table(rows, max_width=TABLE_WIDTH)), (name, board)
                seen += len(rows)
    finally:
        con.close()
    return seen


def _busiest(store: Path) -> str:
    con = sqlite3.connect(store / "graph.sqlite")
    nid, = con.execute("""SELECT "end" FROM rels JOIN nodes ON nodes.id = rels."end" AND nodes.label = 'Board'
                          WHERE type = 'MEMBER_OF' GROUP BY "end" ORDER BY COUNT(*) DESC, "end" LIMIT 1""").fetchone()
    con.close()
    return str(nid)


def test_the_printed_table_is_kept_at_the_default_width() -> None:
    assert _READY_WIDTH == TABLE_WIDTH == 60
    assert set(QUERIES) <= set(IMPLEMENTATIONS) and ready_config()["min_lines"] > 0


def test_every_board_kept_ready_gives_the_graphs_rows_and_the_commands_bytes(corpus_store_copy: Path) -> None:
    """Threshold 0: every board and body of the sample corpus kept ready; each query's rows those
    of the graph; the busiest board's output, as a table, as JSON and at another width, the bytes
    the command gives through typer, on the quick path."""
    st_ = open_store("networkx", corpus_store_copy)
    st_.index(ready_min_lines=0)
    st_.close()
    assert _check_all_ready(corpus_store_copy) > 300
    board = _busiest(corpus_store_copy)
    for name in QUERIES:
        for extra in ([], ["--json"], ["--max-width", "0"], ["--max-width", "20"]):
            args = [name, "-p", f"board={board}", "--store", corpus_store_copy, *extra]
            proc, quick = _quick(*args)
            assert quick, args
            assert (proc.stdout, proc.stderr, proc.returncode) == _usual(*args), args
            assert proc.returncode == 0 and "(no rows)" not in proc.stdout


def test_the_quick_path_prints_the_rows_kept_ready(corpus_store_copy: Path) -> None:
    """A mark planted in a board's ready table (and the seals moved on, as a write by kg would) is
    what the quick path prints: it reads them. Planted without moving the seals, it is not."""
    st_ = open_store("networkx", corpus_store_copy)
    st_.index(ready_min_lines=0)
    st_.close()
    board, db = _busiest(corpus_store_copy), corpus_store_copy / "graph.sqlite"
    args = ["board-members", "-p", f"board={board}", "--store", corpus_store_copy]
    before, _ = _quick(*args)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    counter = change_counter(db)
    assert counter is not None
    con.execute("UPDATE ready_rows SET table_text = 'PLANTED MARK' WHERE query = 'board-members' AND node = ?",
                (board,))
    meta = json.loads(con.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()[0])
    con.execute("UPDATE meta SET value = ? WHERE key = ?", (json.dumps({**meta, "counter": counter + 1}), META_KEY))
    con.execute("UPDATE meta SET value = ? WHERE key = ?", (f"{INDEX_FORMAT} {counter + 1}", SEAL_KEY))
    con.execute("COMMIT")
    planted, quick = _quick(*args)
    assert quick and planted.stdout == "PLANTED MARK\n" and planted.stderr == before.stderr
    # the same mark planted by a program that leaves the seals: the store is read the usual way
    con.execute("UPDATE ready_rows SET table_text = 'ANOTHER MARK' WHERE node = ?", (board,))
    con.close()
    again, quick = _quick(*args)
    assert not quick and (again.stdout, again.stderr) == (before.stdout, before.stderr)


def test_incremental_writes_keep_every_ready_row_that_of_the_graph(corpus_store_copy: Path) -> None:
    """A paper removed, then stored again: each write makes again only the boards whose nodes read
    it changed (and the boards it makes), and every ready row is the graph's after each."""
    st_ = open_store("networkx", corpus_store_copy)
    st_.index(ready_min_lines=0)
    assert st_.last_ready["full"] == 1
    total = st_.last_ready["boards"]
    papers = st_.extractions()
    # the paper naming the most boards' members: its removal changes many boards, not all
    first = max(sorted(papers), key=lambda k: len(papers[k].facts))
    with st_.locked():
        assert st_.update({}, {first})
    assert st_.last_ready["full"] == 0 and 0 < st_.last_ready["boards"] < total
    _check_all_ready(corpus_store_copy)
    with st_.locked():
        assert st_.update({first: papers[first]}, set())
    assert st_.last_ready["full"] == 0 and 0 < st_.last_ready["boards"]
    _check_all_ready(corpus_store_copy)
    st_.close()


def test_a_write_that_changes_only_a_member_or_a_meeting_makes_its_boards_again(corpus_store_copy: Path) -> None:
    """Writes through the store's transaction (the path of every kg write) that change no line of
    a board: a member renamed, then a person's attendance added to a meeting. Each board that
    reads them is made again, and only those."""
    st_ = open_store("networkx", corpus_store_copy)
    st_.index(ready_min_lines=0)
    total = st_.last_ready["boards"]
    board = _busiest(corpus_store_copy)
    con = sqlite3.connect(corpus_store_copy / "graph.sqlite")
    member, = con.execute("SELECT start FROM rels WHERE type = 'MEMBER_OF' AND \"end\" = ? ORDER BY start LIMIT 1",
                          (board,)).fetchone()
    meeting, person = con.execute("""SELECT m.start, p.id FROM rels m, nodes p WHERE m.type = 'MEETING_OF'
                                     AND p.label = 'Person' AND NOT EXISTS (SELECT 1 FROM rels a
                                     WHERE a.start = p.id AND a."end" = m.start) ORDER BY m.start, p.id""").fetchone()
    con.close()
    writes = [("UPDATE nodes SET props = json_set(props, '$.name', 'Zed Renamed Member') WHERE id = ?", (member,)),
              ("INSERT INTO rels VALUES ('rel:test-attended', 'ATTENDED', ?, ?, '{\"citations\":[\"x.pdf:1\"]}')",
               (person, meeting))]
    for sql, values in writes:
        with st_.locked():
            st_._transaction(lambda con, sql=sql, values=values: con.execute(sql, values))
        assert st_.last_ready["full"] == 0 and 0 < st_.last_ready["boards"] < total
        _check_all_ready(corpus_store_copy)
    st_.close()
    args = ["board-meetings", "-p", f"board={_board_of(corpus_store_copy, meeting)}", "--store", corpus_store_copy]
    proc, quick = _quick(*args, "--max-width", "0")
    assert quick and (proc.stdout, proc.stderr, proc.returncode) == _usual(*args, "--max-width", "0")
    assert "x.pdf:1" in proc.stdout


def _board_of(store: Path, meeting: str) -> str:
    con = sqlite3.connect(store / "graph.sqlite")
    board, = con.execute("SELECT \"end\" FROM rels WHERE type = 'MEETING_OF' AND start = ?", (meeting,)).fetchone()
    con.close()
    return str(board)


def test_rows_another_writer_left_stale_are_not_read(corpus_store_copy: Path) -> None:
    """A kg without rows kept ready renames a member and seals its read index (its write ends at a
    new counter; the ready rows still name the old counter): the quick path computes the rows,
    with the new name; this kg's next write makes every ready row again."""
    st_ = open_store("networkx", corpus_store_copy)
    st_.index(ready_min_lines=0)
    board, db = _busiest(corpus_store_copy), corpus_store_copy / "graph.sqlite"
    con = sqlite3.connect(db, isolation_level=None)
    member, = con.execute("SELECT start FROM rels WHERE type = 'MEMBER_OF' AND \"end\" = ? ORDER BY start LIMIT 1",
                          (board,)).fetchone()
    con.execute("BEGIN IMMEDIATE")
    counter = change_counter(db)
    con.execute("UPDATE nodes SET props = json_set(props, '$.name', 'Zed Renamed Elsewhere') WHERE id = ?", (member,))
    write_index(con, counter, {member})      # what an older kg's write does after its rows
    con.execute("COMMIT")
    con.close()
    args = ["board-members", "-p", f"board={board}", "--store", corpus_store_copy]
    proc, quick = _quick(*args)
    assert quick and "Zed Renamed Elsewhere" in proc.stdout
    assert (proc.stdout, proc.stderr, proc.returncode) == _usual(*args)
    st_.index()
    assert st_.last_ready["full"] == 1
    st_.close()
    _check_all_ready(corpus_store_copy)
    again, quick = _quick(*args)
    assert quick and again.stdout == proc.stdout


def test_a_board_whose_rows_cannot_be_made_is_not_kept_ready(corpus_store_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A twin that fails on one board (a bug, an odd row) does not fail the write: that board is
    not kept ready (its query computes, and reports, as before), every other one is."""
    from kg.queries import nx_impl

    board = _busiest(corpus_store_copy)
    members = nx_impl.IMPLEMENTATIONS["board-members"]

    def failing(g: object, params: dict[str, str]) -> list[dict[str, object]]:
        if params["board"] == board:
            raise TypeError("a twin that fails")
        return members(g, params)   # type: ignore[arg-type]

    monkeypatch.setitem(nx_impl.IMPLEMENTATIONS, "board-members", failing)
    st_ = open_store("networkx", corpus_store_copy)
    st_.index(ready_min_lines=0)
    st_.close()
    monkeypatch.setitem(nx_impl.IMPLEMENTATIONS, "board-members", members)
    con = open_sealed(corpus_store_copy / "graph.sqlite")
    try:
        kept = {nid for (nid,) in con.execute("SELECT DISTINCT node FROM ready_rows")}
        assert board not in kept and kept == set(_boards(con)) - {board}
        assert read_ready(con, "board-picture", board) is None
    finally:
        con.close()
    args = ["board-members", "-p", f"board={board}", "--store", corpus_store_copy]
    proc, quick = _quick(*args)
    assert quick and (proc.stdout, proc.stderr, proc.returncode) == _usual(*args)
