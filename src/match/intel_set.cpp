#include "shrike/intel_set.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_set>

#include "match/bytes_index.h"
#include "match/fold.h"
#include "match/ip_table.h"

namespace shrike {
namespace {

using match::BytesIndex;

bool IsIpType(IndicatorType type) {
  return type == IndicatorType::kIpv4 || type == IndicatorType::kIpv6 ||
         type == IndicatorType::kCidr;
}

// The key of a value of a non-IP type, as both Compile and the lookups use it.
bool AppendKey(IndicatorType type, std::string_view value, std::string& out) {
  if (match::DigestBytes(type) != 0) return match::AppendDigestKey(type, value, out);
  return match::AppendTextKey(type, value, out);
}

bool ValidType(IndicatorType type) {
  return static_cast<std::size_t>(type) < static_cast<std::size_t>(kIndicatorTypeCount);
}

std::size_t HeapBytes(const std::string& s) {
  // libstdc++ keeps up to 15 characters inline.
  return s.capacity() > 15 ? s.capacity() + 1 : 0;
}

std::size_t ContextBytes(const IndicatorContext& c) {
  std::size_t bytes = sizeof(IndicatorContext) + 32;  // control block of make_shared
  for (const std::string* s :
       {&c.campaign, &c.actor, &c.malware_family, &c.tool, &c.source, &c.description}) {
    bytes += HeapBytes(*s);
  }
  for (const std::vector<std::string>* list : {&c.aliases, &c.tags}) {
    bytes += list->capacity() * sizeof(std::string);
    for (const std::string& s : *list) bytes += HeapBytes(s);
  }
  return bytes;
}

// Indicators, their strings and each distinct context once.
std::size_t IndicatorBytes(const std::vector<Indicator>& indicators) {
  std::size_t bytes = indicators.capacity() * sizeof(Indicator);
  std::unordered_set<const IndicatorContext*> seen;
  const IndicatorContext* previous = nullptr;
  for (const Indicator& indicator : indicators) {
    bytes += HeapBytes(indicator.value) + HeapBytes(indicator.benign);
    const IndicatorContext* context = indicator.context.get();
    if (context == nullptr || context == previous) continue;
    previous = context;
    if (seen.insert(context).second) bytes += ContextBytes(*context);
  }
  return bytes + seen.size() * 3 * sizeof(void*);
}

}  // namespace

// Immutable after Compile: every member is written once there and only read
// afterwards, which is what makes concurrent const lookups safe.
struct IntelSet::Impl {
  std::vector<Indicator> indicators;
  std::array<std::size_t, kIndicatorTypeCount> counts{};
  // Digest types keyed by binary digest; domain and text types by folded text.
  std::array<BytesIndex, kIndicatorTypeCount> by_type;
  match::IpTable ips;  // ipv4, ipv6 and cidr indicators
  std::size_t indicator_bytes = 0;

