// Reading findings back: one NDJSON line (FindingToJson's schema) into the
// few facts the report needs. Streaming: a file is read line by line through
// the bounded LineReader of the hunt (gzip too), never whole.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike::report_internal {

// One piece of evidence of a finding: an enrichment (an indicator hit) or,
// for Sigma and YARA findings, the rule itself.
struct EvidenceRecord {
  std::string value;      // matched.atomic, or the rule name
  std::string field;      // matched.field, or "rule.name"
  std::string stix_type;  // indicator.type ("file", "domain-name"); empty for rules
  std::string provider;   // indicator.provider
  std::string stix_id;    // indicator.id when it is a STIX indicator id
  // Set for evidence the reader infers (a PE original file name without an
  // enrichment): kept only when it names a known tool.
  bool implicit = false;
};

struct FindingRecord {
  UnixTime timestamp = kNoTime;
  std::string host;
  std::string ruleset = "ioc";
  std::string rule_name;
  std::string group;          // threat.group.name
  std::string software;       // threat.software.name
  std::string software_type;  // threat.software.type ("Malware", "Tool")
  std::vector<EvidenceRecord> evidence;
};

// Longest line accepted (a finding is a few kB); longer lines are skipped
// with a warning.
inline constexpr std::size_t kMaxFindingLine = 1 << 20;
// Longest string kept from a finding; longer values are cut.
inline constexpr std::size_t kMaxValueLength = 2048;

// Parses one line. False (with *error set) when it is not a finding: not a
// JSON object, or none of @timestamp, host, threat or rule.
class FindingParser {
 public:
  FindingParser();
  ~FindingParser();
  FindingParser(const FindingParser&) = delete;
  FindingParser& operator=(const FindingParser&) = delete;
  bool Parse(std::string_view line, FindingRecord& out, std::string* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

using FindingCallback = std::function<void(FindingRecord&)>;

// Reads NDJSON findings from a file ("-" is stdin; gzip undone), calling
// on_finding for each. Blank lines are ignored; bad lines are warned (file,
// line) and counted in *skipped. Error only when the file cannot be opened.
Status ReadFindingsFile(const std::string& path, const FindingCallback& on_finding,
                        Diagnostics& diags, std::uint64_t* skipped);
// The same over text in memory, named `name` in warnings.
void ReadFindingsText(std::string_view text, const std::string& name,
                      const FindingCallback& on_finding, Diagnostics& diags,
                      std::uint64_t* skipped);

}  // namespace shrike::report_internal
