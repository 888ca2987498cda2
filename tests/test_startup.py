"""Start-up: `kg --help` answered from its cache without typer, exactly as typer writes it; the
fast path of :func:`kg.cli_common.shown` writes what safe_name writes. (Times are in
bench/startup.py, never here.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.cli_start as cli_start
from kg.cli_common import shown
from kg.loaders.normalise import safe_name
from kg.lookup import Candidate, candidates_from_graph, candidates_from_store
from kg.model import Graph, NodeRec
from kg.queries import PARAM_KINDS, Query, list_queries, relationship_types, run_networkx
from kg.store import open_store

KG = str(Path(sys.executable).parent / "kg")


def _typer_help(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`kg --help` rendered by typer itself (kg.cli, never the cache), named `kg` as the script is."""
    code = "import sys; sys.argv[0] = 'kg'; from kg.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, "--help"], env=env, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("columns", ["200", "60"])
def test_help_from_the_cache_is_typers_help_without_importing_typer(columns: str) -> None:
    env = {**os.environ, "COLUMNS": columns}
    width = max(min(int(columns), 80) - 2, 50)
    cache = cli_start._CACHE_DIR / f"kg-help-{width}.txt"
    cache.unlink(missing_ok=True)
    expected = _typer_help(env)
    assert expected.returncode == 0 and expected.stdout.startswith("Usage: kg [OPTIONS] COMMAND"), expected
    assert "query" in expected.stdout and "ingest" in expected.stdout
    first = subprocess.run([KG, "--help"], env=env, capture_output=True, text=True, timeout=60)   # writes it
    assert cache.is_file()
    # the second run reads the cache: -X importtime lists every module imported, typer must not be one
    second = subprocess.run([sys.executable, "-X", "importtime", KG, "--help"], env=env, capture_output=True,
                            text=True, timeout=60)
    imported = {line.rsplit("|", 1)[-1].strip() for line in second.stderr.splitlines() if "|" in line}
    assert "kg.cli_start" in imported and "typer" not in imported and "kg.cli" not in imported
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout == expected.stdout
    assert first.stderr == ""


def test_a_changed_cli_module_or_width_is_a_new_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = Path(cli_start.__file__).parent
    for f in here.glob("cli*.py"):
        shutil.copy2(f, tmp_path / f.name)
    monkeypatch.setattr(cli_start, "_HERE", tmp_path)
    monkeypatch.setattr(cli_start, "_CACHE_DIR", tmp_path / "__pycache__")
    key = cli_start.cache_key("kg", 78)
    cli_start.store_help("kg", 78, "the help\n")
    assert cli_start.cached_help("kg", 78) == "the help\n"
    assert cli_start.cached_help("kg", 60) is None           # another width: another file
    assert cli_start.cached_help("other", 78) is None        # another program name
    (tmp_path / "cli_query.py").write_text((tmp_path / "cli_query.py").read_text() + "\n# a change\n")
    assert cli_start.cache_key("kg", 78) != key
    assert cli_start.cached_help("kg", 78) is None
    (tmp_path / "cli_new.py").write_text("# a new command module\n")
    assert "cli_new.py@" in cli_start.cache_key("kg", 78)


