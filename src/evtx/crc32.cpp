// CRC-32 (IEEE, reflected, as zlib) of chunk data. On x86-64 CPUs with
// PCLMULQDQ the bulk is folded 64 bytes at a time with carry-less
// multiplication (Intel, "Fast CRC Computation for Generic Polynomials Using
// PCLMULQDQ", 2009; the constants are those of the reflected polynomial
// 0xEDB88320); the tail and other CPUs use zlib.
#include <zlib.h>

#include "evtx/bytes.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SHRIKE_CRC_CLMUL 1
#endif

namespace shrike::evtx_internal {
namespace {

std::uint32_t ZlibCrc32(std::uint32_t crc, const std::uint8_t* data, std::size_t size) {
  while (size > 0) {
    auto n = static_cast<uInt>(size > (1u << 30) ? (1u << 30) : size);
    crc = static_cast<std::uint32_t>(::crc32(crc, data, n));
    data += n;
    size -= n;
  }
  return crc;
}

#if defined(SHRIKE_CRC_CLMUL)
__attribute__((target("pclmul,sse4.1"))) inline __m128i Fold(__m128i x, __m128i k, __m128i next) {
  __m128i lo = _mm_clmulepi64_si128(x, k, 0x00);
  __m128i hi = _mm_clmulepi64_si128(x, k, 0x11);
  return _mm_xor_si128(_mm_xor_si128(lo, hi), next);
}

__m128i Load16(const std::uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// The raw (not inverted) CRC of size bytes, size a multiple of 16 and >= 64.
__attribute__((target("pclmul,sse4.1"))) std::uint32_t ClmulCrc32(std::uint32_t crc,
                                                                  const std::uint8_t* p,
                                                                  std::size_t size) {
  const __m128i k1k2 = _mm_set_epi64x(0x1c6e41596, 0x154442bd4);
  const __m128i k3k4 = _mm_set_epi64x(0x0ccaa009e, 0x1751997d0);
  const __m128i k5 = _mm_set_epi64x(0, 0x163cd6124);
  const __m128i poly = _mm_set_epi64x(0x1f7011641, 0x1db710641);
  const __m128i mask32 = _mm_set_epi32(0, 0, 0, -1);
  __m128i x0 = _mm_xor_si128(Load16(p), _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i x1 = Load16(p + 16), x2 = Load16(p + 32), x3 = Load16(p + 48);
  p += 64;
  size -= 64;
  for (; size >= 64; size -= 64, p += 64) {
    x0 = Fold(x0, k1k2, Load16(p));
    x1 = Fold(x1, k1k2, Load16(p + 16));
    x2 = Fold(x2, k1k2, Load16(p + 32));
    x3 = Fold(x3, k1k2, Load16(p + 48));
  }
  x0 = Fold(x0, k3k4, x1);
  x0 = Fold(x0, k3k4, x2);
  x0 = Fold(x0, k3k4, x3);
  for (; size >= 16; size -= 16, p += 16) x0 = Fold(x0, k3k4, Load16(p));
  // 128 -> 64 bits.
  __m128i t = _mm_srli_si128(x0, 8);
  x0 = _mm_xor_si128(_mm_clmulepi64_si128(x0, k3k4, 0x10), t);
  // 64 -> 32 bits.
  t = _mm_srli_si128(x0, 4);
  x0 = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x0, mask32), k5, 0x00), t);
  // Barrett reduction.
  t = x0;
  x0 = _mm_clmulepi64_si128(_mm_and_si128(x0, mask32), poly, 0x10);
  x0 = _mm_clmulepi64_si128(_mm_and_si128(x0, mask32), poly, 0x00);
  x0 = _mm_xor_si128(x0, t);
  return static_cast<std::uint32_t>(_mm_extract_epi32(x0, 1));
}

bool HasClmul() {
  static const bool has = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
  return has;
}
#endif

}  // namespace

std::uint32_t Crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc) {
#if defined(SHRIKE_CRC_CLMUL)
  if (size >= 64 && HasClmul()) {
    std::size_t bulk = size & ~static_cast<std::size_t>(15);
    crc = ~ClmulCrc32(~crc, data, bulk);
    data += bulk;
    size -= bulk;
  }
#endif
  return ZlibCrc32(crc, data, size);
}

}  // namespace shrike::evtx_internal
