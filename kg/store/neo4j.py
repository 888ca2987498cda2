"""The Neo4j store: the same GraphStore as the embedded one, on a Neo4j 5 server (Bolt).

What is in the database (kg owns it: a commit makes the database hold exactly the graph, so
point kg at a database or server of its own):

* one node per graph node, its label the node's label, its properties the node's properties
  (``id`` included); one relationship per graph relationship, likewise;
* ``(:_KgExtraction {doc, sha256, digest, json})``: each document's extraction, so a changed
  document's facts can be replaced exactly;
* ``(:_KgMeta {key: "store"})``: ``committing`` (true while a commit runs), the merge ledger, the
  near-misses (``near_misses``: JSON, as :meth:`Neo4jStore.near_misses` gives them), counts.

Both internal labels are left out of :meth:`Neo4jStore.graph`, export and the named queries.

For the named queries' entity lookup (name, id or alias, ignoring case), every graph node also
carries the internal label ``_KgNode`` and property ``_keys``: its lowered name, id and aliases,
each between two U+001F separators, as Cypher ``toLower`` lowers them (it is computed by the
server). One TEXT index on ``_KgNode(_keys)`` serves ``n._keys CONTAINS '\\u001f' + toLower($x) +
'\\u001f'``, where the case-insensitive comparison itself cannot use an index. :meth:`graph`,
export and :func:`plain` leave both out.

A commit writes only what changed: the meta node keeps a digest of each label's nodes and each
(type, start label, end label) group of relationships; unchanged groups are skipped, and in the
others each item's digest (property ``_h``) tells which rows to write and which to delete. It is
resumable rather than atomic (a large graph does not fit one transaction): it first marks the
store ``committing`` and writes the changed extractions in one transaction, then deletes stale
rows and MERGEs new and changed ones on their stable ids in UNWIND batches (``SET n = props``
replaces properties, so a re-run never duplicates list entries), and clears the mark. A commit
killed at any point leaves the mark set, so :meth:`~Neo4jStore.needs_rebuild` is true, readers
refuse the graph (:meth:`~Neo4jStore.check_complete`) and the ingest pipeline commits again,
comparing every group row by row; the re-run ends identical to a clean one. Every commit holds
the writer lock (:meth:`~Neo4jStore.locked`), checked in each write transaction.

Values reach Cypher only as parameters; labels and relationship types (which Cypher cannot take
as parameters) come from the graph and are checked to be plain identifiers before use.

>>> open_neo4j(uri="http://localhost:7474", password="x")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.store.base.StoreError: Neo4j URI 'http://localhost:7474': scheme must be one of bolt, ..., neo4j+ssc
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import pickle
import re
import socket
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from datetime import time as dtime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kg.model import Extraction, Graph, NodeRec, RelRec
from kg.store.base import StoreError, _printable, lock_timeout_setting, setting

EXTRACTION = "_KgExtraction"
META = "_KgMeta"
INTERNAL_LABELS = (EXTRACTION, META)
#: every graph node's second label and its lookup-key property (see the module docstring)
NODE = "_KgNode"
KEYS = "_keys"
#: every graph node's and relationship's digest (see :func:`_item_hash`): a commit rewrites only changed ones
HASH = "_h"
INTERNAL_PROPS = (KEYS, HASH)
#: the store's layout version: 2 added the lookup keys, 3 the digests (``_h``, group digests in the meta)
FORMAT = 3
# the lookup keys, lowered by the server so they fold exactly as toLower($x) in a query does
_SET_KEYS = (f"n:{NODE}, n.{KEYS} = reduce(k = '\\u001f', x IN [r.props.name, r.props.id] + "
             "CASE WHEN r.props.aliases IS :: LIST<ANY> NOT NULL THEN r.props.aliases ELSE [] END | "
             "CASE WHEN x IS :: STRING NOT NULL THEN k + toLower(x) + '\\u001f' ELSE k END)")
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_BATCH = 5000  # rows per UNWIND batch; $KG_NEO4J_BATCH overrides it
LOCK_LEASE = 120.0  # seconds; renewed every 30 s while held
# The driver logs connection failures through logging's last-resort handler (a second, unasked-for
# stderr line); kg reports every such problem itself, in one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())
logging.getLogger("neo4j").propagate = False

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def batch_size_setting() -> int:
    """Rows per write batch: ``$KG_NEO4J_BATCH`` (1 to 1,000,000) or 5000."""
    return int(setting("KG_NEO4J_BATCH", DEFAULT_BATCH, 1, 1_000_000, "rows", integer=True))


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every secret (of 3 characters or more) replaced by ``***``.

    >>> redact("bad uri neo4j:hunter22@host", "hunter22")
    'bad uri neo4j:***@host'
    """
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return text


def _ident(name: str) -> str:
    """A label or relationship type as a quoted Cypher identifier; StoreError if it is not a plain name."""
    if not _IDENT.fullmatch(name):  # fullmatch: '$' alone would accept a trailing newline
        raise StoreError(f"cannot store label or type '{name[:40]}' in Neo4j: not a plain identifier")
    return f"`{name}`"


def safe_uri(uri: str) -> str:
    """The URI without user info or query (for messages).

    >>> safe_uri("neo4j+s://user:secret@example.org:7687?x=1")
    'neo4j+s://example.org:7687'
    >>> safe_uri("neo4j:secret@example.org:7687")
    'example.org:7687'
    """
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<unparsable URI>"
    if not parts.scheme or not parts.netloc:  # no scheme: "host:port", or "user:secret@host"
        return _printable(uri.rpartition("@")[2].split("?", 1)[0].split("#", 1)[0], 60)
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        port = None
        host = parts.netloc.rpartition("@")[2]
    if port:
        host = f"{host}:{port}"
    return _printable(urlunsplit((parts.scheme, host, parts.path, "", "")), 80)


