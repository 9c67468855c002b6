#!/usr/bin/env bash
# The palmerworm Sigma pack on real attack logs (evtx-attack-samples): the
# PsExec samples fire PsExec rules, DE_sysmon-3-rdp-tun.evtx fires the plink
# tunnelling rule. The .evtx files are read by Shrike's own EVTX reader.
# Usage: sigma_attack_samples_test.sh SHRIKE SHARED_DIR SOURCE_DIR
set -euo pipefail
SHRIKE=$1
SAMPLES=$2/corpora/evtx-attack-samples
SOURCE=$3
if [ ! -d "$SAMPLES" ]; then echo "corpus $SAMPLES absent; skipping"; exit 77; fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

events() {  # the file `shrike hunt` reads: the EVTX itself
  echo "$1"
}

fired() {  # rule ids fired by the palmerworm pack on an EVTX
  local rc=0
  "$SHRIKE" hunt "$(events "$1")" --sigma palmerworm >"$WORK/out.ndjson" 2>"$WORK/err" || rc=$?
  if [ "$rc" -ne 1 ]; then echo "FAIL: exit $rc on $1"; cat "$WORK/err"; exit 1; fi
  grep -o '"rule":{"ruleset":"sigma","id":"[^"]*"' "$WORK/out.ndjson" | sed 's/.*"id":"//; s/"$//' | sort -u
}

PIPE=5b1f4c8e-2d7a-4e39-b6c1-9a0e3f7d2c11
REMOTE=9d3e7a21-4c6b-4f0e-a8d2-6b5c1e0f9a33
SERVICE_REG=0e4a6c8d-2b1f-4d3a-9e5c-7a9b1d3f5e0c
PLINK=6c0e4a8b-2f1d-4b3e-9c5a-7d9f1b3e5c66

expect() {  # expect FILE RULE_ID...
  local file=$1; shift
  local got; got=$(fired "$SAMPLES/$file")
  for id in "$@"; do
    if ! grep -qx "$id" <<<"$got"; then
      echo "FAIL: $file did not fire $id (fired: $got)"; exit 1
    fi
  done
  echo "ok: $file fired $*"
}

expect "Privilege Escalation/sysmon_privesc_psexec_dwell.evtx" "$PIPE" "$REMOTE"
expect "Lateral Movement/LM_sysmon_psexec_smb_meterpreter.evtx" "$SERVICE_REG"
expect "Command and Control/DE_sysmon-3-rdp-tun.evtx" "$PLINK"
# And nothing of the pack on an unrelated sample.
rc=0
"$SHRIKE" hunt "$(events "$SAMPLES/Command and Control/DE_RDP_Tunneling_4624.evtx")" \
  --sigma palmerworm >"$WORK/none.ndjson" 2>/dev/null || rc=$?
if [ "$rc" -ne 0 ] || [ -s "$WORK/none.ndjson" ]; then
  echo "FAIL: the pack fired on 4624 logons (exit $rc)"; exit 1
fi
echo "ok: nothing on DE_RDP_Tunneling_4624.evtx"
