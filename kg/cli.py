"""The `kg` command line: a thin layer over the library (see kg/__init__.py).

Exit codes: 0 success; 1 some inputs failed; 2 usage or configuration error.
"""

# ruff: noqa: E402  (the imports follow the interrupt guard on purpose)
from __future__ import annotations

from kg.cli_run import quiet_start

_restore_sigint = quiet_start()   # first: a Ctrl-C while kg imports is one line, not a traceback

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli_common import (
    Backend,
    Neo4jDatabase,
    Neo4jPassword,
    Neo4jUri,
    Neo4jUser,
    StoreDir,
    fail,
    get_store,
    output_file,
    read_counts,
    read_graph,
    refuse_store_file,
    require_store,
    say,
    write_failed,
)
from kg.store import StoreError, default_store_dir

if TYPE_CHECKING:
    from kg.ingest import IngestReport
    from kg.resolve import Decisions
    from kg.store import GraphStore

app = typer.Typer(
    name="kg",
    help="Governance knowledge graphs from UK public-sector partnership papers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # plain help, as click writes it: the same text on a terminal and in a pipe, so that `kg --help`
    # can be answered from a cache without importing typer (kg/cli_start.py); rich's boxes cost a
    # tenth of a second more to draw
    rich_markup_mode=None,
)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (recursive) to read.")],
    store: StoreDir = None,
    backend: Backend = "networkx",
    decisions: Annotated[Path | None, typer.Option(
        "--decisions", help="Merge decisions YAML [default: STORE/decisions.yaml].")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Remove the stored documents of these folders whose files are gone.")] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Papers extracted in parallel [default: the machine's cores].",
        show_default=False)] = None,
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Read documents into the graph: load, extract, resolve entities, store.

    A document is known by its path relative to the folder given (a file given directly, by its
    name). Unchanged documents are skipped; a changed one replaces its facts; with --prune, those
    gone from the folders are removed. Each file that fails is named on one line with the
    reason, the rest are ingested, and the exit code is 1.
    """
    from kg.ingest import default_jobs
    from kg.ingest import ingest as run_ingest

    st, dec = _store_and_decisions(store, backend, decisions, neo4j_uri, neo4j_user, neo4j_password,
                                   neo4j_database)
    n_jobs = jobs or default_jobs()
    try:
        repair = st.needs_rebuild()  # a Neo4j commit was interrupted: this run commits again
        if quiet or not sys.stderr.isatty():
            report = run_ingest(paths, st, dec, prune=prune, jobs=n_jobs)
        else:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("ingest", total=None)

                def progress(path: str, i: int, total: int) -> None:
                    bar.update(task, total=total, completed=i, description=Path(path).name[:40])

                report = run_ingest(paths, st, dec, progress, prune=prune, jobs=n_jobs)
    except StoreError as exc:
        fail(str(exc), exc.code)
    finally:
        st.close()
    _summary(report, repair)


@app.command()
def remove(
    documents: Annotated[list[str], typer.Argument(help="Document ids (as a node's `sources` list them) "
                                                        "or their files' paths.")],
    store: StoreDir = None,
    backend: Backend = "networkx",
    decisions: Annotated[Path | None, typer.Option(
        "--decisions", help="Merge decisions YAML [default: STORE/decisions.yaml].")] = None,
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Remove documents and every fact read only from them; the graph is rebuilt without them."""
    from kg.ingest import remove as run_remove

    require_store(backend, store)
    st, dec = _store_and_decisions(store, backend, decisions, neo4j_uri, neo4j_user, neo4j_password,
                                   neo4j_database)
    try:
        report = run_remove(documents, st, dec)
    except StoreError as exc:
        fail(str(exc), exc.code)
    finally:
        st.close()
    _summary(report)


