"""The embedded store (the default): a networkx MultiDiGraph, kept per document in one SQLite file.

Layout of a store directory (default ``./kg-store``)::

    kg-store/
      graph.sqlite    # tables documents (one row per document: sha256, source path, extraction JSON),
                      # nodes, rels (the merged graph: id, label or type and ends, props JSON),
                      # ledger (merge decisions of the last build), near_miss (the pairs that
                      # almost merged, by node id: kg show lists a node's), meta (format), and the r_*
                      # tables: what resolution read from each paper, to resolve again only what
                      # a changed paper touches (kg.resolve.incremental; derived, rebuilt if missing),
                      # and the read index: name_keys and rels by start and end, sealed with the
                      # file's change counter by every write (kg.store.read_index: `kg query`
                      # reads only the nodes and lines it touches)
      decisions.yaml  # optional: the user's merge decisions (see kg.resolve.Decisions)
      .lock           # held while a writer works

Why SQLite (the standard library's): a document is one row, so an ingest writes only the
documents and the graph rows that changed, in one transaction, and readers (``query``, ``show``,
``stats``, ``viz``) read the graph tables without parsing a byte of extraction data. A store of
format 1 (one ``graph.json`` holding everything) is still read, and the next write moves it into
``graph.sqlite`` (and deletes ``graph.json``).

Writes are atomic: a new store is written beside the final name and renamed over it; an existing
one is changed in one SQLite transaction (rollback journal), so a run killed at any moment leaves
either the old store or the new one, never a mix. Writers take an exclusive lock; a second writer
waits for it (up to ``lock_timeout`` seconds) and then fails with a clear message.

>>> import tempfile
>>> s = NetworkxStore(tempfile.mkdtemp())
>>> s.graph().nodes
{}
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import hashlib
import json
import os
import sqlite3
import stat
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.compact_json import dumps as _dumps
from kg.model import Extraction, Graph, NodeRec, RelRec, check_amounts
from kg.store.base import StoreError, lock_timeout_setting

if TYPE_CHECKING:   # networkx is imported only by the commands that query
    import networkx as nx

    from kg.resolve.decisions import Decisions

FORMAT = 2
LEGACY_FORMAT = 1
DB_FILE = "graph.sqlite"
LEGACY_FILE = "graph.json"
#: the tables of the stored resolution (kg.resolve.incremental): derived, rebuilt when missing
_RESOLUTION_TABLES = ("r_spelling", "r_acronym", "r_ktok", "r_dtok", "r_ref", "r_mlink", "r_mdate", "r_known",
                      "r_phrase", "r_canon", "r_cluster", "r_node", "r_rel", "r_cite", "r_side", "r_near")
GRAPH_FILE = DB_FILE

_TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents(id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, path TEXT NOT NULL,
                       extraction TEXT NOT NULL);
CREATE TABLE nodes(id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL);
CREATE TABLE rels(id TEXT PRIMARY KEY, type TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT NOT NULL,
                  props TEXT NOT NULL);
CREATE TABLE ledger(seq INTEGER PRIMARY KEY, entry TEXT NOT NULL);
"""
#: the near-misses of the last build (kg.resolve.near.entry, with the node ids a_id and b_id), in a
#: store of any age (a store written before them gains the table on its next write)
_NEAR_TABLE = """
CREATE TABLE IF NOT EXISTS near_miss(a_cid TEXT NOT NULL, b_cid TEXT NOT NULL, label TEXT NOT NULL,
    area TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, score INTEGER NOT NULL, reason TEXT NOT NULL,
    cite_a TEXT NOT NULL, cite_b TEXT NOT NULL, text_a TEXT NOT NULL, text_b TEXT NOT NULL, a_id TEXT NOT NULL,
    b_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS near_miss_a_id ON near_miss(a_id);
CREATE INDEX IF NOT EXISTS near_miss_b_id ON near_miss(b_id);
CREATE INDEX IF NOT EXISTS near_miss_a_cid ON near_miss(a_cid);
CREATE INDEX IF NOT EXISTS near_miss_b_cid ON near_miss(b_cid);
"""
#: its columns as a near-miss's fields (kg.resolve.near.entry's, then the node ids), and its order:
#: best first, then by label and names (the rest makes it total, as kg.resolve.near.order)
_NEAR_FIELDS = ("label", "area", "a", "b", "score", "reason", "cite_a", "cite_b", "text_a", "text_b", "a_id", "b_id")
_NEAR_ORDER = "score DESC, label, a, b, area, reason, cite_a, cite_b, a_id, b_id"


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading rows into Python objects makes no reference cycles, and the collector's passes over
    the growing heap took a quarter of a query's read (bench/startup.py): paused meanwhile."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def extraction_text(extraction: Extraction) -> str:
    """The text the store keeps for an extraction (its row of ``documents``): an ingest's workers
    make it beside the extraction, so that the parent, which writes every row, does not (a third
    of a second per 300 papers).

    >>> from kg.model import DocInfo
    >>> extraction_text(Extraction(doc=DocInfo(id="a.txt", sha256="0")))[:30]
    '{"doc":{"id":"a.txt","sha256":'
    """
    return _dumps(extraction.to_json())


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph: node attributes ``label`` and ``props``;
    one edge per relationship, keyed by its id, with attributes ``type`` and ``props``."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in graph.nodes.values():
        g.add_node(n.id, label=n.label, props=n.props)
    for r in graph.rels.values():
        g.add_edge(r.start, r.end, key=r.id, type=r.type, props=r.props)
    return g


