"""The Pyvis views without a browser: what each view selects, the page it writes (offline,
escaped, with a CSP), the cut past max_nodes, and the `kg viz` command."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.model import Graph, NodeRec, RelRec, node_id
from kg.viz import ViewError, render_view
from kg.viz.layout import layered, levels_of, radial
from kg.viz.select import GOVERNANCE_LABELS, find_entity, view_types
from kg.viz.testing import HOSTILE_NAMES, hostile_graph, replicate, sample_graph


class PageParser(HTMLParser):
    """Collects every tag, attribute and script of a page, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script, self._buf = dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._buf)))
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._buf.append(data)


def parse(path: Path) -> PageParser:
    p = PageParser()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def page_data(path: Path) -> dict[str, Any]:
    """The JSON the page's script draws from, read back as the browser would."""
    for attrs, text in parse(path).scripts:
        if attrs.get("id") == "kg-data":
            return json.loads(text)
    raise AssertionError(f"{path}: no kg-data block")


def node_ids(path: Path) -> set[str]:
    return {n["v"]["id"] for n in page_data(path)["nodes"]}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return sample_graph()


# ---- what each view selects -----------------------------------------------------------------

def test_governance_view_holds_every_governance_line_and_nothing_else(graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "gov.html"
    res = render_view(graph, "governance", out)
    expected_rels = {r.id for r in graph.rels.values() if r.type in view_types("governance")
                     and graph.nodes[r.start].label in GOVERNANCE_LABELS
                     and graph.nodes[r.end].label in GOVERNANCE_LABELS}
    expected_nodes = {n for r in expected_rels for n in (graph.rels[r].start, graph.rels[r].end)}
    data = page_data(out)
    assert {e["v"]["id"] for e in data["edges"]} == expected_rels
    assert node_ids(out) == expected_nodes
    assert (res.nodes, res.edges, res.truncated) == (len(expected_nodes), len(expected_rels), False)
    assert not any(graph.nodes[n].label == "Document" for n in node_ids(out))


def test_governance_layout_puts_panels_over_boards_over_their_sub_groups(graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "gov.html"
    render_view(graph, "governance", out)
    y = {n["v"]["id"]: n["v"]["y"] for n in page_data(out)["nodes"]}
    board = node_id("Board", "Northshire Safer Communities Board")
    for r in graph.rels.values():
        if r.type == "REPORTS_TO" and r.end == board:
            assert y[r.start] > y[board], graph.nodes[r.start].name
        if r.type == "SCRUTINISES":
            assert y[r.start] < y[r.end]
        if r.type == "MEMBER_OF" and r.end == board and graph.nodes[r.start].label == "Person":
            assert y[r.start] > y[board]


def test_funding_view_flows_left_to_right_with_amounts_periods_and_spend(graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "fund.html"
    render_view(graph, "funding", out)
    data = page_data(out)
    flows = {r.id: r for r in graph.rels.values() if r.type in view_types("funding")}
    assert {e["v"]["id"] for e in data["edges"]} == set(flows)
    x = {n["v"]["id"]: n["v"]["x"] for n in data["nodes"]}
    widths = {}
    for e in data["edges"]:
        r = flows[e["v"]["id"]]
        if r.type == "FUNDS":
            assert x[r.start] < x[r.end]  # money moves right
            amount = f"£{r.props['amount']:,}"
            assert amount in e["v"]["label"] and r.props["period"] in e["v"]["label"]
            if "spent" in r.props:   # on the line only its amount and year; the rest on hover
                assert "spent" not in e["v"]["label"]
                assert f"spent: £{r.props['spent']:,}" in e["i"]["l"]
                assert f"remaining: £{r.props['remaining']:,}" in e["i"]["l"]
            widths[r.props["amount"]] = e["v"]["width"]
        if r.type == "DELIVERS":
            assert x[r.start] > x[r.end]  # the deliverer sits after the project it delivers
    ordered = [widths[a] for a in sorted(widths)]
    assert ordered == sorted(ordered) and ordered[0] < ordered[-1]


def test_ego_view_reaches_exactly_depth_hops_not_through_documents(graph: Graph, tmp_path: Path) -> None:
    centre = node_id("Organisation", "Office of the Police and Crime Commissioner for Northshire")
    neighbours = {r.end if r.start == centre else r.start for r in graph.rels.values()
                  if centre in (r.start, r.end) and r.type != "MENTIONED_IN"}
    render_view(graph, "ego", tmp_path / "e1.html", focus="opcc", depth=1)  # alias, any case
    assert node_ids(tmp_path / "e1.html") == neighbours | {centre}
    render_view(graph, "ego", tmp_path / "e0.html", focus=centre, depth=0)  # by id
    assert node_ids(tmp_path / "e0.html") == {centre}
    res = render_view(graph, "ego", tmp_path / "e2.html", focus="OFFICE OF THE POLICE AND CRIME "
                      "COMMISSIONER FOR NORTHSHIRE", depth=2)
    two = node_ids(tmp_path / "e2.html")
    assert neighbours < two and res.focus == centre
    assert page_data(tmp_path / "e2.html")["focus"] == centre


def test_board_view_shows_members_chairs_meetings_and_lines_up_and_down(graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "board.html"
    render_view(graph, "board", out, focus="nscb")
    board = node_id("Board", "Northshire Safer Communities Board")
    data = page_data(out)
    ids = node_ids(out)
    edges = {e["v"]["id"]: e["v"] for e in data["edges"]}
    for r in graph.rels.values():
        if r.type in ("MEMBER_OF", "MEETING_OF", "REPORTS_TO", "OVERSEES", "SUPPORTS") and board in (r.start, r.end):
            assert r.id in edges and {r.start, r.end} <= ids
        if r.type == "MEMBER_OF" and r.end == board and r.props.get("role") in ("chair", "vice_chair"):
            assert edges[r.id]["label"] == r.props["role"].replace("_", "-")
        if r.type == "MEMBER_OF" and r.end == board and r.props.get("status") == "deleted":
            assert edges[r.id].get("dashes") is True
    meetings = [n for n in data["nodes"] if graph.nodes[n["v"]["id"]].label == "Meeting"]
    # each meeting says its board and its date
    assert meetings and all(n["v"]["label"].endswith("\n" + graph.nodes[n["v"]["id"]].props["date"])
                            and len(n["v"]["label"]) > 11 for n in meetings)
    y = {n["v"]["id"]: n["v"]["y"] for n in data["nodes"]}
    subs = [r.start for r in graph.rels.values() if r.type == "REPORTS_TO" and r.end == board]
    assert all(y[s] > y[board] for s in subs)


def test_bad_view_or_focus_is_a_view_error(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(ViewError, match="unknown view"):
        render_view(graph, "sankey", tmp_path / "x.html")
    with pytest.raises(ViewError, match="no entity"):
        render_view(graph, "ego", tmp_path / "x.html", focus="Nobody At All")
    with pytest.raises(ViewError, match="needs a focus"):
        render_view(graph, "board", tmp_path / "x.html")
    with pytest.raises(ViewError, match=r"is a Person \(person:alex-morgan\), not a board"):
        render_view(graph, "board", tmp_path / "x.html", focus="Alex Morgan")  # a person, not a board
    with pytest.raises(ViewError, match=r"no entity named 'northshire' in the graph \(did you mean: "):
        find_entity(graph, "northshire")  # several names contain it: ask, do not guess
    assert not (tmp_path / "x.html").exists()


# ---- the cut past max_nodes -----------------------------------------------------------------

def test_past_max_nodes_the_view_is_cut_and_says_so(graph: Graph, tmp_path: Path) -> None:
    big = replicate(graph, 12)
    out = tmp_path / "big.html"
    res = render_view(big, "governance", out, max_nodes=40)
    assert res.truncated and res.nodes <= 40 < res.total_nodes
    ids = node_ids(out)
    assert len(ids) == res.nodes
    kept_edges = {e["v"]["id"] for e in page_data(out)["edges"]}
    assert all(big.rels[e].start in ids and big.rels[e].end in ids for e in kept_edges)
    banner = [a for t, a in parse(out).tags if a.get("id") == "kg-banner"]
    assert banner and f"Showing {res.nodes}" in out.read_text() and f"of {res.total_nodes}" in res.message
    # The ego cut keeps the focus and its nearest first.
    hub = node_id("Board", "Northshire Safer Communities Board")
    res = render_view(big, "ego", tmp_path / "ego.html", focus=hub, depth=3, max_nodes=25)
    kept = node_ids(tmp_path / "ego.html")
    direct = {r.end if r.start == hub else r.start for r in big.rels.values()
              if hub in (r.start, r.end) and r.type != "MENTIONED_IN"}
    assert res.truncated and hub in kept and len(kept) == 25
    assert direct <= kept or len(direct) >= 24


def test_small_graph_is_not_cut(graph: Graph, tmp_path: Path) -> None:
    res = render_view(graph, "governance", tmp_path / "g.html")
    assert not res.truncated and res.message == ""
    assert 'id="kg-banner"' not in (tmp_path / "g.html").read_text()


# ---- the page: offline, escaped, CSP --------------------------------------------------------

@pytest.mark.parametrize("view,focus", [("governance", None), ("funding", None), ("ego", "CSF"),
                                        ("board", "Eastvale CSP")])
def test_page_is_self_contained(graph: Graph, tmp_path: Path, view: str, focus: str | None) -> None:
    out = tmp_path / f"{view}.html"
    render_view(graph, view, out, focus=focus)
    p = parse(out)
    for tag, attrs in p.tags:
        for name in ("src", "href"):
            assert not (attrs.get(name) or "").startswith(("http:", "https:", "//")), (tag, attrs)
        assert tag not in ("link", "iframe", "img"), tag  # everything is inline
    assert all("src" not in attrs for attrs, _ in p.scripts)
    text = out.read_text()
    assert "cdnjs" not in text and "jsdelivr" not in text and "bootstrap" not in text
    assert "vis.Network" in text  # vis-network itself is in the page


def test_csp_allows_exactly_the_inline_scripts(graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    render_view(graph, "governance", out)
    p = parse(out)
    csp = next(a["content"] for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp and "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    runnable = [s for a, s in p.scripts if a.get("type") != "application/json"]
    assert len(runnable) == 2
    for s in runnable:
        digest = base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


@pytest.mark.parametrize("view,focus", [("governance", None), ("funding", None),
                                        ("ego", HOSTILE_NAMES[0]), ("board", HOSTILE_NAMES[0])])
def test_hostile_names_and_quotes_stay_text(tmp_path: Path, view: str, focus: str | None) -> None:
    g = hostile_graph()
    out = tmp_path / f"{view}.html"
    render_view(g, view, out, focus=focus, depth=1)
    p = parse(out)
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "div", "a", "h1", "p", "form",
               "label", "input", "ul", "li", "main", "aside", "section", "h2", "span", "script"}
    assert {t for t, _ in p.tags} <= allowed
    for _, attrs in p.tags:
        assert not any(k.startswith("on") for k in attrs), attrs
    assert len(p.scripts) == 3  # the data block and the two scripts kg wrote, nothing injected
    data = page_data(out)  # and the names come back intact, as text
    names = {n["i"]["t"] for n in data["nodes"]}
    if view != "funding":
        assert HOSTILE_NAMES[0] in names
    text = out.read_text()
    for bad in ("<img src=x", "<svg onload", "<script>window.__kgPwned", "<iframe src=javascript"):
        assert bad not in text


def test_write_errors_and_empty_views(tmp_path: Path) -> None:
    empty = Graph()
    for view in ("governance", "funding"):
        render_view(empty, view, tmp_path / f"{view}.html")
    res = render_view(empty, "funding", tmp_path / "f.html")
    assert res.nodes == 0 and "No money flows" in (tmp_path / "f.html").read_text()
    res = render_view(sample_graph(), "funding", tmp_path / "deep" / "er" / "f.html")
    assert res.path.exists()


# ---- layout ---------------------------------------------------------------------------------

def test_levels_follow_the_stronger_line_when_lines_contradict() -> None:
    lv = levels_of(["panel", "board", "group", "person"],
                   [("panel", "board"), ("board", "group"), ("group", "panel"), ("group", "person")])
    assert lv["panel"] < lv["board"] < lv["group"] < lv["person"]


def test_wide_levels_wrap_and_radial_rings_grow_with_hops() -> None:
    kids = [f"p{i}" for i in range(60)]
    pos = layered(["top", *kids], [("top", k) for k in kids])
    xs = {pos[k][0] for k in kids}
    ys = {pos[k][1] for k in kids}
    assert len(ys) > 1 and len(xs) < 60  # wrapped into several rows
    ring = radial({"c": 0, "a": 1, "b": 2}, {"a": "c", "b": "a"})
    dist = {k: (x * x + y * y) ** 0.5 for k, (x, y) in ring.items()}
    assert dist["c"] == 0 < dist["a"] < dist["b"]


# ---- CLI ------------------------------------------------------------------------------------

@pytest.fixture
def store_dir(tmp_path: Path, graph: Graph) -> Path:
    from kg.store import open_store

    d = tmp_path / "store"
    st = open_store("networkx", d)
    st.commit({}, graph)
    st.close()
    return d


def _app() -> typer.Typer:
    from kg.cli_viz import register

    app = typer.Typer()
    register(app)
    return app


def test_cli_viz_and_atlas_write_files(store_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "ego.html"
    r = runner.invoke(_app(), ["viz", "ego", "--focus", "Sam Rivers", "--depth", "1", "-o", str(out),
                               "--store", str(store_dir)])
    assert r.exit_code == 0, r.output
    assert node_id("Person", "Sam Rivers") in node_ids(out)
    r = runner.invoke(_app(), ["atlas", str(tmp_path / "atlas"), "--store", str(store_dir)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "atlas" / "index.html").is_file()


def test_cli_store_from_environment(store_dir: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(_app(), ["viz", "governance", "-o", str(tmp_path / "g.html")],
                           env={"KG_STORE": str(store_dir)})
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("args,message", [
    (["viz", "sankey", "-o", "OUT"], "unknown view 'sankey'"),
    (["viz", "ego", "--focus", "Nobody Here", "-o", "OUT"], "no entity named 'Nobody Here'"),
    (["viz", "board", "-o", "OUT"], "needs a focus"),
    (["viz", "governance", "-o", "OUT", "--max-nodes", "0"], "--max-nodes"),
])
def test_cli_user_mistakes_are_one_line_and_exit_2(store_dir: Path, tmp_path: Path, args: list[str],
                                                    message: str) -> None:
    args = [a.replace("OUT", str(tmp_path / "x.html")) for a in args] + ["--store", str(store_dir)]
    r = CliRunner().invoke(_app(), args)
    assert r.exit_code == 2
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in r.output
    assert not (tmp_path / "x.html").exists()


def test_cli_missing_store_is_one_line(tmp_path: Path) -> None:
    r = CliRunner().invoke(_app(), ["viz", "governance", "-o", str(tmp_path / "g.html"),
                                    "--store", str(tmp_path / "nowhere")])
    assert r.exit_code == 2 and "nowhere" in r.output and len(r.output.strip().splitlines()) == 1


def test_pages_quote_their_sources(graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    render_view(graph, "governance", out)
    data = page_data(out)
    for e in data["edges"]:
        r = graph.rels[e["v"]["id"]]
        assert e["i"]["e"] == [[q, c] for q, c in zip(r.props["evidence"], r.props["citations"], strict=True)][:3]
    assert re.search(r"northshire_board_pack\.txt:\d+", out.read_text())


# ---- the real CLI on the sample corpus ------------------------------------------------------



def test_kg_cli_draws_the_sample_corpus(corpus_store_dir: Path, tmp_path: Path) -> None:
    """`kg viz` and `kg atlas` on the sample corpus as `kg ingest` stored it (the session's store)."""
    from kg.cli import app
    from kg.store import open_store

    runner = CliRunner()
    store = corpus_store_dir
    st = open_store("networkx", store)
    g = st.graph()
    st.close()
    deg: dict[str, int] = {}
    for rel in g.rels.values():
        if rel.type != "MENTIONED_IN":
            deg[rel.start] = deg.get(rel.start, 0) + 1
            deg[rel.end] = deg.get(rel.end, 0) + 1
    busiest = max((n for n in g.nodes.values() if n.label != "Document"), key=lambda n: deg.get(n.id, 0))
    boards = [n for n in g.nodes.values() if n.label == "Board"]
    assert boards, "the sample corpus should yield boards"
    board = max(boards, key=lambda n: deg.get(n.id, 0))
    for args in (["governance"], ["funding"], ["ego", "--focus", busiest.name.upper(), "--depth", "1"],
                 ["board", "--focus", board.name]):
        out = tmp_path / f"{args[0]}.html"
        r = runner.invoke(app, ["viz", *args, "-o", str(out), "--store", str(store)])
        assert r.exit_code == 0, r.output
        ids = node_ids(out)
        assert ids <= set(g.nodes)
        if args[0] in ("ego", "board"):
            assert (busiest.id if args[0] == "ego" else board.id) in ids
    r = runner.invoke(app, ["atlas", str(tmp_path / "atlas"), "--store", str(store)])
    assert r.exit_code == 0, r.output
    pages = list((tmp_path / "atlas" / "e").glob("*.html"))
    assert len(pages) == sum(1 for n in g.nodes.values() if n.label != "Document")


# ---- any text at all stays text --------------------------------------------------------------

_TOKENS = list("<>&\"'/=` \n\u2028\u2029!-") + ["script", "img", "on", "error", "svg", "x", "<!--", "]]>"]
_NASTY = st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=25).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_NASTY, quote=_NASTY, title=_NASTY)
def test_any_name_or_quote_round_trips_as_text(tmp_path: Path, name: str, quote: str, title: str) -> None:
    g = Graph()
    b = NodeRec("board:b", "Board", {"name": name, "aliases": [title], "evidence": [quote], "citations": ["d:1"]})
    p = NodeRec("person:p", "Person", {"name": title, "evidence": [quote], "citations": ["d:2"]})
    g.add_node(b)
    g.add_node(p)
    g.add_rel(RelRec("r", "MEMBER_OF", "person:p", "board:b", {"role": "chair", "title": title,
                                                             "evidence": [quote], "citations": ["d:3"]}))
    out = tmp_path / "v.html"
    render_view(g, "board", out, focus="board:b")
    parsed = parse(out)
    assert {t for t, _ in parsed.tags} <= {"html", "head", "meta", "title", "style", "body", "header", "div",
                                           "a", "h1", "p", "form", "label", "input", "ul", "li", "main",
                                           "aside", "section", "h2", "span", "script"}
    assert len(parsed.scripts) == 3
    data = page_data(out)
    assert {n["i"]["t"] for n in data["nodes"]} == {name, title}
    assert data["edges"][0]["i"]["e"] == [[quote, "d:3"]]


def test_dangling_relationships_are_skipped(tmp_path: Path) -> None:
    g = sample_graph()
    g.add_rel(RelRec("dangling", "REPORTS_TO", node_id("Board", "ASB Strategy Group"), "board:not-here", {}))
    res = render_view(g, "governance", tmp_path / "g.html")
    assert "board:not-here" not in node_ids(tmp_path / "g.html") and res.edges > 0
    from kg.viz.atlas import build_atlas

    assert build_atlas(g, tmp_path / "atlas").is_file()


def test_scrutiny_and_accountability_lines_stand_apart(graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "gov.html"
    render_view(graph, "governance", out)
    data = page_data(out)
    heavy = {r.id for r in graph.rels.values() if r.type in ("SCRUTINISES", "HOLDS_TO_ACCOUNT")}
    assert heavy
    for e in data["edges"]:
        arrow = e["v"].get("arrows", {}).get("to", {}).get("type") if isinstance(e["v"].get("arrows"), dict) else None
        if e["v"]["id"] in heavy:
            assert e["v"]["width"] == 3.0 and arrow == "diamond"
        else:
            assert arrow != "diamond"
    assert "scrutinises (heavy, ◆)" in out.read_text(encoding="utf-8")
