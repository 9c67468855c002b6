// Renderers of a record's Document: JSON in the shape of the Rust `evtx`
// crate (`Event.System...`, `#attributes`, `#text`, Data by Name), XML, and
// the flat Event fields the hunt and Sigma rules use.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "evtx/document.h"
#include "shrike/event.h"

namespace shrike::evtx_internal {

// The text content of an element or attribute: its values, entities and
// character references concatenated (child elements skipped).
void AppendContentText(const Document& doc, std::int32_t owner, std::string& out);
// The text of one content node (value, CDATA, entity or character reference).
void AppendPieceText(const Document& doc, std::int32_t piece, std::string& out);
// True when the element or attribute has any value content.
bool HasContent(const Document& doc, std::int32_t owner);

// Scratch state reused across records by one thread.
class JsonRenderer {
 public:
  // Appends one JSON object (no newline) for the record.
  void Render(const Document& doc, std::string& out);

 private:
  struct JNode {
    enum Kind : std::uint8_t { kNull, kObject, kRaw, kString, kArray } kind = kNull;
    std::string text;  // kRaw: JSON text; kString: plain text
    // Keys point into the Document's names or into key_store_.
    std::vector<std::pair<std::string_view, std::int32_t>> members;
  };
  // A key string that lives until the next Render.
  std::string& NewKey();
  std::int32_t New(JNode::Kind kind);
  std::int32_t Find(std::int32_t object, std::string_view key) const;
  std::int32_t Ensure(std::int32_t object, std::string_view key);
  std::int32_t InsertNull(std::int32_t object, std::string_view key);
  void Visit(const Document& doc, std::int32_t element, std::int32_t parent);
  void AddCharacters(const Document& doc, std::int32_t piece, std::int32_t slot);
  void SetAttributes(const Document& doc, std::int32_t element, std::int32_t slot);
  void ValueInto(const Document& doc, std::int32_t owner, JNode& node);
  void Write(std::int32_t node, std::string& out) const;
  JNode& at(std::int32_t i) { return pool_[static_cast<std::size_t>(i)]; }
  const JNode& at(std::int32_t i) const { return pool_[static_cast<std::size_t>(i)]; }

  std::vector<JNode> pool_;
  std::size_t used_ = 0;
  std::string scratch_;
  std::deque<std::string> key_store_;  // deque: views into its strings stay valid
  std::size_t keys_used_ = 0;
  std::string value_text_;      // AddCharacters scratch
  bool new_text_item_ = false;  // next text of an unnamed <Data> starts a new "#text" item
};

// Appends the record as indented XML (no declaration), ending in a newline.
void RenderXml(const Document& doc, std::string& out);

// Field slots of Events, reused: a record with fewer fields than the one
// before it in the same Event gives the rest back here, and a record with
// more takes them, so field strings are not freed and allocated again from
// record to record. One per worker.
class FieldSlots {
 public:
  // The next slot of event (event.fields[used++]), its value cleared.
  std::pair<std::string, std::string>& Next(Event& event, std::size_t& used) {
    auto& fields = event.fields;
    if (used == fields.size()) {
      if (spare_.empty()) {
        fields.emplace_back();
      } else {
        fields.push_back(std::move(spare_.back()));
        spare_.pop_back();
      }
    }
    auto& field = fields[used++];
    field.second.clear();
    return field;
  }
  // Ends event's fields at used.
  void Trim(Event& event, std::size_t used) {
    auto& fields = event.fields;
    while (fields.size() > used && spare_.size() < kMaxSpare) {
      spare_.push_back(std::move(fields.back()));
      fields.pop_back();
    }
    fields.resize(used);
  }

 private:
  static constexpr std::size_t kMaxSpare = 4096;
  std::vector<std::pair<std::string, std::string>> spare_;
};

// Replaces event.fields (System, EventData, UserData; see include/shrike/evtx.h),
// reusing the strings already there, and sets event.host / event.timestamp.
// Other members are left to the caller.
void BuildEventFields(const Document& doc, Event& event, std::string& scratch, FieldSlots& slots);

}  // namespace shrike::evtx_internal
