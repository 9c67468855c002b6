#!/usr/bin/env bash
# A real Authenticode-signed PE from Debian: shimx64.efi.signed of the
# shim-signed package (taken with `apt-get download` + `dpkg -x`, not
# installed). The sweep must report its Microsoft signers, and their SHA-1 and
# SHA-256 thumbprints must equal what the openssl CLI computes from the
# certificate table (cut out of the file by a few lines of Python).
# Skips (77) when apt cannot download the package (no mirror) or a tool is absent.
# Usage: sweep_shim_signed_test.sh SHRIKE SHARED_DIR SOURCE_DIR
set -euo pipefail
SHRIKE=$1
for tool in apt-get dpkg openssl; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
if ! timeout 120 apt-get download shim-signed >apt.log 2>&1; then
  echo "SKIP: apt-get download shim-signed failed (no Debian mirror?):"; tail -3 apt.log
  exit 77
fi
dpkg -x shim-signed_*.deb pkg
EFI=pkg/usr/lib/shim/shimx64.efi.signed
[ -f "$EFI" ] || { echo "FAIL: $EFI not in the package"; exit 1; }

# Independent thumbprints: every certificate of every WIN_CERTIFICATE entry.
/usr/bin/python3 - "$EFI" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
pe = struct.unpack_from("<I", data, 0x3C)[0]
magic = struct.unpack_from("<H", data, pe + 24)[0]
dirs = pe + 24 + (96 if magic == 0x10B else 112)
off, size = struct.unpack_from("<II", data, dirs + 4 * 8)
pos, n = off, 0
while pos + 8 <= off + size:
    length, rev, typ = struct.unpack_from("<IHH", data, pos)
    if length <= 8:
        break
    open("sig%d.der" % n, "wb").write(data[pos + 8:pos + length])
    n += 1
    pos += (length + 7) & ~7
PY
: > expected.txt
for sig in sig*.der; do
  openssl pkcs7 -inform DER -in "$sig" -print_certs -out "$sig.pem"
  csplit -s -z -f "$sig.cert." "$sig.pem" '/-----BEGIN CERTIFICATE-----/' '{*}'
  for cert in "$sig".cert.*; do
    grep -q "BEGIN CERTIFICATE" "$cert" || continue
    for d in sha1 sha256; do
      openssl x509 -in "$cert" -noout -fingerprint -$d | sed 's/.*=//; s/://g' | tr A-F a-f >> expected.txt
    done
  done
done

printf 'import "pe"\nrule signed_pe { condition: pe.number_of_signatures > 0 }\n' > signed.yar
status=0
"$SHRIKE" sweep pkg --intel palmerworm --yara signed.yar -o findings.ndjson 2>err.txt || status=$?
[ "$status" = 1 ] || { echo "FAIL: exit $status (expected 1: findings)"; cat err.txt; exit 1; }

/usr/bin/python3 - findings.ndjson expected.txt <<'PY'
import json, sys
findings = [json.loads(l) for l in open(sys.argv[1])]
expected = set(open(sys.argv[2]).read().split())
shim = [f for f in findings if f["file"]["name"] == "shimx64.efi.signed"]
assert len(shim) == 1, "one finding for the shim, got %d" % len(shim)
cs = shim[0]["file"]["code_signature"]
as_list = lambda v: v if isinstance(v, list) else [v]
assert cs["exists"] == "true", cs
subjects = as_list(cs["subject_name"])
assert any("CN=Microsoft Windows UEFI Driver Publisher" in s for s in subjects), subjects
issuers = as_list(shim[0]["file"]["x509"]["issuer"]["distinguished_name"])
assert any("O=Microsoft Corporation" in i and "UEFI CA" in i for i in issuers), issuers
got = as_list(cs["thumbprint_sha1"]) + as_list(cs["thumbprint_sha256"])
missing = [t for t in got if t not in expected]
assert not missing, "thumbprints openssl does not know: %s" % missing
assert len(as_list(cs["thumbprint_sha256"])) == len(subjects), "a SHA-256 per signer"
print("ok: %d signers: %s" % (len(subjects), "; ".join(subjects)))
PY
