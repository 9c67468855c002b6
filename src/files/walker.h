// The directory walker of the sweep: yields the paths of regular files below
// the roots, skipping what must not be read (special files, /proc, /sys,
// /dev, excluded globs) and never looping (symlinks are not followed by
// default; when they are, each directory is entered once).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "shrike/result.h"
#include "shrike/sweep.h"

namespace shrike::files {

struct WalkCallbacks {
  std::function<void(std::string path)> on_file;  // a (probably) regular file
  std::function<void(const Error&)> on_warning;   // unreadable folder, ...
  std::function<void()> on_skip;                  // excluded or special entry
};

// Whether a path is excluded by one of the globs (full path or base name).
bool IsExcluded(const std::vector<std::string>& globs, const std::string& path);

// Walks every root in order (single-threaded; the caller runs it on the
// producer thread). Roots must exist (Sweep checks them first).
void Walk(const SweepOptions& options, const WalkCallbacks& callbacks);

}  // namespace shrike::files
