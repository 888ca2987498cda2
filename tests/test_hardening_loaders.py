"""Loaders against hostile files: text normalised for every format, per-document budgets.

A PDF whose font map decodes to a lone surrogate, decomposed accents, control characters and
terminal escapes in text and file names, a 1.5 MB Word file that unpacks to 1.5 GB, files past
their size and time budgets: each gives one line naming the file (or is read, cleaned), the rest
of the run goes on, and nothing crashes.
"""

from __future__ import annotations

import doctest
import io
import json
import re
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hostile_files import docx_bomb, pdf_with_text_map

from kg.loaders import Budgets, LoadError, load
from kg.loaders import budget as budget_module
from kg.loaders import normalise as normalise_module
from kg.loaders.budget import BudgetExceeded, time_limit

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "docs"
KG = str(Path(sys.executable).parent / "kg")
MINUTES = "Minutes of the Eastvale Community Safety Partnership\nHeld on 3 March 2026\n"


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG, *args], capture_output=True, text=True, timeout=600)


def test_module_examples() -> None:
    for module in (normalise_module, budget_module):
        assert doctest.testmod(module).failed == 0, module.__name__


def _clean(text: str) -> None:
    text.encode("utf-8")                                   # no lone surrogate
    assert unicodedata.is_normalized("NFC", text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text.replace("\x0c", "")), \
        repr(text)


def test_pdf_decoding_to_lone_surrogate_is_read_with_replacement(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.pdf"
    path.write_bytes(pdf_with_text_map({0x41: "D800", 0x42: "0042"}, b"Minutes of the Board BAB meeting"))
    doc = load(path)
    _clean(doc.text)
    assert "B\ufffdB" in doc.text                     # the character is marked, not silently dropped
    assert doc.text.startswith("Minutes of the Board")


def test_surrogate_pdf_does_not_stop_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-surrogate.pdf").write_bytes(pdf_with_text_map({0x41: "DC00"}, b"Minutes AAA of the Board"))
    (folder / "b-minutes.txt").write_text(MINUTES, encoding="utf-8")
    res = kg("ingest", str(folder), "--store", str(tmp_path / "st"), "-q")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert "documents: 2 added" in res.stdout
    out = kg("export", "-o", "-", "--store", str(tmp_path / "st"))
    assert out.returncode == 0
    docs = [json.loads(line) for line in out.stdout.splitlines() if '"labels":["Document"],"prop' in line]
    assert sorted(d["properties"]["name"] for d in docs) == ["a-surrogate.pdf", "b-minutes.txt"]


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_text_normalised_for_every_format(tmp_path: Path, fmt: str) -> None:
    # "Cafe" + combining acute (NFD), an escape sequence, a bidi override, a line separator, a C1 control
    body = "Westby Cafe\u0301 Trust\x1b[2J met\u202e here\u2028next line\x85and\x9b on"
    path = tmp_path / f"paper.{fmt}"
    if fmt == "txt":
        path.write_text(MINUTES + body + "\n", encoding="utf-8")
    elif fmt == "html":
        path.write_text(f"<html><body><h1>Minutes</h1><p>{body}</p></body></html>", encoding="utf-8")
    else:
        import docx

        d = docx.Document()
        d.add_paragraph("Minutes")
        d.add_paragraph(body.replace("\x1b", "").replace("\x85", "").replace("\x9b", ""))  # XML cannot hold C0
        d.save(str(path))
    text = load(path).text
    _clean(text)
    assert "Westby Café Trust" in text
    assert "next line" in text.split("\n")[[i for i, line in enumerate(text.split("\n"))
                                             if "next line" in line][0]]
    assert "met here" in text


def test_pdf_pages_keep_their_offsets_after_normalising(tmp_path: Path) -> None:
    doc = load(FIXTURES / "minutes.pdf")
    assert doc.page_starts and doc.page_starts[0] == 0
    assert all(a <= b for a, b in zip(doc.page_starts, doc.page_starts[1:], strict=False))
    assert doc.page_starts[-1] <= len(doc.text)


def test_file_names_with_escapes_are_printed_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b]0;owned\x07.pdf").write_bytes(b"not a pdf at all")
    (folder / "line\nbreak\x1b[2J.txt").write_text(MINUTES, encoding="utf-8")
    with open(bytes(folder) + b"/latin\xff.txt", "wb"):    # a name that is not UTF-8, and empty
        pass
    res = subprocess.run([KG, "ingest", str(folder), "--store", str(tmp_path / "st"), "-q"],
                         capture_output=True, timeout=600)
    err = res.stderr.decode("utf-8")
    assert res.returncode == 1
    assert "\x1b" not in err and "\x07" not in err
    assert "evil\\x1b]0;owned\\x07.pdf: corrupt PDF" in err
    assert "latin\\xff.txt: empty file" in err
    assert len(err.strip().splitlines()) == 2, err    # one line each, the newline in a name escaped
    out = kg("export", "-o", "-", "--store", str(tmp_path / "st"))
    assert "line\\\\x0abreak\\\\x1b[2J.txt" in out.stdout     # the id is the escaped name (JSON doubles \\)


