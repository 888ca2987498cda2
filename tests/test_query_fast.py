"""The quick path of `kg query` (kg/cli_quick.py, kg/store/read_index.py): every named query gives
the same bytes as the command through typer, the quick path is the one taken, and a store the
read index no longer describes is read the usual way. (Times are in bench/startup.py.)"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from query_helpers import quick_query as _quick
from query_helpers import usual_query as _usual

from kg.cli_quick import _find_first_tier, parse_args
from kg.lookup import EntityNotFound, candidates_from_store, find
from kg.queries import PARAM_KINDS, list_queries
from kg.store import open_store
from kg.store.read_index import (
    INDEX_FORMAT,
    SEAL_KEY,
    IndexedGraph,
    Unsealed,
    change_counter,
    keys_of,
    open_sealed,
    write_index,
)

KG = str(Path(sys.executable).parent / "kg")




def _usual_cli(*args: str | Path) -> tuple[str, str, int]:
    """The same command through typer as the console script runs it (kg.cli.main: its usage
    errors), in a subprocess that never takes the quick path."""
    code = "import sys; sys.argv[0] = 'kg'; from kg.cli import main; main()"
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    proc = subprocess.run([sys.executable, "-c", code, "query", *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=120)
    return proc.stdout, proc.stderr, proc.returncode


def _same(args: list[str | Path]) -> bool:
    proc, quick = _quick(*args)
    assert (proc.stdout, proc.stderr, proc.returncode) == _usual(*args), args
    return quick


def test_every_named_query_gives_the_same_bytes_on_the_quick_path(corpus_store_dir: Path) -> None:
    """Each query with its header's example (whatever tier of the lookup finds it) and with the id
    the lookup finds for it (the quick path's own lookup), as a table and as JSON."""
    st_ = open_store("networkx", corpus_store_dir)
    cands = candidates_from_store(st_)
    st_.close()
    quick_runs = 0
    for q in list_queries():
        by_example: list[str | Path] = [q.name, "--store", corpus_store_dir]
        by_id: list[str | Path] = [q.name, "--store", corpus_store_dir]
        for p, (_, example) in q.params.items():
            labels, what = PARAM_KINDS.get(p, (None, "entity"))
            by_example += ["--param", f"{p}={example}"]
            try:
                by_id += ["-p", f"{p}={find(cands, example, labels, what).id}"]
            except EntityNotFound:
                by_id += ["-p", f"{p}={next(c.id for c in cands if labels is None or c.label in labels)}"]
        _same(by_example)
        assert _same(by_id), f"{q.name}: an entity found by its id must take the quick path"
        assert _same([*by_id, "--json"])
        assert _same([*by_id, "--max-width", "0"])
        quick_runs += 3
    assert quick_runs == 3 * len(list_queries()) >= 42


@pytest.mark.parametrize("args", [
    ["board-members", "-p", "board=no such board at all"],        # did you mean: typer's message
    ["board-members", "-p", "board=PCP"],                         # an acronym: the lookup's later tier
    ["board-members"],                                            # missing parameter
    ["board-members", "-p", "board=OPCC", "-p", "colour=red"],    # extra parameter
    ["board-members", "-p", "board= "],                           # empty value
    ["no-such-query"],
    ["board-members", "-p", "board=OPCC", "--max-width", "x"],
    ["board-members", "-p", "board=OPCC", "--cypher"],
    ["list"],
])
def test_what_the_quick_path_does_not_answer_is_the_commands_own(corpus_store_dir: Path, args: list[str]) -> None:
    proc, quick = _quick(*args, "--store", corpus_store_dir)
    assert not quick
    assert (proc.stdout, proc.stderr, proc.returncode) == _usual_cli(*args, "--store", corpus_store_dir)


def test_a_missing_store_is_the_commands_one_line(tmp_path: Path) -> None:
    proc, quick = _quick("board-members", "-p", "board=OPCC", "--store", tmp_path / "none")
    assert not quick and proc.returncode == 2 and "no kg store here" in proc.stderr


def test_every_write_seals_the_read_index_and_a_no_op_writes_nothing(corpus_store_copy: Path) -> None:
    """The first ingest (a new file) sealed it; removing a paper (an incremental write) keeps it
    sealed and current, so the quick path answers what the command does; nothing to do writes
    nothing."""
    db = corpus_store_copy / "graph.sqlite"

    def seal() -> str | None:
        con = sqlite3.connect(db)
        row = con.execute("SELECT value FROM meta WHERE key = ?", (SEAL_KEY,)).fetchone()
        con.close()
        return row[0] if row else None

    assert seal() == f"{INDEX_FORMAT} {change_counter(db)}"
    st_ = open_store("networkx", corpus_store_copy)
    first = sorted(st_.document_info())[0]
    with st_.locked():
        assert st_.update({}, {first})
    assert seal() == f"{INDEX_FORMAT} {change_counter(db)}"
    # the keys brought up to date for the nodes the write changed are those made again from all
    con = sqlite3.connect(db, isolation_level=None)
    updated = sorted(con.execute("SELECT key, node FROM name_keys"))
    con.execute("BEGIN")
    write_index(con, 0, None)
    assert sorted(con.execute("SELECT key, node FROM name_keys")) == updated
    con.execute("ROLLBACK")
    con.close()
    assert _same(["board-members", "-p", "board=OPCC", "--store", corpus_store_copy])
    before = db.read_bytes()
    with st_.locked():
        assert not st_.update({}, set())
    assert db.read_bytes() == before


def test_a_store_changed_by_another_program_is_read_the_usual_way(corpus_store_copy: Path) -> None:
    """A rename made with sqlite3 leaves the name index stale: the counter tells, and the query
    finds the node by its new name through typer; `NetworkxStore.index` seals it again."""
    db = corpus_store_copy / "graph.sqlite"
    con = sqlite3.connect(db)
    nid, = con.execute("""SELECT "end" FROM rels JOIN nodes ON nodes.id = rels."end" AND nodes.label = 'Board'
                          WHERE type = 'MEMBER_OF' GROUP BY "end" ORDER BY COUNT(*) DESC, "end" LIMIT 1""").fetchone()
    con.execute("UPDATE nodes SET props = json_set(props, '$.name', 'Renamed By Hand Board') WHERE id = ?", (nid,))
    con.commit()
    con.close()
    args = ["board-members", "-p", "board=renamed by hand board", "--store", corpus_store_copy]
    proc, quick = _quick(*args)
    assert not quick and proc.returncode == 0 and "Renamed By Hand Board" in proc.stdout
    open_store("networkx", corpus_store_copy).index()
    again, quick = _quick(*args)
    assert quick and (again.stdout, again.stderr, again.returncode) == (proc.stdout, proc.stderr, proc.returncode)


def test_a_store_in_wal_mode_is_read_the_usual_way(corpus_store_copy: Path) -> None:
    """In WAL mode SQLite commits to its log without raising the change counter: no seal holds."""
    db = corpus_store_copy / "graph.sqlite"
    open_sealed(db).close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    con.close()
    assert change_counter(db) is None
    with pytest.raises(Unsealed):
        open_sealed(db)
    proc, quick = _quick("board-members", "-p", "board=OPCC", "--store", corpus_store_copy)
    assert not quick and proc.returncode == 0 and "(no rows)" not in proc.stdout


def test_the_quick_lookup_finds_what_the_lookup_finds(corpus_store_dir: Path) -> None:
    """Every spelling of every entity, as typed and upper-cased, alone and among the kinds a
    parameter takes: the first tier of the quick lookup finds what kg.lookup.find finds, or leaves
    it to find; an entity's own id it always finds."""
    st_ = open_store("networkx", corpus_store_dir)
    cands = candidates_from_store(st_)
    st_.close()
    con = open_sealed(corpus_store_dir / "graph.sqlite")
    g = IndexedGraph(con, (), lambda d: d)
    answered = 0
    try:
        for c in cands:
            kinds = [None, *(k for k, _ in PARAM_KINDS.values() if k is not None and c.label in k)]
            for text in {s for spelling in (c.id, *c.spellings()) for s in (spelling, spelling.upper())}:
                for labels in kinds:
                    quick = _find_first_tier(g, text, labels)
                    if quick is not None:
                        assert quick == find(cands, text, labels).id, (text, labels)
                        answered += 1
            assert _find_first_tier(g, c.id, None) == find(cands, c.id).id
    finally:
        con.close()
    assert answered > 2 * len(cands) > 100


@given(st.text(max_size=6), st.text(max_size=6))
def test_spellings_equal_ignoring_case_share_an_index_key(a: str, b: str) -> None:
    if a.lower() == b.lower() or a.casefold() == b.casefold():
        assert set(keys_of(a)) & set(keys_of(b))


def test_the_command_line_is_read_as_typer_reads_it_or_left_to_typer() -> None:
    env = {"KG_STORE": "from-env"}
    assert parse_args(["q", "-pboard=X", "--param=person=Y", "--max-width", "7"], env) == \
        ("q", ["board=X", "person=Y"], False, 7, "from-env")
    assert parse_args(["--json", "q", "--backend", "networkx", "--store", "s"], {}) == ("q", [], True, 60, "s")
    for args in (["q", "extra"], ["q", "--backend", "neo4j"], ["q", "-p"], ["q", "-p", "--json"],
                 ["q", "--max-width", "-1"], ["q", "--max-width", "²"], ["q", "--neo4j-uri", "bolt://x"],
                 ["q", "--help"], ["q", "--json=1"], ["q", "--store="], []):
        assert parse_args(args, {}) is None, args


def _twin_rows(g: object, name: str, params: dict[str, str]) -> list[dict[str, object]]:
    from kg.queries import nx_impl

    return nx_impl.IMPLEMENTATIONS[name](g, params)   # type: ignore[arg-type]


def _indexed(con: sqlite3.Connection, name: str) -> IndexedGraph:
    """A fresh read-index graph for one run of ``name``, as the quick path makes it."""
    from kg.amounts import checked
    from kg.model import amount_rules
    from kg.queries import relationship_types

    rules = amount_rules()
    return IndexedGraph(con, relationship_types(name), lambda d: checked(d, rules["properties"], rules["max_pounds"]))


def test_every_query_on_every_entity_reads_the_same_rows_from_the_read_index(corpus_store_dir: Path) -> None:
    """Each query's twin on the read index (indexed lines, neighbour sets from the covering
    indexes, lines between two nodes, batched node reads) and on the whole networkx graph, for
    every entity a parameter may name (shortest-connection: every entity to a spread of others)."""
    st_ = open_store("networkx", corpus_store_dir)
    whole = st_.networkx()
    st_.close()
    entities = sorted(n for n, d in whole.nodes(data=True) if d.get("label") != "Document")
    con = open_sealed(corpus_store_dir / "graph.sqlite")
    runs = rows_seen = 0
    try:
        for q in list_queries():
            params = list(q.params)
            if len(params) == 1:
                labels = PARAM_KINDS.get(params[0], (None, ""))[0]
                cases = [{params[0]: n} for n in entities if labels is None or whole.nodes[n]["label"] in labels]
            else:
                cases = [{params[0]: a, params[1]: entities[(i * 37 + k) % len(entities)]}
                         for i, a in enumerate(entities) for k in (1, 11, 101)]
            for case in cases:
                expected = _twin_rows(whole, q.name, case)
                assert _twin_rows(_indexed(con, q.name), q.name, case) == expected, (q.name, case)
                runs += 1
                rows_seen += len(expected)
    finally:
        con.close()
    assert runs > 1000 and rows_seen > 1000


_PATH_TYPES = ["MEMBER_OF", "REPORTS_TO", "FUNDS", "ATTENDED", "MENTIONED_IN"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.sampled_from(_PATH_TYPES)), max_size=18),
       st.integers(0, 6), st.integers(0, 6))
