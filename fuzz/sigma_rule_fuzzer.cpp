// Fuzzes the Sigma compiler on one YAML text, then evaluates the rules it
// kept on a few events built from the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "shrike/sigma.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  shrike::SigmaLoadReport report;
  auto rules = shrike::SigmaRuleSet::Compile({{"fuzz.yml", text}}, {}, report);
  (void)report.ToString();
  shrike::SigmaEvaluator evaluator(rules);
  shrike::Event e;
  e.kind = shrike::SourceKind::kEvtx;
  e.dialect = "evtx";
  e.fields = {{"Channel", "Microsoft-Windows-Sysmon/Operational"},
              {"EventID", "1"},
              {"Image", text.substr(0, 64)},
              {"CommandLine", text},
              {"DestinationIp", "10.0.0.1"}};
  for (int i = 0; i < 3; ++i) {
    e.timestamp = i;
    evaluator.Evaluate(e, "fuzz", [](const shrike::Finding&) {});
  }
  evaluator.Finish([](const shrike::Finding&) {});
  return 0;
}
