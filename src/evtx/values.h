// BinXML values: the typed substitution and text values of an EVTX record, and
// their text and JSON forms. Text follows the Rust `evtx` crate's JSON output
// (integers decimal, hex integers "0x..", GUIDs upper-case without braces,
// SIDs "S-1-..", times ISO 8601 UTC with 0, 3, 6 or 9 fraction digits).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shrike::evtx_internal {

enum class ValueType : std::uint8_t {
  kNull = 0x00,
  kString = 0x01,
  kAnsiString = 0x02,
  kInt8 = 0x03,
  kUInt8 = 0x04,
  kInt16 = 0x05,
  kUInt16 = 0x06,
  kInt32 = 0x07,
  kUInt32 = 0x08,
  kInt64 = 0x09,
  kUInt64 = 0x0a,
  kReal32 = 0x0b,
  kReal64 = 0x0c,
  kBool = 0x0d,
  kBinary = 0x0e,
  kGuid = 0x0f,
  kSizeT = 0x10,
  kFileTime = 0x11,
  kSysTime = 0x12,
  kSid = 0x13,
  kHexInt32 = 0x14,
  kHexInt64 = 0x15,
  kEvtHandle = 0x20,
  kBinXml = 0x21,
  kEvtXml = 0x23,
  kArrayFlag = 0x80,
};

// A value as stored: its type byte and raw little-endian bytes (UTF-16 for
// strings, without a length prefix). Points into the chunk.
struct Value {
  std::uint8_t type = 0;
  std::uint32_t size = 0;
  const std::uint8_t* data = nullptr;
};

inline bool IsArray(std::uint8_t type) { return (type & 0x80) != 0; }
inline std::uint8_t BaseType(std::uint8_t type) { return type & 0x7f; }
// Width of a fixed-size type, 0 for variable-size ones.
std::uint32_t FixedSize(std::uint8_t base_type);
bool IsKnownType(std::uint8_t type);

// UTF-16LE (count code units) to UTF-8; unpaired surrogates become U+FFFD.
void AppendUtf16(const std::uint8_t* data, std::size_t units, std::string& out);

// The text of a value (arrays joined by ','), appended to out.
void AppendText(const Value& value, std::string& out);
// Calls fn(text) once per element of an array value, once for a scalar.
template <typename Fn>
void ForEachElementText(const Value& value, std::string& scratch, Fn&& fn);
// JSON for a value: numbers and booleans bare, arrays as JSON arrays, null for
// kNull, the rest as JSON strings.
void AppendJson(const Value& value, std::string& out);
// Appends s as a JSON string literal (serde_json escaping).
void AppendJsonString(std::string_view s, std::string& out);
// Appends s with XML escaping of & < > " '.
void AppendXmlEscaped(std::string_view s, std::string& out);

// 100 ns ticks since 1601 → "YYYY-MM-DDTHH:MM:SS[.f]Z".
void AppendFileTime(std::uint64_t ticks, std::string& out);

// Elements of an array value: splits by element width, or on NUL for string
// arrays. Returns false when the value is not an array.
bool NextArrayElement(const Value& array, std::uint32_t& pos, Value& element);

template <typename Fn>
void ForEachElementText(const Value& value, std::string& scratch, Fn&& fn) {
  if (!IsArray(value.type)) {
    scratch.clear();
    AppendText(value, scratch);
    fn(std::string_view(scratch));
    return;
  }
  std::uint32_t pos = 0;
  Value element;
  while (NextArrayElement(value, pos, element)) {
    scratch.clear();
    AppendText(element, scratch);
    fn(std::string_view(scratch));
  }
}

}  // namespace shrike::evtx_internal
