"""Stores: the embedded networkx store (default) and Neo4j, behind one protocol.

>>> import tempfile
>>> store = open_store("networkx", tempfile.mkdtemp())
>>> store.backend
'networkx'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.store.base import GraphStore, StoreError

if TYPE_CHECKING:
    from kg.store.memory import NetworkxStore


def __getattr__(name: str) -> Any:
    # the embedded store (sqlite3, the model) is imported when a command opens a store, not for --help
    if name == "NetworkxStore":
        from kg.store.memory import NetworkxStore

        return NetworkxStore
    raise AttributeError(f"module 'kg.store' has no attribute '{name}'")

__all__ = ["BACKENDS", "GraphStore", "NetworkxStore", "StoreError", "default_store_dir", "open_store"]

BACKENDS = ("networkx", "neo4j")


def default_store_dir() -> Path:
    """``$KG_STORE`` or ``./kg-store``."""
    return Path(os.environ.get("KG_STORE") or "kg-store")


def open_store(backend: str = "networkx", path: str | os.PathLike[str] | None = None,
               **neo4j: Any) -> GraphStore:
    """Open a store. ``neo4j`` keyword arguments (uri, username, password, database) fall back to
    the conventional NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE variables."""
    if backend == "networkx":
        from kg.store.memory import NetworkxStore

        return NetworkxStore(path if path is not None else default_store_dir())
    if backend == "neo4j":
        from kg.store.neo4j import open_neo4j

        return open_neo4j(**neo4j)
    raise StoreError(f"unknown backend '{backend}' (choose from {', '.join(BACKENDS)})")
