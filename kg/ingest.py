"""The ingest pipeline: paths in, a committed graph out.

For each file: load it, skip it if the store already holds the same bytes, else extract it
(``jobs`` worker processes extract papers in parallel; the result is the same as one job's).
Then, if anything changed, bring the merged graph up to date and commit the changed documents
and the graph together: the embedded store resolves again only the entities the changed papers
touch (:mod:`kg.resolve.incremental`); Neo4j is given the graph rebuilt from every document. A
file that fails is reported and skipped; the rest go on; nothing stored is lost.

**Document identity.** A document's id is its path relative to the folder that was ingested
(``minutes/2024-03.pdf``); a file given directly keeps its name. A paper with the same relative
path from ANOTHER folder (every council calls its papers ``minutes.pdf``) is a different
document: its id is prefixed with as many of its folder names as make it unique
(``parish-b/minutes.pdf``). The store keeps each document's source path, so a later run over the
same folder finds the same ids. ``prune`` removes the stored documents that were ingested from
one of the given folders and are no longer there; :func:`remove` removes documents by id.

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
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.model import Extraction, Graph
from kg.resolve.decisions import Decisions
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
    removed: list[str] = field(default_factory=list)                  # pruned or removed documents
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


@dataclass
class Source:
    """A file to ingest: where it is, the folder it was found in (None: given directly) and its id."""

    path: Path
    root: Path | None
    doc_id: str = ""

    @property
    def location(self) -> str:
        """The absolute path kept in the store to recognise the document on a later run (as text:
        see :func:`text_path`)."""
        return text_path(self.path)

    def candidate_ids(self) -> Iterator[str]:
        """The path relative to the folder, then with one more enclosing folder name at a time,
        and last the absolute path.

        >>> list(Source(Path("/p/parish-b/minutes.pdf"), Path("/p/parish-b")).candidate_ids())
        ['minutes.pdf', 'parish-b/minutes.pdf', 'p/parish-b/minutes.pdf', '/p/parish-b/minutes.pdf']
        """
        from kg.loaders.normalise import safe_name  # a file name may hold control characters

        p = Path(os.path.abspath(self.path))
        rel = p.relative_to(os.path.abspath(self.root)).parts if self.root else (p.name,)
        parents = p.parts[1: len(p.parts) - len(rel)]    # without the root "/"
        for k in range(len(parents) + 1):
            yield safe_name("/".join([*parents[len(parents) - k:], *rel]) if k else "/".join(rel))
        yield safe_name(p.as_posix())


def discover_sources(paths: Iterable[str | Path]) -> tuple[list[Source], list[Failure], list[str]]:
    """Files to ingest under ``paths`` (folders recursively), failures, and skipped files."""
    from kg.loaders import discover

    given = [Path(p) for p in paths]
    folders = [p for p in given if _is_dir(p)]
    sources: list[Source] = []
    failures: list[Failure] = []
    skipped: list[Path] = []
    for path, error in discover(given, skipped=skipped):
        if error is not None:
            failures.append(Failure(str(path), error))
            continue
        # discover joins each walked file to the folder it was given, so the folder is a prefix
        root = next((f for f in folders if path.parts[: len(f.parts)] == f.parts and path != f), None)
        sources.append(Source(path, root))
    return sources, failures, [str(p) for p in skipped]


def _is_dir(path: Path) -> bool:
    """Whether ``path`` is a folder; False when it cannot be looked at (a name too long: the
    walk says so, as a failure of that path)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def discover_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Failure], list[str]]:
    """Files to ingest under ``paths`` (folders recursively), failures, and skipped files."""
    sources, failures, skipped = discover_sources(paths)
    return [s.path for s in sources], failures, skipped


def text_path(path: str | os.PathLike[str]) -> str:
    """The absolute path as text a store can hold: bytes of a file name that are not UTF-8 (which
    Python keeps as lone surrogates, and SQLite, JSON and Neo4j refuse) written as ``\\xNN``.

    >>> text_path(os.fsdecode(b"/p/caf\\xe9.txt"))
    '/p/caf\\\\xe9.txt'
    """
    where = os.path.abspath(path)
    try:
        where.encode("utf-8")
    except UnicodeEncodeError:
        return where.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return where


