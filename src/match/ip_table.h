// IpTable: IPv4 and IPv6 addresses and CIDR ranges in one table.
//
// Every address is held as 16 bytes, IPv4 as IPv4-mapped IPv6
// (::ffff:a.b.c.d), so 1.2.3.4, ::ffff:1.2.3.4 and ::ffff:0102:0304 are the
// same key and 10.0.0.0/8 is ::ffff:10.0.0.0/104. An exact address is a /128.
// The table maps (network, prefix length) keys to items and remembers which
// prefix lengths occur, so a lookup probes at most once per length present.
// Each length also has a 65536-bit filter over the last 16 bits of its
// networks (bits prefix-16 .. prefix-1), which skips most probes that would
// miss: 100,000 ranges over 15 lengths leave each filter about 10% full.
//
// An IPv4 address is covered only by IPv4 ranges (prefix >= 96 in mapped
// form): ::/0 is "all of IPv6" to the analyst who wrote it, not "all IPv4".
//
// Thread safety: immutable once built; lookups are const and lock-free.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "match/bytes_index.h"

namespace shrike::match {

using IpBytes = std::array<std::uint8_t, 16>;

struct IpNetwork {
  IpBytes address{};  // host bits cleared
  int prefix = 128;   // 0..128, in IPv6 terms
};

// Text form, v4 or v6; std::nullopt when inet_pton rejects it.
std::optional<IpBytes> ParseIpAddress(std::string_view text);
// 4 or 16 bytes in network order.
std::optional<IpBytes> IpFromBytes(std::span<const std::uint8_t> bytes);
// "address/length" (length 0..32 for v4, 0..128 for v6) or a bare address.
std::optional<IpNetwork> ParseIpNetwork(std::string_view text);
bool IsV4Mapped(const IpBytes& address);

class IpTable {
 public:
  class Builder {
   public:
    void Add(const IpNetwork& network, std::uint32_t item);
    IpTable Build() &&;

   private:
    BytesIndex::Builder keys_;
    std::bitset<129> prefixes_;
    std::vector<std::vector<std::uint64_t>> filters_ = std::vector<std::vector<std::uint64_t>>(129);
  };

  // Appends the items of every range covering the address (exact addresses
  // included), longest prefix first.
  void FindCovering(const IpBytes& address, std::vector<std::uint32_t>& out) const;
  // Items stored under exactly this network.
  std::span<const std::uint32_t> FindExact(const IpNetwork& network) const;
  std::size_t MemoryUsage() const;

 private:
  struct Length {
    int prefix = 0;
    std::vector<std::uint64_t> filter;  // 65536 bits
  };

  BytesIndex index_;
  std::vector<Length> lengths_;  // lengths present, longest first
};

}  // namespace shrike::match
