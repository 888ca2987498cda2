"""The named query library: loading, parameter checks, and every query's rows on a hand-built
partnership graph (governance lines, a funding chain with amounts, meetings with attendance),
on the sample corpus end to end, and (marked neo4j) the same rows from a real Neo4j server."""

from __future__ import annotations

import itertools
import json
import random
import re
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Graph, NodeRec, RelRec, node_id, rel_id
from kg.queries import QueryError, get_query, list_queries, prepare, run_networkx
from kg.queries.nx_impl import IMPLEMENTATIONS, order_by
from kg.store import NetworkxStore
from kg.store.memory import to_networkx

REQUIRED = {"board-members", "person-roles", "governance-chain", "scrutiny", "funding-trace",
            "governance-below", "board-picture", "person-picture",
            "funding-received", "allocation-summary", "projects-by-area", "plan-priorities",
            "board-meetings", "shortest-connection"}
CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


# -- a small, realistic partnership (fictional names) -------------------------------------------
class Builder:
    """Builds a Graph the way kg.resolve stores one: ids, names, aliases, citations on every line."""

    def __init__(self) -> None:
        self.g = Graph()
        self.line = 0

    def node(self, label: str, name: str, aliases: tuple[str, ...] = (), **props: Any) -> str:
        nid = node_id(label, name)
        self.g.add_node(NodeRec(nid, label, {"id": nid, "name": name, "aliases": list(aliases),
                                             "sources": ["pack.txt"], "citations": ["pack.txt:1"],
                                             "evidence": [name], **props}))
        return nid

    def rel(self, rtype: str, start: str, end: str, **props: Any) -> str:
        self.line += 1
        key = [props.get(k) for k in ("title", "role", "amount", "period", "apologies", "item") if k in props]
        rid = rel_id(rtype, start, end, key)
        cite = f"pack.txt:{self.line}"
        self.g.add_rel(RelRec(rid, rtype, start, end, {"id": rid, "sources": ["pack.txt"], "citations": [cite],
                                                       "evidence": [f"line {self.line}"], **props}))
        return cite


def partnership() -> Graph:
    b = Builder()
    csp = b.node("Board", "Eastvale Community Safety Partnership", ("Eastvale CSP",), kind="partnership")
    exe = b.node("Board", "Eastvale CSP Executive", kind="executive")
    scb = b.node("Board", "Northshire Safer Communities Board", ("NSCB",), kind="board")
    panel = b.node("Board", "Northshire Police and Crime Panel", kind="panel")
    opcc = b.node("Organisation", "Office of the Police and Crime Commissioner for Northshire", ("OPCC",),
                  sector="commissioner")
    police = b.node("Organisation", "Northshire Constabulary", sector="policing")
    council = b.node("Organisation", "Eastvale Borough Council", sector="local_government")
    charity = b.node("Organisation", "Riverside Youth Trust", sector="voluntary")
    pcc = b.node("Person", "Alice Grant", ("PCC Alice Grant",))
    cc = b.node("Person", "Ben Okafor", ("Chief Constable Okafor",))
    dunn = b.node("Person", "Carol Dunn", ("Cllr. C. Dunn", "Cllr. Carol Dunn"), honorific="Cllr.",
                  resolution=["Cllr. C. Dunn <- person-variant", "Cllr. Carol Dunn <- exact"])
    patel = b.node("Person", "Dev Patel")
    ng = b.node("Person", "Nina Gould")
    fund = b.node("Fund", "Safer Streets Fund", ("SSF",))
    youth = b.node("Project", "Riverside Youth Outreach", description="detached youth work")
    bus = b.node("Project", "Night Bus Patrol")
    cams = b.node("Project", "Town Centre Cameras")
    area = b.node("Area", "Eastvale")
    plan = b.node("Plan", "Northshire Police and Crime Plan", ("Police and Crime Plan",), period="2025-29")
    csp_plan = b.node("Plan", "Eastvale CSP Plan", period="2025-28")
    p_youth = b.node("Priority", "Youth violence")
    p_rural = b.node("Priority", "Rural crime")
    p_asb = b.node("Priority", "Anti-social behaviour")
    m1 = b.node("Meeting", "Eastvale Community Safety Partnership 2026-01-15", date="2026-01-15",
                location="Town Hall")
    m2 = b.node("Meeting", "Eastvale Community Safety Partnership 2026-04-16", date="2026-04-16")

    # governance: exec -> CSP -> NSCB; OPCC oversees NSCB; the panel scrutinises the OPCC and the PCC
    b.rel("PART_OF", exe, csp)
    b.rel("REPORTS_TO", csp, scb)
    b.rel("OVERSEES", opcc, scb)
    b.rel("SCRUTINISES", panel, opcc)
    b.rel("SCRUTINISES", panel, pcc)
    b.rel("HOLDS_TO_ACCOUNT", pcc, cc)
    b.rel("SUPPORTS", council, csp)
    # people
    b.rel("HOLDS_ROLE", pcc, opcc, title="Police and Crime Commissioner")
    b.rel("HOLDS_ROLE", cc, police, title="Chief Constable")
    b.rel("HOLDS_ROLE", patel, council, title="Community Safety Manager")
    b.rel("HOLDS_ROLE", ng, csp, title="Partnership Co-ordinator")
    b.rel("MEMBER_OF", dunn, csp, role="chair", representing="Eastvale Borough Council")
    b.rel("MEMBER_OF", patel, csp, role="member", representing="Eastvale Borough Council")
    b.rel("MEMBER_OF", cc, csp, role="member", representing="Northshire Constabulary")
    b.rel("MEMBER_OF", police, csp)
    b.rel("MEMBER_OF", ng, csp, role="member", status="former")
    b.rel("MEMBER_OF", dunn, panel, role="vice_chair")
    # meetings
    b.rel("MEETING_OF", m1, csp)
    b.rel("MEETING_OF", m2, csp)
    b.rel("ATTENDED", dunn, m1)
    b.rel("ATTENDED", patel, m1)
    b.rel("ATTENDED", cc, m1, apologies=True)
    b.rel("ATTENDED", dunn, m2)
    b.rel("PRESENTED", patel, m1, item="Strategic assessment")
    # money: OPCC -> CSP (allocation) -> youth project; OPCC manages the fund -> bus patrol
    b.rel("FUNDS", opcc, csp, amount=50000.0, period="2025-26", kind="allocation", spent=20000.0)
    b.rel("FUNDS", opcc, csp, amount=45000.0, period="2024-25", kind="allocation", spent=45000.0,
          remaining=0.0)
    b.rel("FUNDS", csp, youth, amount=12000.0, period="2025-26", kind="grant")
    b.rel("FUNDS", csp, cams, amount=8000.0, period="2025-26", kind="grant", status="deleted")
    b.rel("MANAGES", opcc, fund)
    b.rel("FUNDS", fund, bus, amount=30000.0, period="2025-26", kind="grant")
    b.rel("DELIVERS", charity, youth)
    b.rel("DELIVERS", police, bus)
    b.rel("IN_AREA", youth, area)
    b.rel("IN_AREA", council, area)
    b.rel("DELIVERS", council, cams)
    # plans
    b.rel("OWNS", opcc, plan)
    b.rel("HAS_PRIORITY", plan, p_youth)
    b.rel("HAS_PRIORITY", plan, p_rural)
    b.rel("HAS_PRIORITY", csp_plan, p_asb)
    b.rel("ADDRESSES", youth, p_youth)
    b.rel("ADDRESSES", bus, p_youth)
    b.rel("ALIGNS_WITH", p_asb, p_youth)
    # a document and what was seen in it (never part of a query's answer)
    doc = "doc:pack.txt"
    b.g.add_node(NodeRec(doc, "Document", {"id": doc, "name": "pack.txt", "sources": ["pack.txt"]}))
    for nid in list(b.g.nodes):
        if nid != doc:
            b.rel("MENTIONED_IN", nid, doc)
    return b.g


