// Little-endian reads from a chunk held in memory. Callers check bounds first;
// these helpers never read past the pointer they are given plus the type size.
#pragma once

#include <cstdint>
#include <cstring>

namespace shrike::evtx_internal {

template <typename T>
inline T Load(const std::uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));  // x86/ARM little-endian hosts only (static_assert below)
  return v;
}
inline std::uint16_t U16(const std::uint8_t* p) { return Load<std::uint16_t>(p); }
inline std::uint32_t U32(const std::uint8_t* p) { return Load<std::uint32_t>(p); }
inline std::uint64_t U64(const std::uint8_t* p) { return Load<std::uint64_t>(p); }

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "EVTX reader assumes a little-endian host");

// CRC-32 (IEEE, as zlib) of a byte range.
std::uint32_t Crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0);

}  // namespace shrike::evtx_internal
