#include "match/ip_table.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace shrike::match {
namespace {

constexpr int kV4MappedPrefix = 96;

// inet_pton needs a NUL-terminated string; no address text is this long.
bool CopyTerminated(std::string_view text, char (&buf)[64]) {
  if (text.empty() || text.size() >= sizeof buf) return false;
  if (text.find('\0') != std::string_view::npos) return false;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  return true;
}

IpBytes MapV4(const std::uint8_t* v4) {
  IpBytes out{};
  out[10] = 0xff;
  out[11] = 0xff;
  std::memcpy(out.data() + 12, v4, 4);
  return out;
}

void ClearHostBits(IpBytes& address, int prefix) {
  std::size_t byte = static_cast<std::size_t>(prefix / 8);
  if (byte >= address.size()) return;
  if (prefix % 8 != 0) address[byte++] &= static_cast<std::uint8_t>(0xff00u >> (prefix % 8));
  std::fill(address.begin() + static_cast<std::ptrdiff_t>(byte), address.end(), 0);
}

// The 16 bits just above the prefix boundary: bits prefix-16 .. prefix-1
// (fewer, zero-extended, for prefixes under 16).
using U128 = unsigned __int128;

U128 AsInteger(const IpBytes& address) {
  U128 bits = 0;
  for (std::uint8_t byte : address) bits = bits << 8 | byte;
  return bits;
}

std::size_t FilterIndex(U128 address, int prefix) {
  if (prefix == 0) return 0;
  return static_cast<std::size_t>(address >> (128 - prefix)) & 0xffff;
}

constexpr std::size_t kFilterWords = 65536 / 64;

bool FilterHas(const std::vector<std::uint64_t>& filter, std::size_t index) {
  return (filter[index / 64] >> (index % 64) & 1) != 0;
}

// The 17-byte key: network then prefix length.
std::string_view NetworkKey(const IpBytes& network, int prefix, char (&key)[17]) {
  std::memcpy(key, network.data(), 16);
  key[16] = static_cast<char>(prefix);
  return std::string_view(key, sizeof key);
}

}  // namespace

bool IsV4Mapped(const IpBytes& a) {
  static constexpr std::uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(a.data(), kPrefix, sizeof kPrefix) == 0;
}

std::optional<IpBytes> ParseIpAddress(std::string_view text) {
  char buf[64];
  if (!CopyTerminated(text, buf)) return std::nullopt;
  std::uint8_t raw[16];
  if (inet_pton(AF_INET, buf, raw) == 1) return MapV4(raw);
  IpBytes v6;
  if (inet_pton(AF_INET6, buf, v6.data()) == 1) return v6;
  return std::nullopt;
}

std::optional<IpBytes> IpFromBytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() == 4) return MapV4(bytes.data());
  if (bytes.size() != 16) return std::nullopt;
  IpBytes out;
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

std::optional<IpNetwork> ParseIpNetwork(std::string_view text) {
  const std::size_t slash = text.find('/');
  std::optional<IpBytes> address = ParseIpAddress(text.substr(0, slash));
  if (!address) return std::nullopt;
  IpNetwork network{*address, 128};
  if (slash == std::string_view::npos) return network;
  const std::string_view digits = text.substr(slash + 1);
  const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  int length = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.size() > 3 ||
      length < 0 || length > (v4 ? 32 : 128)) {
    return std::nullopt;
  }
  network.prefix = v4 ? kV4MappedPrefix + length : length;
  ClearHostBits(network.address, network.prefix);
  return network;
}

void IpTable::Builder::Add(const IpNetwork& network, std::uint32_t item) {
  char key[17];
  keys_.Add(NetworkKey(network.address, network.prefix, key), item);
  prefixes_.set(static_cast<std::size_t>(network.prefix));
  std::vector<std::uint64_t>& filter = filters_[static_cast<std::size_t>(network.prefix)];
  if (filter.empty()) filter.assign(kFilterWords, 0);
  const std::size_t index = FilterIndex(AsInteger(network.address), network.prefix);
  filter[index / 64] |= std::uint64_t{1} << (index % 64);
}

IpTable IpTable::Builder::Build() && {
  IpTable table;
  table.index_ = std::move(keys_).Build();
  for (int prefix = 128; prefix >= 0; --prefix) {
    if (prefixes_.test(static_cast<std::size_t>(prefix))) {
      table.lengths_.push_back({prefix, std::move(filters_[static_cast<std::size_t>(prefix)])});
    }
  }
  return table;
}

void IpTable::FindCovering(const IpBytes& address, std::vector<std::uint32_t>& out) const {
  const int shortest = IsV4Mapped(address) ? kV4MappedPrefix : 0;
  const U128 bits = AsInteger(address);
  char key[17];
  for (const Length& length : lengths_) {
    const int prefix = length.prefix;
    if (prefix < shortest) break;
    if (!FilterHas(length.filter, FilterIndex(bits, prefix))) continue;
    IpBytes network = address;
    ClearHostBits(network, prefix);
    std::span<const std::uint32_t> items = index_.Find(NetworkKey(network, prefix, key));
    out.insert(out.end(), items.begin(), items.end());
  }
}

std::span<const std::uint32_t> IpTable::FindExact(const IpNetwork& network) const {
  char key[17];
  return index_.Find(NetworkKey(network.address, network.prefix, key));
}

std::size_t IpTable::MemoryUsage() const {
  std::size_t bytes = index_.MemoryUsage() + lengths_.capacity() * sizeof(Length);
  for (const Length& length : lengths_) bytes += length.filter.capacity() * sizeof(std::uint64_t);
  return bytes;
}

}  // namespace shrike::match
