#!/usr/bin/env bash
# bench/sigma_bench.sh BUILD_DIR [SHARED_DIR]
#
# Times `shrike hunt EVENTS --sigma RULES -o OUT` with every SigmaHQ rule of
# ../shared/corpora/sigma/rules*/ (all Windows rules among them) over
# SIGMA_EVENTS events (default 1,000,000): half the records of the Sigma
# regression data (real Windows events, evtx_dump JSON) replicated, half
# generated Sysmon events in NXLog flat JSON (bench/gen_sigma_events.py).
# The rule loading time is measured alone (an empty input) and subtracted to
# give the evaluation rate. The hunt reads on one thread, so events/s total
# is events/s per core. Each command runs SIGMA_RUNS times (default 3); the
# fastest run counts. Hayabusa is not packaged for Debian: its published
# figure is quoted beside ours in bench/results/sigma.md.
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

# Prints "seconds peak_kib" of the fastest of RUNS runs of "$@".
timed() {
  local best="" line tmp
  tmp=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$tmp" "$@" > /dev/null 2> "$DATA/stderr" || true
    line=$(tail -1 "$tmp")
    if [[ -z $best ]] || awk -v a="${line% *}" -v b="${best% *}" 'BEGIN{exit !(a<b)}'; then
      best=$line
    fi
  done
  rm -f "$tmp"
  echo "$best"
}

load=$(timed "$BUILD/shrike" hunt "$DATA/empty.jsonl" --sigma "${RULES[@]}")
echo "  $(head -1 "$DATA/stderr")"
echo "  rule loading alone: ${load% *} s, peak ${load#* } KiB"
for f in regression.jsonl sysmon.ndjson; do
  n=$(wc -l < "$DATA/$f")
  full=$(timed "$BUILD/shrike" hunt "$DATA/$f" --sigma "${RULES[@]}" -o "$DATA/$f.findings")
  hits=$(wc -l < "$DATA/$f.findings")
  awk -v f="$f" -v n="$n" -v t="${full% *}" -v l="${load% *}" -v m="${full#* }" -v h="$hits" 'BEGIN{
    e = t - l; if (e <= 0) e = 0.001;
    printf "  %-17s %8d events  %6.2f s total (%5.2f s after loading)  %9.0f events/s  peak %d KiB  %d findings\n",
           f, n, t, e, n / e, m, h }'
done
n=$(cat "$DATA/regression.jsonl" "$DATA/sysmon.ndjson" | wc -l)
full=$(timed "$BUILD/shrike" hunt "$DATA/regression.jsonl" "$DATA/sysmon.ndjson" --sigma "${RULES[@]}" -o "$DATA/all.findings")
awk -v n="$n" -v t="${full% *}" -v l="${load% *}" 'BEGIN{
  e = t - l; printf "  all               %8d events  %6.2f s total (%5.2f s after loading)  %9.0f events/s per core (1 thread); %0.0f events/s including loading\n", n, t, e, n / e, n / t;
  printf "  Hayabusa (published): 4.8 M events, 3,279 rules, 377 s on 4+ cores = %0.0f events/s total, <= %0.0f per core\n", 4800000/377, 4800000/377/4 }'
echo "  load after: $(cut -d' ' -f1-3 /proc/loadavg)"
