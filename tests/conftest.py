"""Shared pytest fixtures."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `huge` (a 50 MB input, several minutes) or `ci` (long repeats, under other
    conditions, of behaviour the default run covers: killed runs, server restarts) run only with
    KG_TEST_HUGE=1, which .ci/run sets: the default run stays under ten minutes on two cores. They
    are deselected, and the count is reported, not skipped in silence."""
    if os.environ.get("KG_TEST_HUGE") == "1":
        return
    later = [i for i in items if i.get_closest_marker("huge") or i.get_closest_marker("ci")]
    if later:
        config.hook.pytest_deselected(items=later)
        items[:] = [i for i in items if i not in later]

# ---------------------------------------------------------------------------------------------
# neo4j fixtures (owned by the Neo4j helper): a REAL Neo4j server, never a mock.
#
# `neo4j_settings` (session): NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD when NEO4J_URI is set,
# else a dev server started once per session by kg.neo4j_server and stopped at the end.
# Without Java (or Maven) the neo4j tests are skipped with the reason, except when $CI is set:
# there a server that cannot start FAILS the tests, so CI never skips them silently.
# `neo4j_store` (function): a Neo4jStore on an empty database.
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """``{"uri", "username", "password", "database"}`` of a running Neo4j server."""
    if os.environ.get("NEO4J_URI"):
        yield {"uri": os.environ["NEO4J_URI"], "username": os.environ.get("NEO4J_USERNAME", "neo4j"),
               "password": os.environ.get("NEO4J_PASSWORD", ""),
               "database": os.environ.get("NEO4J_DATABASE", "neo4j")}
        return
    from kg import neo4j_server

    in_ci = bool(os.environ.get("CI"))
    try:
        neo4j_server.java_binary()
    except neo4j_server.ServerError as exc:
        if in_ci:
            pytest.fail(f"CI is set and no Neo4j server can run: {exc}", pytrace=False)
        pytest.skip(f"Neo4j tests need Java or NEO4J_URI: {exc}")
    try:
        server = neo4j_server.start(tmp_path_factory.mktemp("neo4j-run"), heap="768m")
    except neo4j_server.ServerError as exc:
        if in_ci or "Maven" not in str(exc):
            pytest.fail(f"the Neo4j test server did not start: {exc}", pytrace=False)
        pytest.skip(f"Neo4j tests need Maven to fetch the server once, or NEO4J_URI: {exc}")
    try:
        yield {"uri": server.uri, "username": server.username, "password": server.password,
               "database": "neo4j", "server": server}
    finally:
        server.stop()


@pytest.fixture
def neo4j_store(neo4j_settings: dict[str, Any]) -> Iterator[Any]:
    """A Neo4jStore on an empty database (every node, relationship and kg's meta deleted)."""
    from kg.store.neo4j import open_neo4j

    store = open_neo4j(uri=neo4j_settings["uri"], username=neo4j_settings["username"],
                       password=neo4j_settings["password"], database=neo4j_settings["database"])
    store.clear()
    try:
        yield store
    finally:
        store.close()

# --------------------------------------------------------------------------- end neo4j fixtures


# ---------------------------------------------------------------------------------------------
# the bundled sample corpus, ingested ONCE per session by `kg ingest` into an embedded store, shared
# read-only by every test that reads it (user questions, audit, lookup, README, CLI, contract,
# evidence, show, viz, review...). A test that writes to a store takes `corpus_store_copy`: a copy of
# the store folder, never a second ingest. At the end of the session the shared store must be the
# one the ingest wrote, byte for byte: a test that wrote to it fails the run here.
# ---------------------------------------------------------------------------------------------
CORPUS_DIR = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@dataclass(frozen=True)
class CorpusIngest:
    """The store folder `kg ingest examples/corpus --store FOLDER` made, and what the run printed."""

    path: Path
    stdout: str
    stderr: str


def _digest(folder: Path) -> str:
    return hashlib.sha256((folder / "graph.sqlite").read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def corpus_ingest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CorpusIngest]:
    """The sample corpus ingested once through the CLI (in-process), with its output."""
    from typer.testing import CliRunner

    from kg.cli import app

    where = tmp_path_factory.mktemp("corpus") / "kg-store"
    res = CliRunner().invoke(app, ["ingest", str(CORPUS_DIR), "--store", str(where)])
    assert res.exit_code == 0, res.output
    before = _digest(where)
    yield CorpusIngest(where, res.stdout, res.stderr)
    if _digest(where) != before:
        pytest.fail("a test wrote to the shared corpus store: it should take corpus_store_copy", pytrace=False)


@pytest.fixture(scope="session")
def corpus_store_dir(corpus_ingest: CorpusIngest) -> Path:
    """The folder of the shared embedded store holding examples/corpus (read it, never write it)."""
    return corpus_ingest.path


@pytest.fixture
def corpus_store_copy(corpus_store_dir: Path, tmp_path: Path) -> Path:
    """A copy of the ingested corpus store for a test that writes (``tmp_path/"corpus-store"``)."""
    return Path(shutil.copytree(corpus_store_dir, tmp_path / "corpus-store",
                                ignore=shutil.ignore_patterns(".lock")))


@pytest.fixture(scope="session")
def corpus_graph(corpus_store_dir: Path) -> Any:
    """The merged :class:`kg.model.Graph` of the sample corpus (do not change it)."""
    from kg.store import open_store

    store = open_store("networkx", corpus_store_dir)
    try:
        return store.graph()
    finally:
        store.close()
