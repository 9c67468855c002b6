// JSON in the shape of the Rust evtx crate's JsonOutput: an element without
// attributes becomes its value (or null), attributes go to "#attributes" and
// the text then to "#text", <Data Name="X"> becomes key X, and repeated
// sibling names move earlier values to "Name_1", "Name_2", ...
#include <string_view>

#include "evtx/render.h"

namespace shrike::evtx_internal {
namespace {

bool IsStringType(std::uint8_t type) {
  return type == static_cast<std::uint8_t>(ValueType::kString) ||
         type == static_cast<std::uint8_t>(ValueType::kAnsiString);
}

std::int32_t FindAttribute(const Document& doc, std::int32_t element, std::string_view name) {
  for (std::int32_t a = doc.at(element).first_attr; a != -1; a = doc.at(a).next) {
    if (doc.at(a).name == name) return a;
  }
  return -1;
}

}  // namespace

std::int32_t JsonRenderer::New(JNode::Kind kind) {
  if (used_ == pool_.size()) pool_.emplace_back();
  JNode& n = pool_[used_];
  n.kind = kind;
  n.text.clear();
  n.members.clear();
  return static_cast<std::int32_t>(used_++);
}

std::string& JsonRenderer::NewKey() {
  if (keys_used_ == key_store_.size()) key_store_.emplace_back();
  std::string& key = key_store_[keys_used_++];
  key.clear();
  return key;
}

std::int32_t JsonRenderer::Find(std::int32_t object, std::string_view key) const {
  for (const auto& [name, value] : at(object).members) {
    if (name == key) return value;
  }
  return -1;
}

std::int32_t JsonRenderer::Ensure(std::int32_t object, std::string_view key) {
  if (at(object).kind != JNode::kObject) {
    at(object).kind = JNode::kObject;  // a placeholder (or stray text) becomes a container
    at(object).text.clear();
  }
  std::int32_t found = Find(object, key);
  if (found != -1) return found;
  std::int32_t child = New(JNode::kObject);
  at(object).members.emplace_back(key, child);
  return child;
}

std::int32_t JsonRenderer::InsertNull(std::int32_t object, std::string_view key) {
  if (at(object).kind != JNode::kObject) {
    at(object).kind = JNode::kObject;
    at(object).text.clear();
  }
  std::int32_t child = New(JNode::kNull);
  auto& members = at(object).members;
  for (auto& member : members) {
    if (member.first != key) continue;
    std::int32_t old = member.second;
    member.second = child;
    const JNode& o = at(old);
    bool placeholder = o.kind == JNode::kNull || (o.kind == JNode::kObject && o.members.empty());
    if (placeholder) return child;
    std::string& slot = NewKey();
    for (int n = 1;; ++n) {
      slot.assign(key);
      slot += '_';
      slot += std::to_string(n);
      if (Find(object, slot) == -1) break;
    }
    at(object).members.emplace_back(slot, old);
    return child;
  }
  members.emplace_back(key, child);
  return child;
}

void JsonRenderer::ValueInto(const Document& doc, std::int32_t owner, JNode& node) {
  std::int32_t first = doc.at(owner).first_child;
  const Node& n = doc.at(first);
  bool single = n.next == -1 || doc.at(n.next).kind == NodeKind::kElement;
  if (single && n.kind == NodeKind::kValue && !IsStringType(n.value.type)) {
    node.kind = JNode::kRaw;
    node.text.clear();
    AppendJson(n.value, node.text);
    return;
  }
  node.kind = JNode::kString;
  node.text.clear();
  AppendContentText(doc, owner, node.text);
}

void JsonRenderer::SetAttributes(const Document& doc, std::int32_t element, std::int32_t slot) {
  std::int32_t attrs = Ensure(slot, "#attributes");
  for (std::int32_t a = doc.at(element).first_attr; a != -1; a = doc.at(a).next) {
    if (!HasContent(doc, a)) continue;  // null values are left out, as the crate does
    std::int32_t v = New(JNode::kNull);
    ValueInto(doc, a, at(v));
    at(attrs).members.emplace_back(doc.at(a).name, v);
  }
}

void JsonRenderer::AddCharacters(const Document& doc, std::int32_t piece, std::int32_t slot) {
  const Node& p = doc.at(piece);
  struct {
    JNode::Kind kind;
    std::string& text;
  } value{JNode::kString, value_text_};
  value.text.clear();
  if (p.kind == NodeKind::kValue && !IsStringType(p.value.type)) {
    value.kind = JNode::kRaw;
    AppendJson(p.value, value.text);
  } else {
    if (p.kind == NodeKind::kValue || p.kind == NodeKind::kCData) {
      AppendText(p.value, value.text);
    } else {
      AppendPieceText(doc, piece, value.text);
    }
  }
  JNode& cur = at(slot);
  if (cur.kind == JNode::kNull) {
    cur.kind = value.kind;
    cur.text = value.text;
  } else if (cur.kind == JNode::kObject) {
    std::int32_t text = Find(slot, "#text");
    if (text == -1) {
      text = New(JNode::kNull);
      at(slot).members.emplace_back("#text", text);
    }
    if (new_text_item_ && at(text).kind != JNode::kNull) {
      // Several unnamed <Data>: "#text" becomes the array of their values.
      if (at(text).kind != JNode::kArray) {
        std::int32_t first = New(at(text).kind);
        at(first).text = at(text).text;
        at(text).kind = JNode::kArray;
        at(text).members.emplace_back("", first);
      }
      std::int32_t item = New(value.kind);
      at(item).text = value.text;
      at(text).members.emplace_back("", item);
    } else if (at(text).kind == JNode::kArray) {
      std::int32_t last = at(text).members.back().second;
      at(last).kind = JNode::kString;
      at(last).text += value.text;
    } else {
      at(text).kind = value.kind;
      at(text).text = value.text;
    }
    new_text_item_ = false;
  } else {
    cur.kind = JNode::kString;
    cur.text += value.text;
  }
}

void JsonRenderer::Visit(const Document& doc, std::int32_t element, std::int32_t parent) {
  const Node& e = doc.at(element);
  std::int32_t slot = -1;
  std::string_view key = e.name;
  if (e.name == "Data") {
    std::int32_t name = FindAttribute(doc, element, "Name");
    new_text_item_ = name == -1;
    if (name != -1) {
      std::string& stored = NewKey();
      AppendContentText(doc, name, stored);
      key = stored;
      slot = InsertNull(parent, key);
    }
  } else if (e.first_attr == -1) {
    slot = InsertNull(parent, key);
  } else {
    bool any = false;
    for (std::int32_t a = e.first_attr; a != -1 && !any; a = doc.at(a).next) {
      any = HasContent(doc, a);
    }
    if (any) {
      slot = Ensure(parent, key);
      SetAttributes(doc, element, slot);
    } else {
      slot = Ensure(parent, key);
      at(slot).kind = JNode::kNull;
      at(slot).members.clear();
    }
  }
  for (std::int32_t c = e.first_child; c != -1; c = doc.at(c).next) {
    if (slot == -1) slot = Ensure(parent, key);  // unnamed <Data>: created on first content
    if (doc.at(c).kind == NodeKind::kElement) {
      if (at(slot).kind != JNode::kObject) {
        at(slot).kind = JNode::kObject;
        at(slot).text.clear();
      }
      Visit(doc, c, slot);
    } else {
      AddCharacters(doc, c, slot);
    }
  }
}

void JsonRenderer::Write(std::int32_t node, std::string& out) const {
  const JNode& n = at(node);
  switch (n.kind) {
    case JNode::kNull: out += "null"; return;
    case JNode::kRaw: out += n.text; return;
    case JNode::kString: AppendJsonString(n.text, out); return;
    case JNode::kObject: break;
    case JNode::kArray: {
      out += '[';
      for (std::size_t i = 0; i < n.members.size(); ++i) {
        if (i != 0) out += ',';
        Write(n.members[i].second, out);
      }
      out += ']';
      return;
    }
  }
  out += '{';
  bool first = true;
  for (const auto& [name, value] : n.members) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(name, out);
    out += ':';
    Write(value, out);
  }
  out += '}';
}

void JsonRenderer::Render(const Document& doc, std::string& out) {
  used_ = 0;
  keys_used_ = 0;
  std::int32_t top = New(JNode::kObject);
  std::int32_t root = doc.root();
  if (root != -1) Visit(doc, root, top);
  Write(top, out);
}

}  // namespace shrike::evtx_internal
