"""The ontology as data: node labels and relationship types, loaded from YAML beside this file.

>>> s = load_schema()
>>> "Person" in s.labels and "FUNDS" in s.types
True
>>> s.types["FUNDS"].key
['amount', 'period', 'kind']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

# Properties every node and every relationship carries (SCHEMA.md "Nodes" and "Relationships").
NODE_COMMON = ["id", "name", "aliases", "sources", "evidence", "citations"]
REL_COMMON = ["sources", "evidence", "citations", "status", "as_of"]


@dataclass(frozen=True)
class LabelDef:
    name: str
    description: str
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class TypeDef:
    name: str
    description: str
    start: list[str]
    end: list[str]
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)
    key: list[str] = field(default_factory=list)

    def allows(self, start_label: str, end_label: str) -> bool:
        """Whether this type may join nodes of these labels."""
        return (("*" in self.start or start_label in self.start)
                and ("*" in self.end or end_label in self.end))


@dataclass(frozen=True)
class Schema:
    labels: dict[str, LabelDef]
    types: dict[str, TypeDef]

    def enum(self, owner: str, prop: str) -> list[str] | None:
        """Allowed values of a property of a label or type, or None when free."""
        d = self.labels.get(owner) or self.types.get(owner)
        spec = (d.properties if d else {}).get(prop) or {}
        return spec.get("enum")


def _read(name: str) -> dict[str, Any]:
    data = yaml.safe_load(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """Load and check the schema once (cached)."""
    labels = {k: LabelDef(k, v["description"], v.get("properties") or {}) for k, v in _read("nodes.yaml").items()}
    types: dict[str, TypeDef] = {}
    for k, v in _read("relationships.yaml").items():
        td = TypeDef(k, v["description"], list(v["from"]), list(v["to"]), v.get("properties") or {},
                     list(v.get("key") or []))
        for lab in td.start + td.end:
            if lab != "*" and lab not in labels:
                raise ValueError(f"relationships.yaml: {k} names unknown label {lab}")
        for p in td.key:
            if p not in td.properties and p not in REL_COMMON:
                raise ValueError(f"relationships.yaml: {k} key {p} is not a property")
        types[k] = td
    return Schema(labels, types)
