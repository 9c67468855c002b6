// Fuzzes ReadStix. Beyond "no crash, no leak, bounded": whatever it reads must
// survive WriteStix and read back without an error (the writer's output is
// always a valid bundle).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shrike/intel_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  shrike::Diagnostics diags;
  auto intel = shrike::ReadStix(text, "fuzz.json", diags);
  if (!intel.ok()) return 0;
  std::string bundle = shrike::WriteStix(*intel);
  shrike::Diagnostics again_diags;
  auto again = shrike::ReadStix(bundle, "fuzz-rewritten.json", again_diags);
  if (!again.ok()) std::abort();
  return 0;
}
