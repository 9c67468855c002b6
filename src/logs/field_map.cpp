// FieldMap: the per-dialect field tables of packs/common/mappings/fields.tsv.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strings.h"
#include "shrike/hunt.h"
#include "shrike/packs.h"

namespace shrike {
namespace {

std::optional<FieldRole> ParseRole(std::string_view name) {
  static constexpr std::pair<std::string_view, FieldRole> kRoles[] = {
      {"timestamp", FieldRole::kTimestamp},
      {"host", FieldRole::kHost},
      {"domain", FieldRole::kDomain},
      {"ip", FieldRole::kIp},
      {"url", FieldRole::kUrl},
      {"hashes", FieldRole::kHashes},
      {"digest", FieldRole::kDigest},
      {"filename", FieldRole::kFilename},
      {"detect", FieldRole::kDetect},
      {"strip", FieldRole::kStrip},
  };
  for (const auto& [text, role] : kRoles) {
    if (text == name) return role;
  }
  return std::nullopt;
}

Result<FieldRule> ParseRule(std::string_view line, const Location& where) {
  auto cells = Split(line, '\t');
  if (cells.size() < 3) {
    return Error(ErrorCode::kParse, "expected dialect, field and role separated by tabs", where);
  }
  auto role = ParseRole(Trim(cells[2]));
  if (!role) return Error(ErrorCode::kParse, "unknown role '" + std::string(cells[2]) + "'", where);
  FieldRule rule{std::string(Trim(cells[0])), std::string(Trim(cells[1])), *role, ""};
  rule.ecs = cells.size() > 3 ? std::string(Trim(cells[3])) : rule.field;
  if (rule.ecs.empty()) rule.ecs = rule.field;
  return rule;
}

}  // namespace

Result<FieldMap> FieldMap::Parse(std::string_view text, const std::string& file) {
  FieldMap map;
  std::uint64_t line_no = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || Trim(line).front() == '#') continue;
    Location where;
    where.file = file;
    where.line = line_no;
    SHRIKE_TRY(FieldRule rule, ParseRule(line, where));
    map.rules_.push_back(std::move(rule));
  }
  return map;
}

const FieldMap& FieldMap::Builtin() {
  static const FieldMap* map = [] {
    auto text = EmbeddedPackFile("common/mappings/fields.tsv");
    auto parsed = Parse(text ? *text : std::string_view(), "common/mappings/fields.tsv");
    // The embedded table is tested; a broken one gives an empty map (every
    // record then matched by look) rather than a crash.
    return new FieldMap(parsed.ok() ? std::move(parsed).value() : FieldMap());
  }();
  return *map;
}

std::string_view FieldMap::DetectDialect(const Event& event) const {
  for (const FieldRule& rule : rules_) {
    if (rule.role != FieldRole::kDetect) continue;
    for (const auto& field : event.fields) {
      if (field.first == rule.field) return rule.dialect;
    }
  }
  return {};
}

const FieldRule* FieldMap::Find(std::string_view dialect, std::string_view field) const {
  for (const FieldRule& rule : rules_) {
    if (rule.dialect == dialect && rule.role == FieldRole::kStrip &&
        field.substr(0, rule.field.size()) == rule.field) {
      field.remove_prefix(rule.field.size());
      break;
    }
  }
  for (const FieldRule& rule : rules_) {
    if (rule.dialect == dialect && rule.field == field && rule.role != FieldRole::kDetect &&
        rule.role != FieldRole::kStrip) {
      return &rule;
    }
  }
  return nullptr;
}

std::vector<const FieldRule*> FieldMap::RulesWithRole(std::string_view dialect,
                                                      FieldRole role) const {
  std::vector<const FieldRule*> out;
  for (const FieldRule& rule : rules_) {
    if (rule.dialect == dialect && rule.role == role) out.push_back(&rule);
  }
  return out;
}

std::string_view SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kZeekJson: return "zeek-json";
    case SourceKind::kZeekTsv: return "zeek-tsv";
    case SourceKind::kNdjson: return "ndjson";
    case SourceKind::kCsv: return "csv";
    case SourceKind::kText: return "text";
    case SourceKind::kEvtx: return "evtx";
  }
  return "text";
}

std::string_view Event::Get(std::string_view name) const {
  for (const auto& field : fields) {
    if (field.first == name) return field.second;
  }
  return {};
}

void Event::Clear() {
  timestamp = kNoTime;
  host.clear();
  dialect.clear();
  offset = 0;
  line = 0;
  fields.clear();
}

}  // namespace shrike
