"""The atlas without a browser: which pages it writes, that every link lands on a page,
that every fact carries its citation, money totals by period, and escaping."""

from __future__ import annotations

import json
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from kg.model import Graph, node_id
from kg.viz.atlas import build_atlas
from kg.viz.testing import HOSTILE_NAMES, hostile_graph, sample_graph


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.cites: list[str] = []
        self._cite = False
        self.index_json = ""
        self._json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        self._cite = tag == "cite"
        self._json = tag == "script" and a.get("id") == "kg-index"

    def handle_endtag(self, tag: str) -> None:
        self._cite = False
        self._json = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cite:
            self.cites.append(data)
        if self._json:
            self.index_json += data


def read(path: Path) -> Collect:
    c = Collect()
    c.feed(path.read_text(encoding="utf-8"))
    return c


@pytest.fixture(scope="module")
def atlas(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, Path]:
    g = sample_graph()
    out = tmp_path_factory.mktemp("atlas")
    index = build_atlas(g, out)
    assert index == out / "index.html"
    return g, out


def entity_page(out: Path, g: Graph, nid: str) -> Path:
    idx = json.loads(read(out / "index.html").index_json)
    url = next(e["u"] for e in idx if e["n"] == g.nodes[nid].name and e["l"] == g.nodes[nid].label)
    return out / url


def test_a_page_per_entity_and_an_index_entry_for_each(atlas: tuple[Graph, Path]) -> None:
    g, out = atlas
    entities = [n for n in g.nodes.values() if n.label != "Document"]
    pages = list((out / "e").glob("*.html"))
    assert len(pages) == len(entities)
    idx = json.loads(read(out / "index.html").index_json)
    assert sorted((e["n"], e["l"]) for e in idx) == sorted((n.name, n.label) for n in entities)
    for e in idx:
        assert (out / e["u"]).is_file()
        assert e["n"] in "".join(read(out / e["u"]).text)


def test_every_link_lands_on_a_file_in_the_atlas(atlas: tuple[Graph, Path]) -> None:
    _, out = atlas
    pages = [out / "index.html", *(out / "e").glob("*.html"), *(out / "views").glob("*.html")]
    checked = 0
    for page in pages:
        for tag, attrs in read(page).tags:
            target = attrs.get("href") or (attrs.get("src") if tag in ("iframe", "script") else None)
            if not target:
                continue
            url = urlparse(target)
            assert not url.scheme and not url.netloc, f"{page.name}: {target}"
            dest = (page.parent / unquote(url.path)).resolve()
            assert dest.is_file() and out.resolve() in dest.parents, f"{page.name}: {target}"
            checked += 1
    assert checked > len(pages)


def test_board_page_lists_chairs_members_lines_and_meetings_with_citations(atlas: tuple[Graph, Path]) -> None:
    g, out = atlas
    board = node_id("Board", "Northshire Safer Communities Board")
    page = entity_page(out, g, board)
    c = read(page)
    text = " ".join(" ".join(c.text).split())
    headings = [t.strip() for t in c.text if t.strip()]
    for h in ("Chair and vice-chair", "Members", "Lines up: who it answers to", "Lines down: who answers to it",
              "Meetings"):
        assert h in headings, h
    for r in g.rels.values():
        if board not in (r.start, r.end) or r.type == "MENTIONED_IN":
            continue
        other = g.nodes[r.end if r.start == board else r.start]
        assert other.name in text
        for quote, cite in zip(r.props["evidence"], r.props["citations"], strict=True):
            assert " ".join(quote.split()) in text and cite in c.cites
    frames = [str(a["src"]) for t, a in c.tags if t == "iframe"]
    assert frames and (page.parent / frames[0]).is_file()


def test_fund_page_totals_money_by_period(atlas: tuple[Graph, Path]) -> None:
    g, out = atlas
    fund = node_id("Fund", "Community Safety Fund")
    text = " ".join(" ".join(read(entity_page(out, g, fund)).text).split())
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for r in g.rels.values():
        if r.type == "FUNDS" and fund in (r.start, r.end):
            totals[("paid out" if r.start == fund else "received", r.props["period"])] += r.props["amount"]
    assert totals
    for (way, period), amount in totals.items():
        assert f"{period} {way} £{amount:,.0f}" in text


def test_person_page_shows_roles_and_boards(atlas: tuple[Graph, Path]) -> None:
    g, out = atlas
    person = node_id("Person", "Sam Rivers")
    c = read(entity_page(out, g, person))
    text = " ".join(" ".join(c.text).split())
    headings = [t.strip() for t in c.text]
    assert "Roles" in headings and "Boards and bodies" in headings
    for r in g.rels.values():
        if r.start == person and r.type == "HOLDS_ROLE":
            assert r.props["title"] in text
        if r.start == person and r.type == "MEMBER_OF":
            assert g.nodes[r.end].name in text


def test_hostile_atlas_keeps_names_as_text(tmp_path: Path) -> None:
    build_atlas(hostile_graph(), tmp_path)
    for page in [tmp_path / "index.html", *(tmp_path / "e").glob("*.html")]:
        c = read(page)
        for tag, attrs in c.tags:
            if tag == "iframe":
                assert str(attrs["src"]).startswith("../views/")
            assert tag not in ("img", "svg", "object", "embed")
            assert not any(k.startswith("on") for k in attrs), (page.name, attrs)
            if tag == "script":
                assert attrs.get("src") == "assets/atlas.js" or attrs.get("id") == "kg-index"
    text = " ".join((tmp_path / "index.html").read_text().split())
    assert "<script>window" not in text
    names = {e["n"] for e in json.loads(read(tmp_path / "index.html").index_json)}
    assert HOSTILE_NAMES[0] in names


def test_atlas_of_an_empty_graph(tmp_path: Path) -> None:
    index = build_atlas(Graph(), tmp_path / "new" / "atlas")
    assert index.is_file() and "0 entities" in index.read_text()


def test_rebuilding_removes_pages_of_entities_that_left_but_not_other_files(tmp_path: Path) -> None:
    g = sample_graph()
    build_atlas(g, tmp_path)
    gone = node_id("Person", "Jamie Chen")
    page = entity_page(tmp_path, g, gone)
    assert page.is_file()
    mine = tmp_path / "e" / "notes.html"
    mine.write_text("<p>my own notes</p>")
    del g.nodes[gone]
    for rid in [r.id for r in g.rels.values() if gone in (r.start, r.end)]:
        del g.rels[rid]
    build_atlas(g, tmp_path)
    assert not page.exists() and not (tmp_path / "views" / page.name).exists()
    assert mine.is_file()
    assert len(list((tmp_path / "e").glob("*.html"))) == sum(1 for n in g.nodes.values()
                                                             if n.label != "Document") + 1
