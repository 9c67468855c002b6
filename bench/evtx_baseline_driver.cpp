// Driver for before/after EVTX benchmarks (bench/evtx_bench.sh, EVTX_BASELINE):
// the reader of an older commit, same modes as `shrike evtx dump`.
//   usage: DRIVER --count|--xml|--json THREADS FILE
// Build (not part of the CMake build), e.g. for commit 7a63994:
//   mkdir /tmp/evtx-old && git archive 7a63994 src/evtx include | tar -x -C /tmp/evtx-old
//   cp bench/evtx_baseline_driver.cpp /tmp/evtx-old/ && cd /tmp/evtx-old
//   for f in src/evtx/*.cpp evtx_baseline_driver.cpp; do
//     g++ -std=c++20 -O3 -DNDEBUG -Iinclude -Isrc -c "$f" -o "$(basename "$f" .cpp).o"; done
//   g++ *.o $REPO/build/libshrike.a $(pkg-config --libs icu-uc icu-i18n libidn2 libpsl \
//     simdjson openssl libhs zlib yaml-cpp yara libarchive sqlite3) -lpthread -o shrike-evtx-old
// (the old objects come first, so the archive supplies only the non-EVTX code).
#include <cstdio>
#include <cstring>
#include <string>
#include "shrike/evtx.h"
using namespace shrike;
int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s --count|--xml|--json THREADS FILE\n", argv[0]);
    return 2;
  }
  std::string mode = argv[1];
  EvtxOptions o;
  o.threads = static_cast<unsigned>(std::stoul(argv[2]));
  Diagnostics d;
  if (mode == "--count") {
    o.format = EvtxFormat::kEvent;
    unsigned long long n = 0, f = 0;
    (void)ReadEvtx(
        argv[3], o,
        [&](const EvtxRecord& r) {
          ++n;
          f += r.event.fields.size();
        },
        d);
    std::printf("%llu records, %llu fields\n", n, f);
  } else {
    o.format = mode == "--xml" ? EvtxFormat::kXml : EvtxFormat::kJson;
    (void)DumpEvtx(argv[3], o, stdout, d);
  }
}
