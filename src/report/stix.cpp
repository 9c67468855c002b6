// The STIX 2.1 bundle of a report: an identity per organisation, the sighted
// indicators (a deterministic indicator SDO built from the value when the
// finding did not carry the indicator's own id; a malware SDO for a YARA
// family) and one sighting per organisation and indicator.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/json_writer.h"
#include "core/uuid.h"
#include "intel/stix/stix_common.h"
#include "shrike/report.h"

namespace shrike {
namespace {

using stix::StixId;
using stix::StixTimestamp;

constexpr std::uint64_t kMaxCount = 999'999'999;

std::optional<IndicatorType> DigestType(std::string_view value, bool cert) {
  switch (value.size()) {
    case 32: return cert ? std::nullopt : std::optional(IndicatorType::kMd5);
    case 40: return cert ? IndicatorType::kCertSha1 : IndicatorType::kSha1;
    case 64: return cert ? IndicatorType::kCertSha256 : IndicatorType::kSha256;
    case 128: return cert ? std::nullopt : std::optional(IndicatorType::kSha512);
    default: return std::nullopt;
  }
}

// The indicator type of a sighted value, from its STIX type and field.
std::optional<IndicatorType> TypeOf(const IndicatorSighting& s) {
  const std::string& t = s.stix_type;
  if (t == "domain-name") return IndicatorType::kDomain;
  if (t == "url") return IndicatorType::kUrl;
  if (t == "email-addr") return IndicatorType::kEmail;
  if (t == "ipv4-addr") {
    return s.value.find('/') == std::string::npos ? IndicatorType::kIpv4 : IndicatorType::kCidr;
  }
  if (t == "ipv6-addr") {
    return s.value.find('/') == std::string::npos ? IndicatorType::kIpv6 : IndicatorType::kCidr;
  }
  bool cert = t == "x509-certificate" || s.kind == EvidenceKind::kSigner;
  if (cert && s.field.find("serial") != std::string::npos) return IndicatorType::kCertSerial;
  if (t != "file" && !cert) return std::nullopt;
  if (s.field.find("hash") != std::string::npos || s.field.find("thumbprint") != std::string::npos)
    return DigestType(s.value, cert);
  if (s.field.ends_with("name") || s.field.ends_with("path")) return IndicatorType::kFilename;
  return std::nullopt;
}

struct Sighted {
  std::string id;    // sighting_of_ref
  std::string json;  // the SDO to add, or "" when it is referenced only
};

class BundleWriter {
 public:
  explicit BundleWriter(const Report& r)
      : stamp_(StixTimestamp(r.last_seen == kNoTime ? 0 : r.last_seen)) {}

  std::string Build(const Report& r) {
    for (const Timeline& org : r.organizations) AddOrganization(org);
    std::string ids;
    std::string body;
    for (const auto& [id, json] : objects_) {
      body += body.empty() ? "\n" : ",\n";
      body += json;
      ids += id;
    }
    JsonWriter head;
    head.BeginObject().Field("type", "bundle");
    head.Field("id", "bundle--" + UuidV5(stix::kShrikeNamespace, "report|" + ids));
    return head.str() + ",\"objects\":[" + body + "\n]}\n";
  }

 private:
  void Common(JsonWriter& w, std::string_view type, const std::string& id) {
    w.BeginObject().Field("type", type).Field("spec_version", "2.1").Field("id", id);
    w.Field("created", stamp_).Field("modified", stamp_);
  }

  std::string AddOrganization(const Timeline& org) {
    std::string id = StixId("identity", "organization|" + org.name);
    JsonWriter w;
    Common(w, "identity", id);
    w.Field("name", org.name).Field("identity_class", "organization");
    if (!org.sector.empty()) w.StringArray("sectors", {org.sector});
    if (!org.country.empty()) w.Field("description", "Country: " + org.country);
    w.EndObject();
    objects_.emplace(id, w.Take());
    for (const IndicatorSighting& s : org.indicators) AddSighting(id, s);
    return id;
  }

  std::optional<Sighted> Indicator(const IndicatorSighting& s) {
    if (!s.stix_id.empty()) return Sighted{s.stix_id, ""};
    if (s.kind == EvidenceKind::kYaraFamily) {
      std::string name = s.label.empty() ? s.value : s.label;
      std::string id = StixId("malware", name);
      JsonWriter w;
      Common(w, "malware", id);
      w.Field("name", name).Field("is_family", true).EndObject();
      return Sighted{id, w.Take()};
    }
    std::optional<IndicatorType> type = TypeOf(s);
    if (!type) return std::nullopt;
    auto value = NormalizeValue(*type, s.value);
    if (!value.ok()) return std::nullopt;
    std::optional<stix::Comparison> cmp = stix::ComparisonFor(*type, *value);
    if (!cmp) return std::nullopt;
    std::string pattern = "[" + stix::FormatComparison(*cmp) + "]";
    std::string id = StixId("indicator", "report|" + pattern);
    JsonWriter w;
    Common(w, "indicator", id);
    w.Field("name", *value).Field("pattern", pattern).Field("pattern_type", "stix");
    w.Field("valid_from", StixTimestamp(s.first_seen == kNoTime ? 0 : s.first_seen));
    w.StringArray("labels", {std::string(EvidenceKindName(s.kind))});
    w.EndObject();
    return Sighted{id, w.Take()};
  }

  void AddSighting(const std::string& org_id, const IndicatorSighting& s) {
    std::optional<Sighted> of = Indicator(s);
    if (!of) return;
    if (!of->json.empty()) objects_.emplace(of->id, std::move(of->json));
    std::string id = StixId("sighting", org_id + "|" + of->id);
    JsonWriter w;
    Common(w, "sighting", id);
    if (s.first_seen != kNoTime) w.Field("first_seen", StixTimestamp(s.first_seen));
    if (s.last_seen != kNoTime) w.Field("last_seen", StixTimestamp(s.last_seen));
    w.Field("count", static_cast<std::int64_t>(std::min(s.count, kMaxCount)));
    w.Field("sighting_of_ref", of->id).StringArray("where_sighted_refs", {org_id});
    w.EndObject();
    auto [it, inserted] = objects_.emplace(id, w.Take());
    (void)it;
    (void)inserted;
  }

  std::string stamp_;
  std::map<std::string, std::string> objects_;  // id -> JSON, sorted for stable output
};

}  // namespace

std::string ReportToStix(const Report& report) { return BundleWriter(report).Build(report); }

}  // namespace shrike
