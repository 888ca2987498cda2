"""Entity resolution across documents: one node per real-world entity, stable ids, a ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import Cite, DocInfo, Extraction, Fact, Mention, Ref
from kg.resolve import Decisions, build_graph, fold, person_key


def _ex(doc: str, mentions: list[tuple[str, str]], facts: list[tuple[str, tuple[str, str], tuple[str, str], dict]]
        = (), aliases: dict[str, list[str]] | None = None, area: str | None = None) -> Extraction:
    c = Cite(doc, 1, "quote")
    ms = [Mention(lab, name, c, aliases=(aliases or {}).get(name, [])) for lab, name in mentions]
    if area:  # the paper's area, as kg.extract.area reads it
        ms.append(Mention("Area", area, c, {"scope": "paper"}))
    fs = [Fact(t, Ref(*a), Ref(*b), c, p) for t, a, b, p in facts]
    return Extraction(DocInfo(doc, doc + "-sha"), ms, fs)


def test_fold_and_person_key() -> None:
    assert fold("The Safer Communities & Strategy Board") == "safer communities and strategy board"
    assert person_key("Cllr. K. Loydall") == "k loydall"
    assert person_key("Det Supt Jane Roe QPM") == "jane roe"


def test_honorific_and_initial_variants_merge_into_the_fullest_name() -> None:
    g, ledger = build_graph([
        _ex("a.txt", [("Person", "Cllr. K. Loydall")]),
        _ex("b.txt", [("Person", "Kevin Loydall"), ("Person", "Cllr. Loydall")]),
    ])
    people = [n for n in g.nodes.values() if n.label == "Person"]
    assert [p.name for p in people] == ["Kevin Loydall"]
    assert people[0].id == "person:kevin-loydall"
    assert set(people[0].props["aliases"]) == {"Cllr. K. Loydall", "Cllr. Loydall"}
    assert people[0].props["sources"] == ["a.txt", "b.txt"]
    merged = {m["spelling"]: m["rule"] for e in ledger for m in e["merged"]}
    assert merged["Cllr. K. Loydall"] == "person-variant"


def test_ambiguous_initial_is_not_merged() -> None:
    g, _ = build_graph([_ex("a.txt", [("Person", "J. Smith"), ("Person", "John Smith"), ("Person", "Jane Smith")])])
    names = sorted(n.name for n in g.nodes.values() if n.label == "Person")
    assert names == ["J. Smith", "Jane Smith", "John Smith"]


def test_acronym_defined_in_one_document_resolves_in_another() -> None:
    g, ledger = build_graph([
        _ex("a.txt", [("Organisation", "Westshire Reducing Harm Executive")],
            aliases={"Westshire Reducing Harm Executive": ["WRHE"]}, area="Westshire"),
        _ex("b.txt", [("Organisation", "WRHE")], area="Westshire"),
    ])
    orgs = [n for n in g.nodes.values() if n.label == "Organisation"]
    assert [o.name for o in orgs] == ["Westshire Reducing Harm Executive"]
    assert "WRHE" in orgs[0].props["aliases"]
    assert any(m["rule"] == "acronym" for e in ledger for m in e["merged"])


def test_board_and_organisation_spellings_share_one_node_by_majority_label() -> None:
    g, _ = build_graph([
        _ex("a.txt", [("Board", "Rutland Community Safety Partnership")]),
        _ex("b.txt", [("Board", "Rutland Community Safety Partnership"),
                      ("Organisation", "Rutland Community Safety Partnership")]),
    ])
    bodies = [n for n in g.nodes.values() if n.label in ("Board", "Organisation")]
    assert [(b.label, b.name) for b in bodies] == [("Board", "Rutland Community Safety Partnership")]


def test_ids_do_not_depend_on_document_order_and_facts_keep_evidence() -> None:
    a = _ex("a.txt", [("Person", "Jo Bloggs"), ("Board", "Audit Committee")],
            [("MEMBER_OF", ("Person", "Jo Bloggs"), ("Board", "Audit Committee"), {"role": "chair"})])
    b = _ex("b.txt", [("Person", "Cllr. J. Bloggs")],
            [("MEMBER_OF", ("Person", "Cllr. J. Bloggs"), ("Board", "Audit Committee"), {"role": "chair"})])
    g1, _ = build_graph([a, b])
    g2, _ = build_graph([b, a])
    assert sorted(g1.nodes) == sorted(g2.nodes) and sorted(g1.rels) == sorted(g2.rels)
    rel = next(r for r in g1.rels.values() if r.type == "MEMBER_OF")
    assert rel.props["sources"] == ["a.txt", "b.txt"] and rel.props["role"] == "chair"
    assert rel.props["evidence"] == ["quote"] or len(rel.props["evidence"]) == len(rel.props["citations"])
    assert rel.props["citations"] == ["a.txt:1", "b.txt:1"]


def test_facts_joining_labels_the_schema_forbids_are_dropped() -> None:
    g, _ = build_graph([_ex("a.txt", [], [("ATTENDED", ("Area", "Rutland"), ("Board", "X Board"), {})])])
    assert not [r for r in g.rels.values() if r.type == "ATTENDED"]


def test_decisions_force_and_forbid_merges(tmp_path: Path) -> None:
    f = tmp_path / "decisions.yaml"
    f.write_text("merge:\n  - [Person, Bob Bearne, Bob Bearn]\nkeep_apart:\n"
                 "  - [Person, J. Smith, John Smith]\n")
    dec = Decisions.load(f)
    g, ledger = build_graph([_ex("a.txt", [("Person", "Bob Bearne"), ("Person", "Bob Bearn"),
                                           ("Person", "J. Smith"), ("Person", "John Smith")])], dec)
    names = sorted(n.name for n in g.nodes.values() if n.label == "Person")
    assert names == ["Bob Bearne", "J. Smith", "John Smith"]
    assert any(m["rule"] == "decision" for e in ledger for m in e["merged"])


def test_bad_decisions_file_is_one_line_error(tmp_path: Path) -> None:
    f = tmp_path / "d.yaml"
    f.write_text("merge: [oops]\n")
    with pytest.raises(ValueError, match="must be"):
        Decisions.load(f)
