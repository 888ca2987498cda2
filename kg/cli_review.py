"""`kg review`: the merges entity resolution made and the pairs that almost merged, and a user's
same / not-same decision written into the decisions file for the next ingest (a thin layer over
:mod:`kg.resolve.review` and :class:`kg.resolve.Decisions`).

Registered by :mod:`kg.cli` through :func:`register`. A mistake (an unknown label, a name the
store never read, a decisions file that is not valid) is one line and exit code 2; the file is
written whole or not at all.
"""

from __future__ import annotations

import json
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
    require_store,
    write_failed,
)
from kg.store import StoreError, default_store_dir

_LABELS = ("Organisation", "Board", "Person", "Plan", "Priority", "Fund", "Project", "Meeting", "Post")


def review(
    store: StoreDir = None,
    label: Annotated[str | None, typer.Option("--label", help="Only this label (Person, Organisation ...).")] = None,
    same: Annotated[tuple[str, str] | None, typer.Option(
        "--same", help="Record that two spellings name ONE entity (with --label).", show_default=False)] = None,
    not_same: Annotated[tuple[str, str] | None, typer.Option(
        "--not-same", help="Record that two spellings name DIFFERENT entities (with --label).",
        show_default=False)] = None,
    area: Annotated[tuple[str, str] | None, typer.Option(
        "--area", help="Record a paper's police force area where kg could not read it: PAPER AREA.",
        show_default=False)] = None,
    decisions: Annotated[Path | None, typer.Option(
        "--decisions", help="Decisions file [default: STORE/decisions.yaml; with Neo4j, none: give the "
                            "file `kg ingest --backend neo4j --decisions` reads].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Merges and near-misses as JSON.")] = False,
    backend: Backend = "networkx",
    neo4j_uri: Neo4jUri = None, neo4j_user: Neo4jUser = None,
    neo4j_password: Neo4jPassword = None, neo4j_database: Neo4jDatabase = None,
) -> None:
    """List the merges entity resolution made (each spelling, the rule, where it was read) and the
    near-misses (pairs in one area that almost merged, and why not); or record a decision.

    Example: kg review --label Person --same "Jo Hartly" "Jo Hartley"

    A decision goes into the decisions file and applies on the next `kg ingest`.
    """
    from kg.resolve import Decisions
    from kg.resolve.review import merges, near_misses

    where = require_store(backend, store, committed=True)
    # the decisions file the next ingest reads: the embedded store's own, or (Neo4j has no folder)
    # the one the user names
    dec_path = decisions or (where / "decisions.yaml" if backend == "networkx" else None)
    if dec_path is None and (same or not_same or area):
        fail("with --backend neo4j a decision needs --decisions FILE (the file to give "
             "`kg ingest --backend neo4j --decisions FILE`)")
    try:
        dec = Decisions.load(dec_path)
    except ValueError as exc:
        fail(str(exc))
    except OSError as exc:     # a folder, an unreadable file
        fail(f"{dec_path}: cannot read the decisions file ({exc.strerror or type(exc).__name__})")
    st = get_store(backend, where, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    try:
        if backend == "neo4j":
            st.check_complete()  # type: ignore[attr-defined]  # a half-written graph: one line, exit 2
        exs = list(st.extractions().values())
        ledger = st.ledger() if hasattr(st, "ledger") else []
    except StoreError as exc:
        fail(str(exc))
    finally:
        st.close()
    if area and dec_path is not None:
        _set_area(dec, dec_path, area, exs)
        return
    if (same or not_same) and dec_path is not None:
        _decide(dec, dec_path, label, same, not_same, exs)
        return
    if label is not None and label not in _LABELS:
        fail(f"unknown label '{label}' (one of {', '.join(_LABELS)})")
    ms = [m for m in merges(ledger, exs, dec) if label is None or m.label == label]
    group = "Organisation/Board" if label in ("Organisation", "Board") else label
    ns = [n for n in near_misses(exs, dec) if label is None or n.label == group]
    unknown = papers_without_area(exs, dec)
    if as_json:
        typer.echo(json.dumps({"merges": [vars(m) for m in ms], "near_misses": [vars(n) for n in ns],
                               "papers_without_area": unknown}, indent=1))
        return
    typer.echo(f"merges ({len(ms)}):")
    for m in ms:
        typer.echo(f"  [{m.label}] {m.node} <- {m.spelling!r} by {m.rule} ({m.cite})")
    typer.echo(f"near-misses ({len(ns)}):")
    for n in ns:
        typer.echo(f"  [{n.label}, {n.area}] {n.a!r} / {n.b!r}: {n.reason} ({n.cite_a}; {n.cite_b})")
    if unknown:
        typer.echo(f"papers of no known area ({len(unknown)}; their generic names stay with them): "
                   + ", ".join(unknown))
    typer.echo("decide with: kg review --label LABEL --same A B (or --not-same A B), or --area PAPER AREA; "
               f"written to {dec_path or 'the file given with --decisions'}")


def store_decisions(backend: str, store: Path | None) -> object:
    """The decisions the next ingest of the embedded store reads (``STORE/decisions.yaml``), for a
    reader that shows what resolution did (``kg show``); none for Neo4j. A bad file: one line, exit 2."""
    from kg.resolve import Decisions

    if backend != "networkx":
        return None
    path = (store if store is not None else default_store_dir()) / "decisions.yaml"
    try:
        return Decisions.load(path)
    except ValueError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{path}: cannot read the decisions file ({exc.strerror or type(exc).__name__})")


def papers_without_area(exs: list, dec: object) -> list[str]:  # type: ignore[type-arg]
    """Ids of the papers kg read no area for and the decisions give none."""
    from kg.resolve import Decisions
    from kg.resolve.scope import paper_area

    areas = dec.areas if isinstance(dec, Decisions) else {}
    return sorted(ex.doc.id for ex in exs if paper_area(ex).force is None and ex.doc.id not in areas)


def _set_area(dec: object, path: Path, area: tuple[str, str], exs: list) -> None:  # type: ignore[type-arg]
    from kg.resolve import Decisions

    assert isinstance(dec, Decisions)
    doc, force = area
    if doc not in {ex.doc.id for ex in exs}:
        fail(f"no paper {doc!r} in this store (kg stats counts them; ids are file names)")
    try:
        dec.set_area(doc, force)
    except ValueError as exc:
        fail(str(exc))
    try:
        dec.save(path)
    except OSError as exc:     # 2 for a path the user may not write, 1 for a disk that refused it
        write_failed(path, exc)
    typer.echo(f"recorded: {doc} is from {force} ({path}); run `kg ingest` to apply it")


def _decide(dec: object, path: Path, label: str | None, same: tuple[str, str] | None,
            not_same: tuple[str, str] | None, exs: list) -> None:  # type: ignore[type-arg]
    from kg.resolve import Decisions

    assert isinstance(dec, Decisions)
    if same and not_same:
        fail("give --same or --not-same, not both")
    if label is None or label not in _LABELS:
        fail(f"--label is needed with a decision: one of {', '.join(_LABELS)}")
    verdict, (a, b) = ("same", same) if same else ("not-same", not_same)  # type: ignore[misc]
    if a == b:
        fail("the two spellings are the same")
    group = ("Organisation", "Board") if label in ("Organisation", "Board") else (label,)
    seen = {m.name for ex in exs for m in ex.mentions if m.label in group} | {
        r.name for ex in exs for f in ex.facts for r in (f.start, f.end) if r.label in group}
    unknown = [n for n in (a, b) if n not in seen]
    if unknown:
        fail(f"no {label} spelt {unknown[0]!r} in this store (kg review lists the spellings)")
    changed = dec.add(verdict, label, a, b)
    try:
        dec.save(path)
    except OSError as exc:     # 2 for a path the user may not write, 1 for a disk that refused it
        write_failed(path, exc)
    what = "recorded" if changed else "already recorded"
    typer.echo(f"{what}: {label} {a!r} and {b!r} are {'one' if verdict == 'same' else 'not one'} entity "
               f"({path}); run `kg ingest` to apply it")  # the command's answer: on stdout


def register(app: typer.Typer) -> None:
    """Add the `review` command to the kg CLI."""
    app.command("review")(review)
