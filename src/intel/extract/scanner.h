// The indicator scanner: one left-to-right pass over clean (folded and
// refanged) text that finds every candidate indicator. No regex, no
// backtracking: each byte is looked at a bounded number of times.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "intel/extract/refang.h"
#include "shrike/indicator.h"

namespace shrike::extract {

// A candidate indicator in the clean text; its value is not yet normalised.
struct Candidate {
  IndicatorType type = IndicatorType::kDomain;
  std::string value;
  std::size_t begin = 0;  // [begin, end) in the clean text
  std::size_t end = 0;
  bool defanged = false;  // a refang rule wrote part of it
};

// Finds hashes (md5, sha1, sha256, sha512), domains, IPv4, IPv6, CIDR, URLs
// (and their hosts), emails (and their domains), CVE ids, ATT&CK technique
// ids and vendor detection names (Backdoor.X, Trojan.Gen.2, ...) in `text`,
// in order of position. Linear in the text.
std::vector<Candidate> ScanIndicators(std::string_view text, const DefangSpans& defanged);

}  // namespace shrike::extract
