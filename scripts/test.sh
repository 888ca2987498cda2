#!/usr/bin/env bash
# Run the whole test suite: lint, types, then pytest (real Neo4j and real Chromium included).
# Extra arguments go to pytest, e.g. scripts/test.sh -k loaders
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check kg loaders queries viz tests bench scripts
bash scripts/typecheck.sh
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$rc"
