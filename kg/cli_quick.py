"""`kg query NAME -p ...` on the embedded store without typer or networkx: the quick path.

:func:`kg.cli_start.main` hands every `kg query` here first. When the command line is one this
module reads exactly as typer would (the query's name, ``--param``/``-p``, ``--json``,
``--max-width``, ``--store`` and ``--backend networkx``), the store carries a current read index
(:mod:`kg.store.read_index`), every entity parameter is found by the lookup's first tier (its
name, id or alias, ignoring case, naming one entity) and the output needs no escaping, the query
runs here, on indexed reads of only the nodes and lines it touches, and prints what `kg query`
prints. Anything else (an error to report, a "did you mean", another option, an older store)
returns :data:`FALLBACK` before a byte is written, and the command runs through typer as before,
so every message and exit code stays the command's own. ``tests/test_query_fast.py`` runs every
named query both ways and compares the bytes.

>>> parse_args(["board-members", "-p", "board=Panel", "--json", "--store=st"], {})
('board-members', ['board=Panel'], True, 60, 'st')
>>> parse_args(["board-members", "--cypher"], {}) is None
True
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

FALLBACK = None
_VALUE_OPTIONS = {"--param": "param", "-p": "param", "--max-width": "max_width", "--store": "store",
                  "--backend": "backend"}


def parse_args(args: list[str], env: Mapping[str, str]) -> tuple[str, list[str], bool, int, str] | None:
    """(name, --param values, --json, --max-width, store directory) from the words after `kg query`,
    or None for anything this path does not read exactly as typer does (left to typer)."""
    name: str | None = None
    params: list[str] = []
    as_json = False
    max_width = 60
    store: str | None = None
    backend = "networkx"
    i = 0
    while i < len(args):
        word = args[i]
        i += 1
        if word == "--json":
            as_json = True
            continue
        if not word.startswith("-") or word == "-":
            if name is not None:
                return None          # a second name: typer's error
            name = word
            continue
        option, eq, value = word.partition("=") if word.startswith("--") else (word[:2], "", word[2:])
        field = _VALUE_OPTIONS.get(option)
        if field is None:
            return None              # --cypher, --help, Neo4j options, typos: typer's
        if not eq and not value:
            if i >= len(args) or args[i].startswith("-"):
                return None
            value = args[i]
            i += 1
        elif not eq and option.startswith("--"):
            return None
        if field == "param":
            params.append(value)
        elif field == "max_width":
            if not (value.isascii() and value.isdigit()):
                return None
            max_width = int(value)
        elif field == "store":
            store = value
        else:
            backend = value
    if name is None or name == "list" or backend != "networkx":
        return None
    if store is None:
        store = env.get("KG_STORE") or "kg-store"
    if not store:
        return None
    return name, params, as_json, max_width, store


def _plain(text: str) -> bool:
    """Text that :func:`kg.cli_common.shown` prints as it is (the same test)."""
    flat = text.replace("\n", "").replace("\t", "")
    # ASCII text is NFC already (the check reads a board's 150 KB table a character at a time)
    return flat.isprintable() and (text.isascii() or unicodedata.is_normalized("NFC", text))


def _params(values: list[str]) -> dict[str, str] | None:
    """``--param`` values as :func:`kg.cli_query.parse_params` reads them; None where it fails."""
    out: dict[str, str] = {}
    for pair in values:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key or key in out:
            return None
        out[key] = value.strip()
    return out


def _find_first_tier(g: Any, text: str, labels: tuple[str, ...] | None) -> str | None:
    """The id :func:`kg.lookup.find` returns when its first tier (name, then id, then alias,
    ignoring case) names one entity among ``labels``; None when it names none or several (the
    later tiers and the messages are the lookup's own)."""
    want = text.strip().casefold()
    if not want:
        return None
    pool = []
    for nid, data in g.nodes_named(text.strip()):
        label = data.get("label")
        if label is None or label == "Document" or (labels is not None and label not in labels):
            continue
        props = data["props"]
        aliases = props.get("aliases") or []
        if not isinstance(aliases, (list, str, dict)):
            return None           # the lookup's own error
        # the name and aliases as kg.store.memory.NetworkxStore.entity_names gives them
        pool.append((nid, str(props.get("name", nid)), tuple(a for a in aliases if isinstance(a, str))))
    for tier in (lambda c: c[1].casefold() == want, lambda c: c[0].casefold() == want,
                 lambda c: any(a.casefold() == want for a in c[2])):
        found = {c[0] for c in pool if tier(c)}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def run(args: list[str]) -> bool:
    """Run `kg query` with the words after it, if this path can (see the module docstring), and
    print its output; False when it leaves the command to typer (nothing printed)."""
    if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        return False
    parsed = parse_args(args, os.environ)
    if parsed is None:
        return False
    name, values, as_json, max_width, store = parsed
    db = Path(store) / "graph.sqlite"
    try:
        if not db.is_file() or db.is_symlink() or os.path.lexists(Path(store) / "graph.json"):
            return False
    except OSError:           # a folder the user may not enter, a name too long: typer's to say
        return False
    params = _params(values)
    if params is None:
        return False
    from kg.store.base import StoreError, lock_timeout_setting
    from kg.store.read_index import Unsealed, open_sealed

    try:
        # a writer's lock is waited for as long as the usual path waits; a bad value is its one line
        timeout = lock_timeout_setting()
    except StoreError:
        return False
    try:
        con = open_sealed(db, timeout)
    except Unsealed:
        return False
    import gc

    # no cycle is made here, and the process ends when the rows are printed: the collector would
    # walk every object twenty times over for a board's 600 rows
    gc.disable()
    try:
        rows = _rows(con, name, params)
    except Unsealed:
        return False
    finally:
        con.close()
        gc.enable()
    if rows is None:
        return False
    if isinstance(rows, Ready):
        count = rows.n_rows
        if as_json:
            import json

            out, err = json.dumps(json.loads(rows.json), indent=2, ensure_ascii=False) + "\n", ""
        elif max_width == _READY_WIDTH:
            table = rows.table
        else:
            import json

            table = _format(json.loads(rows.json), max_width)
    else:
        count = len(rows)
        if as_json:
            import json

            out, err = json.dumps(rows, indent=2, ensure_ascii=False) + "\n", ""
        else:
            table = _format(rows, max_width)
    if not as_json:
        if not _plain(table):
            return False          # names to escape: kg.cli_common.shown's work
        out, err = table + "\n", f"({count} row{'s' if count != 1 else ''})\n"
    sys.stdout.write(out)
    if err:
        sys.stdout.flush()
        sys.stderr.write(err)
    return True


def _format(rows: list[dict[str, Any]], max_width: int) -> str:
    from kg.table import format_table

    return format_table(rows, max_width=max_width)


_READY_WIDTH = 60    # kg.store.ready_rows.TABLE_WIDTH, not imported for a query that has none
_PLAN_FORMAT = "2"


def _stamps(folder: Path) -> list[str]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return [f"{folder}@-"]
    return [f"{e.name}@{e.stat().st_size}:{e.stat().st_mtime_ns}" for e in entries if e.is_file()]


def plan_key() -> str:
    """One line naming everything the plan depends on: kg's version and Python, and every file of
    the query library and of the schema, of kg itself (kg/model.py: the bounds of an amount;
    kg/table.py, kg/amounts.py: the rows kept ready, :mod:`kg.store.ready_rows`) and of kg/store."""
    import importlib.util

    import kg
    import kg.queries

    schema = importlib.util.find_spec("kg.schema")
    here = Path(kg.__file__).parent
    folders = [Path(kg.queries.__file__).parent,
               Path((schema.submodule_search_locations or ["-"])[0]) if schema is not None else Path("-"),
               here, here / "store"]
    return " ".join([f"kg-query-plan {_PLAN_FORMAT}", f"kg={kg.__version__}",
                     f"python={sys.version_info[0]}.{sys.version_info[1]}",
                     *(s for folder in folders for s in _stamps(folder))])


def build_plan() -> dict[str, Any]:
    """What the quick path needs of the query library and the schema, read the usual way: each
    query's parameters and the relationship types it follows (:func:`kg.queries.relationship_types`),
    the schema's type lists (:func:`kg.queries.nx_impl.schema_type_lists`) and the bounds of an
    amount (:func:`kg.model.amount_rules`)."""
    from kg.model import amount_rules
    from kg.queries import list_queries, relationship_types
    from kg.queries.nx_impl import schema_type_lists
    from kg.store.ready_rows import ready_config

    rules = amount_rules()
    return {"queries": {q.name: {"params": list(q.params), "types": sorted(t) if (t := relationship_types(q.name))
                                 is not None else None} for q in list_queries()},
            "type_lists": {k: list(v) for k, v in schema_type_lists().items()},
            "amounts": {"properties": list(rules["properties"]), "max_pounds": rules["max_pounds"]},
            "ready": ready_config()}


def query_plan() -> dict[str, Any]:
    """:func:`build_plan`, from its cache file beside the help's (kg/__pycache__) while the key
    still holds, else built and written (through a temporary file and a rename; a cache that
    cannot be written is built every time); with its ``key`` (:func:`plan_key`)."""
    import json

    from kg.cli_start import _CACHE_DIR, write_cache

    key = plan_key()
    target = _CACHE_DIR / f"kg-query-plan-{_PLAN_FORMAT}.json"
    try:
        stored_key, _, text = target.read_text(encoding="utf-8").partition("\n")
        if stored_key == key:
            plan: dict[str, Any] = json.loads(text)
            return {**plan, "key": key}
    except (OSError, ValueError):
        pass
    plan = build_plan()
    write_cache(target, key + "\n" + json.dumps(plan))
    return {**plan, "key": key}


class Ready(NamedTuple):
    """A query's rows as the writer kept them ready (:mod:`kg.store.ready_rows`): their number,
    their JSON (compact) and the table at the default width."""

    n_rows: int
    json: str
    table: str


def _rows(con: Any, name: str, params: dict[str, str]) -> list[dict[str, Any]] | Ready | None:
    """The query's rows (or those kept ready), or None when the lookup or the parameters are the
    command's to report."""
    plan = query_plan()
    query = plan["queries"].get(name)
    if query is None or sorted(params) != sorted(query["params"]) or not all(params.values()):
        return None               # kg.queries.prepare's errors
    from kg.amounts import checked
    from kg.queries import PARAM_KINDS, nx_impl
    from kg.store.read_index import IndexedGraph

    impl = nx_impl.IMPLEMENTATIONS.get(name)
    if impl is None:
        return None
    money, most = tuple(plan["amounts"]["properties"]), float(plan["amounts"]["max_pounds"])
    g = IndexedGraph(con, query["types"], lambda props: checked(props, money, most))
    bound = {}
    for key in query["params"]:
        labels, _ = PARAM_KINDS.get(key, (None, "entity"))
        found = _find_first_tier(g, params[key], labels)
        if found is None:
            return None
        bound[key] = found
    if name in plan["ready"]["queries"] and len(bound) == 1:
        ready = _ready(con, g, plan, name, next(iter(bound.values())))
        if ready is not None:
            return ready
    # the schema's type lists from the plan (the schema is not loaded here); put back after, so that
    # a caller in a longer process (a test) does not keep this plan's lists for its later queries
    before, nx_impl.TYPE_LISTS = nx_impl.TYPE_LISTS, {k: tuple(v) for k, v in plan["type_lists"].items()}
    try:
        return impl(g, bound)
    finally:
        nx_impl.TYPE_LISTS = before


def _ready(con: Any, g: Any, plan: dict[str, Any], name: str, board: str) -> Ready | None:
    """The board's rows kept ready by the writer (:mod:`kg.store.ready_rows`), when they are
    current (made by this code, at this seal) and the parameter names that board alone."""
    from kg.queries.nx_impl import matches
    from kg.store.read_index import INDEX_FORMAT, SEAL_KEY
    from kg.store.ready_rows import BOARD_LABELS, META_KEY, is_current, read_ready, stored_meta

    meta = dict(con.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (SEAL_KEY, META_KEY)).fetchall())
    form, _, counter = str(meta.get(SEAL_KEY, "")).partition(" ")
    if form != INDEX_FORMAT or not counter.isdigit() or \
            not is_current(stored_meta(meta.get(META_KEY)), plan["key"], int(counter)):
        return None
    if matches(g, board, BOARD_LABELS) != [board]:
        return None
    found = read_ready(con, name, board)
    return None if found is None else Ready(*found)
