// IntelSet fuzzer. Input lines "+TYPE VALUE" add an indicator (normalised
// as a reader would); every other line "TYPE VALUE" is looked up by every
// Match* function. Checks that nothing crashes and that each normalised
// indicator finds itself through MatchValue.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/intel_set.h"

namespace {

constexpr std::size_t kMaxLines = 2000;

struct Line {
  bool add = false;
  shrike::IndicatorType type = shrike::IndicatorType::kDomain;
  std::string_view value;
};

std::vector<Line> SplitLines(std::string_view input) {
  std::vector<Line> lines;
  while (!input.empty() && lines.size() < kMaxLines) {
    std::string_view line = input.substr(0, input.find('\n'));
    input.remove_prefix(std::min(input.size(), line.size() + 1));
    Line parsed;
    parsed.add = !line.empty() && line[0] == '+';
    if (parsed.add) line.remove_prefix(1);
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    auto type = shrike::ParseIndicatorType(line.substr(0, space));
    if (!type) continue;
    parsed.type = *type;
    parsed.value = line.substr(space + 1);
    lines.push_back(parsed);
  }
  return lines;
}

void LookUp(const shrike::IntelSet& set, const Line& line) {
  (void)set.MatchValue(line.type, line.value);
  (void)set.MatchDigest(line.type, line.value);
  (void)set.MatchDomain(line.value);
  (void)set.MatchIp(line.value);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(line.value.data());
  (void)set.MatchIpBytes(std::span(bytes, std::min<std::size_t>(line.value.size(), 16)));
  (void)set.Has(line.type);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<Line> lines =
      SplitLines(std::string_view(reinterpret_cast<const char*>(data), size));
  std::vector<shrike::Indicator> indicators;
  for (const Line& line : lines) {
    if (!line.add) continue;
    shrike::Result<std::string> value = shrike::NormalizeValue(line.type, line.value);
    if (!value.ok()) continue;
    shrike::Indicator& indicator = indicators.emplace_back();
    indicator.type = line.type;
    indicator.value = std::move(*value);
  }
  const shrike::IntelSet set = shrike::IntelSet::Compile(std::move(indicators));
  for (const shrike::Indicator& indicator : set.indicators()) {
    const auto matches = set.MatchValue(indicator.type, indicator.value);
    if (std::find(matches.begin(), matches.end(), &indicator) == matches.end()) std::abort();
  }
  for (const Line& line : lines) LookUp(set, line);
  (void)set.MemoryUsage();
  return 0;
}
