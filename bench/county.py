"""A county's papers: fresh ingest, adding one paper, named queries and start-up, at scale.

Generates ``--papers`` (default 2,000) varied papers from the development set
(``tests/devset/*/docs``, and ``/work/shared/corpus`` when present), then measures with the real
``kg`` console script in subprocesses:

* fresh ingest of all papers at ``--jobs 1`` and ``--jobs 2``: wall time and peak memory (the sum
  of the RSS of kg and its worker processes, sampled every 50 ms);
* adding one new paper to that store vs the same paper's own ingest into an empty store: time,
  peak memory and their ratio (target: under 2x, peak under 1 GB);
* each named query from the CLI vs ``kg --help`` (target: under 1.5x);
* ``kg --help`` vs a bare ``python -c pass`` (target: within 3x).

Every ratio comes from alternating runs (A B A B ...): the median and the spread (min-max) are
printed, and every run is kept in the output. Run it on a quiet machine; say what you ran:

    .venv/bin/python bench/county.py --papers 2000 --pairs 3
    .venv/bin/python bench/county.py --papers 200 --pairs 3 --keep /tmp/county

**How papers are varied.** Paper ``i`` is template ``i % T`` of the ``T`` development papers in
"county" ``k = i // T``. In each county, every word that is written only capitalised in the whole
development set (a name: of a person, body, project; never a common word, which the papers also
write in lower case somewhere) and is not a place, national body, month or weekday kg knows is given the
county's own syllables ("Dunn" -> "Dunnarel"), and every amount is scaled by a county factor. So
the papers of one county share their people and bodies, as a county's papers do, and the
counties resolve as distinct entities. No name or phrase is written in this file.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = str(Path(sys.executable).parent / "kg")
SOURCES = [*sorted(ROOT.glob("tests/devset/*/docs/*.txt")), *sorted(Path("/work/shared/corpus").glob("*.txt"))]
SYLLABLES = ["ar", "el", "on", "is", "um", "ad", "ok", "et", "ub", "il", "or", "an"]
_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")
_AMOUNT = re.compile(r"£\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")


def county_tag(k: int) -> str:
    """Syllables that make county ``k``'s names its own: 0 -> 'arar', 13 -> 'elel'..."""
    a, b = divmod(k, len(SYLLABLES))
    return SYLLABLES[a % len(SYLLABLES)] + SYLLABLES[b] + ("" if a < len(SYLLABLES) else str(a))


def name_words(texts: list[str]) -> set[str]:
    """Capitalised words the texts never write in lower case, minus places and national bodies."""
    from importlib import resources

    import yaml

    def strings(v: object) -> list[str]:
        if isinstance(v, str):
            return [v]
        if isinstance(v, dict):
            return [s for k, x in v.items() for s in [*strings(k), *strings(x)]]
        if isinstance(v, list):
            return [s for x in v for s in strings(x)]
        return []

    lower = {w for t in texts for w in re.findall(r"\b[a-z]{4,}\b", t)}
    data = resources.files("kg.extract.data")
    known = {w for f in ("resolution.yaml", "areas.yaml")
             for s in strings(yaml.safe_load(data.joinpath(f).read_text(encoding="utf-8")))
             for w in re.findall(r"[a-z]+", s.lower())}
    known |= {w.lower() for w in [*calendar.month_name, *calendar.day_name] if w}   # dates stay dates
    return {w for t in texts for w in _WORD.findall(t) if w.lower() not in lower and w.lower() not in known}


def vary(text: str, names: set[str], k: int) -> str:
    tag = county_tag(k)
    text = _WORD.sub(lambda m: m.group(0) + tag if m.group(0) in names else m.group(0), text)
    factor = 1 + (k % 97) / 100

    def amount(m: re.Match[str]) -> str:
        value = round(int(m.group(1).replace(",", "")) * factor)
        return f"£{value:,}" if "," in m.group(1) else f"£{value}"
    return _AMOUNT.sub(amount, text) + f"\nPaper {k} of this county's series.\n"


