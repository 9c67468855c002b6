// Fuzzes format detection and the plain and signature-base list readers:
// every list format is tried on every input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "shrike/intel_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string file = "fuzz-c2.txt";
  (void)shrike::DetectIntelFormat(file, input);
  for (shrike::IntelFormat format :
       {shrike::IntelFormat::kList, shrike::IntelFormat::kLokiHash, shrike::IntelFormat::kLokiC2,
        shrike::IntelFormat::kLokiFilename}) {
    shrike::Diagnostics diags;
    auto intel = shrike::ReadList(input, file, format, diags);
    if (!intel.ok()) __builtin_trap();  // list readers skip bad lines, never fail
    for (const auto& ind : intel->indicators) {
      if (ind.value.empty() || ind.context == nullptr || ind.offset > size) __builtin_trap();
    }
  }
  return 0;
}
