// Serialisation of StixObject: which property each type may carry.
#include <string_view>

#include "core/json_writer.h"
#include "intel/stix/stix_common.h"
#include "intel/stix/stix_model.h"

namespace shrike::stix {
namespace {

bool HasSeenTimes(std::string_view type) {
  return type == "intrusion-set" || type == "campaign" || type == "malware";
}
bool HasAliases(std::string_view type) {
  return type == "intrusion-set" || type == "campaign" || type == "malware" || type == "tool" ||
         type == "attack-pattern";
}
bool HasName(std::string_view type) { return type != "relationship" && type != "location"; }

void Array(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  if (!values.empty()) w.StringArray(key, values);
}

void Optional(JsonWriter& w, std::string_view key, const std::string& value) {
  if (!value.empty()) w.Field(key, value);
}

void CommonHead(JsonWriter& w, const StixObject& o) {
  w.Field("type", o.type).Field("spec_version", "2.1").Field("id", o.id);
  Optional(w, "created_by_ref", o.created_by_ref);
  // created/modified: the first sighting when known, else a fixed date.
  std::string created = o.first_seen != kNoTime && o.type != "indicator"
                            ? StixTimestamp(o.first_seen)
                            : std::string(kDefaultTimestamp);
  w.Field("created", created).Field("modified", created);
  if (HasName(o.type)) Optional(w, "name", o.name);
  Optional(w, "description", o.description);
}

void CommonTail(JsonWriter& w, const StixObject& o) {
  Array(w, "labels", o.labels);
  if (o.confidence >= 0 && o.confidence <= 100) w.Field("confidence", o.confidence);
  if (o.external.second.empty()) return;
  w.Key("external_references").BeginArray().BeginObject();
  w.Field("source_name", o.external.first).Field("external_id", o.external.second);
  w.EndObject().EndArray();
}

void IndicatorFields(JsonWriter& w, const StixObject& o) {
  w.StringArray("indicator_types", {"malicious-activity"});
  w.Field("pattern", o.pattern).Field("pattern_type", "stix").Field("pattern_version", "2.1");
  std::string from =
      o.first_seen == kNoTime ? std::string(kUnknownValidFrom) : StixTimestamp(o.first_seen);
  w.Field("valid_from", from);
  // valid_until must be later than valid_from: one millisecond after an equal
  // last_seen (the reader drops the milliseconds again).
  UnixTime from_t = o.first_seen == kNoTime ? 0 : o.first_seen;
  if (o.last_seen != kNoTime && o.last_seen >= from_t) {
    w.Field("valid_until", StixTimestamp(o.last_seen, o.last_seen == from_t ? 1 : 0));
  }
}

void TypeFields(JsonWriter& w, const StixObject& o) {
  if (o.type == "indicator") return IndicatorFields(w, o);
  if (HasAliases(o.type)) Array(w, "aliases", o.aliases);
  if (o.type == "malware") w.Field("is_family", true);
  if (HasSeenTimes(o.type) && o.first_seen != kNoTime)
    w.Field("first_seen", StixTimestamp(o.first_seen));
  if (HasSeenTimes(o.type) && o.last_seen != kNoTime)
    w.Field("last_seen", StixTimestamp(o.last_seen));
  if (o.type == "identity") {
    Optional(w, "identity_class", o.identity_class);
    Array(w, "sectors", o.sectors);
  }
  if (o.type == "location") w.Field("country", o.country);
  if (o.type == "relationship") {
    w.Field("relationship_type", o.relationship_type);
    w.Field("source_ref", o.source_ref).Field("target_ref", o.target_ref);
  }
  if (o.type == "report") {
    w.Field("published",
            o.first_seen != kNoTime ? StixTimestamp(o.first_seen) : std::string(kDefaultTimestamp));
    w.StringArray("object_refs", o.object_refs);
  }
}

}  // namespace

std::string SerializeObject(const StixObject& o) {
  JsonWriter w;
  w.BeginObject();
  CommonHead(w, o);
  TypeFields(w, o);
  CommonTail(w, o);
  w.EndObject();
  return w.Take();
}

}  // namespace shrike::stix
