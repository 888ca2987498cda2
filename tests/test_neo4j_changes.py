"""A Neo4j commit writes only what changed (issue 16): added, changed and removed nodes and
relationships; a commit of the same graph writes nothing. Against a REAL server; the last test
ingests the sample corpus's papers one at a time and compares with all of them at once."""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.export import export_lines
from kg.ingest import ingest
from kg.model import Graph, NodeRec, RelRec
from kg.store import NetworkxStore
from kg.store.neo4j import Neo4jStore

pytestmark = pytest.mark.neo4j
CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def graph() -> Graph:
    g = Graph()
    for i in range(12):
        g.add_node(NodeRec(f"org:{i}", "Organisation", {"id": f"org:{i}", "name": f"Org {i}", "sources": ["d"]}))
    g.add_node(NodeRec("board:b", "Board", {"id": "board:b", "name": "The Board", "aliases": ["TB"]}))
    for i in range(12):
        g.add_rel(RelRec(f"member_of:{i}", "MEMBER_OF", f"org:{i}", "board:b",
                         {"id": f"member_of:{i}", "role": "member", "evidence": [f"Org {i} is a member"]}))
    return g


class WriteSpy:
    """Counts the write transactions a store opens on the real driver (managed and auto-commit)."""

    def __init__(self, store: Neo4jStore) -> None:
        import neo4j

        self.count = 0
        real = store._driver.session

        def session(**kw: Any) -> Any:
            s = real(**kw)
            if kw.get("default_access_mode") != neo4j.READ_ACCESS:
                for name in ("execute_write", "run"):
                    setattr(s, name, self._counting(getattr(s, name)))
            return s

        store._driver.session = session  # type: ignore[method-assign]

    def _counting(self, fn: Any) -> Any:
        def wrapped(*a: Any, **kw: Any) -> Any:
            self.count += 1
            return fn(*a, **kw)
        return wrapped


def rows_written(store: Neo4jStore) -> Iterator[Counter[str]]:
    """Rows written and deleted by the next commits, by stage (from the store's batch hook)."""
    seen: Counter[str] = Counter()

    def hook(stage: str, done: int) -> None:
        seen[stage] = done   # `done` counts rows of this stage within one commit

    store.on_batch = hook
    yield seen


def test_the_same_graph_again_writes_nothing(neo4j_store: Neo4jStore) -> None:
    g = graph()
    neo4j_store.commit({}, g, [{"merged": ["x"]}])
    with neo4j_store.locked():          # (taking the lock writes its node; the commit itself must not)
        spy = WriteSpy(neo4j_store)
        neo4j_store.commit({}, g, [{"merged": ["x"]}])
        # the same graph built again (other objects, other key order): compared row by row, still no row written
        again = Graph()
        for n in reversed(list(g.nodes.values())):
            again.add_node(NodeRec(n.id, n.label, dict(reversed(list(copy.deepcopy(n.props).items())))))
        for r in g.rels.values():
            again.add_rel(RelRec(r.id, r.type, r.start, r.end, copy.deepcopy(r.props)))
        rows = next(rows_written(neo4j_store))
        neo4j_store.commit({}, again, [{"merged": ["x"]}])
        assert spy.count <= 1 and not rows    # at most the new digests in kg's meta node, no node or relationship
        neo4j_store.on_batch = None
        spy.count = 0
        neo4j_store.commit({}, again, [{"merged": ["x"]}])
        assert spy.count == 0
    assert neo4j_store.graph().nodes == g.nodes and neo4j_store.graph().rels == g.rels


def test_only_the_changed_rows_are_written(neo4j_store: Neo4jStore) -> None:
    g = graph()
    neo4j_store.commit({}, g)
    g2 = copy.deepcopy(g)
    g2.nodes["org:3"].props["name"] = "Org Three"                                   # changed node
    g2.add_node(NodeRec("org:new", "Organisation", {"id": "org:new", "name": "New"}))  # added node
    del g2.rels["member_of:5"]                                                       # removed relationship
    g2.rels["member_of:7"] = RelRec("member_of:7", "MEMBER_OF", "org:new", "board:b",   # new start
                                    g2.rels["member_of:7"].props)
    g2.rels["member_of:8"].props["role"] = "chair"                                   # changed relationship
    rows = next(rows_written(neo4j_store))
    neo4j_store.commit({}, g2)
    assert rows == {"nodes": 2, "rels": 2, "deleted": 3}   # deleted: member_of:5, the old 7 and 8
    back = neo4j_store.graph()
    assert back.nodes == g2.nodes and back.rels == g2.rels
    # a label and a relationship type that go entirely
    g3 = copy.deepcopy(g2)
    del g3.nodes["board:b"]
    g3.rels.clear()
    neo4j_store.commit({}, g3)
    assert neo4j_store.graph().nodes == g3.nodes and not neo4j_store.graph().rels
    assert neo4j_store.run("MATCH (n) WHERE NOT n:_KgMeta RETURN count(n) AS n") == [{"n": len(g3.nodes)}]


# the embedded store's twin (tests/test_ingest_incremental.py) runs by default; this one in CI's run
@pytest.mark.ci
def test_papers_one_at_a_time_give_the_same_graph_as_all_at_once(
        neo4j_store: Neo4jStore, corpus_store_dir: Path) -> None:
    """Ingest the sample corpus's papers into Neo4j one run at a time; the export must equal the
    embedded store's export of all of them ingested at once, and a later run over the whole
    folder must write nothing."""
    papers = sorted(p for p in CORPUS.iterdir() if p.is_file())
    assert len(papers) >= 3
    written = []
    for paper in papers:
        rows = next(rows_written(neo4j_store))
        report = ingest([paper], neo4j_store)
        assert report.added == [paper.name] and not report.failures
        written.append(rows["nodes"] + rows["rels"])
    full = NetworkxStore(corpus_store_dir).graph()
    got = [json.loads(x) for x in export_lines(neo4j_store.graph())]
    assert got == [json.loads(x) for x in export_lines(full)]
    # the last paper rewrote only what it changed, far fewer rows than the graph holds
    assert 0 < written[-1] < (len(full.nodes) + len(full.rels)) / 2, written
    with neo4j_store.locked():   # (the lock's own node is written when it is taken and released)
        spy = WriteSpy(neo4j_store)
        report = ingest([CORPUS], neo4j_store)
        assert spy.count == 0
    assert sorted(report.unchanged) == sorted(p.name for p in papers)
