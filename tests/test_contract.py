"""The store contract: the embedded store and Neo4j (a REAL server) give the same graph, the same
export, the same rows for every named query, and the same answers after re-ingest and change.

Every test runs on both stores (param "networkx" / "neo4j") and compares with a reference
ingest of the same documents into a fresh embedded store (the session's corpus store, read only).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.export import export_lines
from kg.ingest import ingest
from kg.model import Extraction, Graph, NodeRec, RelRec
from kg.queries import list_queries
from kg.resolve import build_graph
from kg.store import GraphStore, NetworkxStore, StoreError

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each backend."""
    if request.param == "networkx":
        yield NetworkxStore(tmp_path / "store")
    else:
        yield request.getfixturevalue("neo4j_store")


@pytest.fixture
def reference(corpus_store_dir: Path) -> NetworkxStore:
    """The corpus ingested into a fresh embedded store (the session's, read only)."""
    return NetworkxStore(corpus_store_dir)


def _as_json(exs: dict[str, Extraction]) -> dict[str, Any]:
    """Extractions as JSON values (a tuple in a mention's props is a list once stored anywhere)."""
    return {k: json.loads(json.dumps(v.to_json())) for k, v in exs.items()}


def _same_graph(a: Graph, b: Graph) -> None:
    assert a.nodes.keys() == b.nodes.keys()
    assert a.rels.keys() == b.rels.keys()
    for k in a.nodes:
        assert a.nodes[k] == b.nodes[k], k
    for k in a.rels:
        assert a.rels[k] == b.rels[k], k
    # property types too: 1000.0 stays a float, lists stay lists
    for k in a.rels:
        for p, v in a.rels[k].props.items():
            assert type(v) is type(b.rels[k].props[p]), (k, p)
    assert sorted(export_lines(a)) == sorted(export_lines(b))


def test_ingest_gives_the_reference_graph_and_export(store: GraphStore, reference: NetworkxStore) -> None:
    report = ingest([CORPUS], store)
    assert report.ok and report.committed
    got, want = store.graph(), reference.graph()
    assert len(want.nodes) > 50 and len(want.rels) > 50  # a real graph, not an empty one
    _same_graph(got, want)
    assert store.document_hashes() == reference.document_hashes()
    assert _as_json(store.extractions()) == _as_json(reference.extractions())
    assert not store.needs_rebuild()
    # the near-misses the ingest stored: found whole on Neo4j, incrementally in the embedded store
    near_misses: Any = store.near_misses   # type: ignore[attr-defined]
    assert near_misses() == reference.near_misses() and len(reference.near_misses() or []) >= 10


def _pushed(store: GraphStore, reference: NetworkxStore) -> None:
    """The session's ingest in ``store``, as `kg push` copies it (the first test shows an ingest into
    either store gives the same): the papers are not read again."""
    commit: Any = store.commit
    commit(reference.extractions(), reference.graph(), reference.ledger(), reference.near_misses())


def test_ingest_and_commit_again_change_nothing(store: GraphStore, reference: NetworkxStore) -> None:
    if isinstance(store, NetworkxStore):
        shutil.copytree(reference.path, store.path)   # the session's ingest, copied: the same state
    else:
        _pushed(store, reference)
    before = store.graph()
    report = ingest([CORPUS], store)
    assert not report.committed and len(report.unchanged) == len(reference.document_hashes())
    exs = store.extractions()
    graph, ledger = build_graph(exs.values())
    commit: Any = store.commit
    commit(exs, graph, ledger)
    commit(exs, graph, ledger)
    after = store.graph()
    _same_graph(after, before)
    assert after.counts() == reference.graph().counts()


