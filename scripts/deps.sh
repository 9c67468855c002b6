#!/usr/bin/env bash
# Installs every Debian 12 package Shrike builds, tests, benchmarks and fuzzes
# with. Idempotent: does nothing when all are present. Uses sudo when not root.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev clang-format ccache
  # libraries (DESIGN.md)
  libssl-dev libvectorscan-dev libsimdjson-dev libyaml-cpp-dev libyara-dev
  libicu-dev libidn2-dev libpsl-dev publicsuffix libarchive-dev libsqlite3-dev zlib1g-dev
  libcli11-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
  # independent checkers used by tests: STIX JSON schemas, STIX pattern grammar
  python3 python3-jsonschema python3-yaml antlr4 python3-antlr4 default-jre-headless
  # export checkers (tests/scripts/export_checkers_test.sh)
  bind9-utils unbound nftables yara
  # benchmarks
  hyperfine ripgrep
  hashdeep
  # test binaries: PE files built with mingw-w64 and signed with osslsigncode
  gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 osslsigncode
  # EVTX reference reader (libevtx) and the browser that renders the HTML report
  libevtx-utils chromium
  # compressed logs and archives beyond gzip
  libzstd-dev libbz2-dev liblzma-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
