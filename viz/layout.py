"""Positions computed in Python, so a page draws at once instead of simulating physics.

Two layouts:

* :func:`layered` for the hierarchical views (governance top-down, funding
  left-to-right, one board): rows by longest path over "who is above whom",
  ordered by the barycentre of the row above, wide rows wrapped so a level
  with 150 people does not become one 30,000-pixel line;
* :func:`radial`: rings by hop distance around a focus (the ego view now uses :func:`layered`
  rows by hop, which space names a label's width apart).

>>> pos = layered(["a", "b", "c"], [("a", "b"), ("a", "c")])
>>> pos["a"][1] < pos["b"][1] == pos["c"][1]
True
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

# a wrapped part of a row sits this share of a row's gap below the part before it: enough for a
# label of four lines (a long name wrapped, and its "▸ N people" count) to clear the next one
_WRAPPED_ROW = 0.7


def levels_of(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Level (0 = top) of each node given ``(upper, lower)`` pairs, earlier pairs first.

    A pair that would close a cycle is ignored, so the first-listed (stronger)
    lines win: pass structural lines before memberships.

    >>> levels_of(["p", "b", "x"], [("p", "b"), ("b", "p")])
    {'p': 0, 'b': 1, 'x': 0}
    """
    dag: nx.DiGraph = nx.DiGraph()
    dag.add_nodes_from(nodes)
    for upper, lower in edges:
        if upper == lower or dag.has_edge(upper, lower):
            continue
        if lower in dag and upper in dag and nx.has_path(dag, lower, upper):
            continue  # would close a cycle: a weaker line contradicting a stronger one
        dag.add_edge(upper, lower)
    level: dict[str, int] = {}
    order = list(nx.topological_sort(dag))
    for n in order:
        preds = list(dag.predecessors(n))
        level[n] = max((level[p] + 1 for p in preds), default=0)
    # Pull a top node with no parents down to just above its highest child: a
    # council that only employs people then sits right above those people.
    for n in reversed(order):
        if dag.in_degree(n) == 0 and dag.out_degree(n) > 0:
            level[n] = max(level[n], min(level[c] for c in dag.successors(n)) - 1)
    return {n: level[n] for n in nodes}


def layered(nodes: list[str], edges: list[tuple[str, str]], *, fixed: dict[str, int] | None = None,
            wrap: int | None = None, gap: float = 210.0, row_gap: float = 150.0,
            horizontal: bool = False) -> dict[str, tuple[float, float]]:
    """(x, y) per node: rows by level, ordered by barycentre, wrapped at ``wrap`` per row.

    ``fixed`` gives levels explicitly (the board view); otherwise they come from
    :func:`levels_of`. ``horizontal`` turns rows into columns (funding flows left
    to right). ``wrap`` None picks the row length that makes the picture about as
    wide as a screen is (so it fits without zooming out to specks).

    >>> p = layered(["f", "r"], [("f", "r")], horizontal=True)
    >>> p["f"][0] < p["r"][0]
    True
    """
    level = dict(fixed) if fixed is not None else levels_of(nodes, edges)
    for n in nodes:
        level.setdefault(n, 0)
    parents: dict[str, list[str]] = defaultdict(list)
    for upper, lower in edges:
        if upper in level and lower in level and level[upper] < level[lower]:
            parents[lower].append(upper)
    rows: dict[int, list[str]] = defaultdict(list)
    for n in nodes:
        rows[level[n]].append(n)
    if wrap is None:
        wrap = _best_wrap([len(m) for m in rows.values()], gap, row_gap, horizontal)
    pos: dict[str, tuple[float, float]] = {}
    slot: dict[str, float] = {}
    depth = 0.0
    for lv in sorted(rows):
        members = rows[lv]

        def key(n: str) -> tuple[float, str]:
            ps = [slot[p] for p in parents.get(n, []) if p in slot]
            return (sum(ps) / len(ps) if ps else math.inf, n)

        members.sort(key=key)
        for start in range(0, len(members), wrap):
            chunk = members[start:start + wrap]
            for i, n in enumerate(chunk):
                across = (i - (len(chunk) - 1) / 2) * gap
                # Slot keeps the unwrapped order so children still line up under parents.
                slot[n] = (start + i - (len(members) - 1) / 2) * gap
                pos[n] = (depth, across) if horizontal else (across, depth)
            # a wrapped part of a row sits closer than the next row; across columns (left to
            # right) it needs a whole label's width, or two columns of labels overlap
            depth += row_gap * (_WRAPPED_ROW if start + wrap < len(members) and not horizontal else 1.0)
    return pos


def _best_wrap(counts: list[int], gap: float, row_gap: float, horizontal: bool,
               aspect: float = 1.4) -> int:
    """Row length whose picture's width/height ratio is closest to ``aspect``.

    >>> _best_wrap([3, 100], 200, 150, False) < 100
    True
    """
    if not counts:
        return 1
    widest = max(counts)
    best, best_score = widest, math.inf
    for wrap in range(min(widest, 8), widest + 1):  # rows of up to 8 never wrap
        across = min(widest, wrap) * gap
        along = sum(row_gap * (1 + _WRAPPED_ROW * (math.ceil(c / wrap) - 1)) for c in counts)
        ratio = (along / across) if horizontal else (across / along)
        score = abs(math.log(max(ratio, 1e-6) / aspect))
        if score < best_score - 1e-9:
            best, best_score = wrap, score
    return best


def radial(hops: dict[str, int], parents: dict[str, str], *, spacing: float = 90.0,
           ring_gap: float = 220.0) -> dict[str, tuple[float, float]]:
    """(x, y) per node on rings by hop distance; a node sits near its parent's angle.

    >>> p = radial({"c": 0, "a": 1, "b": 1}, {"a": "c", "b": "c"})
    >>> p["c"]
    (0.0, 0.0)
    """
    rings: dict[int, list[str]] = defaultdict(list)
    for n, h in hops.items():
        rings[h].append(n)
    angle: dict[str, float] = {}
    pos: dict[str, tuple[float, float]] = {}
    radius = 0.0
    for h in sorted(rings):
        members = rings[h]
        if h == 0:
            for n in members:
                angle[n], pos[n] = 0.0, (0.0, 0.0)
            continue
        members.sort(key=lambda n: (angle.get(parents.get(n, ""), 0.0), n))
        # The ring must be long enough for its members at `spacing` apart.
        radius = max(radius + ring_gap, len(members) * spacing / (2 * math.pi))
        for i, n in enumerate(members):
            a = 2 * math.pi * i / len(members)
            angle[n] = a
            pos[n] = (round(radius * math.cos(a), 1), round(radius * math.sin(a), 1))
    return pos
