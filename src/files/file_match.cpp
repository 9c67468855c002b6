#include "files/file_match.h"

#include <algorithm>
#include <array>

#include "core/strings.h"
#include "shrike/packs.h"

namespace shrike::files {
namespace {

// Sub-scores (before the indicator's confidence): a signer certificate named
// as stolen is near-proof; an imphash groups builds of one code base; a
// serial alone may collide across issuers.
constexpr int kCertThumbprintScore = 90;
constexpr int kCertSerialIssuerScore = 90;
constexpr int kCertSerialScore = 70;
constexpr int kImphashScore = 75;
constexpr int kOriginalNameScore = 50;
constexpr int kToolScore = 40;
constexpr int kRenamedToolScore = 75;

constexpr std::size_t kToolColumns = 6;

std::vector<std::string> Names(std::string_view column) {
  std::vector<std::string> out;
  if (Trim(column) == "-") return out;
  for (std::string_view part : Split(column, '|')) {
    part = Trim(part);
    if (!part.empty()) out.push_back(AsciiLower(part));
  }
  return out;
}

bool Contains(const std::vector<std::string>& names, std::string_view value) {
  if (value.empty()) return false;
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return EqualsIgnoreCase(n, value); });
}

std::string_view BaseName(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Every value of a repeated field, in order.
std::vector<std::string_view> FieldValues(const FileFields& fields, std::string_view name) {
  std::vector<std::string_view> out;
  for (const auto& [key, value] : fields) {
    if (key == name) out.push_back(value);
  }
  return out;
}

void AddHits(std::vector<Hit>& hits, const std::vector<const Indicator*>& found,
             std::string_view atomic, const char* field, int base) {
  for (const Indicator* ind : found) {
    if (ind->benign.empty())
      hits.push_back({std::string(atomic), field, ind, ScoreHit(base, *ind)});
  }
}

// The issuer an indicator requires, from a context tag "issuer=TEXT".
std::string_view RequiredIssuer(const Indicator& ind) {
  for (const std::string& tag : ind.ctx().tags) {
    if (StartsWithIgnoreCase(tag, "issuer=")) return std::string_view(tag).substr(7);
  }
  return {};
}

bool ContainsIgnoreCase(std::string_view hay, std::string_view needle) {
  return AsciiLower(hay).find(AsciiLower(needle)) != std::string::npos;
}

void MatchSerials(const FileFields& fields, const IntelSet& intel, std::vector<Hit>& hits) {
  std::vector<std::string_view> serials = FieldValues(fields, "file.x509.serial_number");
  std::vector<std::string_view> issuers =
      FieldValues(fields, "file.x509.issuer.distinguished_name");
  for (std::size_t i = 0; i < serials.size(); ++i) {
    std::string_view issuer = i < issuers.size() ? issuers[i] : std::string_view();
    for (const Indicator* ind : intel.MatchValue(IndicatorType::kCertSerial, serials[i])) {
      if (!ind->benign.empty()) continue;
      std::string_view wanted = RequiredIssuer(*ind);
      if (!wanted.empty() && !ContainsIgnoreCase(issuer, wanted)) continue;
      int base = wanted.empty() ? kCertSerialScore : kCertSerialIssuerScore;
      hits.push_back(
          {std::string(serials[i]), "file.x509.serial_number", ind, ScoreHit(base, *ind)});
    }
  }
}

void MatchTool(const FileFields& fields, const IntelSet& intel, const ToolTable& tools,
               std::vector<Hit>& hits) {
  std::optional<ToolIdentity> id = IdentifyTool(fields, tools);
  if (!id) return;
  const Indicator* indicator = nullptr;
  for (const Indicator* ind : intel.MatchValue(IndicatorType::kTool, id->tool->intel_tool)) {
    if (ind->benign.empty()) indicator = ind;
    if (indicator != nullptr) break;
  }
  if (!id->renamed && indicator == nullptr) return;
  int base = id->renamed ? kRenamedToolScore : kToolScore;
  Hit hit{id->value, id->field, indicator, indicator ? ScoreHit(base, *indicator) : base};
  hit.rule_name = (id->renamed ? "Renamed dual-use tool " : "Dual-use tool ") + id->tool->tool;
  hits.push_back(std::move(hit));
}

}  // namespace