def plain(value: Any) -> Any:
    """A value from the driver as plain JSON-able Python: nodes and relationships as their
    property dicts, paths as lists of node dicts, temporal values as ISO strings.

    >>> plain([1, 2.5, {"a": (1, 2)}])
    [1, 2.5, {'a': [1, 2]}]
    """
    from neo4j.graph import Node, Path, Relationship

    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (Node, Relationship)):
        return {k: plain(v) for k, v in dict(value).items() if k not in INTERNAL_PROPS}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (date, datetime, dtime)):
        return value.isoformat()
    iso = getattr(value, "iso_format", None)  # neo4j.time types
    if callable(iso):
        return iso()
    return str(value)


def _dead_local(owner: str) -> bool:
    """True when a lock owner ``host:pid:token`` is a process on this host that no longer runs."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest_of(value: Any) -> str:
    """A digest of a group of rows, cheap enough for every commit (one C-level pickle, no memo so
    shared and equal objects give the same bytes). It depends on dict order: a different order only
    costs a row-by-row comparison (:func:`_item_hash`), never a wrong skip."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=5)
    pickler.fast = True  # no memo: the bytes do not depend on which equal objects are shared
    pickler.dump(value)
    return hashlib.blake2b(buf.getbuffer(), digest_size=16).hexdigest()


