#include "core/strings.h"
#include "intel/csv.h"
#include "report/build.h"

namespace shrike::report_internal {
namespace {

Location At(const std::string& file, std::uint64_t line) {
  Location where;
  where.file = file;
  where.line = line;
  return where;
}

struct Columns {
  int host = -1, organization = -1, sector = -1, country = -1;
};

Columns ReadHeader(const std::vector<std::string>& cells) {
  Columns c;
  for (int i = 0; i < static_cast<int>(cells.size()); ++i) {
    std::string name = AsciiLower(Trim(cells[i]));
    if (name == "host" || name == "hostname" || name == "host.name") c.host = i;
    if (name == "organization" || name == "organisation" || name == "org") c.organization = i;
    if (name == "sector") c.sector = i;
    if (name == "country") c.country = i;
  }
  return c;
}

std::string Cell(const std::vector<std::string>& cells, int i) {
  if (i < 0 || i >= static_cast<int>(cells.size())) return "";
  return std::string(Trim(cells[i]));
}

}  // namespace

Result<Assets> ReadAssets(std::string_view text, const std::string& file, Diagnostics& diags) {
  intel_internal::CsvTokenizer csv(text, file);
  intel_internal::CsvRecord record;
  SHRIKE_TRY(bool any, csv.Next(record));
  if (!any) return Error(ErrorCode::kParse, "empty assets file", At(file, 0));
  Columns cols = ReadHeader(record.fields);
  if (cols.host < 0 || cols.organization < 0) {
    return Error(ErrorCode::kParse, "the header must name host and organization columns",
                 At(file, 1));
  }
  Assets assets;
  while (true) {
    SHRIKE_TRY(bool more, csv.Next(record));
    if (!more) break;
    if (record.fields.size() == 1 && Trim(record.fields[0]).empty()) continue;
    std::string host = AsciiLower(Cell(record.fields, cols.host));
    Asset a{Cell(record.fields, cols.organization), Cell(record.fields, cols.sector),
            Cell(record.fields, cols.country)};
    if (host.empty() || a.organization.empty()) {
      diags.Warn(Error(ErrorCode::kParse, "asset row without host or organization; skipped",
                       At(file, record.line)));
      continue;
    }
    if (!assets.emplace(std::move(host), std::move(a)).second) {
      diags.Warn(Error(ErrorCode::kParse, "host listed twice; the first row is kept",
                       At(file, record.line)));
    }
  }
  return assets;
}

}  // namespace shrike::report_internal
