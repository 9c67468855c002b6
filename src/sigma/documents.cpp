// YAML documents into rule documents: multi-document files, rule collections
// (action: global / reset / repeat), with the line of each document.
#include "sigma/documents.h"

#include <string>

namespace shrike::sigma_internal {
namespace {

// b's keys override a's; maps merge recursively.
YAML::Node Merge(const YAML::Node& a, const YAML::Node& b) {
  if (!a.IsMap() || !b.IsMap()) return YAML::Clone(b);
  YAML::Node out = YAML::Clone(a);
  for (const auto& kv : b) {
    const std::string key = kv.first.Scalar();
    out[key] = out[key] && out[key].IsMap() && kv.second.IsMap() ? Merge(out[key], kv.second)
                                                                 : YAML::Clone(kv.second);
  }
  return out;
}

std::string Action(const YAML::Node& doc) {
  if (!doc.IsMap()) return {};
  YAML::Node a = doc["action"];
  return a && a.IsScalar() ? a.Scalar() : std::string();
}

}  // namespace

std::vector<RuleDocument> ReadDocuments(const std::string& text, const std::string& file,
                                        std::vector<SigmaSkipped>& skipped) {
  std::vector<RuleDocument> out;
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    SigmaSkipped s;
    s.where.file = file;
    s.where.line = static_cast<std::uint64_t>(e.mark.line + 1);
    s.reason = "bad YAML: " + e.msg;
    skipped.push_back(std::move(s));
    return out;
  }
  YAML::Node global;
  YAML::Node previous;
  for (YAML::Node& doc : docs) {
    if (!doc || doc.IsNull()) continue;
    std::uint64_t line = static_cast<std::uint64_t>(doc.Mark().line + 1);
    if (!doc.IsMap()) {
      SigmaSkipped s;
      s.where = At(file, line);
      s.reason = "a YAML document that is not a map";
      skipped.push_back(std::move(s));
      continue;
    }
    std::string action = Action(doc);
    if (action == "global") {
      YAML::Node g = YAML::Clone(doc);
      g.remove("action");
      global.reset(global ? Merge(global, g) : g);  // reset: rebind, not assign through
      continue;
    }
    if (action == "reset") {
      global.reset(YAML::Node());
      continue;
    }
    YAML::Node body = YAML::Clone(doc);
    if (action == "repeat") {
      body.remove("action");
      if (previous) body.reset(Merge(previous, body));
    }
    YAML::Node full = global ? Merge(global, body) : body;
    previous.reset(full);
    out.push_back(RuleDocument{full, At(file, line)});
  }
  return out;
}

}  // namespace shrike::sigma_internal
