"""The named query library: one ``.cypher`` file per question, runnable on both stores.

Each file starts with a header of comment lines that documents it::

    // title: Members of a board
    // description: Who sits on a board (people and organisations) ...
    // param board: the board, by name, alias or id (example: Police and Crime Panel)

The Cypher runs unchanged on Neo4j (plain Neo4j 5 Community, no APOC). On the embedded
store, :func:`run_networkx` runs a Python implementation of the same query
(:mod:`kg.queries.nx_impl`) that returns IDENTICAL rows: the same columns, values and
order, so that every answer can be checked against the other backend.

>>> q = get_query("board-members")
>>> sorted(q.params)
['board']
>>> "board-members" in [q.name for q in list_queries()]
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

__all__ = ["PARAM_KINDS", "Query", "QueryError", "fill_schema", "get_query", "list_queries", "prepare",
           "relationship_types", "run_networkx"]

#: what an entity parameter may name, by parameter name: (labels, what it is called in messages).
#: A parameter not listed names any entity. The CLI finds the entity with :mod:`kg.lookup` (the
#: rules `kg show` and `kg viz` use) and passes its id; the queries themselves match name, id or
#: alias exactly, ignoring case.
PARAM_KINDS: dict[str, tuple[tuple[str, ...] | None, str]] = {
    "board": (("Board", "Organisation"), "board or body"),
    "person": (("Person",), "person"),
    "plan": (("Plan", "Fund"), "plan or fund"),
    "area": (("Area",), "area"),
}

# (patterns compiled when first used: the quick path of `kg query` imports this package for
# PARAM_KINDS and the twins only, and compiling them took a twentieth of its time)
_HEADER = r"^//\s*(title|description|param)\s*(?:([A-Za-z_][A-Za-z0-9_]*)\s*)?:\s*(.*)$"
_EXAMPLE = r"\s*\(example:\s*(.*)\)\s*$"
# $name outside string literals and comments (the library's queries keep literals simple)
_PARAM = r"\$([A-Za-z_][A-Za-z0-9_]*)"


class QueryError(ValueError):
    """An unknown query, or parameters that do not fit it. The message is one line, for the user."""


class Query(NamedTuple):
    """One named query: its header and its Cypher text. (A named tuple, not a dataclass: the
    quick path of `kg query` imports this package, and dataclasses costs a fifth of its time.)"""

    name: str
    title: str
    description: str
    #: parameter name -> (description, example)
    params: dict[str, tuple[str, str]]
    cypher: str

    def usage(self) -> str:
        """A one-line example invocation.

        >>> get_query("board-members").usage()
        "kg query board-members --param 'board=LLR Police and Crime Panel'"
        """
        parts = [f"kg query {self.name}"]
        for p, (_, example) in self.params.items():
            parts.append(f"--param '{p}={example}'")
        return " ".join(parts)


def _parse(name: str, text: str) -> Query:
    title = ""
    description: list[str] = []
    params: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if not s.startswith("//"):
            break
        m = re.match(_HEADER, s)
        if not m:
            continue
        key, pname, value = m.group(1), m.group(2), m.group(3).strip()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        elif key == "param" and pname:
            ex = re.search(_EXAMPLE, value)
            params[pname] = (value[: ex.start()].strip() if ex else value, ex.group(1).strip() if ex else "")
    body = "\n".join(ln for ln in text.splitlines() if not ln.strip().startswith("//"))
    used = set(re.findall(_PARAM, body))
    if not title:
        raise QueryError(f"query '{name}': header has no '// title:' line")
    if used != set(params):
        raise QueryError(f"query '{name}': parameters in the text {sorted(used)} do not match "
                         f"the header {sorted(params)}")
    return Query(name, title, " ".join(description), params, text)


def fill_schema(text: str) -> str:
    """Fill the schema's markers in a query's text with relationship types from
    kg/schema/relationships.yaml (a type list in a pattern cannot be a parameter):

    * ``%PATH_TYPES%``: the types paths may follow (``paths: true``), joined with ``|``;
    * ``%CHAIN_TYPES%``: the governance lines the chain queries climb (``chain: true``), joined with
      ``|``, and ``%CHAIN_UPPER_END%``: those whose end is the upper one, as a list of strings;
    * ``%GOVERNANCE_UPPER_END%`` and ``%GOVERNANCE_UPPER_START%``: every governance line whose end,
      or whose start, is the upper one, joined with ``|``.

    >>> fill_schema("MATCH p = (a)-[:%PATH_TYPES%*..3]-(b)").startswith("MATCH p = (a)-[:SCRUTINISES|")
    True
    >>> "MENTIONED_IN" in fill_schema("%PATH_TYPES%")
    False
    >>> fill_schema("[%CHAIN_UPPER_END%] %GOVERNANCE_UPPER_START%")
    "['REPORTS_TO', 'PART_OF'] SCRUTINISES|HOLDS_TO_ACCOUNT|OVERSEES|SUPPORTS"
    """
    from kg.schema import load_schema

    s = load_schema()
    marks = {
        "%PATH_TYPES%": "|".join(s.path_types()),
        "%CHAIN_TYPES%": "|".join(s.governance_types("end", chain=True) + s.governance_types("start", chain=True)),
        "%CHAIN_UPPER_END%": ", ".join(f"'{t}'" for t in s.governance_types("end", chain=True)),
        "%GOVERNANCE_UPPER_END%": "|".join(s.governance_types("end")),
        "%GOVERNANCE_UPPER_START%": "|".join(s.governance_types("start")),
    }
    for mark, types in marks.items():
        text = text.replace(mark, types)
    return text


@lru_cache(maxsize=1)
def _library() -> dict[str, Query]:
    from importlib import resources

    out: dict[str, Query] = {}
    for entry in resources.files(__name__).iterdir():
        if entry.name.endswith(".cypher"):
            name = entry.name[: -len(".cypher")]
            out[name] = _parse(name, fill_schema(entry.read_text(encoding="utf-8")))
    return dict(sorted(out.items()))


def list_queries() -> list[Query]:
    """Every named query, sorted by name.

    >>> all(q.title for q in list_queries())
    True
    """
    return list(_library().values())


def get_query(name: str) -> Query:
    """The named query; :class:`QueryError` (one line, listing the known names) if there is none.

    >>> try:
    ...     get_query("no-such")
    ... except QueryError as exc:
    ...     print(str(exc).split(" (")[0])
    unknown query 'no-such'
    """
    lib = _library()
    if name not in lib:
        known = ", ".join(lib)
        raise QueryError(f"unknown query '{name}' (known: {known})")
    return lib[name]


def prepare(name: str, params: dict[str, Any]) -> tuple[Query, dict[str, Any]]:
    """Check ``params`` against the named query's header; returns the query and the parameters.

    Both stores call this before running, so a missing or unexpected parameter is the same
    one-line error on either.

    >>> try:
    ...     prepare("board-members", {})
    ... except QueryError as exc:
    ...     print(str(exc).split(" (")[0])
    query 'board-members' needs --param board=...
    """
    q = get_query(name)
    missing = [p for p in q.params if p not in params]
    if missing:
        p = missing[0]
        raise QueryError(f"query '{name}' needs --param {p}=... ({q.params[p][0]})")
    extra = sorted(set(params) - set(q.params))
    if extra:
        takes = ", ".join(q.params) or "no parameters"
        raise QueryError(f"query '{name}' has no parameter '{extra[0]}' (it takes: {takes})")
    for p in q.params:
        if not isinstance(params[p], str) or not params[p].strip():
            raise QueryError(f"query '{name}': parameter '{p}' must be a non-empty string")
    return q, {p: params[p] for p in q.params}


# a relationship pattern: -[r:A|B*1..8]-> and <-[:A]-, or one without brackets: --> <-- --
_REL_PATTERN = r"-\[([^\]]*)\]-"
_BARE_PATTERN = r"\)\s*(?:<--|-->|--)\s*\("
_REL_TYPE = r"[A-Za-z_][A-Za-z0-9_]*"


@lru_cache(maxsize=64)
def relationship_types(name: str) -> frozenset[str] | None:
    """The relationship types the named query's Cypher can follow: those its patterns name. None
    when a pattern names none (it may follow any). The embedded store loads only these for the
    query; its Python twin reads no other (tests/test_startup.py checks every query's rows on the
    whole graph and on this part).

    >>> sorted(relationship_types("board-members"))
    ['HOLDS_ROLE', 'MEMBER_OF']
    >>> "MENTIONED_IN" in relationship_types("shortest-connection")
    False
    """
    body = "\n".join(ln for ln in get_query(name).cypher.splitlines() if not ln.strip().startswith("//"))
    if re.search(_BARE_PATTERN, body):
        return None
    types: set[str] = set()
    for inside in re.findall(_REL_PATTERN, body):
        _, colon, rest = inside.partition(":")
        named = re.findall(_REL_TYPE, rest.split("*")[0].split("{")[0]) if colon else []
        if not named:
            return None
        types.update(named)
    return frozenset(types)


def run_networkx(name: str, g: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run a named query on the embedded store's networkx MultiDiGraph (see
    :func:`kg.store.memory.to_networkx`). Rows are dicts of plain values, in the query's order.

    >>> import networkx as nx
    >>> run_networkx("allocation-summary", nx.MultiDiGraph(), {"funder": "Nobody"})
    []
    """
    from kg.queries.nx_impl import IMPLEMENTATIONS

    q, bound = prepare(name, params)
    impl = IMPLEMENTATIONS.get(q.name)
    if impl is None:  # a .cypher file without a Python twin: a developer mistake, not a user one
        raise QueryError(f"query '{name}' has no embedded-store implementation")
    return impl(g, bound)