def _store_and_decisions(store: Path | None, backend: str, decisions: Path | None, *neo4j: str | None
                         ) -> tuple[GraphStore, Decisions]:
    from kg.resolve import Decisions

    st = get_store(backend, store, *neo4j)
    store_dir = store if store is not None else default_store_dir()
    dec_path = decisions or (store_dir / "decisions.yaml" if backend == "networkx" else None)
    if decisions is not None and not decisions.exists():
        fail(f"{decisions}: decisions file not found")
    try:
        return st, Decisions.load(dec_path)
    except ValueError as exc:
        fail(str(exc))
    except OSError as exc:     # a folder, an unreadable file
        fail(f"{dec_path}: cannot read the decisions file ({exc.strerror or type(exc).__name__})")


def _summary(report: IngestReport, repair: bool = False) -> None:
    """What an ingest or remove did: problems on stderr, counts on stdout, exit 1 if a file failed."""
    for f in report.failures:
        say(f"kg: {f}", err=True, one_line=True)
    for w in report.warnings:
        say(f"kg: {w.path}: warning: {w.reason}", err=True, one_line=True)
    for path, same in report.duplicates:
        say(f"kg: {path}: same content as '{same}', skipped", err=True, one_line=True)
    typer.echo(f"documents: {len(report.added)} added, {len(report.updated)} updated, "
               f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
               f"{len(report.duplicates)} duplicate, {len(report.failures)} failed")
    for doc in report.removed:
        typer.echo(f"removed: {doc}")
    if repair and report.committed:
        typer.echo("graph: committed again (an interrupted commit was repaired)")
    typer.echo("nodes: " + ", ".join(f"{k} {v}" for k, v in report.nodes.items())
               + f" (total {sum(report.nodes.values())})")
    typer.echo("relationships: " + ", ".join(f"{k} {v}" for k, v in report.rels.items())
               + f" (total {sum(report.rels.values())})")
    if report.failures:
        raise typer.Exit(1)


@app.command()
def export(
    output: Annotated[str, typer.Option("-o", "--output", help="File to write, or - for stdout.")],
    store: StoreDir = None,
    backend: Backend = "networkx",
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Write the whole graph as APOC-layout JSON Lines (see the data model)."""
    from kg.export import utf8_stdout, write_export
    from kg.outfile import open_output

    if not output:
        fail("give a file to write (-o FILE, or -o - for standard output), not an empty name")
    graph = read_graph(backend, store, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    if output == "-":
        from kg.cli_run import _standard_output_failed

        try:
            with utf8_stdout() as fh:
                write_export(graph, fh)
        except OSError as exc:   # a full disk under a redirect (one line), `| head` (quietly)
            _standard_output_failed(exc)
        return
    out = output_file(output, ".jsonl")
    refuse_store_file(out, backend, store)
    try:
        # a regular file through a temporary file and a rename: a failed export leaves the old file
        # and no partial one; a link, FIFO or device is written through (kg.outfile)
        with open_output(out) as fh:
            n = write_export(graph, fh)
    except OSError as exc:
        write_failed(out, exc)
    say(f"wrote {n} lines to {out}", err=True, one_line=True)


@app.command()
def stats(
    store: StoreDir = None,
    backend: Backend = "networkx",
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Count documents, nodes by label and relationships by type."""
    labels, types = read_counts(backend, store, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    typer.echo(f"documents: {labels.get('Document', 0)}")
    typer.echo(f"nodes: {sum(labels.values())}")
    for k, v in labels.items():
        typer.echo(f"  {k:16} {v}")
    typer.echo(f"relationships: {sum(types.values())}")
    for k, v in types.items():
        typer.echo(f"  {k:16} {v}")


# Command groups that live in their own modules; each has register(app).
for _mod in ("kg.cli_query", "kg.cli_viz", "kg.cli_neo4j", "kg.cli_explain", "kg.cli_audit", "kg.cli_review"):
    try:
        importlib.import_module(_mod).register(app)
    except ModuleNotFoundError as _exc:  # a module still being written must not break the CLI
        if _exc.name != _mod:
            raise


_restore_sigint()   # kg is loaded: Ctrl-C is a KeyboardInterrupt again, said by main


def main() -> None:
    """Console entry point: no traceback for an interrupt."""
    from kg.cli_run import run

    run(app)


if __name__ == "__main__":
    main()
