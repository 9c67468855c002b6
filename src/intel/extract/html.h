// The text content of an HTML document, for indicator extraction.
#pragma once

#include <string>
#include <string_view>

#include "intel/extract/offset_map.h"

namespace shrike::extract {

// Does the input look like an HTML document (rather than text or Markdown
// that happens to hold a tag)? Looks at the first few kilobytes only.
bool LooksLikeHtml(std::string_view text);

struct HtmlText {
  std::string text;  // UTF-8 text content
  OffsetMap map;     // text positions -> input positions
};

// Text content of `html`: tags, comments, scripts and styles removed,
// character references decoded. Inline tags (a, b, span, code, ...) vanish
// without a trace so that `ev<b>il</b>.com` stays one token; other tags
// become a line break. Linear in the input; never fails (malformed markup is
// taken as far as it goes).
HtmlText HtmlToText(std::string_view html);

}  // namespace shrike::extract
