// Fuzzes the MISP warninglist loader, then looks the input's own text up as
// every indicator type: neither may crash, hang or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shrike/warninglist.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  shrike::Warninglists lists = shrike::Warninglists::Builtin();
  shrike::Diagnostics diags;
  (void)lists.LoadMispList(input, "fuzz.json", diags);
  std::string_view probe = input.substr(0, 256);
  for (int t = 0; t < shrike::kIndicatorTypeCount; ++t) {
    (void)lists.Match(static_cast<shrike::IndicatorType>(t), probe);
  }
  return 0;
}
