"""Incremental ingest gives what one ingest of everything gives, and parallel extraction gives what
one job gives.

Real papers: the sample corpus (five papers of one county's partnerships, which share bodies and
people across papers) and four development-set papers of other areas. The reference is one
ingest of all nine, by one job; every other way of arriving at the same set of papers must export
the same lines.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.export import export_lines
from kg.ingest import ingest
from kg.model import Extraction
from kg.resolve import Decisions, near
from kg.resolve.build import gather
from kg.store import NetworkxStore

ROOT = Path(__file__).resolve().parents[1]
DEV = ["21_gwent-psb-notes-2022.txt", "24_croydon-snb-minutes-2018.txt",
       "30_kent-medway-pcp-minutes-2025.txt", "40_kent-csp-working-group-crg-2025.txt"]


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("incremental") / "papers"
    folder.mkdir()
    for src in sorted((ROOT / "examples" / "corpus").glob("*.txt")):
        shutil.copy(src, folder / src.name)
    for name in DEV:
        shutil.copy(ROOT / "tests" / "devset" / "dev" / "docs" / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def all_at_once(papers: Path, tmp_path_factory: pytest.TempPathFactory) -> NetworkxStore:
    store = NetworkxStore(tmp_path_factory.mktemp("once") / "store")
    report = ingest([papers], store, jobs=1)
    assert report.ok and len(report.added) == 9, report.failures
    return store


def test_one_paper_at_a_time_equals_all_at_once(papers: Path, all_at_once: NetworkxStore, tmp_path: Path) -> None:
    expected = export_lines(all_at_once.graph())
    store = NetworkxStore(tmp_path / "store")
    files = sorted(papers.glob("*.txt"), reverse=True)   # another order than the folder's
    for i, f in enumerate(files):
        assert ingest([f], store).added == [f.name]
        assert store.last_update["full"] == (i == 0)     # resolved again in part, after the first
    assert export_lines(NetworkxStore(store.path).graph()) == expected
    assert NetworkxStore(store.path).ledger() == all_at_once.ledger()
    assert NetworkxStore(store.path).near_misses() == all_at_once.near_misses()


def test_a_changed_then_restored_paper_and_a_removed_then_added_one(papers: Path, all_at_once: NetworkxStore,
                                                                   tmp_path: Path) -> None:
    expected = export_lines(all_at_once.graph())
    work = tmp_path / "papers"
    shutil.copytree(papers, work)
    store = NetworkxStore(tmp_path / "store")
    ingest([work], store)
    paper = work / "003_17a03087425552dd.txt"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("Leicestershire", "Rutland"), encoding="utf-8")
    assert ingest([work], store).updated == [paper.name]
    assert export_lines(NetworkxStore(store.path).graph()) != expected
    paper.write_text(text, encoding="utf-8")
    assert ingest([work], store).updated == [paper.name]
    assert export_lines(NetworkxStore(store.path).graph()) == expected
    moved = tmp_path / DEV[0]
    shutil.move(work / DEV[0], moved)
    assert ingest([work], store, prune=True).removed == [DEV[0]]
    shutil.move(moved, work / DEV[0])
    assert ingest([work], store).added == [DEV[0]]
    assert export_lines(NetworkxStore(store.path).graph()) == expected
    assert NetworkxStore(store.path).near_misses() == all_at_once.near_misses()


@pytest.mark.parametrize("share", [32, 1])
def test_two_jobs_give_what_one_job_gives(papers: Path, all_at_once: NetworkxStore, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, share: int) -> None:
    """One paper a task (a few papers), and (share 1) papers sent to the workers four at a time."""
    monkeypatch.setattr("kg.ingest._CHUNK_SHARE", share)
    work = tmp_path / "papers"
    shutil.copytree(papers, work)
    # a duplicate and a bad file among them: decided in file order, as one job decides
    shutil.copy(work / DEV[1], work / "zz-copy.txt")
    (work / "aa-empty.txt").write_text("", encoding="utf-8")
    two_store = NetworkxStore(tmp_path / "two")
    two = ingest([work], two_store, jobs=2)
    # what one job reports for this folder: every paper in name order, the copy, the empty file
    assert two.added == sorted(p.name for p in papers.glob("*.txt"))
    assert two.duplicates == [(str(work / "zz-copy.txt"), DEV[1])]
    assert [str(f) for f in two.failures] == [f"{work / 'aa-empty.txt'}: empty file"]
    assert export_lines(two_store.graph()) == export_lines(all_at_once.graph())

    def without_path(store: NetworkxStore) -> dict[str, object]:
        out = {k: v.to_json() for k, v in store.extractions().items()}
        for ex in out.values():
            ex["doc"]["path"] = Path(ex["doc"]["path"]).name   # the copies live in another folder
        return out

    assert without_path(two_store) == without_path(all_at_once)
    # the workers made each document's stored text: the bytes the store makes of that extraction
    import sqlite3

    from kg.store.memory import extraction_text

    con = sqlite3.connect(two_store.db_file)
    rows = dict(con.execute("SELECT id, extraction FROM documents"))
    con.close()
    stored = two_store.extractions()
    assert sorted(rows) == sorted(stored) and all(rows[k] == extraction_text(stored[k]) for k in rows)


def _others(papers: Path, tmp_path: Path, doc: str) -> Path:
    folder = tmp_path / "others"
    folder.mkdir()
    for f in papers.glob("*.txt"):
        if f.name != doc:
            shutil.copy(f, folder / f.name)
    return folder


def _sorted(exs: dict[str, Extraction], but: str = "") -> list[Extraction]:
    return [e for d, e in sorted(exs.items()) if d != but]


def test_a_paper_that_defines_an_acronym_earlier_papers_use(papers: Path, all_at_once: NetworkxStore,
                                                            tmp_path: Path) -> None:
    exs = all_at_once.extractions()
    # a paper that defines an acronym ("... (DHR)") which another paper writes in the same scope
    definer = next(d for d, ex in sorted(exs.items())
                   for (g, s, a) in gather([ex], Decisions()).acronyms
                   if any(k[0] == g and k[1] == s and k[2].upper() == k[2] and a == k[2].lower()
                          for other in _sorted(exs, d) for k in gather([other], Decisions()).spellings))
    store = NetworkxStore(tmp_path / "store")
    ingest([_others(papers, tmp_path, definer)], store)
    before = NetworkxStore(store.path).graph()
    assert ingest([papers / definer], store).added == [definer]
    assert store.last_update["full"] == 0 and store.last_update["papers"] < len(exs)
    after = NetworkxStore(store.path).graph()
    assert export_lines(after) == export_lines(all_at_once.graph())
    assert export_lines(after) != export_lines(before)
    # and what the store holds is what the resolver builds from every paper in memory
    graph, ledger, near_misses = near.build(exs.values())
    assert export_lines(after) == export_lines(graph)
    assert NetworkxStore(store.path).ledger() == ledger
    assert NetworkxStore(store.path).near_misses() == near_misses and near_misses
