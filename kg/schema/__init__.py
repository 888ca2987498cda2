"""The ontology as data: node labels and relationship types, loaded from YAML beside this file.

A relationship type carries its behaviour too (``relationships.yaml`` says what each field
means): the phrase and reverse phrase it is told with, which end is above in governance, the
section of `kg show` that lists it, the picture that draws it, its colour and line style, and
whether paths may follow it. `kg show`, the pictures, the atlas and both shortest-connection
implementations read them here, so a new type needs no code.

>>> s = load_schema()
>>> "Person" in s.labels and "FUNDS" in s.types
True
>>> s.types["FUNDS"].key
['amount', 'period', 'kind']
>>> t = s.types["REPORTS_TO"]
>>> t.phrase, t.reverse, t.upper_end("start", "end"), t.show_section("out"), t.show_section("in")
('reports to', 'reported to by', 'end', 'governance_up', 'governance_down')
>>> "MENTIONED_IN" in s.path_types(), "SUPPORTS" in s.view_types("governance")
(False, True)
"""

from __future__ import annotations

import re
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
    #: "<start> <phrase> <end>"; `kg show` on the start's page: "<phrase> <other>"
    phrase: str = ""
    #: `kg show` on the end's page: "<reverse> <other>"
    reverse: str = ""
    #: `kg show` templates for the start's and the end's page ({other} and property fields)
    show: tuple[str, str] = ("", "")
    #: the end above in governance, or first in a money flow: "start" or "end"
    upper: str = "start"
    #: `kg show` section on the start's and on the end's page ("governance" is split by ``upper``)
    section: tuple[str, str] = ("other", "other")
    #: the overall picture that draws it: "governance", "funding" or "none"
    view: str = "none"
    colour: str = "#888888"
    #: "thin", "solid", "heavy" or "dashed"
    line: str = "solid"
    #: whether shortest-connection may follow it
    paths: bool = True
    #: whether the governance-chain and governance-below queries climb it
    chain: bool = False
    #: edge label templates in the pictures, by view name, ``overview`` or ``default``
    label: dict[str, str] = field(default_factory=dict)
    #: ``(property, values)``: lines whose property has one of these values say who leads
    lead: tuple[str, tuple[str, ...]] | None = None
    #: the atlas heading lead lines are listed under on the end's page
    lead_heading: str = ""
    #: a line saying where a node was read (MENTIONED_IN): the node's sources, not a fact about it
    provenance: bool = False

    def upper_end(self, start: str, end: str) -> str:
        """Which of the two ends (ids) is above: ``start`` or ``end``."""
        return end if self.upper == "end" else start

    def show_section(self, direction: str) -> str:
        """The `kg show` section of a line seen from its start (``"out"``) or its end (``"in"``)."""
        sec = self.section[0 if direction == "out" else 1]
        if sec != "governance":
            return sec
        # seen from the lower end the line goes up; from the upper end, down
        lower_side = "out" if self.upper == "end" else "in"
        return "governance_up" if direction == lower_side else "governance_down"

    def template(self, direction: str) -> str:
        """The `kg show` line of this type seen from ``direction`` ("out" or "in")."""
        if direction == "out":
            return self.show[0] or f"{self.phrase} {{other}}"
        return self.show[1] or f"{self.reverse} {{other}}"

    def label_template(self, view: str) -> str:
        """The picture's edge label template of this type in ``view``: the view's own, else
        ``overview`` in the governance and funding pictures (no label when not given: colour and
        the legend say the kind there), else ``default`` (the phrase when not given).

        >>> t = load_schema().types["FUNDS"]
        >>> t.label_template("funding"), t.label_template("ego")
        ('{amount} {period}', '{amount} {period}\\n{balance}')
        >>> load_schema().types["REPORTS_TO"].label_template("governance")
        ''
        """
        if view in self.label:
            return self.label[view]
        if view in OVERVIEWS:
            return self.label.get("overview", "")
        return self.label.get("default", "{phrase}")

    def lead_value(self, props: dict[str, Any]) -> str:
        """The value that makes a line a lead line ("chair"), or "" for any other line.

        >>> t = load_schema().types["MEMBER_OF"]
        >>> t.lead_value({"role": "vice_chair"}), t.lead_value({"role": "member"})
        ('vice_chair', '')
        """
        if self.lead is None:
            return ""
        value = props.get(self.lead[0])
        return str(value) if isinstance(value, str) and value in self.lead[1] else ""

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

    def view_types(self, view: str) -> list[str]:
        """Types the ``view`` picture draws, in the order of the YAML (the order they are drawn)."""
        return [t for t, d in self.types.items() if d.view == view]

    def path_types(self) -> list[str]:
        """Types shortest-connection may follow, in the order of the YAML."""
        return [t for t, d in self.types.items() if d.paths]

    def provenance_types(self) -> set[str]:
        """Lines that say where a node was read (``provenance``): `kg show`, the atlas and the
        pictures' counts leave them out (the node's sources say it).

        >>> load_schema().provenance_types()
        {'MENTIONED_IN'}
        """
        return {t for t, d in self.types.items() if d.provenance}

    def money_types(self) -> list[str]:
        """Money lines: the types with a number ``amount`` (drawn as wide as their amount, listed in
        the atlas's money tables), in the order of the YAML.

        >>> load_schema().money_types()
        ['FUNDS']
        """
        return [t for t, d in self.types.items() if (d.properties.get("amount") or {}).get("type") == "number"]

    def governance_types(self, upper: str, chain: bool = False) -> list[str]:
        """Governance lines (section ``governance``) whose ``upper`` end is ``"start"`` or ``"end"``;
        with ``chain``, only those the governance-chain queries climb.

        >>> load_schema().governance_types("end", chain=True)
        ['REPORTS_TO', 'PART_OF']
        """
        return [t for t, d in self.types.items() if d.section[0] == "governance" and d.upper == upper
                and (d.chain or not chain)]