def generate(folder: Path, n: int, only: set[int] | None = None) -> list[Path]:
    """``n`` varied papers in ``folder`` (see the module docstring), or of them only those numbered ``only``."""
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    names = name_words(texts)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in sorted(only) if only is not None else range(n):
        k, t = divmod(i, len(texts))
        p = folder / f"county{k:03d}-{SOURCES[t].name}"
        p.write_text(vary(texts[t], names, k), encoding="utf-8")
        out.append(p)
    return out


# -- measuring ----------------------------------------------------------------------------------------
def _tree_rss(pid: int) -> int:
    """RSS in bytes of a process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def run(cmd: list[str], **kw: object) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Wall seconds, peak tree RSS in bytes, and the finished process."""
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)  # type: ignore[call-overload]
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    res = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    if proc.returncode not in (0, 1, 2) or proc.returncode == 2 and "query" not in cmd:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    return seconds, peak, res


def alternate(name_a: str, a: Callable[[], tuple[float, int]], name_b: str, b: Callable[[], tuple[float, int]],
              pairs: int, record: dict[str, object]) -> None:
    """Run A B A B ..., print every run and the median and spread of the ratio A/B."""
    runs = []
    for i in range(pairs):
        ta, ma = a()
        tb, mb = b()
        runs.append({"pair": i + 1, name_a: round(ta, 3), name_b: round(tb, 3), "ratio": round(ta / tb, 3),
                     f"{name_a} MB": round(ma / 2**20), f"{name_b} MB": round(mb / 2**20)})
        print(f"  pair {i + 1}: {name_a} {ta:.3f}s ({ma / 2**20:.0f} MB)  {name_b} {tb:.3f}s "
              f"({mb / 2**20:.0f} MB)  ratio {ta / tb:.2f}", flush=True)
    ratios = [r["ratio"] for r in runs]
    summary = {"median ratio": round(statistics.median(ratios), 3), "spread": [min(ratios), max(ratios)],  # type: ignore[type-var]
               "runs": runs}
    print(f"  {name_a} / {name_b}: median {summary['median ratio']}, spread {min(ratios)}-{max(ratios)}",  # type: ignore[type-var]
          flush=True)
    record[f"{name_a} vs {name_b}"] = summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--papers", type=int, default=2000)
    ap.add_argument("--pairs", type=int, default=3, help="alternating pairs per ratio (fresh ingest: 1 fewer)")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    ap.add_argument("--json", type=Path, help="write every run here (after each measure)")
    ap.add_argument("--fresh", choices=("both", "jobs2"), default="both",
                    help="fresh ingest: --jobs 1 vs --jobs 2 alternating (default), or once at --jobs 2 only")
    ap.add_argument("--no-queries", action="store_true", help="skip the named queries and start-up")
    ap.add_argument("--template", help="the paper added is made from the development paper whose name has this")
    ap.add_argument("--reuse", action="store_true", help="reuse the papers and store of --keep DIR (no fresh ingest)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-county-"))
    work.mkdir(parents=True, exist_ok=True)
    papers = work / "papers"
    base = work / "store-jobs2"
    reuse = args.reuse and base.exists() and papers.exists() and len(list(papers.iterdir())) == args.papers
    if not reuse:
        shutil.rmtree(papers, ignore_errors=True)
        generate(papers, args.papers)
    extra = work / "new-paper"
    shutil.rmtree(extra, ignore_errors=True)
    # the next paper of the series (of the template named, if one is), not yet stored
    idx = args.papers
    while args.template and args.template not in SOURCES[idx % len(SOURCES)].name:
        idx += 1
    new = generate(extra, idx + 1, only={idx})[0]
    size = sum(p.stat().st_size for p in papers.iterdir())
    print(f"{args.papers} papers, {size / 2**20:.1f} MB, from {len(SOURCES)} development papers; "
          f"{os.cpu_count()} cores; work folder {work}", flush=True)
    record: dict[str, object] = {"papers": args.papers, "megabytes": round(size / 2**20, 1), "new paper": new.name,
                                 "new paper KB": round(new.stat().st_size / 1024, 1), "store reused": reuse}
    print(f"the paper added: {new.name} ({new.stat().st_size / 1024:.1f} KB)", flush=True)

    def fresh(jobs: int) -> Callable[[], tuple[float, int]]:
        def go() -> tuple[float, int]:
            store = work / f"store-jobs{jobs}"
            shutil.rmtree(store, ignore_errors=True)
            t, m, res = run([KG, "ingest", str(papers), "--store", str(store), "-q", "--jobs", str(jobs)])
            return t, m
        return go

    def save() -> None:
        if args.json:
            args.json.write_text(json.dumps(record, indent=1), encoding="utf-8")

    if reuse:
        print(f"fresh ingest: reusing {base}", flush=True)
    elif args.fresh == "both":
        print("fresh ingest, --jobs 1 vs --jobs 2 (target: jobs 1 / jobs 2 >= 1.7):", flush=True)
        alternate("jobs1", fresh(1), "jobs2", fresh(2), max(1, args.pairs - 1), record)
    else:
        t, m = fresh(2)()
        print(f"fresh ingest, --jobs 2: {t:.1f}s, peak {m / 2**20:.0f} MB", flush=True)
        record["fresh jobs2"] = {"seconds": round(t, 1), "MB": round(m / 2**20)}
    record["store MB"] = round(sum(f.stat().st_size for f in base.iterdir()) / 2**20, 1)
    save()

    def add_one() -> tuple[float, int]:
        store = work / "store-add"
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(base, store)
        t, m, res = run([KG, "ingest", str(new), "--store", str(store), "-q"])
        assert "1 added" in res.stdout, res.stdout + res.stderr
        return t, m

    def own() -> tuple[float, int]:
        store = work / "store-own"
        shutil.rmtree(store, ignore_errors=True)
        t, m, res = run([KG, "ingest", str(new), "--store", str(store), "-q"])
        assert "1 added" in res.stdout, res.stdout + res.stderr
        return t, m

    print("add one paper to the store vs its own ingest into an empty store (target < 2x, < 1 GB):", flush=True)
    alternate("add-one", add_one, "own-ingest", own, args.pairs, record)
    save()
    if not args.no_queries:
        startup_and_queries(base, args.pairs, record, save)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def startup_and_queries(base: Path, pairs: int, record: dict[str, object], save: Callable[[], None]) -> None:
    """``kg --help`` vs a bare Python start, and each named query on the store ``base`` vs ``kg --help``."""

    def help_() -> tuple[float, int]:
        t, m, _ = run([KG, "--help"])
        return t, m

    def bare() -> tuple[float, int]:
        t, m, _ = run([sys.executable, "-c", "pass"])
        return t, m

    print("start-up: kg --help vs python -c pass (target < 3x):", flush=True)
    alternate("kg-help", help_, "python", bare, pairs, record)

    for name, params in query_params(base):
        def query(name: str = name, params: list[str] = params) -> tuple[float, int]:
            t, m, res = run([KG, "query", name, *params, "--store", str(base)])
            return t, m

        print(f"query {name} vs kg --help (target < 1.5x):", flush=True)
        alternate(f"query {name}", query, "kg-help", help_, pairs, record)
        save()


def query_params(store: Path) -> list[tuple[str, list[str]]]:
    """Each named query, with its header example as parameters (the query's own documentation)."""
    from kg.queries import list_queries

    out = []
    for q in list_queries():
        params = []
        for p, (_, example) in q.params.items():
            params += ["--param", f"{p}={example}"]
        out.append((q.name, params))
    return out


if __name__ == "__main__":
    main()
