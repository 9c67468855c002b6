// Lookup keys: the one place that decides how an indicator value, and a value
// being looked up, become the bytes an index compares. Compile and lookup both
// go through these functions, so a stored key and a probe for the same value
// are always equal whatever the case, trailing dot or separators of either.
//
// Every function appends to `out` and returns false (possibly having appended
// garbage the caller must drop) when the text cannot be a key of the type.
// Leading and trailing spaces are never trimmed: " evil.com" is not evil.com.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "shrike/indicator.h"

namespace shrike::match {

// Bytes of the binary key of a fixed-size digest type (md5, sha1, sha256,
// sha512, imphash, cert-sha1, cert-sha256); 0 for every other type.
std::size_t DigestBytes(IndicatorType type);

// Hex text to its binary form; case-insensitive; cert fingerprints may use
// ':' or '-' between bytes. False unless exactly DigestBytes(type) bytes.
bool AppendDigestKey(IndicatorType type, std::string_view hex, std::string& out);

// A host name: ASCII lower case, trailing dots dropped, non-ASCII names
// converted to A-labels (IDNA 2008, as NormalizeValue does; labels IDNA
// rejects are kept as they are). False only for an empty name.
bool AppendDomainKey(std::string_view host, std::string& out);

// Exact-match key of the other types: urls fold scheme and host case; emails
// fold the domain; filenames, cve, attack-technique and malware/tool/actor
// names fold case (Unicode simple case folding); cert-serial folds hex case
// and separators; the rest is kept byte for byte.
bool AppendTextKey(IndicatorType type, std::string_view value, std::string& out);

// Case folding for case-insensitive names: ASCII lower case, and ICU case
// folding when the text is valid non-ASCII UTF-8.
void AppendFoldedCase(std::string_view text, std::string& out);

}  // namespace shrike::match
