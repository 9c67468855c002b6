// IntelSet lookups: digest and domain lookups against 1,000,000 mixed
// indicators, IPv4 lookups against 100,000 CIDR ranges, and compilation.
// Each lookup benchmark cycles through 4096 prepared queries so that the
// branch predictor and caches do not see one value over and over.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "indicator_gen.h"
#include "shrike/intel_set.h"

namespace shrike::bench {
namespace {

constexpr std::size_t kQueries = 4096;

const IntelSet& MixedSet() {
  static const IntelSet* set = new IntelSet(IntelSet::Compile(GenerateIntel(1'000'000).indicators));
  return *set;
}

std::vector<std::string> Listed(IndicatorType type, const std::string& prefix) {
  std::vector<std::string> out;
  for (const Indicator& indicator : MixedSet().indicators()) {
    if (indicator.type == type) out.push_back(prefix + indicator.value);
    if (out.size() == kQueries) break;
  }
  return out;
}

// 100,000 ranges of /16 to /30 spread over the whole IPv4 space.
const IntelSet& CidrSet() {
  static const IntelSet* set = [] {
    Rng rng(42);
    std::vector<Indicator> ranges;
    for (int i = 0; i < 100'000; ++i) {
      const int prefix = 16 + static_cast<int>(rng.Below(15));
      Indicator& range = ranges.emplace_back();
      range.type = IndicatorType::kCidr;
      range.value = RandomIpv4(rng) + "/" + std::to_string(prefix);
    }
    return new IntelSet(IntelSet::Compile(std::move(ranges)));
  }();
  return *set;
}

// Addresses inside (hit) or outside (miss) every range of CidrSet().
std::vector<std::string> CidrQueries(bool hit) {
  Rng rng(hit ? 7 : 8);
  std::vector<std::string> out;
  const std::vector<Indicator>& ranges = CidrSet().indicators();
  while (out.size() < kQueries) {
    std::string address = RandomIpv4(rng);
    if (hit) {
      // The network address of a listed range, with its host bits kept zero.
      const std::string& range = ranges[rng.Below(ranges.size())].value;
      address = range.substr(0, range.find('/'));
    }
    if (CidrSet().MatchIp(address).empty() != hit) out.push_back(address);
  }
  return out;
}

template <typename Lookup>
void RunLookups(benchmark::State& state, const std::vector<std::string>& queries, Lookup lookup) {
  std::size_t i = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    auto matches = lookup(queries[i++ % queries.size()]);
    found += matches.size();
    benchmark::DoNotOptimize(matches);
  }
  state.counters["hit_rate"] =
      benchmark::Counter(static_cast<double>(found), benchmark::Counter::kAvgIterations);
}

void BM_IntelSetDigestHit(benchmark::State& state) {
  static const auto queries = Listed(IndicatorType::kSha256, "");
  RunLookups(state, queries, [](const std::string& q) {
    return MixedSet().MatchDigest(IndicatorType::kSha256, q);
  });
}
BENCHMARK(BM_IntelSetDigestHit);

void BM_IntelSetDigestMiss(benchmark::State& state) {
  static const auto queries = [] {
    Rng rng(3);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < kQueries; ++i) out.push_back(RandomHex(rng, 64));
    return out;
  }();
  RunLookups(state, queries, [](const std::string& q) {
    return MixedSet().MatchDigest(IndicatorType::kSha256, q);
  });
}
BENCHMARK(BM_IntelSetDigestMiss);

// Three labels: "www." before a listed two-label domain, or a fresh one.
void BM_IntelSetDomainHit(benchmark::State& state) {
  static const auto queries = [] {
    std::vector<std::string> out;
    for (const Indicator& indicator : MixedSet().indicators()) {
      const bool two_labels = indicator.value.find('.') == indicator.value.rfind('.');
      if (indicator.type == IndicatorType::kDomain && two_labels) {
        out.push_back("www." + indicator.value);
      }
      if (out.size() == kQueries) break;
    }
    return out;
  }();
  RunLookups(state, queries, [](const std::string& q) { return MixedSet().MatchDomain(q); });
}
BENCHMARK(BM_IntelSetDomainHit);

void BM_IntelSetDomainMiss(benchmark::State& state) {
  static const auto queries = [] {
    Rng rng(5);
    std::vector<std::string> out;
    while (out.size() < kQueries) {
      std::string host = "www." + RandomHex(rng, 10) + ".com";
      if (MixedSet().MatchDomain(host).empty()) out.push_back(host);
    }
    return out;
  }();
  RunLookups(state, queries, [](const std::string& q) { return MixedSet().MatchDomain(q); });
}
BENCHMARK(BM_IntelSetDomainMiss);

void BM_IntelSetIpv4Hit(benchmark::State& state) {
  static const auto queries = CidrQueries(true);
  RunLookups(state, queries, [](const std::string& q) { return CidrSet().MatchIp(q); });
}
BENCHMARK(BM_IntelSetIpv4Hit);

void BM_IntelSetIpv4Miss(benchmark::State& state) {
  static const auto queries = CidrQueries(false);
  RunLookups(state, queries, [](const std::string& q) { return CidrSet().MatchIp(q); });
}
BENCHMARK(BM_IntelSetIpv4Miss);

// Compilation alone (the vector copy is outside the timing).
void BM_IntelSetCompile100k(benchmark::State& state) {
  static const Intel intel = GenerateIntel(100'000, 9);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<Indicator> copy = intel.indicators;
    state.ResumeTiming();
    IntelSet set = IntelSet::Compile(std::move(copy));
    benchmark::DoNotOptimize(set);
    state.PauseTiming();
    set = IntelSet();  // freeing is not compiling
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(intel.indicators.size()));
}
BENCHMARK(BM_IntelSetCompile100k)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace shrike::bench
