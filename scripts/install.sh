#!/usr/bin/env bash
# Install kg and everything its tests need into ./.venv (idempotent). Quiet on success: one line.
#   - Python packages from PyPI (kg itself, editable, with the test extras)
#   - Debian's Chromium, for the browser tests of the pictures (only when run as root and missing)
#   - Debian's Tesseract, for OCR of scanned PDF pages (only when run as root and missing)
# apt waits for its lock when another process holds it (scripts/apt-quiet.sh). pip's output is
# kept in .venv/install.log and shown only if it fails.
# Neo4j needs no install step: the test fixture fetches its jars from Maven Central on first use
# (cached in ~/.cache/kg) and needs only Java 17 and Maven, which the machine has.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/apt-quiet.sh
source scripts/apt-quiet.sh
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
log=.venv/install.log
if ! { .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip \
       && .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "kg: pip install failed (log above, also in $log)" >&2
  exit 1
fi
# kg's console script over pip's: a Ctrl-C or SIGTERM while Python starts is kg's one line, not a
# traceback through site (kg/launcher.py says why)
.venv/bin/python -m kg.launcher .venv/bin/kg
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium for the browser tests" >&2
    apt_quiet update
    apt_quiet install -y chromium
  else
    echo "warning: /usr/bin/chromium is missing and this is not root: browser tests will be skipped" >&2
  fi
fi
if ! command -v tesseract >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's tesseract-ocr for OCR of scanned PDF pages" >&2
    apt_quiet update
    apt_quiet install -y tesseract-ocr
  else
    echo "warning: tesseract is missing and this is not root: scanned PDF pages will not be read (OCR test skipped)" >&2
  fi
fi
echo "kg installed in .venv ($(.venv/bin/kg --help >/dev/null && echo ok))"
