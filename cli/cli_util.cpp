#include "cli_util.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include "shrike/intel_io.h"

namespace shrike::cli {

void PrintError(const char* level, const Error& e) {
  std::fprintf(stderr, "shrike: %s: %s\n", level, e.ToString().c_str());
}

Status OpenOutput(const std::string& path, FilePtr& file) {
  if (path == "-") return Ok();
  file.reset(std::fopen(path.c_str(), "w"));
  if (file) return Ok();
  Location where;
  where.file = path;
  return Error(ErrorCode::kIo, std::string("cannot write: ") + std::strerror(errno), where);
}

Result<Intel> LoadSources(const std::vector<std::string>& sources) {
  Intel all;
  for (const std::string& source : sources) {
    Diagnostics diags;
    Result<Intel> intel = LoadIntelSource(source, diags);
    for (const Error& w : diags.warnings()) PrintError("warning", w);
    if (!intel.ok()) return intel.error();
    all.Merge(std::move(*intel));
  }
  return all;
}

}  // namespace shrike::cli
