#!/usr/bin/env bash
# bench/sweep_bench.sh BUILD_DIR
#
# Times `shrike sweep` against the hashing pipelines a responder would use
# instead, in the same run over the same warm tree:
#   find TREE -type f -print0 | xargs -0 -P$(nproc) sha256sum
#   hashdeep -c sha256 -r -j$(nproc) TREE       (when Debian's hashdeep is installed)
#   find TREE -type f -print0 | BUILD/bench/hash_loop $(nproc)
#       (the plain N-thread OpenSSL SHA-256 loop, bench/hash_loop.cpp; when built)
# The tree (bench/out/sweep-tree, ~1 GiB, deterministic) holds 20,000 files
# of 1-64 KiB in 100 folders and 6 files of 50-100 MiB. Override with
# SWEEP_SMALL=N, SWEEP_LARGE="MiB MiB ..." (sizes of the large files),
# SWEEP_TREE=NAME (folder under bench/out), SWEEP_CLEANUP=1 (delete the tree
# afterwards) and RUNS=N. bench/run.sh's sweep2g section uses ~2 GiB:
# 40,000 small files and six of 100-150 MiB.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/sweep_bench.sh BUILD_DIR" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
OUT="$HERE/out"
TREE="$OUT/${SWEEP_TREE:-sweep-tree}"
RUNS=${RUNS:-5}
SMALL=${SWEEP_SMALL:-20000}
LARGE=${SWEEP_LARGE:-50 60 70 80 90 100}
JOBS=$(nproc)
mkdir -p "$OUT"

generate_tree() {
  python3 - "$TREE" "$SMALL" "$LARGE" <<'PY'
import os, random, sys
root, small = sys.argv[1], int(sys.argv[2])
large = [int(x) for x in sys.argv[3].split()]
rng = random.Random(20200901)
for i in range(small):
    folder = os.path.join(root, f"d{i % 100:03d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"f{i:05d}.bin"), "wb") as f:
        f.write(rng.randbytes(rng.randint(1024, 64 * 1024)))
block = rng.randbytes(1 << 20)
os.makedirs(os.path.join(root, "large"), exist_ok=True)
for i, mib in enumerate(large):
    with open(os.path.join(root, "large", f"large{i}.img"), "wb") as f:
        for j in range(mib):  # distinct blocks so no two MiB are equal
            f.write(j.to_bytes(8, "little") + block[8:])
PY
  touch "$TREE/.complete"
}

[[ -e $TREE/.complete ]] || { rm -rf "$TREE"; generate_tree; }
files=$(find "$TREE" -type f ! -name .complete | wc -l)
bytes=$(find "$TREE" -type f ! -name .complete -printf '%s\n' | awk '{s += $1} END {print s}')
echo "  tree: $TREE: $files files, $bytes bytes; $JOBS cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

# Warm the page cache so that every command reads from memory.
find "$TREE" -type f -print0 | xargs -0 cat > /dev/null

cmds=(-n shrike "$BUILD/shrike sweep $TREE --intel palmerworm -o /dev/null"
      -n sha256sum "find $TREE -type f -print0 | xargs -0 -P$JOBS sha256sum > /dev/null")
if command -v hashdeep > /dev/null; then
  cmds+=(-n hashdeep "hashdeep -c sha256 -r -j$JOBS $TREE > /dev/null")
else
  echo "  hashdeep: not installed (apt-get install hashdeep)"
fi
if [[ -x $BUILD/bench/hash_loop ]]; then
  cmds+=(-n hash_loop "find $TREE -type f -print0 | $BUILD/bench/hash_loop $JOBS 2> /dev/null")
fi
hyperfine --warmup 1 --runs "$RUNS" --export-json "$OUT/sweep_hyperfine.json" "${cmds[@]}"
[[ ${SWEEP_CLEANUP:-0} == 1 ]] && rm -rf "$TREE"

python3 - "$OUT/sweep_hyperfine.json" "$files" "$bytes" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
files, size = int(sys.argv[2]), int(sys.argv[3])
base = next(r for r in results if r["command"] == "shrike")
cpu = lambda r: r["user"] + r["system"]
# CPU time (user + system) is the steadier figure on a shared machine.
print(f"\n  | command | mean ± sd | median | GB/s | files/s | shrike / this (wall) | CPU s | shrike / this (CPU) |")
print(f"  |---|---|---|---|---|---|---|---|")
for r in results:
    m = r["mean"]
    print(f"  | {r['command']} | {m:.3f} s ± {r['stddev']:.3f} | {r['median']:.3f} s | "
          f"{size / m / 1e9:.2f} | {files / m:,.0f} | {base['mean'] / m:.2f}x | "
          f"{cpu(r):.2f} | {cpu(base) / cpu(r):.2f}x |")
PY
