"""How the named queries find their entity on Neo4j: through the TEXT index on the lookup keys
(``_KgNode._keys``), with exactly the embedded store's rule (name, id or any alias, ignoring
case, Documents never), including non-ASCII case, nodes without aliases or name, and values
that try to span two keys. The keys never show in graph(), export or query results."""

from __future__ import annotations

from typing import Any

import pytest

from kg.model import Graph, NodeRec, RelRec
from kg.queries import list_queries, run_networkx
from kg.store import StoreError
from kg.store.memory import to_networkx

pytestmark = pytest.mark.neo4j

SEP = "\u001f"


def _graph() -> Graph:
    g = Graph()

    def node(nid: str, label: str, **props: Any) -> None:
        g.add_node(NodeRec(nid, label, {"id": nid, "citations": ["p.txt:1"], **props}))

    def rel(rid: str, rtype: str, s: str, e: str, **props: Any) -> None:
        g.add_rel(RelRec(rid, rtype, s, e, {"id": rid, "citations": [f"p.txt:{len(g.rels) + 2}"], **props}))

    node("board:ecole", "Board", name="ÉCOLE Øresund Panel", aliases=["ПАНЕЛЬ Łódź", "EOP"])
    node("board:plain", "Board", name="Plain Board")                      # no aliases at all
    node("organisation:twin", "Organisation", name="Twin Body", aliases=[])
    node("document:twin", "Document", name="Twin Body")                  # never matched
    node("person:zoe", "Person", name="Zoë Ärnström", aliases=["Cllr. ZOË ÄRNSTRÖM"])
    node("person:noname", "Person", aliases=["Nameless One"])             # no name property
    node("fund:f", "Fund", name="Small Grants Fund", aliases=["SGF"])
    node("project:p", "Project", name="Harbour Project")
    node("area:a", "Area", name="Ålesund Ward")
    rel("m1", "MEMBER_OF", "person:zoe", "board:ecole", role="chair")
    rel("m2", "MEMBER_OF", "person:noname", "board:plain")
    rel("m3", "MEMBER_OF", "organisation:twin", "board:plain")
    rel("r1", "REPORTS_TO", "board:plain", "board:ecole")
    rel("o1", "OVERSEES", "organisation:twin", "board:ecole")
    rel("f1", "FUNDS", "fund:f", "organisation:twin", amount=1000.0, period="2025/26")
    rel("f2", "FUNDS", "organisation:twin", "project:p", amount=400.0, period="2025/26")
    rel("d1", "DELIVERS", "board:plain", "project:p")
    rel("i1", "IN_AREA", "project:p", "area:a")
    rel("x1", "MENTIONED_IN", "board:plain", "document:twin")
    # cycles and a self-loop, where a level is the length of the shortest path (of at least one
    # step for a project reached from itself)
    rel("c1", "FUNDS", "project:p", "fund:f", amount=5.0)
    rel("c2", "PART_OF", "board:ecole", "board:plain")
    rel("c3", "OVERSEES", "board:ecole", "board:ecole")
    return g


VALUES = ["écOLE øRESUND panel", "ÉCOLE Øresund Panel", "панель łÓdź", "eop", "BOARD:ECOLE", "plain board",
          "twin body", "zoë ärnström", "cllr. zoë ärnström", "nameless one", "person:noname", "sgf",
          "ålesund ward", "harbour project",
          # spans two keys of one node, or is a part of one: the index may offer a candidate, the
          # exact rule must still refuse it
          f"eop{SEP}board:ecole", f"{SEP}eop", "Panel", "board", "nothing here"]


