"""The embedded store's read index: a named query reads only the nodes and lines it touches.

A query on the embedded store normally reads every node and every relationship of the types its
Cypher names into networkx (:meth:`kg.store.memory.NetworkxStore.networkx`). Most queries start
from one entity and walk a few steps from it, so the writer keeps, in the same transaction as
the graph rows, what a reader needs to go straight there:

* table ``name_keys``: every node's name, id and aliases folded two ways (``str.lower`` and
  ``str.casefold``), indexed: the nodes a name may match, a superset of those both the queries
  (:func:`kg.queries.nx_impl.matches`, ``lower``) and the lookup (:mod:`kg.lookup`, ``casefold``)
  match, which then apply their own rules to it;
* indexes of ``rels`` by start and by end (with the type and the other end, so that a walk that
  needs only the nodes one line away reads the index alone: :meth:`IndexedGraph.neighbours`), for
  one node's lines;
* meta ``read_index``: this index's format and the SQLite file change counter the writer's
  transaction ends with. SQLite raises that counter on every write transaction, by kg or by
  anything else (a hand edit, an older kg): a reader trusts the index, and the rows being as kg
  wrote them (no damaged row to report), only while the counter is still the one sealed.

:class:`IndexedGraph` answers the few graph operations the query twins use (``nodes[id]``,
``out_edges``, ``in_edges``, and :meth:`IndexedGraph.nodes_named` for ``matches``) with indexed
reads, in the order networkx gives them, so the rows are the same (``tests/test_query_fast.py``
runs every named query both ways). No networkx, no kg.model: this module is imported by the
`kg query` fast path (:mod:`kg.cli_quick`) before anything else.

>>> keys_of("Office of the PCC")
['office of the pcc']
>>> keys_of("Straße")
['strasse', 'straße']
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3
else:
    # SQLite's C module alone (the same classes): sqlite3's Python part imports datetime for
    # adapters kg never uses, 1.5 ms of a 30 ms `kg query`
    try:
        import _sqlite3 as sqlite3
    except ImportError:  # pragma: no cover - a Python without it
        import sqlite3

Edge = tuple[str, str, str, dict[str, Any]]   # start, end, relationship id, data (type, props)

#: the format of the read index: bump when the tables or the seal change
INDEX_FORMAT = "2"
SEAL_KEY = "read_index"

_INDEX_TABLES = """
CREATE TABLE IF NOT EXISTS name_keys(key TEXT NOT NULL, node TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS name_keys_key ON name_keys(key);
CREATE INDEX IF NOT EXISTS name_keys_node ON name_keys(node);
DROP INDEX IF EXISTS rels_start;
DROP INDEX IF EXISTS rels_end;
CREATE INDEX IF NOT EXISTS rels_start_end ON rels(start, type, "end");
CREATE INDEX IF NOT EXISTS rels_end_start ON rels("end", type, start);
"""
# (format 1 had rels_start and rels_end without the other end: dropped when the index is made again)

# what a node is found by: its name, the id in its properties, its row id, its aliases
_HEAD_SQL = ("SELECT id, json_type(props, '$.name'), json_extract(props, '$.name'), json_type(props, '$.id'), "
             "json_extract(props, '$.id'), json_type(props, '$.aliases'), json_extract(props, '$.aliases') "
             "FROM nodes")


def keys_of(spelling: str) -> list[str]:
    """The index keys of one spelling: lowered and case-folded (one key when they agree)."""
    return sorted({spelling.lower(), spelling.casefold()})


def change_counter(db_file: str | Path) -> int | None:
    """SQLite's file change counter (bytes 24-27 of the header), or None when it cannot be read or
    does not count every write: a file in WAL mode (bytes 18-19 not 1, the rollback journal kg
    uses) commits to its log without raising it."""
    try:
        with open(db_file, "rb") as fh:
            header = fh.read(28)
    except OSError:
        return None
    if len(header) < 28 or header[18:20] != b"\x01\x01":
        return None
    return int.from_bytes(header[24:28], "big")


def _spellings(nid: str, name: Any, pid: Any, aliases: Any, raw: str | None) -> set[str]:
    """A node's row id, name, property id and string aliases. ``raw`` (the properties' JSON) is
    given for a row whose name or id is not text, or whose aliases are not a list: read as
    Python reads them then."""
    out = {nid}
    if raw is not None:
        props = json.loads(raw)
        for key in ("name", "id"):
            if props.get(key) is not None:
                out.add(str(props[key]))
        listed = props.get("aliases") or []
        out.update(a for a in (listed if isinstance(listed, (list, str, dict)) else []) if isinstance(a, str))
        return out
    out.update(v for v in (name, pid) if isinstance(v, str))
    if isinstance(aliases, str):    # the JSON text of the list
        out.update(a for a in json.loads(aliases) if isinstance(a, str))
    return out


def sealed(con: sqlite3.Connection, counter: int | None) -> bool:
    """Whether the read index is current at file change counter ``counter``."""
    row = con.execute("SELECT value FROM meta WHERE key = ?", (SEAL_KEY,)).fetchone()
    return counter is not None and row is not None and row[0] == f"{INDEX_FORMAT} {counter}"


@contextlib.contextmanager
def changed_nodes(con: sqlite3.Connection) -> Iterator[set[str]]:
    """The ids of the nodes inserted, updated or deleted inside the block (by temporary triggers,
    which live in the connection, not in the file), given when the block ends."""
    changed: set[str] = set()
    con.execute("CREATE TEMP TABLE IF NOT EXISTS kg_changed_nodes(id TEXT PRIMARY KEY)")
    con.execute("DELETE FROM temp.kg_changed_nodes")
    for event, ids in (("INSERT", ("new.id",)), ("UPDATE", ("old.id", "new.id")), ("DELETE", ("old.id",))):
        body = " ".join(f"INSERT OR IGNORE INTO kg_changed_nodes VALUES ({i});" for i in ids)
        con.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS kg_nodes_{event.lower()} AFTER {event} ON main.nodes "
                    f"BEGIN {body} END")
    try:
        yield changed
        changed.update(nid for (nid,) in con.execute("SELECT id FROM temp.kg_changed_nodes"))
    finally:
        for event in ("insert", "update", "delete"):
            con.execute(f"DROP TRIGGER IF EXISTS temp.kg_nodes_{event}")
        con.execute("DROP TABLE IF EXISTS temp.kg_changed_nodes")


def write_index(con: sqlite3.Connection, counter_at_begin: int | None, changed: set[str] | None,
                clean: bool = True) -> None:
    """Inside the writer's transaction (after its graph rows are written): the read index brought
    up to date, for the ``changed`` nodes only or (None) made again, and sealed with the change
    counter this transaction will end with. Left unsealed (readers then read the store the usual
    way, which reports what is wrong) when the rows are not ``clean`` or a row cannot be read."""
    con.execute("DELETE FROM meta WHERE key = ?", (SEAL_KEY,))
    if counter_at_begin is None:
        return
    for statement in _INDEX_TABLES.split(";"):
        if statement.strip():
            con.execute(statement)
    if changed is None:
        con.execute("DELETE FROM name_keys")
        ids: list[str] | None = None
    else:
        ids = sorted(changed)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            con.execute(f"DELETE FROM name_keys WHERE node IN ({','.join('?' * len(chunk))})", chunk)
    if not clean:
        return
    try:
        rows = con.execute(_HEAD_SQL).fetchall() if ids is None else [
            row for i in range(0, len(ids), 500) for row in con.execute(
                f"{_HEAD_SQL} WHERE id IN ({','.join('?' * len(ids[i:i + 500]))})", ids[i:i + 500])]
        odd = sorted(nid for nid, nt, _, it, _, at, _ in rows
                     if nt not in (None, "text", "null") or it not in (None, "text", "null")
                     or at not in (None, "null", "array"))
        raw = {k: v for i in range(0, len(odd), 500) for k, v in con.execute(
            f"SELECT id, props FROM nodes WHERE id IN ({','.join('?' * len(odd[i:i + 500]))})", odd[i:i + 500])}
        keys = [(key, nid) for nid, _, name, _, pid, _, aliases in rows
                for s in _spellings(nid, name, pid, aliases, raw.get(nid)) for key in keys_of(s)]
    except (sqlite3.DatabaseError, ValueError, TypeError):
        return      # a damaged row: the readers report it, the index stays unsealed
    con.executemany("INSERT INTO name_keys VALUES (?, ?)", keys)
    # SQLite raises the counter once when this transaction commits
    con.execute("INSERT INTO meta VALUES (?, ?)", (SEAL_KEY, f"{INDEX_FORMAT} {(counter_at_begin + 1) % 2 ** 32}"))


class Unsealed(Exception):
    """The store has no current read index (or a row it read is not as kg writes it): read it the
    usual way, which also reports anything wrong with it."""


def open_sealed(db_file: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection inside a read transaction on a store whose read index is current; raises
    :class:`Unsealed` otherwise. The transaction's shared lock keeps every writer out until the
    connection is closed, so the counter read here stays the file's. A writer's lock is waited
    for up to ``timeout`` seconds (`kg query` gives ``$KG_LOCK_TIMEOUT``, as the usual path)."""
    try:
        try:
            con = sqlite3.connect(f"file:{db_file}?mode=rw", uri=True, isolation_level=None, timeout=timeout)
        except sqlite3.OperationalError:
            con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, isolation_level=None, timeout=timeout)
    except sqlite3.DatabaseError:
        raise Unsealed from None
    try:
        con.execute("BEGIN")
        meta = dict(con.execute("SELECT key, value FROM meta WHERE key IN ('format', ?)", (SEAL_KEY,)).fetchall())
        counter = change_counter(db_file)
    except sqlite3.DatabaseError:
        con.close()
        raise Unsealed from None
    if meta.get("format") != "2" or counter is None or meta.get(SEAL_KEY) != f"{INDEX_FORMAT} {counter}":
        con.close()
        raise Unsealed
    return con


