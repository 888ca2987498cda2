"""Two writers on one Neo4j database (issue 15, silent data loss): every commit holds the
database's writer lock, so a second writer waits for the first and neither loses the other's
rows; a commit that has lost its lock stops instead of writing. Against a REAL server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.model import Cite, DocInfo, Extraction, Fact, Graph, Mention, NodeRec, Ref, RelRec
from kg.store import NetworkxStore, StoreError
from kg.store.neo4j import Neo4jStore, open_neo4j

pytestmark = pytest.mark.neo4j
KG = str(Path(sys.executable).with_name("kg"))


def chain(prefix: str, n: int) -> Graph:
    """``n`` people linked in a chain: every relationship needs both its ends to be written."""
    g = Graph()
    for i in range(n):
        g.add_node(NodeRec(f"person:{prefix}{i}", "Person", {"id": f"person:{prefix}{i}", "name": f"{prefix} {i}"}))
    for i in range(n - 1):
        rid = f"part_of:{prefix}{i}"
        g.add_rel(RelRec(rid, "PART_OF", f"person:{prefix}{i}", f"person:{prefix}{i + 1}", {"id": rid}))
    return g


def extraction(doc: str) -> Extraction:
    c = Cite(doc, 1, "A Board met.")
    return Extraction(DocInfo(doc, f"sha-{doc}", "Title", None, f"/x/{doc}"),
                      [Mention("Board", "A Board", c, {}, [])],
                      [Fact("MEMBER_OF", Ref("Person", "X"), Ref("Board", "A Board"), c, {})])


def other_store(settings: dict[str, Any]) -> Neo4jStore:
    return open_neo4j(uri=settings["uri"], username=settings["username"], password=settings["password"],
                      database=settings["database"])


def test_a_commit_that_comes_during_another_waits_and_nothing_is_lost(
        neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Writer B tries to commit while A is half-way through its own (A's first batch is written):
    B must wait for the lock (and here, with a 1 s timeout, fail with one line), and A's commit
    must end complete. Before the lock covered every commit, B's commit ran in the middle of A's,
    deleted A's first nodes as stale, and A then silently dropped every relationship touching them."""
    monkeypatch.setenv("KG_LOCK_TIMEOUT", "1")
    a_graph, b_graph = chain("a", 30), chain("b", 12)
    other = other_store(neo4j_settings)
    outcome: list[str] = []

    def interleave(stage: str, done: int) -> None:
        if outcome:
            return
        try:
            other.commit({"b.txt": extraction("b.txt")}, b_graph)
            outcome.append("b committed")
        except StoreError as exc:
            outcome.append(str(exc))

    neo4j_store.batch_size = 5
    neo4j_store.on_batch = interleave
    try:
        neo4j_store.commit({"a.txt": extraction("a.txt")}, a_graph)
    finally:
        other.close()
    assert len(outcome) == 1 and "locked by another kg process" in outcome[0], outcome
    back = neo4j_store.graph()
    assert back.nodes == a_graph.nodes and back.rels == a_graph.rels
    assert neo4j_store.document_hashes() == {"a.txt": "sha-a.txt"}
    assert not neo4j_store.needs_rebuild()


def test_a_commit_stops_when_its_lock_was_taken_over(neo4j_store: Neo4jStore) -> None:
    """A writer whose lease was taken over (it stalled past the lease) must not write another batch."""
    neo4j_store.commit({}, chain("old", 4))
    neo4j_store.batch_size = 5

    def steal(stage: str, done: int) -> None:
        if stage != "nodes":
            return
        neo4j_store.run("MATCH (l:_KgMeta {key: 'lock'}) SET l.owner = 'elsewhere:1:x'", write=True)

    neo4j_store.on_batch = steal
    with pytest.raises(StoreError, match="lost the writer lock"):
        neo4j_store.commit({}, chain("new", 30))
    # (write=True: a raw transaction, since readers refuse the graph while the other writer works)
    written = neo4j_store.run("MATCH (n:Person) WHERE n.id STARTS WITH 'person:new' RETURN count(n) AS n",
                              write=True)
    assert written == [{"n": 5}]   # the first batch, then nothing
    with pytest.raises(StoreError, match="a kg commit is running"):
        neo4j_store.graph()


def _embedded(path: Path, g: Graph, doc: str) -> Path:
    NetworkxStore(path).commit({doc: extraction(doc)}, g)
    return path


def test_two_kg_push_at_once_leave_one_whole_graph(neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any],
                                                    tmp_path: Path) -> None:
    """The probe's case: two `kg push` runs of different stores started together. Both succeed
    (the second waits), and the database holds exactly one of the two stores, with its own
    extractions, and says it is complete."""
    a = _embedded(tmp_path / "a", chain("a", 400), "a.txt")
    b = _embedded(tmp_path / "b", chain("b", 300), "b.txt")
    env = {**os.environ, "NEO4J_URI": neo4j_settings["uri"], "NEO4J_USERNAME": neo4j_settings["username"],
           "NEO4J_PASSWORD": neo4j_settings["password"], "NEO4J_DATABASE": neo4j_settings["database"],
           "KG_NEO4J_BATCH": "20"}
    procs = [subprocess.Popen([KG, "push", "--store", str(s)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for s in (a, b)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    back = neo4j_store.graph()
    docs = neo4j_store.document_hashes()
    src = NetworkxStore(a if "a.txt" in docs else b)
    assert back.nodes == src.graph().nodes and back.rels == src.graph().rels
    assert docs == src.document_hashes()
    assert not neo4j_store.needs_rebuild()