def _disk_path(text: str) -> str:
    """The file system's name for a :func:`text_path` (its ``\\xNN`` made bytes again)."""
    if "\\x" not in text:
        return text
    return re.sub(r"\\x([89a-f][0-9a-f])", lambda m: chr(0xDC00 + int(m.group(1), 16)), text)


def _same_source(stored: str, location: str) -> bool:
    # a store written before documents kept their absolute source knew them by file name only
    return not stored or not os.path.isabs(stored) or stored == location


def assign_ids(sources: list[Source], stored_paths: dict[str, str]) -> None:
    """Give each source its document id (see the module docstring); ``stored_paths`` maps each
    stored document id to its source path."""
    by_location = {p: doc for doc, p in stored_paths.items() if p and os.path.isabs(p)}
    taken: set[str] = set()
    for s in sources:
        known = by_location.get(s.location)
        if known is not None and known not in taken:
            s.doc_id = known
        else:
            # a stored id whose source is another file belongs to that file
            s.doc_id = next(c for c in s.candidate_ids() if c not in taken and (
                c not in stored_paths or _same_source(stored_paths[c], s.location)))
        taken.add(s.doc_id)


# -- loading and extracting one file (in a worker process when jobs > 1) ---------------------------
@dataclass
class _Result:
    status: str                        # "failed", "unchanged", "duplicate" or "extracted"
    sha256: str = ""
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    text: str = ""                     # the extraction, as the embedded store keeps it (JSON)
    #: the scope of each name the resolution asks of the paper (kg.resolve.parts.paper_keys)
    keys: tuple[str | None, str | None, list[tuple[str, str, str]]] | None = None

    def extraction(self) -> Extraction | None:
        """The extraction, rebuilt from :attr:`text` (in the parent): a worker sends the text
        alone. Sent beside its objects too, it took a second copy of the extraction and a pickle of
        millions of objects at the worker's peak (a 50 MB paper's reader passed 2 GB), for the
        parent to gain a few milliseconds a paper.

        >>> from kg.model import DocInfo
        >>> from kg.store.memory import extraction_text
        >>> r = _Result("extracted", text=extraction_text(Extraction(doc=DocInfo(id="a.txt", sha256="0"))))
        >>> r.extraction().doc.id, _Result("duplicate").extraction()
        ('a.txt', None)
        """
        if self.status != "extracted":
            return None
        import json

        return Extraction.from_json(json.loads(self.text))


_KNOWN: dict[str, str] = {}            # sha256 -> stored document id, set in each worker


def _init_worker(known: dict[str, str], parent: int | None = None) -> None:
    global _KNOWN
    _KNOWN = known
    if parent is not None:
        _die_with(parent)


