"""One entity, everything the graph says about it, each line with its citation (`kg show`).

:func:`find_entity` finds a node by any spelling (name, alias or id, ignoring case, the same
rule as the named queries); :func:`show_entity` gathers its roles, memberships, governance
lines up and down, funding in and out, meetings and the rest, plus the merge ledger that
says which spellings were joined into it and by which rule, and its near-misses (the names that
almost merged with it, as the last ingest found them); :func:`format_show` prints it.

>>> from kg.model import Graph, NodeRec, RelRec
>>> g = Graph()
>>> g.add_node(NodeRec("person:a-b", "Person", {"id": "person:a-b", "name": "A B", "aliases": ["Cllr. B"]}))
>>> g.add_node(NodeRec("board:x", "Board", {"id": "board:x", "name": "X Board"}))
>>> g.add_rel(RelRec("m1", "MEMBER_OF", "person:a-b", "board:x",
...                  {"role": "chair", "citations": ["d.txt:3"], "evidence": ["Chair: Cllr. B"]}))
>>> info = entity_info(g, "cllr. b")
>>> info["sections"]["memberships"][0]["text"], info["sections"]["memberships"][0]["citations"]
('chair of X Board', ['d.txt:3'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.lookup import EntityNotFound, find_in_graph
from kg.model import Graph, NodeRec, RelRec
from kg.schema import load_schema
from kg.store.base import GraphStore

if TYPE_CHECKING:
    from kg.resolve.decisions import Decisions

__all__ = ["EntityNotFound", "SECTIONS", "entity_info", "find_entity", "format_show", "show_entity"]


#: section key -> heading, in the order they are printed
SECTIONS: dict[str, str] = {
    "roles": "Roles and offices",
    "holders": "People holding roles here",
    "memberships": "Memberships",
    "members": "Members",
    "governance_up": "Governance lines up (who it answers to)",
    "governance_down": "Governance lines down (who answers to it)",
    "funding_in": "Funding in",
    "funding_out": "Funding out",
    "delivery": "Delivery",
    "meetings": "Meetings",
    "attendance": "Attendance",
    "plans": "Plans, priorities and areas",
    "other": "Other lines",
}

# Each type's section and phrase on either end come from kg/schema/relationships.yaml
# (TypeDef.show_section and TypeDef.template): a new type needs no code here.


class _Fields(dict[str, str]):
    """Template fields: the formatted ones, then any raw property, else empty."""

    def __init__(self, fields: dict[str, str], props: dict[str, Any]) -> None:
        super().__init__(fields)
        self.props = props

    def __missing__(self, key: str) -> str:
        value = self.props.get(key)
        return "" if value is None else str(value)


# node properties shown in the header block rather than as "other properties"
_HEADER_PROPS = {"id", "name", "aliases", "sources", "evidence", "citations", "resolution"}


def _money(props: dict[str, Any]) -> str:
    """'£199,000, 2025-26, grant (spent £50,000)' from a FUNDS line's properties."""
    parts = []
    if isinstance(props.get("amount"), (int, float)):
        parts.append(_gbp(props["amount"]))
    for k in ("period", "kind"):
        if props.get(k):
            parts.append(str(props[k]))
    extra = []
    for k in ("spent", "remaining"):
        if isinstance(props.get(k), (int, float)):
            extra.append(f"{k} {_gbp(props[k])}")
    if isinstance(props.get("amount"), (int, float)) and isinstance(props.get("spent"), (int, float)) \
            and not isinstance(props.get("remaining"), (int, float)):
        # the paper did not state a balance: kg's subtraction, and said to be one
        extra.append(f"{_gbp(props['amount'] - props['spent'])} left, derived")
    if props.get("as_of"):
        extra.append(f"as of {props['as_of']}")
    text = ", ".join(parts)
    if extra:
        text += f" ({', '.join(extra)})"
    text += _other_statements(props)
    return f": {text}" if text else ""


def _other_statements(props: dict[str, Any]) -> str:
    """The papers' other statements of a FUNDS line's spend, each with its date and line.

    >>> _other_statements({"spent": 0.0, "as_of": "2026-06-12", "stated_as_of": ["2026-01-05", "2026-06-12"],
    ...     "stated_spent": ["6.0", "0.0"], "stated_remaining": ["4.0", ""], "stated_in": ["b.txt:9", "a.txt:4"]})
    '; also stated: spent £6, remaining £4, as of 2026-01-05 [b.txt:9]'
    """
    said = []
    lists = [props.get(k) or [] for k in ("stated_as_of", "stated_spent", "stated_remaining", "stated_in")]
    for as_of, spent, remaining, cite in zip(*lists, strict=False):
        if as_of == props.get("as_of") and cite in (props.get("citations") or [cite]) and \
                spent == ("" if props.get("spent") is None else str(props.get("spent"))):
            continue  # the line's own figures, shown above
        figures = [f"{k} {_gbp(float(v))}" for k, v in (("spent", spent), ("remaining", remaining)) if v]
        said.append(", ".join(figures + ([f"as of {as_of}"] if as_of else [])) + f" [{cite}]")
    return "; also stated: " + "; ".join(said) if said else ""


