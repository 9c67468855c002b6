#include "shrike/finding.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include "core/json_writer.h"

namespace shrike {
namespace {

// Dotted ECS names written as nested objects, so that "dns.question.name" and
// "dns.type" nest under one "dns" object. A name given several times (one per
// PE signer, one per YARA tag) becomes an array of its values; a number set
// for a name replaces its strings; a name that holds a value hides any longer
// name below it. No tree is built: the names are sorted segment by segment
// and written with a stack of open objects (a finding is written per hit, so
// this is on the hunt's hot path).
struct FieldRef {
  std::string_view key;
  const std::string* text = nullptr;  // a string value, or
  std::int64_t number = 0;            // a number when text is null
  bool replace = false;               // drops the values given before (numbers always do)
};

// Orders dotted names as nested objects order their keys: '.' sorts before
// every other byte, a prefix before its extensions.
bool SegmentLess(std::string_view a, std::string_view b) {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    if (a[i] == '.') return true;
    if (b[i] == '.') return false;
    return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
  }
  return a.size() < b.size();
}

// Writes one name's values: from the last one that replaces (a number, or
// the record's place), the string or strings given since.
void WriteGroup(JsonWriter& w, const FieldRef* begin, const FieldRef* end) {
  const FieldRef* start = begin;
  for (const FieldRef* r = begin; r != end; ++r) {
    if (r->replace || r->text == nullptr) start = r;
  }
  if (start->text == nullptr) {
    if (start + 1 == end) {
      w.Int(start->number);
      return;
    }
    ++start;  // strings after a number replace it
  }
  if (end - start == 1) {
    w.String(*start->text);
    return;
  }
  w.BeginArray();
  for (const FieldRef* r = start; r != end; ++r) w.String(*r->text);
  w.EndArray();
}

std::size_t SegmentEnd(std::string_view key, std::size_t from) {
  std::size_t dot = key.find('.', from);
  return dot == std::string_view::npos ? key.size() : dot;
}

void WriteNested(JsonWriter& w, std::vector<FieldRef>& refs) {
  std::stable_sort(refs.begin(), refs.end(),
                   [](const FieldRef& a, const FieldRef& b) { return SegmentLess(a.key, b.key); });
  std::vector<std::string_view> open;  // segments of the open objects
  std::string_view leaf;               // the last name written as a value
  bool have_leaf = false;
  for (std::size_t g = 0; g < refs.size();) {
    std::size_t e = g + 1;
    while (e < refs.size() && refs[e].key == refs[g].key) ++e;
    std::string_view key = refs[g].key;
    if (have_leaf && key.size() > leaf.size() && key.substr(0, leaf.size()) == leaf &&
        key[leaf.size()] == '.') {
      g = e;  // below a name that holds a value
      continue;
    }
    std::vector<std::string_view> segs;
    for (std::size_t at = 0;;) {
      std::size_t end = SegmentEnd(key, at);
      segs.push_back(key.substr(at, end - at));
      if (end == key.size()) break;
      at = end + 1;
    }
    std::size_t common = 0;
    while (common < open.size() && common + 1 < segs.size() && open[common] == segs[common])
      ++common;
    while (open.size() > common) {
      w.EndObject();
      open.pop_back();
    }
    for (std::size_t k = common; k + 1 < segs.size(); ++k) {
      w.Key(segs[k]).BeginObject();
      open.push_back(segs[k]);
    }
    w.Key(segs.back());
    WriteGroup(w, refs.data() + g, refs.data() + e);
    leaf = key;
    have_leaf = true;
    g = e;
  }
  while (!open.empty()) {
    w.EndObject();
    open.pop_back();
  }
}

void WriteEnrichment(JsonWriter& w, const Enrichment& e) {
  w.BeginObject().Key("matched").BeginObject();
  w.Field("atomic", e.atomic).Field("field", e.field).Field("type", "indicator_match_rule");
  w.EndObject();
  if (e.indicator != nullptr) {
    const IndicatorContext& c = e.indicator->ctx();
    w.Key("indicator").BeginObject();
    w.Field("type", StixIndicatorType(e.indicator->type));
    if (!c.source.empty()) w.Field("provider", c.source);
    if (c.confidence >= 0) w.Field("confidence", c.confidence);
    if (!c.description.empty()) w.Field("description", c.description);
    if (c.first_seen != kNoTime) w.Field("first_seen", FormatIsoTime(c.first_seen));
    if (c.last_seen != kNoTime) w.Field("last_seen", FormatIsoTime(c.last_seen));
    w.EndObject();
  }
  w.EndObject();
}

// threat.group from the first enrichment whose indicator names an actor.
void WriteThreat(JsonWriter& w, const Finding& f) {
  w.Key("threat").BeginObject().Key("enrichments").BeginArray();
  for (const Enrichment& e : f.enrichments) WriteEnrichment(w, e);
  w.EndArray();
  for (const Enrichment& e : f.enrichments) {
    if (e.indicator == nullptr || e.indicator->ctx().actor.empty()) continue;
    const IndicatorContext& c = e.indicator->ctx();
    w.Key("group").BeginObject().Field("name", c.actor);
    if (!c.aliases.empty()) w.StringArray("alias", c.aliases);
    w.EndObject();
    if (!c.malware_family.empty()) {
      w.Key("software").BeginObject().Field("name", c.malware_family).EndObject();
    }
    break;
  }
  w.EndObject();
}

}  // namespace

