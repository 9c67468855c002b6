// Refanging: undoes the ways reports write indicators so that they are not
// clickable ("evil[.]com", "hxxp://", "user[at]evil(dot)com", ...).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "intel/extract/offset_map.h"

namespace shrike::extract {

// Output ranges that a refang rule wrote, in increasing order.
class DefangSpans {
 public:
  void Add(std::size_t begin, std::size_t end);
  // Does [begin, end) overlap a span that a refang rule wrote?
  bool Overlaps(std::size_t begin, std::size_t end) const;

 private:
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
};

struct RefangedText {
  std::string text;      // the input with every defang form undone
  OffsetMap map;         // text positions -> input positions
  DefangSpans defanged;  // where text differs from the input
};

// Undoes, in one left-to-right pass over folded text (see FoldText):
//  - [.] (.) {.} <.> [dot] (dot) {dot} [ dot ] between label characters,
//    with one optional space on each side ("evil [.] com");
//  - [:] [/] [//] [://] in any bracket kind;
//  - [@] (@) {@} [at] (at) {at} between label characters;
//  - \. between label characters, :\/\/ and :\\/\\/ ;
//  - " . " between a label and a lower-case label ("evil . com");
//  - the schemes hxxp hXXp h**p hxtp hxxps fxp fxps (followed by : or a bracket);
//  - 1,2,3,4 when it is the only thing on its line (or follows a "label:").
// Linear in the input.
RefangedText RefangText(std::string_view in);

}  // namespace shrike::extract
