#!/usr/bin/env bash
# bench/report_bench.sh BUILD_DIR
#
# Times `shrike report findings.ndjson --assets assets.csv --json OUT --html OUT`
# on REPORT_N generated findings (default 200000 and 800000; bench/gen_findings.py,
# 5,000 hosts in 50 organisations) against jq computing only the per-host first
# and last timestamps of the same file (`jq -n 'reduce inputs ...'`), in the same
# run with hyperfine. Peak RSS (GNU time) shows memory follows hosts and
# indicators, not findings.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "$1" && pwd)
RUNS=${REPORT_RUNS:-3}
# jq takes minutes per run: it is timed only up to this many findings.
JQ_MAX=${REPORT_JQ_MAX:-200000}
for n in ${REPORT_N:-200000 800000}; do
  data=$HERE/out/report/$n
  [[ -s $data/findings.ndjson ]] || python3 "$HERE/gen_findings.py" "$data" "$n"
  echo "== $n findings ($(du -m "$data/findings.ndjson" | cut -f1) MiB), load $(cut -d' ' -f1-3 /proc/loadavg)"
  jq_cmd="jq -n 'reduce inputs as \$f ({}; .[\$f.host.name] |= {first: ([.first // \$f[\"@timestamp\"], \$f[\"@timestamp\"]] | min), last: ([.last // \$f[\"@timestamp\"], \$f[\"@timestamp\"]] | max)})' $data/findings.ndjson > $data/jq.json"
  peer=()
  ((n <= JQ_MAX)) && peer=(-n jq "$jq_cmd")
  hyperfine --runs "$RUNS" \
    -n shrike "$BUILD/shrike report $data/findings.ndjson --assets $data/assets.csv --intel palmerworm -q --json $data/out.json --html $data/out.html" \
    "${peer[@]}"
  /usr/bin/time -f "  shrike peak RSS %M KiB" "$BUILD/shrike" report "$data/findings.ndjson" \
    --assets "$data/assets.csv" --intel palmerworm -q --json "$data/out.json"
done
