// Encodings used by the Sigma value modifiers (src/sigma/encode.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shrike::sigma_internal {

std::string Base64(std::string_view in);
// pySigma's base64offset: the three offset-independent encodings.
std::vector<std::string> Base64Offsets(std::string_view in);
// UTF-8 to UTF-16 code units, little- or big-endian, no byte-order mark.
std::string Utf16(std::string_view utf8, bool big_endian);

}  // namespace shrike::sigma_internal
