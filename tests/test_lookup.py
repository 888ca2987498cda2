"""One name lookup for every command (kg.lookup): its rules tested once on fictional names, then
the same spelling found (or the same one-line "did you mean" refusal, exit 2) by `kg query`,
`kg show` and `kg viz` on the sample corpus, and on Neo4j the same candidates as the embedded store."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.lookup import Candidate, EntityNotFound, candidates_from_graph, candidates_from_store, find

runner = CliRunner()

CANDS = [
    Candidate("person:alex-morgan", "Person", "Alex Morgan", ("Cllr. A. Morgan",)),
    Candidate("person:sam-rivers", "Person", "Sam Rivers", ()),
    Candidate("person:sue-rivers", "Person", "Sue Rivers", ()),
    Candidate("board:northshire-safer-communities-board", "Board", "Northshire Safer Communities Board", ()),
    Candidate("org:office-of-the-police-and-crime-commissioner-for-northshire", "Organisation",
              "Office of the Police and Crime Commissioner for Northshire", ()),
    Candidate("board:eastvale-and-westby-csp", "Board", "Eastvale & Westby CSP", ("EWC",)),
    Candidate("doc:minutes.txt", "Document", "Alex Morgan", ()),
    Candidate("org:eastvale-council", "Organisation", "Eastvale Council", ("Alex Morgan Trust",)),
]


@pytest.mark.parametrize("typed,expected", [
    # case and spacing
    ("ALEX MORGAN", "person:alex-morgan"),
    ("  alex   morgan ", "person:alex-morgan"),
    # an id, an alias
    ("BOARD:NORTHSHIRE-SAFER-COMMUNITIES-BOARD", "board:northshire-safer-communities-board"),
    ("ewc", "board:eastvale-and-westby-csp"),
    # honorifics and punctuation: "Cllr. X", "Cllr X", an initial with or without its full stop
    ("Cllr. Morgan", "person:alex-morgan"),
    ("cllr morgan", "person:alex-morgan"),
    ("Councillor A Morgan", "person:alex-morgan"),
    ("Mr. Sam Rivers", "person:sam-rivers"),
    ("Alex Morgan.", "person:alex-morgan"),
    # '&' and 'and', a leading 'the'
    ("Eastvale and Westby CSP", "board:eastvale-and-westby-csp"),
    ("the Northshire Safer Communities Board", "board:northshire-safer-communities-board"),
    # acronyms: initials of a body's name, small words left out; a plural
    ("NSCB", "board:northshire-safer-communities-board"),
    ("OPCCN", "org:office-of-the-police-and-crime-commissioner-for-northshire"),
    ("NSCBs", "board:northshire-safer-communities-board"),
])
def test_the_rules(typed: str, expected: str) -> None:
    assert find(CANDS, typed).id == expected


def test_a_name_beats_another_nodes_alias_and_documents_are_never_found() -> None:
    # "Alex Morgan" is a person's name, a Document's name and part of an organisation's alias
    assert find(CANDS, "alex morgan").id == "person:alex-morgan"
    with pytest.raises(EntityNotFound, match="minutes"):
        find(CANDS, "doc:minutes.txt")


def test_ambiguous_unknown_and_wrong_kind_are_one_line() -> None:
    with pytest.raises(EntityNotFound) as info:
        find(CANDS, "Cllr. Rivers")          # two people called Rivers: ask, do not guess
    msg = str(info.value)
    assert msg.startswith("'Cllr. Rivers' is ambiguous: ") and "person:sam-rivers" in msg \
        and "person:sue-rivers" in msg and "\n" not in msg
    with pytest.raises(EntityNotFound, match=r"^no entity named 'Alex Morgen' in the graph "
                                             r"\(did you mean: Alex Morgan"):
        find(CANDS, "Alex Morgen")
    with pytest.raises(EntityNotFound, match=r"^no board named 'Northshire Board' in the graph "
                                             r"\(did you mean: Northshire Safer Communities Board"):
        find(CANDS, "Northshire Board", labels=["Board"], what="board")
    with pytest.raises(EntityNotFound, match=r"^'Sam Rivers' is a Person \(person:sam-rivers\), not a board$"):
        find(CANDS, "Sam Rivers", labels=["Board"], what="board")
    with pytest.raises(EntityNotFound, match="give an entity name"):
        find(CANDS, "   ")
    with pytest.raises(EntityNotFound, match=r"^no entity named 'Zzyzx' in the graph$"):
        find(CANDS, "Zzyzx")                 # nothing close: no empty "did you mean"


# -- every command, on the sample corpus -------------------------------------------------------
# The Police and Crime Panel's membership (004, the front sheet) lists "Cllr. Kevin Loydall";
# the strategy board's papers (001) write "Cllr. K. Loydall".
SPELLINGS = ["Cllr. Loydall", "cllr kevin loydall", "K. Loydall", "KEVIN LOYDALL"]


def _cmds(name: str, out: Path) -> list[list[str]]:
    return [["query", "person-roles", "-p", f"person={name}", "--json"],
            ["show", name, "--json"],
            ["viz", "ego", "--focus", name, "--depth", "1", "-o", str(out)]]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_query_show_and_viz_find_the_same_person(corpus_store_dir: Path, tmp_path: Path, spelling: str) -> None:
    import json

    env = {"KG_STORE": str(corpus_store_dir)}
    q, s, v = (runner.invoke(app, args, env=env) for args in _cmds(spelling, tmp_path / "ego.html"))
    assert q.exit_code == s.exit_code == v.exit_code == 0, (q.output, s.output, v.output)
    rows = json.loads(q.stdout)
    assert rows and {r["person"] for r in rows} == {"Kevin Loydall"}
    assert json.loads(s.stdout)["id"] == "person:kevin-loydall"
    page = (tmp_path / "ego.html").read_text(encoding="utf-8")
    assert re.search(r'"focus":\s*"person:kevin-loydall"', page)


@pytest.mark.parametrize("typed,hint", [("Kevin Loydal", "did you mean: Kevin Loydall"),
                                        ("Nobody Whatsoever At All", None)])
def test_an_unknown_name_is_exit_2_and_one_line_everywhere(corpus_store_dir: Path, tmp_path: Path,
                                                           typed: str, hint: str | None) -> None:
    env = {"KG_STORE": str(corpus_store_dir)}
    for args in _cmds(typed, tmp_path / "x.html"):
        res = runner.invoke(app, args, env=env)
        assert res.exit_code == 2, (args, res.output)
        err = res.stderr.strip()
        assert "\n" not in err and err.startswith("kg: no ") and f"'{typed}'" in err, (args, err)
        assert res.stdout == ""
        if hint:
            assert hint in err, (args, err)
    assert not (tmp_path / "x.html").exists()


def test_a_query_parameter_of_the_wrong_kind_says_what_it_is(corpus_store_dir: Path) -> None:
    res = runner.invoke(app, ["query", "board-members", "-p", "board=Cllr. Loydall"],
                        env={"KG_STORE": str(corpus_store_dir)})
    assert res.exit_code == 2
    assert res.stderr.strip() == ("kg: 'Cllr. Loydall' is a Person (person:kevin-loydall), "
                                  "not a board or body")


@pytest.mark.neo4j
def test_neo4j_gives_the_lookup_the_same_candidates(neo4j_store: Any, corpus_graph: Any) -> None:
    neo4j_store.commit({}, corpus_graph)
    got = sorted(candidates_from_store(neo4j_store), key=lambda c: c.id)
    want = sorted(candidates_from_graph(corpus_graph), key=lambda c: c.id)
    assert len(want) > 100 and got == want
