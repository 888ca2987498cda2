"""`kg review`: merges and near-misses with their evidence, and a user's decision honoured on the
next ingest. Run on the sample corpus through the CLI."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

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


def test_kg_show_lists_the_near_misses_of_one_entity(store: Path) -> None:
    """001 line 25 "Carl Turner, Youth and Justice Service Manager, will present this report", line 1248
    "Carly Turner" (the report's contact): one surname, two forenames that are not variants. A plain
    kg show lists them as the last ingest stored them; --near-misses finds them again now."""
    block = ["  - Carly Turner: same surname, different forenames  [001_6c4d9bdf2bb078e0.txt:1248]",
             '  decide: kg review --label Person --same "Carl Turner" "Carly Turner" (or --not-same), then kg ingest']
    for flags in ([], ["--near-misses"]):
        res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store), *flags])
        assert res.exit_code == 0, res.output
        assert res.stdout.split("Near misses")[1].splitlines()[1:] == block
    # the other side lists it too, naming Carl Turner
    res = CliRunner().invoke(app, ["show", "Carly Turner", "--store", str(store)])
    assert "  - Carl Turner: same surname, different forenames  [001_6c4d9bdf2bb078e0.txt:25]" in res.stdout
    # with --evidence, the text the other was read in (001 lines 1248-1249, the report's contact)
    res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store), "--evidence"])
    assert '      "Carly Turner Head of Youth Justice' in res.stdout.split("Near misses")[1]
    res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store), "--json"])
    [pair] = json.loads(res.stdout)["near_misses"]
    assert {pair["a"], pair["b"]} == {"Carl Turner", "Carly Turner"}
    assert (pair["a_id"], pair["b_id"]) == ("person:carl-turner", "person:carly-turner")
    assert pair["text_a"].startswith("*Carl Turner, Youth and Justice Service Manager")
    res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store), "--json", "--near-misses"])
    assert json.loads(res.stdout)["near_misses"] == [{k: v for k, v in pair.items() if k not in ("a_id", "b_id")}]
    # a decision: found again now (--near-misses, which reads the store's decisions file), the pair
    # is kept apart; the stored ones are the last ingest's until the next ingest
    assert run("--store", str(store), "--label", "Person", "--not-same", "Carl Turner", "Carly Turner")[0] == 0
    res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store), "--near-misses"])
    assert res.exit_code == 0 and "Near misses" not in res.stdout
    res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store)])
    assert "Carly Turner: same surname" in res.stdout
    reingest(store)
    res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store)])
    assert res.exit_code == 0 and "Carl Turner  (Person" in res.stdout and "Near misses" not in res.stdout
    (store / "decisions.yaml").write_text("merge: [oops]\n")
    assert CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store)]).exit_code == 0
    res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store), "--near-misses"])
    assert res.exit_code == 2 and "decisions.yaml" in res.stderr and len(res.stderr.splitlines()) == 1


def test_the_readme_shows_what_kg_show_prints(ingested: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("\n    Near misses (")[1].split("\n\n")[0]
    shown = ("    Near misses (" + block).splitlines()   # an indented block: the output, 4 spaces in
    res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(ingested)])
    assert ["    " + line for line in res.stdout.rstrip("\n").split("\n\n")[-1].splitlines()] == shown


def test_the_stored_near_misses_are_kg_reviews_each_shown_on_both_nodes(ingested: Path) -> None:
    """What the ingest stored is what kg review finds from the extractions, pair for pair; each
    names two nodes of the graph, and kg show of either lists it."""
    st = open_store("networkx", ingested)
    stored = st.near_misses()
    assert stored is not None and len(stored) >= 10
    _, out, _ = run("--store", str(ingested), "--json")
    assert [{k: v for k, v in n.items() if k not in ("a_id", "b_id")} for n in stored] == \
        json.loads(out)["near_misses"]
    graph = st.graph()
    from kg.show import show_entity
    for n in stored:
        assert graph.nodes[n["a_id"]].label == graph.nodes[n["b_id"]].label or n["label"] == "Organisation/Board"
        for nid in (n["a_id"], n["b_id"]):
            assert n in show_entity(st, nid)["near_misses"]
    # a node no pair names has none; an older store (no table) has no key at all
    plain = [nid for nid, node in graph.nodes.items() if node.label == "Fund"][0]
    assert show_entity(st, plain)["near_misses"] == []


def test_a_store_written_before_near_misses_were_stored_shows_none_until_the_next_ingest(store: Path) -> None:
    con = sqlite3.connect(store / "graph.sqlite")
    with con:
        con.execute("DROP TABLE near_miss")
        con.execute("UPDATE meta SET value = 'older' WHERE key = 'resolution'")
    con.close()
    res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store), "--json"])
    assert res.exit_code == 0 and "near_misses" not in json.loads(res.stdout)
    res = CliRunner().invoke(app, ["show", "Carl Turner", "--store", str(store), "--near-misses"])
    assert "Carly Turner: same surname" in res.stdout    # found from the extractions, as before
    reingest(store)                                      # no paper changed; the resolution is rebuilt
    assert "Carly Turner: same surname" in CliRunner().invoke(app, ["show", "Carl Turner", "--store",
                                                                    str(store)]).stdout


def test_kg_review_lists_the_renamed_board_with_its_sentence(ingested: Path) -> None:
    _, out, _ = run("--store", str(ingested), "--json")
    [m] = [m for m in json.loads(out)["merges"] if m["rule"] == "renamed"]
    assert m["spelling"] == "Leicestershire Safer Communities Strategy Board"
    assert m["node"] == "Leicestershire and Rutland Safer Communities Strategy Board"
    assert m["cite"] == "001_6c4d9bdf2bb078e0.txt:264" and "the name of the Board be amended to" in m["text"]


@pytest.mark.neo4j
def test_kg_review_on_neo4j(neo4j_store: Any, neo4j_settings: dict[str, Any], ingested: Path,
                            tmp_path: Path) -> None:
    """The same merges and near-misses as on the embedded store; a decision needs the file that
    `kg ingest --backend neo4j --decisions` reads, and applies on that ingest."""
    conn = ["--backend", "neo4j", "--neo4j-uri", neo4j_settings["uri"], "--neo4j-user", neo4j_settings["username"],
            "--neo4j-password", neo4j_settings["password"], "--neo4j-database", neo4j_settings["database"]]
    embedded = open_store("networkx", ingested)
    neo4j_store.commit(embedded.extractions(), embedded.graph(), embedded.ledger())
    code, on_neo4j, err = run(*conn, "--json")
    assert code == 0, err
    assert json.loads(on_neo4j) == json.loads(run("--store", str(ingested), "--json")[1])
    res = CliRunner().invoke(app, ["show", "Carl Turner", *conn, "--json", "--near-misses"])
    assert res.exit_code == 0 and [n["b"] for n in json.loads(res.stdout)["near_misses"]] == ["Carly Turner"]
    # committed without near-misses (as by an earlier kg): a plain show has none to list
    res = CliRunner().invoke(app, ["show", "Carl Turner", *conn, "--json"])
    assert res.exit_code == 0 and "near_misses" not in json.loads(res.stdout)
    # kg ingest on Neo4j stores what the embedded store's ingest stored; a plain show lists them
    assert CliRunner().invoke(app, ["ingest", str(CORPUS), *conn, "-q"]).exit_code == 0
    assert neo4j_store.near_misses() == embedded.near_misses() and embedded.near_misses()
    res = CliRunner().invoke(app, ["show", "Carl Turner", *conn])
    assert res.exit_code == 0
    assert "  - Carly Turner: same surname, different forenames  [001_6c4d9bdf2bb078e0.txt:1248]" in \
        res.stdout.split("Near misses")[1]

    code, _, err = run(*conn, "--label", "Person", "--same", "Carl Turner", "Carly Turner")
    assert code == 2 and "--decisions" in err and len(err.splitlines()) == 1
    dec = tmp_path / "decisions.yaml"
    code, out, _ = run(*conn, "--decisions", str(dec), "--label", "Person", "--same", "Carl Turner", "Carly Turner")
    assert code == 0 and "recorded" in out and dec.exists()
    res = CliRunner().invoke(app, ["ingest", str(CORPUS), *conn, "--decisions", str(dec), "-q"])
    assert res.exit_code == 0, res.output
    names = {n.name for n in neo4j_store.graph().nodes.values() if n.label == "Person"}
    assert "Carly Turner" in names and "Carl Turner" not in names
    assert not [n for n in neo4j_store.near_misses() if {n["a"], n["b"]} == {"Carl Turner", "Carly Turner"}]
    code, _, err = run(*conn[:-6], "--neo4j-uri", "bolt://127.0.0.1:1", "--neo4j-password", "x", "--json")
    assert code == 2 and len(err.splitlines()) == 1


def test_every_node_kg_show_can_list_near_misses_for_is_found_among_the_clusters(ingested: Path) -> None:
    """kg show finds a node's near-misses through the clusters it was made of: each Organisation,
    Board, Person and Plan node of the corpus (names told apart by their area included) is made of
    exactly one, or it would silently show none."""
    from kg.resolve.build import cluster
    from kg.resolve.review import _of_node

    st = open_store("networkx", ingested)
    clusters = cluster(sorted(st.extractions().values(), key=lambda e: e.doc.id)).clusters()
    nodes = [n for n in st.graph().nodes.values() if n.label in ("Organisation", "Board", "Person", "Plan")]
    assert any(n.name.endswith("(Lancashire)") for n in nodes)
    assert {n.name: len(_of_node(clusters, n.label, n.name, n.props.get("aliases", []))) for n in nodes} == \
        {n.name: 1 for n in nodes}


# a decisions file as a user keeps it: a note at the top, notes on entries, their own order and
# quoting, the areas first
COMMENTED = """\
# decisions agreed at the data group, 3 March
areas:
  000_0b54970cb6e1f35d.txt: Leicestershire  # the covering letter says so
keep_apart:
  # two boards of one partnership, checked with the clerk
  - [Board, "ASB Strategy Group", "LLR-wide ASB Strategy Group"]
merge: []   # none yet
"""


def test_a_decision_keeps_the_users_comments_and_order(store: Path) -> None:
    """`kg review --same` rewrote decisions.yaml from its data: every comment the user wrote was
    lost, and the keys put back in kg's order. Now the file is edited in place."""
    path = store / "decisions.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    code, out, err = run("--store", str(store), "--label", "Person", "--same", "Carl Turner", "Carly Turner")
    assert code == 0 and "recorded" in out, err
    text = path.read_text(encoding="utf-8")
    # all as it was (quoting too), and the new decision in the merge list, its note kept
    assert text.startswith(COMMENTED[:COMMENTED.index("merge:")]), text
    assert re.fullmatch(r"merge: *# none yet\n  - \[Person, Carl Turner, Carly Turner\]\n",
                        text[len(COMMENTED[:COMMENTED.index("merge:")]):]), text
    # the opposite decision on the board pair replaces its row; the notes around it stay
    code, _, err = run("--store", str(store), "--label", "Board", "--same", "ASB Strategy Group",
                       "LLR-wide ASB Strategy Group")
    assert code == 0, err
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:4] == COMMENTED.splitlines()[:4]
    assert "  # two boards of one partnership, checked with the clerk" in lines
    assert not any("ASB" in ln for ln in lines[lines.index("keep_apart:"):lines.index("keep_apart:") + 3]
                   if ln.lstrip().startswith("- "))
    from kg.resolve import Decisions

    dec = Decisions.load(path)
    assert dec.keep_apart == [] and dec.areas == {"000_0b54970cb6e1f35d.txt": "Leicestershire"}
    assert dec.merge == [("Person", "Carl Turner", "Carly Turner"),
                         ("Board", "ASB Strategy Group", "LLR-wide ASB Strategy Group")]
    # the next ingest takes the file as the user left it
    reingest(store)
    assert "Carl Turner" not in people(store)
