"""The four Pyvis views: build the network with pyvis, write one self-contained HTML page.

pyvis builds the node and edge lists (:class:`pyvis.network.Network`); the page
itself comes from kg.viz's own template (see :mod:`kg.viz.page` for why), with
vis-network inlined from pyvis's bundled copy, so it opens offline from disk.

>>> from kg.model import Graph, NodeRec, RelRec
>>> g = Graph()
>>> g.add_node(NodeRec("board:a", "Board", {"name": "A Board"}))
>>> g.add_node(NodeRec("board:b", "Board", {"name": "B Panel"}))
>>> g.add_rel(RelRec("r1", "REPORTS_TO", "board:a", "board:b", {}))
>>> import tempfile, pathlib
>>> res = render_view(g, "governance", pathlib.Path(tempfile.mkdtemp()) / "g.html")
>>> (res.nodes, res.edges, res.truncated)
(2, 1, False)
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyvis.network import Network

from kg.model import Graph, NodeRec, RelRec
from kg.outfile import write_text
from kg.schema import OVERVIEWS, load_schema
from kg.viz import page
from kg.viz.select import Selection, select
from kg.viz.style import PLURAL, label_colour, label_shape, node_style, rel_colour, rel_line, rel_phrase, rel_style

# Properties shown on their own line in tooltips, in this order; the rest are bookkeeping.
_NODE_PROPS = ("kind", "sector", "honorific", "title", "date", "location", "period", "status", "description")
# `resolution` is the resolver's bookkeeping (which spellings merged why), not a fact about the entity.
_HIDDEN = frozenset({"id", "name", "aliases", "sources", "evidence", "citations", "resolution"})
_STATUS_DASHED = frozenset({"former", "proposed", "deleted"})


@dataclass
class ViewResult:
    """What :func:`render_view` wrote."""

    path: Path
    view: str
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    truncated: bool
    message: str
    focus: str | None = None


def money(amount: Any) -> str:
    """Pounds with thousands separators; pence only when there are any.

    >>> money(1234567), money(99.5), money("n/a")
    ('£1,234,567', '£99.50', 'n/a')
    """
    try:
        value = float(amount)
    except (TypeError, ValueError, OverflowError):
        return str(amount)
    if not math.isfinite(value):   # never from kg's own graph (kg.model.amount_value); a foreign one
        return "£?"
    return f"£{value:,.0f}" if value.is_integer() else f"£{value:,.2f}"


#: quotes a picture carries per entity or line, and sources it names: the first ones, then a count.
#: A fact that 320 papers restate makes the same page as one that 5 state (the picture is sized by
#: its entities); every quote is in `kg show NAME --evidence` and on the entity's atlas page.
QUOTES_CARRIED = 3
SOURCES_CARRIED = 3


def _evidence(props: dict[str, Any]) -> tuple[list[list[str]], int]:
    """The first :data:`QUOTES_CARRIED` distinct quotes with their first citations, and how many
    citations are left out (of other quotes, or of the same words read again in another paper).

    >>> _evidence({"evidence": ["a", "a", "b", "c", "d"], "citations": ["x:1", "y:1", "x:2", "x:3", "x:4"]})
    ([['a', 'x:1'], ['b', 'x:2'], ['c', 'x:3']], 2)
    """
    quotes = [str(q) for q in props.get("evidence") or []]
    cites = [str(c) for c in props.get("citations") or []]
    sources = [str(s) for s in props.get("sources") or []]
    out: list[list[str]] = []
    seen: set[str] = set()
    for i, q in enumerate(quotes):
        if q in seen:
            continue   # the same words in another paper: counted, not repeated
        if len(out) == QUOTES_CARRIED:
            break
        seen.add(q)
        cite = cites[i] if i < len(cites) else (sources[0] if len(sources) == 1 else "")
        out.append([q, cite])
    return out, len(quotes) - len(out)


def _info(title: str, kind: str, lines: list[str], props: dict[str, Any]) -> dict[str, Any]:
    """Tooltip and details data: ``e`` the carried quotes, ``m`` how many more there are, ``s`` the
    first sources and ``n`` how many documents in all."""
    ev, more = _evidence(props)
    sources = [str(s) for s in props.get("sources") or []]
    return {"t": title, "k": kind, "l": lines, "e": ev, "m": more, "s": sources[:SOURCES_CARRIED],
            "n": len(sources)}


def _prop_text(key: str, value: Any) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    if key in ("amount", "spent", "remaining"):
        value = money(value)
    return f"{key.replace('_', ' ')}: {value}"


def node_info(n: NodeRec) -> dict[str, Any]:
    """Tooltip and details data of a node (plain text; the page never parses it as HTML)."""
    extra = [str(n.props[k]) for k in ("kind", "sector") if n.props.get(k)]
    kind = n.label + (f" ({', '.join(extra)})" if extra else "")
    lines = []
    aliases = [str(a) for a in n.props.get("aliases") or []]
    if aliases:
        lines.append("Also: " + "; ".join(aliases))
    keys = [k for k in _NODE_PROPS if k not in ("kind", "sector")]
    keys += sorted(k for k in n.props if k not in _HIDDEN and k not in _NODE_PROPS)
    lines += [_prop_text(k, n.props[k]) for k in keys if k in n.props]
    return _info(n.name, kind, lines, n.props)


def rel_info(r: RelRec, graph: Graph) -> dict[str, Any]:
    """Tooltip and details data of a relationship."""
    a, b = graph.nodes[r.start].name, graph.nodes[r.end].name
    status = r.props.get("status")
    kind = r.type + (f" ({status})" if status else "")
    lines = [_prop_text(k, v) for k, v in sorted(r.props.items()) if k not in _HIDDEN and k != "status"]
    return _info(f"{a} {rel_phrase(r.type)} {b}", kind, lines, r.props)


def balance_text(props: dict[str, Any]) -> str:
    """What was spent and what is left of a money flow, where known (a balance the paper did not
    state is kg's subtraction, and says so).

    >>> balance_text({"amount": 50000, "spent": 20000, "remaining": 30000})
    'spent £20,000 · left £30,000'
    >>> balance_text({"amount": 50000, "spent": 20000})
    'spent £20,000 · left £30,000 (derived)'
    """
    derived = "" if "remaining" in props or "spent" not in props or "amount" not in props else (
        f"left {money(props['amount'] - props['spent'])} (derived)")
    return " · ".join(x for x in (f"spent {money(props['spent'])}" if "spent" in props else "",
                                  f"left {money(props['remaining'])}" if "remaining" in props else derived) if x)


class _LabelFields(dict[str, str]):
    """Template fields of an edge label: the formatted ones, else the raw property, else blank."""

    def __init__(self, fields: dict[str, str], props: dict[str, Any]) -> None:
        super().__init__(fields)
        self.props = props

    def __missing__(self, key: str) -> str:
        value = self.props.get(key)
        return "" if value is None or isinstance(value, (dict, list)) else str(value)


def edge_label(rtype: str, props: dict[str, Any], view: str) -> str:
    """The label of a line in the ``view`` picture, from its type's ``label`` template in
    relationships.yaml (a type the schema does not know: its phrase in entity pictures).

    >>> edge_label("FUNDS", {"amount": 50000, "period": "2025-26", "spent": 20000, "remaining": 30000}, "ego")
    '£50,000 2025-26\\nspent £20,000 · left £30,000'
    >>> edge_label("FUNDS", {"amount": 50000, "period": "2025-26"}, "funding")
    '£50,000 2025-26'
    >>> edge_label("MEMBER_OF", {"role": "vice_chair"}, "governance"), edge_label("MEMBER_OF", {}, "ego")
    ('vice-chair', '')
    """
    td = load_schema().types.get(rtype)
    template = td.label_template(view) if td is not None else ("" if view in OVERVIEWS else "{phrase}")
    if not template:
        return ""
    title = str(props.get("title", ""))
    fields = {
        "phrase": rel_phrase(rtype),
        "amount": money(props["amount"]) if "amount" in props else "",
        "spent": money(props["spent"]) if "spent" in props else "",
        "remaining": money(props["remaining"]) if "remaining" in props else "",
        "balance": balance_text(props),
        "title": title[:28] + "…" if len(title) > 29 else title,
        "lead": td.lead_value(props).replace("_", "-") if td is not None else "",
    }
    text = template.format_map(_LabelFields(fields, props))
    # a missing field leaves no doubled space and no blank line
    return "\n".join(ln for ln in (" ".join(x.split()) for x in text.split("\n")) if ln)


def funding_label(props: dict[str, Any]) -> str:
    """Edge label of a money flow in an entity picture (the FUNDS ``label`` of relationships.yaml).

    >>> funding_label({"amount": 50000, "period": "2025-26", "spent": 20000, "remaining": 30000})
    '£50,000 2025-26\\nspent £20,000 · left £30,000'
    """
    return edge_label("FUNDS", props, "ego")


def _edge_label(r: RelRec, sel: Selection) -> str:
    # The two big views keep their lines wordless but for what tells one line of a kind from
    # another (an amount and year, a chair): colour and the legend say the kind, the tooltip the
    # rest; words on every line are what made them an unreadable smear. So does a crowded ego
    # picture for the lines labelled with just their phrase.
    td = load_schema().types.get(r.type)
    if sel.view == "ego" and len(sel.rels) > 80 and (td is None or td.label_template("ego") == "{phrase}"):
        return ""
    return edge_label(r.type, r.props, sel.view)


def meeting_boards(graph: Graph) -> dict[str, NodeRec]:
    """The board of each meeting (its MEETING_OF line)."""
    return {r.start: graph.nodes[r.end] for r in sorted(graph.rels.values(), key=lambda r: r.id)
            if r.type == "MEETING_OF" and r.end in graph.nodes}


def meeting_label(n: NodeRec, boards: dict[str, NodeRec]) -> str:
    r"""'LLR Police and Crime Panel\n2026-02-04': the board's shortest written name, then the date.

    >>> b = NodeRec("board:p", "Board", {"name": "Westshire Police and Crime Panel", "aliases": ["WPCP", "The Panel"]})
    >>> meeting_label(NodeRec("meeting:m", "Meeting", {"name": "x", "date": "2026-02-04"}), {"meeting:m": b})
    'The Panel\n2026-02-04'
    """
    board = boards.get(n.id)
    date = str(n.props.get("date") or "")
    if board is None:
        return _short(n.name) if not date else _short(n.name.replace(date, "").strip() or n.name, 40) + "\n" + date
    names = [board.name, *[str(a) for a in board.props.get("aliases") or [] if len(str(a)) > 5]]
    short = min(names, key=lambda s: (len(s), s))
    return _short(short, 40) + ("\n" + date if date else "")


def _short(name: str, limit: int = 70) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _options(sel: Selection, n_edges: int) -> dict[str, Any]:
    big = len(sel.nodes) > 300 or n_edges > 600
    smooth: dict[str, Any] | bool
    if big:
        smooth = False  # straight lines draw several times faster
    elif sel.view == "ego":
        smooth = {"enabled": True, "type": "continuous", "roundness": 0.3}
    else:
        direction = "horizontal" if sel.view == "funding" else "vertical"
        smooth = {"enabled": True, "type": "cubicBezier", "forceDirection": direction, "roundness": 0.45}
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": sel.physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 110, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 25, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "navigationButtons": False, "keyboard": False},
        # labels are drawn however small (vis-network's default skips those under 5 px): a
        # picture is never unlabelled shapes, and every label's box is known for the layout checks
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif"}, "borderWidth": 1,
                  "widthConstraint": {"maximum": 170}, "scaling": {"label": {"drawThreshold": 1}}},
        "edges": {"smooth": smooth, "selectionWidth": 2, "scaling": {"label": {"drawThreshold": 1}},
                  "font": {"size": 10, "align": "middle", "strokeWidth": 3, "color": "#333333"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}},
    }


def build_network(sel: Selection, graph: Graph) -> Network:
    """A pyvis Network of the selection: styled nodes at their computed positions, labelled edges."""
    net = Network(directed=True, cdn_resources="in_line")
    boards = meeting_boards(graph)
    collapsed = {p for people in sel.groups.values() for p in people}   # drawn when their body is clicked
    deg: Counter[str] = Counter()
    for r in sel.rels:
        deg[r.start] += 1
        deg[r.end] += 1
    for n in sel.nodes:
        style = node_style(n.label)
        opts: dict[str, Any] = {"color": style["color"], "font": style["font"], "kgName": n.name,
                                "kgLabel": n.label}
        if style["shape"] not in ("box", "ellipse", "database"):
            opts["size"] = round(9 + 3 * math.sqrt(deg[n.id]), 1)
        if n.id in sel.positions:
            opts["x"], opts["y"] = sel.positions[n.id]
        if sel.focus is not None and n.id == sel.focus.id:
            opts["borderWidth"] = 4
            opts["font"] = {**style["font"], "size": 17}
        # A meeting is its board and its date: a bare date says nothing in a picture of many boards.
        text = meeting_label(n, boards) if n.label == "Meeting" else _short(n.name)
        if n.id in sel.groups:
            text += "\n" + people_count(len(sel.groups[n.id]), shown=False)
        if n.id in collapsed:
            opts["hidden"] = True
        net.add_node(n.id, label=text, shape=style["shape"], **opts)
    money_types = set(load_schema().money_types())
    amounts = [float(r.props["amount"]) for r in sel.rels
               if r.type in money_types and isinstance(r.props.get("amount"), (int, float))]
    top = max(amounts, default=0.0)
    seen: Counter[tuple[str, str]] = Counter()
    for r in sel.rels:
        colour = rel_colour(r.type)
        eopts: dict[str, Any] = {"id": r.id, "label": _edge_label(r, sel),
                                 "color": {"color": colour, "highlight": "#000000", "hover": colour}}
        eopts.update(rel_style(r.type))   # width, and the head or dashes of the type's line style
        if r.type in money_types:
            eopts["font"] = {"size": 12, "color": "#7a1010", "strokeWidth": 4, "align": "horizontal"}
        if r.type in money_types and isinstance(r.props.get("amount"), (int, float)) and top > 0:
            # Width by amount on a log scale: £1k and £1m both stay visible.
            eopts["width"] = round(1 + 9 * math.log1p(float(r.props["amount"])) / math.log1p(top), 2)
        if r.props.get("status") in _STATUS_DASHED:
            eopts["dashes"] = True
        if r.start in collapsed or r.end in collapsed:
            eopts["hidden"] = True
        pair = (min(r.start, r.end), max(r.start, r.end))
        k = seen[pair]
        seen[pair] += 1
        if k:  # several lines between the same two nodes (e.g. one per period): fan them out
            eopts["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                               "roundness": 0.2 * ((k + 1) // 2)}
        net.add_edge(r.start, r.end, **eopts)
    net.options = _options(sel, len(sel.rels))
    return net


def people_count(n: int, shown: bool) -> str:
    """The count of people on a body's label: '▸ 12 people' collapsed, '▾ 12 people' shown.

    >>> people_count(1, False), people_count(12, True)
    ('▸ 1 person', '▾ 12 people')
    """
    return f"{'▾' if shown else '▸'} {n} {'person' if n == 1 else 'people'}"


def page_data(sel: Selection, graph: Graph, net: Network) -> dict[str, Any]:
    """The JSON the page script reads: vis node/edge options, plain-text info, search aliases."""
    by_id = {n.id: n for n in sel.nodes}
    rel_by_id = {r.id: r for r in sel.rels}
    nodes = [{"v": v, "i": node_info(by_id[v["id"]]),
              "a": [str(a) for a in by_id[v["id"]].props.get("aliases") or []]} for v in net.nodes]
    edges = [{"v": e, "i": rel_info(rel_by_id[e["id"]], graph)} for e in net.edges]
    options = net.options if isinstance(net.options, dict) else {}
    # where a picture too big to read whole starts: money flows from the left, authority from the top
    anchor = {"funding": "left", "governance": "top", "board": "top"}.get(sel.view)
    # people collapsed into a count on their body: the page shows them when the body is clicked
    labels = {v["id"]: str(v.get("label", "")) for v in net.nodes}
    groups = {body: {"people": people, "label": labels[body].rsplit("\n", 1)[0],
                     "shown": people_count(len(people), shown=True)} for body, people in sel.groups.items()}
    return {"nodes": nodes, "edges": edges, "options": options,
            "focus": sel.focus.id if sel.focus is not None else None, "anchor": anchor, "groups": groups}


_EMPTY = {
    "governance": "No governance lines (reports to, oversees, scrutinises, membership, roles) in this graph.",
    "funding": "No money flows (funds, manages, delivers) in this graph.",
}


def write_view(sel: Selection, graph: Graph, out: Path, *, asset_prefix: str | None = None,
               back_href: str | None = None) -> ViewResult:
    """Write the page of a selection. ``asset_prefix`` (atlas pages): link shared assets at that
    relative path instead of inlining them."""
    net = build_network(sel, graph)
    data = page_data(sel, graph, net)
    message = sel.message or ("" if sel.nodes else _EMPTY.get(sel.view, "Nothing to show."))
    node_counts = Counter(n.label for n in sel.nodes)
    rel_counts = Counter(r.type for r in sel.rels)
    legend_nodes = [{"text": PLURAL.get(lb, lb) + (" (a count on their body: click it to show them)"
                                                   if lb == "Person" and sel.groups else ""),
                     "colour": label_colour(lb), "shape": label_shape(lb),
                     "count": c} for lb, c in sorted(node_counts.items())]
    legend_rels = [{"text": rel_phrase(t) + {"heavy": " (heavy, ◆)", "dashed": " (dashed)"}.get(rel_line(t), ""),
                    "colour": rel_colour(t), "count": c, "heavy": rel_line(t) == "heavy",
                    "dashed": rel_line(t) == "dashed"} for t, c in sorted(rel_counts.items())]
    shared = asset_prefix is not None
    scripts = [] if shared else [page.vis_asset("vis-network.min.js"), page.own_asset("view.js")]
    subtitle = f"{len(sel.nodes):,} entities, {len(sel.rels):,} lines. Drag to move, scroll to zoom, " \
               "hover or click for the source quote."
    html = page.render(
        "view.html", scripts, title=sel.title, subtitle=subtitle, view=sel.view, message=message,
        legend_nodes=legend_nodes, legend_rels=legend_rels,
        has_status=any(r.props.get("status") in _STATUS_DASHED for r in sel.rels),
        data=page.script_json(data), shared=shared, asset_prefix=asset_prefix or "",
        back_href=back_href, vis_css="" if shared else page.Markup(page.vis_asset("vis-network.css")),
        view_css="" if shared else page.Markup(page.own_asset("view.css")))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text(out, html)     # through a temporary file: a failed write keeps the old page
    return ViewResult(out, sel.view, len(sel.nodes), len(sel.rels), sel.total_nodes, sel.total_rels,
                      sel.truncated, message, sel.focus.id if sel.focus is not None else None)


def render_view(graph: Graph, view: str, out: Path, focus: str | None = None, depth: int = 2,
                max_nodes: int = 400) -> ViewResult:
    """Draw one view of ``graph`` into the self-contained HTML file ``out``.

    ``view`` is ``governance``, ``funding``, ``ego`` (needs ``focus``: a name, alias or id,
    case-insensitive; ``depth`` hops) or ``board`` (``focus`` names the board). Past
    ``max_nodes`` the view keeps the best connected (or nearest) entities and says so on
    the page. Raises :class:`kg.viz.select.ViewError` for an unknown view or focus.

    Example: ``render_view(store.graph(), "ego", Path("pcc.html"), focus="OPCC", depth=1)``.
    """
    sel = select(graph, view, focus, depth, max_nodes)
    return write_view(sel, graph, out)
