// Text content shared by the renderers.
#include "evtx/render.h"

namespace shrike::evtx_internal {
namespace {

void AppendEntity(std::string_view name, std::string& out) {
  if (name == "amp")
    out += '&';
  else if (name == "lt")
    out += '<';
  else if (name == "gt")
    out += '>';
  else if (name == "quot")
    out += '"';
  else if (name == "apos")
    out += '\'';
  else {
    out += '&';
    out.append(name);
    out += ';';
  }
}

void AppendCodePoint(std::uint32_t c, std::string& out) {
  std::uint8_t unit[2] = {static_cast<std::uint8_t>(c & 0xff), static_cast<std::uint8_t>(c >> 8)};
  AppendUtf16(unit, 1, out);
}

}  // namespace

void AppendPieceText(const Document& doc, std::int32_t piece, std::string& out) {
  const Node& n = doc.at(piece);
  switch (n.kind) {
    case NodeKind::kValue:
    case NodeKind::kCData: AppendText(n.value, out); break;
    case NodeKind::kEntity: AppendEntity(n.name, out); break;
    case NodeKind::kCharRef: AppendCodePoint(n.value.size, out); break;
    default: break;
  }
}

void AppendContentText(const Document& doc, std::int32_t owner, std::string& out) {
  for (std::int32_t i = doc.at(owner).first_child; i != -1; i = doc.at(i).next) {
    AppendPieceText(doc, i, out);
  }
}

bool HasContent(const Document& doc, std::int32_t owner) {
  for (std::int32_t i = doc.at(owner).first_child; i != -1; i = doc.at(i).next) {
    if (doc.at(i).kind != NodeKind::kElement && doc.at(i).kind != NodeKind::kAttribute) return true;
  }
  return false;
}

}  // namespace shrike::evtx_internal