def from_networkx(g: nx.MultiDiGraph) -> Graph:
    """Inverse of :func:`to_networkx`."""
    out = Graph()
    for nid, data in g.nodes(data=True):
        out.add_node(NodeRec(nid, data["label"], data["props"]))
    for s, e, k, data in g.edges(keys=True, data=True):
        out.add_rel(RelRec(k, data["type"], s, e, data["props"]))
    return out


#: the properties a query reads of every node (name, id, aliases: kg.queries.nx_impl.matches)
_HEAD = ("name", "id", "aliases")
_NODES_WITH_HEAD = "SELECT id, label, props, " + ", ".join(
    f"json_type(props, '$.{k}'), json_extract(props, '$.{k}')" for k in _HEAD) + " FROM nodes ORDER BY id"


class LazyProps(Mapping[str, Any]):
    """A node's properties for a query, decoded from their JSON when first asked for, except its
    name, id and aliases, which a query reads of every node and SQLite has decoded: a query on a
    large store touches few nodes' other properties. Reads like the dict it stands for.

    >>> p = LazyProps.of('{"name": "X", "date": "2024-05-01", "amount": 1e400}',
    ...                  ["text", "X", None, None, None, None])
    >>> p.get("name"), p._full is None, p.get("date"), dict(p)
    ('X', True, '2024-05-01', {'name': 'X', 'date': '2024-05-01'})
    """

    __slots__ = ("_raw", "_head", "_full")

    def __init__(self, raw: str, head: dict[str, Any]) -> None:
        self._raw = raw
        self._head = head
        self._full: dict[str, Any] | None = None

    @classmethod
    def of(cls, raw: str, decoded: list[Any]) -> LazyProps | dict[str, Any]:
        """From the JSON text and (json_type, json_extract) of each of name, id and aliases; a
        plain dict when one of them is not text, a list or null (decoded as json.loads would)."""
        head: dict[str, Any] = {}
        for key, kind, value in zip(_HEAD, decoded[0::2], decoded[1::2], strict=True):
            if kind == "text" or kind == "null":
                head[key] = value
            elif kind == "array":
                head[key] = json.loads(value)
            elif kind is not None:     # a number or an object: json.loads, exactly
                return check_amounts(json.loads(raw))
        return cls(raw, head)

    def _props(self) -> dict[str, Any]:
        if self._full is None:
            self._full = check_amounts(json.loads(self._raw))   # as NodeRec does
        return self._full

    def get(self, key: str, default: Any = None) -> Any:
        if self._full is None and key in _HEAD:
            return self._head.get(key, default)
        return self._props().get(key, default)

    def __getitem__(self, key: str) -> Any:
        if self._full is None and key in _HEAD:
            return self._head[key]
        return self._props()[key]

    def __contains__(self, key: object) -> bool:
        if self._full is None and key in _HEAD:
            return key in self._head
        return key in self._props()

    def __iter__(self) -> Iterator[str]:
        return iter(self._props())

    def __len__(self) -> int:
        return len(self._props())

    def __bool__(self) -> bool:
        return bool(self._head) or bool(self._props())

    def __repr__(self) -> str:
        return repr(self._props())


# rows whose JSON SQLite does not read as an object: damaged, or holding the non-standard numbers
# (NaN, Infinity) Python's json writes, which _damaged_row tells apart
_SUSPECT = ("SELECT id, {column} FROM {table} WHERE CASE WHEN json_valid({column}) "
            "THEN json_type({column}) != 'object' ELSE 1 END")


