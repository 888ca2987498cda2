"""Time and peak memory of kg's PDF loader on a generated 300-page agenda pack, against pypdf.

The pack is the five sample papers set one after another (repeated until it has ``--pages``
pages) by the loader tests' generator (``tests/paper_render.py``: reportlab, bordered tables,
running header and footer, hyphenated justified text, two-column pages). Runs alternate
A B A B ...: (a) ``kg.loaders.load`` (the layout reader: tables, columns, headers, hyphenation)
and (b) pypdf's plain ``extract_text`` of every page, the loader kg had before; the ratio a/b
is taken pair by pair (target < 3), of wall-clock time and of the process's CPU time (on a
machine shared with other work the wall clock of one run can double; CPU time does not count the
waits). Peak memory is the resident set of a fresh process that only loads the pack (target < 1 GB).

``--compare`` also times, once each, the libraries the layout reader was chosen against:
pdfplumber reading each page's words and tables itself, and PyMuPDF (AGPL; only if it is
installed: it is not a kg dependency) reading words and tables.

    .venv/bin/python bench/bench_pdf.py                 # 300 pages, 3 pairs
    .venv/bin/python bench/bench_pdf.py --pages 60 --repeat 2 --compare
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from paper_render import CORPUS, HEADER_TITLE, blocks, to_pdf, two_column_span  # noqa: E402

from kg.loaders import load  # noqa: E402


def make_pack(path: Path, pages: int) -> int:
    """Write a pack of at least ``pages`` pages; return its page count."""
    from pypdf import PdfReader

    papers = [blocks(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    per_round = 0
    rounds = 1
    while True:
        paper = [b for _ in range(rounds) for p in papers for b in p]
        to_pdf(paper, path, title=HEADER_TITLE, two_column=two_column_span(paper))
        count = len(PdfReader(str(path)).pages)
        if count >= pages:
            return count
        per_round = per_round or count
        rounds = -(-pages // per_round)


def pypdf_text(path: Path) -> int:
    from pypdf import PdfReader

    return sum(len(page.extract_text() or "") for page in PdfReader(str(path)).pages)


def kg_text(path: Path) -> int:
    return len(load(path).text)


def peak_rss_mb(path: Path) -> float:
    """Peak resident memory (MB) of a fresh Python process that loads the pack with kg."""
    code = ("import resource, sys\nfrom kg.loaders import load\nload(sys.argv[1])\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def pdfplumber_layout(path: Path) -> int:
    import pdfplumber

    n = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            n += len(page.extract_words()) + len(page.find_tables())
            page.close()
    return n


def pymupdf_layout(path: Path) -> int | None:
    try:
        import pymupdf  # AGPL: measured only where someone installed it
    except ImportError:
        return None
    n = 0
    with pymupdf.open(str(path)) as doc:
        for page in doc:
            n += len(page.get_text("words")) + len(page.find_tables().tables)
    return n


def _timed(fn, *args):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t0, result


def _cpu_timed(fn, *args) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU seconds of one call."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - t0, time.process_time() - c0


def _report(name: str, runs: list[float]) -> None:
    print(f"{name:27s}median {statistics.median(runs):6.2f} s  runs {', '.join(f'{r:.2f}' for r in runs)}")


def _ratio(name: str, kg: list[float], base: list[float]) -> None:
    ratios = sorted(k / p for k, p in zip(kg, base, strict=True))
    print(f"{name:27s}median {statistics.median(ratios):6.2f}    pair by pair min "
          f"{ratios[0]:.2f} max {ratios[-1]:.2f} (target < 3)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare", action="store_true", help="also time pdfplumber and PyMuPDF (once each)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack.pdf"
        t_make, count = _timed(make_pack, pack, a.pages)
        print(f"pack: {count} pages, {pack.stat().st_size / 1e6:.1f} MB (generated in {t_make:.1f} s)")
        kg_text(pack)            # warm-up: imports, the layout settings
        pypdf_text(pack)
        kg_runs: list[tuple[float, float]] = []
        pypdf_runs: list[tuple[float, float]] = []
        for _ in range(a.repeat):   # alternating A B A B ...
            kg_runs.append(_cpu_timed(kg_text, pack))
            pypdf_runs.append(_cpu_timed(pypdf_text, pack))
        _report("(a) kg load (layout)", [w for w, _ in kg_runs])
        _report("(b) pypdf extract_text", [w for w, _ in pypdf_runs])
        _ratio("ratio a/b (wall clock)", [w for w, _ in kg_runs], [w for w, _ in pypdf_runs])
        _report("(a) kg load, CPU", [c for _, c in kg_runs])
        _report("(b) pypdf, CPU", [c for _, c in pypdf_runs])
        _ratio("ratio a/b (CPU)", [c for _, c in kg_runs], [c for _, c in pypdf_runs])
        pypdf_median = statistics.median(w for w, _ in pypdf_runs)
        print(f"peak memory of kg load     {peak_rss_mb(pack):8.0f} MB (target < 1024)")
        if a.compare:
            t_plumber, _ = _timed(pdfplumber_layout, pack)
            print(f"pdfplumber words+tables    {t_plumber:8.2f} s  ratio to pypdf "
                  f"{t_plumber / pypdf_median:.1f}")
            t_mupdf, found = _timed(pymupdf_layout, pack)
            if found is None:
                print("PyMuPDF                    not installed (AGPL; pip install pymupdf to measure it)")
            else:
                print(f"PyMuPDF words+tables       {t_mupdf:8.2f} s  ratio to pypdf "
                      f"{t_mupdf / pypdf_median:.1f}")


if __name__ == "__main__":
    main()
