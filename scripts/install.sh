#!/usr/bin/env bash
# Install kg and everything its tests need into ./.venv (idempotent).
#   - Python packages from PyPI (kg itself, editable, with the test extras)
#   - Debian's Chromium, for the browser tests of the pictures (only when run as root and missing)
#   - Debian's Tesseract, for OCR of scanned PDF pages (only when run as root and missing)
# Neo4j needs no install step: the test fixture fetches its jars from Maven Central on first use
# (cached in ~/.cache/kg) and needs only Java 17 and Maven, which the machine has.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium for the browser tests" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: /usr/bin/chromium is missing and this is not root: browser tests will be skipped" >&2
  fi
fi
if ! command -v tesseract >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's tesseract-ocr for OCR of scanned PDF pages" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr >/dev/null
  else
    echo "warning: tesseract is missing and this is not root: scanned PDF pages will not be read (OCR test skipped)" >&2
  fi
fi
echo "kg installed in .venv ($(.venv/bin/kg --help >/dev/null && echo ok))"
