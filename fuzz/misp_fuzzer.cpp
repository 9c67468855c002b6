// Fuzzes ReadMisp, and checks that what it reads survives WriteMisp and a
// second read with the same indicators.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "shrike/intel_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string file = "fuzz.json";
  shrike::Diagnostics diags;
  auto intel = shrike::ReadMisp(input, file, diags);
  (void)shrike::DetectIntelFormat(file, input);
  if (!intel.ok()) return 0;
  shrike::Diagnostics again_diags;
  auto again = shrike::ReadMisp(shrike::WriteMisp(*intel), file, again_diags);
  if (!again.ok() || again->indicators.size() != intel->indicators.size()) __builtin_trap();
  for (std::size_t i = 0; i < again->indicators.size(); ++i) {
    const auto& a = intel->indicators[i];
    const auto& b = again->indicators[i];
    if (a.type != b.type || a.value != b.value || !(a.ctx() == b.ctx())) __builtin_trap();
  }
  return 0;
}
