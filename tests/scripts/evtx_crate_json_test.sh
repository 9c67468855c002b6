#!/bin/sh
# `shrike evtx dump --json` against the evtx crate's JSON beside every .evtx
# of the Sigma regression data. Args: SHRIKE_BINARY SHARED_DIR SOURCE_DIR.
dir="$2/corpora/sigma/regression_data"
if [ ! -d "$dir" ]; then
  echo "skip: $dir is absent"
  exit 77
fi
exec /usr/bin/python3 "$3/tests/scripts/evtx_compare.py" crate "$1" "$dir"
