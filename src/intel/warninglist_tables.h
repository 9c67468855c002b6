// Lookup tables behind Warninglists: address parsing, a CIDR table per
// address family and a value -> lists hash map. Each table records which
// lists (by index) hold a value; callers pass a predicate that says whether a
// list applies to the type being looked up, and get the lowest such index.
//
// Not thread-safe while adding; Finalize() after adding, then lookups may run
// concurrently.
#pragma once

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/strings.h"

namespace shrike::intel_internal {

// 128-bit keys for IPv6 (a GCC/Clang extension; g++ 12 is the target).
__extension__ typedef unsigned __int128 U128;

template <typename K>
struct ParsedNet {
  K network = 0;
  int prefix = 0;
};

template <typename K, int kBits>
class CidrTable {
 public:
  static K Mask(K addr, int prefix) {
    if (prefix <= 0) return 0;
    return addr & static_cast<K>(~K{0} << (kBits - prefix));
  }

  void Add(K network, int prefix, std::uint32_t list) {
    buckets_[prefix].push_back({Mask(network, prefix), list});
  }

  void Finalize() {
    for (auto& bucket : buckets_) std::sort(bucket.begin(), bucket.end());
  }

  // The lowest applicable list holding a range of prefix <= max_prefix that
  // contains addr (a network of max_prefix bits is inside a shorter range).
  template <typename Applies>
  std::optional<std::uint32_t> Find(K addr, int max_prefix, Applies&& applies) const {
    std::optional<std::uint32_t> best;
    for (int prefix = 0; prefix <= max_prefix && prefix <= kBits; ++prefix) {
      const auto& bucket = buckets_[prefix];
      if (bucket.empty()) continue;
      Entry key{Mask(addr, prefix), 0};
      for (auto it = std::lower_bound(bucket.begin(), bucket.end(), key);
           it != bucket.end() && it->network == key.network; ++it) {
        if (applies(it->list) && (!best || it->list < *best)) best = it->list;
      }
    }
    return best;
  }

 private:
  struct Entry {
    K network;
    std::uint32_t list;
    bool operator<(const Entry& o) const {
      return network != o.network ? network < o.network : list < o.list;
    }
  };
  std::array<std::vector<Entry>, kBits + 1> buckets_;
};

// Splits "addr/prefix"; a missing prefix means the full length.
inline std::optional<std::pair<std::string, int>> SplitCidr(std::string_view text, int bits) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::make_pair(std::string(text), bits);
  std::string_view digits = text.substr(slash + 1);
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  int prefix = 0;
  for (char c : digits) {
    if (!IsDigit(c)) return std::nullopt;
    prefix = prefix * 10 + (c - '0');
  }
  if (prefix > bits) return std::nullopt;
  return std::make_pair(std::string(text.substr(0, slash)), prefix);
}

// "10.0.0.0/8" or a bare address (full-length prefix). Host bits are masked.
inline std::optional<ParsedNet<std::uint32_t>> ParseIpv4Net(std::string_view text) {
  auto parts = SplitCidr(text, 32);
  in_addr addr{};
  if (!parts || inet_pton(AF_INET, parts->first.c_str(), &addr) != 1) return std::nullopt;
  std::uint32_t host = ntohl(addr.s_addr);
  return ParsedNet<std::uint32_t>{CidrTable<std::uint32_t, 32>::Mask(host, parts->second),
                                  parts->second};
}

inline std::optional<ParsedNet<U128>> ParseIpv6Net(std::string_view text) {
  auto parts = SplitCidr(text, 128);
  in6_addr addr{};
  if (!parts || inet_pton(AF_INET6, parts->first.c_str(), &addr) != 1) return std::nullopt;
  U128 value = 0;
  for (unsigned char byte : addr.s6_addr) value = (value << 8) | byte;
  return ParsedNet<U128>{CidrTable<U128, 128>::Mask(value, parts->second), parts->second};
}

// value -> the lists that hold it, in the order they were loaded.
class KeyedLists {
 public:
  void Add(std::string key, std::uint32_t list) {
    auto& lists = map_[std::move(key)];
    if (lists.empty() || lists.back() != list) lists.push_back(list);
  }

  template <typename Applies>
  std::optional<std::uint32_t> Find(const std::string& key, Applies&& applies) const {
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    for (std::uint32_t list : it->second) {
      if (applies(list)) return list;
    }
    return std::nullopt;
  }

  bool empty() const { return map_.empty(); }

 private:
  std::unordered_map<std::string, std::vector<std::uint32_t>> map_;
};

}  // namespace shrike::intel_internal