def _item_hash(value: Any) -> str:
    """One node's or relationship's canonical digest (keys sorted; 1 and 1.0 differ), kept on it as ``_h``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


#: a node or relationship to write, with its digest if it was already computed
Todo = tuple[Any, "str | None"]
#: the digest slot of a row of a group the database holds nothing of (computed while writing)
FRESH: str | None = None


def _node_hash(n: NodeRec) -> str:
    return _item_hash({**n.props, "id": n.id})


def _rel_hash(r: RelRec) -> str:
    return _item_hash([r.start, r.end, {**r.props, "id": r.id}])


def _node_rows(todo: list[Todo]) -> list[dict[str, Any]]:
    return [{"id": n.id, "props": {**n.props, "id": n.id}, "h": h or _node_hash(n)} for n, h in todo]


def _rel_rows(todo: list[Todo]) -> list[dict[str, Any]]:
    return [{"id": r.id, "s": r.start, "e": r.end, "props": {**r.props, "id": r.id}, "h": h or _rel_hash(r)}
            for r, h in todo]


def _prepared(batches: list[list[Todo]], prepare: Callable[[list[Todo]], list[dict[str, Any]]]
              ) -> Iterator[list[dict[str, Any]]]:
    """The batches' rows, each prepared (digests computed) in a worker thread while the one before
    it is being written: the client waits on the server for most of a batch, so this is nearly free."""
    if not batches:
        return
    with ThreadPoolExecutor(1, thread_name_prefix="kg-neo4j-rows") as pool:
        nxt = pool.submit(prepare, batches[0])
        for i in range(len(batches)):
            cur = nxt.result()
            if i + 1 < len(batches):
                nxt = pool.submit(prepare, batches[i + 1])
            yield cur


def _batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


class Neo4jStore:
    """GraphStore on Neo4j. Open it with :func:`open_neo4j`; see the module docstring."""

    backend = "neo4j"

    def __init__(self, driver: Any, uri: str, username: str, database: str,
                 batch_size: int = DEFAULT_BATCH) -> None:
        self._driver = driver
        self.uri = uri
        self.username = username
        self.database = database
        self.batch_size = max(1, batch_size)
        #: called after every write batch with (stage, rows written so far); used by tests and bench
        self.on_batch: Callable[[str, int], None] | None = None
        self._lock_owner: str | None = None
        #: the password, only to blank it out of any message a server or driver might echo it in
        self.password_hint: str | None = None

    # -- plumbing -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver errors as one-line StoreErrors (never with the password)."""
        try:
            yield
        except StoreError:
            raise
        except Exception as exc:
            if _interrupted(exc):
                # Ctrl-C or SIGTERM inside the driver, then the driver's own clean-up (closing
                # the session on a connection left mid-transaction) failed: the interrupt is what
                # happened, and is said as one (exit 130 or 143), not as the clean-up's error
                raise KeyboardInterrupt from None
            err = neo4j_error(exc, self.uri, self.username, self.database)
            if err is None:
                raise
            raise StoreError(redact(str(err), self.password_hint)) from None

    def _session(self, read: bool = False) -> Any:
        import neo4j

        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    def _read(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx: Any) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(cypher, params)]

        with self._errors(), self._session(read=True) as s:
            rows: list[dict[str, Any]] = s.execute_read(work)
            return rows

    def _write(self, cypher: str, **params: Any) -> None:
        """Run one write statement in its own transaction. While this store holds the writer lock,
        the same transaction first checks that it still does (and renews the lease): a writer whose
        lease was taken over stops with a StoreError instead of writing over the new owner's rows."""
        def work(tx: Any) -> None:
            self._fence(tx)
            tx.run(cypher, params).consume()

        with self._errors(), self._session() as s:
            s.execute_write(work)

    def _fence(self, tx: Any) -> None:
        """In a write transaction: check that this store still holds the writer lock, if it took it."""
        me = self._lock_owner
        if me is None:
            return
        held = tx.run(f"MATCH (l:{META} {{key: 'lock'}}) WHERE l.owner = $me SET l.expires = $exp "
                      "RETURN count(l) AS n", me=me, exp=time.time() + LOCK_LEASE).single()
        if not held or not held["n"]:
            raise StoreError(f"Neo4j at {safe_uri(self.uri)}: this commit lost the writer lock to another "
                             "kg process; nothing more was written (run it again)")

    def ping(self) -> None:
        """Check that the server answers and the database exists (StoreError otherwise)."""
        # auto-commit: a managed transaction would retry a dead server for max_transaction_retry_time
        with self._errors(), self._session(read=True) as s:
            s.run("RETURN 1 AS ok").consume()

    # -- reading ------------------------------------------------------------------------------
    def document_hashes(self) -> dict[str, str]:
        rows = self._read(f"MATCH (e:{EXTRACTION}) RETURN e.doc AS doc, e.sha256 AS sha")
        return {r["doc"]: r["sha"] for r in rows}

    def extractions(self) -> dict[str, Extraction]:
        rows = self._read(f"MATCH (e:{EXTRACTION}) RETURN e.doc AS doc, e.json AS json ORDER BY doc")
        return {r["doc"]: Extraction.from_json(json.loads(r["json"])) for r in rows}

    def _meta(self) -> dict[str, Any]:
        rows = self._read(f"MATCH (m:{META} {{key: 'store'}}) RETURN properties(m) AS p")
        return dict(rows[0]["p"]) if rows else {}

    def needs_rebuild(self) -> bool:
        meta = self._meta()
        # format 1 (before the lookup keys): the named queries need one commit to find anything
        return bool(meta.get("committing", False)) or (bool(meta) and meta.get("format", 1) < FORMAT)

    def check_complete(self) -> None:
        """StoreError (one line) unless the graph is whole: after a commit that was interrupted
        ("interrupted commit: run kg ingest or kg push again"), or while another process's commit
        runs. Every reader (:meth:`graph`, :meth:`query`, :meth:`run`) asks first; the writer that
        holds the lock may read the half-written graph, since it is the one that repairs it."""
        if self._lock_owner is not None:
            return
        rows = self._read(f"MATCH (m:{META}) WHERE m.key IN ['store', 'lock'] "
                          "RETURN m.key AS key, m.committing AS committing, m.owner AS owner, m.expires AS expires, "
                          "m.format AS format")
        by_key = {r["key"]: r for r in rows}
        store = by_key.get("store") or {}
        fmt = store.get("format", 1)
        if store and not store.get("committing") and isinstance(fmt, int) and fmt < 2:
            # before format 2 nodes had no lookup label, which readers and queries now go by
            raise StoreError(f"Neo4j at {safe_uri(self.uri)}: written by an older kg: run kg ingest or kg push again")
        if not store.get("committing"):
            return
        lock = by_key.get("lock") or {}
        owner, expires = lock.get("owner"), lock.get("expires")
        where = f"Neo4j at {safe_uri(self.uri)}"
        if owner and isinstance(expires, (int, float)) and expires > time.time() and not _dead_local(str(owner)):
            raise StoreError(f"{where}: a kg commit is running (by {owner}); try again when it ends")
        raise StoreError(f"{where}: interrupted commit: run kg ingest or kg push again")

    def ledger(self) -> list[dict[str, Any]]:
        """The merge decisions of the last commit (see kg.resolve)."""
        raw = self._meta().get("ledger")
        return list(json.loads(raw)) if raw else []

    def near_misses(self, node_id: str | None = None) -> list[dict[str, Any]] | None:
        """The pairs of nodes that almost merged, as the last commit gave them (see
        :meth:`kg.store.memory.NetworkxStore.near_misses`); with ``node_id``, only that node's. None
        when the last commit gave none (a database written by an earlier kg)."""
        self.check_complete()
        rows = self._read(f"MATCH (m:{META} {{key: 'store'}}) RETURN m.near_misses AS n")   # not the ledger
        raw = rows[0]["n"] if rows else None
        if not isinstance(raw, str):
            return None
        try:
            found = json.loads(raw)
        except ValueError:
            raise StoreError(f"Neo4j at {safe_uri(self.uri)}: cannot read the near-misses (damaged)") from None
        if not isinstance(found, list) or not all(isinstance(e, dict) for e in found):
            raise StoreError(f"Neo4j at {safe_uri(self.uri)}: cannot read the near-misses (damaged)")
        return [e for e in found if node_id is None or node_id in (e.get("a_id"), e.get("b_id"))]

    def graph(self) -> Graph:
        self.check_complete()
        g = Graph()
        with self._errors(), self._session(read=True) as s:
            def nodes(tx: Any) -> None:
                # kg's nodes only (its lookup label and a string id): anything else in the database
                # was not written by kg, and the next commit deletes it
                res = tx.run(f"MATCH (n:{NODE}) WHERE n.id IS :: STRING NOT NULL "
                             "RETURN labels(n) AS labels, properties(n) AS p")
                for rec in res:
                    labels = sorted(x for x in rec["labels"] if not x.startswith("_"))
                    if labels:
                        p = {k: v for k, v in rec["p"].items() if k not in INTERNAL_PROPS}
                        g.add_node(NodeRec(p["id"], labels[0], p))

            def rels(tx: Any) -> None:
                res = tx.run(f"MATCH (a:{NODE})-[r]->(b:{NODE}) WHERE r.id IS :: STRING NOT NULL "
                             "RETURN type(r) AS t, a.id AS s, b.id AS e, properties(r) AS p")
                for rec in res:
                    if rec["s"] in g.nodes and rec["e"] in g.nodes:
                        p = {k: v for k, v in rec["p"].items() if k not in INTERNAL_PROPS}
                        g.add_rel(RelRec(p["id"], rec["t"], rec["s"], rec["e"], p))

            s.execute_read(nodes)
            s.execute_read(rels)
        return g

    def query(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        from kg.queries import prepare

        q, bound = prepare(name, params)
        return self.run(q.cypher, bound)

    def run(self, cypher: str, params: dict[str, Any] | None = None, write: bool = False
            ) -> list[dict[str, Any]]:
        """Run any Cypher with parameters; rows as plain dicts. Read-only unless ``write``: a write
        in a read transaction is refused by the server (StoreError). A read of a half-written graph
        is refused too (:meth:`check_complete`)."""
        if not write:
            self.check_complete()

        def work(tx: Any) -> list[dict[str, Any]]:
            res = tx.run(cypher, params or {})
            return [{k: plain(v) for k, v in zip(rec.keys(), rec.values(), strict=True)} for rec in res]

        with self._errors(), self._session(read=not write) as s:
            rows: list[dict[str, Any]] = s.execute_write(work) if write else s.execute_read(work)
            return rows

    # -- writing ---------------------------------------------------------------------------------
    def ensure_schema(self, labels: Iterable[str], indexes: bool = True) -> None:
        """Uniqueness constraints on ``id`` and indexes on ``name`` for these labels, and the TEXT
        index on the lookup keys (idempotent). Without ``indexes`` only the constraints: a commit
        makes the indexes after writing, so a fresh load fills them in bulk, not row by row."""
        stmts = [f"CREATE CONSTRAINT kg_extraction_doc IF NOT EXISTS FOR (n:{EXTRACTION}) "
                 "REQUIRE n.doc IS UNIQUE",
                 f"CREATE CONSTRAINT kg_meta_key IF NOT EXISTS FOR (n:{META}) REQUIRE n.key IS UNIQUE"]
        if indexes:
            stmts.append(f"CREATE TEXT INDEX kg_node_keys IF NOT EXISTS FOR (n:{NODE}) ON (n.{KEYS})")
        for label in sorted(set(labels)):
            q = _ident(label)
            stmts.append(f"CREATE CONSTRAINT `kg_{label}_id` IF NOT EXISTS FOR (n:{q}) "
                         "REQUIRE n.id IS UNIQUE")
            if indexes:
                stmts.append(f"CREATE INDEX `kg_{label}_name` IF NOT EXISTS FOR (n:{q}) ON (n.name)")
        existing = {r["name"] for r in self._read("SHOW CONSTRAINTS YIELD name RETURN name")} | \
                   {r["name"] for r in self._read("SHOW INDEXES YIELD name RETURN name")}
        missing = []
        for stmt in stmts:
            words = stmt.split()  # CREATE [TEXT] INDEX|CONSTRAINT name IF NOT EXISTS ...
            if words[words.index("IF") - 1].strip("`") not in existing:
                missing.append(stmt)
        if not missing:
            return
        with self._errors(), self._session() as s:
            for stmt in missing:
                # schema commands run in their own auto-commit transactions
                s.run(stmt).consume()
            s.run("CALL db.awaitIndexes(300)").consume()

    def commit(self, extractions: dict[str, Extraction], graph: Graph,
               ledger: list[dict[str, Any]] | None = None, near_misses: list[dict[str, Any]] | None = None) -> None:
        """Make the database hold exactly these extractions and this graph (see the module docstring).

        Every commit holds the writer lock (:meth:`locked`; taken here unless the caller holds it),
        and every write batch checks, in its own transaction, that this writer still holds it: two
        writers (``kg push``, ``kg ingest``, on any machine) never interleave their batches."""
        if self._lock_owner is None:
            with self.locked():
                self._commit(extractions, graph, ledger, near_misses)
        else:
            self._commit(extractions, graph, ledger, near_misses)

    def _commit(self, extractions: dict[str, Extraction], graph: Graph,
                ledger: list[dict[str, Any]] | None, near_misses: list[dict[str, Any]] | None = None) -> None:
        nodes: dict[str, list[NodeRec]] = defaultdict(list)
        for n in graph.nodes.values():
            nodes[n.label].append(n)
        rels: dict[tuple[str, str, str], list[RelRec]] = defaultdict(list)
        for r in graph.rels.values():
            s, e = graph.nodes.get(r.start), graph.nodes.get(r.end)
            if s is None or e is None:
                raise StoreError(f"relationship {r.id}: its {'start' if s is None else 'end'} node is not "
                                 "in the graph")
            rels[(r.type, s.label, e.label)].append(r)
        for label in nodes:
            _ident(label)
        for t, _, _ in rels:
            _ident(t)
        # one digest per label and per (type, start label, end label): an unchanged group is not read
        groups = {f"n:{label}": _digest_of([(n.id, n.props) for n in ns]) for label, ns in nodes.items()}
        groups.update({f"r:{t}:{sl}:{el}": _digest_of([(r.id, r.start, r.end, r.props) for r in rs])
                       for (t, sl, el), rs in rels.items()})
        self._refuse_foreign()
        self.ensure_schema(nodes, indexes=False)
        state = self._state()
        ex_rows, gone = self._extraction_changes(extractions)
        # the ledger and the near-misses (none known: null) as the meta node keeps them
        said = (json.dumps(ledger or [], ensure_ascii=False),
                None if near_misses is None else json.dumps(near_misses, ensure_ascii=False))
        # the database is as the last commit left it when that commit finished and the counts agree
        trusted = state["trusted"]
        old = state["groups"] if trusted else {}
        changed = {k for k, v in groups.items() if old.get(k) != v}
        if trusted and not changed and set(old) == set(groups) and not ex_rows and not gone \
                and state["said"] == said:
            return  # nothing changed: nothing is written
        # what to write and delete, read under the writer lock before anything is written
        todo_nodes: dict[str, list[Todo]] = {}
        todo_rels: dict[tuple[str, str, str], list[Todo]] = {}
        stale_nodes: list[str] = []
        stale_rels: list[str] = []
        for label in sorted(nodes):
            if f"n:{label}" in changed:
                todo_nodes[label], stale = self._node_changes(label, nodes[label], state["upgrade"])
                stale_nodes += stale
        for key in sorted(rels):
            if "r:{}:{}:{}".format(*key) in changed:
                todo_rels[key], stale = self._rel_changes(key, rels[key], state["upgrade"])
                stale_rels += stale
        if trusted and set(old) == set(groups) and not ex_rows and not gone and state["said"] == said \
                and not stale_nodes and not stale_rels and not any(todo_nodes.values()) \
                and not any(todo_rels.values()):
            # the same graph built another way (dict order): no row to write; keep its digests
            self._write(f"MATCH (m:{META} {{key: 'store'}}) SET m.groups = $g", g=json.dumps(groups, sort_keys=True))
            return
        self._begin(ex_rows, gone, said)
        # removed first (a relationship whose ends or properties changed is replaced whole)
        deleted = 0
        for batch in _batches(stale_rels, self.batch_size):
            self._write("UNWIND $eids AS e MATCH ()-[r]->() WHERE elementId(r) = e DELETE r", eids=batch)
            deleted += len(batch)
            if self.on_batch:
                self.on_batch("deleted", deleted)
        for batch in _batches(stale_nodes, self.batch_size):
            self._write("UNWIND $eids AS e MATCH (n) WHERE elementId(n) = e DETACH DELETE n", eids=batch)
            deleted += len(batch)
            if self.on_batch:
                self.on_batch("deleted", deleted)
        done = 0
        for label, todo in todo_nodes.items():
            # a group with nothing in the database yet is CREATEd: no lookup per row (the writer
            # lock guarantees nothing else adds to it meanwhile)
            if todo and todo[0][1] is FRESH:
                stmt = f"UNWIND $rows AS r CREATE (n:{_ident(label)}) SET n = r.props SET {_SET_KEYS}, n.{HASH} = r.h"
            else:
                stmt = (f"UNWIND $rows AS r MERGE (n:{_ident(label)} {{id: r.id}}) SET n = r.props "
                        f"SET {_SET_KEYS}, n.{HASH} = r.h")
            for batch in _prepared(list(_batches(todo, self.batch_size)), _node_rows):
                self._write(stmt, rows=batch)
                done += len(batch)
                if self.on_batch:
                    self.on_batch("nodes", done)
        done = 0
        for (t, sl, el), todo in todo_rels.items():
            if todo and todo[0][1] is FRESH:
                stmt = (f"UNWIND $rows AS r MATCH (a:{_ident(sl)} {{id: r.s}}) MATCH (b:{_ident(el)} {{id: r.e}}) "
                        f"CREATE (a)-[x:{_ident(t)} {{id: r.id}}]->(b) SET x = r.props, x.{HASH} = r.h")
            else:
                stmt = (f"UNWIND $rows AS r MATCH (a:{_ident(sl)} {{id: r.s}}) MATCH (b:{_ident(el)} {{id: r.e}}) "
                        f"MERGE (a)-[x:{_ident(t)} {{id: r.id}}]->(b) SET x = r.props, x.{HASH} = r.h")
            for batch in _prepared(list(_batches(todo, self.batch_size)), _rel_rows):
                self._write(stmt, rows=batch)
                done += len(batch)
                if self.on_batch:
                    self.on_batch("rels", done)
        # what no group holds any more (a label or type that went, nodes made by hand): counts tell
        self._delete_stale(graph)
        self.ensure_schema(nodes)  # the indexes, filled in bulk when they are new
        self._write(f"MATCH (m:{META} {{key: 'store'}}) SET m.committing = false, m.nodes = $n, m.rels = $r, "
                    "m.groups = $g, m.committed_at = $t", n=len(graph.nodes), r=len(graph.rels),
                    g=json.dumps(groups, sort_keys=True), t=time.time())

    def _refuse_foreign(self) -> None:
        """StoreError when kg has never committed to this database and it already holds nodes: a
        commit replaces a database's whole content, so kg does not take over someone else's."""
        if self._meta():
            return
        n = self._count(f"MATCH (n) WHERE NOT n:{META} RETURN count(n) AS c")
        if n:
            raise StoreError(f"Neo4j at {safe_uri(self.uri)}, database '{self.database}': holds {n} node"
                             f"{'s' if n != 1 else ''} that kg did not write; kg replaces a database's whole "
                             "content, so point it at an empty database (or empty this one: "
                             "kg cypher --write 'MATCH (n) DETACH DELETE n')")

    def _state(self) -> dict[str, Any]:
        """What the last commit left: whether it finished (and the database still holds as many nodes
        and relationships as it wrote), its group digests and ledger."""
        meta = self._meta()
        internal = self._count(f"MATCH (n:{EXTRACTION}) RETURN count(n) AS c") + \
            self._count(f"MATCH (n:{META}) RETURN count(n) AS c")
        n_nodes = self._count("MATCH (n) RETURN count(n) AS c") - internal
        n_rels = self._count("MATCH ()-[r]->() RETURN count(r) AS c")
        try:
            groups = json.loads(meta.get("groups") or "{}")
        except ValueError:
            groups = {}
        trusted = bool(meta) and not meta.get("committing") and meta.get("format") == FORMAT \
            and isinstance(groups, dict) and meta.get("nodes") == n_nodes and meta.get("rels") == n_rels
        return {"trusted": trusted, "groups": groups if isinstance(groups, dict) else {},
                "upgrade": bool(meta) and meta.get("format") != FORMAT,
                "nodes": n_nodes, "rels": n_rels,
                "said": (meta.get("ledger"), meta.get("near_misses"))}

    def _node_changes(self, label: str, wanted: list[NodeRec], upgrade: bool = False
                      ) -> tuple[list[Todo], list[str]]:
        """The nodes of ``label`` to write (new or changed, with their digest when it was needed to
        decide) and the element ids of its stale nodes. ``upgrade`` (a database written by an older
        kg, whose layout lacks something) writes every node again."""
        have: dict[str, str | None] = {}
        stale: list[str] = []
        for rec in self._read(f"MATCH (n:{_ident(label)}) RETURN n.id AS id, n.{HASH} AS h, elementId(n) AS eid"):
            if not isinstance(rec["id"], str) or rec["id"] in have:
                stale.append(rec["eid"])
            else:
                have[rec["id"]] = rec["h"]
        ordered = sorted(wanted, key=lambda x: x.id)
        if not have and not stale:  # nothing of this label yet (a fresh load): all of it, digests computed
            return [(n, FRESH) for n in ordered], stale  # while writing, CREATEd (nothing to merge with)
        stale += self._eids_of(label, set(have) - {n.id for n in wanted})
        todo: list[Todo] = []
        for n in ordered:
            h = _node_hash(n)
            if upgrade or have.get(n.id) != h:
                todo.append((n, h))
        return todo, stale

    def _eids_of(self, label: str, ids: set[str]) -> list[str]:
        if not ids:
            return []
        rows = self._read(f"UNWIND $ids AS i MATCH (n:{_ident(label)} {{id: i}}) RETURN elementId(n) AS eid",
                          ids=sorted(ids))
        return [r["eid"] for r in rows]

    def _rel_changes(self, key: tuple[str, str, str], wanted: list[RelRec], upgrade: bool = False
                     ) -> tuple[list[Todo], list[str]]:
        """The relationships of one (type, start label, end label) group to write, and the element ids
        of those to delete: gone, duplicated, or changed (a changed one is replaced whole);
        ``upgrade`` writes every one again."""
        t, sl, el = key
        ordered = sorted(wanted, key=lambda x: x.id)
        found = self._read(f"MATCH (:{_ident(sl)})-[r:{_ident(t)}]->(:{_ident(el)}) "
                           f"RETURN r.id AS id, r.{HASH} AS h, elementId(r) AS eid")
        if not found:
            return [(r, FRESH) for r in ordered], []
        want = {r.id: _rel_hash(r) for r in ordered}
        stale: list[str] = []
        kept: set[str] = set()
        for rec in found:
            rid = rec["id"]
            if not upgrade and isinstance(rid, str) and rid not in kept and want.get(rid) == rec["h"]:
                kept.add(rid)
            else:
                stale.append(rec["eid"])
        return [(r, want[r.id]) for r in ordered if r.id not in kept], stale

    def _extraction_changes(self, extractions: dict[str, Extraction]) -> tuple[list[dict[str, Any]], list[str]]:
        """The extraction rows to write (new or changed) and the documents to remove."""
        stored = {r["doc"]: r["digest"] for r in
                  self._read(f"MATCH (e:{EXTRACTION}) RETURN e.doc AS doc, e.digest AS digest")}
        rows = []
        for doc in sorted(extractions):
            text = json.dumps(extractions[doc].to_json(), ensure_ascii=False, sort_keys=True)
            dg = _digest(text)
            if stored.get(doc) != dg:  # unchanged extractions are not rewritten
                rows.append({"doc": doc, "sha256": extractions[doc].doc.sha256, "digest": dg, "json": text})
        return rows, sorted(set(stored) - set(extractions))

    def _begin(self, rows: list[dict[str, Any]], gone: list[str], said: tuple[str, str | None]) -> None:
        """One transaction: set the ``committing`` mark, the ledger and near-misses, and replace the
        changed extractions."""
        def work(tx: Any) -> None:
            self._fence(tx)
            tx.run(f"MERGE (m:{META} {{key: 'store'}}) SET m.committing = true, m.format = $format, "
                   "m.started_at = $t, m.ledger = $ledger, m.near_misses = $near", t=time.time(), ledger=said[0],
                   near=said[1], format=FORMAT).consume()
            tx.run(f"UNWIND $rows AS r MERGE (e:{EXTRACTION} {{doc: r.doc}}) "
                   "SET e.sha256 = r.sha256, e.digest = r.digest, e.json = r.json", rows=rows).consume()
            tx.run(f"UNWIND $docs AS d MATCH (e:{EXTRACTION} {{doc: d}}) DELETE e", docs=gone).consume()

        with self._errors(), self._session() as s:
            s.execute_write(work)

    def _count(self, cypher: str) -> int:
        return int(self._read(cypher)[0]["c"])

    def _delete_stale(self, graph: Graph) -> None:
        """Delete every node and relationship that is not in ``graph`` (after the upserts, every
        wanted one exists, so equal counts mean there is nothing to delete)."""
        internal = self._count(f"MATCH (n:{EXTRACTION}) RETURN count(n) AS c") + \
            self._count(f"MATCH (n:{META}) RETURN count(n) AS c")
        if self._count("MATCH (n) RETURN count(n) AS c") != len(graph.nodes) + internal:
            wanted = {(n.label, n.id) for n in graph.nodes.values()}
            stale: list[str] = []
            seen: set[tuple[str, str]] = set()
            for rec in self._read("MATCH (n) WHERE NOT n:_KgExtraction AND NOT n:_KgMeta "
                                  "RETURN elementId(n) AS eid, labels(n) AS labels, n.id AS id"):
                own = [x for x in rec["labels"] if x != NODE]
                key = (own[0] if len(own) == 1 else "", rec["id"])
                if key not in wanted or key in seen:
                    stale.append(rec["eid"])
                seen.add(key)
            for batch in _batches(stale, self.batch_size):
                self._write("UNWIND $eids AS e MATCH (n) WHERE elementId(n) = e DETACH DELETE n", eids=batch)
        if self._count("MATCH ()-[r]->() RETURN count(r) AS c") != len(graph.rels):
            wanted_r = {(r.type, r.id, r.start, r.end) for r in graph.rels.values()}
            stale = []
            seen_r: set[tuple[str, str, str, str]] = set()
            for rec in self._read("MATCH (a)-[r]->(b) RETURN elementId(r) AS eid, type(r) AS t, r.id AS id, "
                                  "a.id AS s, b.id AS e"):
                key_r = (rec["t"], rec["id"], rec["s"], rec["e"])
                if key_r not in wanted_r or key_r in seen_r:
                    stale.append(rec["eid"])
                seen_r.add(key_r)
            for batch in _batches(stale, self.batch_size):
                self._write("UNWIND $eids AS e MATCH ()-[r]->() WHERE elementId(r) = e DELETE r", eids=batch)

    # -- the writer lock ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the database's kg writer lock, like the embedded store's: a second writer waits
        (up to ``$KG_LOCK_TIMEOUT`` seconds, default 300) and then fails with one line.

        The lock is a lease on ``(:_KgMeta {key: "lock"})``, renewed while it is held, so a
        writer killed with kill -9 blocks others only until its lease runs out (at once on the
        same host, where its process is seen to be gone). Re-entrant: a holder may enter it again."""
        if self._lock_owner is not None:
            yield
            return
        me = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        timeout = lock_timeout_setting()
        deadline = time.monotonic() + timeout
        # the constraint makes MERGE of the lock node race-free on a fresh database
        with self._errors(), self._session() as s:
            s.run(f"CREATE CONSTRAINT kg_meta_key IF NOT EXISTS FOR (n:{META}) REQUIRE n.key IS UNIQUE").consume()
        while True:
            owner = self._try_lock(me)
            if owner == me:
                break
            if time.monotonic() >= deadline:
                raise StoreError(f"Neo4j at {safe_uri(self.uri)}: the database is locked by another kg process "
                                 f"({owner}; waited {timeout:.0f}s)")
            time.sleep(0.5)
        self._lock_owner = me
        stop = threading.Event()

        def renew() -> None:  # keep the lease while this process works (extraction can take long)
            while not stop.wait(LOCK_LEASE / 4):
                with contextlib.suppress(Exception):
                    self._renew_lock()

        renewer = threading.Thread(target=renew, name="kg-neo4j-lock", daemon=True)
        renewer.start()
        try:
            yield
        finally:
            stop.set()
            renewer.join(5)
            self._lock_owner = None
            with contextlib.suppress(StoreError):
                self._write(f"MATCH (l:{META} {{key: 'lock'}}) WHERE l.owner = $me REMOVE l.owner, l.expires",
                            me=me)

    def _try_lock(self, me: str) -> str:
        """Take the lock if it is free, expired, or held by a dead process on this host; returns the owner."""
        def work(tx: Any) -> str:
            # MERGE then SET under the node's write lock: two writers cannot both take it
            rec = tx.run(f"MERGE (l:{META} {{key: 'lock'}}) SET l._touch = true REMOVE l._touch "
                         "RETURN l.owner AS owner, l.expires AS expires").single()
            owner, expires = rec["owner"], rec["expires"]
            free = owner is None or expires is None or expires < time.time() or _dead_local(owner)
            if free:
                tx.run(f"MATCH (l:{META} {{key: 'lock'}}) SET l.owner = $me, l.expires = $exp",
                       me=me, exp=time.time() + LOCK_LEASE).consume()
                return me
            return str(owner)

        with self._errors(), self._session() as s:
            result: str = s.execute_write(work)
            return result

    def _renew_lock(self) -> None:
        if self._lock_owner:
            self._write(f"MATCH (l:{META} {{key: 'lock'}}) WHERE l.owner = $me SET l.expires = $exp",
                        me=self._lock_owner, exp=time.time() + LOCK_LEASE)

    def clear(self) -> None:
        """Delete everything in the database (all nodes, relationships and kg's meta), in batches."""
        while True:
            rows = self._read("MATCH (n) RETURN elementId(n) AS eid LIMIT $n", n=self.batch_size)
            if not rows:
                return
            self._write("UNWIND $eids AS e MATCH (n) WHERE elementId(n) = e DETACH DELETE n",
                        eids=[r["eid"] for r in rows])

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._driver.close()


def _interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` was raised while a KeyboardInterrupt was being handled (its context chain).

    >>> try:
    ...     try:
    ...         raise KeyboardInterrupt
    ...     finally:
    ...         raise RuntimeError("session close failed")
    ... except RuntimeError as e:
    ...     _interrupted(e)
    True
    >>> _interrupted(RuntimeError("plain"))
    False
    """
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, KeyboardInterrupt):
            return True
        seen.add(id(cur))
        cur = cur.__context__
    return False


def neo4j_error(exc: BaseException, uri: str, username: str, database: str) -> StoreError | None:
    """A driver exception as a one-line StoreError naming the problem, or None if it is not one."""
    where = f"Neo4j at {safe_uri(uri)}"
    err = _classify(exc, where, username, database)
    if err is not None and uri and uri in str(err):  # driver messages may quote the URI verbatim
        err = StoreError(str(err).replace(uri, safe_uri(uri)))
    return err


def _classify(exc: BaseException, where: str, username: str, database: str) -> StoreError | None:
    from neo4j.exceptions import (
        AuthError,
        ConfigurationError,
        DriverError,
        Neo4jError,
        ServiceUnavailable,
        SessionExpired,
    )

    if isinstance(exc, AuthError):
        return StoreError(f"{where}: authentication failed for user '{username}' "
                          "(check NEO4J_USERNAME and NEO4J_PASSWORD)")
    if isinstance(exc, (ServiceUnavailable, SessionExpired)):
        return StoreError(f"{where}: cannot connect (is the server running? "
                          "`kg neo4j start` runs a local one)")
    if isinstance(exc, Neo4jError):
        code = exc.code or ""
        msg = (exc.message or str(exc)).splitlines()[0] if (exc.message or str(exc)) else code
        if code.endswith("DatabaseNotFound"):
            return StoreError(f"{where}: database '{database}' does not exist")
        if code.endswith("AccessMode"):
            return StoreError(f"{where}: the statement writes, but ran read-only "
                              "(pass --write to allow writes)")
        if code.endswith("Unauthorized") or code.endswith("CredentialsExpired"):
            return StoreError(f"{where}: authentication failed for user '{username}' ({msg})")
        return StoreError(f"{where}: {msg} [{code}]" if code else f"{where}: {msg}")
    if isinstance(exc, (ConfigurationError, DriverError)):
        return StoreError(f"{where}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    if isinstance(exc, OSError):
        return StoreError(f"{where}: {exc.strerror or exc}")
    if isinstance(exc, ValueError):  # the driver's word for an address it cannot resolve or parse
        return StoreError(f"{where}: {_printable(str(exc).splitlines()[0] if str(exc) else 'bad value', 160)}")
    return None


def open_neo4j(uri: str | None = None, username: str | None = None, password: str | None = None,
               database: str | None = None, batch_size: int | None = None, check: bool = True) -> Neo4jStore:
    """Open the Neo4j store. Settings come from the arguments, else NEO4J_URI, NEO4J_USERNAME
    (default neo4j), NEO4J_PASSWORD and NEO4J_DATABASE (default neo4j). With ``check`` the server
    is asked once, so a wrong password, a server that is down or an unknown database is a
    StoreError here.

    >>> store = open_neo4j(uri="bolt://127.0.0.1:7687", password="secret")  # doctest: +SKIP
    >>> store.backend                                                       # doctest: +SKIP
    'neo4j'
    """
    uri = uri or os.environ.get("NEO4J_URI") or ""
    username = username or os.environ.get("NEO4J_USERNAME") or "neo4j"
    password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
    database = database or os.environ.get("NEO4J_DATABASE") or "neo4j"
    if not uri:
        raise StoreError("no Neo4j URI: set NEO4J_URI (e.g. bolt://127.0.0.1:7687) or pass --neo4j-uri "
                         "(`kg neo4j start` runs a local server)")
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise StoreError(redact(f"Neo4j URI '{safe_uri(uri)}': scheme must be one of {', '.join(SCHEMES)}",
                                password))
    if "@" in uri.split("://", 1)[1].split("/", 1)[0]:
        raise StoreError(f"Neo4j URI '{safe_uri(uri)}': a user name or password in the URI is not supported "
                         "(use NEO4J_USERNAME and NEO4J_PASSWORD)")
    from neo4j import GraphDatabase

    auth = (username, password) if password else None
    try:
        driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=10.0,
                                      max_transaction_retry_time=15.0,
                                      notifications_min_severity="OFF")
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        err = neo4j_error(exc, uri, username, database) or StoreError(
            f"Neo4j URI '{safe_uri(uri)}': {first}")
        raise StoreError(redact(str(err), password)) from None
    try:
        size = batch_size or batch_size_setting()
    except StoreError:
        driver.close()
        raise
    store = Neo4jStore(driver, uri, username, database, size)
    store.password_hint = password
    if check:
        try:
            store.ping()
        except StoreError as exc:
            store.close()
            if not password and "authentication failed" in str(exc):
                raise StoreError(f"{exc} (NEO4J_PASSWORD is not set)") from None
            raise StoreError(redact(str(exc), password)) from None
    return store
