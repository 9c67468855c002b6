// Exports hostile indicator values to every format: no crash, no hang, and
// every skipped value is reported. Input: lines "T<value>" where the first
// byte picks the indicator type; the rest of the line is the raw value.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "shrike/export.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto ctx = std::make_shared<shrike::IndicatorContext>();
  shrike::Intel intel;
  std::size_t start = 0;
  while (start < in.size() && intel.indicators.size() < 1000) {
    std::size_t end = in.find('\n', start);
    if (end == std::string_view::npos) end = in.size();
    std::string_view line = in.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    shrike::Indicator ind;
    ind.type = static_cast<shrike::IndicatorType>(static_cast<unsigned char>(line[0]) %
                                                  shrike::kIndicatorTypeCount);
    ind.value = std::string(line.substr(1));
    // Alternate between a context carrying hostile text and none at all.
    if (intel.indicators.size() % 2 == 0) {
      ctx->campaign = ind.value;
      ind.context = ctx;
    }
    intel.indicators.push_back(std::move(ind));
  }
  for (int f = 0; f <= static_cast<int>(shrike::ExportFormat::kSigma); ++f) {
    auto format = static_cast<shrike::ExportFormat>(f);
    shrike::Diagnostics diags;
    auto files = shrike::ExportIntel(intel, format, {}, diags);
    if (files.empty()) __builtin_trap();
    (void)shrike::CombineExport(files, format);
  }
  return 0;
}
