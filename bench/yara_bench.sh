#!/usr/bin/env bash
# bench/yara_bench.sh BUILD_DIR
#
# Shrike sweep (sha256 of every file + the PE step + YARA) against the `yara`
# CLI alone, with the same 1,000 generated rules (bench/gen_yara_rules.py) and
# the same thread count, in the same run over the same warm tree:
#   shrike sweep TREE --intel palmerworm --yara RULES_DIR --threads T -o /dev/null
#   yara -r -p T RULES.yar TREE > /dev/null
# The tree (bench/out/yara-tree, deterministic) holds YARA_SMALL (default
# 5,000) files of 1-64 KiB, 5% of them starting with "MZ" and 2% holding a
# string of some rule, and two files of 40 MiB. shrike exits 1 (findings), so
# hyperfine runs with -i; the match sets of both are compared first. THREADS (default 2), RUNS
# (default 5) and RULES (default 1000) override.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/yara_bench.sh BUILD_DIR" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
OUT="$HERE/out"
TREE="$OUT/yara-tree"
RULES_DIR="$OUT/yara-rules"
RUNS=${RUNS:-5}
THREADS=${THREADS:-2}
SMALL=${YARA_SMALL:-5000}
NRULES=${RULES:-1000}
mkdir -p "$OUT"

/usr/bin/python3 "$HERE/gen_yara_rules.py" "$NRULES" "$RULES_DIR"

generate_tree() {
  /usr/bin/python3 - "$TREE" "$SMALL" "$RULES_DIR/rules.yar" <<'PY'
import os, random, re, sys
root, small, rules = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tokens = re.findall(r'= "([a-z_0-9]+)"', open(rules).read())
rng = random.Random(20200901)
for i in range(small):
    folder = os.path.join(root, f"d{i % 50:03d}")
    os.makedirs(folder, exist_ok=True)
    data = bytearray(rng.randbytes(rng.randint(1024, 64 * 1024)))
    if i % 20 == 0:
        data[0:2] = b"MZ"
    if i % 50 == 0:
        t = rng.choice(tokens).encode()
        at = rng.randint(0, len(data) - len(t))
        data[at:at + len(t)] = t
    with open(os.path.join(folder, f"f{i:05d}.bin"), "wb") as f:
        f.write(data)
os.makedirs(os.path.join(root, "large"), exist_ok=True)
block = rng.randbytes(1 << 20)
for i in range(2):
    with open(os.path.join(root, "large", f"large{i}.img"), "wb") as f:
        for j in range(40):
            f.write(j.to_bytes(8, "little") + block[8:])
PY
  touch "$TREE/.complete"
}

[[ -e $TREE/.complete ]] || { rm -rf "$TREE"; generate_tree; }
files=$(find "$TREE" -type f ! -name .complete | wc -l)
bytes=$(find "$TREE" -type f ! -name .complete -printf '%s\n' | awk '{s += $1} END {print s}')
echo "  tree: $TREE: $files files, $bytes bytes; $NRULES rules; $THREADS threads; $(nproc) cores;" \
     "load: $(cut -d' ' -f1-3 /proc/loadavg)"
find "$TREE" -type f -print0 | xargs -0 cat > /dev/null

# Same matches: every file yara reports, shrike reports (rule names compared).
"$BUILD/shrike" sweep "$TREE" --intel palmerworm --yara "$RULES_DIR/split" --threads "$THREADS" \
  -o "$OUT/yara_shrike.ndjson" 2>/dev/null || true
yara -r -p "$THREADS" "$RULES_DIR/rules.yar" "$TREE" 2>/dev/null | sort > "$OUT/yara_cli.txt"
/usr/bin/python3 - "$OUT/yara_shrike.ndjson" "$OUT/yara_cli.txt" <<'PY'
import json, sys
got = set()
for line in open(sys.argv[1]):
    f = json.loads(line)
    rules = f.get("shrike", {}).get("yara", {}).get("rules", [])
    for r in ([rules] if isinstance(rules, str) else rules):
        if r.startswith("bench_rule_"):
            got.add((r, f["file"]["path"]))
want = set(tuple(l.split(" ", 1)) for l in open(sys.argv[2]).read().splitlines())
print(f"  matches: yara {len(want)}, shrike {len(got)}, same: {got == want}")
if got != want:
    print("  only yara:", sorted(want - got)[:5], " only shrike:", sorted(got - want)[:5])
    sys.exit(1)
PY

hyperfine -i --warmup 1 --runs "$RUNS" --export-json "$OUT/yara_hyperfine.json" \
  -n shrike "$BUILD/shrike sweep $TREE --intel palmerworm --yara $RULES_DIR/split --threads $THREADS -o /dev/null" \
  -n shrike-no-pe "$BUILD/shrike sweep $TREE --intel palmerworm --no-pe --no-pack-yara --yara $RULES_DIR/split --threads $THREADS -o /dev/null" \
  -n yara "yara -r -p $THREADS $RULES_DIR/rules.yar $TREE > /dev/null"

/usr/bin/python3 - "$OUT/yara_hyperfine.json" "$files" "$bytes" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
files, size = int(sys.argv[2]), int(sys.argv[3])
yara = next(r for r in results if r["command"] == "yara")
cpu = lambda r: r["user"] + r["system"]
print(f"\n  | command | mean ± sd | median | MB/s | files/s | yara / this (wall) | CPU s | yara / this (CPU) |")
print(f"  |---|---|---|---|---|---|---|---|")
for r in results:
    m = r["mean"]
    print(f"  | {r['command']} | {m:.3f} s ± {r['stddev']:.3f} | {r['median']:.3f} s | "
          f"{size / m / 1e6:.0f} | {files / m:,.0f} | {yara['mean'] / m:.2f}x | "
          f"{cpu(r):.2f} | {cpu(yara) / cpu(r):.2f}x |")
PY
