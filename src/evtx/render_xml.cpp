// XML rendering of a record, indented by two spaces per level.
#include "evtx/render.h"

namespace shrike::evtx_internal {
namespace {

bool HasElementChild(const Document& doc, std::int32_t element) {
  for (std::int32_t c = doc.at(element).first_child; c != -1; c = doc.at(c).next) {
    if (doc.at(c).kind == NodeKind::kElement) return true;
  }
  return false;
}

void WriteElement(const Document& doc, std::int32_t element, int depth, std::string& text,
                  std::string& out) {
  const Node& e = doc.at(element);
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += '<';
  out += e.name;
  for (std::int32_t a = e.first_attr; a != -1; a = doc.at(a).next) {
    if (!HasContent(doc, a)) continue;
    out += ' ';
    out += doc.at(a).name;
    out += "=\"";
    text.clear();
    AppendContentText(doc, a, text);
    AppendXmlEscaped(text, out);
    out += '"';
  }
  if (e.first_child == -1) {
    out += "/>\n";
    return;
  }
  if (!HasElementChild(doc, element)) {
    out += '>';
    text.clear();
    AppendContentText(doc, element, text);
    AppendXmlEscaped(text, out);
  } else {
    out += ">\n";
    for (std::int32_t c = e.first_child; c != -1; c = doc.at(c).next) {
      if (doc.at(c).kind == NodeKind::kElement) {
        WriteElement(doc, c, depth + 1, text, out);
        continue;
      }
      out.append(static_cast<std::size_t>(depth + 1) * 2, ' ');
      text.clear();
      AppendPieceText(doc, c, text);
      AppendXmlEscaped(text, out);
      out += '\n';
    }
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
  }
  out += "</";
  out += e.name;
  out += ">\n";
}

}  // namespace

void RenderXml(const Document& doc, std::string& out) {
  thread_local std::string text;  // scratch, reused across records
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const Node& n = doc.nodes()[i];
    if (n.kind == NodeKind::kElement && n.parent == -1) {
      WriteElement(doc, static_cast<std::int32_t>(i), 0, text, out);
    }
  }
}

}  // namespace shrike::evtx_internal
