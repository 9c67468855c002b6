// Name-based UUIDs (RFC 4122 version 5, SHA-1), for deterministic STIX ids.
#pragma once

#include <string>
#include <string_view>

namespace shrike {

// The namespace STIX 2.1 mandates for SCO ids: 00abedb4-aa42-466c-9c01-fed23315a9b7.
inline constexpr std::string_view kStixScoNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";

// UUIDv5 of name in the given namespace (a textual UUID), lower-case text form.
std::string UuidV5(std::string_view namespace_uuid, std::string_view name);

}  // namespace shrike
