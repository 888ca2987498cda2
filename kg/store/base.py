"""The one store protocol both backends implement.

A store keeps two things: the per-document :class:`~kg.model.Extraction`
(so a changed document's facts can be replaced exactly) and the merged
:class:`~kg.model.Graph` built from all of them. ``commit`` replaces both
together; a commit interrupted at any point, then run again, must leave the
store identical to a clean run.

Two optional methods let :func:`kg.ingest.ingest` work per document (it falls back to
``extractions()`` and ``commit()`` when a store lacks them):

* ``document_info() -> dict[str, tuple[str, str]]``: ``(sha256, source path)`` by document id,
  without reading the extractions (document identity and ``--prune`` need the source paths);
* ``apply(changed, removed, graph, ledger, near_misses)``: store the changed documents'
  extractions, drop the removed documents, and make the stored graph ``graph``, writing only what
  differs.

A store that keeps the near-misses of the last build (:func:`kg.resolve.near.build`) takes them
as the last argument of ``commit`` (or ``apply``) and gives them back with ``near_misses(node_id=None)``
(None when it holds none), which ``kg show`` reads.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:   # for annotations only: `kg --help` need not import the model
    from kg.model import Extraction, Graph


class StoreError(Exception):
    """A store could not be opened or written. One line, for the user; never holds a password.
    ``code`` is the exit code it means: 2 (the store or its settings are wrong), or 1 (the run
    failed: the disk refused a write)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@runtime_checkable
class GraphStore(Protocol):
    """What the ingest pipeline, export, queries and pictures need from a store."""

    #: "networkx" or "neo4j"
    backend: str

    def document_hashes(self) -> dict[str, str]:
        """sha256 of every stored document, by document id."""
        ...

    def extractions(self) -> dict[str, Extraction]:
        """Every stored document's extraction, by document id."""
        ...

    def needs_rebuild(self) -> bool:
        """True when the graph may be out of step with the extractions (an interrupted commit)."""
        ...

    def commit(self, extractions: dict[str, Extraction], graph: Graph) -> None:
        """Replace ALL stored extractions and the graph with these, atomically or resumably."""
        ...

    def graph(self) -> Graph:
        """The whole merged graph."""
        ...

    def query(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Rows of a named query (see :mod:`kg.queries`)."""
        ...

    def close(self) -> None:
        ...


def setting(name: str, default: float, minimum: float, maximum: float, what: str,
            integer: bool = False) -> float:
    """A number from the environment variable ``name`` (``default`` when unset), or a one-line
    StoreError naming the variable and what it must be.

    >>> setting("KG_NO_SUCH_VARIABLE", 300, 0, 86400, "seconds")
    300
    >>> import os; os.environ["KG_X"] = "soon"
    >>> setting("KG_X", 300, 0, 86400, "seconds")
    Traceback (most recent call last):
    ...
    kg.store.base.StoreError: KG_X='soon': must be a number of seconds from 0 to 86400
    """
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value: float = int(raw.strip()) if integer else float(raw.strip())
    except ValueError:
        value = float("nan")
    if not (minimum <= value <= maximum):  # also false for NaN
        kind = "a whole number of" if integer else "a number of"
        raise StoreError(f"{name}={_printable(raw)!r}: must be {kind} {what} from {minimum:g} to {maximum:g}")
    return value


def _printable(text: str, limit: int = 40) -> str:
    """``text`` cut short, control characters escaped (for one-line messages)."""
    cut = text[:limit] + ("…" if len(text) > limit else "")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in cut)


def lock_timeout_setting() -> float:
    """Seconds a writer waits for the store's lock: ``$KG_LOCK_TIMEOUT`` (0 to a day) or 300."""
    return setting("KG_LOCK_TIMEOUT", 300.0, 0, 86400, "seconds")
