// Shared body of the log reader fuzz targets (fuzz/logs_*_fuzzer.cpp): runs
// one line parser over the input through the bounded LineReader, then the
// whole hunt (detection, annotation, matching, the finding's JSON). Traps on
// a broken invariant: every record consumes a line, offsets stay in range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "logs/readers.h"
#include "shrike/hunt.h"
#include "shrike/intel_io.h"

namespace shrike::logs_internal {

inline const IntelSet& FuzzIntel() {
  static const IntelSet* intel = [] {
    Diagnostics diags;
    auto read = ReadCsv(
        "type,value\ndomain,microsoftmse.com\nip,45.76.218.11\nip,10.0.0.0/8\n"
        "md5,bd5f9d4684e7bcb9d41d298297a73956\nurl,http://a.example.net/x\nfilename,x.exe\n",
        "fuzz.csv", diags);
    return new IntelSet(
        IntelSet::Compile(read.ok() ? std::move(read->indicators) : std::vector<Indicator>{}));
  }();
  return *intel;
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
}

}  // namespace shrike::logs_internal
