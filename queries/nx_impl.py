"""The embedded store's twin of every ``.cypher`` query: the same rows from a networkx graph.

Each public function mirrors the ``.cypher`` file of the same name, so the two can be read side
by side; ``tests/test_queries.py`` checks them against each other on a real Neo4j. Rules both follow:

* an entity parameter matches a node whose name, id or any alias equals it, ignoring case
  (:func:`matches`); ``Document`` nodes are never matched;
* rows are ordered as the Cypher ``ORDER BY`` orders them, with nulls last (:func:`order_by`);
* lists inside a row are sorted where the Cypher sorts them, otherwise they keep the stored order;
* a level in a chain is the length of the shortest path that reaches the line (Cypher: ``min(length(p))``
  over the variable-length matches, which is the breadth-first distance here).

The graph is :func:`kg.store.memory.to_networkx`: node attributes ``label`` and ``props``, edges
keyed by relationship id with attributes ``type`` and ``props``.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:   # the graph may also be kg.store.read_index.IndexedGraph: no networkx to import
    import networkx as nx

Row = dict[str, Any]
Edge = tuple[str, str, str, dict[str, Any]]   # start, end, relationship id, edge data

MAX_CHAIN = 8          # *1..8 in governance-chain and funding-trace
MAX_CONNECTION = 10    # *..10 in shortest-connection


# -- helpers shared by the queries -------------------------------------------------------------
#: The schema's type lists the queries follow, when set: the quick path of `kg query`
#: (kg/cli_quick.py) sets them from its cache, so that it reads no YAML. Otherwise (None) they are
#: read from the schema on every use (kg.schema.load_schema caches it; a test may change it).
TYPE_LISTS: dict[str, tuple[str, ...]] | None = None


def schema_type_lists() -> dict[str, tuple[str, ...]]:
    """The relationship types of kg/schema/relationships.yaml the queries follow: those paths may
    follow (``paths``), the governance lines the chains climb, whose end (``chain_end``) or start
    (``chain_start``) is the upper one, and every governance line whose end or start is the upper
    one (``upper_end``, ``upper_start``): %PATH_TYPES% and the other marks of the .cypher files.

    >>> "MENTIONED_IN" in schema_type_lists()["paths"], schema_type_lists()["chain_end"]
    (False, ('REPORTS_TO', 'PART_OF'))
    """
    from kg.schema import load_schema

    s = load_schema()
    return {"paths": tuple(s.path_types()), "chain_end": tuple(s.governance_types("end", chain=True)),
            "chain_start": tuple(s.governance_types("start", chain=True)),
            "upper_end": tuple(s.governance_types("end")), "upper_start": tuple(s.governance_types("start"))}


def type_list(which: str) -> tuple[str, ...]:
    """One of :func:`schema_type_lists`, from :data:`TYPE_LISTS` when set."""
    return (TYPE_LISTS if TYPE_LISTS is not None else schema_type_lists())[which]


def matches(g: nx.MultiDiGraph, value: str, labels: Iterable[str] | None = None) -> list[str]:
    """Ids of the nodes that ``value`` names (name, id or alias, ignoring case), sorted.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("org:opcc", label="Organisation",
    ...            props={"id": "org:opcc", "name": "Office", "aliases": ["OPCC"]})
    >>> matches(g, "opcc")
    ['org:opcc']
    """
    want = value.lower()
    allowed = set(labels) if labels is not None else None
    out = []
    # the store's read index gives the few nodes the value may name (a superset) instead of all
    named = getattr(g, "nodes_named", None)
    for nid, data in (named(value) if named is not None else g.nodes(data=True)):
        label = data.get("label")
        if label == "Document" or (allowed is not None and label not in allowed):
            continue
        p = data.get("props") or {}
        if (str(p.get("name", "")).lower() == want or str(p.get("id", nid)).lower() == want
                or any(isinstance(a, str) and a.lower() == want for a in p.get("aliases") or [])):
            out.append(nid)
    return sorted(out)


def _np(g: nx.MultiDiGraph, nid: str) -> dict[str, Any]:
    return _plain(g.nodes[nid].get("props"))


def _plain(props: Any) -> dict[str, Any]:
    """Properties as a dict: those the store's read index decodes when first read
    (kg.store.read_index.LazyProps) are read as the plain dict they decode to, once, not with a
    call per property; any other mapping as it is."""
    if props is not None and props.__class__ is not dict:
        decoded = getattr(props, "decoded", None)
        if decoded is not None:
            props = decoded()
    return props or {}


def _name(g: nx.MultiDiGraph, nid: str) -> Any:
    return _np(g, nid).get("name")


def _label_in(g: nx.MultiDiGraph, nid: str, allowed: Iterable[str]) -> str | None:
    """``head([l IN labels(n) WHERE l IN [...]])``."""
    label = g.nodes[nid].get("label")
    return label if isinstance(label, str) and label in allowed else None


def _out(g: nx.MultiDiGraph, nid: str, types: Iterable[str]) -> Iterator[Edge]:
    ts = set(types)
    typed = getattr(g, "typed_edges", None)   # the store's read index: the same lines, kept by type
    if typed is not None:
        return iter(typed(nid, 0, ts))
    return ((s, e, k, d) for s, e, k, d in g.out_edges(nid, keys=True, data=True) if d.get("type") in ts)


def _in(g: nx.MultiDiGraph, nid: str, types: Iterable[str]) -> Iterator[Edge]:
    ts = set(types)
    typed = getattr(g, "typed_edges", None)
    if typed is not None:
        return iter(typed(nid, 1, ts))
    return ((s, e, k, d) for s, e, k, d in g.in_edges(nid, keys=True, data=True) if d.get("type") in ts)


def _rp(edge: Edge) -> dict[str, Any]:
    return _plain(edge[3].get("props"))


def _sorted_strings(values: Iterable[Any]) -> list[Any]:
    """Sorted, as the Cypher insertion sort
    ``reduce(s = [], x IN l | [y IN s WHERE y < x] + [x] + [y IN s WHERE y >= x])`` sorts."""
    return sorted(values)


def order_by(rows: list[Row], *keys: str | tuple[str, bool] | tuple[Callable[[Row], Any], bool]) -> list[Row]:
    """Sort like Cypher ``ORDER BY``: ascending puts nulls last, descending puts them first.

    A key is a column name, or ``(column or function, descending)``.

    >>> order_by([{"a": None}, {"a": 2}, {"a": 1}], "a")
    [{'a': 1}, {'a': 2}, {'a': None}]
    """
    if all(isinstance(key, str) for key in keys):
        # columns, all ascending: one sort on the list of (null, value) pairs, the order of one
        # stable sort per column from the last (a board's 600 rows by nine columns took 4 ms so)
        columns = [str(key) for key in keys]
        return sorted(rows, key=lambda row: [(v is None, 0 if v is None else v) for v in map(row.get, columns)])
    out = list(rows)
    for key in reversed(keys):
        desc = False
        if isinstance(key, tuple):
            key, desc = key
        get: Callable[[Row], Any] = key if callable(key) else _column(str(key))
        # None sorts after every value ascending; reversing the whole sort puts it first descending
        out.sort(key=_nulls_last(get), reverse=desc)
    return out


def _nulls_last(get: Callable[[Row], Any]) -> Callable[[Row], tuple[bool, Any]]:
    def key(row: Row) -> tuple[bool, Any]:
        v = get(row)
        return (v is None, 0 if v is None else v)
    return key


def _column(name: str) -> Callable[[Row], Any]:
    return lambda row: row.get(name)


def _bfs(g: nx.MultiDiGraph, start: str, step: Callable[[str], Iterable[tuple[str, Edge]]],
         limit: int, positive: bool = False, until: Iterable[str] = ()) -> dict[str, int]:
    """Breadth-first distances along ``step`` (node -> (next node, edge)), up to ``limit``.

    With ``positive`` the start itself is not at distance 0: its distance is that of the
    shortest cycle back to it (Cypher ``*1..n`` ending at the start), if any. With ``until``, the
    walk stops once every node of it has its distance: every node up to the farthest of them is
    then found (and each distance found is exact, as always breadth-first), farther ones may not.
    """
    wanted = set(until)
    dist: dict[str, int] = {}
    queue: deque[str] = deque()
    if positive:
        for nxt, _ in step(start):
            if nxt not in dist:
                dist[nxt] = 1
                queue.append(nxt)
    else:
        dist[start] = 0
        queue.append(start)
    while queue:
        u = queue.popleft()
        if dist[u] >= limit:
            continue
        if wanted and all(w in dist for w in wanted) and dist[u] >= max(dist[w] for w in wanted):
            return dist
        for nxt, _ in step(u):
            if nxt not in dist:
                dist[nxt] = dist[u] + 1
                queue.append(nxt)
    return dist


# -- the queries ---------------------------------------------------------------------------------
_ROLE_RANK = {"chair": 0, "vice_chair": 1, "member": 2, "independent_member": 3, "observer": 4}


def board_members(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``board-members.cypher``: MEMBER_OF and HOLDS_ROLE lines into the board, chair first."""
    rows = []
    for b in matches(g, params["board"], ("Board", "Organisation")):
        board = _name(g, b)
        for e in _in(g, b, ("MEMBER_OF", "HOLDS_ROLE")):
            rp, m = _rp(e), e[0]
            rtype = e[3]["type"]
            role = _coalesce(rp.get("role"), "member") if rtype == "MEMBER_OF" else rp.get("title")
            rank = 9 if rtype == "HOLDS_ROLE" else (_ROLE_RANK.get(role, 5) if isinstance(role, str) else 5)
            rows.append({"board": board, "member": _name(g, m),
                         "member_type": _label_in(g, m, ("Person", "Organisation", "Board", "Post")),
                         "relation": rtype, "role": role, "representing": rp.get("representing"),
                         "status": rp.get("status"), "citations": rp.get("citations"), "_rank": rank})
    return _strip(order_by(rows, "board", "_rank", "role", "member"))


