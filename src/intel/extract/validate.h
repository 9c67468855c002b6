// Validation rules that tell an indicator from a look-alike in prose.
#pragma once

#include <string_view>

namespace shrike::extract {

// Is `label` (one label, any case) a public suffix on its own, with no
// wildcard rule? Uses libpsl with Debian's public suffix list (the built-in
// list when the file is absent). Thread-safe.
bool IsPublicSuffixLabel(std::string_view label);

// Is `label` a common file extension that is also a top-level domain
// (md, zip, mov, sh, py, pl, ...)? `readme.md` is a file name, not a domain.
bool IsFileExtensionTld(std::string_view label);

// Does `host` look like a domain name: two or more labels of [A-Za-z0-9_-],
// none empty or over 63 bytes, none starting or ending with '-', a last label
// that is not numeric and is a public suffix? At most 253 bytes.
bool IsDomainName(std::string_view host);

// Is `text` exactly a dotted-quad IPv4 address (four decimal octets 0-255,
// no leading zeros)?
bool IsIpv4(std::string_view text);

// Is `text` an IPv6 address (inet_pton) with at least one digit, so that
// C++ scopes and hex words are not taken for one?
bool IsIpv6(std::string_view text);

// Is `atom` a vendor detection name such as Backdoor.Consock, Trojan.Gen.2,
// W32.Stuxnet or Hacktool.Mimikatz?
bool IsDetectionName(std::string_view atom);

// Is `text` a CVE id (CVE-YYYY-NNNN with four to seven digits, any case)?
bool IsCveId(std::string_view text);

// Is `text` an ATT&CK technique id (T1234 or T1234.001)?
bool IsTechniqueId(std::string_view text);

}  // namespace shrike::extract
