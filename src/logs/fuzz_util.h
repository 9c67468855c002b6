// Shared body of the log reader fuzz targets (fuzz/logs_*_fuzzer.cpp): runs
// one line parser over the input through the bounded LineReader, then the
// whole hunt (detection, annotation, matching, the finding's JSON). Traps on
// a broken invariant: every record consumes a line, offsets stay in range,
// and the prefilter (both strategies) changes no finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "logs/readers.h"
#include "shrike/hunt.h"
#include "shrike/intel_io.h"

namespace shrike::logs_internal {

inline IntelSet* FuzzCompile(std::string_view csv) {
  Diagnostics diags;
  auto read = ReadCsv(csv, "fuzz.csv", diags);
  return new IntelSet(
      IntelSet::Compile(read.ok() ? std::move(read->indicators) : std::vector<Indicator>{}));
}

inline const IntelSet& FuzzIntel() {
  static const IntelSet* intel = FuzzCompile(
      "type,value\ndomain,microsoftmse.com\nip,45.76.218.11\nip,10.0.0.0/8\n"
      "md5,bd5f9d4684e7bcb9d41d298297a73956\nurl,http://a.example.net/x\nfilename,x.exe\n");
  return *intel;
}

// The two prefilter strategies: token lookup (IPv6, CIDR) and literal scan.
inline const IntelSet& FuzzTokenIntel() {
  static const IntelSet* intel = FuzzCompile(
      "type,value\ndomain,microsoftmse.com\nip,45.76.218.11\nip,10.0.0.0/8\nip,2001:db8::7\n"
      "md5,bd5f9d4684e7bcb9d41d298297a73956\n");
  return *intel;
}

inline const IntelSet& FuzzLiteralIntel() {
  static const IntelSet* intel = FuzzCompile(
      "type,value\ndomain,microsoftmse.com\nip,45.76.218.11\n"
      "md5,bd5f9d4684e7bcb9d41d298297a73956\n");
  return *intel;
}

inline std::vector<std::string> FuzzFindings(std::string_view input, const IntelSet& intel,
                                             bool prefilter) {
  HuntOptions options;
  options.max_record_bytes = 256;
  options.year = 2020;
  options.prefilter = prefilter;
  Diagnostics diags;
  std::vector<std::string> out;
  (void)HuntBuffer(
      input, "fuzz.log", intel, options, [&](const Finding& f) { out.push_back(FindingToJson(f)); },
      diags);
  return out;
}

// Traps when the prefilter drops (or adds) a finding.
inline void FuzzPrefilter(std::string_view input) {
  for (const IntelSet* intel : {&FuzzTokenIntel(), &FuzzLiteralIntel()}) {
    if (FuzzFindings(input, *intel, true) != FuzzFindings(input, *intel, false)) {
      __builtin_trap();
    }
  }
}

inline void FuzzLineParser(std::string_view input, LineParser& parser) {
  MemorySource source(input);
  LineReader lines(source, "fuzz.log", 256);
  Diagnostics diags;
  Line line;
  Event event;
  std::uint64_t count = 0;
  while (lines.Next(line, diags)) {
    if (line.offset > input.size() || ++count > input.size() + 1) __builtin_trap();
    event.Clear();
    parser.Parse(line, event, diags);
  }
}

inline void FuzzHunt(std::string_view input) {
  HuntOptions options;
  options.max_record_bytes = 256;
  options.year = 2020;
  Diagnostics diags;
  HuntStats stats = HuntBuffer(
      input, "fuzz.log", FuzzIntel(), options,
      [&](const Finding& f) {
        if (f.enrichments.empty() || f.log_offset > input.size()) {
          __builtin_trap();
        }
        (void)FindingToJson(f);
      },
      diags);
  if (stats.findings > stats.records) __builtin_trap();
  FuzzPrefilter(input);
}

}  // namespace shrike::logs_internal
