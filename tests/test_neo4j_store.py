"""Neo4jStore against a REAL Neo4j server: round trips, sync, interrupted commits, errors, CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model import Cite, DocInfo, Extraction, Fact, Graph, Mention, NodeRec, Ref, RelRec
from kg.store import NetworkxStore, StoreError
from kg.store.neo4j import Neo4jStore, open_neo4j

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def _node(nid: str, label: str, **props: Any) -> NodeRec:
    return NodeRec(nid, label, {"id": nid, **props})


def _rel(rid: str, rtype: str, s: str, e: str, **props: Any) -> RelRec:
    return RelRec(rid, rtype, s, e, {"id": rid, **props})


def _graph() -> Graph:
    g = Graph()
    g.add_node(_node("board:a", "Board", name="A Board", aliases=["AB", "The A Board"], sources=["d.txt"],
                     kind="board"))
    g.add_node(_node("org:b", "Organisation", name="B's \"Council\" `x`", sector="local_government",
                     sources=["d.txt"]))
    g.add_node(_node("fund:c", "Fund", name="Fund £ – ünïcode", sources=["d.txt", "e.txt"]))
    g.add_node(_node("meeting:m", "Meeting", name="A Board, 2026-03-26", date="2026-03-26"))
    g.add_rel(_rel("funds:1", "FUNDS", "fund:c", "org:b", amount=1000.0, spent=250, period="2025-26",
                   ratios=[0.5, 1.0], evidence=["£1,000 to B", "again"], sources=["d.txt"]))
    g.add_rel(_rel("member_of:1", "MEMBER_OF", "org:b", "board:a", role="chair", current=True))
    g.add_rel(_rel("attended:1", "ATTENDED", "org:b", "meeting:m", apologies=False))
    return g


def _extraction(doc: str = "d.txt", sha: str = "sha-d") -> Extraction:
    c = Cite(doc, 3, "A Board (AB) met.", page=2)
    return Extraction(DocInfo(doc, sha, "Title", "2026-03-26", f"/x/{doc}"),
                      [Mention("Board", "A Board", c, {"kind": "board"}, ["AB"])],
                      [Fact("MEMBER_OF", Ref("Organisation", "B"), Ref("Board", "A Board"), c, {"role": "chair"})])


def test_graph_round_trips_with_exact_property_types(neo4j_store: Neo4jStore) -> None:
    g = _graph()
    neo4j_store.commit({"d.txt": _extraction()}, g, [{"label": "Board", "name": "A Board", "merged": []}])
    back = neo4j_store.graph()
    assert back.nodes == g.nodes
    assert back.rels == g.rels
    funds = back.rels["funds:1"].props
    assert isinstance(funds["amount"], float) and funds["amount"] == 1000.0
    assert isinstance(funds["spent"], int) and not isinstance(funds["spent"], bool)
    assert funds["ratios"] == [0.5, 1.0] and funds["evidence"] == ["£1,000 to B", "again"]
    assert back.rels["member_of:1"].props["current"] is True
    assert neo4j_store.ledger() == [{"label": "Board", "name": "A Board", "merged": []}]
    assert not neo4j_store.needs_rebuild()


def test_extractions_round_trip_and_stay_out_of_the_graph(neo4j_store: Neo4jStore) -> None:
    ex = _extraction()
    neo4j_store.commit({"d.txt": ex, "e.txt": _extraction("e.txt", "sha-e")}, _graph())
    assert neo4j_store.document_hashes() == {"d.txt": "sha-d", "e.txt": "sha-e"}
    assert neo4j_store.extractions()["d.txt"] == ex
    assert set(neo4j_store.graph().nodes) == set(_graph().nodes)
    # a document that disappears from the commit loses its stored extraction
    neo4j_store.commit({"e.txt": _extraction("e.txt", "sha-e2")}, _graph())
    assert neo4j_store.document_hashes() == {"e.txt": "sha-e2"}


def test_commit_syncs_to_the_new_graph(neo4j_store: Neo4jStore) -> None:
    neo4j_store.commit({}, _graph())
    g = _graph()
    del g.rels["attended:1"]
    del g.nodes["meeting:m"]
    g.nodes["board:a"].props["aliases"] = ["AB"]             # a list that shrinks
    g.nodes["org:b"].props.pop("sector")                        # a property that goes
    g.add_node(_node("area:x", "Area", name="X"))
    g.add_rel(_rel("in_area:1", "IN_AREA", "org:b", "area:x"))
    g.rels["member_of:1"] = _rel("member_of:1", "MEMBER_OF", "fund:c", "board:a", role="member")  # new ends
    g.nodes["fund:c"] = _node("fund:c", "Project", name="Now a project")                         # new label
    neo4j_store.commit({}, g)
    back = neo4j_store.graph()
    assert back.nodes == g.nodes and back.rels == g.rels
    n = neo4j_store.run("MATCH (n) WHERE NOT n:_KgMeta RETURN count(n) AS n")[0]["n"]
    assert n == len(g.nodes)


def test_commit_twice_changes_nothing(neo4j_store: Neo4jStore) -> None:
    g = _graph()
    neo4j_store.commit({"d.txt": _extraction()}, g)
    neo4j_store.commit({"d.txt": _extraction()}, g)
    back = neo4j_store.graph()
    assert back.nodes == g.nodes and back.rels == g.rels
    assert back.rels["funds:1"].props["evidence"] == ["£1,000 to B", "again"]
    counts = neo4j_store.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
    assert counts == len(g.nodes) + 3  # the graph, one extraction, the meta node, the writer lock


def test_constraints_and_indexes_are_created_once(neo4j_store: Neo4jStore) -> None:
    neo4j_store.commit({}, _graph())
    neo4j_store.commit({}, _graph())
    cons = {r["name"] for r in neo4j_store.run("SHOW CONSTRAINTS YIELD name RETURN name")}
    idx = {r["name"] for r in neo4j_store.run("SHOW INDEXES YIELD name RETURN name")}
    assert {"kg_Board_id", "kg_Organisation_id", "kg_Fund_id", "kg_extraction_doc"} <= cons
    assert {"kg_Board_name", "kg_Meeting_name"} <= idx


def test_an_interrupted_commit_is_detected_and_a_rerun_repairs_it(neo4j_store: Neo4jStore) -> None:
    old = _graph()
    neo4j_store.commit({"d.txt": _extraction()}, old)
    new = Graph()
    for i in range(30):
        new.add_node(_node(f"person:p{i}", "Person", name=f"P {i}"))
    for i in range(29):
        new.add_rel(_rel(f"part_of:{i}", "PART_OF", f"person:p{i}", f"person:p{i + 1}"))
    neo4j_store.batch_size = 5

    def boom(stage: str, done: int) -> None:
        if stage == "nodes" and done >= 10:
            raise RuntimeError("killed")

    neo4j_store.on_batch = boom
    with pytest.raises(RuntimeError):
        neo4j_store.commit({"e.txt": _extraction("e.txt", "sha-e")}, new)
    assert neo4j_store.needs_rebuild()
    neo4j_store.on_batch = None
    neo4j_store.commit({"e.txt": _extraction("e.txt", "sha-e")}, new)
    assert not neo4j_store.needs_rebuild()
    back = neo4j_store.graph()
    assert back.nodes == new.nodes and back.rels == new.rels
    assert neo4j_store.document_hashes() == {"e.txt": "sha-e"}


def test_reads_are_read_only_unless_asked(neo4j_store: Neo4jStore) -> None:
    with pytest.raises(StoreError, match="read-only.*--write"):
        neo4j_store.run("CREATE (:Scratch {v: $v})", {"v": 1})
    assert neo4j_store.run("MATCH (n:Scratch) RETURN count(n) AS n") == [{"n": 0}]
    neo4j_store.run("CREATE (:Scratch {v: $v})", {"v": "it's `quoted`"}, write=True)
    assert neo4j_store.run("MATCH (n:Scratch) RETURN n.v AS v, n AS node") == [
        {"v": "it's `quoted`", "node": {"v": "it's `quoted`"}}]


def test_unknown_named_query_is_a_query_error(neo4j_store: Neo4jStore) -> None:
    from kg.queries import QueryError

    with pytest.raises(QueryError, match="unknown query"):
        neo4j_store.query("no-such-query", {})


def test_labels_must_be_plain_identifiers(neo4j_store: Neo4jStore) -> None:
    g = Graph()
    g.add_node(_node("x:1", "Bad`) DETACH DELETE (n", name="x"))
    with pytest.raises(StoreError, match="not a plain identifier"):
        neo4j_store.commit({}, g)


# -- errors: one line, naming the problem, never the password -------------------------------------
def _one_line(exc: pytest.ExceptionInfo[StoreError], password: str) -> str:
    msg = str(exc.value)
    assert "\n" not in msg
    assert password not in msg
    return msg


def test_wrong_password(neo4j_settings: dict[str, Any]) -> None:
    pw = "not-the-password-123"
    with pytest.raises(StoreError) as exc:
        open_neo4j(uri=neo4j_settings["uri"], username=neo4j_settings["username"], password=pw)
    assert "authentication failed" in _one_line(exc, pw)


def test_server_down() -> None:
    from kg.neo4j_server import free_port

    with pytest.raises(StoreError) as exc:
        open_neo4j(uri=f"bolt://127.0.0.1:{free_port()}", password="secret-pw-1")
    assert "cannot connect" in _one_line(exc, "secret-pw-1")


def test_unknown_database(neo4j_settings: dict[str, Any]) -> None:
    pw = neo4j_settings["password"]
    with pytest.raises(StoreError) as exc:
        open_neo4j(uri=neo4j_settings["uri"], username=neo4j_settings["username"], password=pw,
                   database="nosuchdb")
    assert "database 'nosuchdb' does not exist" in _one_line(exc, pw)


@pytest.mark.parametrize("uri,expect", [
    ("http://127.0.0.1:7474", "scheme must be one of"),
    ("127.0.0.1:7687", "scheme must be one of"),
    ("bolt://user:hunter22@127.0.0.1:1", "not supported"),
    ("neo4j://127.0.0.1:1", "cannot connect"),
])
def test_bad_uris(uri: str, expect: str) -> None:
    with pytest.raises(StoreError) as exc:
        open_neo4j(uri=uri, password="hunter22")
    assert expect in _one_line(exc, "hunter22")


def test_no_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(StoreError, match="no Neo4j URI"):
        open_neo4j()


def test_settings_come_from_the_environment(neo4j_settings: dict[str, Any], monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_settings["uri"].replace("bolt://", "neo4j://"))
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_settings["username"])
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings["password"])
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    st = open_neo4j()
    try:
        assert st.database == "neo4j" and st.run("RETURN 1 AS one") == [{"one": 1}]
    finally:
        st.close()


# -- CLI: kg push, kg cypher ------------------------------------------------------------------------
def _env(s: dict[str, Any]) -> dict[str, str]:
    return {"NEO4J_URI": s["uri"], "NEO4J_USERNAME": s["username"], "NEO4J_PASSWORD": s["password"],
            "NEO4J_DATABASE": s["database"]}


def test_cli_push_copies_an_embedded_store(neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any],
                                           tmp_path: Path) -> None:
    src = NetworkxStore(tmp_path / "store")
    src.commit({"d.txt": _extraction()}, _graph(), [{"label": "Board", "name": "A Board", "merged": []}])
    res = runner.invoke(app, ["push", "--store", str(tmp_path / "store")], env=_env(neo4j_settings))
    assert res.exit_code == 0, res.output
    assert "pushed 1 documents, 4 nodes, 3 relationships" in res.output
    back = neo4j_store.graph()
    assert back.nodes == src.graph().nodes and back.rels == src.graph().rels
    assert neo4j_store.extractions() == src.extractions()
    assert neo4j_store.ledger() == src.ledger()


def test_cli_push_without_a_store(tmp_path: Path, neo4j_settings: dict[str, Any]) -> None:
    res = runner.invoke(app, ["push", "--store", str(tmp_path / "none")], env=_env(neo4j_settings))
    assert res.exit_code == 2 and "no kg store here" in res.output


def test_cli_cypher_reads_with_parameters(neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any]) -> None:
    neo4j_store.commit({}, _graph())
    env = _env(neo4j_settings)
    q = "MATCH (n) WHERE n.name = $name RETURN n.id AS id, n.aliases AS aliases, $k AS k"
    res = runner.invoke(app, ["cypher", q, "--param", "name=A Board", "--param", "k:=[1, 2]", "--json"], env=env)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"id": "board:a", "aliases": ["AB", "The A Board"], "k": [1, 2]}]
    res = runner.invoke(app, ["cypher", "MATCH (b:Board) RETURN b.name AS name"], env=env)
    assert res.exit_code == 0 and "A Board" in res.stdout


def test_cli_cypher_refuses_writes_unless_asked(neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any]
                                                ) -> None:
    env = _env(neo4j_settings)
    res = runner.invoke(app, ["cypher", "CREATE (:Scratch {v: $v})", "--param", "v=1"], env=env)
    assert res.exit_code == 2
    assert "read-only" in res.output and "--write" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["cypher", "CREATE (s:Scratch {v: $v}) RETURN s.v AS v", "-p", "v=1", "--write",
                              "--json"], env=env)
    assert res.exit_code == 0 and json.loads(res.stdout) == [{"v": 1}]


def test_cli_errors_are_one_line_with_exit_2(neo4j_settings: dict[str, Any]) -> None:
    env = {**_env(neo4j_settings), "NEO4J_PASSWORD": "wrong-password-9"}
    res = runner.invoke(app, ["cypher", "RETURN 1"], env=env)
    assert res.exit_code == 2
    assert res.output.count("\n") == 1 and "authentication failed" in res.output
    assert "wrong-password-9" not in res.output
    res = runner.invoke(app, ["cypher", "RETURN 1 +", "--json"], env=_env(neo4j_settings))
    assert res.exit_code == 2 and res.output.startswith("kg: Neo4j at") and "Traceback" not in res.output
    res = runner.invoke(app, ["cypher", "RETURN 1", "--param", "novalue"], env=_env(neo4j_settings))
    assert res.exit_code == 2 and "key=value" in res.output


# -- the writer lock -------------------------------------------------------------------------------------
def test_a_second_writer_waits_then_fails(neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    other = open_neo4j(uri=neo4j_settings["uri"], username=neo4j_settings["username"],
                       password=neo4j_settings["password"], database=neo4j_settings["database"])
    monkeypatch.setenv("KG_LOCK_TIMEOUT", "1")
    try:
        with neo4j_store.locked():
            with pytest.raises(StoreError, match="locked by another kg process"):
                with other.locked():
                    pass
        with other.locked():  # released: the other writer gets it
            other.commit({}, _graph())
        assert neo4j_store.graph().nodes == _graph().nodes
    finally:
        other.close()


def test_a_lock_left_by_a_dead_process_is_taken_over(neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
                                                     ) -> None:
    import socket
    import subprocess
    import sys
    import time

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    neo4j_store.run("MERGE (l:_KgMeta {key: 'lock'}) SET l.owner = $o, l.expires = $e",
                    {"o": f"{socket.gethostname()}:{dead}:x", "e": time.time() + 3600}, write=True)
    monkeypatch.setenv("KG_LOCK_TIMEOUT", "1")
    with neo4j_store.locked():
        owner = neo4j_store.run("MATCH (l:_KgMeta {key: 'lock'}) RETURN l.owner AS o")[0]["o"]
        assert owner.split(":")[1] == str(__import__("os").getpid())
    assert neo4j_store.run("MATCH (l:_KgMeta {key: 'lock'}) RETURN l.owner AS o") == [{"o": None}]
    assert "_KgMeta" not in {n.label for n in neo4j_store.graph().nodes.values()}
