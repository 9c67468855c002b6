// ReadStix: the context of an indicator or named SDO, from its properties and
// its relationships.
#include "intel/stix/stix_common.h"
#include "intel/stix/stix_reader.h"

namespace shrike::stix {

namespace dom = simdjson::dom;

namespace {

bool IsActorType(std::string_view type) {
  return type == "intrusion-set" || type == "threat-actor";
}

// Whose relationships towards a named SDO give it context.
bool IsContextSource(std::string_view type) { return IsActorType(type) || type == "campaign"; }

}  // namespace

// Equal contexts share one object: a feed of a million indicator objects from
// one source and campaign holds one context, not a million.
std::shared_ptr<const IndicatorContext> StixReader::Intern(IndicatorContext c) {
  std::string key = ContextKey(c);
  auto [it, inserted] = contexts_.emplace(std::move(key), nullptr);
  if (inserted) it->second = std::make_shared<const IndicatorContext>(std::move(c));
  return it->second;
}

void StixReader::ReadConfidence(const StixRef& ref, IndicatorContext& c) {
  auto field = ref.obj.at_key("confidence");
  if (field.error() == simdjson::NO_SUCH_FIELD) return;
  std::int64_t value = -1;
  if (field.get_int64().get(value) != simdjson::SUCCESS || value < 0 || value > 100) {
    return Warn(ref, "confidence is not an integer 0..100; ignored");
  }
  c.confidence = static_cast<int>(value);
}

void StixReader::ApplyActor(const StixRef& actor, IndicatorContext& c) const {
  if (!c.actor.empty()) return;
  c.actor = std::string(StrField(actor.obj, "name"));
  c.aliases = StrArray(actor.obj, "aliases");
}

void StixReader::ApplyLinked(const StixRef& linked, IndicatorContext& c) const {
  std::string name(StrField(linked.obj, "name"));
  if (linked.type == "malware" && c.malware_family.empty()) c.malware_family = name;
  if (linked.type == "tool" && c.tool.empty()) c.tool = name;
  if (linked.type == "campaign" && c.campaign.empty()) c.campaign = name;
  if (IsActorType(linked.type)) ApplyActor(linked, c);
}

std::shared_ptr<const IndicatorContext> StixReader::ContextOf(const StixRef& ref) {
  IndicatorContext c;
  bool indicator = ref.type == "indicator";
  c.description = std::string(StrField(ref.obj, "description"));
  c.tags = StrArray(ref.obj, "labels");
  c.source = NameOf(StrField(ref.obj, "created_by_ref"));
  ReadConfidence(ref, c);
  c.first_seen = ReadTime(ref, ref.obj, indicator ? "valid_from" : "first_seen");
  c.last_seen = ReadTime(ref, ref.obj, indicator ? "valid_until" : "last_seen");
  if (indicator && c.first_seen == 0) c.first_seen = kNoTime;  // the writer's "unknown"
  const StixRef* campaign = nullptr;
  auto link = [&](const StixRef* other) {
    if (other == nullptr || other == &ref) return;
    ApplyLinked(*other, c);
    if (other->type == "campaign" && campaign == nullptr) campaign = other;
  };
  if (indicator) {
    for (std::size_t i : rels_from_[ref.id]) {
      if (relationships_[i].verb == "indicates") link(Find(relationships_[i].target));
    }
  } else {
    for (std::size_t i : rels_to_[ref.id]) {
      const StixRef* source = Find(relationships_[i].source);
      if (source != nullptr && IsContextSource(source->type)) link(source);
    }
  }
  // A campaign attributed to an intrusion set names the actor.
  if (c.actor.empty() && campaign != nullptr) {
    for (std::size_t i : rels_from_[campaign->id]) {
      const StixRef* target = Find(relationships_[i].target);
      if (relationships_[i].verb == "attributed-to" && target && IsActorType(target->type))
        ApplyActor(*target, c);
    }
  }
  return Intern(std::move(c));
}

std::shared_ptr<const IndicatorContext> StixReader::ObservedContext(const StixRef& observed) {
  IndicatorContext c;
  c.tags = StrArray(observed.obj, "labels");
  c.source = NameOf(StrField(observed.obj, "created_by_ref"));
  ReadConfidence(observed, c);
  c.first_seen = ReadTime(observed, observed.obj, "first_observed");
  c.last_seen = ReadTime(observed, observed.obj, "last_observed");
  return Intern(std::move(c));
}

}  // namespace shrike::stix