def test_docx_bomb_refused_without_taking_the_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(docx_bomb(1500))
    assert bomb.stat().st_size < 1.7 * 2**20
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb.read_bytes())).infolist()) > 1.5e9
    probe = ("import resource, sys\nfrom kg.loaders import load, LoadError\n"
             "try:\n    load(sys.argv[1])\nexcept LoadError as exc:\n    print(exc)\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    res = subprocess.run([sys.executable, "-c", probe, str(bomb)], capture_output=True, text=True, timeout=120)
    reason, peak_kb = res.stdout.splitlines()
    assert reason.startswith("Word package unpacks to 1,500 MB"), reason
    assert int(peak_kb) < 1024 * 1024, f"peak {int(peak_kb) // 1024} MB"   # the document alone is 1,500 MB


def test_docx_bomb_under_the_total_but_past_the_ratio(tmp_path: Path) -> None:
    bomb = tmp_path / "small-bomb.docx"
    bomb.write_bytes(docx_bomb(30))
    with pytest.raises(BudgetExceeded, match="times its size"):
        load(bomb)


def test_size_budget_refuses_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with open(big, "wb") as fh:            # sparse: 2 GB on disk costs nothing
        fh.truncate(2 * 2**30)
    start = time.perf_counter()
    with pytest.raises(BudgetExceeded, match=r"file too large \(2,048 MB; the budget for .html files is 60 MB"):
        load(big)
    assert time.perf_counter() - start < 5        # refused from its size, not read
    small = Budgets(max_file_mb={".*": 0.00001})
    with pytest.raises(BudgetExceeded, match="file too large"):
        load(FIXTURES / "allocations-cp1252.txt", small)


def test_time_budget_stops_a_runaway_regex() -> None:
    start = time.perf_counter()
    with pytest.raises(BudgetExceeded, match="took longer than its time budget"), time_limit(0.5, "matching"):
        re.match(r"(a+)+$", "a" * 40 + "b")        # exponential: hours without the budget
    assert time.perf_counter() - start < 5


def test_time_budget_refuses_a_slow_document() -> None:
    slow = Budgets(seconds_base=0.001, seconds_per_mb=0.001)
    with pytest.raises(LoadError, match="reading the file took longer than its time budget"):
        load(FIXTURES / "minutes.pdf", slow)
    assert load(FIXTURES / "minutes.pdf").text    # the default budget reads it


def test_malformed_budgets_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "budgets.yaml"
    bad.write_text("max_file_mb: {'.pdf': -3}\ndocx: {}\nseconds: {}\n", encoding="utf-8")
    with pytest.raises(ValueError) as err:
        Budgets.from_yaml(bad)
    assert "malformed budgets" in str(err.value) and "\n" not in str(err.value)
