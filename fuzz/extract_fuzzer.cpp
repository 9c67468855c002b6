// Fuzz target for the prose indicator extractor: any bytes must extract
// without crashing, hanging or growing without bound, and every indicator
// must point inside the input.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "shrike/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  shrike::ExtractOptions options;
  options.source = "fuzz";
  options.keep_benign = (size % 2) == 1;
  options.unique = (size % 3) != 0;
  shrike::Extraction x = shrike::ExtractIndicators(text, options);
  for (const shrike::Indicator& ind : x.indicators) {
    if (ind.offset > size || ind.value.empty() || ind.line == 0) std::abort();
  }
  (void)shrike::Refang(text.substr(0, 4096));
  return 0;
}
