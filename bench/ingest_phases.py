"""Where the parent of a `--jobs N` ingest spends its CPU: one fresh ingest in this process, with
the parent's CPU seconds read at the start of the results, at the first result (the parent has
imported kg and extracted the first paper, building spaCy's pipeline), at the last result (taking
the workers' results) and around the commit (resolution, the graph tables, the read index).

    .venv/bin/python bench/ingest_phases.py --papers 600 --jobs 2 [--folder DIR] [--repeat 2]

``--papers N`` generates N papers with bench/county.py's generator (into a temporary folder, or
``--folder``, reused when it holds them). Prints each run's phases, kg's own CPU and its workers',
and the estimate for idle cores (own + workers / jobs, as bench/startup.py prints it).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--papers", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--folder", type=Path, help="where the generated papers are kept (default: a temporary one)")
    ap.add_argument("--repeat", type=int, default=1, help="runs, one after the other (each in a child process)")
    args = ap.parse_args()
    if args.repeat > 1:
        import subprocess

        for _ in range(args.repeat):
            cmd = [sys.executable, __file__, "--papers", str(args.papers), "--jobs", str(args.jobs)]
            subprocess.run([*cmd, *(["--folder", str(args.folder)] if args.folder else [])], check=True)
        return
    from county import generate

    work = Path(tempfile.mkdtemp(prefix="kg-phases-"))
    papers = args.folder or work / "papers"
    if len(list(papers.glob("*.txt"))) != args.papers:
        shutil.rmtree(papers, ignore_errors=True)
        generate(papers, args.papers)
    import kg.ingest as ingest_module
    from kg.store import open_store

    marks: list[tuple[str, float]] = [("start", _cpu())]
    results, commit = ingest_module._results, ingest_module._commit

    def timed_results(*a: Any, **k: Any) -> Iterator[Any]:
        marks.append(("discovery, stored documents", _cpu()))
        for i, res in enumerate(results(*a, **k)):
            if i == 0:
                marks.append(("first result (spaCy, the first paper)", _cpu()))
            yield res
        marks.append(("taking the results", _cpu()))

    def timed_commit(*a: Any, **k: Any) -> Any:
        marks.append(("between", _cpu()))
        out = commit(*a, **k)
        marks.append(("commit (resolution, tables, read index)", _cpu()))
        return out

    ingest_module._results = timed_results  # type: ignore[assignment]
    ingest_module._commit = timed_commit  # type: ignore[assignment]
    t = time.perf_counter()
    try:
        report = ingest_module.ingest([papers], open_store("networkx", work / "store"), jobs=args.jobs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    own, workers = _cpu() - marks[0][1], kids.ru_utime + kids.ru_stime   # not the papers' generation
    print(f"{len(report.added)} papers, --jobs {args.jobs}: wall {time.perf_counter() - t:.2f} s, kg's own CPU "
          f"{own:.2f} s, workers' {workers:.2f} s, on idle cores about {own + workers / args.jobs:.2f} s; "
          f"peak RSS of kg {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB", flush=True)
    for (_, before), (name, at) in zip(marks, marks[1:], strict=False):
        print(f"  {name}: {at - before:.2f} s CPU", flush=True)


if __name__ == "__main__":
    main()
