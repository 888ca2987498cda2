"""`kg audit`: the auditor's checks on the money in the papers, as a thin CLI over :mod:`kg.audit`.

Registered by :mod:`kg.cli` through :func:`register`. Exit 0 whether or not there are findings
(a finding is an answer, not a failure); 2 for a usage or store problem.
"""

from __future__ import annotations

import json
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
    require_store,
)
from kg.store import StoreError


def audit(
    rule: Annotated[list[str] | None, typer.Option(
        "--rule", "-r", help="Only this rule (repeat for more); see --list.", show_default=False)] = None,
    list_rules: Annotated[bool, typer.Option("--list", help="List the rules and stop.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Findings as JSON.")] = False,
    max_width: Annotated[int, typer.Option("--max-width", help="Cut table cells at this width (0: never).")] = 0,
    store: StoreDir = None,
    backend: Backend = "networkx",
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """Check the money in the papers: spent above allocated, balances that do not add up, one flow
    with different figures in two places, spend that falls, table totals that are not the sum of
    their rows, allocations with no period or no recipient, figures from proposed or struck lines.

    Every finding names its rule, its figures and its citations (document:line).

    Example: kg audit --json
    """
    from kg.audit import RULES, audit_store, format_findings

    if list_rules:
        for name, text in RULES.items():
            typer.echo(f"{name:26} {text}")
        return
    unknown = [r for r in rule or [] if r not in RULES]
    if unknown:
        fail(f"unknown rule '{unknown[0]}' (known: {', '.join(RULES)})")
    where = require_store(backend, store)
    st = get_store(backend, store, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    try:
        findings, notes = audit_store(st, rule or None, base=where.resolve().parent)
    except StoreError as exc:
        fail(str(exc))
    finally:
        st.close()
    for note in notes:
        typer.echo(f"kg: {note}", err=True)
    if as_json:
        typer.echo(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        typer.echo(format_findings(findings, max_width=max_width))
        typer.echo(f"({len(findings)} finding{'s' if len(findings) != 1 else ''})", err=True)


def register(app: typer.Typer) -> None:
    """Add `audit` to the `kg` app."""
    app.command(name="audit")(audit)
