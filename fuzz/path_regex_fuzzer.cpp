// Fuzzes the filename-regex compiler and matcher: each input line is a
// pattern (as a filename-iocs list would give it); the set is compiled into
// one Vectorscan database (bad patterns are warnings) and the whole input is
// matched as a path.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "files/path_regex.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // pattern compile time grows with length
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto ctx = std::make_shared<shrike::IndicatorContext>();
  ctx->confidence = 70;
  ctx->tags = {"false-positive-regex=legit"};
  std::vector<shrike::Indicator> indicators;
  for (std::size_t start = 0; start <= input.size() && indicators.size() < 32;) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(start, end - start);
    if (!line.empty() && line.find('\0') == std::string_view::npos) {
      shrike::Indicator ind;
      ind.type = shrike::IndicatorType::kFilenameRegex;
      ind.value = std::string(line);
      ind.context = ctx;
      indicators.push_back(std::move(ind));
    }
    start = end + 1;
  }
  shrike::IntelSet intel = shrike::IntelSet::Compile(std::move(indicators));
  shrike::Diagnostics diags;
  auto set = shrike::files::PathRegexSet::Compile(intel, diags);
  shrike::files::PathRegexMatcher matcher(set);
  std::vector<shrike::files::Hit> hits;
  matcher.Match(input, hits);
  for (const auto& hit : hits) {
    if (hit.score < 0 || hit.score > 100 || hit.indicator == nullptr) __builtin_trap();
  }
  return 0;
}