@pytest.fixture(scope="module")
def g() -> nx.MultiDiGraph:
    return to_networkx(partnership())


def run(g: nx.MultiDiGraph, name: str, **params: str) -> list[dict[str, Any]]:
    return run_networkx(name, g, params)


def assert_cited(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        cites = r["citations"]
        assert cites and all(re.fullmatch(r"[^:]+:\d+", c) for c in cites), r


# -- the library itself --------------------------------------------------------------------------
def test_library_has_every_required_query_documented() -> None:
    qs = {q.name: q for q in list_queries()}
    assert REQUIRED <= set(qs)
    assert set(IMPLEMENTATIONS) == set(qs), "every .cypher needs its networkx twin and vice versa"
    for q in qs.values():
        assert q.title and len(q.description) > 40, q.name
        for p, (desc, example) in q.params.items():
            assert desc and example, (q.name, p)
            assert f"${p}" in q.cypher
        # plain Neo4j 5: no APOC, no string-built values
        assert "apoc." not in q.cypher.lower(), q.name


def test_cypher_files_ship_as_package_data() -> None:
    names = sorted(e.name for e in resources.files("kg.queries").iterdir() if e.name.endswith(".cypher"))
    assert [f"{q.name}.cypher" for q in list_queries()] == names


def test_header_and_text_parameters_must_agree(tmp_path: Path) -> None:
    from kg.queries import _parse

    with pytest.raises(QueryError, match=r"do not match the header"):
        _parse("bad", "// title: t\n// param a: x (example: y)\nMATCH (n) WHERE n.name = $b RETURN n.id\n")
    with pytest.raises(QueryError, match=r"no '// title:'"):
        _parse("bad", "MATCH (n) RETURN n.id\n")
    q = _parse("ok", "// title: T\n// description: one\n// description: two\n"
                     "// param who: a person (example: Ann Lee)\nMATCH (n) WHERE n.name = $who RETURN n.id\n")
    assert q.params == {"who": ("a person", "Ann Lee")} and q.description == "one two"


def test_unknown_query_and_bad_parameters_are_one_line_errors(g: nx.MultiDiGraph) -> None:
    with pytest.raises(QueryError, match=r"^unknown query 'nope' \(known: .*board-members"):
        get_query("nope")
    with pytest.raises(QueryError, match=r"needs --param board="):
        run_networkx("board-members", g, {})
    with pytest.raises(QueryError, match=r"has no parameter 'colour' \(it takes: board\)"):
        run_networkx("board-members", g, {"board": "x", "colour": "red"})
    with pytest.raises(QueryError, match=r"has no parameter 'x' \(it takes: funder\)"):
        prepare("allocation-summary", {"funder": "OPCC", "x": "1"})
    with pytest.raises(QueryError, match=r"non-empty string"):
        prepare("board-members", {"board": " "})
    with pytest.raises(QueryError) as info:
        get_query("nope")
    assert "\n" not in str(info.value)


def test_order_by_puts_nulls_last_ascending_and_first_descending() -> None:
    rows = [{"a": 2, "b": "x"}, {"a": None, "b": "y"}, {"a": 1, "b": "z"}]
    assert [r["a"] for r in order_by(rows, "a")] == [1, 2, None]
    assert [r["a"] for r in order_by(rows, ("a", True))] == [None, 2, 1]


# -- each query on the partnership -------------------------------------------------------------
def test_board_members_lists_chair_first_with_roles_and_citations(g: nx.MultiDiGraph) -> None:
    rows = run(g, "board-members", board="eastvale csp")       # an alias, in another case
    assert_cited(rows)
    assert rows[0]["member"] == "Carol Dunn" and rows[0]["role"] == "chair"
    by = {(r["member"], r["relation"]): r for r in rows}
    assert by[("Dev Patel", "MEMBER_OF")]["representing"] == "Eastvale Borough Council"
    assert by[("Northshire Constabulary", "MEMBER_OF")]["member_type"] == "Organisation"
    assert by[("Northshire Constabulary", "MEMBER_OF")]["role"] == "member"     # no role stated
    assert by[("Nina Gould", "MEMBER_OF")]["status"] == "former"
    assert by[("Nina Gould", "HOLDS_ROLE")]["role"] == "Partnership Co-ordinator"
    assert rows[-1]["relation"] == "HOLDS_ROLE"
    assert len(rows) == 6
    # by id and by exact name: the same rows
    assert run(g, "board-members", board="board:eastvale-community-safety-partnership") == rows
    assert run(g, "board-members", board="Eastvale Community Safety Partnership") == rows
    assert run(g, "board-members", board="Nowhere Board") == []


def test_person_roles_gathers_offices_memberships_and_meetings(g: nx.MultiDiGraph) -> None:
    rows = run(g, "person-roles", person="CLLR. C. DUNN")
    assert_cited(rows)
    got = [(r["relation"], r["detail"], r["target"]) for r in rows]
    assert got == [("MEMBER_OF", "chair", "Eastvale Community Safety Partnership"),
                   ("MEMBER_OF", "vice_chair", "Northshire Police and Crime Panel"),
                   ("ATTENDED", "present", "Eastvale Community Safety Partnership 2026-01-15"),
                   ("ATTENDED", "present", "Eastvale Community Safety Partnership 2026-04-16")]
    assert rows[2]["date"] == "2026-01-15" and rows[2]["target_type"] == "Meeting"
    okafor = run(g, "person-roles", person="Ben Okafor")
    assert ("ATTENDED", "apologies") in [(r["relation"], r["detail"]) for r in okafor]
    assert okafor[0]["relation"] == "HOLDS_ROLE" and okafor[0]["detail"] == "Chief Constable"
    patel = run(g, "person-roles", person="dev patel")
    assert ("PRESENTED", "Strategic assessment") in [(r["relation"], r["detail"]) for r in patel]
    # a board is not a person
    assert run(g, "person-roles", person="Eastvale CSP") == []


def test_governance_chain_climbs_level_by_level(g: nx.MultiDiGraph) -> None:
    rows = run(g, "governance-chain", body="Eastvale CSP Executive")
    assert_cited(rows)
    got = [(r["level"], r["lower"], r["relation"], r["upper"]) for r in rows]
    assert got == [
        (1, "Eastvale CSP Executive", "PART_OF", "Eastvale Community Safety Partnership"),
        (2, "Eastvale Community Safety Partnership", "REPORTS_TO", "Northshire Safer Communities Board"),
        (3, "Northshire Safer Communities Board", "OVERSEES",
         "Office of the Police and Crime Commissioner for Northshire"),
        (4, "Office of the Police and Crime Commissioner for Northshire", "SCRUTINISES",
         "Northshire Police and Crime Panel"),
    ]
    # a person: held to account by the PCC, who is scrutinised by the panel
    cc = run(g, "governance-chain", body="Ben Okafor")
    assert [(r["level"], r["upper"]) for r in cc] == [(1, "Alice Grant"), (2, "Northshire Police and Crime Panel")]
    # the top has nothing above it
    assert run(g, "governance-chain", body="Northshire Police and Crime Panel") == []


def test_governance_chain_level_is_the_shortest_way_up_and_stops_at_eight() -> None:
    b = Builder()
    chain = [b.node("Board", f"Group {i}") for i in range(12)]
    for lo, hi in itertools.pairwise(chain):
        b.rel("REPORTS_TO", lo, hi)
    b.rel("REPORTS_TO", chain[0], chain[3])          # a short cut: Group 3 is reached at level 1
    b.rel("REPORTS_TO", chain[5], chain[0])          # and a loop back to the start
    rows = run(to_networkx(b.g), "governance-chain", body="Group 0")
    levels = {(r["lower"], r["upper"]): r["level"] for r in rows}
    assert levels[("Group 0", "Group 3")] == 1
    assert levels[("Group 3", "Group 4")] == 2
    assert levels[("Group 5", "Group 0")] == 4
    assert max(levels.values()) == 8
    assert ("Group 10", "Group 11") not in levels    # level 9: beyond the limit


def test_scrutiny_both_ways_and_through_an_office(g: nx.MultiDiGraph) -> None:
    rows = run(g, "scrutiny", entity="Alice Grant")
    assert_cited(rows)
    got = {(r["actor"], r["relation"], r["subject"]) for r in rows}
    assert got == {("Alice Grant", "HOLDS_TO_ACCOUNT", "Ben Okafor"),
                   ("Northshire Police and Crime Panel", "SCRUTINISES", "Alice Grant")}
    b = Builder()
    person = b.node("Person", "Pat Holder")
    post = b.node("Post", "Police and Crime Commissioner")
    panel = b.node("Board", "A Panel")
    b.rel("HOLDS_POST", person, post)
    b.rel("SCRUTINISES", panel, post)
    via = run(to_networkx(b.g), "scrutiny", entity="pat holder")
    assert [(r["actor"], r["subject"]) for r in via] == [("A Panel", "Police and Crime Commissioner")]


def test_funding_trace_follows_money_down_to_deliverers(g: nx.MultiDiGraph) -> None:
    rows = run(g, "funding-trace", funder="OPCC")
    assert_cited(rows)
    got = [(r["level"], r["source"], r["relation"], r["target"], r["amount"], r["period"]) for r in rows]
    opcc = "Office of the Police and Crime Commissioner for Northshire"
    csp = "Eastvale Community Safety Partnership"
    assert got == [
        (1, opcc, "FUNDS", csp, 45000.0, "2024-25"),
        (1, opcc, "FUNDS", csp, 50000.0, "2025-26"),
        (1, opcc, "MANAGES", "Safer Streets Fund", None, None),
        (2, csp, "FUNDS", "Riverside Youth Outreach", 12000.0, "2025-26"),
        (2, csp, "FUNDS", "Town Centre Cameras", 8000.0, "2025-26"),
        (2, "Safer Streets Fund", "FUNDS", "Night Bus Patrol", 30000.0, "2025-26"),
        (3, "Eastvale Borough Council", "DELIVERS", "Town Centre Cameras", None, None),
        (3, "Northshire Constabulary", "DELIVERS", "Night Bus Patrol", None, None),
        (3, "Riverside Youth Trust", "DELIVERS", "Riverside Youth Outreach", None, None),
    ]
    assert [r["status"] for r in rows if r["target"] == "Town Centre Cameras"][0] == "deleted"
    # from a fund
    fund = run(g, "funding-trace", funder="ssf")
    assert [(r["level"], r["target"]) for r in fund] == [(1, "Night Bus Patrol"), (2, "Night Bus Patrol")]


def test_funding_received_and_allocation_summary(g: nx.MultiDiGraph) -> None:
    rows = run(g, "funding-received", recipient="Eastvale CSP")
    assert_cited(rows)
    assert [(r["period"], r["amount"], r["spent"], r["remaining"]) for r in rows] == [
        ("2024-25", 45000.0, 45000.0, 0.0), ("2025-26", 50000.0, 20000.0, None)]
    summary = run(g, "allocation-summary", funder="OPCC")
    assert_cited(summary)
    by = {(r["recipient"], r["period"]): r for r in summary}
    csp = "Eastvale Community Safety Partnership"
    assert set(by) == {(csp, "2024-25"), (csp, "2025-26")}          # only what the OPCC allocated
    assert by[(csp, "2025-26")]["allocated"] == 50000.0
    assert by[(csp, "2025-26")]["spent"] == 20000.0
    assert by[(csp, "2025-26")]["remaining"] == 30000.0          # allocated minus spent
    assert by[(csp, "2025-26")]["remaining_basis"] == "derived"  # and said to be kg's sum
    assert by[(csp, "2024-25")]["remaining"] == 0.0               # as stated
    assert by[(csp, "2024-25")]["remaining_basis"] == "stated"
    assert [(r["recipient"], r["period"]) for r in summary] == sorted(by)
    onward = {(r["recipient"], r["period"]): r for r in run(g, "allocation-summary", funder="Eastvale CSP")}
    assert onward[("Riverside Youth Outreach", "2025-26")]["spent"] is None   # the papers do not say
    assert onward[("Riverside Youth Outreach", "2025-26")]["funders"] == [csp]
    assert ("Town Centre Cameras", "2025-26") not in onward            # its only line is deleted


def test_allocation_summary_adds_up_several_lines_and_leaves_other_funders_out() -> None:
    b = Builder()
    t = b.node("Board", "Target CSP")
    alpha, zed = b.node("Organisation", "Alpha Council"), b.node("Organisation", "Zed Council")
    for i, kind in enumerate(("allocation", "grant", "contribution")):
        b.rel("FUNDS", alpha, t, amount=1000.0 * (i + 1), period="2025-26", spent=100.0 * (i + 1), kind=kind)
    b.rel("FUNDS", zed, t, amount=99.0, period="2025-26", spent=1.0)
    [row] = run(to_networkx(b.g), "allocation-summary", funder="alpha council")
    assert row["allocations"] == 3 and row["allocated"] == 6000.0 and row["spent"] == 600.0
    assert row["remaining"] == 5400.0
    assert row["funders"] == ["Alpha Council"]
    assert len(row["citations"]) == 3


def _pence() -> Graph:
    """Allocations in pounds and pence whose float sums carry noise (0.1 + 0.2 != 0.3)."""
    b = Builder()
    t = b.node("Board", "Pence CSP")
    f = b.node("Organisation", "Pence Council")
    b.rel("FUNDS", f, t, amount=0.1, period="2025-26", spent=0.1)
    b.rel("FUNDS", f, t, amount=0.2, period="2025-26", spent=0.005, kind="grant")
    return b.g


def test_allocation_summary_rounds_totals_to_pence() -> None:
    [row] = run(to_networkx(_pence()), "allocation-summary", funder="Pence Council")
    assert row["allocated"] == 0.3 and row["spent"] == 0.11 and row["remaining"] == 0.2   # 0.195 -> 0.2
    assert row["funders"] == ["Pence Council"]


def test_projects_by_area_direct_and_through_bodies(g: nx.MultiDiGraph) -> None:
    rows = run(g, "projects-by-area", area="eastvale")
    assert_cited(rows)
    got = [(r["project"], r["via"], r["delivered_by"], r["funded_by"]) for r in rows]
    assert got == [
        ("Riverside Youth Outreach", None, ["Riverside Youth Trust"], ["Eastvale Community Safety Partnership"]),
        ("Town Centre Cameras", "Eastvale Borough Council", ["Eastvale Borough Council"],
         ["Eastvale Community Safety Partnership"]),
    ]
    assert rows[0]["description"] == "detached youth work"
    assert len(rows[1]["citations"]) == 2            # the IN_AREA line and the DELIVERS line
    assert len(rows[0]["link_citations"]) == 2       # delivered by the trust, funded by the CSP


def test_plan_priorities_with_projects_and_alignment(g: nx.MultiDiGraph) -> None:
    rows = run(g, "plan-priorities", plan="Police and Crime Plan")
    assert_cited(rows)
    got = [(r["priority"], r["projects"], r["aligned_with"]) for r in rows]
    assert got == [("Rural crime", [], []),
                   ("Youth violence", ["Night Bus Patrol", "Riverside Youth Outreach"], ["Anti-social behaviour"])]
    assert run(g, "plan-priorities", plan="eastvale csp plan")[0]["aligned_with"] == ["Youth violence"]
    assert rows[0]["link_citations"] == []
    assert len(rows[1]["link_citations"]) == 3          # two ADDRESSES lines and one ALIGNS_WITH


def test_board_meetings_count_attendance_and_apologies(g: nx.MultiDiGraph) -> None:
    rows = run(g, "board-meetings", board="Eastvale CSP")
    assert_cited(rows)
    assert [r["date"] for r in rows] == ["2026-01-15", "2026-04-16"]
    first = rows[0]
    assert first["present_count"] == 2 and first["present"] == ["Carol Dunn", "Dev Patel"]
    assert first["apologies_count"] == 1 and first["apologies"] == ["Ben Okafor"]
    assert first["presented"] == ["Dev Patel: Strategic assessment"]
    assert first["location"] == "Town Hall"
    assert rows[1]["present"] == ["Carol Dunn"] and rows[1]["apologies"] == []
    # every attendance line of the meeting is cited: 3 ATTENDED and 1 PRESENTED
    assert len(first["attendance_citations"]) == 4
    assert first["attendance_citations"] == sorted(set(first["attendance_citations"]))


def test_shortest_connection_gives_names_types_directions_and_citations(g: nx.MultiDiGraph) -> None:
    [row] = run(g, "shortest-connection", source="Ben Okafor", target="Northshire Police and Crime Panel")
    assert row["hops"] == 2
    assert row["names"] == ["Ben Okafor", "Alice Grant", "Northshire Police and Crime Panel"]
    assert row["relations"] == ["HOLDS_TO_ACCOUNT", "SCRUTINISES"]
    assert row["directions"] == ["backward", "backward"]
    assert all(re.fullmatch(r"pack\.txt:\d+", c) for c in row["citations"])
    # documents never connect things; the same entity, or an unknown one, gives no row
    assert run(g, "shortest-connection", source="Ben Okafor", target="Ben Okafor") == []
    assert run(g, "shortest-connection", source="Ben Okafor", target="pack.txt") == []


def _diamond() -> Graph:
    """A and Z joined by three two-step paths (through M1, M2, M3), and two parallel lines A-M1."""
    b = Builder()
    a, z = b.node("Person", "A Person"), b.node("Board", "Z Board")
    for m in [b.node("Organisation", f"M{i} Org") for i in (3, 1, 2)]:
        b.rel("MEMBER_OF", a, m)
        b.rel("MEMBER_OF", m, z)
    b.rel("HOLDS_ROLE", a, "org:m1-org", title="Clerk")
    return b.g


def test_shortest_connection_ties_are_broken_by_ids_whatever_the_insertion_order() -> None:
    answers = set()
    for seed in range(5):
        g = _diamond()
        # insert nodes and edges into networkx in a shuffled order too
        nodes, rels = list(g.nodes.values()), list(g.rels.values())
        random.Random(seed + 100).shuffle(nodes)
        random.Random(seed + 200).shuffle(rels)
        h = Graph()
        for n in nodes:
            h.add_node(n)
        for r in rels:
            h.add_rel(r)
        [row] = run(to_networkx(h), "shortest-connection", source="A Person", target="Z Board")
        answers.add(json.dumps(row, sort_keys=True))
        assert row["names"] == ["A Person", "M1 Org", "Z Board"]     # org:m1-org sorts first
        # two lines join A and M1: the one with the smaller relationship id is chosen
        ids = sorted(r.id for r in h.rels.values() if r.start == "person:a-person" and r.end == "org:m1-org")
        chosen = ids[0].split(":")[0].upper()
        assert row["relations"][0] == chosen
    assert len(answers) == 1


_TYPES = ["MEMBER_OF", "REPORTS_TO", "FUNDS", "ATTENDED", "MENTIONED_IN"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.sampled_from(_TYPES)), max_size=22),
       st.integers(0, 7), st.integers(0, 7))
