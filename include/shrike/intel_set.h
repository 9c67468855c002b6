// IntelSet: indicators compiled into immutable lookup structures, built once
// and shared read-only by every scanning thread (no locks on lookup).
//
// - digests: per type (md5, sha1, sha256, sha512, imphash, cert-*), exact;
// - domains: exact and as a subdomain of a listed domain, case-insensitive,
//   trailing dot ignored; a listed loop.microsoftmse.com does not match
//   inside.microsoftmse.com, a listed microsoftmse.com matches both;
// - IPv4/IPv6: exact addresses and CIDR ranges (longest-prefix and every
//   covering range reported);
// - urls, emails, filenames, cve, named entities: exact (case-folded where
//   the type is case-insensitive).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "shrike/indicator.h"

namespace shrike {

class IntelSet {
 public:
  IntelSet();
  ~IntelSet();
  IntelSet(IntelSet&&) noexcept;
  IntelSet& operator=(IntelSet&&) noexcept;

  // Takes the indicators (values must be normalised, as every reader does).
  static IntelSet Compile(std::vector<Indicator> indicators);

  std::size_t size() const;
  const std::vector<Indicator>& indicators() const;
  // Whether any indicator of the type is loaded (e.g. which digests to compute).
  bool Has(IndicatorType type) const;

  // Each returns the matching indicators (pointers into indicators()); empty
  // when none. Inputs need not be normalised (case, trailing dot).
  std::vector<const Indicator*> MatchDigest(IndicatorType type, std::string_view hex) const;
  std::vector<const Indicator*> MatchDomain(std::string_view host) const;
  // Text form, v4 or v6 (also v4-mapped v6).
  std::vector<const Indicator*> MatchIp(std::string_view address) const;
  // Binary form: 4 or 16 bytes, network order.
  std::vector<const Indicator*> MatchIpBytes(std::span<const std::uint8_t> address) const;
  std::vector<const Indicator*> MatchValue(IndicatorType type, std::string_view value) const;

  // Approximate heap bytes held (for the memory benchmark).
  std::size_t MemoryUsage() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shrike
