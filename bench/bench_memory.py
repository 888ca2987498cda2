"""Peak memory and time of `kg ingest` on one large council-paper-like text file.

Generates a text file of ``--size-mb`` megabytes (default 50) from varied synthetic sections
(membership lists, minutes with attendance, funding tables with £ amounts, action plans) mixed
with the sample corpus text, ingests it with the real ``kg`` console script in a subprocess
into a fresh embedded store, and prints the child's peak RSS (``ru_maxrss``) and wall time.
Target: peak RSS under 2 GB for 50 MB.

    .venv/bin/python bench/bench_memory.py            # 50 MB
    .venv/bin/python bench/bench_memory.py --size-mb 5

The generated names are drawn from small generic lists combined at random (seeded), so the
file holds many distinct people and bodies, as a real agenda pack bundle would.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
KG = Path(sys.executable).parent / "kg"

FIRST = ["Alex", "Sam", "Priya", "John", "Mary", "Ahmed", "Grace", "Owen", "Fatima", "Tom", "Ruth",
         "David", "Helen", "Imran", "Claire", "Peter", "Nadia", "George", "Alice", "Rakesh"]
LAST = ["Archer", "Baxter", "Chowdhury", "Dalton", "Ellis", "Fairweather", "Gill", "Hargreaves",
        "Iqbal", "Jennings", "Kaur", "Lomax", "Mistry", "Newbold", "Osei", "Pritchard", "Quinn",
        "Rowley", "Sandhu", "Thorne", "Underwood", "Varley", "Whitaker", "Yates"]
HONORIFIC = ["Cllr", "Councillor", "Mr", "Mrs", "Ms", "Dr", "Supt", "Ch Insp"]
PLACE = ["Northshire", "Eastborough", "Westvale", "Southmoor", "Midford", "Kingsbridge", "Riverton",
         "Hillcrest", "Oakfield", "Ashby Parva"]
BODY = ["Community Safety Partnership", "Health and Wellbeing Board", "Safeguarding Adults Board",
        "Police and Crime Panel", "Scrutiny Committee", "Youth Offending Management Board",
        "Reducing Reoffending Board", "Domestic Abuse Delivery Group"]
ORG = ["County Council", "District Council", "Borough Council", "Fire and Rescue Service", "Police",
       "Integrated Care Board", "Probation Service"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(HONORIFIC)} {rng.choice(FIRST)} {rng.choice(LAST)}"


def section(rng: random.Random, n: int) -> str:
    """One synthetic section in the shape of a council paper."""
    place = rng.choice(PLACE)
    board = f"{place} {rng.choice(BODY)}"
    kind = n % 4
    if kind == 0:
        members = "\n".join(f"{person(rng)}\t{place} {rng.choice(ORG)}" for _ in range(rng.randint(4, 12)))
        return (f"MINUTES OF A MEETING OF THE {board.upper()} HELD ON {rng.randint(1, 28)} MARCH "
                f"{rng.randint(2019, 2026)}\n\nPresent:\n{members}\n\nApologies:\n{person(rng)}\n\n"
                f"{n}. Chair's announcements\n{person(rng)} (Chair) welcomed members.\n\n")
    if kind == 1:
        rows = "\n".join(f"{place} {rng.choice(ORG)}\t£{rng.randint(1, 900) * 1000:,}\t"
                         f"{rng.choice(['2024/25', '2025/26'])}" for _ in range(rng.randint(3, 10)))
        return (f"APPENDIX {n}: FUNDING ALLOCATIONS\n\nThe {board} allocated the following from the "
                f"Community Safety Fund:\n\nRecipient\tAmount\tYear\n{rows}\n\n")
    if kind == 2:
        items = "\n".join(f"{i}. Priority {i}: reduce {rng.choice(['violence', 'reoffending', 'harm', 'fraud'])} "
                          f"in {place}\n   Lead: {person(rng)}" for i in range(1, rng.randint(3, 8)))
        return f"{board} Action Plan {rng.randint(2022, 2026)}\n\n{items}\n\n"
    return (f"Report of the Chief Executive\n\nOfficer to contact: {person(rng)}\n"
            f"Tel: 0116 {rng.randint(1000000, 9999999)}\n\n"
            f"1. The {board} reports to the {place} {rng.choice(BODY)} and is scrutinised by the "
            f"{place} Scrutiny Committee. ~~Deleted text~~ <b>Note</b>\n\n")


def make_file(path: Path, size_mb: float, seed: int = 7) -> int:
    """Write a council-paper-like text file of about ``size_mb`` MB; returns its size in bytes."""
    rng = random.Random(seed)
    corpus = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    target = int(size_mb * 1024 * 1024)
    written = 0
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            n += 1
            chunk = section(rng, n) if n % 20 else corpus[(n // 20) % len(corpus)] + "\n\n"
            fh.write(chunk)
            written += len(chunk.encode("utf-8"))
    return path.stat().st_size


def ingest_peak(src: Path, store: Path) -> tuple[float, int, int, str]:
    """Run `kg ingest SRC --store STORE`; returns (seconds, peak RSS bytes, exit code, output).

    The peak is the child's own ``ru_maxrss`` from :func:`os.wait4`, so nothing else this
    process ran is counted."""
    with tempfile.TemporaryFile("w+") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(KG), "ingest", str(src), "--store", str(store), "-q"],
                                stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return seconds, usage.ru_maxrss * 1024, proc.returncode, out.read()   # ru_maxrss: KiB on Linux


def run(size_mb: float) -> tuple[int, float, int, int]:
    """Generate, ingest; returns (file bytes, seconds, peak RSS bytes of the ingest, exit code)."""
    with tempfile.TemporaryDirectory(prefix="kg-bench-mem-") as tmp:
        src = Path(tmp) / "big-pack.txt"
        size = make_file(src, size_mb)
        seconds, peak, code, output = ingest_peak(src, Path(tmp) / "store")
        print(output.strip())
        return size, seconds, peak, code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=float, default=50.0)
    args = ap.parse_args()
    size, seconds, peak, code = run(args.size_mb)
    limit = 2 * 1024**3
    print(f"input: {size / 1e6:.1f} MB   exit: {code}")
    print(f"time: {seconds:.1f} s   ({size / 1e6 / seconds:.2f} MB/s)")
    print(f"peak RSS: {peak / 1e6:.0f} MB   ({peak / limit:.2f} of the 2 GB target; "
          f"{peak / size:.1f}x the input size)")
    sys.exit(0 if code == 0 and peak < limit else 1)


if __name__ == "__main__":
    main()
