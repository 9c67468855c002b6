// Format names, read/write dispatch, and the helpers every intel reader
// shares (context interning, value admission with located warnings).
#include <array>
#include <charconv>

#include "core/strings.h"
#include "intel/formats_common.h"
#include "shrike/extract.h"
#include "shrike/intel_io.h"

namespace shrike {
namespace intel_internal {
namespace {

void AppendField(std::string& key, std::string_view field) {
  key += std::to_string(field.size());
  key.push_back(':');
  key.append(field);
}

// An unambiguous serialisation of every field (length-prefixed strings).
std::string ContextKey(const IndicatorContext& c) {
  std::string key;
  for (std::string_view f :
       {std::string_view(c.campaign), std::string_view(c.actor), std::string_view(c.malware_family),
        std::string_view(c.tool), std::string_view(c.source), std::string_view(c.description)}) {
    AppendField(key, f);
  }
  key += std::to_string(c.confidence) + ";" + std::to_string(c.first_seen) + ";" +
         std::to_string(c.last_seen) + ";";
  for (const auto& a : c.aliases) AppendField(key, a);
  key.push_back('|');
  for (const auto& t : c.tags) AppendField(key, t);
  return key;
}

}  // namespace

std::shared_ptr<const IndicatorContext> ContextInterner::Intern(const IndicatorContext& context) {
  if (last_ != nullptr && *last_ == context) return last_;
  auto [it, inserted] = contexts_.try_emplace(ContextKey(context));
  if (inserted) it->second = std::make_shared<const IndicatorContext>(context);
  last_ = it->second;
  return last_;
}

Location ToLocation(const RecordPlace& place) {
  Location where;
  if (place.file != nullptr) where.file = *place.file;
  where.line = place.line;
  where.offset = place.offset;
  where.has_offset = place.line == 0 && place.offset != 0;
  where.record = place.record;
  return where;
}

bool AddIndicator(Intel& intel, IndicatorType type, std::string_view value,
                  const std::shared_ptr<const IndicatorContext>& context, const RecordPlace& place,
                  Diagnostics& diags) {
  auto normal = NormalizeValue(type, value);
  if (!normal.ok()) {
    diags.Warn(Error(ErrorCode::kParse, normal.error().message() + "; skipped", ToLocation(place)));
    return false;
  }
  Indicator ind;
  ind.type = type;
  ind.value = std::move(normal).value();
  ind.context = context;
  ind.offset = place.offset;
  ind.line = static_cast<std::uint32_t>(place.line);
  intel.indicators.push_back(std::move(ind));
  return true;
}

std::vector<std::string> SplitList(std::string_view text, char sep) {
  std::vector<std::string> out;
  for (std::string_view part : Split(text, sep)) {
    part = Trim(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

std::string JoinList(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out.push_back(sep);
    out += p;
  }
  return out;
}

std::optional<std::int64_t> ParseInt(std::string_view text, std::int64_t lo, std::int64_t hi) {
  text = Trim(text);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) {
    return std::nullopt;
  }
  return v;
}

std::optional<EntityKind> ParseEntityKind(std::string_view name) {
  for (int k = 0; k <= static_cast<int>(EntityKind::kReport); ++k) {
    auto kind = static_cast<EntityKind>(k);
    if (EqualsIgnoreCase(EntityKindName(kind), name)) return kind;
  }
  return std::nullopt;
}

std::string BaseName(std::string_view file) {
  while (file.size() > 1 && file.back() == '/') file.remove_suffix(1);
  std::size_t slash = file.rfind('/');
  return std::string(slash == std::string_view::npos ? file : file.substr(slash + 1));
}

}  // namespace intel_internal

namespace {

struct FormatName {
  IntelFormat format;
  std::string_view name;
};
constexpr std::array<FormatName, 10> kFormatNames = {{
    {IntelFormat::kUnknown, "unknown"},
    {IntelFormat::kStix, "stix"},
    {IntelFormat::kMisp, "misp"},
    {IntelFormat::kCsv, "csv"},
    {IntelFormat::kJson, "json"},
    {IntelFormat::kList, "list"},
    {IntelFormat::kLokiHash, "loki-hash"},
    {IntelFormat::kLokiC2, "loki-c2"},
    {IntelFormat::kLokiFilename, "loki-filename"},
    {IntelFormat::kProse, "prose"},
}};

// Prose becomes an Intel whose named entities (malware, tools, actors the
// text mentions) are also listed as entities.
Intel WrapExtraction(Extraction extraction, const std::string& file) {
  Intel intel;
  intel.name = intel_internal::BaseName(file);
  intel.indicators = std::move(extraction.indicators);
  for (const Indicator& ind : intel.indicators) {
    std::optional<EntityKind> kind;
    if (ind.type == IndicatorType::kMalware) kind = EntityKind::kMalware;
    if (ind.type == IndicatorType::kTool) kind = EntityKind::kTool;
    if (ind.type == IndicatorType::kActor) kind = EntityKind::kActor;
    if (!kind || intel.FindEntity(*kind, ind.value) != nullptr) continue;
    Entity e;
    e.kind = *kind;
    e.name = ind.value;
    intel.entities.push_back(std::move(e));
  }
  return intel;
}

}  // namespace

std::string_view IntelFormatName(IntelFormat format) {
  for (const auto& f : kFormatNames) {
    if (f.format == format) return f.name;
  }
  return "unknown";
}

std::optional<IntelFormat> ParseIntelFormat(std::string_view name) {
  std::string lower = AsciiLower(Trim(name));
  if (lower == "stix2" || lower == "stix21") return IntelFormat::kStix;
  if (lower == "txt" || lower == "text" || lower == "plain") return IntelFormat::kList;
  for (const auto& f : kFormatNames) {
    if (f.name == lower && f.format != IntelFormat::kUnknown) return f.format;
  }
  return std::nullopt;
}

Result<std::string> WriteIntel(const Intel& intel, IntelFormat format) {
  switch (format) {
    case IntelFormat::kStix: return WriteStix(intel);
    case IntelFormat::kMisp: return WriteMisp(intel);
    case IntelFormat::kCsv: return WriteCsv(intel);
    case IntelFormat::kJson: return WriteJsonIntel(intel);
    default: break;
  }
  return Error(ErrorCode::kUnsupported, "cannot write intel as " +
                                            std::string(IntelFormatName(format)) +
                                            " (writable formats: stix, misp, csv, json)");
}

Result<Intel> ReadIntel(std::string_view text, const std::string& file, Diagnostics& diags) {
  IntelFormat format = DetectIntelFormat(file, text);
  Result<Intel> result = Error(ErrorCode::kInternal, "unreachable");
  switch (format) {
    case IntelFormat::kStix: result = ReadStix(text, file, diags); break;
    case IntelFormat::kMisp: result = ReadMisp(text, file, diags); break;
    case IntelFormat::kCsv: result = ReadCsv(text, file, diags); break;
    case IntelFormat::kJson: result = ReadJsonIntel(text, file, diags); break;
    case IntelFormat::kList:
    case IntelFormat::kLokiHash:
    case IntelFormat::kLokiC2:
    case IntelFormat::kLokiFilename: result = ReadList(text, file, format, diags); break;
    case IntelFormat::kProse:
    case IntelFormat::kUnknown: {
      ExtractOptions options;
      options.source = intel_internal::BaseName(file);
      return WrapExtraction(ExtractIndicators(text, options), file);
    }
  }
  if (result.ok() && result->name.empty()) result->name = intel_internal::BaseName(file);
  return result;
}

}  // namespace shrike
