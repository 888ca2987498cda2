"""`kg show`: one entity in any spelling, every line cited, its merge ledger; and the CLI commands
`kg show` and `kg query` end to end through Typer."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model import Cite, DocInfo, Extraction, Fact, Mention, Ref
from kg.resolve import build_graph
from kg.show import EntityNotFound, entity_info, find_entity, format_show, show_entity
from kg.store import NetworkxStore


def _extractions() -> list[Extraction]:
    """Two fictional papers that name the same people differently (so the resolver merges them)."""
    def c(doc: str, line: int, text: str) -> Cite:
        return Cite(doc, line, text)

    p = Ref("Person", "Cllr. K. Dunn")
    csp = Ref("Board", "Westmoor Community Safety Partnership")
    panel = Ref("Board", "Westmoor Police and Crime Panel")
    opcc = Ref("Organisation", "Office of the Police and Crime Commissioner for Westmoor")
    council = Ref("Organisation", "Westmoor District Council")
    meeting = Ref("Meeting", "Westmoor Community Safety Partnership 2026-02-10")
    minutes = Extraction(DocInfo("minutes.txt", "a" * 64), [
        Mention("Person", "Cllr. K. Dunn", c("minutes.txt", 4, "Cllr. K. Dunn (Chair)"), {"honorific": "Cllr."}),
        Mention("Board", csp.name, c("minutes.txt", 1, "WESTMOOR COMMUNITY SAFETY PARTNERSHIP"),
                aliases=["Westmoor CSP"]),
        Mention("Meeting", meeting.name, c("minutes.txt", 2, "Tuesday 10 February 2026"), {"date": "2026-02-10"}),
    ], [
        Fact("MEMBER_OF", p, csp, c("minutes.txt", 4, "Cllr. K. Dunn (Chair)"), {"role": "chair"}),
        Fact("ATTENDED", p, meeting, c("minutes.txt", 4, "Cllr. K. Dunn (Chair)")),
        Fact("MEETING_OF", meeting, csp, c("minutes.txt", 2, "Tuesday 10 February 2026")),
        Fact("REPORTS_TO", csp, Ref("Board", "Westmoor Safer Communities Board"),
             c("minutes.txt", 30, "The CSP reports to the Safer Communities Board")),
    ])
    report = Extraction(DocInfo("report.txt", "b" * 64), [
        Mention("Person", "Karen Dunn", c("report.txt", 7, "Karen Dunn, Portfolio Holder"), {}),
        Mention("Organisation", opcc.name, c("report.txt", 2, opcc.name), {"sector": "commissioner"},
                aliases=["OPCC"]),
    ], [
        Fact("HOLDS_ROLE", Ref("Person", "Karen Dunn"), council,
             c("report.txt", 7, "Karen Dunn, Portfolio Holder"), {"title": "Portfolio Holder"}),
        Fact("MEMBER_OF", Ref("Person", "Karen Dunn"), panel,
             c("report.txt", 9, "Panel members: Karen Dunn"), {"role": "member"}),
        Fact("FUNDS", opcc, csp, c("report.txt", 12, "Westmoor CSP\t£50,000\t2025-26"),
             {"amount": 50000.0, "period": "2025-26", "kind": "allocation", "spent": 12500.0}),
        Fact("SCRUTINISES", panel, opcc, c("report.txt", 3, "The Panel scrutinises the Commissioner")),
    ])
    return [minutes, report]


@pytest.fixture()
def store(tmp_path: Path) -> NetworkxStore:
    graph, ledger = build_graph(_extractions())
    s = NetworkxStore(tmp_path / "store")
    s.commit({e.doc.id: e for e in _extractions()}, graph, ledger)
    return s


def _texts(info: dict, section: str) -> list[tuple[str, list[str]]]:
    return [(ln["text"], ln["citations"]) for ln in info["sections"].get(section, [])]


def test_show_finds_a_person_by_any_spelling_with_every_line_cited(store: NetworkxStore) -> None:
    info = show_entity(store, "cllr. k. dunn")
    assert info["name"] == "Karen Dunn" and info["label"] == "Person"
    assert show_entity(store, "KAREN DUNN") == info
    assert show_entity(store, info["id"]) == info
    assert _texts(info, "roles") == [("Portfolio Holder at Westmoor District Council", ["report.txt:7"])]
    assert _texts(info, "memberships") == [
        ("chair of Westmoor Community Safety Partnership", ["minutes.txt:4"]),
        ("member of Westmoor Police and Crime Panel", ["report.txt:9"])]
    assert _texts(info, "meetings") == [("attended Westmoor Community Safety Partnership 2026-02-10",
                                         ["minutes.txt:4"])]
    assert info["sections"]["meetings"][0]["evidence"] == ["Cllr. K. Dunn (Chair)"]
    # the merge ledger: which spelling joined, by which rule
    assert "Cllr. K. Dunn <- person-variant" in info["resolution"]
    for lines in info["sections"].values():
        for ln in lines:
            assert ln["citations"] and all(re.fullmatch(r"(minutes|report)\.txt:\d+", c) for c in ln["citations"])


def test_show_a_board_governance_funding_members_and_meetings(store: NetworkxStore) -> None:
    info = show_entity(store, "Westmoor CSP")
    assert _texts(info, "governance_up") == [("reports to Westmoor Safer Communities Board", ["minutes.txt:30"])]
    assert _texts(info, "funding_in") == [(
        "funded by Office of the Police and Crime Commissioner for Westmoor: £50,000, 2025-26, allocation "
        "(spent £12,500, £37,500 left, derived)", ["report.txt:12"])]   # no balance stated: kg's sum, said so
    assert _texts(info, "members") == [("Karen Dunn: chair", ["minutes.txt:4"])]
    assert _texts(info, "meetings") == [("Westmoor Community Safety Partnership 2026-02-10", ["minutes.txt:2"])]
    opcc = show_entity(store, "opcc")
    assert _texts(opcc, "funding_out")[0][0].startswith("funds Westmoor Community Safety Partnership: £50,000")
    assert _texts(opcc, "governance_up") == [("scrutinised by Westmoor Police and Crime Panel", ["report.txt:3"])]
    assert opcc["props"] == {"sector": "commissioner"}
    panel = show_entity(store, "Westmoor Police and Crime Panel")
    assert _texts(panel, "governance_down") == [(
        "scrutinises Office of the Police and Crime Commissioner for Westmoor", ["report.txt:3"])]


def test_format_show_prints_citations_evidence_and_merged_spellings(store: NetworkxStore) -> None:
    text = format_show(show_entity(store, "Karen Dunn"), evidence=True)
    lines = text.splitlines()
    assert lines[0] == "Karen Dunn  (Person, person:karen-dunn)"
    assert "  - chair of Westmoor Community Safety Partnership  [minutes.txt:4]" in lines
    assert '      "Cllr. K. Dunn (Chair)"' in lines
    assert "Merged spellings (spelling <- rule):" in lines
    assert "  - Cllr. K. Dunn <- person-variant" in lines
    assert "honorific: Cllr." in text
    assert '"Cllr. K. Dunn (Chair)"' not in format_show(show_entity(store, "Karen Dunn"))


def test_unknown_and_ambiguous_names_are_one_line_errors(store: NetworkxStore) -> None:
    with pytest.raises(EntityNotFound, match=r"^no entity named 'Karen Dun' in the graph \(did you mean: Karen Dunn"):
        show_entity(store, "Karen Dun")
    with pytest.raises(EntityNotFound, match="give an entity"):
        show_entity(store, "  ")
    graph = store.graph()
    # two nodes that share an alias: the name does not say which, the ids do
    for nid in ("board:westmoor-police-and-crime-panel", "org:westmoor-district-council"):
        graph.nodes[nid].props["aliases"] = [*graph.nodes[nid].props.get("aliases", []), "WPC"]
    with pytest.raises(EntityNotFound) as info:
        entity_info(graph, "wpc")
    msg = str(info.value)
    assert "ambiguous" in msg and "board:westmoor-police-and-crime-panel" in msg and "\n" not in msg
    # an exact name beats an alias
    graph.nodes["org:westmoor-district-council"].props["aliases"].append("Karen Dunn")
    assert find_entity(graph, "karen dunn").id == "person:karen-dunn"


# -- the CLI ----------------------------------------------------------------------------------------
runner = CliRunner()


def test_cli_show(store: NetworkxStore) -> None:
    res = runner.invoke(app, ["show", "Cllr. K. Dunn", "--store", str(store.path)])
    assert res.exit_code == 0, res.output
    assert "  - chair of Westmoor Community Safety Partnership  [minutes.txt:4]" in res.stdout
    assert "Cllr. K. Dunn <- person-variant" in res.stdout
    res = runner.invoke(app, ["show", "westmoor csp", "--store", str(store.path), "--json"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["sections"]["funding_in"][0]["props"]["amount"] == 50000.0
    res = runner.invoke(app, ["show", "Nobody", "--store", str(store.path)])
    assert res.exit_code == 2
    assert res.stderr.strip() == "kg: no entity named 'Nobody' in the graph"


def test_cli_query_table_json_and_cypher(store: NetworkxStore) -> None:
    res = runner.invoke(app, ["query", "list"])
    assert res.exit_code == 0 and "board-members" in res.stdout and "shortest-connection" in res.stdout
    listed = json.loads(runner.invoke(app, ["query", "list", "--json"]).stdout)
    assert {"name", "title", "description", "params"} <= set(listed[0])
    res = runner.invoke(app, ["query", "board-members", "--param", "board=Westmoor CSP", "--store", str(store.path)])
    assert res.exit_code == 0, res.output
    header, rule, *body = res.stdout.splitlines()
    assert header.split()[:3] == ["board", "member", "member_type"] and set(rule) <= {"-", " "}
    assert any("Karen Dunn" in ln and "chair" in ln and "minutes.txt:4" in ln for ln in body)
    res = runner.invoke(app, ["query", "funding-received", "-p", "recipient=westmoor csp", "--json",
                              "--store", str(store.path)])
    rows = json.loads(res.stdout)
    assert rows[0]["amount"] == 50000.0 and rows[0]["citations"] == ["report.txt:12"]
    res = runner.invoke(app, ["query", "scrutiny", "--cypher"])
    assert res.exit_code == 0 and res.stdout.startswith("// title:") and "$entity" in res.stdout


@pytest.mark.parametrize("args, message", [
    (["query", "no-such"], r"^kg: unknown query 'no-such' \(known: "),
    (["query", "board-members"], r"^kg: query 'board-members' needs --param board=\.\.\."),
    (["query", "board-members", "-p", "board"], r"^kg: --param expects key=value, got 'board'$"),
    (["query", "board-members", "-p", "board=a", "-p", "size=3"], r"has no parameter 'size'"),
    (["query", "board-members", "-p", "board=a", "-p", "board=b"], r"--param board given twice"),
    (["show", "x", "--store", "/nonexistent/kg-store"], r"no kg store here"),
    (["query", "allocation-summary", "-p", "funder=OPCC", "--backend", "neo4j",
      "--neo4j-uri", "http://127.0.0.1:1"], r"scheme"),
    (["query", "allocation-summary", "-p", "funder=OPCC", "--backend", "sqlite"], r"unknown backend 'sqlite'"),
])
def test_cli_errors_are_one_line_exit_2(store: NetworkxStore, args: list[str], message: str) -> None:
    if "--store" not in args:
        args = [*args, "--store", str(store.path)]
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert re.search(message, res.stderr.strip()), res.stderr
    assert "Traceback" not in res.output


def test_cli_store_from_environment(store: NetworkxStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE", str(store.path))
    res = runner.invoke(app, ["query", "board-meetings", "-p", "board=westmoor csp", "--json"])
    assert res.exit_code == 0, res.output
    [row] = json.loads(res.stdout)
    assert row["present"] == ["Karen Dunn"] and row["date"] == "2026-02-10"


def test_show_on_the_sample_corpus(corpus_store_dir: Path) -> None:
    """End to end: the sample papers ingested (the session's store), then show the person whose
    spellings were merged most."""
    graph = NetworkxStore(corpus_store_dir).graph()
    people = [n for n in graph.nodes.values() if n.label == "Person" and n.props.get("resolution")]
    if not people:
        pytest.skip("no person in the sample corpus was merged from several spellings")
    person = sorted(people, key=lambda n: (-len(n.props["resolution"]), n.id))[0]
    spelling = person.props["resolution"][0].split(" <- ")[0]
    res = runner.invoke(app, ["show", spelling, "--store", str(corpus_store_dir)])
    assert res.exit_code == 0, res.output
    out = res.stdout.splitlines()
    assert out[0].startswith(f"{person.name}  (Person, {person.id})")
    assert "Merged spellings (spelling <- rule):" in out
    items = [ln for ln in out if ln.startswith("  - ") and " <- " not in ln]
    assert items, res.stdout
    assert all(re.search(r"\[\d{3}_[0-9a-f]+\.txt:\d+", ln) for ln in items)


@pytest.mark.neo4j
def test_show_and_query_on_neo4j_match_the_embedded_store(store: NetworkxStore, neo4j_store: Any,
                                                          neo4j_settings: dict[str, Any]) -> None:
    neo4j_store.commit(store.extractions(), store.graph(), store.ledger())
    for name in ("cllr. k. dunn", "Westmoor CSP", "OPCC"):
        assert show_entity(neo4j_store, name) == show_entity(store, name)
    conn = ["--backend", "neo4j", "--neo4j-uri", neo4j_settings["uri"], "--neo4j-user", neo4j_settings["username"],
            "--neo4j-password", neo4j_settings["password"], "--neo4j-database", neo4j_settings["database"]]
    local = ["--store", str(store.path)]
    for args in (["show", "Cllr. K. Dunn"], ["query", "board-members", "-p", "board=westmoor csp", "--json"],
                 ["query", "funding-trace", "-p", "funder=OPCC", "--json"]):
        on_neo4j, embedded = runner.invoke(app, [*args, *conn]), runner.invoke(app, [*args, *local])
        assert on_neo4j.exit_code == 0, on_neo4j.output
        assert on_neo4j.stdout == embedded.stdout
    wrong = [*conn[:-4], "--neo4j-password", "not-the-password", *conn[-2:]]
    res = runner.invoke(app, ["show", "Cllr. K. Dunn", *wrong])
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1
    assert "not-the-password" not in res.stderr
