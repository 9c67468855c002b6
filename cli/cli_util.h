// Small pieces the subcommands share: output files, error lines on stderr,
// and loading intel sources.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike::cli {

struct FileClose {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileClose>;

// Opens path for writing findings into file; "-" leaves file null (standard
// output). An error names the path and the reason.
Status OpenOutput(const std::string& path, FilePtr& file);

// "shrike: LEVEL: file:line: message" on standard error.
void PrintError(const char* level, const Error& e);

// Loads and merges every source (file, folder, pack name), printing each
// source's warnings; any failure is an error (a run with half the intel
// would silently miss).
Result<Intel> LoadSources(const std::vector<std::string>& sources);

}  // namespace shrike::cli
