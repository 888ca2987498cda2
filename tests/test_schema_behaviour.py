"""The ontology's behaviour as data (kg/schema/relationships.yaml): a relationship type added to
the YAML alone is told by `kg show` and the atlas, drawn by the pictures in its place, colour and
line style, followed by shortest-connection and climbed by the governance chain queries (and listed
by board-picture) on both stores (networkx and a real Neo4j); and SUPPORTS points the same way
everywhere."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import kg.schema
from kg.model import Graph, NodeRec, RelRec, node_id, rel_id, slug
from kg.queries import _library, get_query, run_networkx
from kg.schema import load_schema
from kg.show import entity_info
from kg.store.memory import to_networkx
from kg.viz.atlas import build_atlas
from kg.viz.select import board, governance, select, view_types
from kg.viz.views import write_view

# A type no paper has: a body that advises another and answers to it for that advice.
NEW_TYPE = """
ADVISES:
  description: gives advice to a body
  from: [Board, Organisation]
  to: [Board]
  properties: {}
  key: []
  phrase: advises
  reverse: advised by
  upper: end
  section: governance
  view: governance
  colour: "#123456"
  line: dashed
  paths: true
  chain: true
CONVENES:
  description: a person convenes a board's meetings
  from: [Person]
  to: [Board]
  properties: {capacity: {enum: [convenor, deputy_convenor, attendee]}}
  key: [capacity]
  phrase: convenes
  reverse: convened by
  upper: end
  section: [memberships, members]
  view: governance
  colour: "#345678"
  line: thin
  paths: true
  lead: {capacity: [convenor, deputy_convenor]}
  lead_heading: Convenors
  label: {overview: "{lead}", default: "{lead}"}
POOLS:
  description: money put into a pooled budget
  from: [Organisation, Board]
  to: [Fund]
  properties: {amount: {type: number}, period: {type: string}, spent: {type: number}}
  key: [amount, period]
  phrase: pools money into
  reverse: pooled from
  upper: start
  section: [funding_out, funding_in]
  view: funding
  colour: "#654321"
  line: solid
  paths: true
  label: {overview: "{amount} from {period}", default: "{amount} ({period})\\n{balance}"}
SEEN_WITH:
  description: two entities named in one sentence (a lead to follow, not a line of governance)
  from: [Person, Board]
  to: [Person, Board]
  properties: {}
  key: []
  phrase: was named with
  reverse: was named with
  upper: start
  section: other
  view: none
  colour: "#777777"
  line: dashed
  paths: false
QUOTED_IN:
  description: a passage about the node quoted in a document
  from: ["*"]
  to: [Document]
  properties: {}
  key: []
  phrase: is quoted in
  reverse: quotes
  upper: end
  section: other
  view: none
  colour: "#999999"
  line: thin
  paths: false
  provenance: true
