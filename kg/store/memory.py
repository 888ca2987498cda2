"""The embedded store (the default): a networkx MultiDiGraph kept in one JSON file.

Layout of a store directory (default ``./kg-store``)::

    kg-store/
      graph.json      # {"format": 1, "extractions": {...}, "nodes": [...], "rels": [...], "ledger": [...]}
      decisions.yaml  # optional: the user's merge decisions (see kg.resolve.Decisions)
      .lock           # held while a writer works

Writes are atomic: the new file is written beside the old one, flushed to disk and renamed
over it, so a run killed at any moment leaves either the old store or the new one, never a
mix. Writers take an exclusive lock; a second writer waits for it (up to ``lock_timeout``
seconds) and then fails with a clear message.

>>> import tempfile
>>> s = NetworkxStore(tempfile.mkdtemp())
>>> s.graph().nodes
{}
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.model import Extraction, Graph, NodeRec, RelRec
from kg.store.base import StoreError

FORMAT = 1
GRAPH_FILE = "graph.json"


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph: node attributes ``label`` and ``props``;
    one edge per relationship, keyed by its id, with attributes ``type`` and ``props``."""
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


class NetworkxStore:
    """The embedded store. Reads need no server; see the module docstring for the layout."""

    backend = "networkx"

    def __init__(self, path: str | os.PathLike[str], lock_timeout: float | None = None) -> None:
        self.path = Path(path)
        self.lock_timeout = float(os.environ.get("KG_LOCK_TIMEOUT", "300")) if lock_timeout is None \
            else lock_timeout
        self._data: dict[str, Any] | None = None
        self._nx: nx.MultiDiGraph | None = None
        self._lock_fh: Any = None

    # -- reading ------------------------------------------------------------------
    def _load(self) -> dict[str, Any]:
        if self._data is None:
            f = self.path / GRAPH_FILE
            if not f.exists():
                if self.path.exists() and not self.path.is_dir():
                    raise StoreError(f"{self.path}: store path is a file, not a directory")
                self._data = {"format": FORMAT, "extractions": {}, "nodes": [], "rels": [], "ledger": []}
            else:
                try:
                    data = json.loads(f.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    raise StoreError(f"{f}: cannot read store ({type(exc).__name__})") from None
                if not isinstance(data, dict) or data.get("format") != FORMAT:
                    raise StoreError(f"{f}: not a kg store of format {FORMAT}")
                self._data = data
        return self._data

    def document_hashes(self) -> dict[str, str]:
        return {k: v["doc"]["sha256"] for k, v in self._load()["extractions"].items()}

    def extractions(self) -> dict[str, Extraction]:
        return {k: Extraction.from_json(v) for k, v in self._load()["extractions"].items()}

    def needs_rebuild(self) -> bool:
        # the graph and the extractions are written in one atomic rename: never out of step
        return False

    def graph(self) -> Graph:
        d = self._load()
        g = Graph()
        for n in d["nodes"]:
            g.add_node(NodeRec(n["id"], n["label"], n["props"]))
        for r in d["rels"]:
            g.add_rel(RelRec(r["id"], r["type"], r["start"], r["end"], r["props"]))
        return g

    def ledger(self) -> list[dict[str, Any]]:
        """The merge decisions of the last build (see kg.resolve)."""
        return list(self._load().get("ledger", []))

    def networkx(self) -> nx.MultiDiGraph:
        """The graph as a networkx MultiDiGraph (cached until the next commit)."""
        if self._nx is None:
            self._nx = to_networkx(self.graph())
        return self._nx

    def query(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        from kg.queries import run_networkx

        return run_networkx(name, self.networkx(), params)

    # -- writing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's writer lock (waits up to ``lock_timeout`` seconds)."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            fh = open(self.path / ".lock", "a+")  # noqa: SIM115 - held for the with-block
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open store ({exc.strerror})") from None
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.close()
                    raise StoreError(f"{self.path}: store is locked by another kg process "
                                     f"(waited {self.lock_timeout:.0f}s)") from None
                time.sleep(0.2)
        try:
            self._data = None  # re-read under the lock: another writer may have committed
            self._nx = None
            # a writer killed mid-write leaves its temporary file; no writer can be using it now
            for stale in self.path.glob(".graph-*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    def commit(self, extractions: dict[str, Extraction], graph: Graph,
               ledger: list[dict[str, Any]] | None = None) -> None:
        data = {
            "format": FORMAT,
            "extractions": {k: extractions[k].to_json() for k in sorted(extractions)},
            "nodes": [{"id": n.id, "label": n.label, "props": n.props}
                      for n in sorted(graph.nodes.values(), key=lambda n: n.id)],
            "rels": [{"id": r.id, "type": r.type, "start": r.start, "end": r.end, "props": r.props}
                     for r in sorted(graph.rels.values(), key=lambda r: r.id)],
            "ledger": ledger or [],
        }
        self.path.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".tmp", dir=self.path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path / GRAPH_FILE)
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
        self._data = data
        self._nx = None

    def close(self) -> None:
        self._data = None
        self._nx = None
