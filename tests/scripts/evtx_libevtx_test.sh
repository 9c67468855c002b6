#!/bin/sh
# `shrike evtx dump` against `evtxexport -f xml` (libevtx-utils) on the EVTX
# attack samples. Args: SHRIKE_BINARY SHARED_DIR SOURCE_DIR.
dir="$2/corpora/evtx-attack-samples"
if [ ! -d "$dir" ]; then
  echo "skip: $dir is absent"
  exit 77
fi
if ! command -v evtxexport >/dev/null 2>&1; then
  echo "skip: evtxexport (libevtx-utils) is not installed"
  exit 77
fi
exec /usr/bin/python3 "$3/tests/scripts/evtx_compare.py" libevtx "$1" "$dir"
