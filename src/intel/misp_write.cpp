// MISP event JSON writer, and the MISP vocabulary (attribute types, galaxy
// types, tag grammar) it shares with the reader in misp.cpp.
//
// One Event per Intel. Each attribute carries its indicator's whole context
// as tags, and the event is tagged shrike:context="per-attribute" so that a
// read back restores every context exactly. Entities become galaxy clusters.
#include <algorithm>
#include <array>

#include "core/json_writer.h"
#include "core/strings.h"
#include "core/uuid.h"
#include "intel/formats_common.h"
#include "intel/formats_misp.h"
#include "shrike/intel_io.h"

namespace shrike {
namespace intel_internal {
namespace {

using Kind = MispTypeRule::Kind;
using T = IndicatorType;

struct TypeEntry {
  std::string_view name;
  MispTypeRule rule;
};

const std::array<TypeEntry, 45> kMispTypes = {{
    {"md5", {Kind::kSingle, T::kMd5, {}}},
    {"sha1", {Kind::kSingle, T::kSha1, {}}},
    {"sha256", {Kind::kSingle, T::kSha256, {}}},
    {"sha512", {Kind::kSingle, T::kSha512, {}}},
    {"ssdeep", {Kind::kSingle, T::kSsdeep, {}}},
    {"imphash", {Kind::kSingle, T::kImphash, {}}},
    {"domain", {Kind::kSingle, T::kDomain, {}}},
    {"hostname", {Kind::kSingle, T::kDomain, {}}},
    {"ip-src", {Kind::kSingle, T::kIpv4, {}}},
    {"ip-dst", {Kind::kSingle, T::kIpv4, {}}},
    {"url", {Kind::kSingle, T::kUrl, {}}},
    {"uri", {Kind::kSingle, T::kUrl, {}}},
    {"email", {Kind::kSingle, T::kEmail, {}}},
    {"email-src", {Kind::kSingle, T::kEmail, {}}},
    {"email-dst", {Kind::kSingle, T::kEmail, {}}},
    {"filename", {Kind::kSingle, T::kFilename, {}}},
    {"filename-pattern", {Kind::kSingle, T::kFilenameRegex, {}}},
    {"x509-fingerprint-sha1", {Kind::kSingle, T::kCertSha1, {}}},
    {"x509-fingerprint-sha256", {Kind::kSingle, T::kCertSha256, {}}},
    {"vulnerability", {Kind::kSingle, T::kCve, {}}},
    {"threat-actor", {Kind::kSingle, T::kActor, {}}},
    {"ip-src|port", {Kind::kComposite, T::kIpv4, {}}},
    {"ip-dst|port", {Kind::kComposite, T::kIpv4, {}}},
    {"hostname|port", {Kind::kComposite, T::kDomain, {}}},
    {"domain|ip", {Kind::kComposite, T::kDomain, T::kIpv4}},
    {"filename|md5", {Kind::kComposite, T::kFilename, T::kMd5}},
    {"filename|sha1", {Kind::kComposite, T::kFilename, T::kSha1}},
    {"filename|sha256", {Kind::kComposite, T::kFilename, T::kSha256}},
    {"filename|sha512", {Kind::kComposite, T::kFilename, T::kSha512}},
    {"filename|ssdeep", {Kind::kComposite, T::kFilename, T::kSsdeep}},
    {"filename|imphash", {Kind::kComposite, T::kFilename, T::kImphash}},
    {"malware-sample", {Kind::kComposite, T::kFilename, T::kMd5}},
    // Informational attributes: no indicator, and no warning either.
    {"text", {}},
    {"comment", {}},
    {"other", {}},
    {"link", {}},
    {"attachment", {}},
    {"datetime", {}},
    {"counter", {}},
    {"float", {}},
    {"size-in-bytes", {}},
    {"port", {}},
    {"hex", {}},
    {"campaign-name", {}},
    {"campaign-id", {}},
}};

struct GalaxyEntry {
  std::string_view type;
  EntityKind kind;
};

const std::array<GalaxyEntry, 20> kGalaxies = {{
    {"threat-actor", EntityKind::kActor},
    {"mitre-intrusion-set", EntityKind::kActor},
    {"mitre-enterprise-attack-intrusion-set", EntityKind::kActor},
    {"malware", EntityKind::kMalware},
    {"mitre-malware", EntityKind::kMalware},
    {"mitre-enterprise-attack-malware", EntityKind::kMalware},
    {"ransomware", EntityKind::kMalware},
    {"rat", EntityKind::kMalware},
    {"backdoor", EntityKind::kMalware},
    {"banker", EntityKind::kMalware},
    {"stealer", EntityKind::kMalware},
    {"botnet", EntityKind::kMalware},
    {"tool", EntityKind::kTool},
    {"mitre-tool", EntityKind::kTool},
    {"mitre-enterprise-attack-tool", EntityKind::kTool},
    {"mitre-attack-pattern", EntityKind::kTechnique},
    {"mitre-enterprise-attack-attack-pattern", EntityKind::kTechnique},
    {"shrike-campaign", EntityKind::kCampaign},
    {"shrike-victim", EntityKind::kVictim},
    {"shrike-report", EntityKind::kReport},
}};

bool IsMitreId(std::string_view id) {
  std::size_t letters = id.substr(0, 2) == "TA" ? 2 : 1;
  if (id.size() < letters + 4 || std::string_view("TSGM").find(id[0]) == std::string_view::npos)
    return false;
  std::string_view rest = id.substr(letters);
  std::size_t dot = rest.find('.');
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
  };
  if (dot == std::string_view::npos) return rest.size() == 4 && digits(rest);
  return dot == 4 && digits(rest.substr(0, 4)) && digits(rest.substr(5));
}

}  // namespace

std::optional<MispTypeRule> LookupMispType(std::string_view misp_type) {
  std::string lower = AsciiLower(Trim(misp_type));
  for (const auto& entry : kMispTypes) {
    if (entry.name == lower) return entry.rule;
  }
  return std::nullopt;
}

MispTypeOut MispTypeFor(IndicatorType type) {
  switch (type) {
    case T::kMd5: return {"md5", "Payload delivery"};
    case T::kSha1: return {"sha1", "Payload delivery"};
    case T::kSha256: return {"sha256", "Payload delivery"};
    case T::kSha512: return {"sha512", "Payload delivery"};
    case T::kSsdeep: return {"ssdeep", "Payload delivery"};
    case T::kImphash: return {"imphash", "Payload delivery"};
    case T::kDomain: return {"domain", "Network activity"};
    case T::kIpv4:
    case T::kIpv6:
    case T::kCidr: return {"ip-dst", "Network activity"};
    case T::kUrl: return {"url", "Network activity"};
    case T::kEmail: return {"email-src", "Payload delivery"};
    case T::kFilename: return {"filename", "Payload delivery"};
    case T::kFilenameRegex: return {"filename-pattern", "Artifacts dropped"};
    case T::kCertSha1: return {"x509-fingerprint-sha1", "Network activity"};
    case T::kCertSha256: return {"x509-fingerprint-sha256", "Network activity"};
    case T::kCve: return {"vulnerability", "External analysis"};
    case T::kActor: return {"threat-actor", "Attribution"};
    case T::kCertSerial:
    case T::kAttackTechnique:
    case T::kMalware:
    case T::kTool: return {"text", "Other", true};
  }
  return {"text", "Other", true};
}

MispTag ParseMispTag(std::string_view tag) {
  MispTag out;
  std::size_t colon = tag.find(':');
  if (colon == std::string_view::npos) return out;
  out.name_space = std::string(tag.substr(0, colon));
  std::size_t eq = tag.find('=', colon);
  out.predicate =
      std::string(tag.substr(colon + 1, eq == std::string_view::npos ? eq : eq - colon - 1));
  if (eq == std::string_view::npos) return out;
  std::string_view value = tag.substr(eq + 1);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  out.value = std::string(value);
  return out;
}

std::string MakeMispTag(std::string_view name_space, std::string_view predicate,
                        std::string_view value) {
  return std::string(name_space) + ":" + std::string(predicate) + "=\"" + std::string(value) + "\"";
}

std::optional<EntityKind> GalaxyEntityKind(std::string_view galaxy_type) {
  for (const auto& g : kGalaxies) {
    if (g.type == galaxy_type) return g.kind;
  }
  return std::nullopt;
}

std::string_view GalaxyTypeFor(EntityKind kind) {
  switch (kind) {
    case EntityKind::kActor: return "threat-actor";
    case EntityKind::kCampaign: return "shrike-campaign";
    case EntityKind::kMalware: return "malware";
    case EntityKind::kTool: return "tool";
    case EntityKind::kTechnique: return "mitre-attack-pattern";
    case EntityKind::kVictim: return "shrike-victim";
    case EntityKind::kReport: return "shrike-report";
  }
  return "shrike-report";
}

std::pair<std::string, std::string> SplitMitreSuffix(std::string_view value) {
  value = Trim(value);
  std::size_t dash = value.rfind(" - ");
  if (dash != std::string_view::npos && IsMitreId(value.substr(dash + 3))) {
    return {std::string(Trim(value.substr(0, dash))), std::string(value.substr(dash + 3))};
  }
  return {std::string(value), ""};
}

std::string_view EstimativeWord(int confidence) {
  if (confidence >= 70) return "high";
  return confidence >= 40 ? "moderate" : "low";
}

int EstimativeConfidence(std::string_view word) {
  if (word == "high") return 85;
  if (word == "moderate") return 50;
  if (word == "low") return 15;
  return -1;
}

}  // namespace intel_internal

