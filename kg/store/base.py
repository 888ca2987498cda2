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
* ``apply(changed, removed, graph, ledger)``: store the changed documents' extractions, drop the
  removed documents, and make the stored graph ``graph``, writing only what differs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:   # for annotations only: `kg --help` need not import the model
    from kg.model import Extraction, Graph


class StoreError(Exception):
    """A store could not be opened or written. One line, for the user; never holds a password."""


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
