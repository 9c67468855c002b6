#!/usr/bin/env bash
# bench/sigma_bench.sh BUILD_DIR [SHARED_DIR]
#
# Times `shrike hunt EVENTS --sigma RULES -o OUT` with every SigmaHQ rule of
# ../shared/corpora/sigma/rules*/ (all Windows rules among them) over
# SIGMA_EVENTS events (default 1,000,000): half the records of the Sigma
# regression data (real Windows events, evtx_dump JSON) replicated, half
# generated Sysmon events in NXLog flat JSON (bench/gen_sigma_events.py).
# Then the same with the sample EVTX files themselves replicated and read
# natively (see the end of this script).
# The rule loading time is measured alone (an empty input) and subtracted to
# give the evaluation rate. The hunt reads on one thread, so events/s total
# is events/s per core; on a shared machine the CPU (user + system) seconds
# give the per-core rate, the wall seconds the elapsed one. Each command
# runs SIGMA_RUNS times (default 3); the fastest run counts. Hayabusa is not packaged for Debian: its published
# figure is quoted beside ours in bench/RESULTS.md. The SHA-256 of each findings file is printed, so
# that the output of two builds can be compared byte for byte.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/sigma_bench.sh BUILD_DIR [SHARED_DIR]" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
SHARED=${2:-$HERE/../../shared}
SIGMA=$SHARED/corpora/sigma
N=${SIGMA_EVENTS:-1000000}
RUNS=${SIGMA_RUNS:-3}
DATA="$HERE/out/sigma"
if [[ ! -s $DATA/sysmon.ndjson || $(cat "$DATA/n" 2>/dev/null) != "$N" ]]; then
  echo "  generating $N events in $DATA"
  /usr/bin/python3 "$HERE/gen_sigma_events.py" "$SIGMA" "$DATA" "$N"
  echo "$N" > "$DATA/n"
fi
RULES=()
for d in "$SIGMA"/rules*/; do RULES+=("$d"); done
echo "  load before: $(cut -d' ' -f1-3 /proc/loadavg)   $(nproc) cores"
echo "  rules: $(find "${RULES[@]}" -name '*.yml' | wc -l) files," \
     "$(grep -rl 'product: windows' "${RULES[@]}" | wc -l) with product: windows"
: > "$DATA/empty.jsonl"

# Prints "cpu_seconds wall_seconds peak_kib" of the run of "$@" with the least CPU time.
timed() {
  local best="" line tmp
  tmp=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%U %S %e %M" -o "$tmp" "$@" > /dev/null 2> "$DATA/stderr" || true
    line=$(tail -1 "$tmp" | awk '{printf "%.2f %s %s", $1 + $2, $3, $4}')
    if [[ -z $best ]] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then
      best=$line
    fi
  done
  rm -f "$tmp"
  echo "$best"
}

load=$(timed "$BUILD/shrike" hunt "$DATA/empty.jsonl" --sigma "${RULES[@]}")
echo "  $(head -1 "$DATA/stderr")"
read -r lcpu lwall lkib <<<"$load"
echo "  rule loading alone: $lcpu s CPU, $lwall s wall, peak $lkib KiB"
for f in regression.jsonl sysmon.ndjson; do
  n=$(wc -l < "$DATA/$f")
  read -r cpu wall kib <<<"$(timed "$BUILD/shrike" hunt "$DATA/$f" --sigma "${RULES[@]}" -o "$DATA/$f.findings")"
  hits=$(wc -l < "$DATA/$f.findings")
  awk -v f="$f" -v n="$n" -v c="$cpu" -v w="$wall" -v lc="$lcpu" -v lw="$lwall" -v m="$kib" -v h="$hits" 'BEGIN{
    e = c - lc; if (e <= 0) e = 0.001; ew = w - lw; if (ew <= 0) ew = 0.001;
    printf "  %-17s %8d events  CPU %6.2f s (%6.2f s after loading): %7.0f events/s per core;  wall %6.2f s (%6.2f s after loading): %7.0f events/s;  peak %d KiB;  %d findings\n",
           f, n, c, e, n / e, w, ew, n / ew, m, h }'
  echo "                    findings SHA-256 $(sha256sum < "$DATA/$f.findings" | cut -c1-64)"
