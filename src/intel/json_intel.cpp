// Shrike's own JSON intel format (what `--to json` writes): every field of
// every indicator and entity, so that reading it back is lossless.
//
//   {"name":..., "indicators":[{"type","value", context fields..., "offset",
//    "line","defanged","benign"}], "entities":[{"kind","name","aliases",...,
//    "relations":[[verb,target]]}]}
#include "core/json_writer.h"
#include "intel/formats_common.h"
#include "shrike/intel_io.h"

namespace shrike {
namespace {

namespace ii = intel_internal;
using simdjson::dom::element;
using simdjson::dom::object;

void OptionalField(JsonWriter& w, std::string_view key, std::string_view value) {
  if (!value.empty()) w.Field(key, value);
}

void OptionalList(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  if (!values.empty()) w.StringArray(key, values);
}

void OptionalTime(JsonWriter& w, std::string_view key, UnixTime t) {
  if (t != kNoTime) w.Field(key, FormatIsoTime(t));
}

void WriteIndicator(JsonWriter& w, const Indicator& ind) {
  const IndicatorContext& c = ind.ctx();
  w.BeginObject().Field("type", IndicatorTypeName(ind.type)).Field("value", ind.value);
  OptionalField(w, "campaign", c.campaign);
  OptionalField(w, "actor", c.actor);
  OptionalList(w, "aliases", c.aliases);
  OptionalField(w, "malware_family", c.malware_family);
  OptionalField(w, "tool", c.tool);
  if (c.confidence >= 0) w.Field("confidence", c.confidence);
  OptionalField(w, "source", c.source);
  OptionalTime(w, "first_seen", c.first_seen);
  OptionalTime(w, "last_seen", c.last_seen);
  OptionalList(w, "tags", c.tags);
  OptionalField(w, "description", c.description);
  if (ind.offset != 0) w.Field("offset", static_cast<std::int64_t>(ind.offset));
  if (ind.line != 0) w.Field("line", static_cast<std::int64_t>(ind.line));
  if (ind.defanged) w.Field("defanged", true);
  OptionalField(w, "benign", ind.benign);
  w.EndObject();
}

void WriteEntity(JsonWriter& w, const Entity& e) {
  w.BeginObject().Field("kind", EntityKindName(e.kind)).Field("name", e.name);
  OptionalList(w, "aliases", e.aliases);
  OptionalField(w, "description", e.description);
  OptionalField(w, "external_id", e.external_id);
  OptionalList(w, "sectors", e.sectors);
  OptionalList(w, "countries", e.countries);
  OptionalTime(w, "first_seen", e.first_seen);
  OptionalTime(w, "last_seen", e.last_seen);
  if (!e.relations.empty()) {
    w.Key("relations").BeginArray();
    for (const auto& [verb, target] : e.relations) {
      w.BeginArray().String(verb).String(target).EndArray();
    }
    w.EndArray();
  }
  w.EndObject();
}

// Reads a time member; a present but unparseable one is a warning.
UnixTime ReadTime(object obj, std::string_view key, const ii::RecordPlace& place,
                  Diagnostics& diags) {
  std::string_view text = ii::JsonString(obj, key);
  if (text.empty()) return kNoTime;
  UnixTime t = ParseIsoTime(text);
  if (t == kNoTime) {
    diags.Warn(
        Error(ErrorCode::kParse,
              std::string(key) + " '" + std::string(text.substr(0, 60)) + "' is not ISO 8601",
              ii::ToLocation(place)));
  }
  return t;
}

IndicatorContext ReadContext(object obj, const ii::RecordPlace& place, Diagnostics& diags) {
  IndicatorContext c;
  c.campaign = ii::JsonString(obj, "campaign");
  c.actor = ii::JsonString(obj, "actor");
  c.aliases = ii::JsonStrings(obj, "aliases");
  c.malware_family = ii::JsonString(obj, "malware_family");
  c.tool = ii::JsonString(obj, "tool");
  auto confidence = ii::JsonInt(obj, "confidence");
  if (confidence && *confidence >= 0 && *confidence <= 100)
    c.confidence = static_cast<int>(*confidence);
  c.source = ii::JsonString(obj, "source");
  c.first_seen = ReadTime(obj, "first_seen", place, diags);
  c.last_seen = ReadTime(obj, "last_seen", place, diags);
  c.tags = ii::JsonStrings(obj, "tags");
  c.description = ii::JsonString(obj, "description");
  return c;
}

void ReadIndicator(object obj, const ii::RecordPlace& place, ii::ContextInterner& interner,
                   Intel& intel, Diagnostics& diags) {
  std::string_view type_name = ii::JsonString(obj, "type");
  auto type = ParseIndicatorType(type_name);
  if (!type) {
    diags.Warn(
        Error(ErrorCode::kParse,
              "unknown indicator type '" + std::string(type_name.substr(0, 60)) + "'; skipped",
              ii::ToLocation(place)));
    return;
  }
  auto context = interner.Intern(ReadContext(obj, place, diags));
  std::string_view value = ii::JsonString(obj, "value");
  IndicatorType refined = ii::RefineAddressType(*type, value);
  if (!ii::AddIndicator(intel, refined, value, context, place, diags)) return;
  Indicator& ind = intel.indicators.back();
  auto offset = ii::JsonInt(obj, "offset");
  auto line = ii::JsonInt(obj, "line");
  ind.offset = offset && *offset > 0 ? static_cast<std::uint64_t>(*offset) : 0;
  ind.line = line && *line > 0 && *line <= UINT32_MAX ? static_cast<std::uint32_t>(*line) : 0;
  ind.defanged = ii::JsonBool(obj, "defanged", false);
  ind.benign = ii::JsonString(obj, "benign");
}

void ReadRelations(object obj, Entity& e) {
  auto relations = ii::JsonArray(obj, "relations");
  if (!relations) return;
  for (element pair : *relations) {
    std::string_view verb, target;
    if (pair.at(0).get(verb) == simdjson::SUCCESS && pair.at(1).get(target) == simdjson::SUCCESS) {
      e.relations.emplace_back(verb, target);
    }
  }
}

void ReadEntity(object obj, const ii::RecordPlace& place, Intel& intel, Diagnostics& diags) {
  std::string_view kind_name = ii::JsonString(obj, "kind");
  auto kind = ii::ParseEntityKind(kind_name);
  std::string_view name = ii::JsonString(obj, "name");
  if (!kind || name.empty()) {
    diags.Warn(Error(ErrorCode::kParse, "entity without a known kind and a name; skipped",
                     ii::ToLocation(place)));
    return;
  }
  Entity e;
  e.kind = *kind;
  e.name = name;
  e.aliases = ii::JsonStrings(obj, "aliases");
  e.description = ii::JsonString(obj, "description");
  e.external_id = ii::JsonString(obj, "external_id");
  e.sectors = ii::JsonStrings(obj, "sectors");
  e.countries = ii::JsonStrings(obj, "countries");
  e.first_seen = ReadTime(obj, "first_seen", place, diags);
  e.last_seen = ReadTime(obj, "last_seen", place, diags);
  ReadRelations(obj, e);
  intel.entities.push_back(std::move(e));
}

// Calls read(object, place) for each element of root[key]; non-objects warn.
template <typename F>
void ForEachRecord(object root, std::string_view key, const std::string& file, Diagnostics& diags,
                   F&& read) {
  auto arr = ii::JsonArray(root, key);
  if (!arr) return;
  std::size_t index = 0;
  for (element el : *arr) {
    ii::RecordPlace place{&file, 0, 0, std::string(key) + "[" + std::to_string(index++) + "]"};
    auto obj = ii::JsonObject(el);
    if (obj) {
      read(*obj, place);
    } else {
      diags.Warn(Error(ErrorCode::kParse, "not a JSON object; skipped", ii::ToLocation(place)));
    }
  }
}

}  // namespace

std::string WriteJsonIntel(const Intel& intel) {
  JsonWriter w(/*pretty=*/true);
  w.BeginObject().Field("name", intel.name);
  w.Key("indicators").BeginArray();
  for (const Indicator& ind : intel.indicators) WriteIndicator(w, ind);
  w.EndArray().Key("entities").BeginArray();
  for (const Entity& e : intel.entities) WriteEntity(w, e);
  w.EndArray().EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return out;
}

Result<Intel> ReadJsonIntel(std::string_view text, const std::string& file, Diagnostics& diags) {
  simdjson::dom::parser parser;
  SHRIKE_TRY(element root, ii::ParseJson(parser, text, file));
  auto obj = ii::JsonObject(root);
  if (!obj || !ii::JsonArray(*obj, "indicators")) {
    return Error(ErrorCode::kParse, "not Shrike intel JSON: no \"indicators\" array",
                 intel_internal::FileLine(file));
  }
  Intel intel;
  intel.name = ii::JsonString(*obj, "name");
  ii::ContextInterner interner;
  ForEachRecord(*obj, "indicators", file, diags, [&](object o, const ii::RecordPlace& place) {
    ReadIndicator(o, place, interner, intel, diags);
  });
  ForEachRecord(*obj, "entities", file, diags, [&](object o, const ii::RecordPlace& place) {
    ReadEntity(o, place, intel, diags);
  });
  return intel;
}

}  // namespace shrike
