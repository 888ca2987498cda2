"""Output files: `kg export -o`, `kg viz` and `kg atlas` never lose the old file and never replace
what is not a regular file.

A regular file is written through a temporary file and renamed; a failed write (a file size limit
standing in for a full disk) leaves the old file whole and no hidden partial file, with one line
and a non-zero exit. A symbolic link, a FIFO and a device are written through: the link stays a
link, the FIFO a FIFO, ``/dev/full`` a device (kg runs as root in CI, where it could replace it).
"""

from __future__ import annotations

import os
import resource
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

KG = str(Path(sys.executable).parent / "kg")
PAPER = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "000_0b54970cb6e1f35d.txt"


def kg(*args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def cap() -> None:   # files past `limit` bytes fail with EFBIG, as a write to a full disk fails
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return subprocess.run([KG, *args], capture_output=True, text=True, timeout=600,
                          preexec_fn=cap if limit is not None else None)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    where = tmp_path_factory.mktemp("outputs")
    shutil.copy(PAPER, where / "paper.txt")
    res = kg("ingest", str(where / "paper.txt"), "--store", str(where / "st"), "-q")
    assert res.returncode == 0, res.stderr
    return str(where / "st")


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*"))


def _one_line_failure(res: subprocess.CompletedProcess[str], what: str) -> None:
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: ") and what in lines[0], res.stderr


@pytest.fixture
def full_device(tmp_path: Path) -> str:
    """A device that is always full: a private node of /dev/full's kind when kg runs as root (CI),
    so that a regression replaces the test's node, not the machine's; else /dev/full itself."""
    node = tmp_path / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        return "/dev/full"
    return str(node)


def test_export_to_a_full_device_is_one_line_and_keeps_the_device(store: str, full_device: str) -> None:
    res = kg("export", "-o", full_device, "--store", store)
    _one_line_failure(res, f"{full_device}: cannot write (No space left on device)")
    assert stat.S_ISCHR(os.lstat(full_device).st_mode)
    res = kg("viz", "governance", "-o", full_device, "--store", store)
    _one_line_failure(res, f"{full_device}: cannot write (No space left on device)")
    assert stat.S_ISCHR(os.lstat(full_device).st_mode)


def test_export_to_full_stdout(store: str) -> None:
    with open("/dev/full", "w") as full:
        res = subprocess.run([KG, "export", "-o", "-", "--store", store], stdout=full, stderr=subprocess.PIPE,
                             text=True, timeout=600)
    _one_line_failure(res, "standard output: cannot write (No space left on device)")


@pytest.mark.parametrize("command", ["export", "viz"])
def test_symlink_target_is_written_through(store: str, tmp_path: Path, command: str) -> None:
    target = tmp_path / "real.out"
    target.write_text("old\n")
    link = tmp_path / "link.out"
    link.symlink_to(target.name)
    args = ["export", "-o", str(link)] if command == "export" else ["viz", "governance", "-o", str(link)]
    res = kg(*args, "--store", store)
    assert res.returncode == 0, res.stderr
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_text().startswith('{"type":"node"' if command == "export" else "<!DOCTYPE html>")
    assert _hidden(tmp_path) == []


def test_fifo_is_written_through(store: str, tmp_path: Path) -> None:
    fifo = tmp_path / "graph.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    res = kg("export", "-o", str(fifo), "--store", store)
    reader.join(timeout=60)
    assert res.returncode == 0, res.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith(b'{"type":"node"') and got[0].count(b"\n") > 10


@pytest.mark.parametrize("command", ["export", "viz"])
def test_failed_write_keeps_the_old_file(store: str, tmp_path: Path, command: str) -> None:
    out = tmp_path / "out.file"
    args = ["export", "-o", str(out)] if command == "export" else ["viz", "governance", "-o", str(out)]
    assert kg(*args, "--store", store).returncode == 0
    out.chmod(0o640)
    before = out.read_bytes()
    out.write_bytes(b"the previous version\n" + before)
    res = kg(*args, "--store", store, limit=2000)
    _one_line_failure(res, "cannot write (File too large)")
    assert out.read_bytes() == b"the previous version\n" + before
    assert _hidden(tmp_path) == []
    assert kg(*args, "--store", store).returncode == 0       # and a good write replaces it, mode kept
    assert out.read_bytes() == before and stat.S_IMODE(out.stat().st_mode) == 0o640


def test_failed_atlas_keeps_every_old_page_whole(store: str, tmp_path: Path) -> None:
    site = tmp_path / "atlas"
    assert kg("atlas", str(site), "--store", store).returncode == 0
    pages = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert len(pages) > 5
    res = kg("atlas", str(site), "--store", store, limit=4000)
    _one_line_failure(res, "cannot write (File too large)")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == pages
    assert _hidden(site) == []
