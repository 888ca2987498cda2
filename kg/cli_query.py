"""`kg query` and `kg show`: the named query library and one entity's page, as a thin CLI.

Registered by :mod:`kg.cli` through :func:`register`. Errors (unknown query, bad ``--param``,
entity not found, unreadable store) are one line on stderr and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

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
    require_store,
    say,
)
from kg.store import GraphStore, StoreError
from kg.table import format_table


def _open(backend: str, store: Path | None, uri: str | None, user: str | None, password: str | None,
          database: str | None) -> GraphStore:
    require_store(backend, store)
    return get_store(backend, store, uri, user, password, database)


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """``--param key=value`` pairs into a dict of strings (values are names, kept as typed).

    >>> parse_params(["board=Police and Crime Panel "])
    {'board': 'Police and Crime Panel'}
    """
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            fail(f"--param expects key=value, got '{pair}'")
        if key in out:
            fail(f"--param {key} given twice")
        out[key] = value.strip()
    return out


def resolve_params(st: GraphStore, params: dict[str, str]) -> dict[str, str]:
    """Each entity parameter replaced by the id of the node it names, found by the rules every
    command shares (:func:`kg.lookup.find`: exact, folded, acronym, person without honorific).
    Raises :class:`kg.lookup.EntityNotFound` (one line, "did you mean") for a name that finds
    nothing, or several."""
    from kg.lookup import candidates_from_store, find
    from kg.queries import PARAM_KINDS

    cands = candidates_from_store(st)
    out = dict(params)
    for key, value in params.items():
        labels, what = PARAM_KINDS.get(key, (None, "entity"))
        out[key] = find(cands, value, labels, what).id
    return out


def query(
    name: Annotated[str, typer.Argument(help="Query name, or 'list' to list the library.",
                                        show_default=False)],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="A parameter as key=value (repeat for more).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Rows as JSON instead of a table.")] = False,
    cypher: Annotated[bool, typer.Option("--cypher", help="Print the query's Cypher and stop.")] = False,
    max_width: Annotated[int, typer.Option("--max-width", min=0,
                                           help="Cut table cells at this width (0: never).")] = 60,
    store: StoreDir = None,
    backend: Backend = "networkx",
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Run a named query from the library (`kg query list` shows them all).

    Entity parameters match a name, alias or id, ignoring case. Rows carry citations (document:line).

    Example: kg query board-members --param "board=Police and Crime Panel"
    """
    from kg.lookup import EntityNotFound
    from kg.queries import QueryError, get_query, list_queries, prepare

    if name == "list":
        qs = list_queries()
        if as_json:
            typer.echo(json.dumps([
                {"name": q.name, "title": q.title, "description": q.description,
                 "params": {k: {"description": d, "example": e} for k, (d, e) in q.params.items()}}
                for q in qs], indent=2, ensure_ascii=False))
        else:
            rows: list[dict[str, Any]] = [{"name": q.name, "params": list(q.params), "title": q.title}
                                          for q in qs]
            typer.echo(format_table(rows, max_width=0))
        return
    params = parse_params(param)
    try:
        q, params = prepare(name, params) if not cypher else (get_query(name), params)
    except QueryError as exc:
        fail(str(exc))
    if cypher:
        typer.echo(q.cypher.rstrip())
        return
    st = _open(backend, store, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    try:
        params = resolve_params(st, params)
        rows = st.query(q.name, params)
    except (StoreError, QueryError, EntityNotFound) as exc:
        fail(str(exc))
    finally:
        st.close()
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        say(format_table(rows, max_width=max_width))
        typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


def show(
    name: Annotated[str, typer.Argument(help="Entity name, alias or id, in any spelling.",
                                        show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Everything as JSON.")] = False,
    evidence: Annotated[bool, typer.Option("--evidence",
                                           help="Quote the source text under each line.")] = False,
    near: Annotated[bool, typer.Option("--near-misses", help="Find its near-misses again now, as kg review does "
                                       "(every paper's extraction, and the decisions file as it is now); "
                                       "without it, those the last ingest found.")] = False,
    store: StoreDir = None,
    backend: Backend = "networkx",
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Everything the graph says about one entity, each line with its citation (document:line).

    Roles, memberships, governance lines up and down, funding in and out, meetings, the
    spellings merged into it, and its near misses: the names that almost merged with it, why they
    were not, and the kg review command that decides.
    """
    from kg.cli_review import store_decisions
    from kg.show import EntityNotFound, format_show, show_entity

    st = _open(backend, store, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    try:
        info = show_entity(st, name, near, store_decisions(backend, store) if near else None)  # type: ignore[arg-type]
    except (StoreError, EntityNotFound) as exc:
        fail(str(exc))
    finally:
        st.close()
    if as_json:
        typer.echo(json.dumps(info, indent=2, ensure_ascii=False))
    else:
        say(format_show(info, evidence=evidence))


def register(app: typer.Typer) -> None:
    """Add `query` and `show` to the `kg` app."""
    app.command(name="query")(query)
    app.command(name="show")(show)
