#!/usr/bin/env bash
# Cross-checks `shrike sweep` digests against coreutils: every file of a
# generated tree is registered by its sha256sum/md5sum digest, and the sweep
# must report each file exactly once with the same digests and size.
# Usage: sweep_sha256sum_test.sh SHRIKE SHARED_DIR SOURCE_DIR
set -euo pipefail
SHRIKE=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TREE="$WORK/tree"

python3 - "$TREE" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(7)
for i in range(300):
    folder = os.path.join(root, f"d{i % 7}", f"e{i % 3}")
    os.makedirs(folder, exist_ok=True)
    size = rng.choice([0, 1, 63, 64, 65, 4095, 4096, 1 << 20, (1 << 20) + 1, rng.randint(1, 300000)])
    with open(os.path.join(folder, f"file {i}.bin"), "wb") as f:
        f.write(rng.randbytes(size))
PY
# Identical content (the empty file) maps to one indicator; dedupe by digest.
{
  echo "type,value,campaign"
  find "$TREE" -type f -print0 | xargs -0 sha256sum | awk '{print "sha256," $1 ",Cross Check"}' | sort -u
  find "$TREE" -type f -print0 | xargs -0 md5sum | awk '{print "md5," $1 ",Cross Check"}' | sort -u
} > "$WORK/intel.csv"

status=0
"$SHRIKE" sweep "$TREE" --intel "$WORK/intel.csv" --threads 3 -o "$WORK/findings.ndjson" \
  2> "$WORK/err" || status=$?
[[ $status -eq 1 ]] || { echo "exit status $status, expected 1"; cat "$WORK/err"; exit 1; }

python3 - "$TREE" "$WORK/findings.ndjson" <<'PY'
import hashlib, json, os, sys
root, findings = sys.argv[1], sys.argv[2]
expected = {}
for folder, _, names in os.walk(root):
    for name in names:
        path = os.path.join(folder, name)
        data = open(path, "rb").read()
        expected[path] = (len(data), hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest())
seen = {}
for line in open(findings):
    f = json.loads(line)
    path = f["file"]["path"]
    assert path not in seen, f"{path} reported twice"
    seen[path] = (f["file"]["size"], f["file"]["hash"]["sha256"], f["file"]["hash"]["md5"])
    fields = {e["matched"]["field"] for e in f["threat"]["enrichments"]}
    assert fields == {"file.hash.sha256", "file.hash.md5"}, fields
    assert f["rule"]["name"] == "Cross Check sha256 indicator", f["rule"]["name"]
missing = set(expected) - set(seen)
assert not missing, f"not reported: {sorted(missing)[:5]}"
wrong = [p for p in expected if expected[p] != seen[p]]
assert not wrong, f"wrong size or digest: {wrong[:5]}"
print(f"ok: {len(seen)} files, digests and sizes agree with hashlib")
PY