def test_shortest_connection_is_the_first_of_all_shortest_paths(
        edges: list[tuple[int, int, str]], src: int, dst: int) -> None:
    """Against brute force: list every shortest path and take the smallest (ids joined) key."""
    g = Graph()
    for i in range(8):
        nid = f"org:n{i}"
        g.add_node(NodeRec(nid, "Organisation", {"id": nid, "name": f"N{i}"}))
    for k, (s, e, t) in enumerate(edges):
        rid = f"{t.lower()}:{k:04d}"
        g.add_rel(RelRec(rid, t, f"org:n{s}", f"org:n{e}", {"id": rid, "citations": [f"d.txt:{k}"]}))
    rows = run(to_networkx(g), "shortest-connection", source=f"N{src}", target=f"org:n{dst}")
    # brute force on an undirected multigraph without MENTIONED_IN
    u = nx.MultiGraph()
    u.add_nodes_from(g.nodes)
    for r in g.rels.values():
        if r.type != "MENTIONED_IN" and r.start != r.end:
            u.add_edge(r.start, r.end, key=r.id)
    a, b = f"org:n{src}", f"org:n{dst}"
    if a == b or not nx.has_path(u, a, b) or nx.shortest_path_length(u, a, b) > 10:
        assert rows == []
        return
    best = None
    for path in nx.all_shortest_paths(u, a, b):
        for choice in itertools.product(*[sorted(u[x][y]) for x, y in itertools.pairwise(path)]):
            key = ("".join(n + " " for n in path), "".join(c + " " for c in choice))
            best = min(best or key, key)
    assert best is not None
    [row] = rows
    assert row["hops"] == len(best[0].split()) - 1
    assert "".join(f"org:n{n[1:]} " for n in row["names"]) == best[0]
    chosen = best[1].split()
    assert row["relations"] == [g.rels[c].type for c in chosen]
    assert row["citations"] == [g.rels[c].props["citations"][0] for c in chosen]