def test_shortest_connection_on_the_read_index_is_the_one_on_networkx(
        tmp_path_factory: pytest.TempPathFactory, edges: list[tuple[int, int, str]], src: int, dst: int) -> None:
    """Random small graphs (parallel lines, self-loops, lines that only a document reads) stored
    and read back through the read index: the walk from both ends on neighbour sets and the
    greedy path on lines between two nodes give networkx's row (tests/test_queries.py checks that
    one against every shortest path)."""
    from kg.model import Graph, NodeRec, RelRec
    from kg.store.memory import to_networkx

    g = Graph()
    for i in range(7):
        nid = f"org:n{i}"
        g.add_node(NodeRec(nid, "Organisation", {"id": nid, "name": f"N{i}"}))
    for k, (s, e, t) in enumerate(edges):
        rid = f"{t.lower()}:{k:04d}"
        g.add_rel(RelRec(rid, t, f"org:n{s}", f"org:n{e}", {"id": rid, "citations": [f"d.txt:{k}"]}))
    path = tmp_path_factory.mktemp("walk") / "store"
    st_ = open_store("networkx", path)
    with st_.locked():
        st_.commit({}, g)
    st_.close()
    params = {"source": f"org:n{src}", "target": f"org:n{dst}"}
    con = open_sealed(path / "graph.sqlite")
    try:
        assert _twin_rows(_indexed(con, "shortest-connection"), "shortest-connection", params) == \
            _twin_rows(to_networkx(g), "shortest-connection", params)
    finally:
        con.close()


