#!/bin/bash
# Validates the STIX 2.1 bundles Shrike writes against the official OASIS JSON
# schemas (python3-jsonschema, $refs resolved to the local schema files).
#
# usage: stix_schema_test.sh SHRIKE_BINARY SHARED_DIR SOURCE_DIR
# Bundles: `intel convert palmerworm --to stix`, `intel convert` of a CSV with
# every indicator type, and (when the gtest binary is beside the CLI) the
# round-trip bundle of tests/stix_test.cpp, which holds every entity kind.
# Exit 77 (skip) when SHARED_DIR/corpora is absent.
set -u
shopt -s nullglob
bin=$1 shared=$2 src=$3
schemas=$shared/corpora/stix2-json-schemas/schemas
if [ ! -d "$shared/corpora" ] || [ ! -d "$schemas" ]; then
  echo "SKIP: $schemas is absent"
  exit 77
fi
# Debian's python3-jsonschema / python3-antlr4 live with /usr/bin/python3.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
convert() {  # convert SOURCE OUT
  if ! "$bin" intel convert "$1" --to stix -o "$2"; then
    echo "FAIL: shrike intel convert $1 --to stix exited non-zero"
    status=1
  fi
}
convert palmerworm "$tmp/palmerworm.json"
convert "$src/tests/data/stix/every_type.csv" "$tmp/every_type.json"

# The gtest binary writes the same bundles from the library directly (and the
# round-trip bundle with every entity kind), so the schemas and the grammar
# check the writer even where the CLI fails.
tests_bin=$(dirname "$bin")/tests/shrike_tests
if [ -x "$tests_bin" ]; then
  mkdir -p "$tmp/gtest" && SHRIKE_STIX_OUT=$tmp/gtest "$tests_bin" --gtest_filter='Stix.RoundTrips*:Stix.Export*' \
    >/dev/null || { echo "FAIL: $tests_bin (round trip)"; status=1; }
fi

bundles=("$tmp"/*.json "$tmp"/gtest/*.json)
if [ ${#bundles[@]} -eq 0 ]; then
  echo "FAIL: no bundle was written"
  exit 1
fi
"$py" -W ignore::DeprecationWarning "$src/tests/scripts/stix_validate.py" "$schemas" "${bundles[@]}" ||
  status=1
exit $status