def test_queries_never_return_documents_or_mentions(g: nx.MultiDiGraph) -> None:
    for q in list_queries():
        params = {p: "pack.txt" for p in q.params}
        assert run_networkx(q.name, g, params) == []


# -- the store's query() and the sample corpus ------------------------------------------------
def test_store_query_reads_a_committed_graph(tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "store")
    store.commit({}, partnership())
    rows = NetworkxStore(tmp_path / "store").query("board-members", {"board": "NSCB"})
    assert rows == []   # NSCB has no members: the query runs and says so
    assert NetworkxStore(tmp_path / "store").query("board-meetings", {"board": "Eastvale CSP"})[0]["present_count"] == 2


@pytest.fixture(scope="module")
def corpus_store(corpus_store_dir: Path) -> NetworkxStore:
    """The session's store of the sample corpus (ingested once, see conftest.py; read only)."""
    return NetworkxStore(corpus_store_dir)


def _most(graph: Graph, rtype: str, end: str = "end", labels: tuple[str, ...] | None = None) -> str | None:
    """The name of the entity at ``end`` of the most ``rtype`` lines (picked from the graph, never typed in)."""
    from collections import Counter

    c: Counter[str] = Counter()
    for r in graph.rels.values():
        if r.type == rtype:
            nid = r.end if end == "end" else r.start
            if labels is None or graph.nodes[nid].label in labels:
                c[nid] += 1
    if not c:
        return None
    nid = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return graph.nodes[nid].name


