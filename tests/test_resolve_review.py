"""`kg review`: merges and near-misses with their evidence, and a user's decision honoured on the
next ingest. Run on the sample corpus through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture
def ingested(corpus_store_dir: Path) -> Path:
    """The session's corpus store (read only)."""
    return corpus_store_dir


@pytest.fixture
def store(corpus_store_copy: Path) -> Path:
    """A copy of the ingested store, for a test that writes decisions."""
    return corpus_store_copy


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, ["review", *args])
    return res.exit_code, res.stdout, res.stderr


def reingest(store: Path) -> None:
    """`kg ingest` again: no paper changed, the decisions file did."""
    res = CliRunner().invoke(app, ["ingest", str(CORPUS), "--store", str(store), "-q"])
    assert res.exit_code == 0, res.output


def people(store: Path) -> list[str]:
    return sorted(n.name for n in open_store("networkx", store).graph().nodes.values() if n.label == "Person")


def test_review_lists_merges_and_near_misses_with_evidence(ingested: Path) -> None:
    code, out, _ = run("--store", str(ingested), "--json")
    assert code == 0
    data = json.loads(out)
    opcc = [m for m in data["merges"] if m["spelling"] == "OPCC"]
    assert opcc and opcc[0]["rule"] and opcc[0]["cite"].startswith("00")
    # 001 line 25 "Carl Turner, Youth and Justice Service Manager"; line 1248 "Carly Turner"
    pair = [n for n in data["near_misses"] if {n["a"], n["b"]} == {"Carl Turner", "Carly Turner"}]
    assert pair and pair[0]["cite_a"].startswith("001_") and "surname" in pair[0]["reason"]
    code, text, _ = run("--store", str(ingested), "--label", "Person")
    assert code == 0 and "near-misses" in text and "Carly Turner" in text


def test_a_same_decision_merges_on_the_next_ingest(store: Path) -> None:
    assert "Carl Turner" in people(store)
    code, out, _ = run("--store", str(store), "--label", "Person", "--same", "Carl Turner", "Carly Turner")
    assert code == 0 and "recorded" in out
    reingest(store)
    names = people(store)
    assert "Carly Turner" in names and "Carl Turner" not in names
    _, out, _ = run("--store", str(store), "--json")
    assert not [n for n in json.loads(out)["near_misses"] if {n["a"], n["b"]} == {"Carl Turner", "Carly Turner"}]
    assert any(m["spelling"] == "Carl Turner" and m["rule"] == "decision" for m in json.loads(out)["merges"])


def test_a_not_same_decision_splits_on_the_next_ingest(store: Path) -> None:
    # 000 names "the ASB Strategy Group", 001 "the LLR-wide ASB Strategy Group": merged by default
    def groups() -> list[str]:
        return sorted(n.name for n in open_store("networkx", store).graph().nodes.values()
                      if n.label == "Board" and "ASB Strategy Group" in n.name)
    assert groups() == ["LLR-wide ASB Strategy Group"]
    code, _, _ = run("--store", str(store), "--label", "Board", "--not-same", "ASB Strategy Group",
                     "LLR-wide ASB Strategy Group")
    assert code == 0
    reingest(store)
    assert groups() == ["ASB Strategy Group", "LLR-wide ASB Strategy Group"]


def test_review_mistakes_are_one_line_and_leave_the_file_alone(store: Path, tmp_path: Path) -> None:
    code, _, err = run("--store", str(store), "--label", "Person", "--same", "Carl Turner", "Nobody Known")
    assert code == 2 and err.count("\n") == 1 and "Nobody Known" in err
    assert not (store / "decisions.yaml").exists()
    code, _, err = run("--store", str(store), "--same", "Carl Turner", "Carly Turner")
    assert code == 2 and "--label" in err
    code, _, err = run("--store", str(tmp_path / "nothing"))
    assert code == 2 and "no kg store" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("merge: [oops]\n")
    code, _, err = run("--store", str(store), "--decisions", str(bad))
    assert code == 2 and "must be" in err and "Traceback" not in err


def test_a_papers_area_given_by_the_user_scopes_its_generic_names(tmp_path: Path) -> None:
    """12 (Cheshire PCC's scrutiny board terms of reference) names no place, so kg reads no area and
    keeps "the Commissioner" to the paper; 01 is Cheshire's panel ("Police and Crime Commissioner
    for Cheshire"). Once the user says 12 is Cheshire's, its commissioner is Cheshire's."""
    ext = Path(__file__).resolve().parent / "resolve_data" / "external"
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("01_cheshire-pcp-2022.txt", "12_cheshire-pcc-scrutiny-board-tor.txt"):
        shutil.copy(ext / name, docs / name)
    store = tmp_path / "store"
    assert CliRunner().invoke(app, ["ingest", str(docs), "--store", str(store), "-q"]).exit_code == 0

    def commissioner_sources() -> list[list[str]]:
        """The papers of each commissioner node 12 names."""
        g = open_store("networkx", store).graph()
        return [n.props["sources"] for n in g.nodes.values() if n.label == "Organisation"
                and "Commissioner" in n.name and "12_cheshire-pcc-scrutiny-board-tor.txt" in n.props["sources"]]

    assert commissioner_sources() == [["12_cheshire-pcc-scrutiny-board-tor.txt"]]
    _, out, _ = run("--store", str(store), "--json")
    assert json.loads(out)["papers_without_area"] == ["12_cheshire-pcc-scrutiny-board-tor.txt"]
    code, _, err = run("--store", str(store), "--area", "12_cheshire-pcc-scrutiny-board-tor.txt", "Cheshir")
    assert code == 2 and "unknown area" in err
    code, _, _ = run("--store", str(store), "--area", "12_cheshire-pcc-scrutiny-board-tor.txt", "Cheshire")
    assert code == 0
    assert CliRunner().invoke(app, ["ingest", str(docs), "--store", str(store), "-q"]).exit_code == 0
    assert commissioner_sources() == [["01_cheshire-pcp-2022.txt", "12_cheshire-pcc-scrutiny-board-tor.txt"]]
    graph = open_store("networkx", store).graph()
    assert graph.nodes["doc:12_cheshire-pcc-scrutiny-board-tor.txt"].props["area"] == "Cheshire"
