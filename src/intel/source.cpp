// SOURCE arguments: a file, a folder (every non-hidden file below it, in
// path order so that results are deterministic), or a built-in pack name.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "intel/formats_common.h"
#include "shrike/intel_io.h"
#include "shrike/io.h"
#include "shrike/packs.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;

bool IsHidden(const fs::path& relative) {
  for (const auto& part : relative) {
    std::string name = part.string();
    if (!name.empty() && name[0] == '.' && name != "." && name != "..") return true;
  }
  return false;
}

Result<std::vector<fs::path>> ListFolder(const fs::path& root) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    fs::path relative = it->path().lexically_relative(root);
    if (IsHidden(relative)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) {
    return Error(ErrorCode::kIo, "cannot list folder: " + ec.message(),
                 intel_internal::FileLine(root.string()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<Intel> LoadFile(const std::string& path, Diagnostics& diags) {
  SHRIKE_TRY(std::string text, ReadFile(path));
  return ReadIntel(text, path, diags);
}

Result<Intel> LoadFolder(const fs::path& root, Diagnostics& diags) {
  SHRIKE_TRY(std::vector<fs::path> files, ListFolder(root));
  Intel all;
  all.name = intel_internal::BaseName(root.string());
  for (const fs::path& file : files) {
    SHRIKE_TRY(std::string text, ReadFile(file.string()));
    if (text.find('\0') != std::string::npos) {
      diags.Warn(Error(ErrorCode::kUnsupported, "binary file (NUL bytes); not read as intel",
                       intel_internal::FileLine(file.string())));
      continue;
    }
    SHRIKE_TRY(Intel intel, ReadIntel(text, file.string(), diags));
    all.Merge(std::move(intel));
  }
  return all;
}

}  // namespace

Result<Intel> LoadIntelSource(const std::string& source, Diagnostics& diags) {
  std::error_code ec;
  fs::file_status status = fs::status(source, ec);
  if (source == "-" || fs::is_regular_file(status)) return LoadFile(source, diags);
  if (fs::is_directory(status)) return LoadFolder(source, diags);
  if (fs::exists(status)) {
    return Error(ErrorCode::kUnsupported, "not a regular file or folder",
                 intel_internal::FileLine(source));
  }
  if (IsPackName(source)) return LoadPack(source, diags);
  return Error(ErrorCode::kNotFound,
               "no such file, folder or built-in pack (packs: " +
                   intel_internal::JoinList(PackNames(), ',') + ")",
               intel_internal::FileLine(source));
}

}  // namespace shrike
