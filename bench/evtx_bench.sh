#!/usr/bin/env bash
# bench/evtx_bench.sh BUILD_DIR
#
# EVTX throughput: shrike's native reader against `evtxexport -f xml`
# (Debian libevtx-utils) on the same files in the same run, with hyperfine.
#   samples.evtx  every chunk of ../shared/corpora/evtx-attack-samples and the
#                 Sigma regression data, once (about 23 MB)
#   big.evtx      those chunks repeated to about 1 GiB (EVTX_BIG_BYTES)
# Both are built in $EVTX_BENCH_DIR (default /tmp/shrike-evtx-bench), never in
# the repository. Modes: --count (records -> hunt Events, no output), --json
# and --xml (rendered and written to /dev/null); -t 1 and -t 0 (all cores).
# EVTX_BASELINE=/path/to/driver adds an older build of the reader to the same
# runs (a driver taking `--count|--xml|--json THREADS FILE`: the reader of an
# earlier commit built with bench/evtx_baseline_driver.cpp), for before/after figures.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:?usage: bench/evtx_bench.sh BUILD_DIR}" && pwd)
SHRIKE="$BUILD/shrike"
SHARED=${SHARED:-$HERE/../../shared}
DIR=${EVTX_BENCH_DIR:-/tmp/shrike-evtx-bench}
BIG_BYTES=${EVTX_BIG_BYTES:-1073741824}
RUNS=${RUNS:-3}
mkdir -p "$DIR"

corpora=("$SHARED/corpora/evtx-attack-samples" "$SHARED/corpora/sigma/regression_data")
[[ -f "$DIR/samples.evtx" ]] || /usr/bin/python3 "$HERE/evtx_concat.py" "$DIR/samples.evtx" 0 "${corpora[@]}"
[[ -f "$DIR/big.evtx" ]] || /usr/bin/python3 "$HERE/evtx_concat.py" "$DIR/big.evtx" "$BIG_BYTES" "${corpora[@]}"

for f in samples big; do
  echo "== $f.evtx: $(stat -c %s "$DIR/$f.evtx") bytes, $("$SHRIKE" evtx dump --count "$DIR/$f.evtx")"
done

base_samples=() base_big=()
if [[ -n "${EVTX_BASELINE:-}" ]]; then
  base_samples=("$EVTX_BASELINE --count 1 $DIR/samples.evtx" "$EVTX_BASELINE --xml 1 $DIR/samples.evtx")
  base_big=("$EVTX_BASELINE --count 1 $DIR/big.evtx" "$EVTX_BASELINE --count 0 $DIR/big.evtx"
            "$EVTX_BASELINE --xml 1 $DIR/big.evtx" "$EVTX_BASELINE --json 1 $DIR/big.evtx")
fi

echo "== shrike vs evtxexport on samples.evtx"
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$DIR/samples.json" \
  "${base_samples[@]}" \
  "$SHRIKE evtx dump --count -t 1 $DIR/samples.evtx" \
  "$SHRIKE evtx dump --json -t 1 $DIR/samples.evtx" \
  "$SHRIKE evtx dump --xml -t 1 $DIR/samples.evtx" \
  "$SHRIKE evtx dump --json -t 0 $DIR/samples.evtx" \
  "evtxexport -f xml $DIR/samples.evtx"

echo "== shrike on big.evtx"
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$DIR/big.json" \
  "${base_big[@]}" \
  "$SHRIKE evtx dump --count -t 1 $DIR/big.evtx" \
  "$SHRIKE evtx dump --count -t 0 $DIR/big.evtx" \
  "$SHRIKE evtx dump --json -t 1 $DIR/big.evtx" \
  "$SHRIKE evtx dump --xml -t 1 $DIR/big.evtx" \
  "$SHRIKE evtx dump --json -t 0 $DIR/big.evtx"

if [[ -n "${EVTX_LIBEVTX_BIG:-}" ]]; then
  echo "== evtxexport on big.evtx (one run)"
  hyperfine -N --runs 1 --export-json "$DIR/big-libevtx.json" "evtxexport -f xml $DIR/big.evtx"
fi

# MB/s (wall) and records/s (wall and CPU = user + system) from the hyperfine means;
# CPUs = CPU / wall, the cores a run actually got (the machine may be shared).
records_samples=$("$SHRIKE" evtx dump --count "$DIR/samples.evtx" | sed -E 's/.*: ([0-9]+) records.*/\1/')
records_big=$("$SHRIKE" evtx dump --count "$DIR/big.evtx" | sed -E 's/.*: ([0-9]+) records.*/\1/')
/usr/bin/python3 - "$DIR" "$records_samples" "$records_big" <<'PY'
import json, os, re, subprocess, sys
d = sys.argv[1]
records = {"samples": int(sys.argv[2]), "big": int(sys.argv[3])}
for name in ("samples", "big", "big-libevtx"):
    path = os.path.join(d, name + ".json")
    if not os.path.exists(path):
        continue
    evtx = os.path.join(d, ("samples" if name == "samples" else "big") + ".evtx")
    size = os.path.getsize(evtx)
    n = records[name.split("-")[0]]
    print("-- %s.evtx (%.1f MB, %d records)" % (name.split("-")[0], size / 1e6, n))
    print("  %-58s %8s %8s %8s %6s %9s %10s %10s" % ("command", "wall s", "user s", "sys s", "CPUs",
                                                      "MB/s wall", "rec/s wall", "rec/s CPU"))
    for r in json.load(open(path))["results"]:
        cpu = r["user"] + r["system"]
        print("  %-58s %8.3f %8.3f %8.3f %6.2f %9.1f %10.0f %10.0f" % (
            r["command"].replace(d + "/", ""), r["mean"], r["user"], r["system"], cpu / r["mean"],
            size / 1e6 / r["mean"], n / r["mean"], n / cpu))
PY
