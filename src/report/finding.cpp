#include "shrike/finding.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <variant>

#include "core/json_writer.h"

namespace shrike {
namespace {

// A tree of dotted ECS names, so that "dns.question.name" and "dns.type"
// nest under one "dns" object. A name given several times (one per PE
// signer, one per YARA tag) becomes an array of its values.
struct Node {
  std::variant<std::monostate, std::string, std::int64_t, std::vector<std::string>> value;

  void Add(std::string v) {
    if (auto* one = std::get_if<std::string>(&value)) {
      value = std::vector<std::string>{std::move(*one), std::move(v)};
    } else if (auto* many = std::get_if<std::vector<std::string>>(&value)) {
      many->push_back(std::move(v));
    } else {
      value = std::move(v);
    }
  }
  std::map<std::string, std::unique_ptr<Node>> children;

  Node& At(std::string_view dotted) {
    Node* node = this;
    std::size_t start = 0;
    while (true) {
      std::size_t dot = dotted.find('.', start);
      std::string part(dotted.substr(start, dot == std::string_view::npos ? dot : dot - start));
      auto& child = node->children[part];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
      if (dot == std::string_view::npos) return *node;
      start = dot + 1;
    }
  }

  void Write(JsonWriter& w) const {
    if (const auto* s = std::get_if<std::string>(&value)) {
      w.String(*s);
    } else if (const auto* n = std::get_if<std::int64_t>(&value)) {
      w.Int(*n);
    } else if (const auto* many = std::get_if<std::vector<std::string>>(&value)) {
      w.BeginArray();
      for (const std::string& v : *many) w.String(v);
      w.EndArray();
    } else {
      w.BeginObject();
      for (const auto& [key, child] : children) {
        w.Key(key);
        child->Write(w);
      }
      w.EndObject();
    }
  }
};

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
  Node tree;
  for (const auto& [key, value] : f.fields) tree.At(key).Add(value);
  for (const auto& [key, value] : f.numeric_fields) tree.At(key).value = value;
  if (!f.log_path.empty()) {
    tree.At("log.file.path").value = f.log_path;
    tree.At("log.offset").value = static_cast<std::int64_t>(f.log_offset);
    if (f.log_line != 0) tree.At("shrike.line").value = static_cast<std::int64_t>(f.log_line);
  }
  for (const auto& [key, child] : tree.children) {
    w.Key(key);
    child->Write(w);
  }
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