def test_a_changed_document_replaces_its_facts(store: GraphStore, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    ingest([docs], store)
    before = store.graph()
    # cut one document to its first third: the facts read from the rest must go
    victim = sorted(docs.glob("*.txt"))[1]
    lines = victim.read_text(encoding="utf-8").splitlines()
    victim.write_text("\n".join(lines[: len(lines) // 3]) + "\n", encoding="utf-8")
    report = ingest([docs], store)
    assert report.updated == [victim.name]
    fresh = NetworkxStore(tmp_path / "fresh")
    ingest([docs], fresh)
    after = store.graph()
    assert after.rels.keys() != before.rels.keys()
    _same_graph(after, fresh.graph())
    assert _as_json(store.extractions()) == _as_json(fresh.extractions())


def _norm(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, list):
        return [_norm(x) for x in v]
    if isinstance(v, dict):
        return {k: _norm(x) for k, x in v.items()}
    return v


def _rows(rows: list[dict[str, Any]]) -> list[str]:
    """Rows in a canonical order (the contract is the same rows; ties may order differently)."""
    return sorted(json.dumps(_norm(r), sort_keys=True, ensure_ascii=False) for r in rows)


def _param_sets(graph: Graph) -> dict[str, list[dict[str, str]]]:
    """For every named query: its header example, plus names of real entities of every label."""
    by_label: dict[str, list[str]] = {}
    for n in sorted(graph.nodes.values(), key=lambda n: n.id):
        if n.label != "Document":
            by_label.setdefault(n.label, []).append(n.name)
    names = [name for label in sorted(by_label) for name in by_label[label][:4]]
    out: dict[str, list[dict[str, str]]] = {}
    for q in list_queries():
        keys = list(q.params)
        sets = [{k: ex for k, (_, ex) in q.params.items()}] if keys else [{}]
        if len(keys) == 1:
            sets += [{keys[0]: name} for name in names]
        elif len(keys) == 2:
            sets += [{keys[0]: a, keys[1]: b} for a, b in zip(names[::3], names[1::3], strict=False)]
        out[q.name] = sets
    return out


@pytest.mark.neo4j
@pytest.mark.ci  # every query on many parameters; tests/test_queries.py compares both stores by default
def test_every_named_query_gives_the_same_rows(neo4j_store: Any, reference: NetworkxStore) -> None:
    """Neo4j against the embedded store (an ingest into either gives the same graph: the first test)."""
    store = neo4j_store
    _pushed(store, reference)
    sets = _param_sets(reference.graph())
    assert sets.keys() == {q.name for q in list_queries()} and sets
    nonempty = 0
    for name, param_sets in sets.items():
        for params in param_sets:
            want = reference.query(name, params)
            got = store.query(name, params)
            assert _rows(got) == _rows(want), (name, params)
            nonempty += bool(want)
    assert nonempty >= len(sets) // 2  # the comparison covers real answers, not just empty ones


# -- kill -9 in the middle of a Neo4j load ------------------------------------------------------------
def replicate(graph: Graph, copies: int) -> Graph:
    """``copies`` disjoint copies of ``graph`` with fresh ids (copy 0 keeps the originals)."""
    out = Graph()
    for k in range(copies):
        def fix(i: str) -> str:
            return i if k == 0 else f"{i}~{k}"  # noqa: B023 - used inside the loop only
        for n in graph.nodes.values():
            out.add_node(NodeRec(fix(n.id), n.label, {**n.props, "id": fix(n.id)}))
        for r in graph.rels.values():
            out.add_rel(RelRec(fix(r.id), r.type, fix(r.start), fix(r.end), {**r.props, "id": fix(r.id)}))
    return out


CHILD = """
import json, os, sys
from kg.model import Extraction, Graph, NodeRec, RelRec
from kg.store.neo4j import open_neo4j
data = json.load(open(sys.argv[1], encoding="utf-8"))
g = Graph()
for n in data["nodes"]:
    g.add_node(NodeRec(n["id"], n["label"], n["props"]))
for r in data["rels"]:
    g.add_rel(RelRec(r["id"], r["type"], r["start"], r["end"], r["props"]))
exs = {k: Extraction.from_json(v) for k, v in data["extractions"].items()}
store = open_neo4j(batch_size=500)
store.on_batch = lambda stage, done: print(stage, done, flush=True)
store.commit(exs, g)
print("done", flush=True)
"""


@pytest.mark.ci
@pytest.mark.neo4j
@pytest.mark.slow
def test_kill_9_mid_load_then_rerun_equals_a_clean_load(neo4j_store: Any, neo4j_settings: dict[str, Any],
                                                        reference: NetworkxStore, tmp_path: Path) -> None:
    small = reference.graph()
    neo4j_store.commit(reference.extractions(), small)          # an older state to overwrite
    big = replicate(small, 30)
    exs: dict[str, Extraction] = reference.extractions()
    payload = tmp_path / "graph.json"
    payload.write_text(json.dumps({
        "nodes": [{"id": n.id, "label": n.label, "props": n.props} for n in big.nodes.values()],
        "rels": [{"id": r.id, "type": r.type, "start": r.start, "end": r.end, "props": r.props}
                 for r in big.rels.values()],
        "extractions": {k: v.to_json() for k, v in exs.items()}}), encoding="utf-8")
    env = {**os.environ, "NEO4J_URI": neo4j_settings["uri"], "NEO4J_USERNAME": neo4j_settings["username"],
           "NEO4J_PASSWORD": neo4j_settings["password"], "NEO4J_DATABASE": neo4j_settings["database"]}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(payload)], stdout=subprocess.PIPE, text=True,
                             env=env)
    assert child.stdout is not None
    seen = ""
    deadline = time.monotonic() + 300
    # kill it once it is well into the relationships: nodes written, relationships half done
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        seen = line.strip()
        if seen.startswith("rels") and int(seen.split()[1]) >= len(big.rels) // 3:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(60)
    assert child.returncode == -signal.SIGKILL, f"the load finished before it could be killed (last: {seen})"
    assert neo4j_store.needs_rebuild()
    with pytest.raises(StoreError, match="interrupted commit: run kg ingest or kg push again"):
        neo4j_store.graph()   # readers refuse the half-written graph (the killed writer's lock is seen dead)
    half = neo4j_store.run("MATCH ()-[r]->() RETURN count(r) AS n", write=True)[0]["n"]  # the raw escape hatch
    assert half < len(big.rels)
    # re-run: ends identical to the desired graph, i.e. to a clean load
    neo4j_store.commit(exs, big)
    assert not neo4j_store.needs_rebuild()
    _same_graph(neo4j_store.graph(), big)
    assert _as_json(neo4j_store.extractions()) == _as_json(exs)


@pytest.mark.neo4j
def test_ingest_recommits_after_an_interrupted_commit(neo4j_store: Any, reference: NetworkxStore) -> None:
    neo4j_store.batch_size = 50

    def die(stage: str, done: int) -> None:
        if stage == "rels" and done >= 200:
            raise KeyboardInterrupt  # what Ctrl-C in the middle of a load looks like

    neo4j_store.on_batch = die
    with pytest.raises(KeyboardInterrupt):
        ingest([CORPUS], neo4j_store)
    neo4j_store.on_batch = None
    assert neo4j_store.needs_rebuild()
    with pytest.raises(StoreError, match="interrupted commit: run kg ingest or kg push again"):
        neo4j_store.graph()   # readers refuse the half-written graph
    half = neo4j_store.run("MATCH ()-[r]->() RETURN count(r) AS n", write=True)[0]["n"]  # the raw escape hatch
    assert half < len(reference.graph().rels)
    # the documents are all stored already: nothing to extract, but the graph is rebuilt and committed
    report = ingest([CORPUS], neo4j_store)
    assert report.committed and not report.added and not report.updated
    assert not neo4j_store.needs_rebuild()
    _same_graph(neo4j_store.graph(), reference.graph())
