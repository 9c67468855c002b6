#include "indicator_gen.h"

#include <array>
#include <cstdio>
#include <memory>
#include <vector>

namespace shrike::bench {
namespace {

constexpr std::array<const char*, 8> kTlds = {"com", "net", "org", "info", "ru", "cn", "io", "biz"};

std::string RandomLabel(Rng& rng) {
  std::string label;
  const int length = 4 + static_cast<int>(rng.Below(9));
  for (int i = 0; i < length; ++i) label.push_back(static_cast<char>('a' + rng.Below(26)));
  return label;
}

// Non-zero groups, so inet_ntop's canonical form never compresses a run.
std::string RandomIpv6(Rng& rng) {
  std::string out = "2001:db8";
  char group[8];
  for (int i = 0; i < 6; ++i) {
    std::snprintf(group, sizeof group, ":%x", static_cast<unsigned>(rng.Below(0xffff) + 1));
    out += group;
  }
  return out;
}

std::string RandomCidr(Rng& rng) {
  const int prefix = 8 + static_cast<int>(rng.Below(23));
  std::uint32_t address = static_cast<std::uint32_t>(rng.Next());
  address &= prefix == 0 ? 0 : ~0u << (32 - prefix);
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 255) + "." +
         std::to_string((address >> 8) & 255) + "." + std::to_string(address & 255) + "/" +
         std::to_string(prefix);
}

std::string RandomUrl(Rng& rng) {
  return (rng.Below(2) ? "https://" : "http://") + RandomDomain(rng) + "/" + RandomLabel(rng) +
         "/" + RandomLabel(rng) + ".php?id=" + std::to_string(rng.Below(100000));
}

struct Pick {
  IndicatorType type;
  std::string value;
};

Pick RandomIndicator(Rng& rng) {
  const std::uint64_t r = rng.Below(100);
  if (r < 40) return {IndicatorType::kSha256, RandomHex(rng, 64)};
  if (r < 55) return {IndicatorType::kMd5, RandomHex(rng, 32)};
  if (r < 65) return {IndicatorType::kSha1, RandomHex(rng, 40)};
  if (r < 80) return {IndicatorType::kDomain, RandomDomain(rng)};
  if (r < 90) return {IndicatorType::kIpv4, RandomIpv4(rng)};
  if (r < 93) return {IndicatorType::kIpv6, RandomIpv6(rng)};
  if (r < 95) return {IndicatorType::kCidr, RandomCidr(rng)};
  return {IndicatorType::kUrl, RandomUrl(rng)};
}

std::vector<std::shared_ptr<const IndicatorContext>> Contexts() {
  std::vector<std::shared_ptr<const IndicatorContext>> out;
  for (int i = 0; i < 16; ++i) {
    auto context = std::make_shared<IndicatorContext>();
    context->campaign = "Campaign " + std::to_string(i);
    context->actor = "Actor " + std::to_string(i % 5);
    context->malware_family = "Backdoor.Family" + std::to_string(i % 7);
    context->confidence = 50 + i;
    context->source = "feed-" + std::to_string(i % 3) + ".csv";
    context->first_seen = 1564617600 + i * 86400;  // from 2019-08-01
    context->tags = {"synthetic"};
    out.push_back(std::move(context));
  }
  return out;
}

}  // namespace

std::uint64_t Rng::Next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string RandomHex(Rng& rng, int digits) {
  std::string out(static_cast<std::size_t>(digits), '0');
  for (char& c : out) c = "0123456789abcdef"[rng.Below(16)];
  return out;
}

std::string RandomDomain(Rng& rng) {
  std::string domain = RandomLabel(rng) + "." + kTlds[rng.Below(kTlds.size())];
  for (std::uint64_t extra = rng.Below(3); extra > 0; --extra) {
    domain = RandomLabel(rng) + "." + domain;
  }
  return domain;
}

std::string RandomIpv4(Rng& rng) {
  const auto a = static_cast<std::uint32_t>(rng.Next());
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

Intel GenerateIntel(std::size_t count, std::uint64_t seed) {
  Rng rng(seed);
  const auto contexts = Contexts();
  Intel intel;
  intel.name = "synthetic";
  intel.indicators.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    Pick pick = RandomIndicator(rng);
    Indicator& indicator = intel.indicators.emplace_back();
    indicator.type = pick.type;
    indicator.value = std::move(pick.value);
    indicator.context = contexts[(i / 64) % contexts.size()];
    indicator.line = static_cast<std::uint32_t>(i + 2);
  }
  return intel;
}

}  // namespace shrike::bench
