// Matching the values of one Event against an IntelSet: by the field table of
// its dialect, or by the look of each value, or token by token for text.
#pragma once

#include <optional>

#include <string>
#include <string_view>
#include <vector>

#include "shrike/finding.h"
#include "shrike/hunt.h"
#include "shrike/intel_set.h"

namespace shrike::logs_internal {

class ValueMatcher {
 public:
  ValueMatcher(const IntelSet& intel, std::vector<Enrichment>& out) : intel_(intel), out_(out) {}

  // An address, digest, URL or domain, whichever the value looks like.
  void ByLook(std::string_view value, const std::string& field);
  // Sysmon "SHA256=..,MD5=..": each digest under ecs_prefix + ".sha256".
  void Hashes(std::string_view value, const std::string& ecs_prefix);
  void Filename(std::string_view value, const std::string& field);
  void Url(std::string_view value, const std::string& field);
  // Free text: every token (and URL) looked up; tokens end at characters
  // that cannot be part of an address, domain or digest.
  void Text(std::string_view text, const std::string& field);

 private:
  void Add(std::string_view atomic, const std::string& field,
           const std::vector<const Indicator*>& hits);
  void Token(std::string_view token, const std::string& field);

  const IntelSet& intel_;
  std::vector<Enrichment>& out_;
};

// The file digest type of a hex string of this length (md5, sha1, sha256,
// sha512), if any.
std::optional<IndicatorType> DigestTypeOfLength(std::size_t size);

}  // namespace shrike::logs_internal
