// Fuzzes the Sigma compiler on one YAML text, then evaluates the rules it
// kept on a few events built from the same bytes: the same shape repeated
// and changing (the evaluator's per-shape and per-place caches), each
// finding written as JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "shrike/finding.h"
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
  shrike::Event w;  // another shape: winlogbeat names, a dotted one, a repeated one
  w.kind = shrike::SourceKind::kNdjson;
  w.dialect = "winlog";
  w.fields = {{"winlog.channel", "Security"},
              {"winlog.event_id", "4688"},
              {"winlog.event_data.CommandLine", text.substr(text.size() / 2)},
              {"a.b", text.substr(0, 16)},
              {"a.b", "x"},
              {"Source Name", text.substr(0, 8)}};
  auto write = [](const shrike::Finding& f) { (void)shrike::FindingToJson(f); };
  for (int i = 0; i < 6; ++i) {
    e.timestamp = i;
    evaluator.Evaluate(i % 3 == 2 ? w : e, "fuzz", write);
  }
  evaluator.Finish(write);
  return 0;
}
