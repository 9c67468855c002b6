// intel_load: measures loading and compiling an intel set, the way `shrike
// scan --intel FILE` does it, and prints one line of JSON.
//
//   intel_load FILE.csv      read the file, ReadCsv, IntelSet::Compile
//   intel_load --generate N  generate N indicators in memory, Compile
//
// Fields: phase wall times in milliseconds, the indicator count, the set's
// own MemoryUsage() estimate and the process peak RSS (getrusage
// ru_maxrss), which includes the file text and everything else alive at the
// peak: the figure the 300 MB budget is about.
#include <sys/resource.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "indicator_gen.h"
#include "shrike/intel_io.h"
#include "shrike/intel_set.h"
#include "shrike/io.h"

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

rusage Usage() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage;
}

double PeakRssMb() {
  return static_cast<double>(Usage().ru_maxrss) / 1024.0;  // kilobytes on Linux
}

// User + system CPU time of the process so far: on a shared machine, wall
// time includes waiting for a core and CPU time does not.
double CpuMs() {
  const rusage usage = Usage();
  auto ms = [](const timeval& t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

struct Figures {
  std::string mode;
  double generate_ms = 0;  // --generate only; not part of the load
  double read_ms = 0;
  double parse_ms = 0;
  double compile_ms = 0;
  double load_cpu_ms = 0;  // CPU time of read + parse + compile
  std::size_t indicators = 0;
  std::size_t warnings = 0;
  std::size_t set_bytes = 0;
  bool probe_ok = false;
};

// A lookup of one loaded value of each common type must find it: a cheap
// guard against measuring a set that silently lost its indicators.
bool Probe(const shrike::IntelSet& set) {
  bool digest = false;
  bool domain = false;
  for (const shrike::Indicator& indicator : set.indicators()) {
    if (!digest && indicator.type == shrike::IndicatorType::kSha256) {
      digest = !set.MatchDigest(indicator.type, indicator.value).empty();
      if (!digest) return false;
    }
    if (!domain && indicator.type == shrike::IndicatorType::kDomain) {
      domain = !set.MatchDomain("www." + indicator.value).empty();
      if (!domain) return false;
    }
    if (digest && domain) return true;
  }
  return false;
}

void Compile(std::vector<shrike::Indicator> indicators, Figures& figures) {
  const Clock::time_point start = Clock::now();
  const double cpu_start = CpuMs();
  const shrike::IntelSet set = shrike::IntelSet::Compile(std::move(indicators));
  figures.compile_ms = MsSince(start);
  figures.load_cpu_ms += CpuMs() - cpu_start;
  figures.indicators = set.size();
  figures.set_bytes = set.MemoryUsage();
  figures.probe_ok = Probe(set);
}

int LoadCsv(const std::string& path, Figures& figures) {
  figures.mode = "csv";
  Clock::time_point start = Clock::now();
  const double cpu_start = CpuMs();
  shrike::Result<std::string> text = shrike::ReadFile(path, std::size_t{4} << 30);
  figures.read_ms = MsSince(start);
  if (!text.ok()) {
    std::fprintf(stderr, "intel_load: %s\n", text.error().ToString().c_str());
    return 1;
  }
  start = Clock::now();
  shrike::Diagnostics diags;
  shrike::Result<shrike::Intel> intel = shrike::ReadCsv(*text, path, diags);
  figures.parse_ms = MsSince(start);
  figures.load_cpu_ms = CpuMs() - cpu_start;
  figures.warnings = diags.size();
  if (!intel.ok()) {
    std::fprintf(stderr, "intel_load: %s\n", intel.error().ToString().c_str());
    return 1;
  }
  std::string().swap(*text);  // the scanner would not keep the text either
  Compile(std::move(intel->indicators), figures);
  return 0;
}

int Generate(std::string_view count_text, Figures& figures) {
  std::size_t count = 0;
  auto [end, ec] = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
  if (ec != std::errc() || end != count_text.data() + count_text.size()) {
    std::fprintf(stderr, "intel_load: bad count '%s'\n", std::string(count_text).c_str());
    return 2;
  }
  figures.mode = "memory";
  const Clock::time_point start = Clock::now();
  shrike::Intel intel = shrike::bench::GenerateIntel(count);
  figures.generate_ms = MsSince(start);
  Compile(std::move(intel.indicators), figures);
  return 0;
}

// total_ms is read + parse + compile: generating and freeing are not loading.
void Print(const Figures& f) {
  const double total_ms = f.read_ms + f.parse_ms + f.compile_ms;
  std::printf("{\"mode\":\"%s\",\"indicators\":%zu,\"warnings\":%zu,", f.mode.c_str(), f.indicators,
              f.warnings);
  std::printf("\"generate_ms\":%.1f,\"read_ms\":%.1f,\"parse_ms\":%.1f,\"compile_ms\":%.1f,",
              f.generate_ms, f.read_ms, f.parse_ms, f.compile_ms);
  std::printf("\"total_ms\":%.1f,\"load_cpu_ms\":%.1f,", total_ms, f.load_cpu_ms);
  std::printf("\"set_memory_mb\":%.1f,\"peak_rss_mb\":%.1f,\"probe_ok\":%s}\n",
              static_cast<double>(f.set_bytes) / (1024.0 * 1024.0), PeakRssMb(),
              f.probe_ok ? "true" : "false");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view usage = "usage: intel_load FILE.csv | intel_load --generate N\n";
  Figures figures;
  int rc = 2;
  if (argc == 2 && std::string_view(argv[1]) != "--generate") {
    rc = LoadCsv(argv[1], figures);
  } else if (argc == 3 && std::string_view(argv[1]) == "--generate") {
    rc = Generate(argv[2], figures);
  } else {
    std::fputs(usage.data(), stderr);
  }
  if (rc != 0) return rc;
  Print(figures);
  return figures.probe_ok ? 0 : 1;
}
