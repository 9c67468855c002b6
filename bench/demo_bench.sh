#!/usr/bin/env bash
# bench/demo_bench.sh BUILD_DIR: `shrike demo` end to end at --scale 1 and 10,
# and the hunt over the scale-10 estate's logs against ripgrep with the same
# literals (the C2 domains and addresses, the lab and pack digests).
set -euo pipefail
BUILD=$1
SHRIKE="$BUILD/shrike"
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/out/demo"
RUNS=${RUNS:-5}
mkdir -p "$OUT"

# The demo rewrites its own folder, so every run does the whole work.
hyperfine --warmup 1 --runs "$RUNS" --export-json "$OUT/demo_hyperfine.json" \
  -n "demo --scale 1" "$SHRIKE demo --out $OUT/scale1" \
  -n "demo --scale 10" "$SHRIKE demo --out $OUT/scale10 --scale 10"

estate="$OUT/scale10"
logs=("$estate"/estate/*/*/logs)
lab="$estate/intel/lab-intel.csv"
# Literals: every observable value of the pack and the lab intel.
{
  "$SHRIKE" intel convert palmerworm --to csv | tail -n +2 | cut -d, -f1,2
  tail -n +2 "$lab" | cut -d, -f1,2
} | grep -E '^(sha256|domain|ipv4|cert-sha1|cert-serial),' | cut -d, -f2 > "$OUT/literals.txt"
# Sysmon writes digests in upper case.
tr 'a-f' 'A-F' < "$OUT/literals.txt" >> "$OUT/literals.txt.tmp" && cat "$OUT/literals.txt.tmp" >> "$OUT/literals.txt" && rm "$OUT/literals.txt.tmp"
du -sh "${logs[@]}" | awk '{s+=$1} END {print "log folders:", NR}'
du -ch "${logs[@]}" | tail -1
hyperfine --warmup 1 --runs "$RUNS" --export-json "$OUT/hunt_hyperfine.json" \
  -n "shrike hunt" "$SHRIKE hunt ${logs[*]} --intel palmerworm --intel $lab -o /dev/null || true" \
  -n "rg -F -f" "rg -F -c -f $OUT/literals.txt ${logs[*]} > /dev/null || true"
