#include "evtx/document.h"

namespace shrike::evtx_internal {

std::int32_t Document::root() const {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].kind == NodeKind::kElement && nodes_[i].parent == -1) {
      return static_cast<std::int32_t>(i);
    }
  }
  return -1;
}

std::int32_t Document::Push(Node node) {
  nodes_.push_back(node);
  return static_cast<std::int32_t>(nodes_.size() - 1);
}

void Document::Link(std::int32_t parent, std::int32_t child) {
  Node& p = nodes_[static_cast<std::size_t>(parent)];
  if (p.last_child == -1) {
    p.first_child = child;
  } else {
    nodes_[static_cast<std::size_t>(p.last_child)].next = child;
  }
  p.last_child = child;
}

void Document::OpenElement(std::string_view name) {
  Node node;
  node.name = name;
  node.parent = open_;
  std::int32_t id = Push(node);
  if (open_ != -1) Link(open_, id);
  open_ = id;
  attr_ = -1;
  ++depth_;
}

void Document::AddAttribute(std::string_view name) {
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

void Document::CloseElement() {
  if (open_ == -1) return;
  open_ = nodes_[static_cast<std::size_t>(open_)].parent;
  attr_ = -1;
  --depth_;
}

void Document::AddContent(NodeKind kind, std::string_view name, Value value) {
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
