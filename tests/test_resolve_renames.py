"""Renamed bodies: a paper that says a body was renamed makes its older name one node with the newer
(rule ``renamed``, the sentence as evidence), in each way papers say it; and nothing else does."""

from __future__ import annotations

import doctest

import pytest

from kg.extract import extract, renames
from kg.loaders.base import Document
from kg.model import Graph
from kg.resolve import Decisions, build_graph
from kg.resolve.review import near_misses

OLD, NEW = "Eastvale Community Safety Partnership", "Safer Eastvale Partnership"
HEAD = "EASTVALE BOROUGH COUNCIL\n\nReport to Cabinet, 3 May 2026\n\n"

SAID = {
    "formerly": f"The {NEW} (formerly the {OLD}) met on 3 May 2026.",
    "previously known as": f"The {NEW}, previously known as the {OLD}, agreed its plan.",
    "has been renamed": f"The {OLD} has been renamed the {NEW}.",
    "now": f"Reports go to the {OLD}, now the {NEW}, each quarter.",
    "the former": f"The {NEW} (the former {OLD}) met in June.",
    "changed its name": f"The {OLD} has changed its name to the {NEW}.",
    "name of the Partnership": (f"At a meeting of the {OLD} on 3 May 2023 it was resolved that Westvale Borough "
                                f"Council join the Partnership and the name of the Partnership be amended to "
                                f"'The {NEW}'."),
}


def graph_of(*texts: str, decisions: Decisions | None = None) -> tuple[Graph, list[dict[str, object]]]:
    exs = [extract(Document.from_text(f"{i}.txt", HEAD + t + "\n")) for i, t in enumerate(texts)]
    return build_graph(exs, decisions)


def bodies(g: Graph) -> dict[str, dict[str, object]]:
    return {n.name: n.props for n in g.nodes.values() if n.label in ("Board", "Organisation")}


@pytest.mark.parametrize("phrase", sorted(SAID))
def test_an_older_name_a_paper_says_was_renamed_is_one_node_with_the_newer(phrase: str) -> None:
    sentence = SAID[phrase]
    g, ledger = graph_of(sentence)
    found = bodies(g)
    assert OLD not in found, phrase
    node = found[NEW]
    assert OLD in node["aliases"]  # type: ignore[operator]
    # the sentence is on line 5 of the paper (after the three lines of HEAD and a blank)
    assert f"{OLD} <- renamed (0.txt:5)" in node["resolution"]  # type: ignore[operator]
    [entry] = [e for e in ledger if e["name"] == NEW]
    [merged] = entry["merged"]  # type: ignore[misc]
    assert merged == {"spelling": OLD, "rule": "renamed", "cite": "0.txt:5", "evidence": sentence}


def test_the_older_name_in_another_paper_of_the_area_joins_the_node_too() -> None:
    g, _ = graph_of(f"The {OLD} met on 1 March 2022.", SAID["has been renamed"])
    node = bodies(g)[NEW]
    assert node["sources"] == ["0.txt", "1.txt"] and OLD not in bodies(g)


@pytest.mark.parametrize("sentence", [
    # a merger: "the former" names no newer name of its own
    "The new partnership brings together the functions of the former Eastvale Crime Reduction Board "
    "and the Eastvale Drugs Board.",
    # "now" followed by no body
    f"The {OLD}, now chaired by the leader of Eastvale Borough Council, met in June.",
    # one fund replacing another is a second fund, not a new name
    "The new Eastvale Community Action Fund has now replaced the Eastvale Safety Fund.",
    # two bodies side by side, no rename phrase
    f"The {OLD} and the {NEW} met together.",
])
def test_no_rename_is_read_where_a_paper_says_none(sentence: str) -> None:
    g, ledger = graph_of(sentence)
    assert not [e for e in ledger if any(m["rule"] == "renamed" for m in e["merged"])]  # type: ignore[attr-defined]
    names = bodies(g)
    if OLD in sentence and NEW in sentence:
        assert OLD in names and NEW in names


def test_a_keep_apart_decision_outranks_a_rename_and_shows_as_a_near_miss() -> None:
    dec = Decisions(keep_apart=[("Board", OLD, NEW)])
    g, _ = graph_of(SAID["formerly"], decisions=dec)
    assert OLD in bodies(g) and NEW in bodies(g)
    exs = [extract(Document.from_text("0.txt", HEAD + SAID["formerly"] + "\n"))]
    missed = [n for n in near_misses(exs, dec) if {n.a, n.b} == {OLD, NEW}]
    assert missed and missed[0].reason == "renamed, kept apart by a decision"


def test_the_strategy_boards_older_name_is_the_board(corpus_graph: Graph) -> None:
    """001 line 264: "At a meeting of the Leicestershire Safer Communities Strategy Board on 29 September
    2023 it was resolved that Rutland County Council become members of the Board and the name of the
    Board be amended to 'The Leicestershire and Rutland Safer Communities Strategy Board'." 003 line
    531 still calls it "The Leicestershire Safer Communities Strategy Board"."""
    boards = [n for n in corpus_graph.nodes.values()
              if n.label == "Board" and "Safer Communities Strategy Board" in n.name]
    assert [n.name for n in boards] == ["Leicestershire and Rutland Safer Communities Strategy Board"]
    props = boards[0].props
    assert "Leicestershire Safer Communities Strategy Board" in props["aliases"]
    assert "003_17a03087425552dd.txt" in props["sources"]
    assert ("Leicestershire Safer Communities Strategy Board <- renamed (001_6c4d9bdf2bb078e0.txt:264)"
            in props["resolution"])


def test_docstring_examples_of_the_rename_reader() -> None:
    res = doctest.testmod(renames)
    assert res.attempted > 0 and res.failed == 0
