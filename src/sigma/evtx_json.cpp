// The `evtx` crate's JSON records (evtx_dump) as the Events of the EVTX
// reader: System attributes flattened as Element_Attribute (Provider_Name,
// TimeCreated_SystemTime, Execution_ProcessID, EventID_Qualifiers), EventData
// and UserData leaves by name.
#include "sigma/evtx_json.h"

#include <charconv>
#include <string>

#include "logs/readers.h"
#include "sigma/internal.h"

namespace shrike {
namespace {

using simdjson::dom::element;
using Type = simdjson::dom::element_type;

constexpr int kMaxDepth = 32;

std::string Text(element e) {
  switch (e.type()) {
    case Type::STRING: return std::string(e.get_string().value_unsafe());
    case Type::NULL_VALUE: return {};
    case Type::INT64:
    case Type::UINT64: return sigma_internal::IntegerText(e);
    default: return simdjson::minify(e);
  }
}

// A System child: "X": scalar, or {"#attributes": {...}, "#text": ...}.
void AddSystemField(std::string_view name, element value, Event& out) {
  if (value.type() != Type::OBJECT) {
    if (value.type() != Type::NULL_VALUE) out.fields.emplace_back(std::string(name), Text(value));
    return;
  }
  simdjson::dom::object object = value.get_object().value_unsafe();
  for (auto field : object) {
    if (field.key == "#text") {
      out.fields.emplace_back(std::string(name), Text(field.value));
    } else if (field.key == "#attributes" && field.value.type() == Type::OBJECT) {
      simdjson::dom::object attrs = field.value.get_object().value_unsafe();
      for (auto attr : attrs) {
        std::string key;
        key.reserve(name.size() + 1 + attr.key.size());
        key.append(name).append(1, '_').append(attr.key);
        out.fields.emplace_back(std::move(key), Text(attr.value));
      }
    }
  }
}

// EventData / UserData: leaves by their element name; arrays repeat it.
void AddDataField(std::string_view name, element value, int depth, Event& out) {
  if (depth > kMaxDepth) return;
  switch (value.type()) {
    case Type::OBJECT: {
      simdjson::dom::object object = value.get_object().value_unsafe();
      for (auto field : object) {
        if (field.key == "#attributes") continue;
        AddDataField(field.key == "#text" ? name : field.key, field.value, depth + 1, out);
      }
      break;
    }
    case Type::ARRAY: {
      simdjson::dom::array array = value.get_array().value_unsafe();
      for (auto item : array) AddDataField(name, item, depth + 1, out);
      break;
    }
    default: out.fields.emplace_back(std::string(name), Text(value)); break;
  }
}

}  // namespace

namespace sigma_internal {

std::string IntegerText(element integer) {
  char buf[24];
  std::to_chars_result r =
      integer.type() == simdjson::dom::element_type::UINT64
          ? std::to_chars(buf, buf + sizeof buf, integer.get_uint64().value_unsafe())
          : std::to_chars(buf, buf + sizeof buf, integer.get_int64().value_unsafe());
  return std::string(buf, r.ptr);
}

bool IsEvtxJson(element root) {
  element event, system;
  return root.type() == Type::OBJECT && !root["Event"].get(event) && event.type() == Type::OBJECT &&
         !event["System"].get(system) && system.type() == Type::OBJECT;
}

void EvtxJsonToEvent(element root, Event& out) {
  element event = root["Event"].value_unsafe();
  out.kind = SourceKind::kEvtx;
  out.dialect = "evtx";
  simdjson::dom::object parts = event.get_object().value_unsafe();
  for (auto part : parts) {
    if (part.key == "System" && part.value.type() == Type::OBJECT) {
      simdjson::dom::object system = part.value.get_object().value_unsafe();
      for (auto f : system) AddSystemField(f.key, f.value, out);
    } else if (part.key == "EventData" || part.key == "UserData") {
      if (part.value.type() == Type::OBJECT) AddDataField("Data", part.value, 0, out);
    }
  }
  out.timestamp = logs_internal::ParseEventTime(out.Get("TimeCreated_SystemTime"));
  out.host = std::string(out.Get("Computer"));
}

}  // namespace sigma_internal

Result<Event> EventFromEvtxJson(std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.parse(json.data(), json.size(), true).get(root)) {
    return Error(ErrorCode::kParse, std::string("not JSON: ") + simdjson::error_message(error));
  }
  if (!sigma_internal::IsEvtxJson(root)) {
    return Error(ErrorCode::kParse, "not an evtx record ({\"Event\":{\"System\":...}})");
  }
  Event event;
  sigma_internal::EvtxJsonToEvent(root, event);
  return event;
}

Result<std::vector<Event>> EventsFromEvtxJsonFile(std::string_view text, const std::string& file) {
  std::vector<Event> out;
  int depth = 0;
  bool in_string = false, escaped = false;
  std::size_t start = 0, line = 1, start_line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"' && depth > 0) in_string = true;
    if (c == '{' && depth++ == 0) {
      start = i;
      start_line = line;
    }
    if (c == '}' && depth > 0 && --depth == 0) {
      auto event = EventFromEvtxJson(text.substr(start, i + 1 - start));
      if (!event.ok()) {
        Error e = std::move(event).error();
        return Error(e.code(), e.message(), sigma_internal::At(file, start_line));
      }
      event->offset = start;
      event->line = start_line;
      out.push_back(std::move(*event));
    }
    if (depth > kMaxDepth * 4)
      return Error(ErrorCode::kLimit, "JSON nested too deeply", sigma_internal::At(file, line));
  }
  if (depth != 0)
    return Error(ErrorCode::kParse, "unterminated JSON object",
                 sigma_internal::At(file, start_line));
  return out;
}

}  // namespace shrike
