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
    name_.clear();
    Flatten(root, name_, 0, event);
    return true;
  }

 private:
  // `name` is the dotted name of `element`; it is extended for the members
  // of an object and given back as it was.
  static void Flatten(simdjson::dom::element element, std::string& name, int depth, Event& event) {
    using Type = simdjson::dom::element_type;
    if (depth > kMaxDepth) return;
    switch (element.type()) {
      case Type::OBJECT: {
        simdjson::dom::object object = element.get_object().value_unsafe();
        std::size_t size = name.size();
        for (auto field : object) {
          if (size != 0) name.push_back('.');
          name.append(field.key);
          Flatten(field.value, name, depth + 1, event);
          name.resize(size);
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
      case Type::INT64:
      case Type::UINT64:
        event.fields.emplace_back(name, sigma_internal::IntegerText(element));
        break;
      default: event.fields.emplace_back(name, simdjson::minify(element)); break;
    }
  }

  std::string path_;
  std::string name_;  // the dotted name being built, reused
  simdjson::dom::parser parser_;
};

}  // namespace

std::unique_ptr<LineParser> MakeJsonParser(const std::string& path) {
  return std::make_unique<JsonParser>(path);
}

}  // namespace shrike::logs_internal
