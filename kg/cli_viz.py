"""`kg viz` and `kg atlas`: the pictures, as a thin layer over :mod:`kg.viz`.

Registered by :mod:`kg.cli` through :func:`register`. Errors are one line on
stderr and exit code 2 (unknown view, focus not found, unreadable store).
"""

from __future__ import annotations

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
    output_file,
    read_graph,
    refuse_store_file,
    require_store,
    say,
    write_failed,
)
from kg.store import StoreError


def viz(
    view: Annotated[str, typer.Argument(help="governance, funding, ego or board.", show_default=False)],
    output: Annotated[str, typer.Option("-o", "--output", help="HTML file to write.", show_default=False)],
    focus: Annotated[str | None, typer.Option(
        "--focus", help="Entity name, alias or id (ego: the centre; board: the board).")] = None,
    depth: Annotated[int, typer.Option("--depth", help="Hops around the focus (ego view).")] = 2,
    max_nodes: Annotated[int, typer.Option(
        "--max-nodes", help="Past this, keep the best connected entities and say so on the page.")] = 400,
    store: StoreDir = None,
    backend: Backend = "networkx",
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Draw one view as a self-contained HTML page (opens offline from disk).

    governance: bodies and people with their governance lines, top-down.
    funding: money flows, funder to fund to recipient to project to deliverer.
    ego: everything within --depth hops of --focus.
    board: one board (--focus): members, chairs, meetings, lines up and down.
    """
    from kg.viz import VIEWS, ViewError, render_view

    if view not in VIEWS:
        fail(f"unknown view '{view}' (choose from {', '.join(VIEWS)})")
    out = output_file(output)
    refuse_store_file(out, backend, store)
    graph = read_graph(backend, store, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    try:
        res = render_view(graph, view, out, focus=focus, depth=depth, max_nodes=max_nodes)
    except ViewError as exc:
        fail(str(exc))
    except OSError as exc:
        write_failed(out, exc)
    say(f"wrote {res.path}: {res.nodes} entities, {res.edges} lines", err=True, one_line=True)
    if res.message:
        say(f"kg: {res.message}", err=True, one_line=True)


def atlas(
    folder: Annotated[str, typer.Argument(metavar="OUTDIR", help="Folder to write the site into.",
                                          show_default=False)],
    store: StoreDir = None,
    backend: Backend = "networkx",
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Write the atlas: a static site (open index.html from disk, no server) with a page per
    board, person, organisation and fund, every fact with its citation, the views, and the
    audit's findings (see kg audit)."""
    from kg.audit import audit_store
    from kg.viz.atlas import build_atlas

    if not folder:     # `kg atlas "$OUT"` with OUT unset: not the current folder
        fail("give a folder to write the atlas into, not an empty name")
    outdir = Path(folder)
    if outdir.exists() and not outdir.is_dir():
        fail(f"{outdir}: exists and is not a folder")
    where = require_store(backend, store)
    st = get_store(backend, store, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    try:
        graph = st.graph()
        findings, notes = audit_store(st, base=where.resolve().parent)   # the atlas's Audit section
    except StoreError as exc:
        fail(str(exc))
    finally:
        st.close()
    for note in notes:
        say(f"kg: {note}", err=True, one_line=True)
    try:
        index = build_atlas(graph, outdir, findings)
    except OSError as exc:
        write_failed(exc.filename or outdir, exc)
    say(f"wrote {index}", err=True, one_line=True)


def register(app: typer.Typer) -> None:
    """Add the `viz` and `atlas` commands to the kg CLI."""
    app.command("viz")(viz)
    app.command("atlas")(atlas)
