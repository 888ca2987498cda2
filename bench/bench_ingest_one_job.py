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
import tempfile
from pathlib import Path

from pairs_summary import print_summary, run_child  # (run as a script: bench/ is on the path)

ROOT = Path(__file__).resolve().parent.parent

_INGEST = ("from kg.store import open_store; from kg.ingest import ingest; "
           "ingest([{folder!r}], open_store('networkx', {store!r}), jobs=1)")
_OLD = ("import kg.ingest as m\n"
        "def old(tasks, known, jobs):\n"
        "    m._init_worker(known)\n"
        "    yield from map(m._load_and_extract, tasks)\n"
        "m._results = old\n")
_CODE = {"in process": _OLD + _INGEST, "worker": _INGEST}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", default=str(ROOT / "examples" / "corpus"))
    ap.add_argument("--pairs", type=int, default=5)
    args = ap.parse_args()
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in _CODE}
    for n in range(args.pairs):
        for name, code in _CODE.items():
            store = Path(tempfile.mkdtemp(prefix="kg-bench-one-job-")) / "st"
            wall, cpu = run_child(code.format(folder=args.folder, store=str(store)))
            times[name].append((wall, cpu))
            print(f"run {n + 1} {name}: wall {wall:.2f} s, cpu {cpu:.2f} s")
    print_summary(times, "worker / in process", 3)


if __name__ == "__main__":
    main()