CORPUS_CASES = {
    "board-members": ("MEMBER_OF", "end", None, "board"),
    "board-picture": ("MEMBER_OF", "end", None, "board"),
    "person-picture": ("ATTENDED", "start", ("Person",), "person"),
    "governance-below": ("MEMBER_OF", "end", ("Board",), "body"),
    "board-meetings": ("MEETING_OF", "end", None, "board"),
    "person-roles": ("HOLDS_ROLE", "start", ("Person",), "person"),
    "governance-chain": ("REPORTS_TO", "start", None, "body"),
    "scrutiny": ("SCRUTINISES", "end", None, "entity"),
    "funding-trace": ("FUNDS", "start", None, "funder"),
    "allocation-summary": ("FUNDS", "start", None, "funder"),
    "funding-received": ("FUNDS", "end", None, "recipient"),
    "projects-by-area": ("IN_AREA", "end", None, "area"),
    "plan-priorities": ("HAS_PRIORITY", "start", None, "plan"),
}


@pytest.mark.parametrize("name", sorted(CORPUS_CASES))
def test_corpus_each_query_answers_with_citations(corpus_store: NetworkxStore, name: str) -> None:
    rtype, end, labels, param = CORPUS_CASES[name]
    graph = corpus_store.graph()
    entity = _most(graph, rtype, end, labels)
    if entity is None:
        pytest.skip(f"the extractor found no {rtype} lines in the sample corpus yet")
    rows = corpus_store.query(name, {param: entity})
    assert rows, (name, entity)
    assert_cited(rows)
    for r in rows:
        docs = {c.rsplit(":", 1)[0] for c in r["citations"]}
        assert all((CORPUS / d).exists() for d in docs)


