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

}  // namespace shrike::evtx_internal
