"""Incremental resolution (kg.resolve.incremental) gives the graph, ledger and near-misses a full
rebuild gives.

Small papers written here as extractions (what the extractor reads from a paper), chosen so that
each cross-paper rule is at stake: an acronym one paper defines and another uses, a person named
in full in one paper and by surname in another (and then made ambiguous by a namesake), a project
one paper names with a cue and another writes without one, one plan name in two areas (told apart
by area), a meeting named after its board's canonical name, a national body. Every step of a
sequence of additions, changes and removals goes through the store's incremental update and is
compared with ``build_graph`` of the papers stored at that step, and its near-misses with those of
:func:`kg.resolve.near.build` (two forenames of one surname, a surname that fits both, bodies
with alike names, and joins a user's keep_apart decision stopped).
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from kg.export import export_lines
from kg.model import Cite, DocInfo, Extraction, Fact, Mention, Ref
from kg.resolve import Decisions, build_graph, near
from kg.store import NetworkxStore

M = tuple[str, str, list[str], dict[str, Any]]


def paper(doc: str, area: str, mentions: list[M], facts: list[tuple[str, tuple[str, str], tuple[str, str],
                                                                     dict[str, Any]]] = (),  # type: ignore[assignment]
          phrases: list[str] = (), version: str = "1") -> Extraction:  # type: ignore[assignment]
    ms = [Mention("Area", area, Cite(doc, 1, area), {"scope": "paper"})]
    ms += [Mention(lab, name, Cite(doc, i + 2, f"{name} said"), props, aliases)
           for i, (lab, name, aliases, props) in enumerate(mentions)]
    fs = [Fact(t, Ref(*s), Ref(*e), Cite(doc, 50 + i, f"fact {i}"), props) for i, (t, s, e, props) in enumerate(facts)]
    return Extraction(DocInfo(doc, f"{doc}-{version}"), ms, fs, [[p, 60 + i, None] for i, p in enumerate(phrases)])


BOARD = ("Board", "the SDP")
PAPERS = {
    "a.txt": paper("a.txt", "Durham", [
        ("Board", "the SDP", [], {"kind": "partnership"}),
        ("Person", "Cllr Hartwell", [], {"honorific": "Cllr"}),
        ("Meeting", "SDP 2025-03-03", [], {"date": "2025-03-03"}),
        ("Organisation", "Home Office", [], {}),
    ], [("MEETING_OF", ("Meeting", "SDP 2025-03-03"), BOARD, {}),
        ("ATTENDED", ("Person", "Cllr Hartwell"), ("Meeting", "SDP 2025-03-03"), {})],
        phrases=["Street Lanterns", "Safer Durham"]),
    "b.txt": paper("b.txt", "Durham", [
        ("Board", "Safer Durham Partnership", ["SDP"], {"kind": "partnership"}),
        ("Project", "Street Lanterns", [], {}),
        ("Person", "Mary Hartwell", [], {}),
    ], [("FUNDS", ("Board", "Safer Durham Partnership"), ("Project", "Street Lanterns"), {"amount": 20000}),
        ("HOLDS_ROLE", ("Person", "Mary Hartwell"), ("Board", "Safer Durham Partnership"),
         {"title": "Police and Crime Commissioner"})]),
    "c.txt": paper("c.txt", "Durham", [
        ("Person", "Mark Hartwell", [], {}),
        ("Plan", "Police and Crime Plan", [], {}),
        ("Board", "SDP", [], {}),
    ], phrases=["Street Lanterns"]),
    "d.txt": paper("d.txt", "Kent", [
        ("Plan", "Police and Crime Plan", [], {}),
        ("Organisation", "the Home Office", [], {}),
        ("Person", "Mary Hartwell", [], {}),
    ]),
    "e.txt": paper("e.txt", "Durham", [
        ("Board", "Stronger Durham Partnership", ["SDP"], {}),
        ("Meeting", "SDP 2025-03-03", [], {"date": "2025-03-04"}),
    ], [("MEETING_OF", ("Meeting", "SDP 2025-03-03"), ("Board", "SDP"), {})]),
    "f.txt": paper("f.txt", "Kent", [
        ("Person", "Jo Medway", [], {}),
        ("Board", "Kent Youth Forum", [], {}),
    ], [("MEMBER_OF", ("Person", "Jo Medway"), ("Board", "Kent Youth Forum"), {})]),
}
#: a changed version of a paper: b without the acronym it defined, and naming the project otherwise
CHANGED = {
    "b.txt": paper("b.txt", "Durham", [
        ("Board", "Safer Durham Partnership", [], {"kind": "board"}),
        ("Project", "Street Lanterns scheme", [], {}),
    ], version="2"),
    "a.txt": paper("a.txt", "Durham", [("Board", "the SDP", [], {})], version="2"),
}


def check(store: NetworkxStore, papers: dict[str, Extraction], decisions: Decisions | None = None) -> None:
    graph, ledger, near_misses = near.build(papers.values(), decisions)
    assert (graph, ledger) == build_graph(papers.values(), decisions)
    got = NetworkxStore(store.path)
    assert export_lines(got.graph()) == export_lines(graph)
    assert got.ledger() == ledger
    assert got.near_misses() == near_misses


def names(store: NetworkxStore, label: str) -> set[str]:
    return {n.name for n in NetworkxStore(store.path).graph().nodes.values() if n.label == label}


def test_an_acronym_defined_later_joins_earlier_papers_and_removing_it_splits_them(tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "s")
    store.update({"a.txt": PAPERS["a.txt"]}, set())
    assert {"the SDP"} <= names(store, "Board")
    assert "the SDP 2025-03-03" in names(store, "Meeting")
    store.update({"b.txt": PAPERS["b.txt"]}, set())
    assert store.last_update["full"] == 0
    boards = names(store, "Board")
    # a's "the SDP" is b's Safer Durham Partnership; a's meeting is named after it; the project a
    # writes without a cue is b's project, so a is one of its sources
    assert "Safer Durham Partnership" in boards and "the SDP" not in boards
    assert "Safer Durham Partnership 2025-03-03" in names(store, "Meeting")
    g = NetworkxStore(store.path).graph()
    assert g.nodes["project:street-lanterns"].props["sources"] == ["a.txt", "b.txt"]
    # the surname a gives is the one full name b gives
    assert "Mary Hartwell" in names(store, "Person") and "Cllr Hartwell" not in names(store, "Person")
    check(store, {k: PAPERS[k] for k in ("a.txt", "b.txt")})
    store.update({}, {"b.txt"})
    assert "the SDP" in names(store, "Board") and "the SDP 2025-03-03" in names(store, "Meeting")
    check(store, {"a.txt": PAPERS["a.txt"]})


def test_a_namesake_unlinks_a_surname_and_a_second_area_suffixes_a_plan(tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "s")
    store.update({k: PAPERS[k] for k in ("a.txt", "b.txt", "c.txt")}, set())
    assert store.last_update["full"] == 1
    people = names(store, "Person")
    assert "Cllr Hartwell" in people or "Hartwell" in people      # two full names fit: joined to neither
    assert {"Mary Hartwell", "Mark Hartwell"} <= people
    assert "Police and Crime Plan" in names(store, "Plan")
    store.update({"d.txt": PAPERS["d.txt"]}, set())
    assert names(store, "Plan") == {"Police and Crime Plan (Durham)", "Police and Crime Plan (Kent)"}
    check(store, {k: PAPERS[k] for k in ("a.txt", "b.txt", "c.txt", "d.txt")})
    store.update({}, {"c.txt"})
    assert names(store, "Plan") == {"Police and Crime Plan (Kent)"} or names(store, "Plan") == {
        "Police and Crime Plan"}
    check(store, {k: PAPERS[k] for k in ("a.txt", "b.txt", "d.txt")})


def test_the_incremental_path_redoes_only_what_a_paper_touches(tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "s")
    store.update({k: PAPERS[k] for k in ("a.txt", "b.txt", "c.txt")}, set())
    everything = store.last_update
    store.update({"d.txt": PAPERS["d.txt"]}, set())
    # d's plan and person are named as Durham's are (so both are told apart by area again), and it
    # names the national body: the papers that name them are rebuilt, but not their other names
    assert store.last_update["full"] == 0
    assert store.last_update["spellings"] < everything["spellings"]
    assert store.last_update["papers"] == 4
    assert store.update({"f.txt": PAPERS["f.txt"]}, set())
    assert store.last_update == {"full": 0, "spellings": 3, "papers": 1, "nodes": 4, "relationships": 1}
    assert not store.update({}, set())                   # nothing changed: nothing written
    check(store, {k: PAPERS[k] for k in ("a.txt", "b.txt", "c.txt", "d.txt", "f.txt")})


@pytest.mark.parametrize("seed", range(9))
def test_any_sequence_of_additions_changes_and_removals_equals_a_full_rebuild(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    decisions = Decisions(merge=[("Person", "Mark Hartwell", "Cllr Hartwell")]) if seed % 3 == 2 else \
        Decisions(keep_apart=[("Board", "the SDP", "Safer Durham Partnership")]) if seed % 3 == 1 else None
    store = NetworkxStore(tmp_path / "s")
    stored: dict[str, Extraction] = {}
    for _step in range(16):
        doc = rng.choice(sorted(PAPERS))
        if doc in stored and rng.random() < 0.5:
            store.update({}, {doc}, decisions)
            del stored[doc]
        else:
            ex = CHANGED[doc] if doc in CHANGED and stored.get(doc) is PAPERS[doc] else PAPERS[doc]
            store.update({doc: ex}, set(), decisions)
            stored[doc] = ex
        check(store, stored, decisions)


def test_documents_changed_by_a_writer_that_keeps_no_resolution_mean_a_full_one(tmp_path: Path) -> None:
    store = NetworkxStore(tmp_path / "s")
    store.update({k: PAPERS[k] for k in ("a.txt", "b.txt")}, set())
    store.update({"f.txt": PAPERS["f.txt"]}, set())
    assert store.last_update["full"] == 0
    # an earlier kg (or any writer that knows nothing of the r_* tables) removes a paper
    con = sqlite3.connect(store.db_file)
    with con:
        con.execute("DELETE FROM documents WHERE id = 'b.txt'")
    con.close()
    store.update({"c.txt": PAPERS["c.txt"]}, set())
    assert store.last_update["full"] == 1
    check(store, {k: PAPERS[k] for k in ("a.txt", "c.txt", "f.txt")})
    # a graph written whole (NetworkxStore.apply) leaves the resolution to be rebuilt too
    graph, ledger = build_graph([PAPERS["a.txt"]])
    store.apply({}, {"c.txt", "f.txt"}, graph, ledger)
    store.update({"d.txt": PAPERS["d.txt"]}, set())
    assert store.last_update["full"] == 1
    check(store, {k: PAPERS[k] for k in ("a.txt", "d.txt")})


def test_a_rename_read_in_a_later_paper_joins_the_older_name_and_removing_it_splits_them(tmp_path: Path) -> None:
    """A paper that says a board was renamed ("X (formerly Y)", kg.extract.renames) joins the older
    name other papers use to the newer, incrementally as in a full rebuild: the node takes the newer
    name and its ledger line cites the sentence; removing that paper splits them again."""
    old = paper("o.txt", "Durham", [("Board", "Durham Safety Board", [], {"kind": "board"})])
    new = paper("n.txt", "Durham", [
        ("Board", "Durham Safer Communities Board", [], {"kind": "board"}),
        ("Board", "Durham Safety Board", [], {"kind": "board", "renamed_to": "Durham Safer Communities Board"}),
    ])
    store = NetworkxStore(tmp_path / "s")
    store.update({"o.txt": old}, set())
    store.update({"n.txt": new}, set())
    assert store.last_update["full"] == 0
    boards = names(store, "Board")
    assert "Durham Safer Communities Board" in boards and "Durham Safety Board" not in boards
    (entry,) = [e for e in NetworkxStore(store.path).ledger() if e["name"] == "Durham Safer Communities Board"]
    assert entry["merged"][0]["rule"] == "renamed" and entry["merged"][0]["cite"].startswith("n.txt:")
    check(store, {"o.txt": old, "n.txt": new})
    store.update({}, {"n.txt"})
    assert "Durham Safety Board" in names(store, "Board")
    check(store, {"o.txt": old})
