#!/usr/bin/env bash
# Hostile input on standard input with the memory measured: a 1 GiB line
# without a newline (then a hit), and 256 MiB of NUL bytes (binary input)
# with a UTF-16LE hit at the end. Each over-long record must be a warning
# naming its line and offset, the hit after it still found, and the peak RSS
# stay far below the input size (the line buffer is bounded by
# --max-record-bytes, 1 MiB by default).
# Usage: hunt_bounded_memory_test.sh SHRIKE SHARED_DIR SOURCE_DIR
set -euo pipefail
SHRIKE=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf 'type,value\nip,45.76.218.11\n' > "$WORK/intel.csv"
LIMIT_MB=300  # ASan builds carry shadow memory; a release build stays near 20 MB

/usr/bin/python3 -c '
import sys
block = b"x" * (1 << 20)
for _ in range(1024): sys.stdout.buffer.write(block)
sys.stdout.buffer.write(b" 45.76.218.11\nNov 26 06:21:38 h p: hit 45.76.218.11\n")
' | /usr/bin/time -o "$WORK/time" -f '%M' "$SHRIKE" hunt - --intel "$WORK/intel.csv" \
    > "$WORK/out.json" 2> "$WORK/err.txt" || true
rss_mb=$(( $(tail -1 "$WORK/time") / 1024 ))
grep -q '"line":2' "$WORK/out.json" || { echo "hit after the long line missed"; cat "$WORK/err.txt"; exit 1; }
[[ $(wc -l < "$WORK/out.json") -eq 1 ]] || { echo "expected exactly one finding"; exit 1; }
grep -q -- '-:1@0: line longer than 1048576 bytes skipped' "$WORK/err.txt" ||
  grep -q 'line longer than 1048576 bytes skipped' "$WORK/err.txt" || { cat "$WORK/err.txt"; exit 1; }
(( rss_mb < LIMIT_MB )) || { echo "1 GiB line: peak RSS ${rss_mb} MB"; exit 1; }
echo "1 GiB line: skipped with a warning, the next line found, peak RSS ${rss_mb} MB"

/usr/bin/python3 -c '
import sys
block = bytes(1 << 20)
for _ in range(256): sys.stdout.buffer.write(block)
sys.stdout.buffer.write("beacon 45.76.218.11:443".encode("utf-16-le") + bytes(16))
' | /usr/bin/time -o "$WORK/time" -f '%M' "$SHRIKE" hunt - --intel "$WORK/intel.csv" \
    > "$WORK/out.json" 2> "$WORK/err.txt" || true
rss_mb=$(( $(tail -1 "$WORK/time") / 1024 ))
grep -q "\"offset\":$((256 << 20))" "$WORK/out.json" || { echo "UTF-16LE hit missed"; cat "$WORK/out.json" "$WORK/err.txt"; exit 1; }
(( rss_mb < LIMIT_MB )) || { echo "binary input: peak RSS ${rss_mb} MB"; exit 1; }
echo "256 MiB of NULs: the UTF-16LE hit at its end found, peak RSS ${rss_mb} MB"
