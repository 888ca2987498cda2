"""Hostile names cannot change a query or a store: they round-trip unchanged and match as data.

Entity names and evidence holding quotes, backticks, braces, newlines, backslashes, ``$param``
and Cypher (``") DETACH DELETE n //``, ``MATCH (n) RETURN n``) go through a commit and back
out through ``graph()``, ``kg export`` and the named queries, on the embedded store and on
Neo4j (``@pytest.mark.neo4j``, a real server from tests/conftest.py).

A static check (:func:`test_no_cypher_is_built_from_values`) reads every Python file of kg
with :mod:`ast` and fails if Cypher sent to Neo4j is built by string formatting of anything but
constants or identifiers that passed the store's identifier check. What it checks:

* sinks: calls ``X.run(...)``, ``X.execute_query(...)``, and any function of kg that passes its
  own first parameter to a sink as the statement (found automatically, e.g. ``Neo4jStore._read``);
* a statement is dynamic if it is an f-string, a ``+`` or ``%`` expression, or ``.format(...)``,
  directly or through a local variable assigned such an expression in the same function;
* every value interpolated into a dynamic statement must be a string literal, a module-level
  constant holding a string literal (``META``), a call of an identifier validator
  (``_ident(...)``: checked below to refuse anything but ``[A-Za-z_][A-Za-z0-9_]*`` and to
  backtick-quote), or a local name that was passed to such a validator earlier in the function.

Limits: one level of local data flow; a statement passed in as an argument from elsewhere is
followed only through the automatically found wrapper functions. ``subprocess.run`` calls take
lists and are not statements, so they are never flagged.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.export import export_lines
from kg.model import Cite, DocInfo, Extraction, Fact, Graph, Mention, Ref
from kg.resolve import build_graph
from kg.store import NetworkxStore, StoreError

ROOT = Path(__file__).resolve().parents[1]
KG = str(Path(sys.executable).parent / "kg")

HOSTILE_BODIES = [
    "O'Brien's Trust Board",
    'The "Quoted" Partnership',
    "Back`tick` Committee",
    "Brace {x: 1} Group",
    "Line\nBreak Council",
    "Back\\slash Panel",
    "$board Committee",
    'Evil Board") DETACH DELETE n //',
    "MATCH (n) RETURN n Board",
    "'; MATCH (n) DETACH DELETE n; // Forum",
    "Zoë’s Partnership }) RETURN 1 UNION MATCH (m",
]
HOSTILE_PEOPLE = [
    "Cllr Seán O'Neill",
    'Dr Ann "Nan" Brown',
    "Mr Robert`); DROP Smith",
    "Ms Jo {Braces} Lee",
    "Mrs Kay \\ Backslash",
]
HOSTILE_EVIDENCE = 'quote \' " ` { } \\ $x\nsecond line ") DETACH DELETE n //'


def hostile_extraction() -> Extraction:
    """One document naming every hostile body, each with one hostile person as its chair."""
    doc = DocInfo("hostile'doc\".txt", "0" * 64, title='Title with "quotes" and `ticks`', path="/x/y")
    ex = Extraction(doc)
    for i, name in enumerate(HOSTILE_BODIES):
        cite = Cite(doc.id, i + 1, f"{HOSTILE_EVIDENCE} {i}")
        ex.mentions.append(Mention("Board", name, cite, {"kind": "board"}))
        who = HOSTILE_PEOPLE[i % len(HOSTILE_PEOPLE)]
        ex.mentions.append(Mention("Person", who, cite))
        ex.facts.append(Fact("MEMBER_OF", Ref("Person", who), Ref("Board", name), cite,
                             {"role": "chair", "representing": name}))
    return ex


@pytest.fixture(scope="module")
def hostile() -> tuple[Extraction, Graph, list[dict[str, Any]]]:
    ex = hostile_extraction()
    graph, ledger = build_graph([ex])
    return ex, graph, ledger


def board_node_names(graph: Graph) -> set[str]:
    return {n.name for n in graph.nodes.values() if n.label == "Board"}


def test_resolver_keeps_hostile_body_names(hostile: tuple[Extraction, Graph, list[dict[str, Any]]]) -> None:
    _, graph, _ = hostile
    assert board_node_names(graph) == set(HOSTILE_BODIES)


def same_graph(a: Graph, b: Graph) -> None:
    assert {k: (n.label, n.props) for k, n in a.nodes.items()} == \
        {k: (n.label, n.props) for k, n in b.nodes.items()}
    assert {k: (r.type, r.start, r.end, r.props) for k, r in a.rels.items()} == \
        {k: (r.type, r.start, r.end, r.props) for k, r in b.rels.items()}


@pytest.fixture(scope="module")
def embedded(hostile: tuple[Extraction, Graph, list[dict[str, Any]]],
             tmp_path_factory: pytest.TempPathFactory) -> Path:
    ex, graph, ledger = hostile
    path = tmp_path_factory.mktemp("inj") / "store"
    NetworkxStore(path).commit({ex.doc.id: ex}, graph, ledger)
    return path


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG, *args], capture_output=True, text=True, timeout=300)


def test_embedded_round_trip(hostile: tuple[Extraction, Graph, list[dict[str, Any]]], embedded: Path) -> None:
    ex, graph, _ = hostile
    store = NetworkxStore(embedded)     # a fresh reader: everything comes from the file
    same_graph(store.graph(), graph)
    assert store.extractions() == {ex.doc.id: ex}
    res = kg("export", "--store", str(embedded), "-o", "-")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == export_lines(graph)
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    names = {r["properties"]["name"] for r in rows if r["type"] == "node"}
    assert set(HOSTILE_BODIES) <= names


def expected_members(graph: Graph, board: str) -> list[str]:
    bid = next(n.id for n in graph.nodes.values() if n.label == "Board" and n.name == board)
    return sorted(graph.nodes[r.start].name for r in graph.rels.values() if r.type == "MEMBER_OF" and r.end == bid)


@pytest.mark.parametrize("board", HOSTILE_BODIES)
def test_embedded_named_query_with_hostile_parameter(hostile: tuple[Extraction, Graph, list[dict[str, Any]]],
                                                     embedded: Path, board: str) -> None:
    _, graph, _ = hostile
    res = kg("query", "board-members", "--param", f"board={board}", "--store", str(embedded), "--json")
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert rows and {r["board"] for r in rows} == {board}
    assert sorted(r["member"] for r in rows) == expected_members(graph, board)
    # the store is unchanged by the query
    res = kg("stats", "--store", str(embedded))
    assert f"nodes: {len(graph.nodes)}" in res.stdout


@pytest.mark.parametrize("value", ['x") DETACH DELETE n //', "MATCH (n) RETURN n", "$board", "`", "{}", "\\"])
def test_embedded_query_with_cypher_as_value_matches_nothing(embedded: Path, value: str) -> None:
    res = kg("query", "person-roles", "--param", f"person={value}", "--store", str(embedded), "--json")
    # no person has that name: one line, exit 2 (an unknown entity is a mistake, not an empty answer)
    assert res.returncode == 2 and res.stdout == "", res.stderr
    err = res.stderr.strip()
    assert err.startswith("kg: ") and "\n" not in err and ("no person named" in err or "give an entity" in err)
    res = kg("stats", "--store", str(embedded))     # and nothing was run against the store
    assert res.returncode == 0


# -- Neo4j ------------------------------------------------------------------------------------
@pytest.mark.neo4j
def test_neo4j_round_trip_and_queries(hostile: tuple[Extraction, Graph, list[dict[str, Any]]], embedded: Path,
                                      neo4j_store: Any, neo4j_settings: dict[str, Any]) -> None:
    ex, graph, ledger = hostile
    neo4j_store.commit({ex.doc.id: ex}, graph, ledger)
    same_graph(neo4j_store.graph(), graph)
    assert neo4j_store.extractions() == {ex.doc.id: ex}
    env = {**os.environ, "NEO4J_URI": neo4j_settings["uri"], "NEO4J_USERNAME": neo4j_settings["username"],
           "NEO4J_PASSWORD": neo4j_settings["password"], "NEO4J_DATABASE": neo4j_settings["database"]}
    res = subprocess.run([KG, "export", "--backend", "neo4j", "-o", "-"], capture_output=True, text=True,
                         env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == export_lines(graph)
    memory = NetworkxStore(embedded)
    for board in HOSTILE_BODIES:
        rows = neo4j_store.query("board-members", {"board": board})
        assert rows and rows == memory.query("board-members", {"board": board})
    for value in ['x") DETACH DELETE n //', "MATCH (n) RETURN n", "$board", "`", "{}", "\\"]:
        assert neo4j_store.query("person-roles", {"person": value}) == []
    res = subprocess.run([KG, "query", "board-members", "--backend", "neo4j", "--json",
                          "--param", f"board={HOSTILE_BODIES[7]}"], capture_output=True, text=True,
                         env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == memory.query("board-members", {"board": HOSTILE_BODIES[7]})
    same_graph(neo4j_store.graph(), graph)   # nothing was deleted by any of it


# -- the identifier check Cypher labels and types go through -------------------------------------
@pytest.mark.parametrize("bad", ["Person`) DETACH DELETE n //", "A B", "A-B", "", "1Board", "Board{", "`x`",
                                 "Board\n"])
def test_label_validator_refuses_anything_but_plain_identifiers(bad: str) -> None:
    from kg.store.neo4j import _ident

    with pytest.raises(StoreError):
        _ident(bad)


def test_label_validator_quotes_plain_identifiers() -> None:
    from kg.schema import load_schema
    from kg.store.neo4j import _ident

    schema = load_schema()
    for name in [*schema.labels, *schema.types]:
        assert _ident(name) == f"`{name}`"


# -- static: no Cypher built from values ----------------------------------------------------------
SOURCE_DIRS = ["kg", "loaders", "queries", "viz"]
SINKS = {"run", "execute_query"}
VALIDATORS = {"_ident"}


def _sources() -> list[Path]:
    return sorted(p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py"))


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return None


def _is_dynamic(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format")


def _interpolated(node: ast.AST) -> list[ast.AST]:
    """The value expressions a dynamic string is built from."""
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp):
        return [x for side in (node.left, node.right)
                for x in (_interpolated(side) if _is_dynamic(side) else [side])]
    if isinstance(node, ast.Call):
        return [*node.args, *(k.value for k in node.keywords)]
    return [node]


def _module_constants(tree: ast.Module) -> set[str]:
    out: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant) and \
                isinstance(stmt.value.value, str):
            out.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return out


def _wrappers(trees: list[ast.Module]) -> set[str]:
    """Functions of kg that pass their first parameter on to a sink as the statement."""
    sinks = set(SINKS)
    changed = True
    while changed:
        changed = False
        for tree in trees:
            for fn in ast.walk(tree):
                if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.name in sinks:
                    continue
                params = [a.arg for a in fn.args.args if a.arg != "self"]
                if not params:
                    continue
                for call in ast.walk(fn):
                    if isinstance(call, ast.Call) and _call_name(call) in sinks and call.args and \
                            isinstance(call.args[0], ast.Name) and call.args[0].id == params[0]:
                        sinks.add(fn.name)
                        changed = True
                        break
    return sinks


def cypher_formatting_problems() -> tuple[list[str], int]:
    """Places where a statement given to a sink is built from a non-whitelisted value, and the
    number of dynamically built statements looked at."""
    files = _sources()
    trees = [ast.parse(p.read_text(encoding="utf-8"), filename=str(p)) for p in files]
    sinks = _wrappers(trees)
    problems: list[str] = []
    checked = 0
    for path, tree in zip(files, trees, strict=True):
        consts = _module_constants(tree)
        funcs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for fn in funcs:
            assigned: dict[str, ast.AST] = {}
            validated: set[str] = set()
            for node in ast.walk(fn):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    assigned[node.targets[0].id] = node.value
                if isinstance(node, ast.Call) and _call_name(node) in VALIDATORS:
                    validated.update(a.id for a in node.args if isinstance(a, ast.Name))

            def allowed(expr: ast.AST, consts: set[str] = consts, validated: set[str] = validated) -> bool:
                if isinstance(expr, ast.Constant):
                    return True
                if isinstance(expr, ast.Name):
                    return expr.id in consts or expr.id in validated
                if isinstance(expr, ast.Call) and _call_name(expr) in VALIDATORS:
                    return True
                return False

            for node in ast.walk(fn):
                if not (isinstance(node, ast.Call) and _call_name(node) in sinks and node.args):
                    continue
                stmt: ast.AST = node.args[0]
                if isinstance(stmt, ast.Name) and stmt.id in assigned:
                    stmt = assigned[stmt.id]
                if not _is_dynamic(stmt):
                    continue
                checked += 1
                bad = [ast.unparse(e) for e in _interpolated(stmt) if not allowed(e)]
                if bad:
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {_call_name(node)}() statement "
                                    f"built from {', '.join(bad)}")
    return problems, checked


def test_no_cypher_is_built_from_values() -> None:
    problems, checked = cypher_formatting_problems()
    assert problems == []
    assert checked >= 5   # the Neo4j store builds label-specific statements: they were looked at


def test_the_static_check_catches_formatting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker itself flags the patterns it is meant to (so an empty result means something)."""
    bad = tmp_path / "kg"
    bad.mkdir()
    (bad / "bad.py").write_text(
        "LABEL = 'Board'\n"
        "def a(tx, name):\n    tx.run(f\"MATCH (n {{name: '{name}'}}) RETURN n\")\n"
        "def b(session, name):\n    q = 'MATCH (n) WHERE n.name = \"' + name + '\" RETURN n'\n    session.run(q)\n"
        "def c(driver, name):\n    driver.execute_query('MATCH (n:%s) RETURN n' % name)\n"
        "def d(self, cypher):\n    return self.tx.run(cypher)\n"
        "def e(self, name):\n    self.d('MATCH (n {{id: {}}})'.format(name))\n"
        "def ok(tx, label, name):\n    _ident(label)\n"
        "    tx.run(f'MATCH (n:{LABEL}:{_ident(label)}:`{label}`) WHERE n.name = $name', name=name)\n",
        encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "SOURCE_DIRS", ["kg"])
    found, checked = cypher_formatting_problems()
    assert checked == 5
    assert [f.split(":")[1] for f in found] == ["3", "6", "8", "12"], found
