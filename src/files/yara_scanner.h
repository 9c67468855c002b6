// One worker's YR_SCANNERs over the shared compiled rules (the user's, and
// the internal pe rule): scans a buffer and collects rule matches and the pe
// module's metadata.
#pragma once

#include <yara.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "files/pe_info.h"
#include "shrike/result.h"
#include "shrike/yara.h"

namespace shrike::files {

struct YaraMatch {
  std::string rule;
  std::string ns;
  std::vector<std::string> tags;
  std::vector<std::pair<std::string, std::string>> metas;  // integers and booleans as text
};

struct YaraScanResult {
  std::vector<YaraMatch> matches;  // user rules only
  PeInfo pe;
  bool pe_read = false;  // the pe module ran (its output is in `pe`)
};

struct YaraScannerFree {
  void operator()(YR_SCANNER* s) const { yr_scanner_destroy(s); }
};

// Not thread-safe: one per worker. `rules` outlives it.
class YaraScanner {
 public:
  explicit YaraScanner(const YaraRules& rules);
  bool ok() const { return pe_scanner_ != nullptr; }

  // Scans `data` (the file, or its first bytes) with the user's rules for
  // any file, if any; then, when the data starts with "MZ", with the pe set
  // (skipped when it holds no user rule and the pe metadata is not wanted or
  // was already read by the first scan). `path` and
  // `name` set the external variables. A libyara failure (timeout, too many
  // matches, out of memory) is an Error naming the path; what was found
  // before it is kept in `out`.
  Status Scan(std::span<const std::uint8_t> data, const std::string& path, const std::string& name,
              bool want_pe, YaraScanResult& out);

 private:
  static int OnMessage(YR_SCAN_CONTEXT* context, int message, void* data, void* user);
  Status ScanWith(YR_SCANNER* scanner, std::span<const std::uint8_t> data, const std::string& path,
                  const std::string& name);

  YaraRules rules_;                                          // keeps the compiled sets alive
  std::unique_ptr<YR_SCANNER, YaraScannerFree> scanner_;     // user rules; may be null
  std::unique_ptr<YR_SCANNER, YaraScannerFree> pe_scanner_;  // internal pe rule
  std::span<const std::uint8_t> data_;
  YaraScanResult* out_ = nullptr;
};

// The seconds one file may take before libyara gives up on it.
inline constexpr int kYaraTimeoutSeconds = 120;

}  // namespace shrike::files