def test_an_unwritable_cache_still_prints_the_help(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setattr(cli_start, "_CACHE_DIR", blocker)
    monkeypatch.setattr(sys, "argv", ["kg", "--help"])
    # as the console script runs it (under `python -m pytest`, __main__ is pytest's package)
    monkeypatch.setattr(cli_start, "_program_name", lambda: "kg")
    cli_start.main()
    out = capsys.readouterr().out
    assert out.startswith("Usage: kg [OPTIONS] COMMAND") and "Commands:" in out
    assert blocker.read_text() == "x" and not list(tmp_path.glob(".*.tmp"))


def _reference(text: str, one_line: bool) -> str:
    """shown() as it was before its fast path: every name through safe_name."""
    if one_line:
        return safe_name(text)
    return "\n".join("\t".join(safe_name(cell) for cell in line.split("\t")) for line in text.split("\n"))


@settings(max_examples=200, deadline=None)
@given(text=st.text() | st.text("ab\t\n\r\x1b\u202e\u2028\x85\u00e9e\u0301\ud800\udc80 £…"),
       one_line=st.booleans())
def test_shown_writes_what_safe_name_writes(text: str, one_line: bool) -> None:
    assert shown(text, one_line=one_line) == _reference(text, one_line)


# -- reads that load a part of the store ------------------------------------------------------------
def _params(q: Query, graph: Graph) -> list[dict[str, str]]:
    """The query's header example, then several entities of each kind the parameters name."""
    out = [{p: example for p, (_, example) in q.params.items()}]
    for i in range(8):
        params = {}
        for p in q.params:
            labels = PARAM_KINDS.get(p, (None, ""))[0]
            pool = sorted(n.id for n in graph.nodes.values()
                          if n.label != "Document" and (labels is None or n.label in labels))
            params[p] = pool[(i * 7 + len(params) * 3) % len(pool)]
        out.append(params)
    return out


def test_every_query_gives_the_same_rows_from_its_part_of_the_store(corpus_store_dir: Path,
                                                                    corpus_graph: Graph) -> None:
    """The embedded store runs a query on the relationships its Cypher names only (the part of the
    graph tables read for it); the rows are those of the whole graph, for every named query."""
    whole = open_store("networkx", corpus_store_dir).networkx()
    counted = 0
    for q in list_queries():
        types = relationship_types(q.name)
        assert types is None or "MENTIONED_IN" not in types
        for params in _params(q, corpus_graph):
            store = open_store("networkx", corpus_store_dir)     # nothing cached: the part is read
            try:
                part = store.query(q.name, params)
            finally:
                store.close()
            assert part == run_networkx(q.name, whole, params), (q.name, params)
            counted += len(part)
    assert counted > 50    # the comparisons saw rows, not only empty answers


def test_the_part_read_holds_every_node_and_only_those_relationships(corpus_store_dir: Path) -> None:
    store = open_store("networkx", corpus_store_dir)
    whole = store.networkx()
    store.close()
    fresh = open_store("networkx", corpus_store_dir)
    part = fresh.networkx({"MEMBER_OF", "FUNDS"})
    fresh.close()
    assert list(part.nodes(data=True)) == list(whole.nodes(data=True))
    assert list(part.edges(keys=True, data=True)) == [
        e for e in whole.edges(keys=True, data=True) if e[3]["type"] in ("MEMBER_OF", "FUNDS")]
    assert {e[3]["type"] for e in part.edges(keys=True, data=True)} == {"MEMBER_OF", "FUNDS"}


def test_entity_names_are_the_candidates_of_the_graph(corpus_store_dir: Path, corpus_graph: Graph,
                                                      tmp_path: Path) -> None:
    store = open_store("networkx", corpus_store_dir)
    assert [Candidate(*row) for row in store.entity_names() or []] == sorted(
        candidates_from_graph(corpus_graph), key=lambda c: c.id)
    # names and aliases that are not text and a list: as NodeRec.name and the lookup read them
    odd = Graph()
    for i, props in enumerate([{}, {"name": None}, {"name": 12}, {"name": True, "aliases": "AB"},
                               {"name": "X", "aliases": {"k": 1}}, {"name": "Y", "aliases": None},
                               {"name": "Z", "aliases": ["z1", 3, None, "z2"]}, {"name": ""}]):
        odd.add_node(NodeRec(f"org:n{i}", "Organisation", props))
    odd.add_node(NodeRec("doc:1", "Document", {"name": "paper"}))
    s2 = open_store("networkx", tmp_path / "odd")
    s2.commit({}, odd)
    assert [Candidate(*row) for row in s2.entity_names() or []] == candidates_from_graph(
        Graph(nodes={k: v for k, v in odd.nodes.items() if v.label != "Document"}))
    assert candidates_from_store(s2) == [c for c in candidates_from_graph(odd)]


def test_the_schema_reads_the_same_with_libyaml() -> None:
    """The schema and amount files are read with libyaml's parser (quicker); the pure-Python one
    gives the same data."""
    from importlib import resources

    import yaml

    from kg.schema import SafeLoader

    for name in ("nodes.yaml", "relationships.yaml", "amounts.yaml"):
        text = resources.files("kg.schema").joinpath(name).read_text(encoding="utf-8")
        assert yaml.load(text, Loader=SafeLoader) == yaml.load(text, Loader=yaml.SafeLoader), name


# -- the --jobs pool: the parent builds spaCy's pipeline once, before the workers are forked -------
_BUILT = """import sys
from pathlib import Path
from kg.ingest import ingest
from kg.store import open_store
report = ingest([Path(sys.argv[1])], open_store("networkx", sys.argv[2]), jobs=2)
pipeline = sys.modules.get("kg.extract.pipeline")   # not even imported when nothing was extracted here
built = pipeline.default_nlp.cache_info().currsize if pipeline else 0
print(built, len(report.added), len(report.unchanged), len(report.failures))
"""


_HEAD = 8_000


def test_the_parent_builds_the_pipeline_once_for_its_workers_and_not_for_a_no_op(tmp_path: Path) -> None:
    from kg.ingest import ingest
    from kg.store import open_store

    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    papers = tmp_path / "papers"
    papers.mkdir()
    for f in sorted(corpus.glob("*.txt"))[:3]:
        # the opening pages of each: what is counted is who extracts, not what they read
        (papers / f.name).write_text(f.read_text(encoding="utf-8")[:_HEAD], encoding="utf-8")
    stored = sorted(papers.glob("*.txt"))[:1]
    (papers / "aa-bad.txt").write_text("", encoding="utf-8")      # a new file that fails: passed over
    one = open_store("networkx", tmp_path / "one")
    ingest([papers], one, jobs=1)
    two = tmp_path / "two"
    ingest([*stored], open_store("networkx", two), jobs=1)          # the first papers are stored already

    def run() -> list[int]:
        out = subprocess.run([sys.executable, "-c", _BUILT, str(papers), str(two)], capture_output=True, text=True,
                             timeout=300, check=True).stdout
        return [int(x) for x in out.split()]

    # stored papers first, then a file that fails, then new papers: the parent built the pipeline
    # (on a few lines of its own: it reads no paper, so that a reader's crash costs only its
    # paper), the workers extracted the papers; the store is what one job makes
    built, added, unchanged, failed = run()
    assert (built, added, unchanged, failed) == (1, 2, 1, 1)
    from kg.export import export_lines

    assert export_lines(open_store("networkx", two).graph()) == export_lines(one.graph())
    # again: the file that fails is still new (the parent cannot know it fails without reading it)
    assert run() == [1, 0, 3, 1]
    # without it every paper is stored and unchanged, so nothing is extracted and no pipeline is built
    (papers / "aa-bad.txt").unlink()
    assert run() == [0, 0, 3, 0]


def test_counts_from_the_tables_are_the_graphs(corpus_store_dir: Path, corpus_graph: Graph) -> None:
    store = open_store("networkx", corpus_store_dir)
    assert store.counts() == corpus_graph.counts()
    labels, types = store.counts()
    assert labels["Document"] == 5 and types["MENTIONED_IN"] > 0


def test_readers_end_without_the_shutdown_but_with_all_their_output_and_exit_code(corpus_store_dir: Path) -> None:
    """query, show and stats end with os._exit once their output is flushed: every row, the count on
    stderr and the exit code are still those of the command run in-process."""
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    for argv, code in [(["query", "board-members", "-p", "board=LLR Police and Crime Panel"], 0),
                       (["stats"], 0), (["show", "Cllr. Loydall"], 0),
                       (["query", "board-members", "-p", "board=No Such Board"], 2), (["query", "nope"], 2)]:
        argv = [*argv, "--store", str(corpus_store_dir)]
        expected = runner.invoke(app, argv)
        got = subprocess.run([KG, *argv], capture_output=True, text=True, timeout=120)
        assert (got.returncode, got.stdout, got.stderr) == (code, expected.stdout, expected.stderr), argv
    rows = subprocess.run([KG, "query", "board-members", "-p", "board=LLR Police and Crime Panel", "--json",
                           "--store", str(corpus_store_dir)], capture_output=True, text=True, timeout=120)
    assert rows.returncode == 0 and len(json.loads(rows.stdout)) > 3
