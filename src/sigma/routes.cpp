// Routing data (packs/common/sigma/*.tsv): logsource routes, rule-side field
// maps, event normalisation and placeholder values.
#include <string>
#include <vector>

#include "core/strings.h"
#include "shrike/packs.h"
#include "sigma/internal.h"

namespace shrike::sigma_internal {
namespace {

std::vector<std::vector<std::string>> TsvRows(std::string_view file) {
  std::vector<std::vector<std::string>> rows;
  auto text = EmbeddedPackFile("common/sigma/" + std::string(file));
  if (!text) return rows;
  std::size_t start = 0;
  while (start < text->size()) {
    std::size_t end = text->find('\n', start);
    if (end == std::string_view::npos) end = text->size();
    std::string_view line = text->substr(start, end - start);
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> cells;
    std::size_t b = 0;
    while (true) {
      std::size_t tab = line.find('\t', b);
      cells.emplace_back(line.substr(b, tab == std::string_view::npos ? tab : tab - b));
      if (tab == std::string_view::npos) break;
      b = tab + 1;
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

std::string Cell(const std::vector<std::string>& row, std::size_t i) {
  return i < row.size() && row[i] != "-" ? row[i] : std::string();
}

std::vector<std::string> SplitBar(std::string_view s, bool lower) {
  std::vector<std::string> out;
  std::size_t b = 0;
  while (b <= s.size()) {
    std::size_t bar = s.find('|', b);
    std::string v(s.substr(b, bar == std::string_view::npos ? std::string_view::npos : bar - b));
    for (char& c : v) {
      if (c == '_') c = ' ';
    }
    if (lower) LowerInPlace(v);
    out.push_back(std::move(v));
    if (bar == std::string_view::npos) break;
    b = bar + 1;
  }
  return out;
}

Route ParseRoute(const std::vector<std::string>& row) {
  Route r;
  r.product = Cell(row, 0);
  r.category = Cell(row, 1);
  r.service = Cell(row, 2);
  r.group = Cell(row, 3);
  r.field_map = Cell(row, 5);
  std::string cons = Cell(row, 4);
  std::size_t b = 0;
  while (b < cons.size()) {
    std::size_t sp = cons.find(' ', b);
    std::string c = cons.substr(b, sp == std::string::npos ? sp : sp - b);
    b = sp == std::string::npos ? cons.size() : sp + 1;
    if (c.empty()) continue;
    std::size_t eq = c.find('=');
    if (eq == std::string::npos) {
      if (c.back() == '?') c.pop_back();
      r.constraints.emplace_back(c, std::vector<std::string>{});
      continue;
    }
    std::string name = c.substr(0, eq);
    auto values = SplitBar(std::string_view(c).substr(eq + 1), true);
    if (name == "Channel") {
      r.channels = std::move(values);
    } else if (name == "EventID") {
      r.event_ids = std::move(values);
    } else {
      r.constraints.emplace_back(name, std::move(values));
    }
  }
  return r;
}

Routing LoadRouting() {
  Routing routing;
  for (const auto& row : TsvRows("logsources.tsv")) routing.routes.push_back(ParseRoute(row));
  for (const auto& row : TsvRows("fieldmaps.tsv")) {
    if (row.size() >= 3) routing.field_maps[row[0]][row[1]] = row[2];
  }
  for (const auto& row : TsvRows("placeholders.tsv")) {
    if (row.size() >= 2) routing.placeholders[row[0]].push_back(row[1]);
  }
  return routing;
}

}  // namespace

const Routing& BuiltinRouting() {
  static const Routing routing = LoadRouting();
  return routing;
}

void LoadEventNormalisation(RuleSetData& data) {
  for (const auto& row : TsvRows("dialects.tsv")) {
    if (row.size() == 2 && row[0] == "despace") data.event_despace.push_back(row[1]);
    if (row.size() < 3) continue;
    if (row[0] == "group") data.dialect_groups[row[1]] = row[2];
    if (row[0] == "strip") data.event_strips.emplace_back(row[1], row[2]);
    if (row[0] == "alias" && row.size() >= 4 && row[3] != "-") {
      data.event_renames[row[1] + "\t" + row[2]] = row[3];
    }
  }
}

std::vector<int> RoutesFor(const Routing& routing, const std::string& product,
                           const std::string& category, const std::string& service) {
  std::vector<int> out;
  for (std::size_t i = 0; i < routing.routes.size(); ++i) {
    const Route& r = routing.routes[i];
    if (r.category != category || r.service != service) continue;
    if (!product.empty() && r.product != product) continue;
    if (product.empty() && category.empty() && service.empty()) continue;
    out.push_back(static_cast<int>(i));
  }
  return out;
}

int RuleSetData::Intern(const std::string& name) {
  auto [it, added] = field_ids.emplace(name, static_cast<int>(field_names.size()));
  if (added) field_names.push_back(name);
  return it->second;
}

int RuleSetData::FieldId(std::string_view name) const {
  auto it = field_ids.find(std::string(name));
  return it == field_ids.end() ? -1 : it->second;
}

}  // namespace shrike::sigma_internal