done
n=$(cat "$DATA/regression.jsonl" "$DATA/sysmon.ndjson" | wc -l)
read -r cpu wall kib <<<"$(timed "$BUILD/shrike" hunt "$DATA/regression.jsonl" "$DATA/sysmon.ndjson" --sigma "${RULES[@]}" -o "$DATA/all.findings")"
sha=$(sha256sum < "$DATA/all.findings" | cut -c1-64)
awk -v n="$n" -v c="$cpu" -v w="$wall" -v lc="$lcpu" -v lw="$lwall" -v sha="$sha" 'BEGIN{
  e = c - lc; ew = w - lw;
  printf "  all               %8d events  CPU %6.2f s (%6.2f s after loading): %7.0f events/s per core (one thread), %0.0f including loading;  wall %6.2f s: %0.0f events/s\n", n, c, e, n / e, n / c, w, n / ew;
  printf "                    findings SHA-256 %s\n", sha;
  printf "  Hayabusa (published): 4.8 M events, 3,279 rules, 377 s on 4+ cores = %0.0f events/s total, <= %0.0f per core\n", 4800000/377, 4800000/377/4 }'

# The issue's own wording, "sample EVTX replicated": the chunks of the sample
# EVTX files (EVTX-ATTACK-SAMPLES and the Sigma regression data) repeated into
# one valid EVTX file by bench/evtx_concat.py, read natively (src/evtx), with
# the generated Sysmon half beside it. SIGMA_EVTX_BYTES sets its size (default
# 2.6 GB, about 500,000 records); SIGMA_EVTX=0 skips it.
if [[ ${SIGMA_EVTX:-1} != 0 ]]; then
  EB=${SIGMA_EVTX_BYTES:-2650000000}
  if [[ ! -s $DATA/replicated.evtx || $(cat "$DATA/evtx_bytes" 2>/dev/null) != "$EB" ]]; then
    echo "  building $DATA/replicated.evtx ($EB bytes)"
    /usr/bin/python3 "$HERE/evtx_concat.py" "$DATA/replicated.evtx" "$EB" \
      "$SHARED/corpora/evtx-attack-samples" "$SIGMA/regression_data"
    echo "$EB" > "$DATA/evtx_bytes"
  fi
  ne=$("$BUILD/shrike" evtx dump --count "$DATA/replicated.evtx" | sed -n 's/.*: \([0-9]*\) records.*/\1/p')
  ns=$(wc -l < "$DATA/sysmon.ndjson")
  for set in evtx evtx+sysmon; do
    files=("$DATA/replicated.evtx"); n=$ne
    if [[ $set == evtx+sysmon ]]; then files+=("$DATA/sysmon.ndjson"); n=$((ne + ns)); fi
    read -r cpu wall kib <<<"$(timed "$BUILD/shrike" hunt "${files[@]}" --sigma "${RULES[@]}" -o "$DATA/$set.findings")"
    hits=$(wc -l < "$DATA/$set.findings")
    awk -v f="$set" -v n="$n" -v c="$cpu" -v w="$wall" -v lc="$lcpu" -v lw="$lwall" -v m="$kib" -v h="$hits" 'BEGIN{
      e = c - lc; if (e <= 0) e = 0.001; ew = w - lw; if (ew <= 0) ew = 0.001;
      printf "  %-17s %8d events  CPU %6.2f s (%6.2f s after loading): %7.0f events/s per core, %0.0f including loading;  wall %6.2f s (%6.2f s after loading): %7.0f events/s;  peak %d KiB;  %d findings\n",
             f, n, c, e, n / e, n / c, w, ew, n / ew, m, h }'
    echo "                    findings SHA-256 $(sha256sum < "$DATA/$set.findings" | cut -c1-64)"
  done
fi
echo "  load after: $(cut -d' ' -f1-3 /proc/loadavg)"
