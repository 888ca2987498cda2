"""The `kg` command line: a thin layer over the library (see kg/__init__.py).

Exit codes: 0 success; 1 some inputs failed; 2 usage or configuration error.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

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
    read_graph,
    say,
    write_failed,
)
from kg.store import StoreError, default_store_dir

app = typer.Typer(
    name="kg",
    help="Governance knowledge graphs from UK public-sector partnership papers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (recursive) to read.")],
    store: StoreDir = None,
    backend: Backend = "networkx",
    decisions: Annotated[Path | None, typer.Option(
        "--decisions", help="Merge decisions YAML [default: STORE/decisions.yaml].")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Read documents into the graph: load, extract, resolve entities, store.

    Unchanged documents are skipped; a changed one replaces its facts. Each file that fails
    is named on one line with the reason, the rest are ingested, and the exit code is 1.
    """
    from kg.ingest import ingest as run_ingest
    from kg.resolve import Decisions

    st = get_store(backend, store, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    store_dir = store if store is not None else default_store_dir()
    dec_path = decisions or (store_dir / "decisions.yaml" if backend == "networkx" else None)
    if decisions is not None and not decisions.exists():
        fail(f"{decisions}: decisions file not found")
    try:
        dec = Decisions.load(dec_path)
    except ValueError as exc:
        fail(str(exc))
    except OSError as exc:     # a folder, an unreadable file
        fail(f"{dec_path}: cannot read the decisions file ({exc.strerror or type(exc).__name__})")
    try:
        if quiet or not sys.stderr.isatty():
            report = run_ingest(paths, st, dec)
        else:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("ingest", total=None)

                def progress(path: str, i: int, total: int) -> None:
                    bar.update(task, total=total, completed=i, description=Path(path).name[:40])

                report = run_ingest(paths, st, dec, progress)
    except StoreError as exc:
        fail(str(exc))
    finally:
        st.close()
    for f in report.failures:
        say(f"kg: {f}", err=True, one_line=True)
    for w in report.warnings:
        say(f"kg: {w.path}: warning: {w.reason}", err=True, one_line=True)
    for path, same in report.duplicates:
        say(f"kg: {path}: same content as '{same}', skipped", err=True, one_line=True)
    typer.echo(f"documents: {len(report.added)} added, {len(report.updated)} updated, "
               f"{len(report.unchanged)} unchanged, {len(report.duplicates)} duplicate, "
               f"{len(report.failures)} failed")
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
    from kg.export import write_export
    from kg.outfile import open_output

    graph = read_graph(backend, store, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    if output == "-":
        try:
            write_export(graph, sys.stdout)
            sys.stdout.flush()
        except OSError as exc:
            write_failed("standard output", exc)
        return
    out = Path(output)
    if out.is_dir():
        fail(f"{out}: is a directory")
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
    graph = read_graph(backend, store, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    labels, types = graph.counts()
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


def main() -> None:
    """Console entry point: no traceback for an interrupt."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("kg: interrupted; the store is unchanged unless the last commit finished", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