#: `kg show` sections a type may name (``governance`` is split into lines up and down)
SHOW_SECTIONS = ("roles", "holders", "memberships", "members", "governance", "funding_out", "funding_in",
                 "delivery", "meetings", "attendance", "plans", "other")
_CHOICES = {"upper": ("start", "end"), "view": ("governance", "funding", "none"),
            "line": ("thin", "solid", "heavy", "dashed")}
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
#: the overall pictures (a type's ``label: overview`` applies in them)
OVERVIEWS = ("governance", "funding")
#: pictures a type's ``label`` may name, besides ``overview`` and ``default``
LABEL_VIEWS = (*OVERVIEWS, "ego", "board", "overview", "default")


def _typedef(k: str, v: dict[str, Any]) -> TypeDef:
    """One relationship type from its YAML entry, every behaviour field checked (one-line errors)."""
    def bad(why: str) -> ValueError:
        return ValueError(f"relationships.yaml: {k}: {why}")

    for f in ("description", "from", "to", "phrase", "reverse"):
        if not v.get(f):
            raise bad(f"needs '{f}'")
    for f, allowed in _CHOICES.items():
        if f in v and v[f] not in allowed:
            raise bad(f"'{f}' must be one of {', '.join(allowed)}, not {v[f]!r}")
    sec = v.get("section", "other")
    pair = (sec, sec) if isinstance(sec, str) else tuple(sec)
    if len(pair) != 2 or any(p not in SHOW_SECTIONS for p in pair):
        raise bad(f"'section' must be one of {', '.join(SHOW_SECTIONS)} or a pair of them, not {sec!r}")
    colour = str(v.get("colour", "#888888"))
    if not _COLOUR.fullmatch(colour):
        raise bad(f"'colour' must be #rrggbb, not {colour!r}")
    for flag, default in (("paths", True), ("chain", False), ("provenance", False)):
        if not isinstance(v.get(flag, default), bool):
            raise bad(f"'{flag}' must be true or false")
    if v.get("chain") and pair[0] != "governance":
        raise bad("'chain' is for governance lines (section: governance)")
    label = v.get("label", {})
    if isinstance(label, str):
        label = {"default": label}
    if not isinstance(label, dict) or any(k not in LABEL_VIEWS or not isinstance(t, str) for k, t in label.items()):
        raise bad(f"'label' must be a template or a mapping of {', '.join(LABEL_VIEWS)} to templates")
    lead = v.get("lead")
    if lead is not None and not (isinstance(lead, dict) and len(lead) == 1
                                 and isinstance(next(iter(lead.values())), list)):
        raise bad("'lead' must be one property and its list of values, e.g. {role: [chair]}")
    lead_pair = None if lead is None else (str(next(iter(lead))), tuple(str(x) for x in next(iter(lead.values()))))
    return TypeDef(k, v["description"], list(v["from"]), list(v["to"]), v.get("properties") or {},
                   list(v.get("key") or []), str(v["phrase"]), str(v["reverse"]),
                   (str(v.get("show") or ""), str(v.get("show_reverse") or "")), v.get("upper", "start"),
                   (str(pair[0]), str(pair[1])), v.get("view", "none"), colour, v.get("line", "solid"),
                   bool(v.get("paths", True)), bool(v.get("chain", False)), dict(label), lead_pair,
                   str(v.get("lead_heading") or ""), bool(v.get("provenance", False)))


#: libyaml's parser when PyYAML has it (the same safe constructors): reading the schema with the
#: pure-Python parser took a fifth of a `kg query` (bench/startup.py)
SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(name: str) -> dict[str, Any]:
    data = yaml.load(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"), Loader=SafeLoader)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """Load and check the schema once (cached)."""
    labels = {k: LabelDef(k, v["description"], v.get("properties") or {}) for k, v in _read("nodes.yaml").items()}
    types: dict[str, TypeDef] = {}
    for k, v in _read("relationships.yaml").items():
        td = _typedef(k, v)
        for lab in td.start + td.end:
            if lab != "*" and lab not in labels:
                raise ValueError(f"relationships.yaml: {k} names unknown label {lab}")
        for p in td.key:
            if p not in td.properties and p not in REL_COMMON:
                raise ValueError(f"relationships.yaml: {k} key {p} is not a property")
        types[k] = td
    return Schema(labels, types)
