"""Readers of a half-written Neo4j graph (issue 15): after a commit interrupted half-way, `kg stats`,
`kg export` and `kg query` refuse it with one line and a non-zero exit, and the next `kg ingest`
repairs it. The sample corpus (real papers) on a REAL server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import NetworkxStore, StoreError
from kg.store.neo4j import Neo4jStore

pytestmark = pytest.mark.neo4j
runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
REFUSAL = "interrupted commit: run kg ingest or kg push again"


def env(s: dict[str, Any]) -> dict[str, str]:
    return {"NEO4J_URI": s["uri"], "NEO4J_USERNAME": s["username"], "NEO4J_PASSWORD": s["password"],
            "NEO4J_DATABASE": s["database"]}


def interrupt_a_commit(store: Neo4jStore, source: NetworkxStore, after_rows: int) -> None:
    """Commit ``source`` and stop it (as a kill would) once ``after_rows`` node rows are written."""
    def stop(stage: str, done: int) -> None:
        if stage == "nodes" and done >= after_rows:
            raise KeyboardInterrupt

    store.batch_size, store.on_batch = 50, stop
    with pytest.raises(KeyboardInterrupt):
        store.commit(source.extractions(), source.graph(), source.ledger())
    store.on_batch = None


def test_readers_refuse_an_interrupted_commit_and_ingest_repairs_it(
        neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any], corpus_store_dir: Path, tmp_path: Path) -> None:
    source = NetworkxStore(corpus_store_dir)
    res = runner.invoke(app, ["export", "--store", str(corpus_store_dir), "-o", str(tmp_path / "want.jsonl")])
    assert res.exit_code == 0, res.output
    interrupt_a_commit(neo4j_store, source, after_rows=100)
    written = neo4j_store.run("MATCH (n) WHERE NOT n:_KgMeta AND NOT n:_KgExtraction RETURN count(n) AS n",
                              write=True)[0]["n"]  # (a write transaction: the raw escape hatch)
    assert 0 < written < len(source.graph().nodes)   # really half-written

    e = env(neo4j_settings)
    for args in (["stats"], ["export", "-o", str(tmp_path / "half.jsonl")],
                 ["query", "board-members", "--param", "board=anything"], ["show", "anything"]):
        res = runner.invoke(app, [*args, "--backend", "neo4j"], env=e)
        assert res.exit_code != 0, (args, res.output)
        assert res.output.strip().endswith(REFUSAL) and res.output.count("\n") == 1, (args, res.output)
        assert "Traceback" not in res.output
    assert not (tmp_path / "half.jsonl").exists()
    with pytest.raises(StoreError, match=REFUSAL):
        neo4j_store.graph()

    res = runner.invoke(app, ["ingest", str(CORPUS), "--backend", "neo4j", "-q"], env=e)
    assert res.exit_code == 0, res.output
    assert "interrupted commit was repaired" in res.output
    res = runner.invoke(app, ["export", "--backend", "neo4j", "-o", str(tmp_path / "got.jsonl")], env=e)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "got.jsonl").read_text() == (tmp_path / "want.jsonl").read_text()
    res = runner.invoke(app, ["stats", "--backend", "neo4j"], env=e)
    assert res.exit_code == 0 and f"nodes: {len(source.graph().nodes)}" in res.output


def test_a_reader_during_a_running_commit_is_told_so(neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any],
                                                     corpus_store_dir: Path) -> None:
    """While a live writer's commit is half-way, a reader is refused with a different line: the
    commit is running, not interrupted."""
    source = NetworkxStore(corpus_store_dir)
    seen: list[str] = []

    def read_now(stage: str, done: int) -> None:
        if not seen:
            seen.append(runner.invoke(app, ["stats", "--backend", "neo4j"], env=env(neo4j_settings)).output)

    neo4j_store.batch_size, neo4j_store.on_batch = 50, read_now
    neo4j_store.commit(source.extractions(), source.graph(), source.ledger())
    assert "a kg commit is running" in seen[0] and seen[0].count("\n") == 1
    assert len(neo4j_store.graph().nodes) == len(source.graph().nodes)
