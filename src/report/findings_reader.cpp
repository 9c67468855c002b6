#include "report/findings_reader.h"

#include <simdjson.h>

#include "logs/line_reader.h"
#include "logs/readers.h"

namespace shrike::report_internal {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

std::string Cut(std::string_view s) { return std::string(s.substr(0, kMaxValueLength)); }

// The string at a path of object keys, or "" when absent or not a string.
std::string_view StringAt(element e, std::initializer_list<std::string_view> path) {
  for (std::string_view key : path) {
    object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) return {};
    if (o.at_key(key).get(e) != simdjson::SUCCESS) return {};
  }
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return {};
  return s;
}

bool Has(element e, std::string_view key) {
  object o;
  element v;
  return e.get_object().get(o) == simdjson::SUCCESS && o.at_key(key).get(v) == simdjson::SUCCESS;
}

void ReadEnrichments(element root, FindingRecord& out) {
  object threat;
  simdjson::dom::array list;
  if (root["threat"].get(threat) != simdjson::SUCCESS) return;
  if (threat["enrichments"].get(list) != simdjson::SUCCESS) return;
  for (element e : list) {
    EvidenceRecord r;
    r.value = Cut(StringAt(e, {"matched", "atomic"}));
    r.field = Cut(StringAt(e, {"matched", "field"}));
    r.stix_type = Cut(StringAt(e, {"indicator", "type"}));
    r.provider = Cut(StringAt(e, {"indicator", "provider"}));
    std::string_view id = StringAt(e, {"indicator", "id"});
    if (id.starts_with("indicator--") && id.size() == 47) r.stix_id = std::string(id);
    if (!r.value.empty()) out.evidence.push_back(std::move(r));
  }
}

// A renamed tool: the PE's original name, unless an enrichment already
// matched it.
void ReadOriginalName(element root, FindingRecord& out) {
  std::string_view original = StringAt(root, {"file", "pe", "original_file_name"});
  if (original.empty()) return;
  for (const EvidenceRecord& r : out.evidence) {
    if (r.field == "file.pe.original_file_name") return;
  }
  EvidenceRecord r;
  r.value = Cut(original);
  r.field = "file.pe.original_file_name";
  r.stix_type = "file";
  r.implicit = true;
  out.evidence.push_back(std::move(r));
}

void ReadRule(element root, FindingRecord& out) {
  std::string_view ruleset = StringAt(root, {"rule", "ruleset"});
  if (!ruleset.empty()) out.ruleset = Cut(ruleset);
  out.rule_name = Cut(StringAt(root, {"rule", "name"}));
  if (out.rule_name.empty()) out.rule_name = Cut(StringAt(root, {"rule", "id"}));
  if ((out.ruleset == "sigma" || out.ruleset == "yara") && !out.rule_name.empty()) {
    out.evidence.insert(out.evidence.begin(),
                        EvidenceRecord{out.rule_name, "rule.name", "", "", "", false});
  }
}

}  // namespace

struct FindingParser::Impl {
  simdjson::dom::parser parser;
};

FindingParser::FindingParser() : impl_(std::make_unique<Impl>()) {}
FindingParser::~FindingParser() = default;

bool FindingParser::Parse(std::string_view line, FindingRecord& out, std::string* error) {
  out = FindingRecord{};
  element root;
  auto code = impl_->parser.parse(line.data(), line.size(), true).get(root);
  if (!code && root.type() != simdjson::dom::element_type::OBJECT) code = simdjson::INCORRECT_TYPE;
  if (code) {
    *error = std::string("not a JSON object: ") + simdjson::error_message(code);
    return false;
  }
  if (!Has(root, "@timestamp") && !Has(root, "host") && !Has(root, "threat") &&
      !Has(root, "rule")) {
    *error = "not a finding: no @timestamp, host, threat or rule";
    return false;
  }
  std::string_view ts = StringAt(root, {"@timestamp"});
  if (!ts.empty()) {
    out.timestamp = ParseIsoTime(ts);
    if (out.timestamp == kNoTime) {
      *error = "bad @timestamp";
      return false;
    }
  }
  out.host = Cut(StringAt(root, {"host", "name"}));
  out.group = Cut(StringAt(root, {"threat", "group", "name"}));
  out.software = Cut(StringAt(root, {"threat", "software", "name"}));
  out.software_type = Cut(StringAt(root, {"threat", "software", "type"}));
  ReadEnrichments(root, out);
  ReadRule(root, out);
  ReadOriginalName(root, out);
  return true;
}

namespace {

void ReadLines(logs_internal::ByteSource& source, const std::string& name,
               const FindingCallback& on_finding, Diagnostics& diags, std::uint64_t* skipped) {
  logs_internal::LineReader lines(source, name, kMaxFindingLine);
  FindingParser parser;
  FindingRecord record;
  logs_internal::Line line;
  std::string error;
  while (lines.Next(line, diags)) {
    std::string_view text = line.text;
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
    if (text.empty()) continue;
    if (!parser.Parse(text, record, &error)) {
      diags.Warn(Error(ErrorCode::kParse, error, logs_internal::LineLocation(name, line)));
      ++*skipped;
      continue;
    }
    on_finding(record);
  }
}

}  // namespace

Status ReadFindingsFile(const std::string& path, const FindingCallback& on_finding,
                        Diagnostics& diags, std::uint64_t* skipped) {
  SHRIKE_TRY(auto source, logs_internal::FileSource::Open(path));
  ReadLines(*source, path, on_finding, diags, skipped);
  return Ok();
}

void ReadFindingsText(std::string_view text, const std::string& name,
                      const FindingCallback& on_finding, Diagnostics& diags,
                      std::uint64_t* skipped) {
  logs_internal::MemorySource source(text);
  ReadLines(source, name, on_finding, diags, skipped);
}

}  // namespace shrike::report_internal