def test_corpus_allocation_summary_and_shortest_connection(corpus_store: NetworkxStore) -> None:
    graph = corpus_store.graph()
    funder = _most(graph, "FUNDS", "start")
    if funder is None:
        pytest.skip("no FUNDS lines extracted from the sample corpus yet")
    summary = corpus_store.query("allocation-summary", {"funder": funder})
    assert summary
    assert_cited(summary)
    assert all(funder in r["funders"] for r in summary)
    board = _most(graph, "MEMBER_OF")
    person = _most(graph, "ATTENDED", "start", ("Person",))
    if board is None or person is None:
        pytest.skip("no memberships or attendance extracted from the sample corpus yet")
    [row] = corpus_store.query("shortest-connection", {"source": person, "target": board})
    assert row["names"][0].lower() == person.lower() or row["hops"] >= 1
    assert len(row["names"]) == row["hops"] + 1 == len(row["relations"]) + 1
    assert all(c for c in row["citations"])


# -- downward governance, membership of a parent board, a board's and a person's full picture ------
def test_governance_below_goes_down_level_by_level(g: nx.MultiDiGraph) -> None:
    rows = run(g, "governance-below", body="Northshire Police and Crime Panel")
    assert_cited(rows)
    opcc = "Office of the Police and Crime Commissioner for Northshire"
    got = [(r["level"], r["upper"], r["relation"], r["lower"], r["via"]) for r in rows]
    assert got == [
        (1, "Northshire Police and Crime Panel", "SCRUTINISES", "Alice Grant", "line"),
        (1, "Northshire Police and Crime Panel", "SCRUTINISES", opcc, "line"),
        (2, "Alice Grant", "HOLDS_TO_ACCOUNT", "Ben Okafor", "line"),
        (2, opcc, "OVERSEES", "Northshire Safer Communities Board", "line"),
        (3, "Northshire Safer Communities Board", "REPORTS_TO", "Eastvale Community Safety Partnership", "line"),
        (4, "Eastvale Community Safety Partnership", "PART_OF", "Eastvale CSP Executive", "line"),
    ]
    # the bottom has nothing below it
    assert run(g, "governance-below", body="Eastvale CSP Executive") == []


def _county() -> Graph:
    """District partnerships that sit on a county board as members, the county board reporting up."""
    b = Builder()
    top = b.node("Board", "Northshire Strategic Partnership Board", kind="board")
    county = b.node("Board", "Northshire Safer Communities Board", kind="board")
    csp = b.node("Board", "Westby Community Safety Partnership", kind="partnership")
    group = b.node("Board", "Westby Joint Action Group", kind="group")
    council = b.node("Organisation", "Westby District Council", sector="local_government")
    chair = b.node("Person", "Robin Hale")
    b.rel("REPORTS_TO", county, top)
    b.rel("MEMBER_OF", csp, county, role="member")
    b.rel("REPORTS_TO", group, csp)
    b.rel("MEMBER_OF", council, county, role="member")      # an organisation: a partner, not a sub-group
    b.rel("MEMBER_OF", chair, county, role="chair")         # a person: not a governance line
    b.rel("HOLDS_ROLE", chair, council, title="Leader")
    b.rel("SCRUTINISES", top, county)
    return b.g


def test_governance_chain_follows_membership_of_a_parent_board_and_marks_it() -> None:
    g = to_networkx(_county())
    rows = run(g, "governance-chain", body="Westby Joint Action Group")
    assert_cited(rows)
    got = [(r["level"], r["lower"], r["relation"], r["upper"], r["via"]) for r in rows]
    assert got == [
        (1, "Westby Joint Action Group", "REPORTS_TO", "Westby Community Safety Partnership", "line"),
        (2, "Westby Community Safety Partnership", "MEMBER_OF", "Northshire Safer Communities Board",
         "membership"),
        (3, "Northshire Safer Communities Board", "REPORTS_TO", "Northshire Strategic Partnership Board", "line"),
        (3, "Northshire Safer Communities Board", "SCRUTINISES", "Northshire Strategic Partnership Board", "line"),
    ]
    # an organisation's or a person's membership is not a governance line
    assert run(g, "governance-chain", body="Westby District Council") == []
    assert run(g, "governance-chain", body="Robin Hale") == []
    below = run(g, "governance-below", body="Northshire Strategic Partnership Board")
    assert [(r["level"], r["lower"], r["via"]) for r in below] == [
        (1, "Northshire Safer Communities Board", "line"), (1, "Northshire Safer Communities Board", "line"),
        (2, "Westby Community Safety Partnership", "membership"), (3, "Westby Joint Action Group", "line")]