@pytest.mark.ci  # every query and entity; tests/test_query_fast.py compares the quick path by default
def test_every_query_finds_its_entity_as_the_embedded_store_does(neo4j_store: Any) -> None:
    g = _graph()
    neo4j_store.commit({}, g)
    nxg = to_networkx(g)
    non_empty = 0
    for q in list_queries():
        names = list(q.params)
        if not names:
            continue
        for v in VALUES:
            params = {p: v for p in names}
            if len(names) == 2:   # shortest-connection: from this value to every other one
                for w in VALUES:
                    params = {names[0]: v, names[1]: w}
                    got = neo4j_store.query(q.name, params)
                    assert got == run_networkx(q.name, nxg, params), (q.name, params)
                    non_empty += bool(got)
                continue
            got = neo4j_store.query(q.name, params)
            assert got == run_networkx(q.name, nxg, params), (q.name, params)
            non_empty += bool(got)
    assert non_empty >= 20   # the lookups found real answers, not only agreed on empty ones


def _operators(plan: dict[str, Any]) -> list[str]:
    """Every operator of a plan with its details, top down."""
    out = [f"{plan['operatorType']} {plan.get('args', {}).get('Details', '')}"]
    for c in plan.get("children", []):
        out += _operators(c)
    return out


def test_lookups_use_the_text_index(neo4j_store: Any) -> None:
    neo4j_store.commit({}, _graph())
    for q in list_queries():
        if not q.params:
            continue
        with neo4j_store._driver.session(database=neo4j_store.database) as s:
            plan = s.run("EXPLAIN " + q.cypher, {p: "x" for p in q.params}).consume().plan
        ops = _operators(plan)
        scans = [o for o in ops if o.startswith("NodeIndexContainsScan") and "_keys" in o]
        # (the rest of the plan is the cost planner's choice: on a graph this small it may well
        # scan every node for the far end of a path, which on a large one it does not)
        assert len(scans) == len(q.params), (q.name, ops)


def test_the_keys_stay_inside_the_database(neo4j_store: Any) -> None:
    g = _graph()
    neo4j_store.commit({}, g)
    keys = neo4j_store._read("MATCH (n:Board {id: 'board:ecole'}) RETURN n._keys AS k")[0]["k"]
    assert set(keys.strip(SEP).split(SEP)) == {"école øresund panel", "board:ecole", "панель łódź", "eop"}
    back = neo4j_store.graph()
    assert back.nodes == g.nodes and back.rels == g.rels
    assert all(not k.startswith("_") for n in back.nodes.values() for k in n.props)
    row = neo4j_store.run("MATCH (n:Board {id: 'board:plain'}) RETURN n, labels(n) AS l")[0]
    assert "_keys" not in row["n"] and row["n"]["name"] == "Plain Board"
    # committing again rewrites the same keys: nothing to change, nothing duplicated
    neo4j_store.commit({}, g)
    again = neo4j_store._read("MATCH (n:Board {id: 'board:ecole'}) RETURN n._keys AS k")[0]["k"]
    assert again == keys
    idx = neo4j_store.run("SHOW INDEXES YIELD name, type, labelsOrTypes, properties "
                          "WHERE name = 'kg_node_keys' RETURN type, labelsOrTypes, properties")
    assert idx == [{"type": "TEXT", "labelsOrTypes": ["_KgNode"], "properties": ["_keys"]}]
    assert neo4j_store.graph().nodes == g.nodes


def test_a_store_written_without_the_keys_is_committed_again(neo4j_store: Any) -> None:
    g = _graph()
    neo4j_store.commit({}, g)
    assert not neo4j_store.needs_rebuild()
    # what an earlier kg left: layout format 1, no keys, no _KgNode label
    neo4j_store.run("MATCH (m:_KgMeta {key: 'store'}) SET m.format = 1", write=True)
    neo4j_store.run("MATCH (n:_KgNode) REMOVE n:_KgNode, n._keys", write=True)
    with pytest.raises(StoreError, match="written by an older kg: run kg ingest or kg push again"):
        neo4j_store.query("board-members", {"board": "eop"})   # readers refuse it rather than find nothing
    assert neo4j_store.needs_rebuild()   # so the next ingest commits again
    neo4j_store.commit({}, g)
    assert not neo4j_store.needs_rebuild()
    assert neo4j_store.query("board-members", {"board": "eop"}) == run_networkx(
        "board-members", to_networkx(g), {"board": "eop"}) != []
