// gen_indicators COUNT OUT.csv [SEED]: writes COUNT synthetic indicators as
// the CSV that `shrike intel convert --to csv` writes (WriteCsv), for the
// load benchmark. Same COUNT and SEED, same bytes.
#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include "indicator_gen.h"
#include "shrike/intel_io.h"
#include "shrike/io.h"

namespace {

bool ParseCount(std::string_view text, std::uint64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t count = 0;
  std::uint64_t seed = 1;
  if (argc < 3 || argc > 4 || !ParseCount(argv[1], count) ||
      (argc == 4 && !ParseCount(argv[3], seed))) {
    std::fprintf(stderr, "usage: gen_indicators COUNT OUT.csv [SEED]\n");
    return 2;
  }
  const shrike::Intel intel = shrike::bench::GenerateIntel(count, seed);
  shrike::Status written = shrike::WriteFile(argv[2], shrike::WriteCsv(intel));
  if (!written.ok()) {
    std::fprintf(stderr, "gen_indicators: %s\n", written.error().ToString().c_str());
    return 1;
  }
  return 0;
}
