// WriteStix: an Intel as a STIX 2.1 bundle with deterministic ids.
//
// Observable indicators become `indicator` objects whose pattern is one
// comparison; named indicators (malware, tool, actor, cve, attack-technique)
// become the SDO of that name. Context becomes relationships (indicator
// "indicates" malware / tool / intrusion-set / campaign, campaign
// "attributed-to" intrusion-set) and properties (confidence, labels,
// description, created_by_ref, valid_from / valid_until).
#include <algorithm>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/json_writer.h"
#include "core/uuid.h"
#include "intel/stix/stix_common.h"
#include "intel/stix/stix_model.h"
#include "shrike/intel_io.h"

namespace shrike {
namespace stix {
namespace {

void AddUnique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const std::string& s : from) {
    if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
  }
}

std::string_view SdoTypeOf(EntityKind kind) {
  switch (kind) {
    case EntityKind::kActor: return "intrusion-set";
    case EntityKind::kCampaign: return "campaign";
    case EntityKind::kMalware: return "malware";
    case EntityKind::kTool: return "tool";
    case EntityKind::kTechnique: return "attack-pattern";
    case EntityKind::kVictim: return "identity";
    case EntityKind::kReport: return "report";
  }
  return "identity";
}

// The SDO type of a named indicator, or empty for observables.
std::string_view SdoTypeOf(IndicatorType type) {
  switch (type) {
    case IndicatorType::kMalware: return "malware";
    case IndicatorType::kTool: return "tool";
    case IndicatorType::kActor: return "intrusion-set";
    case IndicatorType::kCve: return "vulnerability";
    case IndicatorType::kAttackTechnique: return "attack-pattern";
    default: return "";
  }
}

// The verb of "<campaign or intrusion-set> VERB <named object>".
std::string_view VerbTowards(std::string_view target_type) {
  if (target_type == "intrusion-set") return "attributed-to";
  if (target_type == "vulnerability") return "targets";
  return "uses";
}

std::string ExternalSource(std::string_view sdo_type, std::string_view external_id) {
  if (sdo_type == "attack-pattern") return "mitre-attack";
  if (external_id.starts_with("CVE-")) return "cve";
  return "shrike";
}

class BundleBuilder {
 public:
  std::string Build(const Intel& intel) {
    for (const Entity& e : intel.entities) AddEntity(e);
    for (const Entity& e : intel.entities) AddRelations(e, intel);
    for (const Indicator& ind : intel.indicators) AddIndicator(ind);
    for (const Entity& e : intel.entities) {
      if (e.kind == EntityKind::kReport) FillReport(Entry(SdoTypeOf(e.kind), e.name));
    }
    return Serialize();
  }

 private:
  // The SDO of a type and stable key (a name, a CVE id, an ATT&CK id).
  StixObject& Entry(std::string_view type, std::string_view key) {
    std::string id = StixId(type, key);
    auto [it, inserted] = by_id_.emplace(id, objects_.size());
    if (inserted) {
      StixObject o;
      o.type = std::string(type);
      o.id = id;
      o.name = std::string(key);
      if (type == "vulnerability") o.external = {"cve", std::string(key)};
      objects_.push_back(std::move(o));
    }
    return objects_[it->second];
  }

  std::string TechniqueKey(const Entity& e) {
    return e.external_id.empty() ? e.name : e.external_id;
  }

  void AddEntity(const Entity& e) {
    std::string_view type = SdoTypeOf(e.kind);
    StixObject& o = Entry(type, e.kind == EntityKind::kTechnique ? TechniqueKey(e) : e.name);
    o.name = e.name;
    o.from_entity = true;
    AddUnique(o.aliases, e.aliases);
    if (o.description.empty()) o.description = e.description;
    if (!e.external_id.empty()) o.external = {ExternalSource(type, e.external_id), e.external_id};
    o.first_seen = e.first_seen;
    o.last_seen = e.last_seen;
    std::string id = o.id;  // AddVictim may grow objects_
    if (e.kind == EntityKind::kVictim) AddVictim(id, e);
    if (!e.name.empty()) names_.emplace(e.name, id);
  }

  void AddVictim(const std::string& id, const Entity& e) {
    objects_[by_id_[id]].identity_class = "class";
    AddUnique(objects_[by_id_[id]].sectors, e.sectors);
    for (const std::string& country : e.countries) {
      StixObject& loc = Entry("location", country);
      loc.country = country;
      Relate(id, "located-at", loc.id);
    }
  }

  void AddRelations(const Entity& e, const Intel& intel) {
    std::string_view type = SdoTypeOf(e.kind);
    std::string source = StixId(type, e.kind == EntityKind::kTechnique ? TechniqueKey(e) : e.name);
    for (const auto& [verb, target] : e.relations) {
      auto it = names_.find(target);
      if (it != names_.end() && it->second != source) Relate(source, verb, it->second);
    }
  }

