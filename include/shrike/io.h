// Reading inputs. Evidence is read-only: files are opened O_RDONLY and never
// written. Errors name the path.
#pragma once

#include <string>
#include <string_view>

#include "shrike/result.h"

namespace shrike {

// Reads a whole regular file (or "-" for standard input) up to max_bytes;
// larger inputs are an ErrorCode::kLimit error naming the file.
Result<std::string> ReadFile(const std::string& path, std::size_t max_bytes = std::size_t{1} << 30);

// Writes text to a path ("-" for standard output), replacing the file.
Status WriteFile(const std::string& path, std::string_view text);

}  // namespace shrike
