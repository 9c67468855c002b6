// ReadStix: indicators (patterns), observables and named SDOs.
#include "core/strings.h"
#include "intel/stix/pattern.h"
#include "intel/stix/stix_common.h"
#include "intel/stix/stix_reader.h"

namespace shrike::stix {

namespace dom = simdjson::dom;

namespace {

// Messages quote user data; keep them readable when it is huge.
std::string Clip(std::string s) {
  constexpr std::size_t kMax = 200;
  if (s.size() > kMax) s = s.substr(0, kMax) + "...";
  return s;
}

// The external_id of the first external reference from `source` (any source
// when empty).
std::string_view ExternalId(dom::object o, std::string_view source) {
  dom::array refs;
  if (o.at_key("external_references").get_array().get(refs) != simdjson::SUCCESS) return {};
  for (dom::element e : refs) {
    dom::object ref;
    if (e.get_object().get(ref) != simdjson::SUCCESS) continue;
    std::string_view id = StrField(ref, "external_id");
    if (!id.empty() && (source.empty() || StrField(ref, "source_name") == source)) return id;
  }
  return {};
}

}  // namespace

void StixReader::AddValue(const StixRef& ref, IndicatorType type, std::string_view value,
                          const std::shared_ptr<const IndicatorContext>& ctx) {
  auto normalized = NormalizeValue(type, value);
  if (!normalized.ok()) {
    return Warn(ref, Clip(normalized.error().message()) + "; skipped");
  }
  Indicator ind;
  ind.type = type;
  ind.value = std::move(normalized).value();
  ind.context = ctx;
  ind.offset = ref.offset;
  ind.line = ref.line;
  intel_.indicators.push_back(std::move(ind));
}

void StixReader::ReadIndicatorObject(const StixRef& ref) {
  std::string_view pattern = StrField(ref.obj, "pattern");
  if (pattern.empty()) return Warn(ref, "indicator without a pattern; skipped");
  std::string_view pattern_type = StrField(ref.obj, "pattern_type");
  if (!pattern_type.empty() && pattern_type != "stix") {
    return Warn(ref, "pattern_type '" + Clip(std::string(pattern_type)) +
                         "' is not supported; indicator skipped");
  }
  auto tree = ParsePattern(pattern);
  if (!tree.ok()) {
    return Warn(ref, tree.error().message() + " (at byte " +
                         std::to_string(tree.error().where().offset) + " of the pattern)");
  }
  auto atoms = ReduceToAtoms(*tree);
  if (!atoms.ok()) return Warn(ref, atoms.error().message() + "; indicator skipped");
  auto ctx = ContextOf(ref);
  for (const Comparison& atom : *atoms) {
    std::optional<IndicatorType> type = TypeForAtom(atom);
    if (!type) {
      Warn(ref, "no indicator type for `" + Clip(FormatComparison(atom)) + "`; skipped");
      continue;
    }
    AddValue(ref, *type, atom.value.text, ctx);
  }
}

void StixReader::ReadScoHashes(const StixRef& ref, dom::object sco, std::string_view type,
                               const std::shared_ptr<const IndicatorContext>& ctx) {
  dom::object hashes;
  if (sco.at_key("hashes").get_object().get(hashes) != simdjson::SUCCESS) return;
  for (dom::key_value_pair kv : hashes) {
    std::string_view value;
    std::optional<IndicatorType> t = TypeForHashName(type, kv.key);
    if (t && kv.value.get_string().get(value) == simdjson::SUCCESS) AddValue(ref, *t, value, ctx);
  }
}

void StixReader::ReadSco(const StixRef& ref, dom::object sco,
                         const std::shared_ptr<const IndicatorContext>& ctx) {
  std::string_view type = StrField(sco, "type");
  std::string_view value = StrField(sco, "value");
  if (type == "domain-name") return AddValue(ref, IndicatorType::kDomain, value, ctx);
  if (type == "url") return AddValue(ref, IndicatorType::kUrl, value, ctx);
  if (type == "email-addr") return AddValue(ref, IndicatorType::kEmail, value, ctx);
  if (type == "ipv4-addr" || type == "ipv6-addr") {
    bool cidr = value.find('/') != std::string_view::npos;
    IndicatorType t = cidr                  ? IndicatorType::kCidr
                      : type == "ipv4-addr" ? IndicatorType::kIpv4
                                            : IndicatorType::kIpv6;
    return AddValue(ref, t, value, ctx);
  }
  if (type == "file" || type == "artifact" || type == "x509-certificate") {
    ReadScoHashes(ref, sco, type, ctx);
  }
  if (type == "file") {
    std::string_view imphash;
    if (sco.at_pointer("/extensions/windows-pebinary-ext/imphash").get(imphash) ==
        simdjson::SUCCESS) {
      AddValue(ref, IndicatorType::kImphash, imphash, ctx);
    }
    // A bare file name is an indicator only when nothing stronger is given.
    dom::object hashes;
    std::string_view name = StrField(sco, "name");
    if (!name.empty() && sco.at_key("hashes").get(hashes) != simdjson::SUCCESS)
      AddValue(ref, IndicatorType::kFilename, name, ctx);
  }
  std::string_view serial = StrField(sco, "serial_number");
  if (type == "x509-certificate" && !serial.empty())
    AddValue(ref, IndicatorType::kCertSerial, serial, ctx);
}

void StixReader::ReadObservedData(const StixRef& ref) {
  auto ctx = ObservedContext(ref);
  for (const std::string& id : StrArray(ref.obj, "object_refs")) {
    const StixRef* sco = Find(id);
    if (sco == nullptr || sco_done_.count(id) != 0) continue;
    sco_done_.emplace(id, true);
    ReadSco(*sco, sco->obj, ctx);
  }
  // STIX 2.0 style: the observables inline, keyed "0", "1", ...
  dom::object inline_objects;
  if (ref.obj.at_key("objects").get_object().get(inline_objects) != simdjson::SUCCESS) return;
  for (dom::key_value_pair kv : inline_objects) {
    dom::object sco;
    if (kv.value.get_object().get(sco) == simdjson::SUCCESS) ReadSco(ref, sco, ctx);
  }
}

void StixReader::ReadNamedSdo(const StixRef& ref) {
  std::string_view name = StrField(ref.obj, "name");
  std::optional<IndicatorType> type;
  std::string_view value = name;
  if (ref.type == "malware") type = IndicatorType::kMalware;
  if (ref.type == "tool") type = IndicatorType::kTool;
  if (ref.type == "intrusion-set" || ref.type == "threat-actor") type = IndicatorType::kActor;
  if (ref.type == "vulnerability") {
    type = IndicatorType::kCve;
    std::string_view cve = ExternalId(ref.obj, "cve");
    if (!cve.empty()) value = cve;
  }
  if (ref.type == "attack-pattern") {
    // Only ATT&CK techniques are indicators; other attack patterns stay entities.
    value = ExternalId(ref.obj, "mitre-attack");
    if (!value.starts_with('T') && !value.starts_with('t')) return;
    type = IndicatorType::kAttackTechnique;
  }
  if (!type || value.empty()) return;
  AddValue(ref, *type, value, ContextOf(ref));
}

void StixReader::ReadEntity(const StixRef& ref) {
  Entity e;
  std::string_view t = ref.type;
  if (t == "identity") {
    // Identities are victims when they describe a class of victims or are
    // targeted; other identities are authors (created_by_ref), not entities.
    bool targeted = false;
    for (std::size_t i : rels_to_[ref.id]) targeted |= relationships_[i].verb == "targets";
    if (StrField(ref.obj, "identity_class") != "class" && !targeted) return;
  }
  e.kind = t == "campaign"         ? EntityKind::kCampaign
           : t == "malware"        ? EntityKind::kMalware
           : t == "tool"           ? EntityKind::kTool
           : t == "attack-pattern" ? EntityKind::kTechnique
           : t == "identity"       ? EntityKind::kVictim
           : t == "report"         ? EntityKind::kReport
                                   : EntityKind::kActor;
  e.name = std::string(StrField(ref.obj, "name"));
  if (e.name.empty()) return Warn(ref, std::string(t) + " without a name; skipped");
  e.aliases = StrArray(ref.obj, "aliases");
  e.description = std::string(StrField(ref.obj, "description"));
  std::string_view external = ExternalId(ref.obj, "mitre-attack");
  e.external_id = std::string(external.empty() ? ExternalId(ref.obj, "") : external);
  e.sectors = StrArray(ref.obj, "sectors");
  e.first_seen = ReadTime(ref, ref.obj, t == "report" ? "published" : "first_seen");
  e.last_seen = ReadTime(ref, ref.obj, "last_seen");
  for (std::size_t i : rels_from_[ref.id]) {
    const StixRef* target = Find(relationships_[i].target);
    if (relationships_[i].verb != "located-at" || target == nullptr) continue;
    std::string_view country = StrField(target->obj, "country");
    if (!country.empty()) e.countries.push_back(AsciiUpper(country));
  }
  entity_of_[ref.id] = intel_.entities.size();
  intel_.entities.push_back(std::move(e));
}

void StixReader::ReadEntityRelations() {
  for (const StixRelationship& r : relationships_) {
    auto source = entity_of_.find(r.source);
    auto target = entity_of_.find(r.target);
    if (source == entity_of_.end() || target == entity_of_.end() || r.verb == "located-at")
      continue;
    std::string target_name = intel_.entities[target->second].name;
    intel_.entities[source->second].relations.emplace_back(r.verb, std::move(target_name));
  }
}

}  // namespace shrike::stix
