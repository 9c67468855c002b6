// Fuzzes the sweep's content analyser over arbitrary bytes: one libyara scan
// with a small rule set (pe module, strings) gives the PE metadata, which is
// then read (version info, imphash, the Authenticode certificate table through
// OpenSSL) and matched against a few indicators and the dual-use tool table.
// Inputs that start with "MZ" reach libyara's pe module and our readers of it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "files/analyzer.h"
#include "shrike/intel_set.h"
#include "shrike/sweep.h"
#include "shrike/yara.h"

namespace {

struct Fixture {
  shrike::IntelSet intel;
  shrike::SweepOptions options;
  shrike::files::Pipeline pipeline;
};

Fixture& Get() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    std::vector<shrike::Indicator> inds(3);
    inds[0].type = shrike::IndicatorType::kCertSerial;
    inds[0].value = "5a17c0de01";
    inds[1].type = shrike::IndicatorType::kImphash;
    inds[1].value = "da0a157e101e03bff197e73ac27e8a0c";
    inds[2].type = shrike::IndicatorType::kTool;
    inds[2].value = "PsExec";
    fx->intel = shrike::IntelSet::Compile(std::move(inds));
    shrike::Diagnostics diags;
    auto rules = shrike::YaraRules::Compile(
        {{"fuzz.yar",
          "import \"pe\"\n"
          "rule signed { condition: pe.number_of_signatures > 0 }\n"
          "rule version { condition: pe.version_info[\"OriginalFilename\"] icontains \"exe\" }\n"
          "rule text { strings: $a = \"PsExec\" wide ascii nocase condition: $a }\n",
          false, false}},
        diags);
    if (rules.ok()) fx->options.yara = std::move(*rules);
    fx->options.scan_max_bytes = 1 << 20;
    fx->pipeline = shrike::files::MakeAnalyzers(fx->intel);
    shrike::files::AppendContentAnalyzers(fx->pipeline, fx->intel, fx->options);
    return fx;
  }();
  return *f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Fixture& fx = Get();
  shrike::files::FileInfo info;
  info.path = "/fuzz/svch0st.exe";
  info.name = "svch0st.exe";
  info.size = size;
  shrike::files::FileReport report;
  for (auto& a : fx.pipeline) a->Begin(info);
  // Two chunks, as the scanner delivers a file in pieces.
  std::span<const std::uint8_t> bytes(data, size);
  for (auto& a : fx.pipeline) {
    a->Update(bytes.first(size / 2));
    a->Update(bytes.subspan(size / 2));
  }
  for (auto& a : fx.pipeline) a->End(report);
  for (const auto& hit : report.hits) {
    if (hit.score < 0 || hit.score > 100) __builtin_trap();
  }
  return 0;
}