ToolTable ToolTable::Parse(std::string_view tsv, const std::string& source, Diagnostics& diags) {
  ToolTable table;
  std::uint64_t line_no = 0;
  for (std::string_view line : Split(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || line.front() == '#') continue;
    std::vector<std::string_view> cols = Split(line, '\t');
    if (cols.size() != kToolColumns || Trim(cols[0]).empty() || Trim(cols[1]).empty()) {
      Location where;
      where.file = source;
      where.line = line_no;
      diags.Warn(Error(ErrorCode::kParse, "expected 6 TAB-separated fields; line skipped", where));
      continue;
    }
    table.entries_.push_back({std::string(Trim(cols[0])), std::string(Trim(cols[1])),
                              Names(cols[2]), Names(cols[3]), Names(cols[4]), Names(cols[5])});
  }
  return table;
}

const ToolTable& ToolTable::Builtin() {
  static const ToolTable table = [] {
    Diagnostics diags;
    std::optional<std::string_view> tsv = EmbeddedPackFile("common/tools.tsv");
    return tsv ? Parse(*tsv, "packs/common/tools.tsv", diags) : ToolTable();
  }();
  return table;
}

const ToolSignature* ToolTable::Identify(std::string_view original, std::string_view internal,
                                         std::string_view product) const {
  for (const ToolSignature& t : entries_) {
    if (Contains(t.original_names, original) || Contains(t.internal_names, internal)) return &t;
  }
  for (const ToolSignature& t : entries_) {
    if (Contains(t.products, product)) return &t;
  }
  return nullptr;
}

bool ToolTable::IsExpectedName(const ToolSignature& tool, std::string_view original,
                               std::string_view base_name) const {
  if (EqualsIgnoreCase(original, base_name)) return true;
  return std::any_of(entries_.begin(), entries_.end(), [&](const ToolSignature& t) {
    return t.intel_tool == tool.intel_tool && Contains(t.file_names, base_name);
  });
}

std::string_view FieldValue(const FileFields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return {};
}

std::optional<ToolIdentity> IdentifyTool(const FileFields& fields, const ToolTable& tools) {
  std::string_view original = FieldValue(fields, "file.pe.original_file_name");
  std::string_view internal = FieldValue(fields, "file.pe.internal_name");
  std::string_view product = FieldValue(fields, "file.pe.product");
  const ToolSignature* tool = tools.Identify(original, internal, product);
  if (tool == nullptr) return std::nullopt;
  ToolIdentity id{tool, "file.pe.product", std::string(product)};
  if (Contains(tool->original_names, original)) {
    id.field = "file.pe.original_file_name";
    id.value = std::string(original);
  } else if (Contains(tool->internal_names, internal)) {
    id.field = "file.pe.internal_name";
    id.value = std::string(internal);
  }
  std::string_view name = FieldValue(fields, "file.name");
  if (name.empty()) name = BaseName(FieldValue(fields, "file.path"));
  id.renamed = !name.empty() && !tools.IsExpectedName(*tool, original, name);
  return id;
}

std::vector<Hit> MatchFileFields(const FileFields& fields, const IntelSet& intel,
                                 const ToolTable& tools) {
  std::vector<Hit> hits;
  for (const auto& [key, value] : fields) {
    if (key == "file.pe.imphash") {
      AddHits(hits, intel.MatchDigest(IndicatorType::kImphash, value), value, "file.pe.imphash",
              kImphashScore);
    } else if (key == "file.code_signature.thumbprint_sha1") {
      AddHits(hits, intel.MatchDigest(IndicatorType::kCertSha1, value), value,
              "file.code_signature.thumbprint_sha1", kCertThumbprintScore);
    } else if (key == "file.code_signature.thumbprint_sha256") {
      AddHits(hits, intel.MatchDigest(IndicatorType::kCertSha256, value), value,
              "file.code_signature.thumbprint_sha256", kCertThumbprintScore);
    }
  }
  MatchSerials(fields, intel, hits);
  std::string_view original = FieldValue(fields, "file.pe.original_file_name");
  if (!original.empty() && !EqualsIgnoreCase(original, FieldValue(fields, "file.name"))) {
    AddHits(hits, intel.MatchValue(IndicatorType::kFilename, original), original,
            "file.pe.original_file_name", kOriginalNameScore);
  }
  MatchTool(fields, intel, tools, hits);
  return hits;
}

}  // namespace shrike::files
