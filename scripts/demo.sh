#!/usr/bin/env bash
# The main job on the bundled sample corpus, with the embedded store (no server):
# ingest, summary, a few named-query answers, the three HTML views.
# Output goes to ./out (store in ./out/kg-store); run it again and nothing changes.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/kg ] || bash scripts/install.sh
KG=.venv/bin/kg
OUT=${OUT:-out}
export KG_STORE="$OUT/kg-store"
mkdir -p "$OUT"
echo "== ingest examples/corpus"
$KG ingest examples/corpus --quiet
echo; echo "== stats"
$KG stats
echo; echo "== named queries"
$KG query list
q() { echo; echo "-- kg query $*"; $KG query "$@" --max-width 48; }
q board-members -p "board=Leicester, Leicestershire and Rutland Police and Crime Panel"
q governance-chain -p "body=Charnwood Community Safety Partnership"
q allocation-summary -p "funder=Office of the Police and Crime Commissioner"
q person-roles -p "person=Sajan Devshi"
echo; echo "-- kg show Cllr. Loydall"
$KG show "Cllr. Loydall"
echo; echo "== pictures"
$KG viz governance -o "$OUT/governance.html"
$KG viz funding -o "$OUT/funding.html"
$KG viz ego --focus "Leicestershire County Council" --depth 2 -o "$OUT/ego.html"
$KG atlas "$OUT/atlas"
echo; echo "open $OUT/governance.html, $OUT/funding.html, $OUT/ego.html or $OUT/atlas/index.html in a browser (works offline)"