  void Relate(const std::string& source, std::string_view verb, const std::string& target) {
    std::string key = source + "|" + std::string(verb) + "|" + target;
    StixObject& r = Entry("relationship", key);
    r.name.clear();
    r.relationship_type = std::string(verb);
    r.source_ref = source;
    r.target_ref = target;
  }

  std::string SourceIdentity(const std::string& source) {
    if (source.empty()) return "";
    StixObject& o = Entry("identity", "source|" + source);
    o.name = source;
    if (o.identity_class.empty()) o.identity_class = "organization";
    return o.id;
  }

  // Properties every object can carry: source, confidence, tags, description.
  void ApplyContext(const std::string& id, const IndicatorContext& c) {
    std::string creator = SourceIdentity(c.source);
    StixObject& obj = objects_[by_id_[id]];  // SourceIdentity may have grown objects_
    if (obj.created_by_ref.empty()) obj.created_by_ref = creator;
    if (obj.confidence < 0) obj.confidence = c.confidence;
    AddUnique(obj.labels, c.tags);
    if (obj.description.empty() && !obj.from_entity) obj.description = c.description;
  }

  void AddIndicator(const Indicator& ind) {
    const IndicatorContext& c = ind.ctx();
    std::optional<Comparison> cmp = ComparisonFor(ind.type, ind.value);
    if (!cmp) return AddNamedIndicator(ind);
    std::string pattern = "[" + FormatComparison(*cmp) + "]";
    std::string id = StixId("indicator", pattern + '\x1c' + ContextKey(c));
    if (by_id_.count(id) != 0) return;
    StixObject& o = Entry("indicator", pattern + '\x1c' + ContextKey(c));
    o.name = ind.value;
    o.pattern = pattern;
    o.first_seen = c.first_seen;
    o.last_seen = c.last_seen;
    ApplyContext(id, c);
    LinkContext(id, "indicator", c);
  }

  void AddNamedIndicator(const Indicator& ind) {
    std::string_view type = SdoTypeOf(ind.type);
    if (type.empty()) return;
    const IndicatorContext& c = ind.ctx();
    StixObject& o = Entry(type, ind.value);
    std::string id = o.id;
    if (!o.from_entity) {
      o.first_seen = c.first_seen;
      o.last_seen = c.last_seen;
    }
    if (type == "attack-pattern" && o.external.second.empty())
      o.external = {"mitre-attack", ind.value};
    ApplyContext(id, c);
    LinkContext(id, type, c);
  }

  std::string ActorId(const IndicatorContext& c) {
    StixObject& actor = Entry("intrusion-set", c.actor);
    AddUnique(actor.aliases, c.aliases);
    return actor.id;
  }

  // Relationships that carry campaign / actor / family / tool of a context.
  void LinkContext(const std::string& id, std::string_view type, const IndicatorContext& c) {
    bool indicator = type == "indicator";
    std::string actor = c.actor.empty() ? "" : ActorId(c);
    std::string campaign = c.campaign.empty() ? "" : Entry("campaign", c.campaign).id;
    if (!campaign.empty() && !actor.empty()) Relate(campaign, "attributed-to", actor);
    for (const std::string& other : {campaign, actor}) {
      if (other.empty() || other == id) continue;
      if (indicator) {
        Relate(id, "indicates", other);
      } else {
        Relate(other, VerbTowards(type), id);
      }
    }
    if (!indicator) return;
    if (!c.malware_family.empty()) Relate(id, "indicates", Entry("malware", c.malware_family).id);
    if (!c.tool.empty()) Relate(id, "indicates", Entry("tool", c.tool).id);
  }

  void FillReport(StixObject& report) {
    report.object_refs.clear();
    for (const StixObject& o : objects_) {
      if (o.type != "report") report.object_refs.push_back(o.id);
    }
    if (report.object_refs.empty()) report.object_refs.push_back(report.id);
  }

  std::string Serialize() const {
    std::string body;
    std::string ids;
    for (const StixObject& o : objects_) {
      body += body.empty() ? "\n" : ",\n";
      body += SerializeObject(o);
      ids += o.id;
    }
    JsonWriter head;
    head.BeginObject().Field("type", "bundle");
    head.Field("id", "bundle--" + UuidV5(kShrikeNamespace, ids));
    std::string out = head.str() + ",\"objects\":[" + body + "\n]}\n";
    return out;
  }

  std::deque<StixObject> objects_;  // a deque: Entry() references stay valid
  std::unordered_map<std::string, std::size_t> by_id_;
  std::unordered_map<std::string, std::string> names_;  // entity name -> SDO id
};

}  // namespace
}  // namespace stix

std::string WriteStix(const Intel& intel) { return stix::BundleBuilder().Build(intel); }

}  // namespace shrike
