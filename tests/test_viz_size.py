"""Pictures and the atlas are sized by their entities, not by how many papers state their facts:
the same paper restated by 5 and by 320 documents gives the same entities, and every view of them
is the same size within 10 % (the first quotes carried, the rest counted); the atlas's pages stay
within 10 % too, and say how many more citations there are."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kg.ingest import ingest
from kg.model import Graph
from kg.store import open_store
from kg.viz.atlas import build_atlas
from kg.viz.views import render_view

# One fictional partnership paper: minutes with members, governance lines and a funding line. Each
# copy differs only in its number, so each is a document of its own that restates the same facts.
PAPER = """WESTMERE COMMUNITY SAFETY PARTNERSHIP

Partnership update, paper {n}

Minutes of a meeting of the Westmere Community Safety Partnership held at the Civic Centre, Westmere \
on Tuesday, 3 March 2026.

### PRESENT

Cllr. Ann Reyes (in the Chair)
Bo Lindqvist\tWestmere Borough Council
Insp Carl Moss\tWestmere Constabulary

#### 1. Governance

The Westmere Community Safety Partnership reports to the Westmere Safer Communities Board.

The Westmere Police and Crime Panel scrutinises the Office of the Police and Crime Commissioner for Westmere.

#### 2. Funding

The Office of the Police and Crime Commissioner for Westmere has allocated £40,000 to the \
Westmere Community Safety Partnership for 2025-26.
"""
VIEWS = [("governance", None), ("funding", None), ("ego", "Westmere Community Safety Partnership"),
         ("board", "Westmere Community Safety Partnership")]


def graph_of(tmp: Path, copies: int) -> Graph:
    """The graph of ``copies`` numbered papers restating the same facts (also read by the bench)."""
    papers = tmp / f"papers-{copies}"
    papers.mkdir()
    for n in range(1, copies + 1):
        (papers / f"update_{n:03d}.txt").write_text(PAPER.format(n=n), encoding="utf-8")
    store = open_store("networkx", tmp / f"store-{copies}")
    try:
        report = ingest([papers], store)
        assert not report.failures and len(report.added) == copies
        return store.graph()
    finally:
        store.close()


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, Graph]:
    tmp = tmp_path_factory.mktemp("restated")
    return graph_of(tmp, 5), graph_of(tmp, 320)


def _entities(g: Graph) -> set[tuple[str, str]]:
    return {(n.label, n.name) for n in g.nodes.values() if n.label != "Document"}


def _data(page: Path) -> str:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page.read_text(encoding="utf-8"),
                  re.S)
    assert m
    return m.group(1)


def test_the_copies_state_the_same_entities_and_facts(graphs: tuple[Graph, Graph]) -> None:
    few, many = graphs
    assert _entities(few) == _entities(many)
    assert ("Board", "Westmere Community Safety Partnership") in _entities(few)
    facts = {r.type for r in few.rels.values()}
    assert {"MEMBER_OF", "REPORTS_TO", "SCRUTINISES", "FUNDS"} <= facts
    # every fact of the 320 is stated 320 times: the growth a picture must not follow
    funds = next(r for r in many.rels.values() if r.type == "FUNDS")
    assert len(funds.props["citations"]) == 320 and len(set(funds.props["sources"])) == 320


@pytest.mark.parametrize("view, focus", VIEWS)
def test_a_view_is_the_same_size_from_5_or_320_papers(graphs: tuple[Graph, Graph], tmp_path: Path, view: str,
                                                      focus: str | None) -> None:
    few, many = graphs
    res_few = render_view(few, view, tmp_path / "few.html", focus=focus, depth=1)
    res_many = render_view(many, view, tmp_path / "many.html", focus=focus, depth=1)
    assert res_few.nodes == res_many.nodes >= 2 and res_few.edges == res_many.edges >= 1
    small, big = (tmp_path / "few.html").stat().st_size, (tmp_path / "many.html").stat().st_size
    assert big <= 1.10 * small, (view, small, big)
    # the picture's own data, without the bundled drawing library, holds to the same bound
    d_few, d_many = _data(tmp_path / "few.html"), _data(tmp_path / "many.html")
    assert len(d_many) <= 1.10 * len(d_few), (view, len(d_few), len(d_many))
    # and it says what it left out: the count of the other quotes and of the documents
    infos = [e["i"] for e in json.loads(d_many)["edges"]]
    funds = [i for i in infos if i["k"] == "FUNDS"]
    if view in ("funding", "ego", "board"):
        assert funds and funds[0]["e"][0][0].startswith("The Office of the Police and Crime Commissioner")
        assert funds[0]["m"] == 319 and funds[0]["n"] == 320 and len(funds[0]["s"]) == 3


def test_the_atlas_is_sized_by_entities_and_counts_the_rest(graphs: tuple[Graph, Graph], tmp_path: Path) -> None:
    few, many = graphs
    sizes: dict[str, dict[str, int]] = {}
    for name, g in (("few", few), ("many", many)):
        index = build_atlas(g, tmp_path / name)
        sizes[name] = {str(p.relative_to(index.parent)): p.stat().st_size
                       for sub in ("e", "views") for p in (index.parent / sub).glob("*.html")}
    assert sizes["few"].keys() == sizes["many"].keys() and len(sizes["few"]) > 5
    total: dict[str, Any] = {k: sum(v.values()) for k, v in sizes.items()}
    assert total["many"] <= 1.10 * total["few"], total
    for page in sizes["few"]:
        if page.startswith("views/"):
            assert sizes["many"][page] <= 1.10 * sizes["few"][page], page
    csp = (tmp_path / "many" / "e" / "board-westmere-community-safety-partnership.html").read_text(encoding="utf-8")
    assert "and 319 more citations" in csp and "kg show --evidence" in csp
    assert "and 308 more" in csp       # documents: twelve listed, the rest on the index
