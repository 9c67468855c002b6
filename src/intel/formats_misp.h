// MISP vocabulary shared by the MISP reader (misp.cpp) and writer
// (misp_write.cpp): attribute types, galaxy types and tag grammar.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shrike/indicator.h"

namespace shrike::intel_internal {

// Namespace of the deterministic (UUIDv5) ids of written events/attributes.
inline constexpr std::string_view kMispNamespace = "5f3c8a9e-2d41-4b7e-9a6c-1e8d0b4f7c21";

// Tags of Shrike's own MISP dialect. An event tagged kPerAttributeTag carries
// each indicator's whole context on the attribute, so the reader does not
// spread event-level context over its attributes.
inline constexpr std::string_view kPerAttributeTag = "shrike:context=\"per-attribute\"";
inline constexpr std::string_view kEstimativeConfidence =
    "estimative-language:confidence-in-analytic-judgment";

// How a MISP attribute type reads. Composite types ("domain|ip") have a
// second part; ignored types carry no indicator (text, comment, link, ...).
struct MispTypeRule {
  enum class Kind : std::uint8_t { kSingle, kComposite, kIgnored };
  Kind kind = Kind::kIgnored;
  IndicatorType first = IndicatorType::kSha256;
  std::optional<IndicatorType> second;  // nullopt: the second part is dropped (a port)
};
// nullopt for types Shrike does not know (a warning for the reader).
std::optional<MispTypeRule> LookupMispType(std::string_view misp_type);

// The MISP attribute type and category an indicator is written as. Types MISP
// lacks (cert-serial, attack-technique, malware, tool) are written as "text"
// with a shrike:type tag.
struct MispTypeOut {
  std::string_view type;
  std::string_view category;
  bool needs_type_tag = false;
};
MispTypeOut MispTypeFor(IndicatorType type);

// A tag "namespace:predicate=\"value\"" split into its parts; plain tags
// ("tlp:white", "APT") have an empty value.
struct MispTag {
  std::string name_space;  // "misp-galaxy"
  std::string predicate;   // "threat-actor"
  std::string value;       // "Palmerworm"
};
MispTag ParseMispTag(std::string_view tag);
std::string MakeMispTag(std::string_view name_space, std::string_view predicate,
                        std::string_view value);

// Galaxy type <-> entity kind. Several MISP galaxies mean malware.
std::optional<EntityKind> GalaxyEntityKind(std::string_view galaxy_type);
std::string_view GalaxyTypeFor(EntityKind kind);
// "Service Execution - T1569.002" -> ("Service Execution", "T1569.002") when
// the suffix is an ATT&CK id (T/S/G/M/TA followed by digits); else (value, "").
std::pair<std::string, std::string> SplitMitreSuffix(std::string_view value);

// Estimative-language words <-> a 0..100 confidence.
std::string_view EstimativeWord(int confidence);
int EstimativeConfidence(std::string_view word);  // -1 when unknown

}  // namespace shrike::intel_internal
