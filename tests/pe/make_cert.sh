#!/bin/bash
# Makes a test CA and a code-signing certificate it issued (serial
# 0x5a17c0de01) in the current folder: ca.crt, signer.key, signer.crt and
# chain.pem (signer then CA) for osslsigncode. EC P-256 keeps signatures small.
set -euo pipefail
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout ca.key -out ca.crt -days 3650 -subj "/CN=Shrike Test CA/O=Shrike Tests" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout signer.key -out signer.csr -subj "/CN=Shrike Test Signer/O=Stolen Cert Ltd" 2>/dev/null
printf 'extendedKeyUsage=codeSigning\nkeyUsage=digitalSignature\n' > signer.ext
openssl x509 -req -in signer.csr -CA ca.crt -CAkey ca.key -set_serial 0x5a17c0de01 \
  -days 3650 -extfile signer.ext -out signer.crt 2>/dev/null
cat signer.crt ca.crt > chain.pem
