#!/usr/bin/env bash
# `make demo`: the intel side of Shrike, then `shrike demo`: a lab estate that
# re-enacts the Palmerworm report, swept, hunted and reported.
set -euo pipefail
SHRIKE=${1:-build/shrike}
cd "$(dirname "$0")/.."
out=build/demo
mkdir -p "$out"

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

step "The built-in Palmerworm pack" "shrike intel show palmerworm"
"$SHRIKE" intel show palmerworm

step "Indicators extracted from an example report (defanged, mixed scripts)" \
     "shrike intel extract examples/paper-heron.md --to csv"
"$SHRIKE" intel extract examples/paper-heron.md --to csv

report=../shared/reports/palmerworm-symantec.ja.txt
if [ -f "$report" ]; then
  step "The Symantec report itself (Japanese edition)" \
       "shrike intel extract $report --to csv | cut -d, -f1,2"
  "$SHRIKE" intel extract "$report" --to csv | cut -d, -f1,2
fi

step "The pack as STIX 2.1 and MISP" \
     "shrike intel convert palmerworm --to stix -o $out/palmerworm.stix.json"
"$SHRIKE" intel convert palmerworm --to stix -o "$out/palmerworm.stix.json"
"$SHRIKE" intel convert palmerworm --to misp -o "$out/palmerworm.misp.json"
ls -l "$out"

step "A lab estate re-enacting the report: six organisations, their hosts, files and logs; sweep, hunt, report" \
     "shrike demo --out $out/shrike-demo"
"$SHRIKE" demo --out "$out/shrike-demo"
echo
echo "planted traces: $out/shrike-demo/manifest.json"
echo "one finding:"
head -n 1 "$out/shrike-demo/findings/hunt.ndjson"
