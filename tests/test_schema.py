"""The ontology as data (kg/schema/*.yaml) matches the public data model (docs/SCHEMA.md)."""

from __future__ import annotations

import re
from pathlib import Path

from kg.model import ID_PREFIX
from kg.schema import load_schema

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_MD = (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8")


def _table_first_column(heading: str) -> list[str]:
    section = SCHEMA_MD.split(heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Z_a-z]+)` \|", section, flags=re.M)


def test_every_documented_label_is_in_the_schema_data() -> None:
    labels = _table_first_column("## Nodes")
    assert len(labels) >= 10
    schema = load_schema()
    assert set(labels) <= set(schema.labels)


def test_every_documented_relationship_type_is_in_the_schema_data() -> None:
    types = _table_first_column("## Relationships")
    assert len(types) >= 20
    assert set(types) <= set(load_schema().types)


def test_relationship_ends_name_known_labels_and_every_label_has_an_id_prefix() -> None:
    schema = load_schema()
    for td in schema.types.values():
        for lab in td.start + td.end:
            assert lab == "*" or lab in schema.labels, (td.name, lab)
    assert set(schema.labels) <= set(ID_PREFIX)


def test_enums_match_the_documented_values() -> None:
    schema = load_schema()
    assert schema.enum("Board", "kind") == ["board", "panel", "committee", "group", "partnership", "executive"]
    assert "commissioner" in (schema.enum("Organisation", "sector") or [])
    assert schema.enum("MEMBER_OF", "role") == ["chair", "vice_chair", "member", "independent_member",
                                                 "observer", "substitute"]
    assert schema.enum("FUNDS", "kind") == ["allocation", "grant", "contract", "contribution", "levy"]


def test_readme_documents_every_label_and_type() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    schema = load_schema()
    missing = [x for x in [*schema.labels, *schema.types] if f"`{x}`" not in readme]
    assert not missing, f"README data model does not mention: {missing}"
