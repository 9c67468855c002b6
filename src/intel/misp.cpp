// MISP event JSON reader: {"Event":{...}}, {"response":[{"Event":...}]} and
// arrays of events. Attributes come from Event.Attribute and
// Event.Object[].Attribute; context from galaxy tags, Event.Galaxy clusters,
// plain tags, comments and first/last_seen.
#include <map>

#include "core/strings.h"
#include "intel/formats_common.h"
#include "intel/formats_misp.h"
#include "shrike/intel_io.h"

namespace shrike {
namespace {

namespace ii = intel_internal;
using simdjson::dom::element;
using simdjson::dom::object;

std::vector<std::string> TagNames(object obj) {
  std::vector<std::string> names;
  auto tags = ii::JsonArray(obj, "Tag");
  if (!tags) return names;
  for (element tag : *tags) {
    auto tag_obj = ii::JsonObject(tag);
    std::string_view name = tag_obj ? ii::JsonString(*tag_obj, "name") : std::string_view();
    if (!name.empty()) names.emplace_back(name);
  }
  return names;
}

// Reading state for one event.
class EventReader {
 public:
  EventReader(const std::string& file, Intel& intel, ii::ContextInterner& interner,
              Diagnostics& diags)
      : file_(file), intel_(intel), interner_(interner), diags_(diags) {}

  void Read(object event) {
    auto event_tags = TagNames(event);
    per_attribute_ =
        std::find(event_tags.begin(), event_tags.end(), ii::kPerAttributeTag) != event_tags.end();
    ReadGalaxies(event);
    if (!per_attribute_) BuildEventContext(event, event_tags);
    if (auto attrs = ii::JsonArray(event, "Attribute")) ReadAttributes(*attrs, "");
    auto objects = ii::JsonArray(event, "Object");
    if (!objects) return;
    for (element el : *objects) {
      auto obj = ii::JsonObject(el);
      if (!obj) continue;
      if (auto attrs = ii::JsonArray(*obj, "Attribute")) {
        ReadAttributes(*attrs, ii::JsonString(*obj, "name"));
      }
    }
  }

 private:
  void AddEntity(EntityKind kind, const std::string& name, const std::string& external_id) {
    if (name.empty() || intel_.FindEntity(kind, name) != nullptr) return;
    Entity e;
    e.kind = kind;
    e.name = name;
    e.external_id = external_id;
    intel_.entities.push_back(std::move(e));
  }

  void ReadCluster(EntityKind kind, object cluster) {
    std::string_view value = ii::JsonString(cluster, "value");
    // Shrike writes " - T1234" after technique names only.
    bool split = !per_attribute_ || kind == EntityKind::kTechnique;
    auto [name, suffix_id] =
        split ? ii::SplitMitreSuffix(value) : std::pair(std::string(value), std::string());
    if (name.empty()) return;
    int k = static_cast<int>(kind);
    if (++cluster_count_[k] == 1) first_cluster_[k] = name;
    if (const Entity* known = intel_.FindEntity(kind, name)) {
      if (kind == EntityKind::kActor) synonyms_[name] = known->aliases;
      return;
    }
    Entity e;
    e.kind = kind;
    e.name = name;
    e.description = ii::JsonString(cluster, "description");
    e.external_id = suffix_id;
    object meta;
    if (cluster["meta"].get(meta) == simdjson::SUCCESS) {
      e.aliases = ii::JsonStrings(meta, "synonyms");
      auto ids = ii::JsonStrings(meta, "external_id");
      if (!ids.empty()) e.external_id = ids.front();
      e.sectors = ii::JsonStrings(meta, "sectors");
      e.countries = ii::JsonStrings(meta, "countries");
    }
    if (kind == EntityKind::kActor) synonyms_[e.name] = e.aliases;
    intel_.entities.push_back(std::move(e));
  }

  void ReadGalaxies(object event) {
    auto galaxies = ii::JsonArray(event, "Galaxy");
    if (!galaxies) return;
    for (element g : *galaxies) {
      auto galaxy = ii::JsonObject(g);
      if (!galaxy) continue;
      auto kind = ii::GalaxyEntityKind(ii::JsonString(*galaxy, "type"));
      auto clusters = ii::JsonArray(*galaxy, "GalaxyCluster");
      if (!kind || !clusters) continue;
      for (element c : *clusters) {
        if (auto cluster = ii::JsonObject(c)) ReadCluster(*kind, *cluster);
      }
    }
  }

