"""Amounts are finite, non-negative, sensible decimals (kg/schema/amounts.yaml), whatever a paper
or a store holds: export is standard JSON, and the pictures, the atlas and allocation-summary work.

The paper is made up: a funding table whose cells hold a 400-digit figure, two 308-digit figures
(each a finite float, but their sum is infinite) and one ordinary amount.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from kg.export import export_lines
from kg.model import Cite, Fact, Graph, NodeRec, Ref, RelRec, amount_value
from kg.store import open_store

KG = str(Path(sys.executable).parent / "kg")
HUGE, BIG = "9" * 400, "9" * 308
PAPER = ("Eastvale Community Safety Partnership\nMinutes of the meeting held on 3 March 2026\n\n"
         "Community Safety Fund allocations 2025-26\n\nOrganisation\tAmount (£)\tPeriod\n"
         f"Westby Council\t{BIG}\t2025-26\nEastvale Youth Service\t{BIG}\t2025-26\n"
         f"Northby Council\t{HUGE}\t2025-26\nSouthby Trust\t12,500\t2025-26\n")


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG, *args], capture_output=True, text=True, timeout=600)


def _strict(line: str) -> dict:
    def refuse(name: str) -> None:
        raise ValueError(f"non-standard JSON constant {name}")
    return json.loads(line, parse_constant=refuse)


def _works(store: Path, tmp: Path) -> list[dict]:
    """Every reader of amounts on ``store``: exit 0, no traceback; the export lines, parsed strictly."""
    out = kg("export", "-o", "-", "--store", str(store))
    assert out.returncode == 0, out.stderr
    lines = [_strict(line) for line in out.stdout.splitlines()]
    for args in (["query", "allocation-summary", "--param", "funder=Community Safety Fund"],
                 ["query", "funding-received", "--param", "recipient=Southby Trust"],
                 ["viz", "funding", "-o", str(tmp / "funding.html")],
                 ["atlas", str(tmp / "atlas")],
                 ["show", "Community Safety Fund"]):
        res = kg(*args, "--store", str(store))
        assert res.returncode == 0 and "Traceback" not in res.stderr, (args, res.stderr)
    return lines


def test_paper_with_absurd_figures(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "allocations.txt").write_text(PAPER, encoding="utf-8")
    res = kg("ingest", str(tmp_path / "in"), "--store", str(tmp_path / "st"), "-q")
    assert res.returncode == 0, res.stderr
    lines = _works(tmp_path / "st", tmp_path)
    funds = {r["end"]["id"]: r["properties"] for r in lines if r.get("label") == "FUNDS"}
    assert funds["org:southby-trust"]["amount"] == 12500.0
    # the flows with absurd figures keep their quote and citation, but no amount
    for org in ("org:westby-council", "org:eastvale-youth-service"):
        if org in funds:
            assert "amount" not in funds[org] and funds[org]["citations"]
    summary = kg("query", "allocation-summary", "--param", "funder=Community Safety Fund", "--json",
                 "--store", str(tmp_path / "st"))
    rows = json.loads(summary.stdout)
    assert rows and all(math.isfinite(r["allocated"]) for r in rows if r.get("allocated") is not None)
    assert 12500.0 in [r.get("allocated") for r in rows]


def test_store_holding_non_finite_and_negative_amounts(tmp_path: Path) -> None:
    """A store written by an older kg (or edited): Infinity, NaN and a negative amount on disk."""
    g = Graph()
    ids = {"fund:community-safety-fund": ("Fund", "Community Safety Fund"),
           "org:southby-trust": ("Organisation", "Southby Trust"),
           "org:westby-council": ("Organisation", "Westby Council"),
           "org:northby-council": ("Organisation", "Northby Council")}
    for nid, (label, name) in ids.items():
        g.add_node(NodeRec(nid, label, {"id": nid, "name": name, "sources": ["a.txt"], "evidence": ["x"],
                                        "citations": ["a.txt:1"]}))
    for i, (end, amount) in enumerate((("org:southby-trust", 12500.0), ("org:westby-council", 0.0),
                                       ("org:northby-council", 0.0), ("org:westby-council", 1.0))):
        rel = RelRec(f"funds:{i}", "FUNDS", "fund:community-safety-fund", end,
                     {"id": f"funds:{i}", "amount": amount, "period": f"202{i}-2{i + 1}", "sources": ["a.txt"],
                      "evidence": ["x"], "citations": [f"a.txt:{i + 2}"]})
        g.add_rel(rel)
    # made valid, then spoilt as an old store could hold them
    g.rels["funds:1"].props["amount"] = float("inf")
    g.rels["funds:2"].props["amount"] = float("nan")
    g.rels["funds:3"].props.update(amount=-500.0, spent=float("-inf"))
    store = open_store("networkx", tmp_path / "st")
    with store.locked():
        store.commit({}, g, [])
    store.close()
    # the spoilt values are on disk as written (the embedded store keeps its rows in graph.sqlite)
    assert b"Infinity" in (tmp_path / "st" / "graph.sqlite").read_bytes()
    lines = _works(tmp_path / "st", tmp_path)
    amounts = {r["id"]: r["properties"].get("amount") for r in lines if r.get("label") == "FUNDS"}
    assert amounts == {"funds:0": 12500.0, "funds:1": None, "funds:2": None, "funds:3": None}


@pytest.mark.parametrize(("value", "kept"), [
    (12500, 12500), (0.125, 0.125), (1e12, 1e12), (1e12 + 1, None), (-0.01, None), (float("nan"), None),
    (float("inf"), None), (10 ** 400, None), ("12", None), (None, None), (True, None)])
def test_amount_bounds(value: object, kept: float | None) -> None:
    assert amount_value(value) == kept
    fact = Fact("FUNDS", Ref("Fund", "F"), Ref("Organisation", "O"), Cite("a.txt", 1, "q"),
                {"amount": value, "period": "2025-26"})
    assert fact.props.get("amount") == kept and fact.props["period"] == "2025-26"


def test_export_never_writes_non_standard_json() -> None:
    g = Graph()
    g.add_node(NodeRec("org:a", "Organisation", {"id": "org:a", "name": "A"}))
    g.nodes["org:a"].props["score"] = float("nan")        # a foreign property no check knows
    line = export_lines(g)[0]
    assert _strict(line)["properties"] == {"id": "org:a", "name": "A"}