"""


def _clear_caches() -> None:
    load_schema.cache_clear()
    _library.cache_clear()


@pytest.fixture
def advises(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """kg with ADVISES appended to relationships.yaml, and nothing else changed."""
    real = kg.schema._read

    def read(name: str) -> dict[str, Any]:
        if name != "relationships.yaml":
            return real(name)
        import yaml

        text = resources.files("kg.schema").joinpath(name).read_text(encoding="utf-8") + NEW_TYPE
        data: dict[str, Any] = yaml.safe_load(text)
        return data

    monkeypatch.setattr(kg.schema, "_read", read)
    _clear_caches()
    yield
    monkeypatch.undo()
    _clear_caches()


def _node(g: Graph, label: str, name: str) -> str:
    nid = node_id(label, name)
    g.add_node(NodeRec(nid, label, {"id": nid, "name": name, "aliases": [], "sources": ["pack.txt"],
                                    "citations": ["pack.txt:1"], "evidence": [name]}))
    return nid


def _rel(g: Graph, rtype: str, start: str, end: str, line: int, **props: Any) -> str:
    rid = rel_id(rtype, start, end, [props.get("role")] if "role" in props else [])
    g.add_rel(RelRec(rid, rtype, start, end, {"id": rid, "sources": ["pack.txt"], "citations": [f"pack.txt:{line}"],
                                              "evidence": [f"line {line}"], **props}))
    return rid


def _advisory_graph() -> tuple[Graph, str]:
    """Ann sits on an advisory group that advises a board Bo sits on: the one way between them."""
    g = Graph()
    grp = _node(g, "Board", "Northvale Advisory Group")
    brd = _node(g, "Board", "Northvale Safety Board")
    ann = _node(g, "Person", "Ann Reyes")
    bo = _node(g, "Person", "Bo Lindqvist")
    _rel(g, "MEMBER_OF", ann, grp, 2, role="member")
    _rel(g, "MEMBER_OF", bo, brd, 3, role="chair")
    adv = _rel(g, "ADVISES", grp, brd, 4)
    return g, adv


def _view_data(page: Path) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page.read_text(encoding="utf-8"),
                  re.S)
    assert m
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def test_without_the_yaml_entry_kg_does_not_know_the_type() -> None:
    """The control: the same graph under the shipped schema has no path and no governance line."""
    g, _ = _advisory_graph()
    assert "ADVISES" not in load_schema().types
    assert run_networkx("shortest-connection", to_networkx(g),
                        {"source": "Ann Reyes", "target": "Bo Lindqvist"}) == []
    info = entity_info(g, "Northvale Advisory Group")
    assert [ln["text"] for ln in info["sections"]["other"]] == ["ADVISES Northvale Safety Board"]
    assert "ADVISES" not in view_types("governance")


def test_a_type_added_to_the_yaml_alone_is_shown_drawn_and_followed(advises: None, tmp_path: Path) -> None:
    g, adv = _advisory_graph()
    # kg show: the phrase on the start's page, the reverse phrase on the end's, sections from `upper`
    grp = entity_info(g, "Northvale Advisory Group")["sections"]
    assert [(ln["text"], ln["citations"]) for ln in grp["governance_up"]] == [
        ("advises Northvale Safety Board", ["pack.txt:4"])]
    brd = entity_info(g, "Northvale Safety Board")["sections"]
    assert [ln["text"] for ln in brd["governance_down"]] == ["advised by Northvale Advisory Group"]

    # the governance picture draws it, the upper end above, in its colour and line style, with a legend
    sel = governance(g, 50)
    assert adv in {r.id for r in sel.rels}
    grp_id, brd_id = node_id("Board", "Northvale Advisory Group"), node_id("Board", "Northvale Safety Board")
    assert sel.positions[brd_id][1] < sel.positions[grp_id][1]
    page = write_view(sel, g, tmp_path / "g.html").path
    edge = next(e for e in _view_data(page)["edges"] if e["v"]["id"] == adv)
    assert edge["v"]["color"]["color"] == "#123456" and edge["v"]["dashes"] == [6, 4]
    assert edge["i"]["t"] == "Northvale Advisory Group advises Northvale Safety Board"
    assert "advises (dashed)" in html.unescape(page.read_text(encoding="utf-8"))
    # the board's own picture puts the adviser below it
    bsel = board(g, "Northvale Safety Board", 50)
    assert bsel.positions[brd_id][1] < bsel.positions[grp_id][1]

    # the atlas: the fact in its phrase, on each page under the heading its direction gives
    index = build_atlas(g, tmp_path / "atlas")
    grp_page = (index.parent / "e" / f"{slug(grp_id)}.html").read_text(encoding="utf-8")
    brd_page = (index.parent / "e" / f"{slug(brd_id)}.html").read_text(encoding="utf-8")
    assert re.search(r"Lines up: who it answers to.*?advises.*?Northvale Safety Board", grp_page, re.S)
    assert re.search(r"Lines down: who answers to it.*?Northvale Advisory Group.*?advises", brd_page, re.S)

    # shortest-connection follows it on the embedded store, and its Cypher names it
    rows = run_networkx("shortest-connection", to_networkx(g), {"source": "Ann Reyes", "target": "Bo Lindqvist"})
    assert [(r["hops"], r["names"], r["relations"], r["directions"]) for r in rows] == [
        (3, ["Ann Reyes", "Northvale Advisory Group", "Northvale Safety Board", "Bo Lindqvist"],
         ["MEMBER_OF", "ADVISES", "MEMBER_OF"], ["forward", "forward", "backward"])]
    assert "|ADVISES" in get_query("shortest-connection").cypher
    assert "%PATH_TYPES%" not in get_query("shortest-connection").cypher.split("MATCH p")[1]

    # the governance chain climbs it (chain: true), both ways, and the board's picture lists it below
    nxg = to_networkx(g)
    up = run_networkx("governance-chain", nxg, {"body": "Northvale Advisory Group"})
    assert [(r["level"], r["lower"], r["relation"], r["upper"], r["via"], r["citations"]) for r in up] == [
        (1, "Northvale Advisory Group", "ADVISES", "Northvale Safety Board", "line", ["pack.txt:4"])]
    down = run_networkx("governance-below", nxg, {"body": "Northvale Safety Board"})
    assert [(r["upper"], r["relation"], r["lower"]) for r in down] == [
        ("Northvale Safety Board", "ADVISES", "Northvale Advisory Group")]
    picture = run_networkx("board-picture", nxg, {"board": "Northvale Safety Board"})
    assert ("below", "ADVISES", "Northvale Advisory Group") in [(r["part"], r["relation"], r["other"]) for r in picture]


@pytest.mark.neo4j
def test_neo4j_follows_a_type_added_to_the_yaml_alone(advises: None, neo4j_store: Any) -> None:
    g, _ = _advisory_graph()
    neo4j_store.commit({}, g, [])
    params = {"source": "Ann Reyes", "target": "Bo Lindqvist"}
    rows = neo4j_store.query("shortest-connection", params)
    assert rows == run_networkx("shortest-connection", to_networkx(g), params)
    assert rows and rows[0]["relations"] == ["MEMBER_OF", "ADVISES", "MEMBER_OF"]
    for name, p in [("governance-chain", {"body": "Northvale Advisory Group"}),
                    ("governance-below", {"body": "Northvale Safety Board"}),
                    ("board-picture", {"board": "Northvale Safety Board"})]:
        expected = run_networkx(name, to_networkx(g), p)
        assert "ADVISES" in [r["relation"] for r in expected], name
        assert neo4j_store.query(name, p) == expected, name


@pytest.mark.neo4j
def test_neo4j_does_not_follow_a_type_whose_paths_is_false(neo4j_store: Any) -> None:
    """MENTIONED_IN (``paths: false``) joins two people through a document on neither store."""
    g = Graph()
    a, b = _node(g, "Person", "Ann Reyes"), _node(g, "Person", "Bo Lindqvist")
    doc = _node(g, "Document", "pack.txt")
    _rel(g, "MENTIONED_IN", a, doc, 1)
    _rel(g, "MENTIONED_IN", b, doc, 2)
    neo4j_store.commit({}, g, [])
    params = {"source": "Ann Reyes", "target": "Bo Lindqvist"}
    assert neo4j_store.query("shortest-connection", params) == []
    assert run_networkx("shortest-connection", to_networkx(g), params) == []


def test_supports_points_one_way_in_show_the_pictures_and_the_atlas(tmp_path: Path) -> None:
    """The supporter is the actor, as for oversight: above in the pictures, a line down in `kg show`
    and the atlas (relationships.yaml: SUPPORTS upper: start)."""
    assert load_schema().types["SUPPORTS"].upper == "start"
    g = Graph()
    council = _node(g, "Organisation", "Southvale Borough Council")
    csp = _node(g, "Board", "Southvale Community Safety Partnership")
    _rel(g, "SUPPORTS", council, csp, 5)
    assert [ln["text"] for ln in entity_info(g, "Southvale Borough Council")["sections"]["governance_down"]] == [
        "supports Southvale Community Safety Partnership"]
    assert [ln["text"] for ln in entity_info(g, csp)["sections"]["governance_up"]] == [
        "supported by Southvale Borough Council"]
    for sel in (governance(g, 10), board(g, csp, 10)):
        assert sel.positions[council][1] < sel.positions[csp][1], sel.view
    index = build_atlas(g, tmp_path / "atlas")
    council_page = (index.parent / "e" / f"{slug(council)}.html").read_text(encoding="utf-8")
    csp_page = (index.parent / "e" / f"{slug(csp)}.html").read_text(encoding="utf-8")
    assert "Lines down: who answers to it" in council_page and "Lines up" not in council_page
    assert "Lines up: who it answers to" in csp_page and "Lines down" not in csp_page


@pytest.mark.parametrize("field, value, says", [
    ("upper", "above", "'upper' must be one of start, end"),
    ("section", "money", "'section' must be one of"),
    ("colour", "red", "'colour' must be #rrggbb"),
    ("paths", "yes", "'paths' must be true or false"),
    ("phrase", "", "needs 'phrase'"),
])
def test_a_bad_behaviour_field_is_one_line_naming_the_type(field: str, value: Any, says: str) -> None:
    entry = {"description": "d", "from": ["Board"], "to": ["Board"], "phrase": "p", "reverse": "r",
             field: value}
    with pytest.raises(ValueError) as exc:
        kg.schema._typedef("ADVISES", entry)
    assert str(exc.value).startswith("relationships.yaml: ADVISES: ") and says in str(exc.value)
    assert "\n" not in str(exc.value)


def _pooled_graph() -> tuple[Graph, dict[str, str]]:
    """A board with three conveners of three kinds and a member, and a council pooling money."""
    g = Graph()
    ids = {"board": _node(g, "Board", "Northvale Safety Board"), "fund": _node(g, "Fund", "Northvale Pooled Budget"),
           "council": _node(g, "Organisation", "Northvale Council")}
    for who, capacity, line in (("Zoe Young", "convenor", 5), ("Yann Xu", "deputy_convenor", 6),
                                ("Abe Ames", "attendee", 7)):
        ids[who] = _node(g, "Person", who)
        ids[f"{who} line"] = _rel(g, "CONVENES", ids[who], ids["board"], line, capacity=capacity)
    ids["pool"] = _rel(g, "POOLS", ids["council"], ids["fund"], 8, amount=12500, period="2025-26", spent=2000)
    return g, ids


def _labels(page: Path) -> dict[str, str]:
    return {e["v"]["id"]: e["v"].get("label", "") for e in _view_data(page)["edges"]}


def test_money_and_lead_labels_of_a_type_added_to_the_yaml_alone(advises: None, tmp_path: Path) -> None:
    """The pictures label a new money type's lines by its templates (amount and year in the
    funding picture; with what is left, derived, in an entity's), and a new type's lead lines by
    the lead value; the atlas lists the leads under the type's own heading, first; a cut board
    picture keeps its leads."""
    g, ids = _pooled_graph()
    funding_page = write_view(select(g, "funding", None, 1, 50), g, tmp_path / "f.html").path
    assert _labels(funding_page)[ids["pool"]] == "£12,500 from 2025-26"
    ego_page = write_view(select(g, "ego", "Northvale Council", 1, 50), g, tmp_path / "e.html").path
    assert _labels(ego_page)[ids["pool"]] == "£12,500 (2025-26)\nspent £2,000 · left £10,500 (derived)"

    # a money line: as wide as its amount (the widest of the picture), in the money font
    pool_edge = next(e["v"] for e in _view_data(funding_page)["edges"] if e["v"]["id"] == ids["pool"])
    assert pool_edge["width"] == 10.0 and pool_edge["font"]["color"] == "#7a1010"

    gov = _labels(write_view(select(g, "governance", None, 1, 50), g, tmp_path / "g.html").path)
    assert [gov[ids[f"{who} line"]] for who in ("Zoe Young", "Yann Xu", "Abe Ames")] == [
        "convenor", "deputy-convenor", ""]

    # the board's picture cut to three entities keeps the board and its two convenors (the
    # attendee's name sorts first: without the lead it would be kept)
    cut = board(g, "Northvale Safety Board", 3)
    assert {n.name for n in cut.nodes} == {"Northvale Safety Board", "Zoe Young", "Yann Xu"}

    index = build_atlas(g, tmp_path / "atlas")
    page = (index.parent / "e" / f"{slug(ids['board'])}.html").read_text(encoding="utf-8")
    headings = [h.strip() for h in re.findall(r"<h2[^>]*>([^<]+)", page)]
    assert headings.index("Convenors") < headings.index("Members"), headings
    leads = page[page.index("<h2>Convenors"):page.index("<h2>Members")]
    assert "Zoe Young" in leads and "Yann Xu" in leads and "Abe Ames" not in leads
    # the council's page has a money table with the pooled flow, and the index lists it as a funder
    council = (index.parent / "e" / f"{slug(ids['council'])}.html").read_text(encoding="utf-8")
    table = council[council.index("<h2>Money"):]
    assert "£12,500" in table and "2025-26" in table and "Northvale Pooled Budget" in table
    front = index.read_text(encoding="utf-8")
    assert re.search(r'id="list-funders".*?Northvale Council', front, re.S)


def test_without_the_yaml_entries_the_lines_are_unlabelled(tmp_path: Path) -> None:
    """The control: the same graph under the shipped schema: no money label, no lead heading."""
    g, ids = _pooled_graph()
    assert "POOLS" not in load_schema().types and "CONVENES" not in load_schema().types
    ego_page = write_view(select(g, "ego", "Northvale Council", 1, 50), g, tmp_path / "e.html").path
    assert _labels(ego_page)[ids["pool"]] == "pools"
    index = build_atlas(g, tmp_path / "atlas")
    page = (index.parent / "e" / f"{slug(ids['board'])}.html").read_text(encoding="utf-8")
    assert "Convenors" not in page
    council = (index.parent / "e" / f"{slug(ids['council'])}.html").read_text(encoding="utf-8")
    assert "<h2>Money" not in council


def test_kg_show_tells_whom_a_member_represents_from_the_yaml_template() -> None:
    """MEMBER_OF's ``show`` templates carry {representing} (was a line of code for one type)."""
    g = Graph()
    board_id = _node(g, "Board", "Northvale Safety Board")
    ann = _node(g, "Person", "Ann Reyes")
    _rel(g, "MEMBER_OF", ann, board_id, 2, role="vice_chair", representing="Northvale Council")
    person = entity_info(g, "Ann Reyes")["sections"]["memberships"]
    assert [ln["text"] for ln in person] == ["vice chair of Northvale Safety Board, representing Northvale Council"]
    members = entity_info(g, "Northvale Safety Board")["sections"]["members"]
    assert [ln["text"] for ln in members] == ["Ann Reyes: vice chair, representing Northvale Council"]


