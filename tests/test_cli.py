"""The CLI in-process with Typer's CliRunner: real corpus in, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
runner = CliRunner()


@pytest.fixture
def store(corpus_store_dir: Path) -> Path:
    """The session's corpus store (read only)."""
    return corpus_store_dir


def test_ingest_reports_what_it_added(corpus_ingest: Any) -> None:
    """The session's corpus store was made by `kg ingest examples/corpus --store S`: its summary."""
    assert "documents: 5 added" in corpus_ingest.stdout
    assert "relationships:" in corpus_ingest.stdout and "MEMBER_OF" in corpus_ingest.stdout


def test_ingest_again_reports_unchanged(corpus_store_copy: Path) -> None:
    res = runner.invoke(app, ["ingest", str(CORPUS), "--store", str(corpus_store_copy)])
    assert res.exit_code == 0
    assert "0 added, 0 updated, 5 unchanged" in res.output


def test_export_writes_apoc_json_lines(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    res = runner.invoke(app, ["export", "--store", str(store), "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    nodes = [r for r in rows if r["type"] == "node"]
    rels = [r for r in rows if r["type"] == "relationship"]
    assert nodes and rels
    ids = {n["id"] for n in nodes}
    for r in rels:
        assert r["start"]["id"] in ids and r["end"]["id"] in ids
        assert r["properties"]["sources"] and r["properties"]["evidence"]
    # stdout export is the same file
    res2 = runner.invoke(app, ["export", "--store", str(store), "-o", "-"])
    assert res2.stdout == out.read_text(encoding="utf-8")


def test_stats_counts_documents(store: Path) -> None:
    res = runner.invoke(app, ["stats", "--store", str(store)])
    assert res.exit_code == 0 and "documents: 5" in res.output


def test_store_from_environment(store: Path) -> None:
    res = runner.invoke(app, ["stats"], env={"KG_STORE": str(store)})
    assert res.exit_code == 0 and "documents: 5" in res.output


def test_failed_input_exits_1_and_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    good = tmp_path / "ok.txt"
    good.write_text((CORPUS / "000_0b54970cb6e1f35d.txt").read_text(encoding="utf-8"))
    res = runner.invoke(app, ["ingest", str(tmp_path), "--store", str(tmp_path / "s")])
    assert res.exit_code == 1
    assert "empty.txt" in res.stderr and "Traceback" not in res.output
    assert "1 added" in res.stdout


def test_usage_and_configuration_errors_exit_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ingest", str(CORPUS), "--store", str(tmp_path / "s"), "--backend", "sqlite"])
    assert res.exit_code == 2 and "unknown backend" in res.stderr
    res = runner.invoke(app, ["ingest", str(CORPUS), "--store", str(tmp_path / "s"),
                              "--decisions", str(tmp_path / "nope.yaml")])
    assert res.exit_code == 2 and "decisions file not found" in res.stderr
    res = runner.invoke(app, ["export"])
    assert res.exit_code == 2
    (tmp_path / "file").write_text("x")
    res = runner.invoke(app, ["stats", "--store", str(tmp_path / "file")])
    assert res.exit_code == 2 and "not a directory" in res.stderr
    res = runner.invoke(app, ["export", "-o", "-", "--store", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "no kg store here" in res.stderr


def test_a_bad_lock_timeout_is_one_line_on_the_embedded_store(tmp_path: Path) -> None:
    paper = tmp_path / "p.txt"
    paper.write_text("Minutes of a meeting\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(paper), "--store", str(tmp_path / "s"), "-q"],
                             env={"KG_LOCK_TIMEOUT": "soon"})
    assert res.exit_code == 2
    assert "KG_LOCK_TIMEOUT='soon': must be a number of seconds" in res.output
    assert "Traceback" not in res.output and res.exception is None or isinstance(res.exception, SystemExit)