def test_board_picture_has_every_part(g: nx.MultiDiGraph) -> None:
    rows = run(g, "board-picture", board="Eastvale CSP")
    assert_cited(rows)
    got = [(r["part"], r["relation"], r["other"], r["role"], r["date"]) for r in rows]
    assert got == [
        ("above", "REPORTS_TO", "Northshire Safer Communities Board", None, None),
        ("overseen, scrutinised or supported by", "SUPPORTS", "Eastvale Borough Council", None, None),
        ("member", "MEMBER_OF", "Carol Dunn", "chair", None),
        ("member", "MEMBER_OF", "Ben Okafor", "member", None),
        ("member", "MEMBER_OF", "Dev Patel", "member", None),
        ("member", "MEMBER_OF", "Nina Gould", "member", None),
        ("member", "MEMBER_OF", "Northshire Constabulary", "member", None),
        ("office", "HOLDS_ROLE", "Nina Gould", "Partnership Co-ordinator", None),
        ("below", "PART_OF", "Eastvale CSP Executive", None, None),
        ("meeting", "MEETING_OF", "Eastvale Community Safety Partnership 2026-01-15", None, "2026-01-15"),
        ("meeting", "MEETING_OF", "Eastvale Community Safety Partnership 2026-04-16", None, "2026-04-16"),
    ]
    assert [r["representing"] for r in rows if r["other"] == "Carol Dunn"] == ["Eastvale Borough Council"]
    assert [r["status"] for r in rows if r["other"] == "Nina Gould" and r["part"] == "member"] == ["former"]
    # scrutiny both ways, on the panel
    panel = run(g, "board-picture", board="Northshire Police and Crime Panel")
    assert [(r["part"], r["relation"], r["other"]) for r in panel] == [
        ("member", "MEMBER_OF", "Carol Dunn"),
        ("oversees, scrutinises or supports", "SCRUTINISES", "Alice Grant"),
        ("oversees, scrutinises or supports", "SCRUTINISES",
         "Office of the Police and Crime Commissioner for Northshire")]
    county = run(to_networkx(_county()), "board-picture", board="Northshire Safer Communities Board")
    assert [(r["part"], r["other"], r["role"]) for r in county] == [
        ("above", "Northshire Strategic Partnership Board", None),
        ("overseen, scrutinised or supported by", "Northshire Strategic Partnership Board", None),
        ("member", "Robin Hale", "chair"), ("member", "Westby District Council", "member"),
        ("below", "Westby Community Safety Partnership", "member")]


def test_person_picture_has_offices_memberships_accountability_and_meetings(g: nx.MultiDiGraph) -> None:
    rows = run(g, "person-picture", person="Cllr. C. Dunn")
    assert_cited(rows)
    got = [(r["part"], r["relation"], r["other"], r["detail"], r["context"], r["date"]) for r in rows]
    assert got == [
        ("member", "MEMBER_OF", "Eastvale Community Safety Partnership", "chair", "Eastvale Borough Council", None),
        ("member", "MEMBER_OF", "Northshire Police and Crime Panel", "vice_chair", None, None),
        ("meeting", "ATTENDED", "Eastvale Community Safety Partnership 2026-01-15", "present",
         "Eastvale Community Safety Partnership", "2026-01-15"),
        ("meeting", "ATTENDED", "Eastvale Community Safety Partnership 2026-04-16", "present",
         "Eastvale Community Safety Partnership", "2026-04-16"),
    ]
    pcc = run(g, "person-picture", person="Alice Grant")
    assert [(r["part"], r["relation"], r["other"], r["detail"]) for r in pcc] == [
        ("office", "HOLDS_ROLE", "Office of the Police and Crime Commissioner for Northshire",
         "Police and Crime Commissioner"),
        ("accountability", "HOLDS_TO_ACCOUNT", "Ben Okafor", "holds to account, scrutinises or oversees"),
        ("accountability", "SCRUTINISES", "Northshire Police and Crime Panel",
         "held to account, scrutinised or overseen by")]
    patel = run(g, "person-picture", person="Dev Patel")
    assert ("meeting", "PRESENTED", "Strategic assessment") in {(r["part"], r["relation"], r["detail"]) for r in patel}


# -- the same rows from a real Neo4j --------------------------------------------------------------
PARITY_CASES: list[tuple[str, dict[str, str]]] = [
    ("board-members", {"board": "eastvale csp"}),
    ("person-roles", {"person": "Cllr. C. Dunn"}),
    ("person-roles", {"person": "Ben Okafor"}),
    ("governance-chain", {"body": "Eastvale CSP Executive"}),
    ("governance-chain", {"body": "ben okafor"}),
    ("governance-below", {"body": "Northshire Police and Crime Panel"}),
    ("governance-below", {"body": "NSCB"}),
    ("board-picture", {"board": "Eastvale CSP"}),
    ("board-picture", {"board": "Northshire Police and Crime Panel"}),
    ("person-picture", {"person": "Cllr. C. Dunn"}),
    ("person-picture", {"person": "Alice Grant"}),
    ("person-picture", {"person": "Dev Patel"}),
    ("scrutiny", {"entity": "Alice Grant"}),
    ("funding-trace", {"funder": "OPCC"}),
    ("funding-trace", {"funder": "SSF"}),
    ("funding-received", {"recipient": "Eastvale CSP"}),
    ("allocation-summary", {"funder": "OPCC"}),
    ("allocation-summary", {"funder": "eastvale csp"}),
    ("projects-by-area", {"area": "Eastvale"}),
    ("plan-priorities", {"plan": "Police and Crime Plan"}),
    ("plan-priorities", {"plan": "Eastvale CSP Plan"}),
    ("board-meetings", {"board": "board:eastvale-community-safety-partnership"}),
    ("shortest-connection", {"source": "Ben Okafor", "target": "Northshire Police and Crime Panel"}),
    ("shortest-connection", {"source": "Riverside Youth Trust", "target": "Carol Dunn"}),
]


