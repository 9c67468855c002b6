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

enum class NodeKind : std::uint8_t { kElement, kAttribute, kValue, kEntity, kCharRef, kCData };

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

}  // namespace shrike::evtx_internal