def _gbp(value: float) -> str:
    """Pounds for people.

    >>> _gbp(199000.0), _gbp(12.5)
    ('£199,000', '£12.50')
    """
    return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"


def find_entity(graph: Graph, name: str) -> NodeRec:
    """The node ``name`` names, by the rules every command shares (:mod:`kg.lookup`): exact name,
    id or alias ignoring case; then folded punctuation; then a person without honorific; then an
    acronym. Raises :class:`EntityNotFound` with close spellings, or the ids when ambiguous.
    """
    node: NodeRec = find_in_graph(graph, name)
    return node


def _line(graph: Graph, rel: RelRec, direction: str) -> tuple[str, dict[str, Any]]:
    other_id = rel.end if direction == "out" else rel.start
    other = graph.nodes.get(other_id)
    other_name = other.name if other else other_id
    p = rel.props
    td = load_schema().types.get(rel.type)
    if td is None:  # a type the schema does not know (an older store): say it plainly
        section, phrase = "other", (f"{rel.type} {{other}}" if direction == "out" else f"{{other}} {rel.type} it")
    else:
        section, phrase = td.show_section(direction), td.template(direction)
    fields = {
        "other": other_name,
        "title": p.get("title") or "a role",
        "role": str(p.get("role") or "member").replace("_", " "),
        "item": f"'{p['item']}'" if p.get("item") else "an item",
        "money": _money(p),
        "attended": "sent apologies to" if p.get("apologies") is True else "attended",
        "apologies": " (apologies)" if p.get("apologies") is True else "",
        "representing": f", representing {p['representing']}" if p.get("representing") else "",
    }
    text = phrase.format_map(_Fields(fields, p))
    if p.get("status"):
        text += f" [{p['status']}]"
    extra = {k: v for k, v in p.items() if k not in ("id", "sources", "evidence", "citations")}
    line = {
        "text": text,
        "relation": rel.type,
        "direction": direction,
        "other": other_name,
        "other_id": other_id,
        "other_label": other.label if other else None,
        "date": other.props.get("date") if other else None,
        "props": extra,
        "citations": list(p.get("citations") or []),
        "evidence": list(p.get("evidence") or []),
    }
    return section, line


def entity_info(graph: Graph, name: str) -> dict[str, Any]:
    """Everything about one entity from a :class:`~kg.model.Graph` (see :func:`show_entity`)."""
    node = find_entity(graph, name)
    sections: dict[str, list[dict[str, Any]]] = {k: [] for k in SECTIONS}
    sources_only = load_schema().provenance_types()    # the node's sources say where it was read
    for rel in graph.rels.values():
        if rel.type in sources_only:
            continue
        # a self-loop is listed once, as an outgoing line
        for direction, end in (("out", rel.start), ("in", rel.end)):
            if end == node.id and not (direction == "in" and rel.start == rel.end):
                section, line = _line(graph, rel, direction)
                sections[section].append(line)
    for lines in sections.values():
        lines.sort(key=lambda ln: (str(ln["date"] or ""), ln["text"], ln["citations"]))
    p = node.props
    return {
        "id": node.id,
        "label": node.label,
        "name": node.name,
        "aliases": list(p.get("aliases") or []),
        "props": {k: v for k, v in p.items() if k not in _HEADER_PROPS},
        "sources": list(p.get("sources") or []),
        "citations": list(p.get("citations") or []),
        "resolution": list(p.get("resolution") or []),
        "sections": {k: v for k, v in sections.items() if v},
    }


