// Fuzzes ReadJsonIntel, and checks that the format is lossless on whatever it
// accepts: writing what was read and reading it again gives the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "shrike/intel_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string file = "fuzz.json";
  shrike::Diagnostics diags;
  auto intel = shrike::ReadJsonIntel(input, file, diags);
  if (!intel.ok()) return 0;
  std::string written = shrike::WriteJsonIntel(*intel);
  shrike::Diagnostics again_diags;
  auto again = shrike::ReadJsonIntel(written, file, again_diags);
  if (!again.ok() || shrike::WriteJsonIntel(*again) != written) __builtin_trap();
  return 0;
}
