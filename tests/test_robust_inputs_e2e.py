"""Good and bad inputs together through the real `kg ingest`, end to end.

One folder mixes good documents (text, cp1252 text, HTML, PDF, DOCX, a PDF encrypted with an
empty user password) with every bad kind the loaders know (empty, whitespace only, binary junk
named .txt and .pdf, truncated PDF, password-protected PDF, scanned PDF, truncated DOCX, a zip
that is not Word), a symlink loop, the same document twice under two names, and an unsupported
file named explicitly. Each failure is one stderr line naming the file and the reason; every
good file is ingested; the exit code is 1; no traceback; a store that existed keeps everything.

The bad files are the loaders helper's fixtures (tests/fixtures/docs/bad, made with real tools).
``test_50mb_file`` (slow) ingests one 50 MB council-paper-like file and checks the peak memory.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.store import NetworkxStore

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "docs"
CORPUS = ROOT / "examples" / "corpus"
KG = str(Path(sys.executable).parent / "kg")

GOOD = ["minutes.docx", "minutes.html", "minutes.pdf", "allocations-cp1252.txt", "encrypted-no-user-password.pdf"]
BAD = {   # fixture -> the start of its reason
    "empty.txt": "empty file",
    "blank.txt": "no text",
    "junk.txt": "not a text file",
    "junk.pdf": "corrupt PDF",
    "truncated.pdf": "corrupt PDF",
    "encrypted.pdf": "password-protected PDF",
    "scanned.pdf": "PDF has no text layer",
    "truncated.docx": "corrupt DOCX",
    "not-word.docx": "corrupt DOCX",
}


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG, *args], capture_output=True, text=True, timeout=600, cwd=cwd)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """tmp/in/ with good and bad files, a duplicate and a symlink loop; tmp/deck.xyz beside it."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for name in GOOD:
        shutil.copy(FIXTURES / name, folder / name)
    for name in BAD:
        shutil.copy(FIXTURES / "bad" / name, folder / f"bad-{name}")
    paper = sorted(CORPUS.glob("*.txt"))[0]
    shutil.copy(paper, folder / "paper.txt")
    shutil.copy(paper, folder / "sub" / "paper-again.txt")        # same bytes, another name
    (folder / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (tmp_path / "deck.xyz").write_text("slides\n", encoding="utf-8")
    return tmp_path


def failure_lines(stderr: str) -> dict[str, str]:
    """stderr lines ``kg: PATH: REASON`` as {file name: reason}."""
    out: dict[str, str] = {}
    for line in stderr.strip().splitlines():
        assert line.startswith("kg: "), line
        path, _, reason = line[4:].partition(": ")
        out[Path(path).name] = reason
    return out


def documents(store: Path) -> dict[str, str]:
    return NetworkxStore(store).document_hashes()


def store_json(store: Path) -> dict[str, Any]:
    """The store's documents and nodes, read through the store (whatever its file format)."""
    st = NetworkxStore(store)
    return {"extractions": {k: ex.to_json() for k, ex in st.extractions().items()},
            "nodes": [{"id": n.id, "props": n.props} for n in st.graph().nodes.values()]}


def test_mixed_folder(mixed: Path) -> None:
    res = kg("ingest", "in", "deck.xyz", "--store", "store", cwd=mixed)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    lines = failure_lines(res.stderr)
    for name, reason in BAD.items():
        assert lines[f"bad-{name}"].startswith(reason), (name, lines.get(f"bad-{name}"))
    assert lines["deck.xyz"].startswith("unsupported file type '.xyz'")
    assert "symbolic link loop" in lines["loop"]
    assert lines["paper-again.txt"] == "same content as 'paper.txt', skipped"
    assert len(lines) == len(BAD) + 3      # nothing else complained about
    assert f"{len(GOOD) + 1} added" in res.stdout and "1 duplicate" in res.stdout
    assert f"{len(BAD) + 2} failed" in res.stdout   # bad files, the unsupported one, the loop
    assert set(documents(mixed / "store")) == {*GOOD, "paper.txt"}


def test_existing_store_keeps_everything(mixed: Path) -> None:
    """A store made from other documents first: the mixed run adds to it and loses nothing.

    Entity resolution is corpus-wide, so new documents may merge or relabel entities (a node
    id can change); what must hold is that the old documents' extractions are kept exactly,
    every old name is still a node's name or alias, and the result equals one run over all."""
    prior = mixed / "prior"
    prior.mkdir()
    for src in sorted(CORPUS.glob("*.txt"))[2:4]:     # two papers other than paper.txt, not the longest
        shutil.copy(src, prior / src.name)
    store = mixed / "store"
    assert kg("ingest", "prior", "--store", "store", "-q", cwd=mixed).returncode == 0
    before = store_json(store)

    res = kg("ingest", "in", "deck.xyz", "--store", "store", "-q", cwd=mixed)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    after = store_json(store)
    for doc, extraction in before["extractions"].items():
        assert after["extractions"][doc] == extraction
    known = {name for n in after["nodes"] for name in [n["props"]["name"], *n["props"].get("aliases", [])]}
    lost = [n["props"]["name"] for n in before["nodes"] if n["props"]["name"] not in known]
    assert lost == []

    res = kg("ingest", "prior", "in", "deck.xyz", "--store", "one-run", "-q", cwd=mixed)
    assert res.returncode == 1
    one_run = kg("export", "--store", "one-run", "-o", "-", cwd=mixed).stdout
    assert kg("export", "--store", "store", "-o", "-", cwd=mixed).stdout == one_run


def test_only_bad_files_leave_the_store_byte_identical(mixed: Path) -> None:
    store = mixed / "store"
    assert kg("ingest", str(mixed / "in" / "paper.txt"), "--store", str(store), "-q").returncode == 0
    before = (store / "graph.sqlite").read_bytes()
    bad = [str(mixed / "in" / f"bad-{n}") for n in BAD]
    res = kg("ingest", *bad, str(mixed / "deck.xyz"), "--store", str(store))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == len(BAD) + 1
    assert "0 added" in res.stdout
    assert (store / "graph.sqlite").read_bytes() == before


def test_second_run_reports_the_same_failures_and_changes_nothing(mixed: Path) -> None:
    first = kg("ingest", "in", "deck.xyz", "--store", "store", cwd=mixed)
    snapshot = (mixed / "store" / "graph.sqlite").read_bytes()
    again = kg("ingest", "in", "deck.xyz", "--store", "store", cwd=mixed)
    assert first.returncode == again.returncode == 1
    assert failure_lines(again.stderr) == failure_lines(first.stderr)
    assert f"0 added, 0 updated, {len(GOOD) + 1} unchanged" in again.stdout
    assert (mixed / "store" / "graph.sqlite").read_bytes() == snapshot


def test_missing_path_and_unreadable_store(tmp_path: Path) -> None:
    res = kg("ingest", str(tmp_path / "nowhere"), "--store", str(tmp_path / "store"))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.strip().splitlines() == [f"kg: {tmp_path / 'nowhere'}: no such file or folder"]
    assert not (tmp_path / "store" / "graph.sqlite").exists()   # nothing ingested, nothing written
    (tmp_path / "store").mkdir(exist_ok=True)
    (tmp_path / "store" / "graph.json").write_text("{not json", encoding="utf-8")
    res = kg("ingest", str(CORPUS), "--store", str(tmp_path / "store"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "cannot read store" in res.stderr
    assert (tmp_path / "store" / "graph.json").read_text(encoding="utf-8") == "{not json"  # left for the user


# -- a 50 MB file --------------------------------------------------------------------------------
def _bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_memory", ROOT / "bench" / "bench_memory.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
@pytest.mark.huge
def test_50mb_file(tmp_path: Path) -> None:
    """Not a timing test: a 50 MB paper must ingest (exit 0) with a peak RSS under 2 GB."""
    bench = _bench()
    src = tmp_path / "big-pack.txt"
    size = bench.make_file(src, 50)  # type: ignore[attr-defined]
    assert size >= 50 * 1024 * 1024
    _, peak, code, output = bench.ingest_peak(src, tmp_path / "store")  # type: ignore[attr-defined]
    assert code == 0, output
    assert "1 added" in output
    assert peak < 2 * 1024**3, f"peak RSS {peak / 1e6:.0f} MB"
