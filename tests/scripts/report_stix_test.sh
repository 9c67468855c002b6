#!/bin/bash
# `shrike report --stix` on the golden cases: the bundle validates against the
# official STIX 2.1 JSON schemas (stix_validate.py), and every sighting's
# where_sighted_refs names an identity of the bundle.
#
# usage: report_stix_test.sh SHRIKE_BINARY SHARED_DIR SOURCE_DIR
# Exit 77 (skip) when SHARED_DIR/corpora/stix2-json-schemas is absent.
set -u
bin=$1 shared=$2 src=$3
schemas=$shared/corpora/stix2-json-schemas/schemas
if [ ! -d "$schemas" ]; then
  echo "SKIP: $schemas is absent"
  exit 77
fi
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for case in palmerworm hostile; do
  dir=$src/tests/golden/report/$case
  assets=()
  [ -f "$dir/assets.csv" ] && assets=(--assets "$dir/assets.csv")
  if ! "$bin" report "$dir"/*.ndjson "${assets[@]}" --intel palmerworm --stix "$tmp/$case.json" \
      -q 2>/dev/null; then
    echo "FAIL: shrike report ($case) exited non-zero"
    status=1
  fi
done
"$py" -W ignore::DeprecationWarning "$src/tests/scripts/stix_validate.py" "$schemas" "$tmp"/*.json ||
  status=1
"$py" - "$tmp"/*.json <<'PY' || status=1
import json, sys
bad = 0
for path in sys.argv[1:]:
    objects = json.load(open(path, encoding="utf-8"))["objects"]
    ids = {o["id"]: o["type"] for o in objects}
    sightings = [o for o in objects if o["type"] == "sighting"]
    if not sightings:
        print(f"FAIL: {path}: no sighting"); bad = 1
    for s in sightings:
        for ref in s["where_sighted_refs"]:
            if ids.get(ref) != "identity":
                print(f"FAIL: {path}: {s['id']} where_sighted_refs {ref} is not an identity"); bad = 1
        if s["sighting_of_ref"] not in ids:
            print(f"FAIL: {path}: {s['id']} sighting_of_ref is not in the bundle"); bad = 1
        if "first_seen" in s and s.get("last_seen", s["first_seen"]) < s["first_seen"]:
            print(f"FAIL: {path}: {s['id']} last_seen before first_seen"); bad = 1
sys.exit(bad)
PY
exit $status