std::string_view StixIndicatorType(IndicatorType type) {
  switch (type) {
    case IndicatorType::kDomain: return "domain-name";
    case IndicatorType::kIpv4: return "ipv4-addr";
    case IndicatorType::kIpv6: return "ipv6-addr";
    case IndicatorType::kCidr: return "ipv4-addr";
    case IndicatorType::kUrl: return "url";
    case IndicatorType::kEmail: return "email-addr";
    case IndicatorType::kCertSha1:
    case IndicatorType::kCertSha256:
    case IndicatorType::kCertSerial: return "x509-certificate";
    default: return "file";
  }
}

int CombineScores(std::vector<int> scores) {
  std::sort(scores.begin(), scores.end(), std::greater<>());
  double keep = 1.0;
  for (std::size_t i = 0; i < scores.size() && i < 62; ++i) {
    double s = std::clamp(scores[i], 0, 100) / 100.0;
    keep *= 1.0 - s / static_cast<double>(std::uint64_t{1} << i);
  }
  return static_cast<int>(std::lround(100.0 * (1.0 - keep)));
}

std::string FindingToJson(const Finding& f) {
  JsonWriter w;
  w.BeginObject();
  if (f.timestamp != kNoTime) w.Field("@timestamp", FormatIsoTime(f.timestamp));
  w.Key("event").BeginObject().Field("kind", "alert");
  if (!f.category.empty()) w.StringArray("category", f.category);
  if (!f.dataset.empty()) w.Field("dataset", f.dataset);
  w.Field("severity", f.severity).Field("risk_score", f.severity).EndObject();
  if (!f.host.empty()) w.Key("host").BeginObject().Field("name", f.host).EndObject();
  std::vector<FieldRef> refs;
  refs.reserve(f.fields.size() + f.numeric_fields.size() + 3);
  for (const auto& [key, value] : f.fields) refs.push_back({key, &value});
  for (const auto& [key, value] : f.numeric_fields) refs.push_back({key, nullptr, value});
  // The record's place replaces any field of the same name.
  if (!f.log_path.empty()) {
    refs.push_back({"log.file.path", &f.log_path, 0, true});
    refs.push_back({"log.offset", nullptr, static_cast<std::int64_t>(f.log_offset)});
    if (f.log_line != 0)
      refs.push_back({"shrike.line", nullptr, static_cast<std::int64_t>(f.log_line)});
  }
  WriteNested(w, refs);
  if (!f.enrichments.empty()) WriteThreat(w, f);
  w.Key("rule").BeginObject().Field("ruleset", f.rule_ruleset);
  if (!f.rule_id.empty()) w.Field("id", f.rule_id);
  if (!f.rule_name.empty()) w.Field("name", f.rule_name);
  w.EndObject();
  w.EndObject();
  return w.Take();
}

void NdjsonSink::Write(const Finding& finding) {
  std::string line = FindingToJson(finding);
  line.push_back('\n');
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  ++count_;
}

}  // namespace shrike
