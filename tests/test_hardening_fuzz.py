"""Fuzzing: the loaders and the CLI under generated input (hypothesis), never a traceback.

* Loaders: random bytes, and the sample PDF, Word and HTML files with bytes overwritten, cut or
  repeated, under every supported suffix: ``load`` returns a Document whose text is clean, or
  raises LoadError with one line; nothing else escapes.
* CLI: random command lines (commands, options, numbers, names with control characters, paths
  that are folders, devices or missing) against a small store of its own: the exit code is 0, 1
  or 2, an error is one line starting "kg: " (or click's usage error), and no exception escapes.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cli import app
from kg.loaders import SUPPORTED_SUFFIXES, LoadError, load

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "docs"
SAMPLES = {p.suffix: p.read_bytes() for p in (FIXTURES / "minutes.pdf", FIXTURES / "minutes.docx",
                                                FIXTURES / "minutes.html")}
runner = CliRunner()
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


def _check_loaded(path: Path) -> None:
    try:
        doc = load(path)
    except LoadError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
        return
    doc.text.encode("utf-8")
    assert unicodedata.is_normalized("NFC", doc.text)
    assert not re.search("[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f]", doc.text)
    assert doc.id.encode("utf-8") and "\n" not in doc.id


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(sorted(SAMPLES)))
    data = bytearray(SAMPLES[suffix])
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 4096))]
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 512))] * draw(st.integers(2, 20))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
    return suffix, bytes(data)


@FUZZ
@given(sample=damaged())
def test_damaged_files_load_or_fail_in_one_line(tmp_path: Path, sample: tuple[str, bytes]) -> None:
    suffix, data = sample
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(data)
    _check_loaded(path)


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_random_bytes_under_every_suffix(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    _check_loaded(path)


@FUZZ
@given(text=st.text(min_size=1, max_size=400), name=st.text(min_size=1, max_size=30))
def test_any_text_and_name_as_html_and_text(tmp_path: Path, text: str, name: str) -> None:
    safe = "".join(c for c in name if c not in "/\x00" and not 0xD800 <= ord(c) <= 0xDFFF) or "x"
    for suffix, body in ((".txt", text), (".html", f"<html><body><ul><li>{text}</li></ul></body></html>")):
        path = tmp_path / (safe[:40] + suffix)
        try:
            path.write_text(body, encoding="utf-8", errors="surrogatepass")
        except OSError:
            continue      # a name this file system refuses
        _check_loaded(path)


# ---- the CLI ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("fuzz")
    shutil.copy(ROOT / "examples" / "corpus" / "000_0b54970cb6e1f35d.txt", where / "paper.txt")
    res = runner.invoke(app, ["ingest", str(where / "paper.txt"), "--store", str(where / "st"), "-q"])
    assert res.exit_code == 0, res.output
    return where


WORDS = st.sampled_from(["Rutland", "OPCC", "x", "", "'", "\x1b[2J", "a\nb", "é" * 3, "9" * 400, "-1", "0",
                         "board=Rutland", "funder=OPCC", "=", "%s", "{0}", "../../etc/passwd", "\udcff"])
NUMBERS = st.sampled_from(["-5", "0", "1", "3", "999999999999", "1e9", "nan", "two", ""])
# (never "/": an atlas would be written into it, an ingest would walk the whole machine)
PATHS = st.sampled_from(["OUT", "FULL", "/dev/null", "MISSING/x", "DIR", "-"])


@st.composite
def command_line(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(["export", "stats", "query", "show", "viz", "atlas", "audit", "explain",
                                    "ingest", "review", "nonsense"]))
    args = [command]
    if command == "query":
        args.append(draw(st.sampled_from(["list", "board-members", "allocation-summary", "funding-trace",
                                          "shortest-connection", "governance-chain", "no-such-query"])))
        args += [a for _ in range(draw(st.integers(0, 3))) for a in ("--param", draw(WORDS))]
        if draw(st.booleans()):
            args += ["--max-width", draw(NUMBERS)]
        if draw(st.booleans()):
            args.append("--json")
    elif command == "show":
        args.append(draw(WORDS))
    elif command == "viz":
        args += [draw(st.sampled_from(["governance", "funding", "ego", "board", "nope"])), "-o", draw(PATHS)]
        if draw(st.booleans()):
            args += ["--focus", draw(WORDS)]
        if draw(st.booleans()):
            args += ["--depth", draw(NUMBERS)]
        if draw(st.booleans()):
            args += ["--max-nodes", draw(NUMBERS)]
    elif command in ("export",):
        args += ["-o", draw(PATHS)]
    elif command in ("atlas",):
        args.append(draw(PATHS))
    elif command in ("explain", "ingest"):
        args.append(draw(st.sampled_from(["PAPER", "DIR", "MISSING/x", "/dev/null"])))
        if command == "explain":
            args += ["-o", draw(PATHS)]
    elif command == "review" and draw(st.booleans()):
        args += ["--label", draw(st.sampled_from(["Person", "Board", "Nope"])), "--same", draw(WORDS), draw(WORDS)]
    args += draw(st.lists(st.sampled_from(["--json", "--quiet", "--bogus", "--store"]), max_size=1))
    return args


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(argv=command_line())
def test_cli_never_gives_a_traceback(fuzz_store: Path, tmp_path: Path, argv: list[str]) -> None:
    run = tmp_path / "run"
    shutil.rmtree(run, ignore_errors=True)
    (run / "DIR").mkdir(parents=True)
    store = fuzz_store / "st"   # its own store: the commands that write (ingest, review) may change it
    full = run / "full"       # a private always-full device (as root), not the machine's /dev/full
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        full = Path("/dev/full")
    subs = {"FULL": str(full), "OUT": str(run / "out.file"), "DIR": str(run / "DIR"),
            "MISSING/x": str(run / "missing" / "x"),
            "PAPER": str(fuzz_store / "paper.txt")}
    argv = [subs.get(a, a) for a in argv]
    if "--store" not in argv:
        argv += ["--store", str(store)]
    cwd = os.getcwd()
    os.chdir(run)               # "-" or a relative name given as a folder lands in the run's folder
    try:
        res = runner.invoke(app, argv)
    finally:
        os.chdir(cwd)
    assert res.exception is None or isinstance(res.exception, SystemExit), (argv, repr(res.exception))
    assert res.exit_code in (0, 1, 2), (argv, res.exit_code, res.output)
    assert "Traceback" not in res.output, argv
    if res.exit_code != 0:
        err = res.stderr.strip().splitlines()
        assert err, (argv, res.output)
        assert err[-1].startswith("kg: ") or any(line.startswith(("Usage:", "Try ", "╭", "│", "╰", "Error"))
                                                 for line in err), (argv, res.stderr)
        assert "\x1b" not in res.stderr, (argv, res.stderr)
