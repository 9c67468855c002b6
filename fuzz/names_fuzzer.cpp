// Fuzzes NameDictionary::AddTsv with the first half of the input and Find
// with the whole input, on top of a few fixed names so that Find has work to
// do even when the TSV does not parse.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shrike/names.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  shrike::NameDictionary dict;
  dict.Add({shrike::IndicatorType::kTool, "PsExec", {"psexec.exe", "PSEXESVC"}});
  dict.Add({shrike::IndicatorType::kActor, "BlackTech", {"Palmerworm", "Inc."}});
  (void)dict.AddTsv(input.substr(0, size / 2), "fuzz.tsv");
  std::size_t last_end = 0;
  for (const shrike::NameMatch& m : dict.Find(input)) {
    // Matches are in order, inside the text and never overlap.
    if (m.begin < last_end || m.end > size || m.begin >= m.end || m.entry == nullptr) {
      __builtin_trap();
    }
    last_end = m.end;
  }
  return 0;
}
