"""What two benchmarks of alternating runs share: one run of Python code in a child process (its
wall and CPU time), and the summary they print: each side's median wall and CPU time, then the
ratio of the second side to the first, pair by pair (median, min and max)."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time


def run_child(code: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``python -c code`` in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def print_summary(times: dict[str, list[tuple[float, float]]], ratio: str, digits: int = 2) -> None:
    """``times``: each side's (wall, cpu) runs, two sides in the order run; ``ratio`` names the
    ratio printed ("worker / in process").

    >>> print_summary({"a": [(1.0, 2.0)], "b": [(2.0, 3.0)]}, "b / a")
    median a: wall 1.00 s, cpu 2.00 s
    median b: wall 2.00 s, cpu 3.00 s
    ratio b / a (wall): median 2.00 (min 2.00, max 2.00)
    ratio b / a (cpu): median 1.50 (min 1.50, max 1.50)
    """
    for name, runs in times.items():
        print(f"median {name}: wall {statistics.median(r[0] for r in runs):.{digits}f} s, "
              f"cpu {statistics.median(r[1] for r in runs):.{digits}f} s")
    a, b = times.values()
    for i, what in ((0, "wall"), (1, "cpu")):
        ratios = [y[i] / x[i] for x, y in zip(a, b, strict=True)]
        print(f"ratio {ratio} ({what}): median {statistics.median(ratios):.{digits}f} "
              f"(min {min(ratios):.{digits}f}, max {max(ratios):.{digits}f})")