def _damaged_row(rows: list[tuple[Any, ...]], needs: str | None = None) -> str | None:
    """The id of the first row whose JSON Python cannot read as an object (with key ``needs``)."""
    for rid, text in rows:
        try:
            value = json.loads(text)
        except (ValueError, TypeError):
            return str(rid)
        if not isinstance(value, dict) or (needs is not None and not isinstance(value.get(needs), dict)):
            return str(rid)
    return None


def _stored(db: Path, what: str, key: str, text: str, build: Any = None) -> Any:
    """A row's JSON (an object), built by ``build`` when given; a damaged row (edited by hand, or
    by another program) is one :class:`StoreError` naming the store and the row, not a traceback."""
    try:
        value = json.loads(text)
        if not isinstance(value, dict):
            raise TypeError("not an object")
        return build(value) if build is not None else value
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise StoreError(f"{db}: cannot read store (damaged {what} {key!r}: {type(exc).__name__})") from None



def _regular_store_file(f: Path) -> None:
    """A store file is a regular file (through its links): a FIFO named ``graph.sqlite`` blocked
    every command for ever, in SQLite's own open, which Ctrl-C cannot interrupt; a device would
    be read as a store."""
    try:
        st = os.stat(f)
    except OSError:
        return                      # missing, a loop, a name too long: the caller says which
    if not stat.S_ISREG(st.st_mode):
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO, device or socket"
        raise StoreError(f"{f}: cannot read store (it is {what}, not a file)")

