#!/usr/bin/env bash
# Exports the palmerworm pack and 100,000 generated indicators to every
# `shrike intel export` format and has each tool's own checker accept them:
# named-checkzone (rpz), unbound-checkconf (unbound), nft -c (nft; check mode
# only, never applied), yarac (yara), and our grammar checkers for Suricata and
# Zeek, and Sigma's required keys (check_export_formats.py). Prints the time each 100k export takes.
# Usage: export_checkers_test.sh SHRIKE SHARED SOURCE. Exit 77 (skip) only
# when a checker binary is missing.
set -euo pipefail
shrike=$1
src=$3
here="$src/tests/scripts"
PATH="$PATH:/usr/sbin:/sbin"
for tool in named-checkzone unbound-checkconf nft yarac python3; do
  command -v "$tool" >/dev/null || { echo "skip: $tool not installed (make deps)"; exit 77; }
done
python3 -c 'import yaml' 2>/dev/null || { echo "skip: python3-yaml not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# Exports SOURCE as FORMAT into DIR (one file per list) and prints the time.
export_to() {
  local source=$1 format=$2 dir=$3 start end
  mkdir -p "$dir"
  start=$(date +%s%N)
  "$shrike" intel export "$source" --to "$format" -o "$dir" 2>"$dir.warnings" ||
    fail "export $format of $source"
  end=$(date +%s%N)
  echo "export $format ($(basename "$source")): $(((end - start) / 1000000)) ms"
}

# nft -c must never change the ruleset: compare before and after.
check_nft() {
  local before after
  before=$(nft list ruleset 2>/dev/null || true)
  nft -c -f "$1" || fail "nft -c rejected $1"
  after=$(nft list ruleset 2>/dev/null || true)
  [ "$before" = "$after" ] || fail "nft -c changed the ruleset"
}

check_all() {
  local dir=$1
  named-checkzone -q rpz.shrike "$dir/rpz/shrike.rpz" || fail "named-checkzone $dir"
  unbound-checkconf "$dir/unbound/shrike-unbound.conf" || fail "unbound-checkconf $dir"
  check_nft "$dir/nft/shrike.nft"
  yarac "$dir/yara/shrike.yar" "$dir/yara.compiled" || fail "yarac $dir"
  python3 "$here/check_export_formats.py" suricata "$dir/suricata/shrike.rules"
  python3 "$here/check_export_formats.py" zeek "$dir/zeek-intel/shrike.intel"
  python3 "$here/check_export_formats.py" sigma "$dir/sigma/shrike.yml"
  [ -s "$dir/loki/shrike-hash-iocs.txt" ] && [ -s "$dir/loki/shrike-c2-iocs.txt" ] ||
    fail "loki lists missing"
  if grep -v '^#' "$dir/loki/"*.txt | grep -vqE '^[^;#]+;[^;]+$'; then
    fail "loki line not 'value;description'"
  fi
}

formats="rpz unbound nft zeek-intel loki yara suricata sigma"

# Negative controls: each checker must reject a broken file, or passing means nothing.
printf '$TTL 300\n@ IN SOA a. b. 1 1 1 1 1\nbad..name CNAME .\n' >"$work/bad.rpz"
! named-checkzone -q rpz.shrike "$work/bad.rpz" || fail "named-checkzone accepted a bad zone"
printf 'table inet t {\n  set s { type ipv4_addr; elements = { 300.1.1.1 } }\n}\n' >"$work/bad.nft"
! nft -c -f "$work/bad.nft" 2>/dev/null || fail "nft -c accepted a bad address"
printf 'rule x { condition: hash.sha256(0, filesize) == "a" }\n' >"$work/bad.yar"
! yarac "$work/bad.yar" "$work/bad.yc" 2>/dev/null || fail "yarac accepted a rule without import"

for f in $formats; do export_to palmerworm "$f" "$work/pw/$f"; done
check_all "$work/pw"
grep -q 'Palmerworm' "$work/pw/rpz/shrike.rpz" || fail "rpz lacks the campaign comment"

python3 "$here/gen_export_intel.py" 100000 "$work/big.csv"
for f in $formats; do export_to "$work/big.csv" "$f" "$work/big/$f"; done
check_all "$work/big"
[ "$(grep -c 'CNAME \.$' "$work/big/rpz/shrike.rpz")" -eq 25000 ] ||
  fail "rpz: expected 2 x 12500 domain triggers"
[ -s "$work/big/suricata/shrike-domains.lst" ] || fail "suricata: no domain dataset for 100k"

# Deterministic: a second export is byte-identical.
"$shrike" intel export "$work/big.csv" --to nft -o "$work/again.nft" 2>/dev/null
cmp -s "$work/again.nft" "$work/big/nft/shrike.nft" || fail "nft export not deterministic"
echo "export checkers: all formats accepted"
