#!/usr/bin/env bash
# Permission errors, which root never sees: the sweep runs as nobody over a
# tree with an unreadable file and an unreadable folder. Each must be a
# warning naming the path, the rest of the tree still swept (files owned by
# root also exercise the O_NOATIME EPERM retry). Skips (77) unless run as
# root with setpriv(1).
# Usage: sweep_unprivileged_test.sh SHRIKE SHARED_DIR SOURCE_DIR
set -euo pipefail
SHRIKE=$1
[[ $(id -u) -eq 0 ]] && command -v setpriv > /dev/null || { echo "needs root and setpriv"; exit 77; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
# nobody may not be able to reach the build tree (a clone under a private
# folder), so run a copy of the binary from the test's own folder.
cp "$SHRIKE" "$WORK/shrike"
chmod 755 "$WORK/shrike"
SHRIKE="$WORK/shrike"
TREE="$WORK/tree"
mkdir -p "$TREE/locked"
printf 'readable evil' > "$TREE/evil.bin"
printf 'secret evil' > "$TREE/secret.bin"
printf 'locked evil' > "$TREE/locked/inner.bin"
chmod 000 "$TREE/secret.bin"
chmod 700 "$TREE/locked"
{
  echo "type,value"
  for f in evil.bin secret.bin locked/inner.bin; do echo "sha256,$(sha256sum < "$TREE/$f" | cut -d' ' -f1)"; done
} > "$WORK/intel.csv"
chmod 644 "$WORK/intel.csv"

status=0
setpriv --reuid=65534 --regid=65534 --clear-groups -- \
  "$SHRIKE" sweep "$TREE" --intel "$WORK/intel.csv" > "$WORK/out" 2> "$WORK/err" || status=$?
fail() { echo "FAIL: $*"; echo "--- stdout"; cat "$WORK/out"; echo "--- stderr"; cat "$WORK/err"; exit 1; }
[[ $status -eq 1 ]] || fail "exit status $status, expected 1 (findings)"
grep -qF "\"path\":\"$TREE/evil.bin\"" "$WORK/out" || fail "readable file not reported"
[[ $(wc -l < "$WORK/out") -eq 1 ]] || fail "expected exactly one finding"
grep -qF "shrike: warning: $TREE/secret.bin: Permission denied" "$WORK/err" || fail "no warning for the unreadable file"
grep -qF "shrike: warning: $TREE/locked: Permission denied" "$WORK/err" || fail "no warning for the unreadable folder"
grep -qF "1 findings, 2 errors" "$WORK/err" || fail "summary does not count 2 errors"
echo "ok"