def _die_with(parent: int) -> None:
    """A worker ends when its parent does (a killed ``kg ingest`` must not leave workers holding
    its output pipes open, or the store's files, for ever). Linux: the kernel's parent-death
    signal; elsewhere the pool's own shutdown is all there is."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:      # the parent died before the signal was asked for
        os._exit(1)


def _load_and_extract(task: tuple[str, str, str, str | None], check_known: bool = True) -> _Result:
    """Load a file; extract it unless the store holds the same bytes under this or another id."""
    from kg.loaders import LoadError, load

    path, doc_id, location, stored_sha = task
    try:
        doc = load(path)
    except LoadError as exc:
        return _Result("failed", reason=str(exc))
    except SystemExit as exc:   # a parser that calls exit() stops its paper, not the run
        return _Result("failed", reason=f"cannot be read (its reader called exit({exc.code!r}))")
    doc.id, doc.path = doc_id, location
    warnings = list(getattr(doc, "warnings", []))
    sha256 = doc.sha256
    if sha256 == stored_sha:
        return _Result("unchanged", sha256, warnings=warnings)
    if check_known and _KNOWN.get(sha256, doc_id) != doc_id:
        return _Result("duplicate", sha256, warnings=warnings)
    from kg.loaders.budget import BudgetExceeded, Budgets, time_limit

    try:
        from kg.extract import extract

        # the per-document time budget (loaders/budgets.yaml): a runaway paper is one failure
        with time_limit(Budgets.default().seconds_for(len(doc.text)), "extraction"):
            extraction = extract(doc)
    except BudgetExceeded as exc:
        return _Result("failed", sha256, str(exc), warnings)
    except (Exception, SystemExit) as exc:  # an extractor bug must not stop the rest of the run
        return _Result("failed", sha256, f"extraction failed ({type(exc).__name__}: {exc})", warnings)
    from kg.store.memory import extraction_text

    text = extraction_text(extraction)
    keys = None
    with contextlib.suppress(Exception):   # the parent works out whatever is missing
        from kg.resolve.parts import paper_keys

        keys = paper_keys(extraction)
    del extraction, doc                # their memory is reused by the pickle sent to the parent
    return _Result("extracted", sha256, warnings=warnings, text=text, keys=keys)


_MAX_CHUNK, _CHUNK_SHARE = 8, 32   # papers per task sent to a worker: see _results


def _results(tasks: list[tuple[str, str, str, str | None]], known: dict[str, str],
             jobs: int) -> Iterator[_Result]:
    """Results in the order of ``tasks``, from ``jobs`` processes.

    Papers are never read in this process: a reader that crashes on a hostile file (a segfault in
    a parser, the out-of-memory killer) ends only the worker, and costs only its paper, with one
    job as with many."""
    if not tasks:
        return
    jobs = 1 if len(tasks) <= 1 else max(1, jobs)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # The parent builds spaCy's pipeline and loads the vocabularies (about 1.4 CPU seconds) on a
    # few lines of its own before the workers are forked: they inherit them instead of each
    # building its own, and the parent of several runs (a test session, a library user) builds
    # them once. A run in which every paper is already stored (most likely unchanged) builds
    # nothing here.
    if any(t[3] is None for t in tasks):
        # with the collector paused: importing spaCy and building the pipeline make some hundred
        # thousand objects, and the collector's walks over them cost a seventh of it (0.15 CPU s)
        with _collector_paused():
            _warm_pipeline()
    _init_worker(known)
    # fork: workers start at once and share the parent's imported modules and pipeline
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                             initargs=(known, os.getpid())) as pool, _collector_paused():
        # papers go to the workers in chunks (up to 8, at most a 32nd of a worker's share): the
        # parent's cost per task (a future, two pickles, a wake-up) halved, for a tail of one chunk
        chunk = max(1, min(_MAX_CHUNK, len(tasks) // (jobs * _CHUNK_SHARE)))
        results = pool.map(_read, tasks, chunksize=chunk)
        for i in range(len(tasks)):
            try:
                got = next(results)
            except BrokenProcessPool:
                # a worker died (a reader's crash on a hostile file, the kernel's out-of-memory
                # killer): the pool is gone, with every paper it had not finished. Each of those
                # is read again in a process of its own, so that only the one that kills its
                # reader is lost, and the run goes on.
                yield from (_alone(t, known, ctx) for t in tasks[i:])
                return
            yield got


def _read(task: tuple[str, str, str, str | None]) -> _Result:
    """:func:`_load_and_extract` as the worker finds it (sent by name: whatever the parent put in
    its place before forking, a function of its own included, is what runs)."""
    return _load_and_extract(task)


def _warm_pipeline() -> None:
    """Build the extractor's pipeline and vocabularies in this process, on a few lines of no
    paper's (no file of the user's is read here)."""
    from kg.extract import extract
    from kg.loaders.textfile import load_text

    with contextlib.suppress(Exception):   # a failure here is met again, and reported, per paper
        ex = extract(load_text(Path("warm-up.txt"), _WARM_TEXT))
        # the resolution's spellings (kg.resolve.parts.paper_keys), which the workers work out too
        from kg.resolve.parts import paper_keys

        paper_keys(ex)


_WARM_TEXT = (b"Minutes of the meeting of the Partnership Board held on 1 April 2026.\n"
              b"Present: Councillor A Smith (Chair), B Jones\n"
              b"The Board agreed to award \xc2\xa31,000 to the Trust for 2026/27.\n")


def _read_anew(task: tuple[str, str, str, str | None]) -> _Result:
    """:func:`_read`, extracting even bytes the store holds under another id."""
    return _load_and_extract(task, check_known=False)


def _alone(task: tuple[str, str, str, str | None], known: dict[str, str], ctx: Any,
           read: Callable[[tuple[str, str, str, str | None]], _Result] = _read) -> _Result:
    """One file loaded and extracted in a worker process of its own; a failure if it dies."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(1, mp_context=ctx, initializer=_init_worker, initargs=(known, os.getpid())) as one:
            return one.submit(read, task).result()
    except BrokenProcessPool:
        return _Result("failed", reason="its reader's process ended without a word (a crash on this file, "
                                        "or out of memory); the other files were read")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic collector off in this process (workers forked before keep theirs): the
    parent unpickles every worker's extraction, tens of thousands of objects a paper, and resolves
    them; with the collector on it walked the growing heap again and again (three quarters of the
    unpickling time, a seventh of the commit's), for cycles that reference counting frees
    anyway."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:   # not Linux
        return max(1, os.cpu_count() or 1)


# -- the run ---------------------------------------------------------------------------------------
def _stored_paths(store: GraphStore) -> tuple[dict[str, str], dict[str, str]]:
    """(document id -> sha256, document id -> source path) of what the store holds."""
    info = getattr(store, "document_info", None)
    if info is not None:
        rows: dict[str, tuple[str, str]] = info()
        return {k: v[0] for k, v in rows.items()}, {k: v[1] for k, v in rows.items()}
    exs = store.extractions()
    return {k: e.doc.sha256 for k, e in exs.items()}, {k: e.doc.path for k, e in exs.items()}


def ingest(paths: Iterable[str | Path], store: GraphStore, decisions: Decisions | None = None,
           progress: Progress | None = None, *, prune: bool = False, jobs: int = 1) -> IngestReport:
    """Ingest files and folders into ``store``; see the module docstring."""
    report = IngestReport()
    paths = list(paths)
    sources, report.failures, report.skipped = discover_sources(paths)
    lock = getattr(store, "locked", None)
    with lock() if lock else contextlib.nullcontext():
        hashes, locations = _stored_paths(store)
        assign_ids(sources, locations)
        by_sha = {sha: doc_id for doc_id, sha in sorted(hashes.items(), reverse=True)}
        tasks = [(str(s.path), s.doc_id, s.location, hashes.get(s.doc_id)) for s in sources]
        changed: dict[str, Extraction] = {}
        texts: dict[str, str] = {}
        keys: list[tuple[str, Any]] = []     # (doc id, the spellings its worker worked out)
        # the collector paused from spaCy's pipeline to the commit's end: results are unpickled
        # (tens of thousands of objects a paper) and resolved, making and dropping no cycles worth
        # its walks; each time it was let on between two steps, its first walk took every object
        # made since (all the extractions)
        with _collector_paused():
            for i, (s, res) in enumerate(zip(sources, _results(tasks, dict(by_sha), jobs), strict=True)):
                if progress:
                    progress(str(s.path), i, len(sources))
                text = _take(s, res, hashes, by_sha, changed, report)
                if text:
                    texts[s.doc_id] = text
                    if res.keys is not None:
                        keys.append((s.doc_id, res.keys))
            removed: set[str] = set()
            if prune:
                removed = _pruned(paths, sources, report, locations)
            report.removed = sorted(removed)
            from kg.resolve.parts import known_keys

            # the resolution looks up the spellings the workers worked out
            with known_keys(keys):
                _commit(store, changed, removed, decisions, report, bool(hashes), texts)
            changed.clear()      # freed before the collector is back (else its first walk takes them)
            texts.clear()
            keys.clear()
    return report


def _take(s: Source, res: _Result, hashes: dict[str, str], by_sha: dict[str, str],
          changed: dict[str, Extraction], report: IngestReport) -> str:
    """Record one file's result, deciding in file order (as one job would) what it is; the text
    of its extraction if it is new or changed, else ""."""
    report.warnings += [Failure(str(s.path), w) for w in res.warnings]
    if res.status == "failed":
        report.failures.append(Failure(str(s.path), res.reason))
        return ""
    known = by_sha.get(res.sha256)
    if known is not None and known != s.doc_id:
        report.duplicates.append((str(s.path), known))
        return ""
    if res.status == "unchanged":
        report.unchanged.append(s.doc_id)
        return ""
    extraction = res.extraction()
    if extraction is None:
        # the worker took it for a duplicate of a document this run has since replaced: read again,
        # in a worker too (no paper is read in this process)
        import multiprocessing

        res = _alone((str(s.path), s.doc_id, s.location, None), {}, multiprocessing.get_context("fork"), _read_anew)
        extraction = res.extraction()
        if extraction is None:
            report.failures.append(Failure(str(s.path), res.reason or "cannot be read"))
            return ""
    (report.updated if s.doc_id in hashes else report.added).append(s.doc_id)
    if s.doc_id in hashes:
        by_sha.pop(hashes[s.doc_id], None)
    changed[s.doc_id] = extraction
    by_sha[res.sha256] = s.doc_id
    return res.text


def _pruned(paths: list[Path | str], sources: list[Source], report: IngestReport,
            locations: dict[str, str]) -> set[str]:
    """Stored documents from one of the given folders whose file is no longer there."""
    folders = [text_path(p) for p in paths if _is_dir(Path(p))]
    present = {s.location for s in sources} | {text_path(f.path) for f in report.failures}
    out = set()
    for doc, where in locations.items():
        loc = os.path.abspath(where) if where else ""
        if loc and loc not in present and any(loc.startswith(f.rstrip(os.sep) + os.sep) for f in folders) \
                and not os.path.exists(_disk_path(loc)):
            out.add(doc)
    return out


def remove(doc_ids: Iterable[str], store: GraphStore, decisions: Decisions | None = None) -> IngestReport:
    """Remove documents (by id, or by source path) and their facts; an unknown one is a failure."""
    report = IngestReport()
    lock = getattr(store, "locked", None)
    with lock() if lock else contextlib.nullcontext():
        hashes, locations = _stored_paths(store)
        by_location = {p: d for d, p in locations.items() if p}
        removed = set()
        for given in doc_ids:
            doc = given if given in hashes else by_location.get(text_path(given))
            if doc is None:
                report.failures.append(Failure(given, "no such document in the store"))
            else:
                removed.add(doc)
        report.removed = sorted(removed)
        _commit(store, {}, removed, decisions, report, False)
    return report


def _commit(store: GraphStore, changed: dict[str, Extraction], removed: set[str],
            decisions: Decisions | None, report: IngestReport, stored_any: bool,
            texts: dict[str, str] | None = None) -> None:
    """Bring the graph up to date and commit it when documents changed (or decisions changed the
    graph): the embedded store resolves again only what the changes touch (``texts``: the stored
    text of changed extractions, made by the workers); another store is given the graph rebuilt
    from every document."""
    update: Any = getattr(store, "update", None)
    if update is not None:
        report.committed = bool(update(changed, removed, decisions, texts=texts or None))
        report.nodes, report.rels = store.counts()   # type: ignore[attr-defined]
        return
    from kg.resolve import near

    graph: Graph | None = None
    ledger: list[dict[str, Any]] = []
    todo = bool(changed or removed)
    stored_near: Any = getattr(store, "near_misses", None)
    # a database an earlier kg wrote holds no near-misses: found on the next ingest
    unknown = stored_any and not todo and stored_near is not None and stored_near() is None
    if todo or decisions and stored_any or store.needs_rebuild() or unknown:
        merged = {k: v for k, v in store.extractions().items() if k not in removed}
        merged.update(changed)
        graph, ledger, near_misses = near.build(merged.values(), decisions)
        if not todo and not store.needs_rebuild():
            # merge decisions apply on the next ingest even when no document changed (a keep_apart
            # may change the near-misses only)
            todo = _differs(graph, store.graph()) or (stored_near is not None and stored_near() != near_misses)
        if todo or store.needs_rebuild():
            apply: Any = getattr(store, "apply", None)
            if apply is not None:
                apply(changed, removed, graph, ledger, near_misses)
            else:
                commit: Any = store.commit
                commit(merged, graph, ledger, near_misses)
            report.committed = True
    if not report.committed:
        graph = store.graph()
    assert graph is not None
    report.nodes, report.rels = graph.counts()


def _differs(a: Graph, b: Graph) -> bool:
    return a.nodes.keys() != b.nodes.keys() or a.rels.keys() != b.rels.keys() or any(
        a.nodes[k].props != b.nodes[k].props for k in a.nodes) or any(
        a.rels[k].props != b.rels[k].props for k in a.rels)
