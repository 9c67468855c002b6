#include "files/inventory_fields.h"

#include <simdjson.h>

#include "core/json_writer.h"

namespace shrike::files {

int DigestColumn(std::string_view field) {
  for (int i = 0; i < static_cast<int>(std::size(kDigestColumns)); ++i) {
    if (kDigestColumns[i] == field) return i;
  }
  return -1;
}

std::string EncodeFields(const FieldList& fields) {
  JsonWriter json;
  bool any = false;
  for (const auto& [key, value] : fields) {
    if (DigestColumn(key) >= 0) continue;
    if (!any) json.BeginObject();
    any = true;
    json.Field(key, value);
  }
  if (!any) return {};
  json.EndObject();
  return json.Take();
}

Status DecodeFields(std::string_view json, FieldList& out) {
  if (json.empty()) return Ok();
  // One parser per thread: simdjson parsers are reusable and not shareable.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(json.data(), json.size()).get(object) != simdjson::SUCCESS)
    return Error(ErrorCode::kParse, "fields column is not a JSON object");
  FieldList fields;
  for (auto [key, value] : object) {
    std::string_view text;
    if (value.get(text) != simdjson::SUCCESS)
      return Error(ErrorCode::kParse, "field '" + std::string(key) + "' is not a string");
    fields.emplace_back(std::string(key), std::string(text));
  }
  for (auto& field : fields) out.push_back(std::move(field));
  return Ok();
}

}  // namespace shrike::files
