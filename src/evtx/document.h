// Document: the XML tree of one record after template instantiation, in flat
// arrays that are reused from record to record (no allocation per node once
// warm). Renderers (JSON, XML, Event) walk it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "evtx/values.h"

namespace shrike::evtx_internal {

inline constexpr int kMaxElementDepth = 100;

enum class NodeKind : std::uint8_t {
  kElement,
  kAttribute,
  kValue,
  kEntity,
  kCharRef,
  kCData,
  // Only in the shape of a template that an EventPlan compiles (never in a
  // record's Document): a substitution, value.size holding its op's index.
  kSubstitution,
};

struct Node {
  NodeKind kind = NodeKind::kElement;
  std::string_view name;  // element, attribute or entity name (UTF-8, owned by the chunk)
  Value value;            // kValue / kCData; kCharRef keeps the code point in value.size
  std::int32_t parent = -1;
  std::int32_t next = -1;                          // next sibling (attributes: next attribute)
  std::int32_t first_child = -1, last_child = -1;  // elements and attributes
  std::int32_t first_attr = -1, last_attr = -1;    // elements
};

class Document {
 public:
  void Clear() {
    nodes_.clear();
    open_ = -1;
    attr_ = -1;
    depth_ = 0;
  }
  const std::vector<Node>& nodes() const { return nodes_; }
  const Node& at(std::int32_t i) const { return nodes_[static_cast<std::size_t>(i)]; }
  // First top-level element, or -1.
  std::int32_t root() const;
  std::size_t size() const { return nodes_.size(); }

  // Builder interface, driven by the BinXML parser.
  void OpenElement(std::string_view name);
  void AddAttribute(std::string_view name);
  void EndAttributes() { attr_ = -1; }
  void CloseElement();
  // A value, entity or CDATA: goes to the open attribute, else the open element.
  void AddContent(NodeKind kind, std::string_view name, Value value);
  bool complete() const { return open_ == -1; }
  // Elements nest deeper than renderers may recurse (hostile input).
  bool too_deep() const { return depth_ > kMaxElementDepth; }
  std::int32_t open() const { return open_; }
  // Closes elements left open (by a truncated fragment) down to `element`.
  void CloseTo(std::int32_t element) {
    while (open_ != -1 && open_ != element) CloseElement();
    attr_ = -1;
  }

 private:
  std::int32_t Push(Node node);
  void Link(std::int32_t parent, std::int32_t child);

  std::vector<Node> nodes_;
  std::int32_t open_ = -1;  // innermost open element
  std::int32_t attr_ = -1;  // attribute receiving values
  int depth_ = 0;
};

// The builder is inline: it runs once per node of every record.
inline std::int32_t Document::Push(Node node) {
  nodes_.push_back(node);
  return static_cast<std::int32_t>(nodes_.size() - 1);
}

inline void Document::Link(std::int32_t parent, std::int32_t child) {
  Node& p = nodes_[static_cast<std::size_t>(parent)];
  if (p.last_child == -1) {
    p.first_child = child;
  } else {
    nodes_[static_cast<std::size_t>(p.last_child)].next = child;
  }
  p.last_child = child;
}

inline void Document::OpenElement(std::string_view name) {
  Node node;
  node.name = name;
  node.parent = open_;
  std::int32_t id = Push(node);
  if (open_ != -1) Link(open_, id);
  open_ = id;
  attr_ = -1;
  ++depth_;
}

inline void Document::AddAttribute(std::string_view name) {
  if (open_ == -1) return;
  Node node;
  node.kind = NodeKind::kAttribute;
  node.name = name;
  node.parent = open_;
  std::int32_t id = Push(node);
  Node& e = nodes_[static_cast<std::size_t>(open_)];
  if (e.last_attr == -1) {
    e.first_attr = id;
  } else {
    nodes_[static_cast<std::size_t>(e.last_attr)].next = id;
  }
  e.last_attr = id;
  attr_ = id;
}

inline void Document::CloseElement() {
  if (open_ == -1) return;
  open_ = nodes_[static_cast<std::size_t>(open_)].parent;
  attr_ = -1;
  --depth_;
}

inline void Document::AddContent(NodeKind kind, std::string_view name, Value value) {
  std::int32_t owner = attr_ != -1 ? attr_ : open_;
  if (owner == -1) return;  // text outside any element is dropped, as XML has no place for it
  Node node;
  node.kind = kind;
  node.name = name;
  node.value = value;
  node.parent = owner;
  Link(owner, Push(node));
}

}  // namespace shrike::evtx_internal