  // Event-level context for events not written by Shrike: the event is one
  // report, its info the campaign, its single actor/family/tool everyone's.
  void BuildEventContext(object event, const std::vector<std::string>& tags) {
    event_ctx_.campaign = ii::JsonString(event, "info");
    event_ctx_.source = ii::BaseName(file_);
    auto one = [&](EntityKind kind) {
      int k = static_cast<int>(kind);
      return cluster_count_[k] == 1 ? first_cluster_[k] : std::string();
    };
    event_ctx_.actor = cluster_count_[0] >= 1 ? first_cluster_[0] : std::string();
    if (auto it = synonyms_.find(event_ctx_.actor); it != synonyms_.end()) {
      event_ctx_.aliases = it->second;
    }
    event_ctx_.malware_family = one(EntityKind::kMalware);
    event_ctx_.tool = one(EntityKind::kTool);
    ApplyTags(event_ctx_, tags);
  }

  // Applies tags to ctx; galaxy tags also name entities.
  void ApplyTags(IndicatorContext& ctx, const std::vector<std::string>& tags) {
    int estimative = -1;
    bool explicit_confidence = false;
    for (const std::string& raw : tags) {
      ii::MispTag tag = ii::ParseMispTag(raw);
      if (tag.name_space == "misp-galaxy") {
        ApplyGalaxyTag(ctx, tag);
      } else if (tag.name_space == "shrike") {
        explicit_confidence |= ApplyShrikeTag(ctx, tag);
      } else if (raw.rfind(ii::kEstimativeConfidence, 0) == 0) {
        estimative = ii::EstimativeConfidence(tag.value);
      } else if (std::find(ctx.tags.begin(), ctx.tags.end(), raw) == ctx.tags.end()) {
        ctx.tags.push_back(raw);
      }
    }
    if (!explicit_confidence && estimative >= 0) ctx.confidence = estimative;
  }

  void ApplyGalaxyTag(IndicatorContext& ctx, const ii::MispTag& tag) {
    auto kind = ii::GalaxyEntityKind(tag.predicate);
    if (!kind) return;
    // Shrike's own tags carry names verbatim; others may end in " - T1234".
    auto [name, id] = per_attribute_ ? std::pair<std::string, std::string>(tag.value, "")
                                     : ii::SplitMitreSuffix(tag.value);
    // Shrike's own events list every entity as a galaxy cluster already.
    if (!per_attribute_) AddEntity(*kind, name, id);
    if (*kind == EntityKind::kActor) {
      ctx.actor = name;
      auto it = synonyms_.find(name);
      if (!per_attribute_ && it != synonyms_.end()) ctx.aliases = it->second;
    }
    if (*kind == EntityKind::kMalware) ctx.malware_family = name;
    if (*kind == EntityKind::kTool) ctx.tool = name;
    if (*kind == EntityKind::kCampaign) ctx.campaign = name;
  }

  // Returns whether the tag set the confidence.
  bool ApplyShrikeTag(IndicatorContext& ctx, const ii::MispTag& tag) {
    if (tag.predicate == "campaign") ctx.campaign = tag.value;
    if (tag.predicate == "alias") ctx.aliases.push_back(tag.value);
    if (tag.predicate == "source") ctx.source = tag.value;
    if (tag.predicate == "tag") ctx.tags.push_back(tag.value);
    if (tag.predicate != "confidence") return false;
    auto value = ii::ParseInt(tag.value, 0, 100);
    if (value) ctx.confidence = static_cast<int>(*value);
    return value.has_value();
  }

  std::optional<IndicatorType> ShrikeType(const std::vector<std::string>& tags) {
    for (const auto& raw : tags) {
      ii::MispTag tag = ii::ParseMispTag(raw);
      if (tag.name_space == "shrike" && tag.predicate == "type")
        return ParseIndicatorType(tag.value);
    }
    return std::nullopt;
  }

  void ReadAttributes(simdjson::dom::array attrs, std::string_view object_name) {
    std::size_t index = 0;
    for (element el : attrs) {
      if (auto attr = ii::JsonObject(el)) ReadAttribute(*attr, object_name, index);
      ++index;
    }
  }

  void Warn(const ii::RecordPlace& place, const std::string& what) {
    diags_.Warn(Error(ErrorCode::kUnsupported, what, ii::ToLocation(place)));
  }

  // Names the attribute by uuid, or by its index when it has none.
  static std::string AttributeName(object attr, std::string_view object_name, std::size_t index) {
    std::string_view uuid = ii::JsonString(attr, "uuid");
    if (!uuid.empty()) return "attribute " + std::string(uuid);
    std::string where = object_name.empty() ? "" : "object " + std::string(object_name) + " ";
    return where + "Attribute[" + std::to_string(index) + "]";
  }