  // A moved-from IntelSet behaves as an empty one.
  static const Impl& Of(const std::unique_ptr<Impl>& impl) {
    static const Impl kEmpty;
    return impl ? *impl : kEmpty;
  }
  std::vector<const Indicator*> Pointers(std::span<const std::uint32_t> items) const {
    std::vector<const Indicator*> out;
    out.reserve(items.size());
    for (std::uint32_t item : items) out.push_back(&indicators[item]);
    return out;
  }
  std::vector<const Indicator*> Find(IndicatorType type, std::string_view value) const {
    std::string key;
    if (!ValidType(type) || !AppendKey(type, value, key)) return {};
    return Pointers(by_type[static_cast<std::size_t>(type)].Find(key));
  }
};

IntelSet::IntelSet() : impl_(std::make_unique<Impl>()) {}
IntelSet::~IntelSet() = default;
IntelSet::IntelSet(IntelSet&&) noexcept = default;
IntelSet& IntelSet::operator=(IntelSet&&) noexcept = default;

namespace {

using Builders = std::array<BytesIndex::Builder, kIndicatorTypeCount>;

// Counts the indicators of each type and sizes the builders from them, so
// that no key blob is regrown while a million keys go in.
void CountAndReserve(const std::vector<Indicator>& indicators, std::size_t n,
                     std::array<std::size_t, kIndicatorTypeCount>& counts, Builders& builders) {
  std::array<std::size_t, kIndicatorTypeCount> bytes{};
  for (std::size_t i = 0; i < n; ++i) {
    const Indicator& indicator = indicators[i];
    if (!ValidType(indicator.type)) continue;
    const auto t = static_cast<std::size_t>(indicator.type);
    ++counts[t];
    bytes[t] += indicator.value.size();
  }
  for (std::size_t t = 0; t < builders.size(); ++t) {
    const std::size_t digest = match::DigestBytes(static_cast<IndicatorType>(t));
    builders[t].Reserve(counts[t], digest != 0 ? digest * counts[t] : bytes[t]);
  }
}

// Values that cannot be keys (not hex, not an address) stay in indicators()
// but are never matched.
void IndexOne(const Indicator& indicator, std::uint32_t item, Builders& builders,
              match::IpTable::Builder& ips) {
  if (IsIpType(indicator.type)) {
    if (auto network = match::ParseIpNetwork(indicator.value)) ips.Add(*network, item);
    return;
  }
  BytesIndex::Builder& builder = builders[static_cast<std::size_t>(indicator.type)];
  if (AppendKey(indicator.type, indicator.value, builder.KeyBuffer())) {
    builder.EndKey(item);
  } else {
    builder.AbortKey();
  }
}

}  // namespace

IntelSet IntelSet::Compile(std::vector<Indicator> indicators) {
  IntelSet set;
  Impl& impl = *set.impl_;
  impl.indicators = std::move(indicators);
  // Items are 32-bit; a set beyond 4 billion indicators keeps the rest unindexed.
  const std::size_t n = std::min<std::size_t>(impl.indicators.size(), UINT32_MAX);
  Builders builders;
  CountAndReserve(impl.indicators, n, impl.counts, builders);
  match::IpTable::Builder ips;
  for (std::size_t i = 0; i < n; ++i) {
    const Indicator& indicator = impl.indicators[i];
    if (ValidType(indicator.type))
      IndexOne(indicator, static_cast<std::uint32_t>(i), builders, ips);
  }
  for (std::size_t t = 0; t < builders.size(); ++t) {
    impl.by_type[t] = std::move(builders[t]).Build();
  }
  impl.ips = std::move(ips).Build();
  impl.indicator_bytes = IndicatorBytes(impl.indicators);
  return set;
}

std::size_t IntelSet::size() const { return indicators().size(); }

const std::vector<Indicator>& IntelSet::indicators() const { return Impl::Of(impl_).indicators; }

bool IntelSet::Has(IndicatorType type) const {
  const Impl& impl = Impl::Of(impl_);
  return ValidType(type) && impl.counts[static_cast<std::size_t>(type)] != 0;
}

// A non-digest type is looked up as MatchValue would.
std::vector<const Indicator*> IntelSet::MatchDigest(IndicatorType type,
                                                    std::string_view hex) const {
  if (match::DigestBytes(type) == 0) return MatchValue(type, hex);
  return Impl::Of(impl_).Find(type, hex);
}

// The host itself, then each parent domain, most specific first.
std::vector<const Indicator*> IntelSet::MatchDomain(std::string_view host) const {
  const Impl& impl = Impl::Of(impl_);
  const BytesIndex& domains = impl.by_type[static_cast<std::size_t>(IndicatorType::kDomain)];
  std::string key;
  if (domains.empty() || !match::AppendDomainKey(host, key)) return {};
  std::vector<const Indicator*> out;
  for (std::string_view suffix = key; !suffix.empty();) {
    for (std::uint32_t item : domains.Find(suffix)) out.push_back(&impl.indicators[item]);
    const std::size_t dot = suffix.find('.');
    if (dot == std::string_view::npos) break;
    suffix.remove_prefix(dot + 1);
  }
  return out;
}

std::vector<const Indicator*> IntelSet::MatchIp(std::string_view address) const {
  std::optional<match::IpBytes> bytes = match::ParseIpAddress(address);
  if (!bytes) return {};
  return MatchIpBytes(*bytes);
}

std::vector<const Indicator*> IntelSet::MatchIpBytes(std::span<const std::uint8_t> address) const {
  const Impl& impl = Impl::Of(impl_);
  std::optional<match::IpBytes> bytes = match::IpFromBytes(address);
  if (!bytes) return {};
  std::vector<std::uint32_t> items;
  impl.ips.FindCovering(*bytes, items);
  return impl.Pointers(items);
}

// Domains and addresses match as MatchDomain and MatchIp do; a cidr value
// finds the indicators of exactly that network.
std::vector<const Indicator*> IntelSet::MatchValue(IndicatorType type,
                                                   std::string_view value) const {
  const Impl& impl = Impl::Of(impl_);
  switch (type) {
    case IndicatorType::kDomain: return MatchDomain(value);
    case IndicatorType::kIpv4:
    case IndicatorType::kIpv6: return MatchIp(value);
    case IndicatorType::kCidr: {
      std::optional<match::IpNetwork> network = match::ParseIpNetwork(value);
      return network ? impl.Pointers(impl.ips.FindExact(*network))
                     : std::vector<const Indicator*>{};
    }
    default: return impl.Find(type, value);
  }
}

std::size_t IntelSet::MemoryUsage() const {
  if (!impl_) return 0;
  std::size_t bytes = sizeof(Impl) + impl_->indicator_bytes + impl_->ips.MemoryUsage();
  for (const BytesIndex& index : impl_->by_type) bytes += index.MemoryUsage();
  return bytes;
}

}  // namespace shrike
