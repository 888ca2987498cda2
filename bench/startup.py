"""Start-up of `kg`, named queries from the CLI, and the `--jobs` gain: ratios from alternating runs.

Runs the real ``kg`` console script in subprocesses, alternating A B A B ..., and prints every run
(wall seconds, CPU seconds of the process and its workers, the 1-minute load average when it
started), then the median and the spread (min-max) of the per-pair ratios A/B, by wall time and
by CPU time. CPU time is what a run costs whatever else the machine does; wall time is what a
user waits, and on a machine shared with other work it is mostly the others' doing: read the
load average beside it.

* ``kg --help`` vs ``python -c pass`` (target: under 3x);
* ``kg query --help`` vs ``python -c pass``: typer's own start-up, which every command but
  ``kg --help`` pays (``kg --help`` is answered from a cache, kg/cli_start.py);
* each named query on a store of ``--papers`` generated papers vs ``kg --help`` (target: under
  1.5x), and vs ``kg query --help``; each is first run once with ``-X importtime`` to print
  whether it took the quick path (kg/cli_quick.py: no typer, no networkx). A ``--store`` without
  a current read index (written by an earlier kg) gets one first, unless ``--no-index``;
* fresh ingest of ``--jobs-papers`` papers with ``--jobs 1`` vs ``--jobs 2`` (target: at least
  1.7x on 2 cores); with ``--jobs-baseline``, an older kg's too, round by round.

Every run has Python's bytecode cache (a ``PYTHONDONTWRITEBYTECODE`` in the environment is left out
of the runs' own: it would compile every module on every run, as no installed kg does). The
``--baseline`` may be any script that runs `kg`; ``--through-typer`` takes as baseline this kg
through ``kg.cli.main`` (typer and networkx: the way every query ran before the quick path).

Papers come from bench/county.py's generator (varied copies of the development set). Examples::

    .venv/bin/python bench/startup.py --papers 300 --pairs 5 --jobs-papers 300 --jobs-pairs 2
    .venv/bin/python bench/startup.py --store /tmp/kg-300 --pairs 9 --no-jobs --json runs.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from county import generate  # noqa: E402  (bench/county.py: the varied papers)

KG = str(Path(sys.executable).parent / "kg")
Run = dict[str, float]
# every run with Python's bytecode cache, as an installed kg has it (a PYTHONDONTWRITEBYTECODE
# left in the environment would compile every module of every run from its source)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: list[str], ok: tuple[int, ...] = (0,)) -> Run:
    """One run of ``cmd``: wall and CPU seconds (its own and its waited-for children's), load."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in ok:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = {"wall": round(wall, 4), "cpu": round(cpu, 4), "load": round(load, 2)}
    split = re.search(r"^KG-CPU (\S+) (\S+)$", proc.stderr, re.M)   # see _KG_WITH_CPU
    if split:
        # kg's own: all but its workers' of the run's CPU, so with what its process does after the
        # line is written (Python's shutdown: 0.4 s after an ingest of 600 papers by a kg that
        # let it run; the line alone left it out of both runs of a pair)
        workers = float(split.group(2))
        out["own cpu"], out["workers cpu"] = round(cpu - workers, 3), round(workers, 3)
        out["own cpu at exit"] = round(float(split.group(1)), 3)
    return out


def alternate(name_a: str, a: Callable[[], Run], name_b: str, b: Callable[[], Run], pairs: int,
              record: dict[str, object]) -> dict[str, object]:
    """A B A B ...: every run printed and kept, then the median and spread of the ratios A/B."""
    runs = []
    for i in range(pairs):
        ra, rb = a(), b()
        runs.append({"pair": i + 1, name_a: ra, name_b: rb})
        print(f"  pair {i + 1}: {name_a} {ra['wall']:.3f}s wall {ra['cpu']:.3f}s cpu (load {ra['load']:.1f})  "
              f"{name_b} {rb['wall']:.3f}s wall {rb['cpu']:.3f}s cpu (load {rb['load']:.1f})", flush=True)
    summary: dict[str, object] = {"runs": runs}
    for measure in ("wall", "cpu"):
        ratios = [r[name_a][measure] / max(r[name_b][measure], 1e-9) for r in runs]  # type: ignore[index]
        med_a = statistics.median(r[name_a][measure] for r in runs)  # type: ignore[index]
        med_b = statistics.median(r[name_b][measure] for r in runs)  # type: ignore[index]
        summary[measure] = {"median ratio": round(statistics.median(ratios), 3),
                            "spread": [round(min(ratios), 3), round(max(ratios), 3)],
                            f"median {name_a}": round(med_a, 4), f"median {name_b}": round(med_b, 4)}
        print(f"  {name_a} / {name_b} by {measure}: median {statistics.median(ratios):.2f} "
              f"(spread {min(ratios):.2f}-{max(ratios):.2f}; medians {med_a:.3f}s / {med_b:.3f}s)", flush=True)
    loads = [r[n]["load"] for r in runs for n in (name_a, name_b)]  # type: ignore[index]
    summary["load"] = [min(loads), max(loads)]
    print(f"  load average during the runs: {min(loads):.1f}-{max(loads):.1f}", flush=True)
    record[f"{name_a} vs {name_b}"] = summary
    return summary


def query_params(store: Path) -> list[tuple[str, list[str]]]:
    """Each named query with parameters that name one entity of the store: the header's example
    when it names one; when it names several, the first; when none, the entity of the kinds the
    parameter takes with the most relationships (so each query has rows to find)."""
    from kg.lookup import EntityNotFound, candidates_from_store, find
    from kg.queries import PARAM_KINDS, list_queries
    from kg.store import open_store

    st = open_store("networkx", store)
    try:
        cands = candidates_from_store(st)
        degree: dict[str, int] = {}
        for r in st.graph().rels.values():
            if r.type != "MENTIONED_IN":
                degree[r.start] = degree.get(r.start, 0) + 1
                degree[r.end] = degree.get(r.end, 0) + 1
    finally:
        st.close()
    out = []
    for q in list_queries():
        params = []
        for p, (_, example) in q.params.items():
            labels, what = PARAM_KINDS.get(p, (None, "entity"))
            try:
                chosen = find(cands, example, labels, what).id
            except EntityNotFound as exc:
                ids = re.findall(r"\((?:[A-Za-z]+), ([^()]+)\)", str(exc))
                pool = [c for c in cands if labels is None or c.label in labels]
                chosen = ids[0] if ids else max(pool, key=lambda c: (degree.get(c.id, 0), c.id)).id
            params += ["--param", f"{p}={chosen}"]
        out.append((q.name, params))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--papers", type=int, default=300, help="papers in the query store")
    ap.add_argument("--store", type=Path, help="query store to use (made with --papers when missing)")
    ap.add_argument("--pairs", type=int, default=5, help="alternating pairs per start-up and query ratio")
    ap.add_argument("--queries", nargs="*", help="only these named queries")
    ap.add_argument("--jobs-papers", type=int, default=300, help="papers in the --jobs ingest")
    ap.add_argument("--jobs-pairs", type=int, default=2)
    ap.add_argument("--no-jobs", action="store_true", help="skip the --jobs ingest")
    ap.add_argument("--no-queries", action="store_true", help="skip the start-up and query runs")
    ap.add_argument("--no-index", action="store_true", help="leave a --store without a current read index "
                    "as it is (queries then read the whole graph through typer)")
    ap.add_argument("--through-typer", action="store_true", help="the baseline: this kg through kg.cli.main "
                    "(typer, networkx), never the quick path")
    ap.add_argument("--baseline", help="another kg console script (an older checkout's .venv/bin/kg): "
                                       "kg --help and each query are also run against it, alternating")
    ap.add_argument("--jobs-baseline", help="another kg's Python (an older checkout's .venv/bin/python): its "
                    "fresh ingests at --jobs 1 and 2 alternate with this kg's, pair by pair")
    ap.add_argument("--json", type=Path, help="write every run here")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-startup-"))
    record: dict[str, object] = {"cores": os.cpu_count(), "load at start": os.getloadavg()}
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} "
          f"{os.getloadavg()[2]:.1f}; work folder {work}", flush=True)
    try:
        if not args.no_queries:
            _startup_and_queries(args, work, record)
        if not args.no_jobs:
            _jobs(args, work, record)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.json:
            args.json.write_text(json.dumps(record, indent=1), encoding="utf-8")


