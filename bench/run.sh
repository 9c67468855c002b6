#!/usr/bin/env bash
# bench/run.sh BUILD_DIR [SECTION...]
#
# Runs the benchmark sections (all of them when none is named) against a
# release build configured with -DSHRIKE_BENCH=ON, e.g.
#   cmake --preset release && cmake --build build && bench/run.sh build
# Generated data and raw results go to bench/out/ (gitignored).
#
# Adding a section: write a function section_NAME below (it may use
# $BUILD, $BENCH_BIN, $OUT and the helpers) and append NAME to SECTIONS.
set -euo pipefail

usage() { echo "usage: bench/run.sh BUILD_DIR [SECTION...]  (sections: ${SECTIONS[*]})" >&2; exit 2; }

SECTIONS=(machine intel_load extract micro sweep hunt demo yara)
# Not in the default run (2 GiB of disk, minutes): sweep2g, inventory.

HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/out"
[[ $# -ge 1 ]] || usage
BUILD=$(cd "$1" && pwd) || usage
shift
BENCH_BIN="$BUILD/bench"
RUNS=${RUNS:-5}
mkdir -p "$OUT"

heading() { printf '\n== %s ==\n' "$*"; }

# min and median of each numeric field of JSON lines (one object per line).
json_min_median() {
  python3 -c '
import json, statistics, sys
rows = [json.loads(line) for line in sys.stdin if line.strip()]
for key in rows[0]:
    values = [r[key] for r in rows]
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        print(f"  {key:>14}: min {min(values):10.1f}   median {statistics.median(values):10.1f}")
    else:
        print(f"  {key:>14}: {values[0]}")
'
}

section_machine() {
  heading "machine"
  echo "  cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "  nproc:    $(nproc)"
  echo "  memory:   $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "  kernel:   $(uname -r)"
  echo "  compiler: $(grep -m1 CMAKE_CXX_COMPILER: "$BUILD/CMakeCache.txt" | cut -d= -f2) $(c++ -dumpfullversion 2>/dev/null || true)"
  echo "  build:    $(grep -m1 CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" | cut -d= -f2)"
  # Zeek's intel framework is the named peer for loading intel.
  if command -v zeek > /dev/null; then
    echo "  zeek:     $(zeek --version)"
  else
    echo "  zeek:     not installed (apt-cache policy zeek: $(apt-cache policy zeek 2>/dev/null | awk '/Candidate/ {print $2}' || echo '?'))"
  fi
}

# Loading + compiling 1,000,000 mixed indicators (budget: < 2 s, < 300 MB).
section_intel_load() {
  local csv="$OUT/indicators-1m.csv"
  heading "intel_load: 1,000,000 indicators, $RUNS runs"
  if [[ ! -s $csv ]]; then
    "$BENCH_BIN/gen_indicators" 1000000 "$csv"
  fi
  echo "  input: $csv ($(du -h "$csv" | cut -f1), $(wc -l < "$csv") lines)"
  echo "  -- from CSV (ReadFile + ReadCsv + IntelSet::Compile)"
  for _ in $(seq "$RUNS"); do "$BENCH_BIN/intel_load" "$csv"; done | tee "$OUT/intel_load_csv.jsonl" | json_min_median
  echo "  -- from memory (IntelSet::Compile of generated indicators)"
  for _ in $(seq "$RUNS"); do "$BENCH_BIN/intel_load" --generate 1000000; done | tee "$OUT/intel_load_memory.jsonl" | json_min_median
}

# Prose extraction against ioc-extractor (npm). iocextract and ioc-finder are
# PyPI packages, which this machine's registries do not reach.
section_extract() {
  local prose="$OUT/prose-${PROSE_MB:-20}mb.txt"
  heading "extract: ${PROSE_MB:-20} MB of generated report prose"
  [[ -s $prose ]] || python3 "$HERE/gen_prose.py" "$prose" "${PROSE_MB:-20}"
  if [[ ! -d $HERE/node_modules/ioc-extractor ]]; then
    (cd "$HERE" && npm ci --silent --no-audit --no-fund)
  fi
  echo "  -- in-process throughput (extraction only, input already in memory)"
  for _ in $(seq "$RUNS"); do node "$HERE/peers/ioc_extractor.js" "$prose"; done |
    tee "$OUT/extract_ioc_extractor.jsonl" | json_min_median
  "$BENCH_BIN/shrike_bench" --benchmark_filter=BM_ExtractProse --benchmark_repetitions="$RUNS" \
    --benchmark_report_aggregates_only=true
  echo "  -- whole commands (read file, extract, write output)"
  hyperfine --warmup 1 --runs "$RUNS" --export-json "$OUT/extract_hyperfine.json" \
    -n shrike "$BUILD/shrike intel extract $prose --to csv -o /dev/null" \
    -n ioc-extractor "node $HERE/peers/ioc_extractor.js $prose"
}

# File sweep against sha256sum and hashdeep over a warm ~1 GiB tree (targets:
# at most 0.30x of the sha256sum pipeline's time and 0.25x of hashdeep's).
# The issue-3 speed targets on ~2 GiB (40,000 small files and six large);
# the tree is deleted afterwards.
section_sweep2g() {
  heading "sweep: ~2 GiB tree, $RUNS runs"
  RUNS=$RUNS SWEEP_SMALL=40000 SWEEP_LARGE="100 110 120 130 140 150" SWEEP_TREE=sweep-tree-2g \
    SWEEP_CLEANUP=1 bash "$HERE/sweep_bench.sh" "$BUILD"
}

# shrike match over a generated 1,000,000-row inventory.
section_inventory() {
  heading "inventory: shrike match over 1,000,000 rows"
  RUNS=$RUNS bash "$HERE/inventory_bench.sh" "$BUILD"
}

section_sweep() {
  heading "sweep: ~1 GiB tree, $RUNS runs"
  RUNS=$RUNS bash "$HERE/sweep_bench.sh" "$BUILD"
}

# Log hunting against ripgrep with the same literals (HUNT_MB per format).
section_hunt() {
  heading "hunt: ${HUNT_MB:-256} MiB per format, 10 to 1,000,000 indicators, vs rg -F"
  bash "$HERE/hunt_bench.sh" "$BUILD"
}

# `shrike demo` end to end (scale 1 and 10), and its hunt against rg -F.
section_demo() {
  heading "demo: shrike demo at --scale 1 and 10, $RUNS runs"
  RUNS=$RUNS bash "$HERE/demo_bench.sh" "$BUILD"
}

# Sweep with 1,000 YARA rules against the yara CLI alone, same rules and
# threads (target: shrike, which also hashes and reads PE metadata, not slower).
section_yara() {
  heading "yara: ${RULES:-1000} rules, ${THREADS:-2} threads, vs yara -r -p"
  RUNS=$RUNS bash "$HERE/yara_bench.sh" "$BUILD"
}

section_micro() {
  heading "micro-benchmarks (Google Benchmark)"
  "$BENCH_BIN/shrike_bench" --benchmark_filter="${BENCH_FILTER:-.}" \
    --benchmark_out="$OUT/shrike_bench.json" --benchmark_out_format=json
}

selected=("$@")
[[ ${#selected[@]} -gt 0 ]] || selected=("${SECTIONS[@]}")
for section in "${selected[@]}"; do
  declare -F "section_$section" > /dev/null || usage
  "section_$section"
done
