"""Rows kept ready: the board queries of the busiest boards, made when the store is written.

A board that two thousand papers name has hundreds of members and meetings: `kg query
board-members` reads 1,300 lines scattered over the store file, decodes them and sorts and prints
680 rows, more work than starting kg. For such a board (its lines, either way, and the lines into
its meetings at least ``min_lines`` of ``queries/ready.yaml``) the writer makes the rows of the
queries listed there in the same transaction as the graph and the read index
(:mod:`kg.store.read_index`), as the table `kg query` prints at the default width and as compact
JSON (for `--json` and other widths), one row per (query, board), each row's text together in the
file; the quick path of `kg query` (:mod:`kg.cli_quick`) prints the table as it is.

The rows are the query twin's own (:mod:`kg.queries.nx_impl` on :class:`IndexedGraph`, as the
quick path runs it), so they are what the query gives as long as nothing they read changed:

* table ``ready_deps`` lists every node whose row or lines each board's queries read: a write
  that changes such a node, or a line at such a node, makes that board's rows again (the nodes
  and lines a write changes are listed by temporary triggers, :func:`touched_nodes`);
* meta ``ready_rows`` holds the key of the code that made them (:func:`kg.cli_quick.plan_key`:
  kg's version, the query library, the schema, this module ...), the threshold, and the file
  change counter their transaction ends with. A reader uses them only while that counter is the
  read index's seal (a write by a kg without this module re-seals the index and leaves the rows
  stale: the counters then differ) and the key is its own; a writer that finds either changed
  makes all of them again;
* a reader uses a board's rows only when the parameter names that board alone (another node
  named like the board's id since would change the rows: it is not among the board's nodes read).

``tests/test_ready_rows.py`` checks every board of the sample corpus, kept ready at threshold 0,
against the rows made from the graph, after the first write and after incremental ones.

>>> sorted(ready_config())
['min_lines', 'queries']
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.store import read_index
from kg.store.read_index import IndexedGraph

if TYPE_CHECKING:
    import sqlite3

META_KEY = "ready_rows"
#: the width of the table kept ready (`kg query`'s default ``--max-width``)
TABLE_WIDTH = 60
#: a board or body: the labels the board queries' parameter takes (kg.queries.PARAM_KINDS)
BOARD_LABELS = ("Board", "Organisation")
_MENTION = "MENTIONED_IN"

_TABLES = """
CREATE TABLE IF NOT EXISTS ready_rows(query TEXT NOT NULL, node TEXT NOT NULL, count INTEGER NOT NULL,
                                      json TEXT NOT NULL, table_text TEXT NOT NULL, PRIMARY KEY (query, node));
