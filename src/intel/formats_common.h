// Private helpers shared by the intel readers and writers of src/intel/:
// context interning, value admission with located warnings, type inference
// for list lines, and JSON access through simdjson's error-code API.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike::intel_internal {

// Hands out one shared IndicatorContext per distinct content, so that a
// million indicators of one source share a handful of context objects.
// Not thread-safe: one per reader call.
class ContextInterner {
 public:
  std::shared_ptr<const IndicatorContext> Intern(const IndicatorContext& context);
  std::size_t size() const { return contexts_.size(); }

 private:
  std::unordered_map<std::string, std::shared_ptr<const IndicatorContext>> contexts_;
  // Consecutive records usually share a context: checked before hashing.
  std::shared_ptr<const IndicatorContext> last_;
};

// Where a record came from, for indicators and warnings.
struct RecordPlace {
  const std::string* file = nullptr;
  std::uint64_t line = 0;
  std::uint64_t offset = 0;
  std::string record;  // a MISP attribute uuid, a JSON array index, ...
};

Location ToLocation(const RecordPlace& place);
// A location naming a file and, when known, a line.
inline Location FileLine(std::string file, std::uint64_t line = 0) {
  Location where;
  where.file = std::move(file);
  where.line = line;
  return where;
}

// Normalises value as type and appends it to intel with the given context;
// an invalid value is a warning at place and nothing is appended. Returns
// whether an indicator was added.
bool AddIndicator(Intel& intel, IndicatorType type, std::string_view value,
                  const std::shared_ptr<const IndicatorContext>& context, const RecordPlace& place,
                  Diagnostics& diags);

// The indicator type a bare value most likely is (hash by length, address,
// CIDR, URL, e-mail, CVE, ATT&CK id, ssdeep, else domain); nullopt when it
// cannot be any of them. The value still has to pass NormalizeValue.
std::optional<IndicatorType> InferIndicatorType(std::string_view value);
// An ipv4 type given to a value that is really IPv6 or a CIDR gets fixed, as
// MISP's ip-dst and CSV "ip" columns carry both families and prefixes.
IndicatorType RefineAddressType(IndicatorType type, std::string_view value);

// Refang(value), skipping the (costly, Unicode-folding) call for the common
// case of a value that shows no defang marker: brackets, parentheses,
// backslashes, spaces, '*', non-ASCII bytes or an "hxxp"/"fxp" scheme.
std::string MaybeRefang(std::string_view value);

// "a|b|c" -> {"a","b","c"}, trimmed, empty parts dropped.
std::vector<std::string> SplitList(std::string_view text, char sep);
std::string JoinList(const std::vector<std::string>& parts, char sep);
// Parses an integer in [lo, hi]; nullopt otherwise.
std::optional<std::int64_t> ParseInt(std::string_view text, std::int64_t lo, std::int64_t hi);
std::optional<EntityKind> ParseEntityKind(std::string_view name);
// The last path component of file, for Intel::name.
std::string BaseName(std::string_view file);

// ---- JSON (simdjson DOM, error codes only) ----

// Parses text; on failure an Error naming the file and the byte offset where
// the document stops being JSON.
Result<simdjson::dom::element> ParseJson(simdjson::dom::parser& parser, std::string_view text,
                                         const std::string& file);
// Offset of the first byte at which text stops being valid JSON (text.size()
// for a truncated document).
std::size_t JsonErrorOffset(std::string_view text);

// Member accessors: absent or wrongly typed members read as empty.
std::string_view JsonString(simdjson::dom::object obj, std::string_view key);
std::optional<simdjson::dom::array> JsonArray(simdjson::dom::object obj, std::string_view key);
std::optional<simdjson::dom::object> JsonObject(simdjson::dom::element element);
bool JsonHas(simdjson::dom::object obj, std::string_view key);
// A boolean, or a string/number such as MISP's "1"/"0".
bool JsonBool(simdjson::dom::object obj, std::string_view key, bool fallback);
// An integer, or a string holding one.
std::optional<std::int64_t> JsonInt(simdjson::dom::object obj, std::string_view key);
std::vector<std::string> JsonStrings(simdjson::dom::object obj, std::string_view key);

}  // namespace shrike::intel_internal