def _reference_table(rows: list[dict[str, object]], max_width: int) -> str:
    """format_table as first written (a cell at a time): the quick one must print the same."""
    from kg.table import _cell

    if not rows:
        return "(no rows)"
    cols = list(rows[0])
    for r in rows[1:]:
        cols += [c for c in r if c not in cols]
    cells = [[(lambda s: s if not max_width or len(s) <= max_width else s[: max_width - 1] + "…")(_cell(r.get(c)))
              for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = [cols, ["-" * w for w in widths], *cells]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in lines)


_CELLS = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
                      lambda inner: st.lists(inner, max_size=3), max_leaves=5)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["a", "b", "{c}", "é", "d d"]), _CELLS, max_size=4), max_size=5),
       st.integers(0, 9))
def test_the_table_is_printed_as_cell_by_cell(rows: list[dict[str, object]], max_width: int) -> None:
    from kg.table import format_table

    assert format_table(rows, max_width) == _reference_table(rows, max_width)


_SORTED = st.one_of(st.none(), st.text(max_size=2)), st.one_of(st.none(), st.integers(-2, 2)), \
    st.one_of(st.none(), st.floats(allow_nan=False)), st.one_of(st.none(), st.sampled_from(["x", "y"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries(dict(zip("abcd", _SORTED, strict=True)),
                                      optional={"e": st.one_of(st.none(), st.integers(0, 1))}), max_size=8),
       st.permutations(list("abcde")), st.integers(1, 5))
def test_order_by_columns_is_one_stable_sort_per_column(rows: list[dict[str, object]], keys: list[str],
                                                        n: int) -> None:
    """order_by on columns alone sorts once on all of them: the order (ties included) of one
    stable sort per column from the last, nulls last, as Cypher's ORDER BY."""
    from kg.queries.nx_impl import order_by

    expected = list(rows)
    for key in reversed(keys[:n]):
        expected.sort(key=lambda r, k=key: (r.get(k) is None, 0 if r.get(k) is None else r.get(k)))
    assert [id(r) for r in order_by(rows, *keys[:n])] == [id(r) for r in expected]
