"""The ingest pipeline: paths in, a committed graph out.

For each file: load it, skip it if the store already holds the same bytes, else extract it.
Then, if anything changed, rebuild the merged graph from ALL documents' extractions
(entity resolution is corpus-wide) and commit extractions and graph together. A file
that fails is reported and skipped; the rest go on; nothing stored is lost.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Minutes of a meeting\\n")
>>> from kg.store import open_store
>>> report = ingest([d], open_store("networkx", d / "store"))
>>> (report.added, report.failures)
(['a.txt'], [])
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.extract import extract
from kg.loaders import LoadError, load
from kg.loaders.budget import BudgetExceeded, Budgets, time_limit
from kg.model import Extraction, Graph
from kg.resolve import Decisions, build_graph
from kg.store.base import GraphStore


@dataclass
class Failure:
    """A file that could not be ingested, and why (one line)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)   # (path, id of the same document)
    skipped: list[str] = field(default_factory=list)                  # unsupported files met in folders
    warnings: list[Failure] = field(default_factory=list)             # loaded, but with a caveat
    failures: list[Failure] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)
    rels: dict[str, int] = field(default_factory=dict)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures


Progress = Callable[[str, int, int], None]   # (path, index, total)


def discover_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Failure], list[str]]:
    """Files to ingest under ``paths`` (folders recursively), failures, and skipped files."""
    from kg.loaders import discover

    files: list[Path] = []
    failures: list[Failure] = []
    skipped: list[Path] = []
    for path, error in discover([Path(p) for p in paths], skipped=skipped):
        if error is None:
            files.append(path)
        else:
            failures.append(Failure(str(path), error))
    return files, failures, [str(p) for p in skipped]


def ingest(paths: Iterable[str | Path], store: GraphStore, decisions: Decisions | None = None,
           progress: Progress | None = None) -> IngestReport:
    """Ingest files and folders into ``store``; see the module docstring."""
    report = IngestReport()
    files, report.failures, report.skipped = discover_files(paths)
    lock = getattr(store, "locked", None)
    with lock() if lock else contextlib.nullcontext():
        stored = store.extractions()
        by_sha = {ex.doc.sha256: doc_id for doc_id, ex in stored.items()}
        merged: dict[str, Extraction] = dict(stored)
        for i, path in enumerate(files):
            if progress:
                progress(str(path), i, len(files))
            _ingest_one(path, stored, by_sha, merged, report)
        changed = bool(report.added or report.updated)
        graph = None
        if not changed and decisions and merged:
            # merge decisions apply on the next ingest even when no document changed
            graph, ledger = build_graph(merged.values(), decisions)
            changed = _differs(graph, store.graph())
        if changed or store.needs_rebuild():
            if graph is None:
                graph, ledger = build_graph(merged.values(), decisions)
            commit: Any = store.commit
            commit(merged, graph, ledger)
            report.committed = True
        else:
            graph = store.graph()
    report.nodes, report.rels = graph.counts()
    return report


def _differs(a: Graph, b: Graph) -> bool:
    return a.nodes.keys() != b.nodes.keys() or a.rels.keys() != b.rels.keys() or any(
        a.nodes[k].props != b.nodes[k].props for k in a.nodes) or any(
        a.rels[k].props != b.rels[k].props for k in a.rels)


def _ingest_one(path: Path, stored: dict[str, Extraction], by_sha: dict[str, str],
                merged: dict[str, Extraction], report: IngestReport) -> None:
    """Load and extract one file into ``merged``."""
    try:
        doc = load(path)
    except LoadError as exc:
        report.failures.append(Failure(str(path), str(exc)))
        return
    report.warnings += [Failure(str(path), w) for w in getattr(doc, "warnings", [])]
    known = by_sha.get(doc.sha256)
    if known is not None and known != doc.id:
        report.duplicates.append((str(path), known))
        return
    if doc.id in stored and stored[doc.id].doc.sha256 == doc.sha256:
        report.unchanged.append(doc.id)
        return
    if doc.id in merged and doc.id not in stored:
        # two different files with the same name in one run: the ids would collide
        report.failures.append(Failure(str(path), f"another file named '{doc.id}' was already ingested "
                                                  "in this run"))
        return
    try:
        with time_limit(Budgets.default().seconds_for(len(doc.text)), "extraction"):
            extraction = extract(doc)
    except BudgetExceeded as exc:
        report.failures.append(Failure(str(path), str(exc)))
        return
    except Exception as exc:  # an extractor bug must not stop the rest of the run
        report.failures.append(Failure(str(path), f"extraction failed ({type(exc).__name__}: {exc})"))
        return
    (report.updated if doc.id in stored else report.added).append(doc.id)
    if doc.id in stored:
        by_sha.pop(stored[doc.id].doc.sha256, None)
    merged[doc.id] = extraction
    by_sha[doc.sha256] = doc.id