_JSON = json.JSONDecoder()


def _decode(raw: str, check: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    try:
        # kg writes its JSON without blanks around it: raw_decode skips json.loads's two searches
        # for them (a third of the time of a small object); anything else is read by json.loads
        value, end = _JSON.raw_decode(raw)
        if end != len(raw):
            value = json.loads(raw)
    except ValueError:
        try:
            value = json.loads(raw)
        except ValueError:
            raise Unsealed from None
    if not isinstance(value, dict):
        raise Unsealed
    return check(value)


# a node's row is read with the nodes at the far ends of the same lines (one statement), its
# properties decoded when first read (LazyProps): a walk checks the labels of hundreds of members
# and names a few
_NODE_SQL = "SELECT id, label, props FROM nodes WHERE id IN ({})"


class LazyProps(Mapping[str, Any]):
    """A line's or a node's properties, decoded from their JSON when first read: a walk reads a
    line's type and ends, a node's label, and seldom more. Reads like the dict it stands for,
    ``check`` applied (:func:`kg.amounts.checked`); the query twins read :meth:`decoded`, the
    dict itself.

    >>> p = LazyProps('{"status": "agreed", "amount": -1}', lambda d: d)
    >>> p._full is None, p.get("status"), dict(p)
    (True, 'agreed', {'status': 'agreed', 'amount': -1})
    """

    __slots__ = ("_raw", "_check", "_full")

    def __init__(self, raw: str, check: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self._raw = raw
        self._check = check
        self._full: dict[str, Any] | None = None

    def decoded(self) -> dict[str, Any]:
        """The properties as a plain dict (decoded now if not yet)."""
        if self._full is None:
            self._full = _decode(self._raw, self._check)
        return self._full

    def get(self, key: str, default: Any = None) -> Any:
        return self.decoded().get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.decoded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.decoded())

    def __len__(self) -> int:
        return len(self.decoded())


class _Nodes(dict[str, dict[str, Any]]):
    """``g.nodes``: ``g.nodes[id]`` is the node's data (``label``, ``props``), read when first asked
    for (a node read is a plain dict look-up after); ``{}`` for an id with no row (networkx's data
    of a node made by an edge)."""

    def __init__(self, graph: IndexedGraph) -> None:
        super().__init__()
        self._g = graph

    def __missing__(self, nid: str) -> dict[str, Any]:
        return self._g.node(nid)

    def __call__(self, data: bool = False) -> Iterator[Any]:
        for nid, d in self._g.all_nodes():
            yield (nid, d) if data else nid


class IndexedGraph:
    """The graph operations the query twins use, answered from the store's indexes.

    ``types`` limits the relationships to those a query can follow (None: all), as the whole-graph
    reader does; ``check`` is applied to every decoded property dict (:func:`kg.amounts.checked`).
    The first node asked for among the far ends of the lines read last is read with all of them,
    in one statement: a walk that only follows lines reads no node, and a query that names every
    member of a board reads them at once."""

    def __init__(self, con: sqlite3.Connection, types: Iterable[str] | None,
                 check: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.con = con
        self.types = None if types is None else tuple(sorted(types))
        self.check = check
        self.nodes = self._node = _Nodes(self)
        self._edges: dict[tuple[str, int], list[Edge]] = {}
        self._typed: dict[tuple[str, int, frozenset[str]], list[Edge]] = {}
        self._last: tuple[int, list[Edge]] = (0, [])
        where = "" if self.types is None else f" AND type IN ({','.join('?' * len(self.types))})"
        self._sql = [f'SELECT id, type, start, "end", props FROM rels WHERE {end} = ?{where} ORDER BY id'
                     for end in ("start", '"end"')]
        self.reads = 0   # SQL statements run (for the benchmark's curious)

    def _run(self, sql: str, args: Iterable[Any]) -> list[tuple[Any, ...]]:
        self.reads += 1
        try:
            return self.con.execute(sql, tuple(args)).fetchall()
        except sqlite3.DatabaseError:
            raise Unsealed from None

    def _load(self, ids: Iterable[str]) -> None:
        """Read the nodes of ``ids`` not read yet; an id with no row gets ``{}`` (as networkx
        gives the data of a node an edge made)."""
        wanted = sorted({nid for nid in ids if nid not in self._node})
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            for nid, label, raw in self._run(_NODE_SQL.format(",".join("?" * len(chunk))), chunk):
                self._node[nid] = {"label": label, "props": LazyProps(raw, self.check)}
            for nid in chunk:
                self._node.setdefault(nid, {})

    def node(self, nid: str) -> dict[str, Any]:
        if nid not in self._node:
            far, lines = self._last
            ends: set[str] = {e[0] if far == 0 else e[1] for e in lines}
            self._load(ends | {nid} if nid in ends else (nid,))
        return self._node[nid]

    def all_nodes(self) -> Iterator[tuple[str, dict[str, Any]]]:
        ids = [nid for (nid,) in self._run("SELECT id FROM nodes ORDER BY id", ())]
        self._load(ids)
        for nid in ids:
            yield nid, self._node[nid]

    def nodes_named(self, value: str) -> list[tuple[str, dict[str, Any]]]:
        """The nodes whose name, id or an alias may be ``value`` (a superset: the caller checks),
        in id order."""
        keys = keys_of(value)
        ids = sorted({nid for (nid,) in self._run(
            f"SELECT node FROM name_keys WHERE key IN ({','.join('?' * len(keys))})", keys)})
        self._load(ids)
        return [(nid, self._node[nid]) for nid in ids]

    def _lines(self, nid: str, near: int) -> list[Edge]:
        """One node's lines out (``near`` 0: the node is their start) or in (1), as networkx lists
        them: grouped by the node at the far end, the groups in the order of their first line by id."""
        cached = self._edges.get((nid, near))
        if cached is None:
            groups: dict[str, list[Edge]] = {}
            for rid, rtype, start, stop, props in self._run(self._sql[near], (nid, *(self.types or ()))):
                groups.setdefault(stop if near == 0 else start, []).append(
                    (start, stop, rid, {"type": rtype, "props": LazyProps(props, self.check)}))
            cached = [e for group in groups.values() for e in group]
            self._edges[(nid, near)] = cached
        self._last = (1 - near, cached)
        return cached

    def neighbours(self, nodes: Iterable[str], types: Iterable[str]) -> set[str]:
        """The nodes one line of ``types`` (and of this graph's types) away from any of ``nodes``,
        either way: from the two covering indexes of ``rels`` alone, in one statement, without a
        Python object per line (a breadth-first walk through bodies that hundreds of papers name
        meets tens of thousands of lines and needs only their far ends)."""
        wanted = sorted(set(types) if self.types is None else set(types) & set(self.types))
        if not wanted:
            return set()
        marks = ",".join("?" * len(wanted))
        ids = json.dumps(sorted(set(nodes)))
        # `+type`: one index seek per node, the type read from the index entry (seeking each
        # (node, type) pair, 20 types each way, was slower: docs/benchmarks.md)
        sql = (f'SELECT "end" FROM rels WHERE start IN (SELECT value FROM json_each(?)) AND +type IN ({marks}) '
               f'UNION SELECT start FROM rels WHERE "end" IN (SELECT value FROM json_each(?)) AND +type IN ({marks})')
        return {nid for (nid,) in self._run(sql, (ids, *wanted, ids, *wanted))}

    def edges_between(self, u: str, v: str, types: Iterable[str]) -> list[Edge]:
        """The lines of ``types`` (and of this graph's types) from ``u`` to ``v`` and from ``v`` to
        ``u``, in id order."""
        wanted = sorted(set(types) if self.types is None else set(types) & set(self.types))
        marks = ",".join("?" * len(wanted))
        rows = self._run(f'SELECT id, type, start, "end", props FROM rels WHERE start = ? AND "end" = ? '
                         f'AND type IN ({marks}) UNION ALL SELECT id, type, start, "end", props FROM rels '
                         f'WHERE start = ? AND "end" = ? AND type IN ({marks}) ORDER BY id',
                         (u, v, *wanted, v, u, *wanted)) if wanted else []
        return [(start, stop, rid, {"type": rtype, "props": LazyProps(props, self.check)})
                for rid, rtype, start, stop, props in rows]

    def load(self, ids: Iterable[str]) -> None:
        """Read the nodes of ``ids`` now, in one statement (a few), before they are asked for one
        at a time."""
        self._load(ids)

    def typed_edges(self, nid: str, near: int, types: set[str]) -> list[Edge]:
        """The lines of :meth:`out_edges` (``near`` 0) or :meth:`in_edges` (1) whose type is one of
        ``types``, in their order (a query asks one node for a few types at a time)."""
        key = (nid, near, frozenset(types))
        found = self._typed.get(key)
        if found is None:
            found = self._typed[key] = [e for e in self._lines(nid, near) if e[3]["type"] in types]
        return found

    def out_edges(self, nid: str, keys: bool = True, data: bool = True) -> list[Edge]:
        """``g.out_edges(nid, keys=True, data=True)`` (the only form the query twins use)."""
        return self._lines(nid, 0)

    def in_edges(self, nid: str, keys: bool = True, data: bool = True) -> list[Edge]:
        """``g.in_edges(nid, keys=True, data=True)``."""
        return self._lines(nid, 1)
