// NDJSON lines of any shape, flattened to dotted names with simdjson.
#include <simdjson.h>

#include <string>

#include "logs/readers.h"
#include "sigma/evtx_json.h"

namespace shrike::logs_internal {
namespace {

// Deeper nesting is not descended (the values are not indicator fields).
constexpr int kMaxDepth = 32;

class JsonParser : public LineParser {
 public:
  explicit JsonParser(std::string path) : path_(std::move(path)) {}

  bool Parse(const Line& line, Event& event, Diagnostics& diags) override {
    simdjson::dom::element root;
    auto error = parser_.parse(line.text.data(), line.text.size(), true).get(root);
    if (!error && root.type() != simdjson::dom::element_type::OBJECT) {
      error = simdjson::INCORRECT_TYPE;
    }
    if (error) {
      diags.Warn(Error(ErrorCode::kParse,
                       std::string("not a JSON object: ") + simdjson::error_message(error),
                       LineLocation(path_, line)));
      return false;
    }
    if (sigma_internal::IsEvtxJson(root)) {  // evtx_dump -o jsonl
      sigma_internal::EvtxJsonToEvent(root, event);
      return true;
    }
    event.kind = SourceKind::kNdjson;
    Flatten(root, "", 0, event);
    return true;
  }

 private:
  static void Flatten(simdjson::dom::element element, const std::string& name, int depth,
                      Event& event) {
    using Type = simdjson::dom::element_type;
    if (depth > kMaxDepth) return;
    switch (element.type()) {
      case Type::OBJECT: {
        simdjson::dom::object object = element.get_object().value_unsafe();
        for (auto field : object) {
          std::string key =
              name.empty() ? std::string(field.key) : name + "." + std::string(field.key);
          Flatten(field.value, key, depth + 1, event);
        }
        break;
      }
      case Type::ARRAY: {
        simdjson::dom::array array = element.get_array().value_unsafe();
        for (auto item : array) Flatten(item, name, depth + 1, event);
        break;
      }
      case Type::STRING:
        event.fields.emplace_back(name, std::string(element.get_string().value_unsafe()));
        break;
      case Type::NULL_VALUE: break;
      default: event.fields.emplace_back(name, simdjson::minify(element)); break;
    }
  }

  std::string path_;
  simdjson::dom::parser parser_;
};

}  // namespace

std::unique_ptr<LineParser> MakeJsonParser(const std::string& path) {
  return std::make_unique<JsonParser>(path);
}

}  // namespace shrike::logs_internal
