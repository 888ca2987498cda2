"""Score only FUNDS relationships that carry an amount (issue 4's money target).

The development scorer scores every FUNDS fact, with or without an amount. The target for money
is on flows WITH an amount: funder, recipient, amount and period all right. This script keeps
the FUNDS facts with an amount on both sides (gold lines whose ``props.amount`` is set; exported
relationships with an ``amount`` property), leaves every node in place, and runs the same scorer.

    python scripts/score_funds_amount.py ../shared/eval/score.py export.jsonl ../shared/gold/*.jsonl
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def _keep_export(line: str) -> bool:
    d = json.loads(line)
    if d.get("type") != "relationship":
        return True
    return d.get("label") == "FUNDS" and (d.get("properties") or {}).get("amount") is not None


def _keep_gold(line: str) -> bool:
    d = json.loads(line)
    return d.get("type") == "FUNDS" and (d.get("props") or {}).get("amount") is not None


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    scorer, export, golds = argv[0], argv[1], argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        ex = Path(tmp) / "export.jsonl"
        ex.write_text("".join(ln for ln in Path(export).open(encoding="utf-8") if ln.strip() and _keep_export(ln)),
                      encoding="utf-8")
        gold = Path(tmp) / "gold.jsonl"
        gold.write_text("".join(ln for g in golds for ln in Path(g).open(encoding="utf-8")
                                if ln.strip() and _keep_gold(ln)), encoding="utf-8")
        out = subprocess.run([sys.executable, scorer, str(ex), str(gold)], capture_output=True, text=True, check=True)
    row = next(ln for ln in out.stdout.splitlines() if ln.startswith("FUNDS"))
    print("FUNDS with an amount (gold, pred, tp, P, R, F1):")
    print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