def _startup_and_queries(args: argparse.Namespace, work: Path, record: dict[str, object]) -> None:
    store = args.store or work / "store"
    if not (store / "graph.sqlite").exists():
        papers = work / "papers"
        generate(papers, args.papers)
        print(f"ingesting {args.papers} papers into {store} ...", flush=True)
        run([KG, "ingest", str(papers), "--store", str(store), "-q"])
    stats = subprocess.run([KG, "stats", "--store", str(store)], capture_output=True, text=True).stdout
    print("store: " + " ".join(stats.split()[:4]), flush=True)
    record["store"] = stats.splitlines()[:3]
    if not args.no_index:
        _read_index(store, record)

    def bare() -> Run:
        return run([sys.executable, "-c", "pass"])

    def help_() -> Run:
        return run([KG, "--help"])

    def typer_help() -> Run:
        return run([KG, "query", "--help"])

    baseline = [sys.executable, "-c", _THROUGH_TYPER] if args.through_typer else \
        [args.baseline] if args.baseline else None
    if baseline:
        print(f"kg --help vs the baseline's ({' '.join(baseline)[:80]}):", flush=True)
        alternate("kg --help", help_, "baseline --help", lambda: run([*baseline, "--help"]), args.pairs,
                  record)
    print("kg --help vs python -c pass (target < 3x):", flush=True)
    alternate("kg --help", help_, "python -c pass", bare, args.pairs, record)
    print("kg query --help (typer's start-up) vs python -c pass:", flush=True)
    alternate("kg query --help", typer_help, "python -c pass", bare, args.pairs, record)
    for name, params in query_params(store):
        if args.queries and name not in args.queries:
            continue

        def query(name: str = name, params: list[str] = params) -> Run:
            return run([KG, "query", name, *params, "--store", str(store)])

        quick = _quick_path(name, params, store)
        record[f"query {name} quick path"] = quick
        print(f"query {name}: {'the quick path (no typer, no networkx)' if quick else 'through typer'}", flush=True)

        print(f"query {name} {' '.join(params[1::2])} vs kg --help (target < 1.5x), then vs kg query --help:",
              flush=True)
        alternate(f"query {name}", query, "kg --help", help_, args.pairs, record)
        alternate(f"query {name}", query, "kg query --help", typer_help, max(2, args.pairs // 2), record)
        if baseline:
            def before(name: str = name, params: list[str] = params) -> Run:
                return run([*baseline, "query", name, *params, "--store", str(store)])

            alternate(f"query {name}", query, "baseline", before, max(2, args.pairs // 2), record)


# `kg` through typer (kg.cli.main), never the quick path; a reader ends as kg/cli_start.py ends it
_THROUGH_TYPER = """import os, sys
sys.argv[0] = "kg"
from kg.cli import main
try:
    main()
except SystemExit as done:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(done.code if isinstance(done.code, int) else 0)
"""


def _read_index(store: Path, record: dict[str, object]) -> None:
    """Seal the store's read index when it has none current (a store written by an earlier kg):
    the quick path of `kg query` reads only a sealed store (kg/store/read_index.py)."""
    from kg.store import open_store
    from kg.store.read_index import Unsealed, open_sealed

    try:
        open_sealed(store / "graph.sqlite").close()
        record["read index"] = "current"
    except Unsealed:
        t0 = time.perf_counter()
        open_store("networkx", store).index()
        took = time.perf_counter() - t0
        record["read index"] = f"written by the benchmark in {took:.2f}s"
        print(f"the store had no current read index: written in {took:.2f}s", flush=True)
    for cmd in ([KG, "--help"], [KG, "query", "--help"]):   # bytecode and caches written once, not timed
        subprocess.run(cmd, capture_output=True, env=ENV)


def _quick_path(name: str, params: list[str], store: Path) -> bool:
    """Whether the query runs on the quick path: -X importtime lists no typer and no networkx
    (this run also writes the bytecode and the query plan cache, untimed)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", KG, "query", name, *params, "--store", str(store)],
                          capture_output=True, text=True, env=ENV)
    imported = {ln.rsplit("|", 1)[-1].strip() for ln in proc.stderr.splitlines() if ln.startswith("import time:")}
    return proc.returncode == 0 and "typer" not in imported and "networkx" not in imported


# kg's own console entry, run so that it writes its own CPU seconds and its workers' on exit
# (workers end with os._exit: the handler runs in kg's process only); kg's own is then taken as
# the run's CPU less its workers' (see run)
_KG_WITH_CPU = """import atexit, resource, sys
def _report():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    sys.stderr.write(f"\\nKG-CPU {me.ru_utime + me.ru_stime} {kids.ru_utime + kids.ru_stime}\\n")
atexit.register(_report)
sys.argv[0] = "kg"
from kg.cli_start import main
main()
"""


def _jobs(args: argparse.Namespace, work: Path, record: dict[str, object]) -> None:
    """Fresh ingest at --jobs 1 and 2. Besides wall and CPU, each run's CPU is split into kg's own
    process (discovery, the first paper, resolution, the commit; and unpickling results) and its
    workers'; on two idle cores a run would take about own + workers / 2 (the workers take papers
    one at a time, so they finish within one paper of each other): the ratio of those estimates is
    what the code allows, whatever the machine's other work does to the wall times."""
    papers = work / "jobs-papers"
    generate(papers, args.jobs_papers)

    def fresh(jobs: int, python: str = sys.executable, tag: str = "") -> Callable[[], Run]:
        def go() -> Run:
            store = work / f"jobs{jobs}{tag}"
            shutil.rmtree(store, ignore_errors=True)
            # -P: not the current folder first on the import path (a checkout's own kg would be
            # imported by the baseline's Python)
            out = run([python, "-P", "-c", _KG_WITH_CPU, "ingest", str(papers), "--store", str(store), "-q",
                       "--jobs", str(jobs)])
            own, workers = out["own cpu"], out["workers cpu"]
            out["idle estimate"] = round(own + workers / jobs, 3)
            print(f"    {tag or 'this kg'}, jobs {jobs}: kg's own CPU {own:.2f}s, its workers' {workers:.2f}s: on 2 "
                  f"idle cores about {own + workers / jobs:.2f}s", flush=True)
            return out
        return go

    print(f"fresh ingest of {args.jobs_papers} papers, --jobs 1 vs --jobs 2 (target >= 1.7x):", flush=True)
    if args.jobs_baseline:
        # pair by pair: this kg's jobs 1 and 2, then the baseline's (so both see the same machine)
        ours: dict[str, object] = {}
        theirs: dict[str, object] = {}
        for i in range(args.jobs_pairs):
            print(f"  round {i + 1}: this kg", flush=True)
            alternate("jobs 1", fresh(1), "jobs 2", fresh(2), 1, ours)
            print(f"  round {i + 1}: the baseline ({args.jobs_baseline})", flush=True)
            alternate("jobs 1", fresh(1, args.jobs_baseline, "baseline"), "jobs 2",
                      fresh(2, args.jobs_baseline, "baseline"), 1, theirs)
            for rec, name in ((ours, "this kg"), (theirs, "baseline")):
                done = record.setdefault(f"jobs ({name})", {"runs": []})
                done["runs"] += rec.pop("jobs 1 vs jobs 2")["runs"]  # type: ignore[index]
        for name in ("this kg", "baseline"):
            summary: dict[str, object] = record[f"jobs ({name})"]  # type: ignore[assignment]
            _estimate(summary, name)
        base = work / "jobs2baseline"
        compare = [("jobs1", "jobs2"), ("jobs1", "jobs2baseline")] if base.exists() else [("jobs1", "jobs2")]
    else:
        summary = alternate("jobs 1", fresh(1), "jobs 2", fresh(2), args.jobs_pairs, record)
        _estimate(summary, "this kg")
        compare = [("jobs1", "jobs2")]
    for a, b in compare:
        one = subprocess.run([KG, "export", "--store", str(work / a), "-o", "-"], capture_output=True).stdout
        two = subprocess.run([KG, "export", "--store", str(work / b), "-o", "-"], capture_output=True).stdout
        print(f"  exports of the stores {a} and {b} identical: {one == two}", flush=True)
        record[f"exports identical {a} {b}"] = one == two
    record["jobs exports identical"] = all(v for k, v in record.items() if k.startswith("exports identical"))


def _estimate(summary: dict[str, object], name: str) -> None:
    """The ratio of the estimates for 2 idle cores (kg's own CPU + its workers' / jobs), by pair."""
    runs: list[dict[str, Run]] = summary["runs"]  # type: ignore[assignment]
    ests = [r["jobs 1"]["idle estimate"] / r["jobs 2"]["idle estimate"] for r in runs]
    summary["idle estimate"] = {"median ratio": round(statistics.median(ests), 3),
                                "spread": [round(min(ests), 3), round(max(ests), 3)]}
    print(f"  {name}: jobs 1 / jobs 2 on 2 idle cores, estimated from the CPU split: median "
          f"{statistics.median(ests):.2f} (spread {min(ests):.2f}-{max(ests):.2f}; "
          f"{', '.join(f'{e:.2f}' for e in ests)})", flush=True)
    # The same from each --jobs 2 run alone, taking --jobs 1 to be the same work in one worker
    # ((own + workers) / (own + workers / 2)): kg's own CPU and its workers' are measured in the
    # same run, under the same load, where the paired figure above divides two runs' CPU seconds,
    # whose workers' seconds swing by 10-20 % with the machine's other work. How far the same-work
    # assumption holds is the ratio of the pairs' total CPU (jobs 2 / jobs 1), printed beside it.
    def total(r: Run) -> float:
        return r["own cpu"] + r["workers cpu"]

    alone = [total(r["jobs 2"]) / r["jobs 2"]["idle estimate"] for r in runs]
    totals = [total(r["jobs 2"]) / total(r["jobs 1"]) for r in runs]
    summary["idle estimate, each jobs 2 run alone"] = {
        "median ratio": round(statistics.median(alone), 3), "spread": [round(min(alone), 3), round(max(alone), 3)],
        "total cpu jobs 2 / jobs 1": {"median": round(statistics.median(totals), 3),
                                      "spread": [round(min(totals), 3), round(max(totals), 3)]}}
    print(f"  {name}: the same from each jobs 2 run alone, if jobs 1 did the same work: median "
          f"{statistics.median(alone):.2f} (spread {min(alone):.2f}-{max(alone):.2f}; "
          f"{', '.join(f'{e:.2f}' for e in alone)}); total CPU jobs 2 / jobs 1: median "
          f"{statistics.median(totals):.2f} (spread {min(totals):.2f}-{max(totals):.2f})", flush=True)


if __name__ == "__main__":
    main()
