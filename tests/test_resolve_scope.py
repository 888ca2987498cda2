"""Scope, unit by unit: the paper's area as the extraction stage reads it, which area a name is
compared in, and the merges within one area (fictional bodies in real places)."""

from __future__ import annotations

from kg.extract.area import run as read_area
from kg.extract.context import Context
from kg.loaders.base import Document
from kg.model import Cite, DocInfo, Extraction, Mention
from kg.resolve import Decisions, build_graph
from kg.resolve.review import near_misses
from kg.resolve.scope import PaperArea, is_generic, scope_of


def area(text: str, board: str | None = None) -> list[tuple[str, dict]]:
    ctx = Context(Document.from_text("p.txt", text))
    ctx.paper.board = board
    read_area(ctx)
    return [(m.name, m.props) for m in ctx.mentions if m.label == "Area"]


def test_a_force_wide_papers_venue_is_not_its_district() -> None:
    text = "Durham Police and Crime Panel\nVenue: Council Chamber, Darlington\n\nMinutes of the meeting."
    assert area(text) == [("Durham", {"scope": "paper"})]


def test_a_districts_board_gives_the_district() -> None:
    text = "Minutes of the Partnership\n\nThe Nottinghamshire Police update was noted."
    assert area(text, "Rushcliffe Community Safety Partnership") == [
        ("Nottinghamshire", {"scope": "paper", "local": "Rushcliffe"})]


def test_two_areas_named_alike_give_no_area_and_surnames_are_not_places() -> None:
    assert area("A joint note\n\nKent and Essex officers met.\n") == []
    assert area("Apologies\n\nCllr Jo Preston and Cllr Sam Bolton.\nReading the report, members agreed.") == []


def test_which_area_a_name_is_compared_in() -> None:
    pa = PaperArea("p.txt", "Durham", None)
    assert scope_of("Organisation", "the Commissioner", pa) == "Durham|F"
    assert scope_of("Organisation", "Ministry of Justice", pa) == ""
    assert scope_of("Organisation", "Cleveland Police", pa) == "Cleveland|F"
    assert scope_of("Organisation", "Hartlepool Borough Council", pa) == "Cleveland|Hartlepool"
    unknown = PaperArea("q.txt")
    assert scope_of("Plan", "the Police and Crime Plan", unknown) == "doc:q.txt|F"
    assert scope_of("Organisation", "Riverside Support Services", unknown) == "?|F"
    assert is_generic("the PCC's Office") and not is_generic("Riverside Support Services")


def _paper(doc: str, where: str | None, names: list[tuple[str, str]]) -> Extraction:
    c = Cite(doc, 1, "quote")
    ms = [Mention(label, name, c) for label, name in names]
    if where:
        ms.append(Mention("Area", where, c, {"scope": "paper"}))
    return Extraction(DocInfo(doc, doc), ms)


def test_variants_merge_within_an_area_and_never_across() -> None:
    a = _paper("a.txt", "Durham", [("Board", "Durham Safer Communities Partnership Board"),
                                   ("Organisation", "OPCC"), ("Plan", "Police and Crime Plan")])
    b = _paper("b.txt", "Durham", [("Board", "Safer Communities Boards"), ("Organisation", "the Commissioner"),
                                   ("Plan", "Police and Crime Plan")])
    c = _paper("c.txt", "Cleveland", [("Board", "Safer Communities Board"), ("Organisation", "OPCC"),
                                      ("Plan", "Police and Crime Plan")])
    g, ledger = build_graph([a, b, c])
    by_sources = sorted((n.label, tuple(n.props["sources"])) for n in g.nodes.values()
                        if n.label in ("Board", "Organisation", "Plan"))
    assert by_sources == [("Board", ("a.txt", "b.txt")), ("Board", ("c.txt",)),
                          ("Organisation", ("a.txt", "b.txt")), ("Organisation", ("c.txt",)),
                          ("Plan", ("a.txt", "b.txt")), ("Plan", ("c.txt",))]
    # one canonical name in two areas: each told apart by its area
    plans = sorted(n.name for n in g.nodes.values() if n.label == "Plan")
    assert plans == ["Police and Crime Plan (Cleveland)", "Police and Crime Plan (Durham)"]
    rules = {m["spelling"]: m["rule"] for e in ledger for m in e["merged"]}
    assert rules == {"OPCC": "office-title", "Safer Communities Boards": "variant"}


def test_keep_apart_stops_a_merge_and_review_shows_why() -> None:
    a = _paper("a.txt", "Durham", [("Person", "Jo Hartley"), ("Person", "J. Hartley")])
    dec = Decisions(keep_apart=[("Person", "Jo Hartley", "J. Hartley")])
    g, _ = build_graph([a], dec)
    assert sorted(n.name for n in g.nodes.values() if n.label == "Person") == ["J. Hartley", "Jo Hartley"]
    shown = [m.reason for m in near_misses([a], dec) if {m.a, m.b} == {"Jo Hartley", "J. Hartley"}]
    assert shown == ["person-variant, kept apart by a decision"]
