#!/usr/bin/env bash
# The main job on the bundled sample corpus, with the embedded store (no server):
# ingest, summary, named-query answers, the audit, the pictures and the atlas.
# Output goes to ./out (store in ./out/kg-store); run it again and nothing changes.
# The store is said first and last: `export KG_STORE=...` makes every kg command read it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/kg ] || bash scripts/install.sh
KG=.venv/bin/kg
OUT=${OUT:-out}
mkdir -p "$OUT"
export KG_STORE="$(cd "$OUT" && pwd)/kg-store"
echo "== the store: $KG_STORE (export KG_STORE=$KG_STORE to use it with kg)"
echo "== ingest examples/corpus"
$KG ingest examples/corpus --quiet
echo; echo "== stats"
$KG stats
echo; echo "== named queries"
$KG query list
q() { echo; echo "-- kg query $*"; $KG query "$@" --max-width 48; }
q board-members -p "board=LLR Police and Crime Panel"
q governance-below -p "body=Leicestershire and Rutland Safer Communities Strategy Board"
q governance-chain -p "body=Charnwood CSP"
q allocation-summary -p "funder=Office of the Police and Crime Commissioner"
q person-picture -p "person=Cllr. Loydall"
echo; echo "-- kg show Cllr. Loydall"
$KG show "Cllr. Loydall"
echo; echo "== audit"
$KG audit --max-width 70
echo; echo "== pictures"
$KG viz governance -o "$OUT/governance.html"
$KG viz funding -o "$OUT/funding.html"
$KG viz ego --focus "Leicestershire County Council" --depth 2 -o "$OUT/ego.html"
$KG atlas "$OUT/atlas"
echo; echo "open $OUT/governance.html, $OUT/funding.html, $OUT/ego.html or $OUT/atlas/index.html in a browser (works offline)"
echo "the store is $KG_STORE: export KG_STORE=$KG_STORE (then kg stats, kg query, kg show, kg audit read it)"