CREATE TABLE IF NOT EXISTS ready_deps(node TEXT NOT NULL, dep TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ready_deps_dep ON ready_deps(dep);
CREATE INDEX IF NOT EXISTS ready_deps_node ON ready_deps(node)
"""

# the lines a board's queries read: its own (either way) and those into its meetings; every type
# but MENTIONED_IN (a paper's mention of it, which no board query reads)
_BUSY_SQL = """
SELECT b.id FROM nodes b
WHERE b.label IN ('Board', 'Organisation') {among}
  AND (SELECT count(*) FROM rels WHERE start = b.id AND +type != 'MENTIONED_IN')
      + (SELECT count(*) FROM rels WHERE "end" = b.id AND +type != 'MENTIONED_IN')
      + (SELECT count(*) FROM rels m JOIN rels a ON a."end" = m.start
         WHERE m."end" = b.id AND m.type = 'MEETING_OF' AND +a.type != 'MENTIONED_IN') >= ?
ORDER BY b.id
"""


def ready_config(folder: Path | None = None) -> dict[str, Any]:
    """``queries/ready.yaml``: the queries kept ready and the threshold.

    >>> ready_config()["queries"]
    ['board-members', 'board-meetings', 'board-picture']
    """
    import yaml

    if folder is None:
        import kg.queries

        folder = Path(kg.queries.__file__).parent
    data = yaml.load((folder / "ready.yaml").read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {"queries": [str(q) for q in data["queries"]], "min_lines": int(data["min_lines"])}


@contextlib.contextmanager
def touched_nodes(con: sqlite3.Connection) -> Iterator[set[str]]:
    """The ids of the nodes inserted, updated or deleted inside the block, and of both ends of
    every line inserted, updated or deleted but a paper's mention (MENTIONED_IN) (temporary
    triggers), given when the block ends."""
    touched: set[str] = set()
    con.execute("CREATE TEMP TABLE IF NOT EXISTS kg_touched(id TEXT PRIMARY KEY)")
    con.execute("DELETE FROM temp.kg_touched")
    made = []
    for table, ends in (("nodes", ("id",)), ("rels", ("start", '"end"'))):
        for event, rows in (("INSERT", ("new",)), ("UPDATE", ("old", "new")), ("DELETE", ("old",))):
            body = " ".join(f"INSERT OR IGNORE INTO kg_touched VALUES ({r}.{e});" for r in rows for e in ends)
            # a paper's mentions are not listed: no query kept ready reads them (write_ready makes
            # everything again if one ever does); every paper mentions the busiest boards
            when = "" if table == "nodes" else " WHEN " + " OR ".join(f"{r}.type != '{_MENTION}'" for r in rows)
            name = f"kg_touched_{table}_{event.lower()}"
            con.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS {name} AFTER {event} ON main.{table}{when} "
                        f"BEGIN {body} END")
            made.append(name)
    try:
        yield touched
        touched.update(nid for (nid,) in con.execute("SELECT id FROM temp.kg_touched"))
    finally:
        for name in made:
            con.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
        con.execute("DROP TABLE IF EXISTS temp.kg_touched")


class _Reading(IndexedGraph):
    """:class:`IndexedGraph` that notes every node whose row, lines or name it read."""

    def __init__(self, con: sqlite3.Connection, types: Iterable[str] | None,
                 check: Callable[[dict[str, Any]], dict[str, Any]], seen: set[str]) -> None:
        super().__init__(con, types, check)
        self.seen = seen

    def _load(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        self.seen.update(ids)
        super()._load(ids)

    def _lines(self, nid: str, near: int) -> list[Any]:
        self.seen.add(nid)
        return super()._lines(nid, near)


def stored_meta(value: str | None) -> dict[str, Any] | None:
    """Meta ``ready_rows`` read (None: none, or not kg's).

    >>> stored_meta('{"key": "k", "counter": 3, "min_lines": 200}')["counter"], stored_meta("[1"), stored_meta(None)
    (3, None, None)
    """
    try:
        meta = json.loads(value) if value else None
    except ValueError:
        return None
    return meta if isinstance(meta, dict) else None


def is_current(meta: dict[str, Any] | None, key: str, counter: int | None) -> bool:
    """Whether rows described by ``meta`` were made by the code of ``key`` in the transaction that
    ended at file change counter ``counter``."""
    return (meta is not None and counter is not None and meta.get("key") == key
            and meta.get("counter") == counter and isinstance(meta.get("min_lines"), int))


def _busy(con: sqlite3.Connection, min_lines: int, among: set[str] | None) -> list[str]:
    if among is None:
        return [nid for (nid,) in con.execute(_BUSY_SQL.format(among=""), (min_lines,))]
    return [nid for (nid,) in con.execute(_BUSY_SQL.format(among="AND b.id IN (SELECT value FROM json_each(?))"),
                                          (json.dumps(sorted(among)), min_lines))]


def write_ready(con: sqlite3.Connection, counter_at_begin: int, touched: set[str] | None,
                min_lines: int | None = None) -> dict[str, int]:
    """Inside the writer's transaction, after the read index is written and sealed
    (:func:`kg.store.read_index.write_index`): the rows kept ready brought up to date, for the
    boards whose nodes read are among ``touched`` and the boards the write made busy, or (None,
    or rows made by other code or before another writer's write) made again for every busy board.
    ``min_lines`` overrides the threshold of ``queries/ready.yaml`` (kept with the rows, for the
    writes after). Returns whether all were made again (``full``) and how many boards were
    (``boards``)."""
    from kg.cli_quick import query_plan

    plan = query_plan()
    key = plan["key"]
    row = con.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    meta = stored_meta(row[0] if row else None)
    current = is_current(meta, key, counter_at_begin)
    # the threshold a store's rows were made with is kept while the code is the same
    kept = meta.get("min_lines") if meta is not None and meta.get("key") == key else None
    kept = kept if isinstance(kept, int) else None
    threshold = min_lines if min_lines is not None else kept if kept is not None else plan["ready"]["min_lines"]
    for statement in _TABLES.split(";"):
        if statement.strip():
            con.execute(statement)
    followed = _followed(plan)
    # the lines a write changed are listed but mentions (touched_nodes)
    full = touched is None or not current or threshold != kept or followed is None or _MENTION in followed
    if full:
        con.execute("DELETE FROM ready_rows")
        con.execute("DELETE FROM ready_deps")
        boards = _busy(con, threshold, None)
    else:
        assert touched is not None
        ids = json.dumps(sorted(touched))
        dirty = {nid for (nid,) in con.execute(
            "SELECT DISTINCT node FROM ready_deps WHERE dep IN (SELECT value FROM json_each(?))", (ids,))}
        # a board whose own lines, or whose meetings' lines, changed may have become busy
        met = {nid for (nid,) in con.execute(
            "SELECT \"end\" FROM rels WHERE type = 'MEETING_OF' AND start IN (SELECT value FROM json_each(?))",
            (ids,))}
        boards = sorted(dirty | set(_busy(con, threshold, (touched | met) - dirty)))
        for i in range(0, len(boards), 500):
            chunk = boards[i:i + 500]
            marks = ",".join("?" * len(chunk))
            con.execute(f"DELETE FROM ready_rows WHERE node IN ({marks})", chunk)
            con.execute(f"DELETE FROM ready_deps WHERE node IN ({marks})", chunk)
    for board in boards:
        try:
            _make(con, plan, board)
        except read_index.sqlite3.Error:   # the write itself failed (a full disk): the writer's to report
            raise
        except Exception:  # noqa: BLE001 - a row the twin cannot read: the board is not kept ready
            continue       # (a reader computes its rows, and reports what is wrong, as before)
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (META_KEY, json.dumps(
        {"key": key, "counter": (counter_at_begin + 1) % 2 ** 32, "min_lines": threshold})))
    return {"full": int(full), "boards": len(boards)}


def _followed(plan: dict[str, Any]) -> list[str] | None:
    """The relationship types the queries kept ready follow (None: any)."""
    types: set[str] = set()
    for name in plan["ready"]["queries"]:
        own = plan["queries"][name]["types"]
        if own is None:
            return None
        types.update(own)
    return sorted(types)


def _make(con: sqlite3.Connection, plan: dict[str, Any], board: str) -> None:
    """One board's rows of every query kept ready, and the nodes they read; none when the board's
    id also names another board or body (the query would give both)."""
    from kg.amounts import checked
    from kg.queries import nx_impl
    from kg.table import format_table

    money, most = tuple(plan["amounts"]["properties"]), float(plan["amounts"]["max_pounds"])

    def check(props: dict[str, Any]) -> dict[str, Any]:
        return checked(props, money, most)

    seen: set[str] = set()
    made = []
    # one graph for every query: the lines of the types any of them follows (each twin reads only
    # its own types, and gives the rows it gives on the whole graph: tests/test_startup.py)
    g = _Reading(con, _followed(plan), check, seen)
    if nx_impl.matches(g, board, BOARD_LABELS) != [board]:   # type: ignore[arg-type]
        return
    for name in plan["ready"]["queries"]:
        rows = nx_impl.IMPLEMENTATIONS[name](g, {plan["queries"][name]["params"][0]: board})  # type: ignore[arg-type]
        # compact (the C encoder; `--json` prints them indented, as `kg query` does)
        made.append((name, board, len(rows), json.dumps(rows, ensure_ascii=False, separators=(",", ":")),
                     format_table(rows, max_width=TABLE_WIDTH)))
    con.executemany("INSERT INTO ready_rows VALUES (?, ?, ?, ?, ?)", made)
    con.executemany("INSERT INTO ready_deps VALUES (?, ?)", [(board, dep) for dep in sorted(seen)])


def read_ready(con: sqlite3.Connection, name: str, board: str) -> tuple[int, str, str] | None:
    """A board's ready rows of query ``name``: (count, JSON text, table text at
    :data:`TABLE_WIDTH`; the JSON compact), or None when there are none (the caller checked that they are current,
    :func:`stored_meta`)."""
    try:
        row = con.execute("SELECT count, json, table_text FROM ready_rows WHERE query = ? AND node = ?",
                          (name, board)).fetchone()
    except read_index.sqlite3.DatabaseError:   # no such table: rows a reader computes
        return None
    return (int(row[0]), str(row[1]), str(row[2])) if row else None