  void ReadAttribute(object attr, std::string_view object_name, std::size_t index) {
    if (ii::JsonBool(attr, "deleted", false)) return;
    ii::RecordPlace place{&file_, 0, 0, AttributeName(attr, object_name, index)};
    std::string_view type = ii::JsonString(attr, "type");
    std::string_view value = ii::JsonString(attr, "value");
    auto tags = TagNames(attr);
    auto context = interner_.Intern(AttributeContext(attr, tags, place));
    if (auto forced = ShrikeType(tags)) {
      ii::AddIndicator(intel_, *forced, value, context, place, diags_);
      return;
    }
    if (object_name == "x509" && ii::JsonString(attr, "object_relation") == "serial-number") {
      ii::AddIndicator(intel_, IndicatorType::kCertSerial, value, context, place, diags_);
      return;
    }
    auto rule = ii::LookupMispType(type);
    if (!rule) {
      return Warn(place, "unsupported MISP attribute type '" + std::string(type.substr(0, 60)) +
                             "'; skipped");
    }
    AddByRule(*rule, value, context, place);
  }

  void AddByRule(const ii::MispTypeRule& rule, std::string_view value,
                 const std::shared_ptr<const IndicatorContext>& context,
                 const ii::RecordPlace& place) {
    using Kind = ii::MispTypeRule::Kind;
    if (rule.kind == Kind::kIgnored) return;
    std::string_view first = value, second;
    if (rule.kind == Kind::kComposite) {
      std::size_t bar = value.find('|');
      if (bar == std::string_view::npos) {
        return Warn(place, "composite MISP value without '|': '" +
                               std::string(value.substr(0, 200)) + "'; skipped");
      }
      first = value.substr(0, bar);
      second = value.substr(bar + 1);
    }
    IndicatorType t1 = ii::RefineAddressType(rule.first, first);
    ii::AddIndicator(intel_, t1, first, context, place, diags_);
    if (rule.second) {
      IndicatorType t2 = ii::RefineAddressType(*rule.second, second);
      ii::AddIndicator(intel_, t2, second, context, place, diags_);
    }
  }

  IndicatorContext AttributeContext(object attr, const std::vector<std::string>& tags,
                                    const ii::RecordPlace& place) {
    IndicatorContext ctx = per_attribute_ ? IndicatorContext() : event_ctx_;
    ApplyTags(ctx, tags);
    std::string_view comment = ii::JsonString(attr, "comment");
    if (!comment.empty() || per_attribute_) ctx.description = comment;
    ReadSeen(attr, "first_seen", ctx.first_seen, place);
    ReadSeen(attr, "last_seen", ctx.last_seen, place);
    return ctx;
  }

  void ReadSeen(object attr, std::string_view key, UnixTime& out, const ii::RecordPlace& place) {
    std::string_view text = ii::JsonString(attr, key);
    if (text.empty()) return;
    out = ParseIsoTime(text);
    if (out == kNoTime) {
      diags_.Warn(Error(
          ErrorCode::kParse,
          std::string(key) + " '" + std::string(text.substr(0, 60)) + "' is not ISO 8601; ignored",
          ii::ToLocation(place)));
    }
  }

  const std::string& file_;
  Intel& intel_;
  ii::ContextInterner& interner_;
  Diagnostics& diags_;
  bool per_attribute_ = false;
  IndicatorContext event_ctx_;
  std::map<std::string, std::vector<std::string>> synonyms_;  // actor -> aliases
  int cluster_count_[7] = {};
  std::string first_cluster_[7];
};

// The event objects of a MISP document, or an error naming what is missing.
Result<std::vector<object>> EventsOf(element root, const std::string& file) {
  std::vector<object> events;
  simdjson::dom::array list;
  object obj;
  if (root.get(obj) == simdjson::SUCCESS) {
    element inner;
    if (obj["Event"].get(inner) == simdjson::SUCCESS) return EventsOf(inner, file);
    if (obj["response"].get(inner) == simdjson::SUCCESS) return EventsOf(inner, file);
    if (ii::JsonHas(obj, "Attribute") || ii::JsonHas(obj, "info")) return std::vector{obj};
    return Error(ErrorCode::kParse, "not a MISP event: no \"Event\" or \"response\" member",
                 intel_internal::FileLine(file));
  }
  if (root.get(list) != simdjson::SUCCESS) {
    return Error(ErrorCode::kParse, "not a MISP event: expected an object or an array",
                 intel_internal::FileLine(file));
  }
  for (element el : list) {
    SHRIKE_TRY(auto more, EventsOf(el, file));
    events.insert(events.end(), more.begin(), more.end());
  }
  return events;
}

}  // namespace

Result<Intel> ReadMisp(std::string_view text, const std::string& file, Diagnostics& diags) {
  simdjson::dom::parser parser;
  SHRIKE_TRY(element root, ii::ParseJson(parser, text, file));
  SHRIKE_TRY(std::vector<object> events, EventsOf(root, file));
  Intel intel;
  ii::ContextInterner interner;
  for (object event : events) {
    if (intel.name.empty()) intel.name = ii::JsonString(event, "info");
    EventReader(file, intel, interner, diags).Read(event);
  }
  if (intel.name.empty()) intel.name = ii::BaseName(file);
  return intel;
}

}  // namespace shrike