@pytest.mark.neo4j
def test_neo4j_gives_the_same_rows_in_the_same_order(neo4j_store: Any) -> None:
    graph = partnership()
    nxg = to_networkx(graph)
    neo4j_store.commit({}, graph, [])
    assert {name for name, _ in PARITY_CASES} == set(IMPLEMENTATIONS)
    for name, params in PARITY_CASES:
        expected = run_networkx(name, nxg, params)
        assert expected, name
        assert neo4j_store.query(name, params) == expected, (name, params)
    # sums of pence rounded the same way
    neo4j_store.commit({}, _pence(), [])
    assert neo4j_store.query("allocation-summary", {"funder": "Pence Council"}) == run_networkx(
        "allocation-summary", to_networkx(_pence()), {"funder": "Pence Council"})
    # membership of a parent board, up and down, and a board's picture with board members
    county = _county()
    neo4j_store.commit({}, county, [])
    for name, params in [("governance-chain", {"body": "Westby Joint Action Group"}),
                         ("governance-below", {"body": "Northshire Strategic Partnership Board"}),
                         ("board-picture", {"board": "Northshire Safer Communities Board"}),
                         ("person-picture", {"person": "Robin Hale"})]:
        expected = run_networkx(name, to_networkx(county), params)
        assert expected, name
        assert neo4j_store.query(name, params) == expected, (name, params)
    # ties in shortest-connection: the same canonical path on Neo4j
    d = _diamond()
    neo4j_store.commit({}, d, [])
    params = {"source": "A Person", "target": "Z Board"}
    assert neo4j_store.query("shortest-connection", params) == run_networkx(
        "shortest-connection", to_networkx(d), params)


@pytest.mark.neo4j
def test_neo4j_gives_the_same_rows_on_the_sample_corpus(neo4j_store: Any, corpus_store: NetworkxStore) -> None:
    graph = corpus_store.graph()
    neo4j_store.commit(corpus_store.extractions(), graph, corpus_store.ledger())
    cases: list[tuple[str, dict[str, str]]] = []
    for name, (rtype, end, labels, param) in sorted(CORPUS_CASES.items()):
        entity = _most(graph, rtype, end, labels)
        if entity is not None:
            cases.append((name, {param: entity}))
    board, person = _most(graph, "MEMBER_OF"), _most(graph, "ATTENDED", "start", ("Person",))
    if board and person:
        cases.append(("shortest-connection", {"source": person, "target": board}))
    for name, params in cases:
        assert neo4j_store.query(name, params) == corpus_store.query(name, params), (name, params)


def test_readme_lists_every_query() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section:queries -->")[1].split("<!-- /section:queries -->")[0]
    for q in list_queries():
        assert f"| `{q.name}` | {q.title} |" in section, q.name
        for p in q.params:
            assert f"`{p}`" in section


def _trails(g: Graph, start: str, step: Any, limit: int) -> dict[str, int]:
    """Cypher's variable-length semantics by brute force: every trail (no relationship twice) of
    1..limit steps from ``start``; for each relationship, the shortest trail that ends with it."""
    best: dict[str, int] = {}

    def walk(node: str, used: list[str]) -> None:
        if len(used) == limit:
            return
        for rid, nxt in step(node):
            if rid in used:
                continue
            best[rid] = min(best.get(rid, limit + 1), len(used) + 1)
            walk(nxt, [*used, rid])

    walk(start, [])
    return best


_GOV = ["REPORTS_TO", "PART_OF", "OVERSEES", "SCRUTINISES", "HOLDS_TO_ACCOUNT", "MEMBER_OF"]


def _random_graph(edges: list[tuple[int, int, str]], labels: dict[int, str] | None = None) -> Graph:
    g = Graph()
    for i in range(6):
        label = (labels or {}).get(i, "Board")
        nid = f"{label.lower()}:n{i}"
        g.add_node(NodeRec(nid, label, {"id": nid, "name": f"N{i}"}))
    ids = {i: f"{(labels or {}).get(i, 'Board').lower()}:n{i}" for i in range(6)}
    for k, (s, e, t) in enumerate(edges):
        rid = f"{t.lower()}:{k:03d}"
        g.add_rel(RelRec(rid, t, ids[s], ids[e], {"id": rid, "citations": [f"d.txt:{k}"]}))
    return g


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.sampled_from(_GOV)), max_size=12),
       st.integers(0, 5))
def test_governance_chain_levels_match_cypher_trail_semantics(edges: list[tuple[int, int, str]], start: int) -> None:
    g = _random_graph(edges)

    def up(node: str) -> list[tuple[str, str]]:
        out = []
        for r in g.rels.values():
            if r.type in ("REPORTS_TO", "PART_OF", "MEMBER_OF") and r.start == node:
                out.append((r.id, r.end))       # (every node is a Board: membership climbs too)
            elif r.type in ("OVERSEES", "SCRUTINISES", "HOLDS_TO_ACCOUNT") and r.end == node:
                out.append((r.id, r.start))
        return out

    best = _trails(g, f"board:n{start}", up, 8)
    expected = sorted((lvl, g.rels[rid].type, g.rels[rid].props["citations"][0])
                      for rid, lvl in best.items())
    rows = run(to_networkx(g), "governance-chain", body=f"N{start}")
    assert sorted((r["level"], r["relation"], r["citations"][0]) for r in rows) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.sampled_from(["FUNDS", "MANAGES", "DELIVERS"])),
                max_size=12), st.integers(0, 5))
def test_funding_trace_levels_match_cypher_trail_semantics(edges: list[tuple[int, int, str]], start: int) -> None:
    labels = {0: "Organisation", 1: "Fund", 2: "Project", 3: "Project", 4: "Organisation", 5: "Board"}
    g = _random_graph(edges, labels)
    ids = {i: f"{labels[i].lower()}:n{i}" for i in range(6)}

    def down(node: str) -> list[tuple[str, str]]:
        return [(r.id, r.end) for r in g.rels.values() if r.type in ("FUNDS", "MANAGES") and r.start == node]

    best = _trails(g, ids[start], down, 8)
    # DELIVERS into each Project reached by at least one step: one more than the shortest trail there
    reach: dict[str, int] = {}
    for rid, lvl in best.items():
        end = g.rels[rid].end
        reach[end] = min(reach.get(end, 99), lvl)
    for r in g.rels.values():
        if r.type == "DELIVERS" and r.end in reach and g.nodes[r.end].label == "Project":
            best[r.id] = reach[r.end] + 1
    expected = sorted((lvl, g.rels[rid].props["citations"][0]) for rid, lvl in best.items())
    rows = run(to_networkx(g), "funding-trace", funder=f"N{start}")
    assert sorted((r["level"], r["citations"][0]) for r in rows) == expected
