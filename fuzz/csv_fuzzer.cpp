// Fuzzes the CSV tokenizer and ReadCsv, and checks that what ReadCsv reads
// survives WriteCsv and a second read unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "intel/csv.h"
#include "shrike/intel_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string file = "fuzz.csv";
  shrike::intel_internal::CsvTokenizer tokenizer(input, file);
  shrike::intel_internal::CsvRecord record;
  std::size_t records = 0;
  while (true) {
    auto more = tokenizer.Next(record);
    if (!more.ok() || !*more) break;
    if (++records > size + 1) __builtin_trap();  // every record consumes input
  }
  shrike::Diagnostics diags;
  auto intel = shrike::ReadCsv(input, file, diags);
  if (!intel.ok()) return 0;
  shrike::Diagnostics again_diags;
  auto again = shrike::ReadCsv(shrike::WriteCsv(*intel), file, again_diags);
  if (!again.ok() || again->indicators.size() != intel->indicators.size()) __builtin_trap();
  for (std::size_t i = 0; i < again->indicators.size(); ++i) {
    const auto& a = intel->indicators[i];
    const auto& b = again->indicators[i];
    if (a.type != b.type || a.value != b.value) __builtin_trap();
  }
  return 0;
}