def show_entity(store: GraphStore, name: str, near: bool = False, decisions: Decisions | None = None
                ) -> dict[str, Any]:
    """Everything the store's graph says about the entity ``name`` (any spelling), and the pairs it
    almost merged into (``kg review``'s near-misses).

    Returns a dict: ``id``, ``label``, ``name``, ``aliases``, ``props`` (the label's other
    properties), ``sources``, ``citations`` (where it was first seen in each document),
    ``resolution`` (the merge ledger: ``"Cllr. J. Smith <- person-variant"``), ``sections``
    (section key -> lines; each line has ``text``, ``relation``, ``direction``, ``other``,
    ``props``, ``citations`` and ``evidence``) and ``near_misses`` (each with ``a``, ``b``, the
    ``reason`` they were not merged, ``score``, where each was read, ``cite_a``, ``cite_b``,
    ``text_a``, ``text_b``, and the two nodes' ids ``a_id`` and ``b_id``). Raises
    :class:`EntityNotFound`.

    The near-misses are those the last ingest found and stored, read by node id: no extraction is
    read. (A store written by an earlier kg has none stored: no ``near_misses`` key.) With ``near``
    they are found again now, as ``kg review`` finds them, from every paper's stored extraction and
    the user's ``decisions`` as they are now (a decision recorded since the last ingest shows),
    without node ids.

    >>> import tempfile
    >>> from kg.store import open_store
    >>> try:
    ...     show_entity(open_store("networkx", tempfile.mkdtemp()), "Anyone")
    ... except EntityNotFound as exc:
    ...     print(exc)
    no entity named 'Anyone' in the graph
    """
    info = entity_info(store.graph(), name)
    if not near:
        stored = getattr(store, "near_misses", None)
        found = stored(info["id"]) if stored is not None else None
        if found is not None:
            info["near_misses"] = found
        return info
    # imported here: the resolver is not needed to print a node
    from kg.resolve.review import near_misses

    node = (info["label"], info["name"], info["aliases"])
    info["near_misses"] = [vars(n) for n in near_misses(store.extractions().values(), decisions, node)]
    return info


def format_show(info: dict[str, Any], evidence: bool = False) -> str:
    """The text `kg show` prints: a header, then one block per section, every line ending with
    its citations (``document:line``); with ``evidence`` the verbatim text under each line.

    >>> print(format_show({"id": "board:x", "label": "Board", "name": "X", "aliases": [], "props": {},
    ...                    "sources": ["d.txt"], "citations": ["d.txt:1"], "resolution": [], "sections": {}}))
    X  (Board, board:x)
      seen in: d.txt:1
    <BLANKLINE>
    No relationships recorded.
    """
    out = [f"{info['name']}  ({info['label']}, {info['id']})"]
    if info["aliases"]:
        out.append(f"  also written: {'; '.join(info['aliases'])}")
    for k, v in sorted(info["props"].items()):
        out.append(f"  {k}: {', '.join(map(str, v)) if isinstance(v, list) else v}")
    if info["citations"] or info["sources"]:
        out.append(f"  seen in: {', '.join(info['citations'] or info['sources'])}")
    sections = info["sections"]
    if not sections:
        out += ["", "No relationships recorded."]
    for key, heading in SECTIONS.items():
        lines = sections.get(key)
        if not lines:
            continue
        out += ["", f"{heading}:"]
        for ln in lines:
            cites = ", ".join(ln["citations"]) or "no citation"
            out.append(f"  - {ln['text']}  [{cites}]")
            if evidence:
                for ev in dict.fromkeys(ln["evidence"]):
                    out.append(f"      \"{' '.join(str(ev).split())}\"")
    if info["resolution"]:
        out += ["", "Merged spellings (spelling <- rule):"]
        out += [f"  - {r}" for r in info["resolution"]]
    if info.get("near_misses"):
        out += ["", "Near misses (names read as another entity, not merged with it):"]
        # each pair is (a, b), one of them this node: the line names the other (by node id; a pair
        # found again with --near-misses has no ids: by this node's spellings)
        mine = {info["name"], info["name"].rpartition(" (")[0], *info["aliases"]}
        for n in info["near_misses"]:
            side = "b" if (n["a_id"] == info["id"] if "a_id" in n else n["a"] in mine) else "a"
            out.append(f"  - {n[side]}: {n['reason']}  [{n['cite_' + side] or 'no citation'}]")
            if evidence and n.get("text_" + side):
                out.append(f"      \"{' '.join(str(n['text_' + side]).split())}\"")
        first = info["near_misses"][0]
        label = info["label"] if first["label"] == "Organisation/Board" else first["label"]
        out.append(f"  decide: kg review --label {label} --same {_quoted(first['a'])} {_quoted(first['b'])}"
                   " (or --not-same), then kg ingest" + ("; likewise for the others" if len(info["near_misses"]) > 1
                                                          else ""))
    return "\n".join(out)


def _quoted(text: str) -> str:
    """A name as a shell word.

    >>> print(_quoted("Carl Turner"), _quoted('the "Hub" $1'))
    "Carl Turner" "the \\"Hub\\" \\$1"
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'