namespace {

namespace ii = intel_internal;

std::string EventInfo(const Intel& intel) {
  if (!intel.name.empty()) return intel.name;
  for (const Indicator& ind : intel.indicators) {
    if (!ind.ctx().campaign.empty()) return ind.ctx().campaign;
  }
  return "Shrike intel";
}

// The earliest first_seen known, as MISP's event date; a fixed date otherwise
// so that output stays deterministic.
std::string EventDate(const Intel& intel) {
  UnixTime earliest = kNoTime;
  auto consider = [&](UnixTime t) {
    if (t != kNoTime && (earliest == kNoTime || t < earliest)) earliest = t;
  };
  for (const Indicator& ind : intel.indicators) consider(ind.ctx().first_seen);
  for (const Entity& e : intel.entities) consider(e.first_seen);
  return earliest == kNoTime ? "1970-01-01" : FormatIsoTime(earliest).substr(0, 10);
}

void WriteTag(JsonWriter& w, std::string_view name) {
  w.BeginObject().Field("name", name).EndObject();
}

// A plain tag that the reader would take for a context tag is escaped into
// shrike:tag so that it comes back as a plain tag.
std::string PlainTag(const std::string& tag) {
  ii::MispTag parsed = ii::ParseMispTag(tag);
  bool special = parsed.name_space == "misp-galaxy" || parsed.name_space == "shrike" ||
                 tag.rfind(ii::kEstimativeConfidence, 0) == 0;
  return special ? ii::MakeMispTag("shrike", "tag", tag) : tag;
}

std::vector<std::string> ContextTags(const Indicator& ind) {
  const IndicatorContext& c = ind.ctx();
  std::vector<std::string> tags;
  if (ii::MispTypeFor(ind.type).needs_type_tag) {
    tags.push_back(ii::MakeMispTag("shrike", "type", IndicatorTypeName(ind.type)));
  }
  if (!c.campaign.empty()) tags.push_back(ii::MakeMispTag("shrike", "campaign", c.campaign));
  if (!c.actor.empty()) tags.push_back(ii::MakeMispTag("misp-galaxy", "threat-actor", c.actor));
  for (const auto& alias : c.aliases) tags.push_back(ii::MakeMispTag("shrike", "alias", alias));
  if (!c.malware_family.empty()) {
    tags.push_back(ii::MakeMispTag("misp-galaxy", "malware", c.malware_family));
  }
  if (!c.tool.empty()) tags.push_back(ii::MakeMispTag("misp-galaxy", "tool", c.tool));
  if (c.confidence >= 0) {
    tags.push_back(ii::MakeMispTag("shrike", "confidence", std::to_string(c.confidence)));
    tags.push_back(std::string(ii::kEstimativeConfidence) + "=\"" +
                   std::string(ii::EstimativeWord(c.confidence)) + "\"");
  }
  if (!c.source.empty()) tags.push_back(ii::MakeMispTag("shrike", "source", c.source));
  for (const auto& tag : c.tags) tags.push_back(PlainTag(tag));
  return tags;
}

void WriteAttribute(JsonWriter& w, const Indicator& ind, const std::string& event_uuid,
                    std::size_t index) {
  const IndicatorContext& c = ind.ctx();
  ii::MispTypeOut out = ii::MispTypeFor(ind.type);
  bool to_ids = IsObservable(ind.type) && ind.type != IndicatorType::kCve &&
                ind.type != IndicatorType::kAttackTechnique;
  std::string key = event_uuid + "|" + std::string(IndicatorTypeName(ind.type)) + "|" + ind.value +
                    "|" + std::to_string(index);
  w.BeginObject()
      .Field("uuid", UuidV5(ii::kMispNamespace, key))
      .Field("type", out.type)
      .Field("category", out.category)
      .Field("to_ids", to_ids)
      .Field("distribution", "5")
      .Field("value", ind.value);
  if (!c.description.empty()) w.Field("comment", c.description);
  if (c.first_seen != kNoTime) w.Field("first_seen", FormatIsoTime(c.first_seen));
  if (c.last_seen != kNoTime) w.Field("last_seen", FormatIsoTime(c.last_seen));
  w.Key("Tag").BeginArray();
  for (const auto& tag : ContextTags(ind)) WriteTag(w, tag);
  w.EndArray().EndObject();
}

void WriteCluster(JsonWriter& w, const Entity& e, std::string_view galaxy_type) {
  std::string value = e.name;
  if (e.kind == EntityKind::kTechnique && !e.external_id.empty()) value += " - " + e.external_id;
  w.BeginObject()
      .Field("uuid",
             UuidV5(ii::kMispNamespace, "cluster|" + std::string(galaxy_type) + "|" + value))
      .Field("type", galaxy_type)
      .Field("value", value)
      .Field("tag_name", ii::MakeMispTag("misp-galaxy", galaxy_type, value))
      .Field("description", e.description);
  w.Key("meta").BeginObject();
  if (!e.aliases.empty()) w.StringArray("synonyms", e.aliases);
  if (!e.external_id.empty()) w.StringArray("external_id", {e.external_id});
  if (!e.sectors.empty()) w.StringArray("sectors", e.sectors);
  if (!e.countries.empty()) w.StringArray("countries", e.countries);
  w.EndObject().EndObject();
}

void WriteGalaxies(JsonWriter& w, const std::vector<Entity>& entities) {
  for (int k = 0; k <= static_cast<int>(EntityKind::kReport); ++k) {
    auto kind = static_cast<EntityKind>(k);
    auto has_kind = [&](const Entity& e) { return e.kind == kind; };
    if (std::none_of(entities.begin(), entities.end(), has_kind)) continue;
    std::string_view type = ii::GalaxyTypeFor(kind);
    w.BeginObject()
        .Field("uuid", UuidV5(ii::kMispNamespace, "galaxy|" + std::string(type)))
        .Field("type", type)
        .Field("name", type)
        .Field("namespace", type.rfind("shrike", 0) == 0 ? "shrike" : "misp");
    w.Key("GalaxyCluster").BeginArray();
    for (const Entity& e : entities) {
      if (has_kind(e)) WriteCluster(w, e, type);
    }
    w.EndArray().EndObject();
  }
}

}  // namespace

std::string WriteMisp(const Intel& intel) {
  std::string info = EventInfo(intel);
  std::string event_uuid = UuidV5(ii::kMispNamespace, "event|" + info);
  JsonWriter w(/*pretty=*/true);
  w.BeginObject().Key("Event").BeginObject();
  w.Field("uuid", event_uuid)
      .Field("info", info)
      .Field("date", EventDate(intel))
      .Field("threat_level_id", "2")
      .Field("analysis", "2")
      .Field("distribution", "0")
      .Field("published", false);
  w.Key("Tag").BeginArray();
  WriteTag(w, ii::kPerAttributeTag);
  w.EndArray().Key("Attribute").BeginArray();
  for (std::size_t i = 0; i < intel.indicators.size(); ++i) {
    WriteAttribute(w, intel.indicators[i], event_uuid, i);
  }
  w.EndArray().Key("Galaxy").BeginArray();
  WriteGalaxies(w, intel.entities);
  w.EndArray().EndObject().EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return out;
}

}  // namespace shrike
