// Opening what the sweep reads without changing it.
#pragma once

#include <fcntl.h>

#include <cerrno>
#include <string>

#include "shrike/result.h"

namespace shrike::files {

// open(2) with O_NOATIME, retried without it when the kernel refuses
// (EPERM: O_NOATIME needs ownership or CAP_FOWNER). Returns the fd or -1
// with errno set.
inline int OpenNoAtime(const char* path, int flags) {
  int fd = open(path, flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = open(path, flags);
  return fd;
}

// A Location naming only a file (what per-file I/O errors carry).
inline Location PathLocation(const std::string& path) {
  Location where;
  where.file = path;
  return where;
}

}  // namespace shrike::files