class NetworkxStore:
    """The embedded store. Reads need no server; see the module docstring for the layout."""

    backend = "networkx"

    def __init__(self, path: str | os.PathLike[str], lock_timeout: float | None = None) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout_setting() if lock_timeout is None \
            else lock_timeout
        self._legacy: dict[str, Any] | None = None
        self._graph: Graph | None = None
        self._nx: nx.MultiDiGraph | None = None
        self._parts: dict[frozenset[str], nx.MultiDiGraph] = {}
        self._nodes: list[tuple[Any, ...]] | None = None
        self._lock_fh: Any = None
        #: what the last :meth:`update` redid (see kg.resolve.incremental.Update.stats)
        self.last_update: dict[str, int] = {}
        #: the threshold of the boards kept ready for the next write (None: the store's own, else
        #: queries/ready.yaml's; see :meth:`index`)
        self.ready_min_lines: int | None = None
        #: what the last write did to them (see kg.store.ready_rows.write_ready)
        self.last_ready: dict[str, int] = {}

    # -- reading ------------------------------------------------------------------
    @property
    def db_file(self) -> Path:
        return self.path / DB_FILE

    def _connect(self, file: Path | None = None) -> sqlite3.Connection:
        """A connection to an existing store file (never creates one). Read-write when allowed, so
        that a transaction a killed writer left half done is rolled back before anything is read."""
        f = file or self.db_file
        _regular_store_file(f)
        # a URI names the file by its bytes, percent-escaped: a folder called `a#b`, `50%2e` or
        # `q?mode=memory` is a file name, not a URI fragment, escape or parameter
        where = "file:" + urllib.parse.quote(os.fsencode(f))
        try:
            try:
                con = sqlite3.connect(f"{where}?mode=rw", uri=True, timeout=self.lock_timeout,
                                      isolation_level=None)
            except sqlite3.OperationalError:
                con = sqlite3.connect(f"{where}?mode=ro", uri=True, timeout=self.lock_timeout,
                                      isolation_level=None)
            row = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{f}: cannot read store ({type(exc).__name__}: {exc})") from None
        if row is None or row[0] != str(FORMAT):
            con.close()
            raise StoreError(f"{f}: not a kg store of format {FORMAT}")
        return con

    def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        con = self._connect()
        try:
            return con.execute(sql).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.db_file}: cannot read store ({type(exc).__name__}: {exc})") from None
        finally:
            con.close()

    def _load_legacy(self) -> dict[str, Any] | None:
        """A format-1 store (``graph.json``), or None when there is none."""
        if self._legacy is None:
            f = self.path / LEGACY_FILE
            if not f.exists():
                if self.path.exists() and not self.path.is_dir():
                    raise StoreError(f"{self.path}: store path is a file, not a directory")
                for link in (self.db_file, f):
                    if link.is_symlink():   # a link to nothing is a lost store, not an empty one
                        raise StoreError(f"{link}: cannot read store (a link to a missing file)")
                return None
            _regular_store_file(f)
            try:
                data = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StoreError(f"{f}: cannot read store ({type(exc).__name__})") from None
            if not isinstance(data, dict) or data.get("format") != LEGACY_FORMAT:
                raise StoreError(f"{f}: not a kg store of format {LEGACY_FORMAT}")
            self._legacy = data
        return self._legacy

    def _legacy_or_empty(self) -> dict[str, Any]:
        return self._load_legacy() or {"extractions": {}, "nodes": [], "rels": [], "ledger": []}

    def document_info(self) -> dict[str, tuple[str, str]]:
        """(sha256, source path) of every stored document, by document id; reads no extraction."""
        if self.db_file.exists():
            return {k: (sha, p) for k, sha, p in self._rows("SELECT id, sha256, path FROM documents")}
        return {k: (v["doc"]["sha256"], v["doc"].get("path", ""))
                for k, v in self._legacy_or_empty()["extractions"].items()}

    def document_hashes(self) -> dict[str, str]:
        return {k: v[0] for k, v in self.document_info().items()}

    def extractions(self) -> dict[str, Extraction]:
        if self.db_file.exists():
            return {k: _stored(self.db_file, "extraction", k, v, Extraction.from_json)
                    for k, v in self._rows("SELECT id, extraction FROM documents ORDER BY id")}
        return {k: Extraction.from_json(v) for k, v in self._legacy_or_empty()["extractions"].items()}

    def needs_rebuild(self) -> bool:
        # the graph and the extractions are written in one transaction: never out of step
        return False

    def graph(self) -> Graph:
        """The merged graph, read from the graph tables only (cached until the next commit)."""
        if self._graph is None:
            g = Graph()
            if self.db_file.exists():
                con = self._connect()
                try:
                    for nid, label, props in con.execute("SELECT id, label, props FROM nodes ORDER BY id"):
                        g.add_node(NodeRec(nid, label, _stored(self.db_file, "node", nid, props)))
                    for rid, rtype, start, end, props in con.execute(
                            'SELECT id, type, start, "end", props FROM rels ORDER BY id'):
                        g.add_rel(RelRec(rid, rtype, start, end, _stored(self.db_file, "relationship", rid, props)))
                except sqlite3.DatabaseError as exc:
                    raise StoreError(f"{self.db_file}: cannot read store ({type(exc).__name__})") from None
                finally:
                    con.close()
            else:
                d = self._legacy_or_empty()
                for n in d["nodes"]:
                    g.add_node(NodeRec(n["id"], n["label"], n["props"]))
                for r in d["rels"]:
                    g.add_rel(RelRec(r["id"], r["type"], r["start"], r["end"], r["props"]))
            self._graph = g
        return self._graph

    def counts(self, check: bool = False) -> tuple[dict[str, int], dict[str, int]]:
        """Node counts by label and relationship counts by type, as :meth:`kg.model.Graph.counts`
        gives them, counted by SQLite (``kg stats`` loads no graph); with ``check``, a damaged row
        is refused first, as every reader refuses it (an ingest that just wrote the rows skips that)."""
        if not self.db_file.exists():
            return self.graph().counts()
        if check:
            self._check_rows()
        labels = self._rows("SELECT label, COUNT(*) FROM nodes GROUP BY label")
        types = self._rows("SELECT type, COUNT(*) FROM rels GROUP BY type")
        return dict(sorted(labels)), dict(sorted(types))

    def entity_names(self) -> list[tuple[str, str, str, tuple[str, ...]]] | None:
        """(id, label, name, aliases) of every node but Documents, as :mod:`kg.lookup` finds an
        entity by them (the name as ``NodeRec.name`` gives it, the aliases that are strings), read
        with SQLite's JSON functions: no node's properties are parsed in Python (but where the name
        is not text or the aliases not a list: never, in practice) and no relationship is read.
        None for a format-1 store."""
        if not self.db_file.exists():
            return None
        out = []
        for nid, label, props, name_type, name, _, _, aliases_type, aliases in self._node_rows():
            if label == "Document":
                continue
            if name_type not in (None, "text") or aliases_type not in (None, "null", "array"):
                node = NodeRec(nid, label, json.loads(props))
                name, listed = node.name, node.props.get("aliases") or []
            else:
                name = nid if name_type is None else name
                listed = json.loads(aliases) if aliases_type == "array" else []
            out.append((nid, label, str(name or ""), tuple(a for a in listed if isinstance(a, str))))
        return out

    def _node_rows(self) -> list[tuple[Any, ...]]:
        """Every node row with its name, id and aliases decoded by SQLite (see :class:`LazyProps`),
        read once for the lookup and the query (cached until the next commit)."""
        if self._nodes is None:
            self._check_rows()
            with _collector_paused():
                self._nodes = self._rows(_NODES_WITH_HEAD)
        return self._nodes

    def _check_rows(self) -> None:
        """Readers that leave the rows' JSON to SQLite (or decode it lazily) refuse a damaged row
        first, as :func:`_stored` does for the others: one line naming the row (SQLite checks every
        row in C, a fraction of the time Python's decoding takes)."""
        for table, what in (("nodes", "node"), ("rels", "relationship")):
            bad = _damaged_row(self._rows(_SUSPECT.format(column="props", table=table)))
            if bad is not None:
                raise StoreError(f"{self.db_file}: cannot read store (damaged {what} {bad!r})")

    def ledger(self) -> list[dict[str, Any]]:
        """The merge decisions of the last build (see kg.resolve)."""
        if self.db_file.exists():
            return [_stored(self.db_file, "ledger entry", str(i), e)
                    for i, (e,) in enumerate(self._rows("SELECT entry FROM ledger ORDER BY seq"))]
        return list(self._legacy_or_empty().get("ledger", []))

    def near_misses(self, node_id: str | None = None) -> list[dict[str, Any]] | None:
        """The pairs of nodes that almost merged, as the last ingest found them (the fields of
        :func:`kg.resolve.near.entry`, and ``a_id`` and ``b_id``, the two nodes' ids), best first;
        with ``node_id``, only that node's. Read by node id from their own table (no extraction is
        read). None when the store holds none for its documents: written by an earlier kg, or by a
        writer that kept none (the next ``kg ingest`` finds them)."""
        if not self.db_file.exists():
            return None
        con = self._connect()
        try:
            has = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'near_miss'").fetchone()
            tag = con.execute("SELECT value FROM meta WHERE key = 'near_misses'").fetchone()
            if not has or tag is None or tag[0] != _documents_digest(con):
                return None
            columns = ", ".join(_NEAR_FIELDS)
            if node_id is None:
                found = con.execute(f"SELECT {columns} FROM near_miss ORDER BY {_NEAR_ORDER}").fetchall()
            else:   # a pair of the node with itself (never, in practice) once
                found = con.execute(f"SELECT {columns} FROM near_miss WHERE a_id = ? UNION ALL "
                                    f"SELECT {columns} FROM near_miss WHERE b_id = ? AND a_id != ? "
                                    f"ORDER BY {_NEAR_ORDER}", (node_id, node_id, node_id)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.db_file}: cannot read store ({type(exc).__name__}: {exc})") from None
        finally:
            con.close()
        return [dict(zip(_NEAR_FIELDS, row, strict=True)) for row in found]

    def networkx(self, types: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The graph as a networkx MultiDiGraph (cached until the next commit); with ``types``, every
        node but only the relationships of those types, in the same order as in the whole graph
        (read from the graph tables without the others: a query reads a part of the store)."""
        key = None if types is None else frozenset(types)
        if key is None or not self.db_file.exists() or self._graph is not None:
            if self._nx is None:
                self._nx = to_networkx(self.graph())
            if key is None:
                return self._nx
            full = self._nx
            part = type(full)()
            part.add_nodes_from(full.nodes(data=True))
            part.add_edges_from((s, e, k, d) for s, e, k, d in full.edges(keys=True, data=True)
                                if d["type"] in key)
            return part
        if key not in self._parts:
            with _collector_paused():
                self._parts[key] = self._read_part(key)
        return self._parts[key]

    def _read_part(self, types: frozenset[str]) -> nx.MultiDiGraph:
        import networkx as nx

        g = nx.MultiDiGraph()
        rows = self._node_rows()  # checks every row first
        con = self._connect()
        try:
            for nid, label, props, *head in rows:
                g.add_node(nid, label=label, props=LazyProps.of(props, head))
            marks = ", ".join("?" * len(types))
            for rid, rtype, start, end, props in con.execute(
                    f'SELECT id, type, start, "end", props FROM rels WHERE type IN ({marks}) ORDER BY id',
                    sorted(types)):
                g.add_edge(start, end, key=rid, type=rtype, props=check_amounts(json.loads(props)))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.db_file}: cannot read store ({type(exc).__name__})") from None
        finally:
            con.close()
        return g

    def query(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        from kg.queries import relationship_types, run_networkx

        # only the relationships the query's Cypher can follow (most of a store is MENTIONED_IN)
        return run_networkx(name, self.networkx(relationship_types(name)), params)

    # -- writing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's writer lock (waits up to ``lock_timeout`` seconds)."""
        lock = self.path / ".lock"
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open store ({exc.strerror or type(exc).__name__})") from None
        try:
            # O_NONBLOCK: a FIFO put in its place must not block the open
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK, 0o666)
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise StoreError(f"{lock}: cannot take the writer lock (not a regular file; remove it)")
            fh = os.fdopen(fd, "a+")
        except OSError as exc:
            raise StoreError(f"{lock}: cannot take the writer lock ({exc.strerror or type(exc).__name__})") from None
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if not isinstance(exc, BlockingIOError):
                    fh.close()
                    raise StoreError(f"{lock}: cannot take the writer lock ({exc.strerror})") from None
                if time.monotonic() >= deadline:
                    fh.close()
                    raise StoreError(f"{self.path}: store is locked by another kg process "
                                     f"(waited {self.lock_timeout:.0f}s)") from None
                time.sleep(0.2)
        try:
            self._forget()  # re-read under the lock: another writer may have committed
            # a writer killed mid-write leaves its temporary file; no writer can be using it now
            for stale in self.path.glob(".graph-*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    def _forget(self) -> None:
        self._legacy = None
        self._graph = None
        self._nx = None
        self._parts = {}
        self._nodes = None

    def commit(self, extractions: dict[str, Extraction], graph: Graph,
               ledger: list[dict[str, Any]] | None = None, near_misses: list[dict[str, Any]] | None = None) -> None:
        """Replace ALL stored documents and the graph with these."""
        gone = set(self.document_info()) - set(extractions)
        self.apply(extractions, gone, graph, ledger or [], near_misses)

    def apply(self, changed: dict[str, Extraction], removed: set[str], graph: Graph,
              ledger: list[dict[str, Any]], near_misses: list[dict[str, Any]] | None = None) -> None:
        """Store the ``changed`` documents, drop the ``removed`` ones and make the graph ``graph``
        (with the near-misses of :func:`kg.resolve.near.build`, else none known), writing only the
        rows that differ, in one transaction. The stored resolution is then out of date: the next
        :meth:`update` rebuilds it."""
        def write(con: sqlite3.Connection) -> None:
            _write_graph(con, changed, removed, graph, ledger)
            con.execute("DELETE FROM meta WHERE key = 'resolution'")
            _create_near(con)
            con.execute("DELETE FROM near_miss")
            con.execute("DELETE FROM meta WHERE key = 'near_misses'")
            if near_misses is not None:
                con.executemany(f"INSERT INTO near_miss VALUES ('', '', {', '.join('?' * len(_NEAR_FIELDS))})",
                                [tuple(e[k] for k in _NEAR_FIELDS) for e in near_misses])
                con.execute("INSERT INTO meta VALUES ('near_misses', ?)", (_documents_digest(con),))
        self._transaction(write)

    def update(self, changed: dict[str, Extraction], removed: set[str], decisions: Decisions | None = None,
               texts: dict[str, str] | None = None) -> bool:
        """Store the ``changed`` documents, drop the ``removed`` ones and bring the graph up to date,
        resolving again only the entities they touch (:mod:`kg.resolve.incremental`), in one
        transaction. The whole resolution is rebuilt when the store has none yet or the decisions
        changed. ``texts`` may give a changed extraction's :func:`extraction_text`, made already.
        Returns whether anything was written."""
        from kg.resolve.incremental import TABLES, Update, fingerprint

        written = False
        if not (changed or removed or self.db_file.exists() or decisions and self._load_legacy()):
            return False     # nothing to store, and no store to make

        def write(con: sqlite3.Connection) -> None:
            nonlocal written
            for statement in TABLES.split(";"):
                if statement.strip():
                    con.execute(statement)
            _create_near(con)
            # the resolution was stored for these decisions and these documents (a writer that
            # does not keep it, such as an earlier kg, changes the documents and not it)
            row = con.execute("SELECT value FROM meta WHERE key = 'resolution'").fetchone()
            full = row is None or row[0] != f"{fingerprint(decisions)}\n{_documents_digest(con)}"
            bad = _damaged_row(con.execute(_SUSPECT.format(column="extraction", table="documents").replace(
                "!= 'object'", "!= 'object' OR json_type(extraction, '$.doc') IS NOT 'object'")).fetchall(), "doc")
            if bad is not None:   # a paper's stored extraction is the source of its facts: never guessed
                raise StoreError(f"{self.db_file}: cannot read store (damaged extraction {bad!r})")
            if (changed or removed) and not full:
                # graph rows damaged by hand or by another program are derived: rebuilt whole
                full = any(_damaged_row(con.execute(_SUSPECT.format(column="props", table=table)).fetchall())
                           is not None for table in ("nodes", "rels"))
            if not (full or changed or removed):
                return
            _write_documents(con, changed, removed, texts)

            def load(ids: list[str]) -> dict[str, Extraction]:
                return {k: Extraction.from_json(json.loads(v)) for k, v in _in_rows(
                    con, "SELECT id, extraction FROM documents WHERE id IN ({})", ids)}
            run = Update(con, decisions, load)
            if full:
                for table in [*_RESOLUTION_TABLES, "nodes", "rels", "ledger", "near_miss"]:
                    con.execute(f"DELETE FROM {table}")
                stored = [k for (k,) in con.execute("SELECT id FROM documents ORDER BY id") if k not in changed]
                run.redo({**load(stored), **changed}, set(), full=True)
            else:
                run.redo(changed, removed)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('resolution', ?)",
                        (f"{fingerprint(decisions)}\n{_documents_digest(con)}",))
            # the near-misses are those of these documents (a writer that keeps none changes them)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('near_misses', ?)", (_documents_digest(con),))
            self.last_update = {"full": int(full), **run.stats}
            written = True
        self._transaction(write)
        return written

    def _transaction(self, write: Callable[[sqlite3.Connection], None]) -> None:
        """Run ``write`` in one transaction of the store file (a new file when there is none). A
        write the disk refuses (full, a file size limit, an I/O error) is rolled back and is one
        :class:`StoreError` with exit code 1: the store is as it was."""
        try:
            self._transaction_or_raise(write)
        except (sqlite3.OperationalError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            # a commit the disk refused half-way leaves SQLite's journal: the next connection rolls
            # it back (any reader would); done here, the file is the old one before kg exits
            if self.db_file.exists():
                with contextlib.suppress(StoreError, sqlite3.Error, OSError):
                    self._connect().close()
            # a failure of the run (exit 1), not a usage mistake; but a store the user may not
            # write (a read-only file or folder) is the store's problem, as its settings are (2)
            denied = (isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)) \
                or "readonly database" in reason or "read-only file system" in reason.lower()
            raise StoreError(f"{self.db_file}: cannot write store ({reason}); the store is as it was",
                             code=2 if denied else 1) from None

    def _transaction_or_raise(self, write: Callable[[sqlite3.Connection], None]) -> None:
        if self.db_file.exists():
            con = self._connect()
            try:
                con.execute("BEGIN IMMEDIATE")
                self._write_sealed(con, self.db_file, write)
                con.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    con.execute("ROLLBACK")
                raise
            finally:
                con.close()
        else:
            self._create(write)
        self._forget()

    def index(self, ready_min_lines: int | None = None) -> None:
        """Make the read index again (:mod:`kg.store.read_index`): every ingest that changes the
        store does; a store last written by an earlier kg, or edited since, has none current. With
        ``ready_min_lines``, the boards kept ready (:mod:`kg.store.ready_rows`) are those with at
        least that many lines, from now on, instead of ``queries/ready.yaml``'s threshold."""
        from kg.store.read_index import SEAL_KEY

        def write(con: sqlite3.Connection) -> None:
            # a change, so that the transaction writes the index (kept only with a seal)
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, '')", (SEAL_KEY,))

        self.ready_min_lines = ready_min_lines
        try:
            with self.locked():
                self._transaction(write)
        finally:
            self.ready_min_lines = None

    def _write_sealed(self, con: sqlite3.Connection, file: Path, write: Callable[[sqlite3.Connection], None]) -> None:
        """Inside a transaction: ``write``, then, if it changed anything, the read index that lets
        a named query read only what it touches (:mod:`kg.store.read_index`), sealed with the file
        change counter this transaction ends with (read now: the transaction holds the write lock).
        An index current before is brought up to date for the nodes ``write`` changed; else it is
        made again, and sealed only when no graph row is damaged."""
        from kg.store.read_index import change_counter, changed_nodes, sealed, write_index
        from kg.store.ready_rows import touched_nodes, write_ready

        counter = change_counter(file)
        was_sealed = sealed(con, counter)
        before = con.total_changes
        # the nodes changed (and the ends of the lines changed) are listed (by triggers) only for
        # an index (and rows kept ready) to bring up to date
        with contextlib.ExitStack() as listing:
            changed = listing.enter_context(changed_nodes(con)) if was_sealed else None
            touched = listing.enter_context(touched_nodes(con)) if was_sealed else None
            write(con)
        if con.total_changes == before:
            return
        clean = was_sealed or not any(
            _damaged_row(con.execute(_SUSPECT.format(column="props", table=table)).fetchall())
            for table in ("nodes", "rels"))
        write_index(con, counter, changed, clean)
        if counter is not None and sealed(con, (counter + 1) % 2 ** 32):
            # the board queries of the busiest boards, made now (kg.store.ready_rows)
            self.last_ready = write_ready(con, counter, touched, self.ready_min_lines)

    def _create(self, write: Callable[[sqlite3.Connection], None]) -> None:
        """A new store file (with a format-1 store's documents, if there was one), written beside
        the final name and renamed over it."""
        legacy = self._load_legacy()
        self.path.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".tmp", dir=self.path)
        os.close(fd)
        try:
            con = sqlite3.connect(tmp, isolation_level=None)
            try:
                con.executescript(_TABLES)
                con.execute("BEGIN")
                con.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))
                for k, v in (legacy or {}).get("extractions", {}).items():
                    con.execute("INSERT INTO documents VALUES (?, ?, ?, ?)",
                                (k, v["doc"]["sha256"], v["doc"].get("path", ""), _dumps(v)))
                self._write_sealed(con, Path(tmp), write)
                con.execute("COMMIT")
            finally:
                con.close()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, self.db_file)
            # make the rename itself durable
            dfd = os.open(self.path, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if legacy is not None:
            with contextlib.suppress(OSError):
                (self.path / LEGACY_FILE).unlink()

    def close(self) -> None:
        self._forget()


def _create_near(con: sqlite3.Connection) -> None:
    for statement in _NEAR_TABLE.split(";"):
        if statement.strip():
            con.execute(statement)


def _documents_digest(con: sqlite3.Connection) -> str:
    """A digest of the stored documents' ids and contents."""
    h = hashlib.sha1()
    for k, sha in con.execute("SELECT id, sha256 FROM documents ORDER BY id"):
        h.update(f"{k}\t{sha}\n".encode())
    return h.hexdigest()


def _in_rows(con: sqlite3.Connection, sql: str, values: list[Any]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(values), 500):
        chunk = values[i:i + 500]
        out += con.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
    return out


def _write_documents(con: sqlite3.Connection, changed: dict[str, Extraction], removed: set[str],
                     texts: dict[str, str] | None = None) -> None:
    con.executemany("DELETE FROM documents WHERE id = ?", [(k,) for k in sorted(removed)])
    made = texts or {}
    con.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)",
                    [(k, ex.doc.sha256, ex.doc.path, made.get(k) or extraction_text(ex))
                     for k, ex in sorted(changed.items())])


