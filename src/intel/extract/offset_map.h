// OffsetMap: maps byte positions of a transformed text back to byte positions
// of the text it was made from. Each extraction stage (HTML text content,
// Unicode folding, refanging) owns one; chained, they lead an indicator found
// in the clean text back to its first byte in the original input.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace shrike::extract {

class OffsetMap {
 public:
  // Declares that output byte `out` comes from input byte `in` and that the
  // output bytes after it advance one for one with the input until the next
  // Mark. Calls come with non-decreasing `out`. Only changes of the distance
  // between the two are stored, so a text copied unchanged costs one anchor.
  void Mark(std::size_t out, std::size_t in) {
    std::int64_t delta = static_cast<std::int64_t>(in) - static_cast<std::int64_t>(out);
    if (!anchors_.empty()) {
      Anchor& last = anchors_.back();
      if (last.out == out) {  // the earlier mark produced no output byte
        last.delta = delta;
        return;
      }
      if (last.delta == delta) return;
    }
    anchors_.push_back({out, delta});
  }

  // The input position of output position `out`.
  std::size_t ToInput(std::size_t out) const {
    auto it = std::upper_bound(anchors_.begin(), anchors_.end(), out,
                               [](std::size_t pos, const Anchor& a) { return pos < a.out; });
    if (it == anchors_.begin()) return out;
    --it;
    std::int64_t in = static_cast<std::int64_t>(out) + it->delta;
    return in < 0 ? 0 : static_cast<std::size_t>(in);
  }

 private:
  struct Anchor {
    std::size_t out;
    std::int64_t delta;
  };
  std::vector<Anchor> anchors_;
};

}  // namespace shrike::extract
