// Indicator and Intel: what every intel reader produces and every writer and
// matcher consumes.
//
// An Indicator is a typed, normalised value plus its context. The context
// (campaign, actor, family, ...) is shared between the many indicators of one
// source through a shared_ptr to an immutable IndicatorContext, which keeps a
// million indicators small. Values are normalised by NormalizeValue(): digests
// lower-case hex, domains lower-case without a trailing dot (IDN as A-labels),
// addresses in canonical text form, CVE ids upper-case, ATT&CK ids upper-case.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/result.h"

namespace shrike {

// The closed set of indicator types. Names (IndicatorTypeName) are the ones of
// DESIGN.md: `md5 sha1 ... attack-technique`, plus the named entities that
// prose mentions (`malware`, `tool`, `actor`) and signature-base filename
// regexes (`filename-regex`).
enum class IndicatorType : std::uint8_t {
  kMd5,
  kSha1,
  kSha256,
  kSha512,
  kSsdeep,
  kImphash,
  kDomain,
  kIpv4,
  kIpv6,
  kCidr,
  kUrl,
  kEmail,
  kFilename,
  kFilenameRegex,
  kCertSha1,
  kCertSha256,
  kCertSerial,
  kCve,
  kAttackTechnique,
  kMalware,
  kTool,
  kActor,
};
inline constexpr int kIndicatorTypeCount = static_cast<int>(IndicatorType::kActor) + 1;

std::string_view IndicatorTypeName(IndicatorType type);
std::optional<IndicatorType> ParseIndicatorType(std::string_view name);
// Is the type a file digest (md5, sha1, sha256, sha512)?
bool IsFileDigest(IndicatorType type);
// Is the type an atomic observable (not a named entity such as malware/tool/actor)?
bool IsObservable(IndicatorType type);

// Seconds since the Unix epoch, UTC. kNoTime when unknown.
using UnixTime = std::int64_t;
inline constexpr UnixTime kNoTime = INT64_MIN;

// Parses ISO 8601 / RFC 3339 ("2019-08-01", "2019-08-01T02:14:07Z",
// "2019-08-01T02:14:07.123+09:00", "2019-08"), returning kNoTime on failure.
UnixTime ParseIsoTime(std::string_view text);
// "2019-08-01T02:14:07Z" (or with .mmmZ when millis is true and the value has them).
std::string FormatIsoTime(UnixTime t);

// Context shared by the indicators of one campaign or source. Immutable once
// built; shared across threads.
struct IndicatorContext {
  std::string campaign;              // "Palmerworm 2019-2020"
  std::string actor;                 // "Palmerworm"
  std::vector<std::string> aliases;  // {"BlackTech"}
  std::string malware_family;        // "Backdoor.Consock"
  std::string tool;                  // "PsExec"
  int confidence = -1;               // 0..100, -1 unknown
  std::string source;                // "palmerworm-symantec.ja.txt", a pack name, a URL
  UnixTime first_seen = kNoTime;
  UnixTime last_seen = kNoTime;
  std::vector<std::string> tags;
  std::string description;

  bool operator==(const IndicatorContext&) const = default;
};

struct Indicator {
  IndicatorType type = IndicatorType::kSha256;
  std::string value;                                // normalised
  std::shared_ptr<const IndicatorContext> context;  // never null after a reader
  // Where in the source it was found.
  std::uint64_t offset = 0;  // byte offset in the original input
  std::uint32_t line = 0;    // 1-based line, 0 unknown
  bool defanged = false;     // the source wrote it defanged
  // Set when a warninglist says the value is known-benign (name of the list).
  std::string benign;

  const IndicatorContext& ctx() const;
};

// Entities that give indicators their meaning: the actor, its campaigns,
// malware families, tools, ATT&CK techniques, victims. STIX maps them to
// intrusion-set, campaign, malware, tool, attack-pattern, identity and
// location; MISP to galaxy clusters and tags.
enum class EntityKind : std::uint8_t {
  kActor,      // intrusion-set
  kCampaign,   // campaign
  kMalware,    // malware (family)
  kTool,       // tool
  kTechnique,  // attack-pattern (external id T1234)
  kVictim,     // identity (a class of victim: sector + country)
  kReport,     // report
};
std::string_view EntityKindName(EntityKind kind);

struct Entity {
  EntityKind kind = EntityKind::kMalware;
  std::string name;
  std::vector<std::string> aliases;
  std::string description;
  std::string external_id;             // T1569.002, a CVE id, ...
  std::vector<std::string> sectors;    // victims: STIX industry-sector-ov values
  std::vector<std::string> countries;  // ISO 3166-1 alpha-2
  UnixTime first_seen = kNoTime;
  UnixTime last_seen = kNoTime;
  // Relationships by entity name: a malware "uses" technique X, an actor
  // "targets" victim Y, a campaign is "attributed-to" an actor.
  std::vector<std::pair<std::string, std::string>> relations;  // (verb, target name)

  bool operator==(const Entity&) const = default;
};

// What one or more intel sources hold. Readers fill it; writers serialise it.
struct Intel {
  std::vector<Indicator> indicators;
  std::vector<Entity> entities;
  std::string name;  // pack or file name

  const Entity* FindEntity(EntityKind kind, std::string_view name) const;
  // Appends other's indicators and entities (entities merged by kind+name).
  void Merge(Intel other);
};

// Normalises a value of the given type: returns the canonical form, or an
// error when the value is not a valid instance of the type (an sha256 with 63
// hex digits, an IPv4 octet over 255, a domain without a dot).
Result<std::string> NormalizeValue(IndicatorType type, std::string_view value);

}  // namespace shrike
