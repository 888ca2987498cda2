"""`kg neo4j start|stop|status`, `kg push` and `kg cypher`: Neo4j from the command line.

Registered by :mod:`kg.cli` through :func:`register`. Errors (server down, wrong password,
unknown database, Java missing, a write refused in read-only mode) are one line on stderr and
exit code 2.

``kg neo4j start`` prints shell ``export`` lines on stdout (messages go to stderr), so
``eval "$(kg neo4j start)"`` configures the shell; every value is shell-quoted, so a chosen
password never runs as a command. The password of a server kg generated is
printed in them, because it is a throwaway loopback-only dev server and there is no other way
to learn it; a password the user passed with ``--password`` is never echoed. Both are also in
``RUN/neo4j.env`` (mode 0600).
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.cli_common import (
    Neo4jDatabase,
    Neo4jPassword,
    Neo4jUri,
    Neo4jUser,
    StoreDir,
    fail,
    get_store,
    require_store,
)
from kg.store import StoreError

neo4j_app = typer.Typer(name="neo4j", help="Run a local Neo4j Community server for kg (needs Java 17+).",
                        no_args_is_help=True, add_completion=False)

RunDir = Annotated[Path | None, typer.Option(
    "--dir", envvar="KG_NEO4J_DIR", help="Run directory of the server [default: ~/.cache/kg/neo4j-run].",
    show_default=False)]


@neo4j_app.command("start")
def start(
    run_dir: RunDir = None,
    port: Annotated[int | None, typer.Option("--port", help="Bolt port on 127.0.0.1 [default: a free one].",
                                             show_default=False)] = None,
    password: Annotated[str | None, typer.Option(
        "--password", help="Initial password (8+ characters) [default: a random one].",
        show_default=False)] = None,
    heap: Annotated[str | None, typer.Option("--heap", help="JVM heap, e.g. 1g [default: $KG_NEO4J_HEAP or 1g].",
                                             show_default=False)] = None,
) -> None:
    """Start (or find) a local Neo4j server; print the export lines that point kg at it.

    The first start fetches Neo4j's jars from Maven Central into ~/.cache/kg (once).
    Example: eval "$(kg neo4j start)"
    """
    from kg import neo4j_server

    try:
        neo4j_server.check_settings(port, heap)
    except neo4j_server.ServerError as exc:
        fail(str(exc))
    if run_dir is not None and os.path.lexists(run_dir) and not os.path.isdir(run_dir):
        fail(f"{run_dir}: exists and is not a folder (--dir is the server's folder)")
    was = neo4j_server.find(run_dir)
    typer.echo("kg: starting Neo4j (the first start fetches its jars with Maven)..." if was is None
               else f"kg: Neo4j already running (pid {was.pid})", err=True)
    try:
        srv = neo4j_server.start(run_dir, port=port, password=password, heap=heap)
    except neo4j_server.ServerError as exc:
        fail(str(exc))
    typer.echo(f"kg: Neo4j {neo4j_server.NEO4J_VERSION} ready at {srv.uri} "
               f"(pid {srv.pid}, dir {srv.run_dir})", err=True)
    # shell-quoted: `eval` of these lines never runs anything a value holds
    env = srv.env()
    if password is not None:
        env.pop("NEO4J_PASSWORD")
    typer.echo(neo4j_server.env_lines(env), nl=False)
    if password is not None:
        typer.echo("# NEO4J_PASSWORD: the password you passed with --password")
    typer.echo(f"# or: source {shlex.quote(str(srv.run_dir / neo4j_server.ENV_FILE))}")


@neo4j_app.command("stop")
def stop(run_dir: RunDir = None) -> None:
    """Stop the server started with `kg neo4j start` (SIGTERM, then kill after a minute)."""
    from kg import neo4j_server

    srv = neo4j_server.find(run_dir)
    if srv is None:
        typer.echo("kg: no Neo4j server running there", err=True)
        return
    srv.stop()
    typer.echo(f"kg: stopped Neo4j (pid {srv.pid})", err=True)


@neo4j_app.command("status")
def status(run_dir: RunDir = None,
           as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False) -> None:
    """Say whether the server runs, and where (never prints the password). Exit 1 if it is not running."""
    from kg import neo4j_server

    st = neo4j_server.status(run_dir)
    if as_json:
        typer.echo(json.dumps(st))
    elif st["running"]:
        typer.echo(f"running: {st['uri']} (pid {st['pid']}, Neo4j {st['version']}, dir {st['run_dir']})")
    else:
        typer.echo(f"not running (dir {st['run_dir']})")
    if not st["running"]:
        raise typer.Exit(1)


def push(
    store: StoreDir = None,
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Copy an embedded store (extractions and graph) into Neo4j, replacing what the database held.

    Example: kg push --store kg-store
    """
    from kg.store import NetworkxStore
    from kg.store.neo4j import lock_timeout_setting

    try:
        timeout = lock_timeout_setting()  # one line for a bad $KG_LOCK_TIMEOUT, before anything is read
    except StoreError as exc:
        fail(str(exc))
    src = NetworkxStore(require_store("networkx", store, committed=True), lock_timeout=timeout)
    dst = get_store("neo4j", None, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    try:
        extractions, graph, ledger = src.extractions(), src.graph(), src.ledger()
        commit: Any = dst.commit
        commit(extractions, graph, ledger, src.near_misses())
    except StoreError as exc:
        fail(str(exc))
    finally:
        dst.close()
    typer.echo(f"pushed {len(extractions)} documents, {len(graph.nodes)} nodes, "
               f"{len(graph.rels)} relationships to {getattr(dst, 'uri', 'Neo4j')}")


def parse_cypher_params(pairs: list[str] | None) -> dict[str, Any]:
    """``k=v`` (a string; a plain number becomes a number) and ``k:=JSON`` (any JSON value).

    >>> parse_cypher_params(["name=SPB", "n=5", 'ids:=["a","b"]', 'code:="007"'])
    {'name': 'SPB', 'n': 5, 'ids': ['a', 'b'], 'code': '007'}
    """
    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.rstrip(":").strip():
            fail(f"--param expects key=value or key:=JSON, got '{pair}'")
        if key.endswith(":"):
            key = key[:-1].strip()
            try:
                out[key] = json.loads(value)
            except ValueError:
                fail(f"--param {key}:= expects a JSON value, got '{value}'")
            continue
        key = key.strip()
        v: Any = value
        for conv in (int, float):
            try:
                v = conv(value)
                break
            except ValueError:
                continue
        out[key] = v
    return out


def cypher(
    statement: Annotated[str, typer.Argument(help="The Cypher statement; values as $parameters.",
                                             show_default=False)],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="A parameter: key=value, or key:=JSON (repeat for more).",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Rows as JSON instead of a table.")] = False,
    write: Annotated[bool, typer.Option("--write", help="Allow writes (default: a read-only transaction).")
                     ] = False,
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Run a Cypher statement on Neo4j, read-only unless --write.

    Example: kg cypher 'MATCH (b:Board) WHERE b.name CONTAINS $w RETURN b.name' --param w=Safer
    """
    params = parse_cypher_params(param)
    st = get_store("neo4j", None, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    try:
        rows = st.run(statement, params, write=write)  # type: ignore[attr-defined]
    except StoreError as exc:
        fail(str(exc))
    finally:
        st.close()
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    try:
        from kg.cli_query import format_table
    except ImportError:  # the query CLI is optional here
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    typer.echo(format_table(rows))
    typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


def register(app: typer.Typer) -> None:
    """Add the `neo4j` group, `push` and `cypher` to the `kg` app."""
    app.add_typer(neo4j_app, name="neo4j")
    app.command(name="push")(push)
    app.command(name="cypher")(cypher)
