#!/bin/bash
# The HTML report in a real browser: Debian's chromium, headless, renders the
# golden palmerworm case; the DOM after the scripts ran must hold the
# organisations, dates and dwell figures, the filter must have counted the
# evidence rows, and hostile input must stay text. Saves a screenshot and a
# PDF (print layout) beside the binary.
#
# usage: report_browser_test.sh SHRIKE_BINARY SHARED_DIR SOURCE_DIR
# Exit 77 (skip) when chromium is absent. Chromium never reaches the network:
# the page is a local file without URLs, background networking is off and
# every host name resolves to nothing.
set -u
bin=$1 src=$3
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
  echo "SKIP: chromium is absent"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$(dirname "$bin")
golden=$src/tests/golden/report
status=0
fail() { echo "FAIL: $*"; status=1; }

"$bin" report "$golden"/palmerworm/*.ndjson --assets "$golden/palmerworm/assets.csv" \
  --intel palmerworm --html "$tmp/report.html" -q 2>/dev/null || fail "shrike report (palmerworm)"
"$bin" report "$golden"/hostile/*.ndjson --assets "$golden/hostile/assets.csv" \
  --intel palmerworm --html "$tmp/hostile.html" -q 2>/dev/null || fail "shrike report (hostile)"

browse() {  # browse OUTPUT-FLAG PAGE: runs chromium, prints stdout
  HOME=$tmp timeout 120 "$chrome" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-default-apps --disable-extensions --disable-domain-reliability \
    --disable-client-side-phishing-detection --no-first-run --no-pings \
    --metrics-recording-only --host-resolver-rules="MAP * ~NOTFOUND" \
    --user-data-dir="$tmp/profile" --window-size=1280,1600 --virtual-time-budget=2000 \
    "$1" "file://$2" 2>"$tmp/chromium.log"
}

dom=$(browse --dump-dom "$tmp/report.html")
[ -n "$dom" ] || { fail "chromium produced no DOM"; tail -5 "$tmp/chromium.log"; }
expect() {  # expect TEXT: the DOM holds TEXT
  grep -qF -- "$1" <<<"$dom" || fail "the DOM lacks: $1"
}
expect 'data-ready="1"'
for text in "Formosa Daily" "Kansai Engineering" "Pearl River Construction" "tw-media-ws01" \
  "jp-eng-01" "2019-08-14" "2020-08-20" "2019-09-12" "373 d" "2 d 8 h" "98 d" \
  "Palmerworm 2019-2020" "82.8 / 100" "Custom malware" "Stolen-certificate signatures"; do
  expect "$text"
done
grep -qE '<span class="count">[0-9]+ shown</span>' <<<"$dom" || fail "the evidence filter did not run"
grep -q '<svg id="chart"' <<<"$dom" || fail "no chart"

hostile=$(browse --dump-dom "$tmp/hostile.html")
[ "$(grep -o '<script' <<<"$hostile" | wc -l)" -eq 1 ] || fail "hostile input made a script element"
grep -q '<img' <<<"$hostile" && fail "hostile input made an img element"
grep -qF '&lt;script&gt;alert' <<<"$hostile" || fail "hostile host name is not shown as text"
grep -qF 'data-ready="1"' <<<"$hostile" || fail "the scripts did not run on the hostile page"

browse --screenshot="$out/report_screenshot.png" "$tmp/report.html" >/dev/null
[ -s "$out/report_screenshot.png" ] || fail "no screenshot"
browse --print-to-pdf="$out/report_print.pdf" "$tmp/report.html" >/dev/null
[ -s "$out/report_print.pdf" ] || fail "no PDF (print layout)"
[ $status -eq 0 ] && echo "ok: DOM checked; screenshot $out/report_screenshot.png"
exit $status
