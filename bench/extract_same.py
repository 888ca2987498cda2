"""Extraction unchanged: dump kg.extract.extract of every development document, or check a dump.

    .venv/bin/python bench/extract_same.py --save /tmp/extract-ref.json   # before a change
    .venv/bin/python bench/extract_same.py --check /tmp/extract-ref.json  # after it

A speed change must not change what is read. The documents are the sample corpus
(``examples/corpus``), the development set (``tests/devset/*/docs``) and, when the shared folder is
there, its corpus and external excerpts (``--shared``, default ``../shared`` beside the work tree).
Each document's whole :class:`~kg.model.Extraction` (mentions, facts, phrases, in the order made)
is written as JSON with sorted keys; ``--check`` compares byte for byte and names every document
that differs (exit code 1). Paths are written relative to the work tree, so a dump made with a copy
of another revision's ``kg/`` (``PYTHONPATH=COPY python COPY/bench/extract_same.py --save``) compares
with this one. The reference file is not committed: extraction rules move, so make it from the
revision a change starts from.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from kg.extract import extract
from kg.loaders import load

ROOT = Path(__file__).resolve().parents[1]


def documents(shared: Path) -> list[Path]:
    """Every development document, in a fixed order (a file met twice is read once)."""
    paths = [*sorted((ROOT / "examples" / "corpus").glob("*.txt")),
             *sorted((ROOT / "tests" / "devset").glob("*/docs/*.txt")),
             *sorted((shared / "corpus").glob("*.txt")),
             *sorted((shared / "external" / "docs").glob("*.txt"))]
    seen: set[bytes] = set()
    out = []
    for p in paths:
        digest = hashlib.sha256(p.read_bytes()).digest()
        if digest not in seen:
            seen.add(digest)
            out.append(p)
    return out


def dump(paths: list[Path]) -> dict[str, str]:
    """Document name -> its extraction as sorted JSON text."""
    out = {}
    for p in paths:
        name = str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else f"shared/{p.parent.name}/{p.name}"
        text = json.dumps(extract(load(p)).to_json(), sort_keys=True, ensure_ascii=False)
        out[name] = text.replace(str(ROOT) + "/", "")  # a dump from another work tree compares too
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the dump here")
    group.add_argument("--check", type=Path, help="compare with the dump written here")
    a = ap.parse_args()
    got = dump(documents(a.shared))
    if a.save:
        a.save.write_text(json.dumps(got, sort_keys=True, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{len(got)} documents dumped to {a.save}")
        return 0
    want = json.loads(a.check.read_text(encoding="utf-8"))
    differ = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
    for k in differ:
        print(f"differs: {k}")
    print(f"{len(got)} documents, {len(differ)} differ from {a.check}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
