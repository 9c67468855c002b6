#include "core/uuid.h"

#include <openssl/sha.h>

#include <array>
#include <cstdio>

#include "core/strings.h"

namespace shrike {
namespace {

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  return AsciiLower(c) - 'a' + 10;
}

}  // namespace

std::string UuidV5(std::string_view namespace_uuid, std::string_view name) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < namespace_uuid.size() && bytes.size() < 16;) {
    if (namespace_uuid[i] == '-') {
      ++i;
      continue;
    }
    bytes.push_back(
        static_cast<char>(HexValue(namespace_uuid[i]) * 16 + HexValue(namespace_uuid[i + 1])));
    i += 2;
  }
  bytes.append(name);
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(
      out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
      digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
      digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]);
  return out;
}

}  // namespace shrike
