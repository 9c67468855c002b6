// Unicode folding for indicator extraction: the text a report writes in any
// script becomes text in which indicators are plain ASCII, with a map back to
// the bytes of the input.
#pragma once

#include <string>
#include <string_view>

#include "intel/extract/offset_map.h"

namespace shrike::extract {

struct FoldedText {
  std::string text;  // UTF-8; indicator characters folded to ASCII
  OffsetMap map;     // text positions -> input positions
};

// Folds `in` (UTF-8, possibly invalid) in one pass:
//  - compatibility forms (full-width letters, digits and punctuation, circled
//    digits, ...) become their NFKC form (ICU);
//  - U+3002, U+FF0E, U+FF61 and U+30FB between ASCII labels become '.';
//  - full-width lenticular and tortoise-shell brackets become '[' and ']';
//  - zero-width characters (U+200B..U+200D, U+2060, U+FEFF) and soft hyphens
//    are dropped;
//  - each byte of an invalid UTF-8 sequence becomes a space (a separator).
// Linear in the input. Thread-safe.
FoldedText FoldText(std::string_view in);

// Appends the UTF-8 encoding of code point `cp` to `out`.
void AppendUtf8(char32_t cp, std::string& out);

}  // namespace shrike::extract
