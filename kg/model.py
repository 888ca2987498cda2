"""The backend-free core model.

Two layers:

* what the extractor reads from ONE document: :class:`Mention` (an entity seen
  in the text) and :class:`Fact` (a relationship between two entities), each
  with a :class:`Cite` (verbatim text, document, line, page). An
  :class:`Extraction` holds all of them for one document and is what a store
  keeps per document, so that re-ingesting a changed document replaces exactly
  its facts.
* the merged graph over ALL documents: :class:`Graph` of :class:`NodeRec` and
  :class:`RelRec`, with stable ids, built by :mod:`kg.resolve`. Every store
  holds a Graph and every export, query and picture reads one.

Property values in the Graph are Neo4j-compatible: strings, numbers, booleans
and homogeneous lists of them; never None, never maps.

>>> ref = Ref("Person", "Sajan Devshi")
>>> node_id("Person", "Sajan Devshi")
'person:sajan-devshi'
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kg.amounts import checked, money_value

# id prefix per node label (SCHEMA.md: "a slug of its label and canonical name").
ID_PREFIX = {
    "Board": "board",
    "Organisation": "org",
    "Person": "person",
    "Plan": "plan",
    "Priority": "priority",
    "Fund": "fund",
    "Project": "project",
    "Meeting": "meeting",
    "Area": "area",
    "Document": "doc",
    "Post": "post",
}


def ascii_lower(text: str) -> str:
    """Lower case without accents, '&' written as ' and ' (the first step of every name comparison).

    >>> ascii_lower("Café & Co")
    'cafe  and  co'
    """
    if text.isascii():     # nothing to decompose, no accent to drop (most names)
        return text.lower().replace("&", " and ")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")


def slug(text: str) -> str:
    """Lower-case ASCII slug.

    >>> slug("Office of the Police & Crime Commissioner (OPCC)")
    'office-of-the-police-and-crime-commissioner-opcc'
    """
    text = ascii_lower(text).replace("£", " gbp ")
    text = re.sub(r"['’]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def node_id(label: str, name: str) -> str:
    """Stable node id from label and canonical name.

    >>> node_id("Organisation", "Leicestershire Police")
    'org:leicestershire-police'
    """
    return f"{ID_PREFIX.get(label, label.lower())}:{slug(name)}"


def rel_id(rtype: str, start: str, end: str, key: Iterable[Any] = ()) -> str:
    """Stable relationship id: type plus a digest of its ends and key properties.

    >>> rel_id("FUNDS", "org:a", "org:b", [1000.0, "2025-26"])[:6]
    'funds:'
    """
    payload = json.dumps([rtype, start, end, list(key)], sort_keys=True, default=str)
    return f"{rtype.lower()}:{hashlib.sha1(payload.encode()).hexdigest()[:16]}"


@lru_cache(maxsize=1)
def amount_rules() -> dict[str, Any]:
    """The bounds of an amount of money (``kg/schema/amounts.yaml``)."""
    text = resources.files("kg.schema").joinpath("amounts.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))   # libyaml: quicker
    return {"properties": tuple(data["properties"]), "max_pounds": float(data["max_pounds"])}


def amount_value(value: Any) -> float | int | None:
    """An amount of money as kg keeps it (pounds, as given: an int stays an int), or None when it
    is not a sensible amount: not a number, NaN, infinite, negative, or past ``max_pounds``.

    >>> amount_value(1250), amount_value(99.99), amount_value(float("inf")), amount_value(-5)
    (1250, 99.99, None, None)
    >>> amount_value(float("nan")), amount_value(10 ** 400), amount_value("12"), amount_value(True)
    (None, None, None, None)
    """
    return money_value(value, amount_rules()["max_pounds"])


def check_amounts(props: dict[str, Any]) -> dict[str, Any]:
    """Validate the money properties of ``props`` in place (see :func:`amount_value`): a sensible
    amount is kept, any other is removed. Returns ``props``.

    >>> check_amounts({"amount": float("inf"), "spent": 10.5, "period": "2025-26"})
    {'spent': 10.5, 'period': '2025-26'}
    """
    rules = amount_rules()
    return checked(props, rules["properties"], rules["max_pounds"])


@dataclass(frozen=True)
class Cite:
    """Where a mention or fact was read: the verbatim ``text`` at ``line`` (and ``page``) of ``doc``."""

    doc: str
    line: int
    text: str
    page: int | None = None
    ocr: bool = False  # the page was read by OCR from a scan: its quote may differ from the page

    def ref(self) -> str:
        """Short citation: ``doc:line`` or ``doc:p3:line``, with `` (OCR)`` for a page read by OCR.

        >>> Cite("a.txt", 12, "x").ref(), Cite("a.pdf", 40, "x", page=3, ocr=True).ref()
        ('a.txt:12', 'a.pdf:p3:40 (OCR)')
        """
        ref = f"{self.doc}:p{self.page}:{self.line}" if self.page else f"{self.doc}:{self.line}"
        return f"{ref} (OCR)" if self.ocr else ref


@dataclass(frozen=True)
class Ref:
    """An entity as the extractor names it inside one document (before resolution)."""

    label: str
    name: str


@dataclass
class Mention:
    """An entity seen in a document. ``aliases`` are other spellings the text itself gives
    (an acronym defined in brackets); ``props`` the label's extra properties (``kind``,
    ``sector``, ``honorific``, ``date`` ...)."""

    label: str
    name: str
    cite: Cite
    props: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)

    @property
    def ref(self) -> Ref:
        return Ref(self.label, self.name)


@dataclass
class Fact:
    """A relationship read from a document, between two entities named as in that document."""

    type: str
    start: Ref
    end: Ref
    cite: Cite
    props: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_amounts(self.props)   # no extractor and no stored extraction brings a non-amount in


@dataclass
class DocInfo:
    """What the graph keeps of a document (becomes its ``Document`` node)."""

    id: str
    sha256: str
    title: str = ""
    date: str | None = None
    path: str = ""
    format: str = "text"


@dataclass
class Extraction:
    """Everything read from one document."""

    doc: DocInfo
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    #: capitalised phrases the document writes, ``[text, line, page]`` (see ``kg.extract.linking``)
    phrases: list[list[Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extraction:
        def cite(c: dict[str, Any]) -> Cite:
            return Cite(**c)

        return cls(
            doc=DocInfo(**data["doc"]),
            mentions=[Mention(label=m["label"], name=m["name"], cite=cite(m["cite"]),
                              props=m.get("props") or {}, aliases=m.get("aliases") or [])
                      for m in data.get("mentions", [])],
            facts=[Fact(type=f["type"], start=Ref(**f["start"]), end=Ref(**f["end"]),
                        cite=cite(f["cite"]), props=f.get("props") or {})
                   for f in data.get("facts", [])],
            phrases=[list(p) for p in data.get("phrases") or []],
        )


@dataclass
class NodeRec:
    """A node of the merged graph: one label, properties as stored and exported."""

    id: str
    label: str
    props: dict[str, Any]

    def __post_init__(self) -> None:
        check_amounts(self.props)

    @property
    def name(self) -> str:
        return str(self.props.get("name", self.id))


@dataclass
class RelRec:
    """A relationship of the merged graph."""

    id: str
    type: str
    start: str
    end: str
    props: dict[str, Any]

    def __post_init__(self) -> None:
        check_amounts(self.props)   # a graph read from any store holds only sensible amounts


@dataclass
class Graph:
    """The merged governance graph: what every store holds."""

    nodes: dict[str, NodeRec] = field(default_factory=dict)
    rels: dict[str, RelRec] = field(default_factory=dict)

    def add_node(self, node: NodeRec) -> None:
        self.nodes[node.id] = node

    def add_rel(self, rel: RelRec) -> None:
        self.rels[rel.id] = rel

    def out_rels(self, node_id: str) -> Iterator[RelRec]:
        return (r for r in self.rels.values() if r.start == node_id)

    def in_rels(self, node_id: str) -> Iterator[RelRec]:
        return (r for r in self.rels.values() if r.end == node_id)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Node counts by label and relationship counts by type."""
        labels: dict[str, int] = {}
        types: dict[str, int] = {}
        for n in self.nodes.values():
            labels[n.label] = labels.get(n.label, 0) + 1
        for r in self.rels.values():
            types[r.type] = types.get(r.type, 0) + 1
        return dict(sorted(labels.items())), dict(sorted(types.items()))


def clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Drop None and empty values; make lists of primitives (Neo4j cannot store null or maps).

    >>> clean_props({"a": None, "b": [], "c": 1, "d": ("x",)})
    {'c': 1, 'd': ['x']}
    """
    out: dict[str, Any] = {}
    for k, v in props.items():
        if v is None or v == [] or v == "":
            continue
        if isinstance(v, (tuple, set, frozenset)):
            v = sorted(v) if isinstance(v, (set, frozenset)) else list(v)
        if isinstance(v, dict):
            v = json.dumps(v, sort_keys=True)
        out[k] = v
    return out
