// What the STIX reader and writer share: the mapping between indicator types
// and pattern comparisons, fixed ids and timestamps.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "intel/stix/pattern.h"
#include "shrike/indicator.h"

namespace shrike::stix {

// Namespace of Shrike's deterministic SDO/SRO ids (UUIDv5 of "type|key").
inline constexpr std::string_view kShrikeNamespace = "6f1b5a2e-9c1d-5c4e-8a53-73687269b3e1";
// created/modified when the Intel says nothing, so that output is stable.
inline constexpr std::string_view kDefaultTimestamp = "2020-09-29T00:00:00.000Z";
// valid_from is required; when first_seen is unknown the writer uses the epoch
// and the reader maps the epoch back to "unknown".
inline constexpr std::string_view kUnknownValidFrom = "1970-01-01T00:00:00.000Z";

// The comparison that a pattern uses for an observable of the given type:
// e.g. sha256 -> file:hashes.'SHA-256' = value. nullopt for named entities
// (malware, tool, actor, cve, attack-technique), which become SDOs instead.
std::optional<Comparison> ComparisonFor(IndicatorType type, std::string_view value);
// The indicator type an atom of a pattern denotes, or nullopt when the
// object path (or MATCHES on anything but file:name) has no indicator type.
std::optional<IndicatorType> TypeForAtom(const Comparison& atom);
// The indicator type of a hash algorithm name of a `hashes` dictionary
// ("SHA-256", "sha256", "MD5", "SSDEEP"), for file or x509-certificate objects.
std::optional<IndicatorType> TypeForHashName(std::string_view object_type,
                                             std::string_view algorithm);

// Every field of a context as one string: equal contexts, equal keys. The
// writer uses it for indicator ids (indicators differing only in context get
// distinct ids, identical ones collapse), the reader to share equal contexts.
std::string ContextKey(const IndicatorContext& c);

// "type--uuid" with a UUIDv5 of "type|key" in kShrikeNamespace.
std::string StixId(std::string_view type, std::string_view key);
// A STIX timestamp with milliseconds ("2019-08-01T02:14:07.000Z"), plus
// extra_millis (used to make valid_until strictly later than valid_from).
std::string StixTimestamp(UnixTime t, int extra_millis = 0);

}  // namespace shrike::stix
