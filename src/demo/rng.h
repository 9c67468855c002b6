// The demo's random source: std::mt19937_64 (its output sequence is fixed by
// the standard) with our own range reduction, because the standard
// distributions differ between library implementations. Same seed, same
// estate, on every platform.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace shrike::demo_internal {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t Next() { return engine_(); }
  // Uniform in [0, n) (n > 0); the bias is below 2^-40 for the n we use.
  std::uint64_t Below(std::uint64_t n) { return n == 0 ? 0 : Next() % n; }
  // Uniform in [lo, hi].
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  bool Chance(int percent) { return Below(100) < static_cast<std::uint64_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }
  std::string Bytes(std::size_t n) {
    std::string out(n, '\0');
    for (std::size_t i = 0; i < n; i += 8) {
      std::uint64_t v = Next();
      for (std::size_t j = 0; j < 8 && i + j < n; ++j) out[i + j] = static_cast<char>(v >> (8 * j));
    }
    return out;
  }
  std::string Hex(std::size_t digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < digits; ++i) out.push_back(kHex[Below(16)]);
    return out;
  }
  // A child generator for one part of the estate, so that adding records in
  // one place does not shift every later value.
  Rng Fork(std::string_view label) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (char c : label) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return Rng(Next() ^ h);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace shrike::demo_internal