def test_a_type_added_to_the_yaml_alone_is_exported_and_stored_with_its_properties(advises: None,
                                                                                   tmp_path: Path) -> None:
    """`kg export` and the embedded store keep a new type's lines with their properties (and the
    resolution of papers' facts keeps them: the schema joins the labels)."""
    from kg.export import export_lines
    from kg.store import open_store

    g, ids = _pooled_graph()
    lines = [json.loads(x) for x in export_lines(g)]
    pooled = [x for x in lines if x.get("label") == "POOLS"]
    assert len(pooled) == 1 and pooled[0]["start"]["id"] == ids["council"] and pooled[0]["end"]["id"] == ids["fund"]
    assert pooled[0]["properties"]["amount"] == 12500
    assert sorted(x["properties"]["capacity"] for x in lines if x.get("label") == "CONVENES") == [
        "attendee", "convenor", "deputy_convenor"]
    st = open_store("networkx", tmp_path / "st")
    st.commit({}, g, [])
    again = open_store("networkx", tmp_path / "st").graph()
    assert again.rels[ids["pool"]].type == "POOLS" and again.rels[ids["pool"]].props["amount"] == 12500


def test_a_type_whose_paths_is_false_is_shown_but_never_followed(advises: None, tmp_path: Path) -> None:
    """SEEN_WITH (``paths: false``): `kg show` lists it, shortest-connection does not follow it, and an
    entity's picture does not reach through it."""
    g = Graph()
    ann, bo = _node(g, "Person", "Ann Reyes"), _node(g, "Person", "Bo Lindqvist")
    seen = _rel(g, "SEEN_WITH", ann, bo, 9)
    assert [ln["text"] for ln in entity_info(g, "Ann Reyes")["sections"]["other"]] == ["was named with Bo Lindqvist"]
    assert run_networkx("shortest-connection", to_networkx(g), {"source": "Ann Reyes", "target": "Bo Lindqvist"}) == []
    assert "SEEN_WITH" not in get_query("shortest-connection").cypher
    ego = select(g, "ego", "Ann Reyes", 2, 50)
    assert seen not in {r.id for r in ego.rels} and bo not in {n.id for n in ego.nodes}


