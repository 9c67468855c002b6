// Fuzzes the decompressors (zstd, xz, lzma, bzip2): the first byte picks
// one, the rest is the compressed stream. Every input must end (data, then
// the end or one error) without a crash; output is capped so that a small
// bomb does not stall the run.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "logs/decompress.h"
#include "logs/line_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace shrike::logs_internal;
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  (void)SniffCompression(input);
  static const Compression kinds[] = {Compression::kZstd, Compression::kXz, Compression::kLzma,
                                      Compression::kBzip2};
  MemorySource source(input);
  auto decoder = Decompressor::Make(
      kinds[data[0] % 4], [&](char* b, std::size_t n) { return source.Read(b, n); }, "fuzz.z");
  if (!decoder.ok()) return 0;
  std::string out(4096, '\0');
  std::size_t total = 0;
  for (int steps = 0; steps < 100000 && total < (std::size_t{64} << 20); ++steps) {
    auto n = (*decoder)->Read(out.data(), out.size());
    if (!n.ok() || *n == 0) break;
    if (*n > out.size()) __builtin_trap();
    total += *n;
  }
  return 0;
}
