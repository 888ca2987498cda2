"""Two papers state the spend of the same allocations at different dates (made-up papers, read as
a user ingests them): each paper's spent and remaining stay with its own date, a FUNDS line never
mixes one paper's spend with another's balance, the latest statement is the line's (whatever the
order the papers are ingested in), and both stores give the same rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.ingest import ingest
from kg.queries import run_networkx
from kg.store import NetworkxStore
from kg.store.memory import to_networkx

OFFICE = "Office of the Westby Police and Crime Commissioner"
NORTHBY = "Northby Community Safety Partnership"
# the panel's pack: spend and balance as of 5 January 2026
PANEL = ("Westby Police and Crime Panel\n\nReport of the Office of the Westby Police and Crime Commissioner\n\n"
         "1. The allocations for each CSP area are outlined in the table below along with expenditure to "
         "date as of 05/01/2026.\n\n"
         "CSP Area\t2025-26 Allocations\t2025-26 Expenditure\t2025-26 Remaining CSP Balance\n"
         "Northby\t£20,000.00\t£12,500.00\t£7,500.00\n"
         "Southby\t£10,000.00\tNil\t£10,000.00\n")
# the board's pack: spend only, as of 12 June 2026
BOARD = ("Westby Safer Communities Board\n\nReport of the Office of the Westby Police and Crime Commissioner\n\n"
         "2. The allocations for each CSP area are outlined in the table below along with expenditure to "
         "date as of 12/06/2026.\n\n"
         "CSP Area\t2025-26 Allocations\t2025-26 Expenditure\n"
         "Northby\t£20,000.00\t£18,000.00\n"
         "Southby\t£10,000.00\t£2,000.00\n")


def _store(tmp_path: Path, order: list[str]) -> NetworkxStore:
    papers = {"a.txt": PANEL, "b.txt": BOARD}
    paths = []
    for name in order:
        p = tmp_path / name
        p.write_text(papers[name], encoding="utf-8")
        paths.append(p)
    store = NetworkxStore(tmp_path / "store")
    for p in paths:      # one paper at a time, as two ingests would
        ingest([p], store)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> NetworkxStore:
    return _store(tmp_path_factory.mktemp("statements"), ["a.txt", "b.txt"])


def test_each_paper_keeps_its_own_date(store: NetworkxStore) -> None:
    rows = store.query("funding-received", {"recipient": NORTHBY})
    assert [(r["amount"], r["spent"], r["remaining"], r["as_of"], r["citations"]) for r in rows] == [
        (20000.0, 12500.0, 7500.0, "2026-01-05", ["a.txt:8"]),
        (20000.0, 18000.0, None, "2026-06-12", ["b.txt:8"])]


def test_the_line_is_the_latest_statement_never_a_mix(store: NetworkxStore) -> None:
    summary = {r["recipient"]: r for r in store.query("allocation-summary", {"funder": OFFICE})}
    north = summary[NORTHBY]
    # 18,000 spent as of 12 June: the balance is kg's subtraction, not the January paper's 7,500
    assert (north["allocated"], north["spent"], north["remaining"], north["remaining_basis"], north["as_of"]) == (
        20000.0, 18000.0, 2000.0, "derived", ["2026-06-12"])
    assert summary["Southby Community Safety Partnership"]["spent"] == 2000.0


def test_the_order_of_ingest_does_not_matter(store: NetworkxStore, tmp_path: Path) -> None:
    other = _store(tmp_path, ["b.txt", "a.txt"])
    for name, params in [("funding-received", {"recipient": NORTHBY}), ("allocation-summary", {"funder": OFFICE})]:
        assert other.query(name, params) == store.query(name, params)


@pytest.mark.neo4j
def test_neo4j_gives_the_same_statements(store: NetworkxStore, neo4j_store: Any) -> None:
    graph = store.graph()
    neo4j_store.commit({}, graph, [])
    for name, params in [("funding-received", {"recipient": NORTHBY}), ("allocation-summary", {"funder": OFFICE})]:
        expected = run_networkx(name, to_networkx(graph), params)
        assert expected and neo4j_store.query(name, params) == expected, name
