"""What reading the papers in a worker process costs `kg ingest -j 1`: the papers read in a forked
worker (kg.ingest._results now: a reader's crash costs only its paper) against the same papers read
in kg's own process (the one-job path before, whose three lines are put back here for the runs "in
process").

    .venv/bin/python bench/bench_ingest_one_job.py [--folder examples/corpus] [--pairs 5]

Each run is a fresh Python process ingesting the folder into a new embedded store with one job,
alternating A B A B ...; wall and CPU seconds (the process and its workers). Prints every run,
each median, and the median and spread (min-max) of the per-run ratios (worker / in process).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_INGEST = ("from kg.store import open_store; from kg.ingest import ingest; "
           "ingest([{folder!r}], open_store('networkx', {store!r}), jobs=1)")
_OLD = ("import kg.ingest as m\n"
        "def old(tasks, known, jobs):\n"
        "    m._init_worker(known)\n"
        "    yield from map(m._load_and_extract, tasks)\n"
        "m._results = old\n")
_CODE = {"in process": _OLD + _INGEST, "worker": _INGEST}


def _run(code: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", default=str(ROOT / "examples" / "corpus"))
    ap.add_argument("--pairs", type=int, default=5)
    args = ap.parse_args()
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in _CODE}
    for n in range(args.pairs):
        for name, code in _CODE.items():
            store = Path(tempfile.mkdtemp(prefix="kg-bench-one-job-")) / "st"
            wall, cpu = _run(code.format(folder=args.folder, store=str(store)))
            times[name].append((wall, cpu))
            print(f"run {n + 1} {name}: wall {wall:.2f} s, cpu {cpu:.2f} s")
    for name, runs in times.items():
        print(f"median {name}: wall {statistics.median(r[0] for r in runs):.2f} s, "
              f"cpu {statistics.median(r[1] for r in runs):.2f} s")
    a, b = times.values()
    for i, what in ((0, "wall"), (1, "cpu")):
        ratios = [y[i] / x[i] for x, y in zip(a, b, strict=True)]
        print(f"ratio worker / in process ({what}): median {statistics.median(ratios):.3f} "
              f"(min {min(ratios):.3f}, max {max(ratios):.3f})")


if __name__ == "__main__":
    main()
