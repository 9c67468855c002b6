// Deterministic synthetic intel for the benchmarks: the same (count, seed)
// always gives the same indicators, so runs on different machines or commits
// measure the same input.
//
// Mix (by share of indicators): 40% sha256, 15% md5, 10% sha1, 15% domain,
// 10% ipv4, 3% ipv6, 2% cidr, 5% url. Values are already normalised, as a
// reader would leave them; every 64 indicators share one of a few contexts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "shrike/indicator.h"

namespace shrike::bench {

// splitmix64: tiny, fast and identical on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  std::uint64_t Below(std::uint64_t n) { return Next() % n; }

 private:
  std::uint64_t state_;
};

std::string RandomHex(Rng& rng, int digits);
std::string RandomDomain(Rng& rng);
std::string RandomIpv4(Rng& rng);

Intel GenerateIntel(std::size_t count, std::uint64_t seed = 1);

}  // namespace shrike::bench
