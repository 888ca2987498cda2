#!/usr/bin/env bash
# Regenerate the loader test fixtures in tests/fixtures/docs/ from a corpus paper, with real tools:
#   markdown-it-py (Markdown -> HTML), LibreOffice headless (HTML -> DOCX -> PDF, DOCX -> HTML),
#   iconv (UTF-8 -> Windows-1252), pypdf (encryption), gzip/zip (junk and a non-Word zip).
# CI has no LibreOffice: the outputs are committed; run this only to rebuild them.
# Usage: scripts/make_fixtures.sh   (from anywhere; needs soffice, iconv, zip, gzip, .venv)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
SRC="$ROOT/examples/corpus/001_6c4d9bdf2bb078e0.txt"
OUT="$ROOT/tests/fixtures/docs"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT" "$OUT/bad"
for tool in soffice iconv zip gzip; do
  command -v "$tool" >/dev/null || { echo "make_fixtures: '$tool' not found" >&2; exit 1; }
done

# 1. The slice: agenda and the start of the minutes (headings, a numbered list, tab-separated tables).
sed -n '1,200p' "$SRC" > "$TMP/minutes.md"

# 2. Markdown -> HTML with markdown-it-py; runs of tab-separated lines become <table>s first,
#    so that every later format carries a real table.
"$PY" - "$TMP/minutes.md" "$TMP/source.html" <<'PYEOF'
import html, sys
from markdown_it import MarkdownIt
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
out, rows = [], []
def flush():
    if rows:
        out.append("<table border=\"1\">" + "".join(
            "<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in r.split("\t")) + "</tr>"
            for r in rows) + "</table>")
        out.append("")
        rows.clear()
for line in lines:
    if "\t" in line:
        rows.append(line)
    else:
        flush()
        out.append(line)
flush()
body = MarkdownIt("commonmark", {"html": True}).render("\n".join(out))
title = "Leicestershire and Rutland Safer Communities Strategy Board"
open(sys.argv[2], "w", encoding="utf-8").write(
    f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
    f"<body>\n{body}</body></html>\n")
PYEOF

# 3. LibreOffice: HTML -> DOCX, DOCX -> PDF, DOCX -> HTML (its own HTML export, as a council site might).
export HOME="$TMP/home"   # private LibreOffice profile, no clash with a running instance
cd "$TMP"
soffice --headless --infilter="HTML (StarWriter)" --convert-to 'docx:MS Word 2007 XML' source.html >/dev/null
mv source.docx minutes.docx
soffice --headless --convert-to pdf minutes.docx >/dev/null
soffice --headless --convert-to 'html:HTML (StarWriter)' minutes.docx >/dev/null
cp minutes.docx minutes.pdf minutes.html "$OUT/"

# 4. Windows-1252 text with CRLF line ends (a funding table with £ amounts), as an old export would be.
sed -n '405,440p' "$SRC" | iconv -f UTF-8 -t WINDOWS-1252//TRANSLIT | sed 's/$/\r/' > "$OUT/allocations-cp1252.txt"
# The same slice as UTF-8 with a byte-order mark.
{ printf '\xef\xbb\xbf'; sed -n '405,440p' "$SRC"; } > "$OUT/allocations-utf8-bom.txt"

# 5. Bad inputs.
"$PY" - "$OUT/minutes.pdf" "$OUT/bad" <<'PYEOF'
import sys
from pypdf import PdfReader, PdfWriter
src, bad = sys.argv[1], sys.argv[2]
for name, user in (("encrypted.pdf", "secret"), ("encrypted-no-user-password.pdf", "")):
    w = PdfWriter(clone_from=PdfReader(src))
    w.encrypt(user_password=user, owner_password="owner-secret", algorithm="RC4-128")
    with open(f"{bad}/{name}", "wb") as f:
        w.write(f)
PYEOF
mv "$OUT/bad/encrypted-no-user-password.pdf" "$OUT/"   # this one opens without a password: not bad
size=$(stat -c %s "$OUT/minutes.pdf"); head -c $((size / 2)) "$OUT/minutes.pdf" > "$OUT/bad/truncated.pdf"
size=$(stat -c %s "$OUT/minutes.docx"); head -c $((size / 2)) "$OUT/minutes.docx" > "$OUT/bad/truncated.docx"
gzip -9 -n -c "$SRC" | head -c 4096 > "$OUT/bad/junk.pdf"
cp "$OUT/bad/junk.pdf" "$OUT/bad/junk.txt"
: > "$OUT/bad/empty.txt"
printf ' \r\n\t\n  \n' > "$OUT/bad/blank.txt"
# A zip that is not a Word document (the .docx container without word/document.xml).
(cd "$TMP" && mkdir -p notword && echo "hello" > notword/readme.txt && cd notword && zip -q -X ../notword.zip readme.txt)
cp "$TMP/notword.zip" "$OUT/bad/not-word.docx"
# A "scanned" PDF: a page that is only a picture. The PNG (grey bars standing for lines of print) is
# written with the standard library; LibreOffice Writer places it on a page and exports the PDF.
"$PY" - "$TMP/scan.png" <<'PYEOF'
import struct, sys, zlib
w, h = 600, 400
rows = []
for y in range(h):
    ink = (y // 12) % 3 == 1 and 40 <= y < 360          # every third 12-pixel band is a "line"
    rows.append(b"\x00" + bytes(0x30 if ink and 40 <= x < 560 else 0xFF for x in range(w)))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
PYEOF
printf '<html><body><p><img src="scan.png" width="600" height="400"></p></body></html>\n' > "$TMP/scanned.html"
(cd "$TMP" && soffice --headless --infilter="HTML (StarWriter)" --convert-to pdf scanned.html >/dev/null)
cp "$TMP/scanned.pdf" "$OUT/bad/scanned.pdf"
echo "fixtures written to $OUT"
ls -la "$OUT" "$OUT/bad"