def _quoted_graph() -> tuple[Graph, str, str]:
    """Ann on one board and quoted in two papers; Bo on two boards."""
    g = Graph()
    ann, bo = _node(g, "Person", "Ann Reyes"), _node(g, "Person", "Bo Lindqvist")
    for body in ("Northvale Safety Board", "Northvale Youth Board"):
        _rel(g, "MEMBER_OF", bo, _node(g, "Board", body), 3, role="member")
    _rel(g, "MEMBER_OF", ann, node_id("Board", "Northvale Safety Board"), 2, role="member")
    for paper in ("pack.txt", "notes.txt"):
        _rel(g, "QUOTED_IN", ann, _node(g, "Document", paper), 7)
    return g, ann, bo


def test_a_provenance_type_is_a_nodes_sources_not_a_fact(advises: None, tmp_path: Path) -> None:
    """QUOTED_IN (``provenance: true``) is left out, as MENTIONED_IN is, by `kg show`, the atlas's
    pages and the count of an entity's lines the screenshots pick the best connected by."""
    from kg.viz.shoot import best_connected

    g, ann, bo = _quoted_graph()
    info = entity_info(g, "Ann Reyes")["sections"]
    assert not [ln for lines in info.values() for ln in lines if "quoted" in ln["text"]]
    assert best_connected(g, "Person") == bo
    index = build_atlas(g, tmp_path / "atlas")
    assert "quoted in" not in (index.parent / "e" / f"{slug(ann)}.html").read_text(encoding="utf-8")


def test_without_the_yaml_entry_a_provenance_type_is_a_fact() -> None:
    """The control: unknown to the shipped schema, QUOTED_IN is an entity's line like any other."""
    from kg.viz.shoot import best_connected

    g, ann, _ = _quoted_graph()
    assert [ln["text"] for ln in entity_info(g, "Ann Reyes")["sections"]["other"]] == [
        "QUOTED_IN notes.txt", "QUOTED_IN pack.txt"]
    assert best_connected(g, "Person") == ann