def _write_graph(con: sqlite3.Connection, changed: dict[str, Extraction], removed: set[str], graph: Graph,
           ledger: list[dict[str, Any]]) -> None:
    """Inside a transaction: documents changed and removed; graph rows written where they differ."""
    _write_documents(con, changed, removed)
    old_nodes = {nid: (label, props) for nid, label, props in con.execute("SELECT id, label, props FROM nodes")}
    new_nodes = {n.id: (n.label, _dumps(n.props)) for n in graph.nodes.values()}
    con.executemany("DELETE FROM nodes WHERE id = ?", [(k,) for k in sorted(old_nodes.keys() - new_nodes.keys())])
    con.executemany("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?)",
                    [(k, *v) for k, v in sorted(new_nodes.items()) if old_nodes.get(k) != v])
    old_rels = {rid: rest for rid, *rest in con.execute('SELECT id, type, start, "end", props FROM rels')}
    new_rels = {r.id: [r.type, r.start, r.end, _dumps(r.props)] for r in graph.rels.values()}
    con.executemany("DELETE FROM rels WHERE id = ?", [(k,) for k in sorted(old_rels.keys() - new_rels.keys())])
    con.executemany("INSERT OR REPLACE INTO rels VALUES (?, ?, ?, ?, ?)",
                    [(k, *v) for k, v in sorted(new_rels.items()) if old_rels.get(k) != v])
    entries = [_dumps(e) for e in ledger]
    if [e for (e,) in con.execute("SELECT entry FROM ledger ORDER BY seq")] != entries:
        con.execute("DELETE FROM ledger")
        con.executemany("INSERT INTO ledger VALUES (?, ?)", list(enumerate(entries)))
