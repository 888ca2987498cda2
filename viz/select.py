"""Which part of the graph each view shows, and how it is cut down past ``max_nodes``.

A :class:`Selection` is the view's subgraph plus its positions; :mod:`kg.viz.views`
turns it into a page. Nothing here knows about HTML.

>>> from kg.model import Graph, NodeRec
>>> g = Graph()
>>> g.add_node(NodeRec("board:x", "Board", {"name": "X Board", "aliases": ["XB"]}))
>>> find_entity(g, "xb").id
'board:x'
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from kg.model import Graph, NodeRec, RelRec
from kg.schema import load_schema
from kg.viz.layout import layered

GOVERNANCE_LABELS = frozenset({"Board", "Organisation", "Person", "Post"})
VIEWS = ("governance", "funding", "ego", "board")


class ViewError(ValueError):
    """A view cannot be drawn as asked (unknown view, focus not found). One line for the user."""


@dataclass
class Selection:
    """The nodes and relationships a view shows, with positions when computed in Python."""

    view: str
    nodes: list[NodeRec]
    rels: list[RelRec]
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    physics: bool = False
    focus: NodeRec | None = None
    total_nodes: int = 0
    total_rels: int = 0
    message: str = ""
    title: str = ""
    #: people collapsed into a count on their body until it is clicked: body id -> person ids
    groups: dict[str, list[str]] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return len(self.nodes) < self.total_nodes


def find_entity(graph: Graph, text: str, label: str | None = None) -> NodeRec:
    """The node ``text`` names, by the rules every command shares (:mod:`kg.lookup`), among the
    nodes of ``label`` if given; :class:`ViewError` (one line, with "did you mean") when none or
    several.

    >>> from kg.model import Graph
    >>> try:
    ...     find_entity(Graph(), "nobody")
    ... except ViewError as exc:
    ...     print(exc)
    no entity named 'nobody' in the graph
    """
    from kg.lookup import EntityNotFound, find_in_graph

    try:
        node: NodeRec = find_in_graph(graph, text, labels=[label] if label else None,
                                      what=label.lower() if label else "entity")
    except EntityNotFound as exc:
        raise ViewError(str(exc)) from None
    return node


def _degree(rels: list[RelRec]) -> dict[str, int]:
    deg: dict[str, int] = {}
    for r in rels:
        deg[r.start] = deg.get(r.start, 0) + 1
        deg[r.end] = deg.get(r.end, 0) + 1
    return deg


def _cut(graph: Graph, ids: list[str], rels: list[RelRec], max_nodes: int, keep_first: list[str],
         what: str) -> tuple[list[str], list[RelRec], str]:
    """Keep ``keep_first`` then the best connected nodes, up to ``max_nodes``; say so."""
    if len(ids) <= max_nodes:
        return ids, rels, ""
    deg = _degree(rels)
    rank = {n: i for i, n in enumerate(keep_first)}
    ordered = sorted(ids, key=lambda n: (rank.get(n, len(rank)), -deg.get(n, 0), graph.nodes[n].name))
    kept = set(ordered[:max(1, max_nodes)])
    out_ids = [n for n in ids if n in kept]
    out_rels = [r for r in rels if r.start in kept and r.end in kept]
    msg = (f"Showing {len(out_ids):,} of {len(ids):,} entities ({what}). "
           f"Raise --max-nodes or narrow the view (ego view with --focus/--depth) to see the rest.")
    return out_ids, out_rels, msg


def _live(r: RelRec, graph: Graph) -> bool:
    """Both ends there, and a type paths may follow (the schema's ``paths``): a line about where a
    node was read (MENTIONED_IN) would join everything to everything through the Document nodes."""
    td = load_schema().types.get(r.type)
    return r.start in graph.nodes and r.end in graph.nodes and (td is None or td.paths)


def view_types(view: str) -> list[str]:
    """Relationship types the ``governance`` or ``funding`` view draws, in drawing order (the
    schema's ``view``).

    >>> view_types("funding")
    ['FUNDS', 'MANAGES', 'DELIVERS']
    """
    return load_schema().view_types(view)


def _upper_lower(r: RelRec) -> tuple[str, str]:
    """Which end of a line is drawn above (or, for money, left of) the other: the schema's ``upper``."""
    td = load_schema().types.get(r.type)
    if td is not None and td.upper == "end":
        return r.end, r.start
    return r.start, r.end


def governance(graph: Graph, max_nodes: int) -> Selection:
    """Bodies and people with their governance lines, top-down."""
    rank = {t: i for i, t in enumerate(view_types("governance"))}
    rels = sorted((r for r in graph.rels.values() if r.type in rank and _live(r, graph)
                   and graph.nodes[r.start].label in GOVERNANCE_LABELS
                   and graph.nodes[r.end].label in GOVERNANCE_LABELS),
                  key=lambda r: (rank[r.type], r.id))
    ids = list(dict.fromkeys(n for r in rels for n in (r.start, r.end)))
    total_n, total_r = len(ids), len(rels)
    # Bodies before people when cutting: the structure is the point of this view.
    deg = _degree(rels)
    bodies = sorted((n for n in ids if graph.nodes[n].label in ("Board", "Post")), key=lambda n: -deg.get(n, 0))
    ids, rels, msg = _cut(graph, ids, rels, max_nodes, bodies[:max_nodes // 2], "bodies first, then the "
                          "best connected")
    pos = layered(ids, [_upper_lower(r) for r in rels])
    return Selection("governance", [graph.nodes[n] for n in ids], rels, pos, False, None,
                     total_n, total_r, msg, "Governance: who reports to, oversees and scrutinises whom",
                     people_groups(graph, rels))


def people_groups(graph: Graph, rels: list[RelRec]) -> dict[str, list[str]]:
    """Each body's people (the people its lines join it to), for a picture that shows a count on the
    body until it is clicked: the bodies and their lines are the structure, the people the detail.
    A person with no line to a body (only to other people) stays drawn.

    >>> g = Graph()
    >>> for nid, lab in [("board:b", "Board"), ("person:x", "Person"), ("person:y", "Person")]:
    ...     g.add_node(NodeRec(nid, lab, {"name": nid}))
    >>> people_groups(g, [RelRec("m1", "MEMBER_OF", "person:x", "board:b", {}),
    ...                   RelRec("m2", "HOLDS_TO_ACCOUNT", "person:x", "person:y", {})])
    {'board:b': ['person:x']}
    """
    groups: dict[str, set[str]] = {}
    for r in rels:
        for person, other in ((r.start, r.end), (r.end, r.start)):
            if graph.nodes[person].label == "Person" and graph.nodes[other].label != "Person":
                groups.setdefault(other, set()).add(person)
    return {body: sorted(people, key=lambda n: (graph.nodes[n].name, n)) for body, people in sorted(groups.items())}


def funding(graph: Graph, max_nodes: int) -> Selection:
    """Money flows: funder -> fund -> recipient -> project -> deliverer, left to right."""
    rank = {t: i for i, t in enumerate(view_types("funding"))}
    rels = sorted((r for r in graph.rels.values() if r.type in rank and _live(r, graph)),
                  key=lambda r: (rank[r.type], r.id))
    ids = list(dict.fromkeys(n for r in rels for n in (r.start, r.end)))
    total_n, total_r = len(ids), len(rels)
    ids, rels, msg = _cut(graph, ids, rels, max_nodes, [], "the best connected")
    pos = layered(ids, [_upper_lower(r) for r in rels], horizontal=True, gap=130.0, row_gap=270.0)
    return Selection("funding", [graph.nodes[n] for n in ids], rels, pos, False, None, total_n, total_r, msg,
                     "Funding: where the money flows")


def adjacency(graph: Graph) -> dict[str, list[RelRec]]:
    """Relationships by node, both directions, leaving out document mentions and dangling ends.

    Build it once when drawing many views of one graph (the atlas does).
    """
    adj: dict[str, list[RelRec]] = {}
    for r in sorted(graph.rels.values(), key=lambda r: r.id):
        if _live(r, graph) and graph.nodes[r.start].label != "Document" \
                and graph.nodes[r.end].label != "Document":
            adj.setdefault(r.start, []).append(r)
            if r.end != r.start:
                adj.setdefault(r.end, []).append(r)
    return adj


def ego(graph: Graph, focus: str, depth: int, max_nodes: int,
        adj: dict[str, list[RelRec]] | None = None) -> Selection:
    """Everything within ``depth`` hops of ``focus`` (not through Document nodes)."""
    centre = find_entity(graph, focus)
    if adj is None:
        adj = adjacency(graph)
    hops = {centre.id: 0}
    parent: dict[str, str] = {}
    queue = deque([centre.id])
    while queue:
        n = queue.popleft()
        if hops[n] >= depth:
            continue
        for r in adj.get(n, []):
            other = r.end if r.start == n else r.start
            if other not in hops:
                hops[other], parent[other] = hops[n] + 1, n
                queue.append(other)
    ids = sorted(hops, key=lambda n: (hops[n], graph.nodes[n].name))
    rels = list({r.id: r for n in ids for r in adj.get(n, [])
                 if r.start in hops and r.end in hops}.values())
    total_n, total_r = len(ids), len(rels)
    # Nearest first, then best connected: the cut keeps the focus's own neighbourhood.
    deg = _degree(rels)
    by_near = sorted(ids, key=lambda n: (hops[n], -deg.get(n, 0), graph.nodes[n].name))
    ids, rels, msg = _cut(graph, ids, rels, max_nodes, by_near, "the nearest, then the best connected")
    kept = set(ids)
    # Rows by hop, the focus on top: a row spaces names a label's width apart, where a ring of
    # them (and physics after it) drew names over names.
    pos = layered(ids, [(parent[n], n) for n in ids if n in parent and parent[n] in kept],
                  fixed={n: hops[n] for n in ids}, gap=200.0, row_gap=170.0)
    return Selection("ego", [graph.nodes[n] for n in ids], rels, pos, False, centre,
                     total_n, total_r, msg, f"{centre.name}: {depth} hop{'s' if depth != 1 else ''} around")


def board(graph: Graph, focus: str, max_nodes: int, adj: dict[str, list[RelRec]] | None = None) -> Selection:
    """One board: bodies above it, members (chair and vice-chair marked), bodies below, meetings."""
    b = find_entity(graph, focus, label="Board")
    schema = load_schema()
    level: dict[str, int] = {b.id: 1}
    rels: list[RelRec] = []
    mine = adj.get(b.id, []) if adj is not None else adjacency(graph).get(b.id, [])
    for r in mine:
        if r.start == r.end:
            continue
        side = "out" if r.start == b.id else "in"
        other = r.end if side == "out" else r.start
        td = schema.types.get(r.type)
        section = td.show_section(side) if td is not None else "other"
        if section == "governance_up":
            lv = 0
        elif section in ("governance_down", "members", "holders"):
            lv = 2
        elif section == "meetings" and side == "in":
            lv = 3
        elif section in ("funding_out", "funding_in", "delivery") or (
                section == "plans" and side == "out" and graph.nodes[other].label == "Plan"):
            lv = 2  # its money, what it delivers and the plans it owns
        else:
            continue
        level.setdefault(other, lv)
        rels.append(r)
    ids = sorted(level, key=lambda n: (level[n], graph.nodes[n].name))
    total_n, total_r = len(ids), len(rels)
    # who leads it (a chair: the `lead` of relationships.yaml) is kept first when the picture is cut
    chairs = [r.start for r in rels if r.end == b.id and r.type in schema.types
              and schema.types[r.type].lead_value(r.props)]
    ids, rels, msg = _cut(graph, ids, rels, max_nodes, [b.id, *chairs], "the board, its chairs, then the "
                          "best connected")
    pos = layered(ids, [_upper_lower(r) for r in rels], fixed={n: level[n] for n in ids})
    return Selection("board", [graph.nodes[n] for n in ids], rels, pos, False, b, total_n, total_r, msg,
                     f"Board: {b.name}")


def select(graph: Graph, view: str, focus: str | None, depth: int, max_nodes: int) -> Selection:
    """Dispatch to the view's selection; :class:`ViewError` for a bad view or focus."""
    if max_nodes < 1:
        raise ViewError(f"--max-nodes must be at least 1, not {max_nodes}")
    if view == "governance":
        return governance(graph, max_nodes)
    if view == "funding":
        return funding(graph, max_nodes)
    if view in ("ego", "board"):
        if not focus:
            raise ViewError(f"the {view} view needs a focus (--focus NAME)")
        if view == "ego":
            if depth < 0:
                raise ViewError(f"--depth must be 0 or more, not {depth}")
            return ego(graph, focus, depth, max_nodes)
        return board(graph, focus, max_nodes)
    raise ViewError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
