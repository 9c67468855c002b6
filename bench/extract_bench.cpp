// Throughput of ExtractIndicators on generated prose (~20 MB): English and
// Japanese sentences with defanged and plain indicators sprinkled in, the
// shape of a long threat report. Reports bytes per second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "shrike/extract.h"

namespace {

constexpr std::size_t kProseBytes = 20u << 20;

// A deterministic xorshift generator, so every run scans the same text.
class Rng {
 public:
  std::uint64_t Next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ull;
};

std::string Hex(Rng& rng, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(kDigits[rng.Below(16)]);
  return out;
}

std::string Indicator(Rng& rng) {
  std::string n = std::to_string(rng.Below(100000));
  switch (rng.Below(8)) {
    case 0: return Hex(rng, 64);
    case 1: return "c2-" + n + "[.]example-bad[.]com";
    case 2: return "hxxp://update" + n + ".evil-cdn[.]net/payload.bin";
    case 3:
      return std::to_string(rng.Below(223) + 1) + "." + std::to_string(rng.Below(256)) + "." +
             std::to_string(rng.Below(256)) + "." + std::to_string(rng.Below(256));
    case 4: return "CVE-2020-" + n;
    case 5: return "operator" + n + "@mail-evil.org";
    case 6: return "Backdoor.Consock";
    default: return Hex(rng, 32);
  }
}

std::string MakeProse() {
  static constexpr const char* kSentences[] = {
      "The attackers moved laterally with a remote execution tool and archived the data. ",
      "Version 10.0.17763.1 of the operating system was running on the affected hosts. ",
      "Symantec observed the group using stolen code-signing certificates (see readme.md). ",
      "攻撃者はリモートアクセスを利用してデータを窃取し、自らに送り返すことができます。",
      "The payload, dropped as rar.exe and document.pdf, beaconed every 30 minutes. ",
      "Palmerworm has been active since at least 2013, e.g. against media companies. ",
  };
  Rng rng;
  std::string text;
  text.reserve(kProseBytes + 4096);
  while (text.size() < kProseBytes) {
    text += kSentences[rng.Below(6)];
    if (rng.Below(8) == 0) text += "IOC: " + Indicator(rng) + "\n";
    if (rng.Below(12) == 0) text += "\n\n";
  }
  return text;
}

void BM_ExtractProse(benchmark::State& state) {
  static const std::string prose = MakeProse();
  shrike::ExtractOptions options;
  options.source = "bench.txt";
  std::size_t found = 0;
  for (auto _ : state) {
    shrike::Extraction x = shrike::ExtractIndicators(prose, options);
    found = x.indicators.size();
    benchmark::DoNotOptimize(x);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * prose.size()));
  state.counters["indicators"] = static_cast<double>(found);
}
BENCHMARK(BM_ExtractProse)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Refang(benchmark::State& state) {
  const std::string value = "hxxps://c2[.]evil-cdn[.]net[/]payload[.]bin";
  for (auto _ : state) benchmark::DoNotOptimize(shrike::Refang(value));
}
BENCHMARK(BM_Refang);

}  // namespace