_TARGET_LABELS = ("Person", "Organisation", "Board", "Post", "Meeting")
_PERSON_RANK = {"HOLDS_ROLE": 0, "HOLDS_POST": 1, "MEMBER_OF": 2, "HOLDS_TO_ACCOUNT": 3, "PRESENTED": 4}


def person_roles(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``person-roles.cypher``: a person's offices, memberships, accountability and meetings."""
    rows = []
    for p in matches(g, params["person"], ("Person",)):
        for e in _out(g, p, ("HOLDS_ROLE", "HOLDS_POST", "MEMBER_OF", "HOLDS_TO_ACCOUNT", "PRESENTED",
                             "ATTENDED")):
            rp, t, rtype = _rp(e), e[1], e[3]["type"]
            detail: Any = None
            if rtype == "HOLDS_ROLE":
                detail = rp.get("title")
            elif rtype == "MEMBER_OF":
                detail = _coalesce(rp.get("role"), "member")
            elif rtype == "PRESENTED":
                detail = rp.get("item")
            elif rtype == "ATTENDED":
                detail = "apologies" if rp.get("apologies") is True else "present"
            rows.append({"person": _name(g, p), "relation": rtype, "detail": detail, "target": _name(g, t),
                         "target_type": _label_in(g, t, _TARGET_LABELS),
                         "date": _np(g, t).get("date"), "status": rp.get("status"),
                         "citations": rp.get("citations"), "_rank": _PERSON_RANK.get(rtype, 5)})
    return _strip(order_by(rows, "person", "_rank", "date", "target", "detail"))


def _chain_types() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The governance lines the chain queries climb (``chain: true`` in the schema): those drawn
    lower -> upper (REPORTS_TO, PART_OF), and those drawn upper -> lower (OVERSEES, SCRUTINISES,
    HOLDS_TO_ACCOUNT): CHAIN_TYPES and CHAIN_UPPER_END in the .cypher."""
    return type_list("chain_end"), type_list("chain_start")


def _is_board(g: nx.MultiDiGraph, nid: str) -> bool:
    return bool(g.nodes[nid].get("label") == "Board")


def _upward(g: nx.MultiDiGraph) -> Callable[[str], Iterator[tuple[str, Edge]]]:
    """One step up: REPORTS_TO and PART_OF out, OVERSEES, SCRUTINISES and HOLDS_TO_ACCOUNT in,
    and a board's MEMBER_OF another board (membership of a parent board)."""
    up_out, up_in = _chain_types()

    def step(u: str) -> Iterator[tuple[str, Edge]]:
        for e in _out(g, u, (*up_out, "MEMBER_OF")):
            if e[3]["type"] != "MEMBER_OF" or (_is_board(g, u) and _is_board(g, e[1])):
                yield e[1], e
        for e in _in(g, u, up_in):
            yield e[0], e
    return step


def _downward(g: nx.MultiDiGraph) -> Callable[[str], Iterator[tuple[str, Edge]]]:
    """One step down: the mirror of :func:`_upward`."""
    up_out, up_in = _chain_types()

    def step(u: str) -> Iterator[tuple[str, Edge]]:
        for e in _in(g, u, (*up_out, "MEMBER_OF")):
            if e[3]["type"] != "MEMBER_OF" or (_is_board(g, u) and _is_board(g, e[0])):
                yield e[0], e
        for e in _out(g, u, up_in):
            yield e[1], e
    return step


def _via(e: Edge) -> str:
    return "membership" if e[3]["type"] == "MEMBER_OF" else "line"


def _chain(g: nx.MultiDiGraph, body: str, step: Callable[[str], Iterator[tuple[str, Edge]]]
           ) -> Iterator[tuple[str, int, str, str, Edge]]:
    """(start, level, near end, far end, edge) for every line within 8 levels, at its first level."""
    for b in matches(g, body):
        dist = _bfs(g, b, step, MAX_CHAIN - 1)
        seen: set[str] = set()
        for near in sorted(dist, key=lambda n: (dist[n], n)):
            for far, e in step(near):
                if e[2] in seen:
                    continue
                seen.add(e[2])
                yield b, dist[near] + 1, near, far, e


def governance_chain(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``governance-chain.cypher``: every upward line within 8 levels, at its first level."""
    rows = [{"body": _name(g, b), "level": level, "lower": _name(g, lower), "relation": e[3]["type"],
             "upper": _name(g, upper), "via": _via(e), "status": _rp(e).get("status"),
             "citations": _rp(e).get("citations")}
            for b, level, lower, upper, e in _chain(g, params["body"], _upward(g))]
    return order_by(rows, "body", "level", "lower", "relation", "upper")


def governance_below(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``governance-below.cypher``: every downward line within 8 levels, at its first level."""
    rows = [{"body": _name(g, b), "level": level, "upper": _name(g, upper), "relation": e[3]["type"],
             "lower": _name(g, lower), "via": _via(e), "status": _rp(e).get("status"),
             "citations": _rp(e).get("citations")}
            for b, level, upper, lower, e in _chain(g, params["body"], _downward(g))]
    return order_by(rows, "body", "level", "upper", "relation", "lower")


_SCRUTINY = ("SCRUTINISES", "HOLDS_TO_ACCOUNT", "OVERSEES")


def scrutiny(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``scrutiny.cypher``: scrutiny lines touching the entity, and those reaching a person's office."""
    found: list[tuple[str, Edge]] = []
    for t in matches(g, params["entity"]):
        for e in _in(g, t, _SCRUTINY):
            found.append((t, e))
        for e in _out(g, t, _SCRUTINY):
            if e[1] != t:      # a self-loop is one undirected match, already counted
                found.append((t, e))
    for t in matches(g, params["entity"], ("Person",)):
        for _, post, _, _ in _out(g, t, ("HOLDS_POST",)):
            for e in _in(g, post, _SCRUTINY):
                found.append((t, e))
    rows = [{"entity": _name(g, t), "actor": _name(g, e[0]), "relation": e[3]["type"],
             "subject": _name(g, e[1]), "status": _rp(e).get("status"), "citations": _rp(e).get("citations")}
            for t, e in found]
    return order_by(rows, "entity", "relation", "actor", "subject")


_BOARD_TYPES = ("Person", "Organisation", "Board", "Post", "Plan", "Project", "Meeting")
_CHAIR_RANK = {"chair": 0, "vice_chair": 1}


def board_picture(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``board-picture.cypher``: the board's lines, part by part (above, overseen by, members,
    offices, below, oversees, meetings)."""
    found: list[tuple[str, int, str, Edge, str, Any]] = []   # board, rank, part, edge, other, role
    # the governance lines whose end, or start, is the upper one (GOVERNANCE_UPPER_END and _START)
    above = (*type_list("upper_end"), "MEMBER_OF")
    actors = type_list("upper_start")
    for b in matches(g, params["board"], ("Board", "Organisation")):
        def board_pair(o: str, b: str = b) -> bool:
            return _is_board(g, b) and _is_board(g, o)

        for e in _out(g, b, above):
            if e[3]["type"] != "MEMBER_OF" or board_pair(e[1]):
                found.append((b, 0, "above", e, e[1], "membership" if e[3]["type"] == "MEMBER_OF" else None))
        for e in _in(g, b, actors):
            found.append((b, 1, "overseen, scrutinised or supported by", e, e[0], None))
        for e in _in(g, b, ("MEMBER_OF",)):
            if not board_pair(e[0]):
                found.append((b, 2, "member", e, e[0], _coalesce(_rp(e).get("role"), "member")))
        for e in _in(g, b, ("HOLDS_ROLE",)):
            found.append((b, 3, "office", e, e[0], _rp(e).get("title")))
        for e in _in(g, b, above):
            if e[3]["type"] != "MEMBER_OF" or board_pair(e[0]):
                role = _coalesce(_rp(e).get("role"), "member") if e[3]["type"] == "MEMBER_OF" else None
                found.append((b, 4, "below", e, e[0], role))
        for e in _out(g, b, actors):
            found.append((b, 5, "oversees, scrutinises or supports", e, e[1], None))
        for e in _in(g, b, ("MEETING_OF",)):
            if g.nodes[e[0]].get("label") == "Meeting":
                found.append((b, 6, "meeting", e, e[0], None))
    names = {b: _name(g, b) for b, *_ in found}
    rows = [{"board": names[b], "part": part, "relation": e[3]["type"], "other": _name(g, o),
             "other_type": _label_in(g, o, _BOARD_TYPES), "role": role,
             "representing": rp.get("representing"), "date": _np(g, o).get("date"),
             "status": rp.get("status"), "citations": rp.get("citations"), "_rank": rank,
             "_chair": _CHAIR_RANK.get(role, 2) if isinstance(role, str) else 2}
            for b, rank, part, e, o, role in found for rp in (_rp(e),)]
    return _strip(order_by(rows, "board", "_rank", "_chair", "date", "other", "relation", "role", "representing",
                           "status"))


def person_picture(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``person-picture.cypher``: the person's offices, memberships, accountability and meetings."""
    found: list[tuple[str, int, str, Edge, str, Any, Any]] = []   # person, rank, part, edge, other, detail, ctx
    by = "held to account, scrutinised or overseen by"
    for p in matches(g, params["person"], ("Person",)):
        for e in _out(g, p, ("HOLDS_ROLE", "HOLDS_POST")):
            found.append((p, 0, "office", e, e[1], _rp(e).get("title"), None))
        for e in _out(g, p, ("MEMBER_OF",)):
            found.append((p, 1, "member", e, e[1], _coalesce(_rp(e).get("role"), "member"),
                          _rp(e).get("representing")))
        for e in _out(g, p, _SCRUTINY):
            found.append((p, 2, "accountability", e, e[1], "holds to account, scrutinises or oversees", None))
        for e in _in(g, p, _SCRUTINY):
            found.append((p, 2, "accountability", e, e[0], by, None))
        for _, post, _, _ in _out(g, p, ("HOLDS_POST",)):
            for e in _in(g, post, _SCRUTINY):
                found.append((p, 2, "accountability", e, e[0], by, _name(g, post)))
        for e in _out(g, p, ("ATTENDED", "PRESENTED")):
            m = e[1]
            if g.nodes[m].get("label") != "Meeting":
                continue
            rp = _rp(e)
            detail = rp.get("item") if e[3]["type"] == "PRESENTED" else (
                "apologies" if rp.get("apologies") is True else "present")
            boards = [n for n in (_name(g, x[1]) for x in _out(g, m, ("MEETING_OF",))) if n is not None]
            found.append((p, 3, "meeting", e, m, detail, min(boards) if boards else None))
    rows = [{"person": _name(g, p), "part": part, "relation": e[3]["type"], "other": _name(g, o),
             "other_type": _label_in(g, o, _TARGET_LABELS), "detail": detail, "context": ctx,
             "date": _np(g, o).get("date"), "status": _rp(e).get("status"),
             "citations": _rp(e).get("citations"), "_rank": rank}
            for p, rank, part, e, o, detail, ctx in found]
    return _strip(order_by(rows, "person", "_rank", "date", "other", "relation", "detail", "context",
                           "status"))


def funding_trace(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``funding-trace.cypher``: money lines within reach, then who delivers each project reached."""
    def money(u: str) -> Iterator[tuple[str, Edge]]:
        for e in _out(g, u, ("FUNDS", "MANAGES")):
            yield e[1], e

    found: list[tuple[str, Edge, int]] = []
    for f in matches(g, params["funder"]):
        # first part: every money line within reach, at the length of the shortest path ending with it
        dist = _bfs(g, f, money, MAX_CHAIN - 1)
        for u in dist:
            for _, e in money(u):
                found.append((f, e, dist[u] + 1))
        # second part: who delivers each project reached (by a path of at least one step)
        reach = _bfs(g, f, money, MAX_CHAIN, positive=True)
        for x, d in reach.items():
            if g.nodes[x].get("label") != "Project":
                continue
            for e in _in(g, x, ("DELIVERS",)):
                found.append((f, e, d + 1))
    rows = []
    for f, e, level in found:
        rp = _rp(e)
        rows.append({"funder": _name(g, f), "level": level, "source": _name(g, e[0]),
                     "relation": e[3]["type"], "target": _name(g, e[1]), "amount": rp.get("amount"),
                     "period": rp.get("period"),
                     "kind": rp.get("kind"), "status": rp.get("status"), "citations": rp.get("citations")})
    return order_by(rows, "funder", "level", "source", "target", "period", "amount")


def funding_received(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``funding-received.cypher``: every FUNDS line into the recipient."""
    rows = []
    for t in matches(g, params["recipient"]):
        for e in _in(g, t, ("FUNDS",)):
            rp = _rp(e)
            line = {"recipient": _name(g, t), "funder": _name(g, e[0]), "amount": rp.get("amount"),
                    "period": rp.get("period"), "kind": rp.get("kind")}
            stated = rp.get("stated_in")
            if stated is None:   # the line's own figures: one statement or none
                rows.append({**line, "spent": rp.get("spent"), "remaining": rp.get("remaining"),
                             "as_of": rp.get("as_of"), "status": rp.get("status"),
                             "citations": rp.get("citations"), "_i": -1})
                continue
            for i, cite in enumerate(stated):   # one row per paper's statement, each with its date
                rows.append({**line, "spent": _to_float(rp["stated_spent"][i]),
                             "remaining": _to_float(rp["stated_remaining"][i]),
                             "as_of": rp["stated_as_of"][i] or None, "status": rp.get("status"),
                             "citations": [cite], "_i": i})
    return _strip_i(order_by(rows, "recipient", "period", "funder", "amount", "_i"))


def _to_float(text: str) -> float | None:
    """Cypher's ``toFloat`` of a stated figure: None for ''."""
    try:
        return float(text)
    except ValueError:
        return None


def _strip_i(rows: list[Row]) -> list[Row]:
    for r in rows:
        r.pop("_i", None)
    return rows


def allocation_summary(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``allocation-summary.cypher``: one funder's FUNDS lines with an amount, by recipient and period."""
    groups: dict[tuple[str, Any], list[Edge]] = {}
    edges = [e for f in matches(g, params["funder"]) for e in _out(g, f, ("FUNDS",))]
    # ORDER BY r.id before aggregating, so sums add up in the same order on both stores
    for edge in sorted(edges, key=lambda x: str(_rp(x).get("id"))):
        rp = _rp(edge)
        if rp.get("amount") is None or rp.get("status") == "deleted":
            continue
        groups.setdefault((edge[1], rp.get("period")), []).append(edge)
    rows = []
    for (t, period), es in groups.items():
        ps = [_rp(e) for e in es]
        allocated = sum(p["amount"] for p in ps)
        spent_vals = [p["spent"] for p in ps if p.get("spent") is not None]
        rem_vals = [p["remaining"] for p in ps if p.get("remaining") is not None]
        spent = sum(spent_vals) if len(spent_vals) == len(ps) else None
        basis: str | None = None
        if len(rem_vals) == len(ps):
            remaining, basis = sum(rem_vals), "stated"
        elif spent is not None:
            remaining, basis = allocated - spent, "derived"
        else:
            remaining = None
        rows.append({"recipient": _name(g, t), "period": period, "allocations": len(ps),
                     "allocated": _round2(allocated), "spent": _round2(spent), "remaining": _round2(remaining),
                     "remaining_basis": basis,
                     "as_of": _sorted_strings({p["as_of"] for p in ps if p.get("as_of") is not None}),
                     "funders": _sorted_strings({_name(g, e[0]) for e in es}),
                     "citations": [c for p in ps for c in (p.get("citations") or [])]})
    return order_by(rows, "recipient", "period")


def projects_by_area(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``projects-by-area.cypher``: projects in the area directly, or via a body that works there."""
    found: list[tuple[str, str, Any, list[str]]] = []
    for a in matches(g, params["area"], ("Area",)):
        direct = set()
        for e in _in(g, a, ("IN_AREA",)):
            if g.nodes[e[0]].get("label") == "Project":
                direct.add(e[0])
                found.append((a, e[0], None, list(_rp(e).get("citations") or [])))
        for e2 in _in(g, a, ("IN_AREA",)):
            body = e2[0]
            for e in _out(g, body, ("FUNDS", "DELIVERS")):
                p = e[1]
                if g.nodes[p].get("label") == "Project" and p not in direct:
                    found.append((a, p, _name(g, body),
                                  list(_rp(e2).get("citations") or []) + list(_rp(e).get("citations") or [])))
    rows = []
    for a, p, via, cites in found:
        rows.append({"area": _name(g, a), "project": _name(g, p), "via": via,
                     "description": _np(g, p).get("description"),
                     "delivered_by": _sorted_strings(_name(g, e[0]) for e in _in(g, p, ("DELIVERS",))),
                     "funded_by": _sorted_strings(_name(g, e[0]) for e in _in(g, p, ("FUNDS",))),
                     "citations": cites,
                     "link_citations": _cites(_in(g, p, ("DELIVERS", "FUNDS")))})
    return order_by(rows, "area", "project", "via")


def plan_priorities(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``plan-priorities.cypher``: a plan's priorities, the projects and alignments of each."""
    rows = []
    for pl in matches(g, params["plan"], ("Plan", "Fund")):
        for e in _out(g, pl, ("HAS_PRIORITY",)):
            pr, rp = e[1], _rp(e)
            aligned = [_name(g, x[1]) for x in _out(g, pr, ("ALIGNS_WITH",))]
            aligned += [_name(g, x[0]) for x in _in(g, pr, ("ALIGNS_WITH",)) if x[0] != pr]
            rows.append({"plan": _name(g, pl), "priority": _name(g, pr),
                         "projects": _sorted_strings(_name(g, x[0]) for x in _in(g, pr, ("ADDRESSES",))),
                         "aligned_with": _sorted_strings(aligned), "status": rp.get("status"),
                         "citations": rp.get("citations"),
                         "link_citations": _cites([*_in(g, pr, ("ADDRESSES", "ALIGNS_WITH")),
                                                   *_out(g, pr, ("ALIGNS_WITH",))])})
    return order_by(rows, "plan", "priority")


def board_meetings(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``board-meetings.cypher``: a board's meetings with attendance."""
    rows = []
    for b in matches(g, params["board"], ("Board", "Organisation")):
        for e in _in(g, b, ("MEETING_OF",)):
            m = e[0]
            if g.nodes[m].get("label") != "Meeting":
                continue
            present, apologies, presented = [], [], []
            attendance: list[Edge] = []
            for a in _in(g, m, ("ATTENDED", "PRESENTED")):
                if g.nodes[a[0]].get("label") != "Person":
                    continue
                attendance.append(a)
                ap = _rp(a).get("apologies")
                who = _name(g, a[0])
                if a[3]["type"] == "PRESENTED":
                    item = _rp(a).get("item")
                    presented.append(who + (f": {item}" if item is not None else ""))
                elif ap is True:
                    apologies.append(who)
                elif ap is None or ap is False:
                    present.append(who)
            mp = _np(g, m)
            rows.append({"board": _name(g, b), "meeting": mp.get("name"), "date": mp.get("date"),
                         "location": mp.get("location"), "present_count": len(present),
                         "present": _sorted_strings(present), "apologies_count": len(apologies),
                         "apologies": _sorted_strings(apologies), "presented": _sorted_strings(presented),
                         "citations": _rp(e).get("citations"), "attendance_citations": _cites(attendance)})
    return order_by(rows, "board", "date", "meeting")


def shortest_connection(g: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """``allShortestPaths`` over every type paths may follow, either direction, then the first path
    by (length, node ids joined with spaces, relationship ids joined with spaces).

    Ids are slugs and ``type:hex`` digests, whose characters all sort after the space, so comparing
    the joined strings is comparing the id lists element by element. That lets the canonical path be
    built greedily, step by step (the smallest next node id that still lies on a shortest path, then
    the smallest relationship id between each pair) instead of listing every shortest path.
    """
    # the types paths may follow (``paths`` in the schema), as %PATH_TYPES% in the .cypher
    types = frozenset(type_list("paths"))

    def hops(u: str) -> Iterator[tuple[str, Edge]]:
        for e in _out(g, u, types):
            yield e[1], e
        for e in _in(g, u, types):
            if e[0] != e[1]:
                yield e[0], e

    def nid(n: str) -> str:
        return str(_np(g, n).get("id"))

    def rid(e: Edge) -> str:
        return str(_rp(e).get("id"))

    # the walk needs only the nodes one step away from a whole level, and the path the lines
    # between two of its nodes: the store's read index (kg.store.read_index.IndexedGraph) reads
    # those from its indexes, without the thousands of lines of a body that most papers name
    fast = getattr(g, "neighbours", None)
    fast_between = getattr(g, "edges_between", None)
    load = getattr(g, "load", None)

    seen: dict[frozenset[str], set[str]] = {}   # the path is built from levels the walk read

    def spread(level: Iterable[str]) -> set[str]:
        key = frozenset(level)
        if key not in seen:
            seen[key] = fast(key, types) if fast is not None else {v for u in key for v, _ in hops(u)}
        return seen[key]

    def between(u: str, v: str) -> list[Edge]:
        if fast_between is not None:
            found: list[Edge] = fast_between(u, v, types)
            return found
        return [e for x, e in hops(u) if x == v]

    best: tuple[int, str, str] | None = None
    best_path: tuple[list[str], list[Edge]] | None = None
    targets = matches(g, params["target"])
    for a in matches(g, params["source"]):
        for b in targets:
            position = _on_shortest_paths(a, b, spread, MAX_CONNECTION) if b != a else None
            if position is None:
                continue
            length = position[b]
            nodes, edges = [a], []
            for i in range(1, length + 1):
                options = sorted(n for n in spread({nodes[-1]}) if position.get(n) == i)
                if load is not None:
                    load(options)       # one read for all, not one per node
                step = min(options, key=lambda n: (nid(n), n))
                edges.append(min(between(nodes[-1], step), key=lambda e: (rid(e), e[2])))
                nodes.append(step)
            key = (length, "".join(nid(n) + " " for n in nodes), "".join(rid(e) + " " for e in edges))
            if best is None or key < best:
                best, best_path = key, (nodes, edges)
    if best_path is None:
        return []
    nodes, edges = best_path
    return [{"hops": len(edges), "names": [_name(g, n) for n in nodes],
             "relations": [e[3]["type"] for e in edges],
             "directions": ["forward" if e[0] == nodes[i] else "backward" for i, e in enumerate(edges)],
             "citations": [_coalesce((_rp(e).get("citations") or [None])[0], "") for e in edges]}]


def _on_shortest_paths(a: str, b: str, spread: Callable[[set[str]], set[str]],
                       limit: int) -> dict[str, int] | None:
    """Every node on a shortest path from ``a`` to ``b`` (of at most ``limit`` steps), with its
    place on it (``a`` 0, ``b`` the length); None when there is none. ``spread`` gives the nodes
    one step (either way) from any node of a set.

    Breadth-first from both ends, a level at a time on the side with fewer nodes to expand,
    until the two meet: with the distances from ``a`` complete to ``ka`` and from ``b`` to ``kb``,
    the first meeting comes at length ``ka + kb``, and every shortest path crosses the nodes met
    (``ka`` from ``a``, ``kb`` from ``b``: a node met nearer to either end would have met before).
    From those, the steps one nearer to ``a`` (and to ``b``) give the rest, a level at a time:
    every node of a level has the same distance and the same place, so a level's neighbours are
    read as one set. Steps are undirected, so distances are symmetric.

    >>> line = {"a": ["x", "y"], "x": ["a", "b"], "y": ["a", "z"], "z": ["y", "b"], "b": ["x", "z"]}
    >>> spread = lambda level: {v for u in level for v in line[u]}
    >>> sorted(_on_shortest_paths("a", "b", spread, 10).items())
    [('a', 0), ('b', 2), ('x', 1)]
    >>> _on_shortest_paths("a", "b", spread, 1) is None
    True
    """
    dist: tuple[dict[str, int], dict[str, int]] = ({a: 0}, {b: 0})
    fronts: list[set[str]] = [{a}, {b}]
    depth = [0, 0]
    met: set[str] = set()
    while not met and fronts[0] and fronts[1] and depth[0] + depth[1] < limit:
        side = 0 if len(fronts[0]) <= len(fronts[1]) else 1
        mine, other = dist[side], dist[1 - side]
        depth[side] += 1
        front = {v for v in spread(fronts[side]) if v not in mine}
        for v in front:
            mine[v] = depth[side]
        met = {v for v in front if v in other}
        fronts[side] = front
    if not met:
        return None
    length = depth[0] + depth[1]
    position = {n: dist[0][n] for n in met}
    for toward, sign in ((0, 1), (1, -1)):      # toward a (places fall), toward b (places rise)
        known = dist[toward]
        level = set(met)
        here, place = known[next(iter(met))], position[next(iter(met))]
        while level:
            here, place = here - 1, place - sign
            level = {v for v in spread(level) if known.get(v) == here and v not in position}
            for v in level:
                position[v] = place
    return position if position.get(b) == length else None


def _cites(edges: Iterable[Edge]) -> list[str]:
    """Every citation of these lines, distinct and sorted (the Cypher insertion sort that skips
    values already in the list)."""
    return sorted({c for e in edges for c in (_rp(e).get("citations") or [])})


def _round2(value: Any) -> float | None:
    """Cypher ``round(x, 2)``: HALF_UP on the shortest decimal form of the number, as a float.

    >>> _round2(49359.46000000001), _round2(0.125), _round2(None)
    (49359.46, 0.13, None)
    """
    if value is None:
        return None
    if not math.isfinite(float(value)):   # Cypher's round() keeps an infinite sum infinite
        return float(value)
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _coalesce(value: Any, default: Any) -> Any:
    """Cypher ``coalesce(value, default)``: only null is replaced (not "" or 0)."""
    return default if value is None else value


def _strip(rows: list[Row]) -> list[Row]:
    """Drop helper columns (``_rank``) used only for ordering (in place: the rows are the query's own)."""
    helpers = [k for k in set().union(*rows) if k.startswith("_")]
    for r in rows:
        for k in helpers:
            r.pop(k, None)
    return rows


IMPLEMENTATIONS: dict[str, Callable[[nx.MultiDiGraph, dict[str, Any]], list[Row]]] = {
    "board-members": board_members,
    "person-roles": person_roles,
    "governance-chain": governance_chain,
    "governance-below": governance_below,
    "board-picture": board_picture,
    "person-picture": person_picture,
    "scrutiny": scrutiny,
    "funding-trace": funding_trace,
    "funding-received": funding_received,
    "allocation-summary": allocation_summary,
    "projects-by-area": projects_by_area,
    "plan-priorities": plan_priorities,
    "board-meetings": board_meetings,
    "shortest-connection": shortest_connection,
}

__all__ = ["IMPLEMENTATIONS", "matches", "order_by"]
