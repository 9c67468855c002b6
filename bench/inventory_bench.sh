#!/usr/bin/env bash
# bench/inventory_bench.sh BUILD_DIR
#
# Times `shrike match` (retro-hunt without the disk) over a generated
# inventory of 1,000,000 rows (bench/gen_inventory.cpp: 100 hosts, random
# digests, one row in ten with PE fields), with
#   - the generated intel (1,000 sha256 + 1,000 md5 + 100 sha1 + 50 file
#     names; 100 rows planted), and
#   - the palmerworm pack.
# Override the row count with INVENTORY_ROWS=N and the runs with RUNS=N.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/inventory_bench.sh BUILD_DIR" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
OUT="$HERE/out"
ROWS=${INVENTORY_ROWS:-1000000}
RUNS=${RUNS:-5}
DB="$OUT/inventory-$ROWS.db"
INTEL="$OUT/inventory-$ROWS-intel.csv"
mkdir -p "$OUT"

if [[ ! -e $DB || ! -e $INTEL ]]; then
  start=$(date +%s.%N)
  "$BUILD/bench/gen_inventory" "$ROWS" "$DB" "$INTEL"
  echo "  generated in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
echo "  inventory: $DB, $(du -h "$DB" | cut -f1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BUILD/shrike" match --inventory "$DB" --intel "$INTEL" -o /dev/null || true

hyperfine --warmup 1 --runs "$RUNS" -i --export-json "$OUT/inventory_hyperfine.json" \
  -n "match generated intel" "$BUILD/shrike match --inventory $DB --intel $INTEL -o /dev/null" \
  -n "match palmerworm" "$BUILD/shrike match --inventory $DB --intel palmerworm -o /dev/null"

python3 - "$OUT/inventory_hyperfine.json" "$ROWS" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
rows = int(sys.argv[2])
print("\n  | command | mean ± sd | rows/s | CPU s |")
print("  |---|---|---|---|")
for r in results:
    print(f"  | {r['command']} | {r['mean']:.3f} s ± {r['stddev']:.3f} | {rows / r['mean']:,.0f} | "
          f"{r['user'] + r['system']:.2f} |")
PY
