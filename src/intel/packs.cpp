#include "shrike/packs.h"

#include <algorithm>
#include <set>

#include "shrike/intel_io.h"

namespace shrike {
namespace packs_internal {
struct EmbeddedFile {
  const char* path;
  const char* data;
  std::size_t size;
};
extern const EmbeddedFile kEmbeddedFiles[];
}  // namespace packs_internal

namespace {
constexpr std::string_view kBundleFile = "pack.stix.json";
}

std::vector<std::string> PackNames() {
  std::set<std::string> names;
  for (const auto* f = packs_internal::kEmbeddedFiles; f->path != nullptr; ++f) {
    std::string_view path(f->path);
    std::size_t slash = path.find('/');
    if (slash == std::string_view::npos) continue;
    if (path.substr(slash + 1) == kBundleFile) names.emplace(path.substr(0, slash));
  }
  return {names.begin(), names.end()};
}

bool IsPackName(std::string_view name) {
  auto names = PackNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::optional<std::string_view> EmbeddedPackFile(std::string_view path) {
  for (const auto* f = packs_internal::kEmbeddedFiles; f->path != nullptr; ++f) {
    if (path == f->path) return std::string_view(f->data, f->size);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string_view>> EmbeddedPackFiles(std::string_view dir) {
  std::vector<std::pair<std::string, std::string_view>> out;
  std::string prefix = std::string(dir) + "/";
  for (const auto* f = packs_internal::kEmbeddedFiles; f->path != nullptr; ++f) {
    std::string_view path(f->path);
    if (path.substr(0, prefix.size()) == prefix) {
      out.emplace_back(std::string(path.substr(prefix.size())), std::string_view(f->data, f->size));
    }
  }
  return out;
}

Result<Intel> LoadPack(std::string_view name, Diagnostics& diags) {
  std::string path = std::string(name) + "/" + std::string(kBundleFile);
  auto bundle = EmbeddedPackFile(path);
  if (!bundle) {
    return Error(ErrorCode::kNotFound, "no built-in pack named '" + std::string(name) + "'");
  }
  SHRIKE_TRY(Intel intel, ReadStix(*bundle, "pack:" + path, diags));
  intel.name = std::string(name);
  return intel;
}

}  // namespace shrike
