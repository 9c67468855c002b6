#include "shrike/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace shrike {
namespace {

Error IoError(const std::string& path, const std::string& what) {
  Location where;
  where.file = path;
  return Error(ErrorCode::kIo, what + ": " + std::strerror(errno), where);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ > 2) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Result<std::string> ReadFile(const std::string& path, std::size_t max_bytes) {
  int raw = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0) return IoError(path, "cannot open");
  Fd fd(raw);
  struct stat st {};
  if (::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode)) {
    errno = EISDIR;
    return IoError(path, "cannot read");
  }
  std::string out;
  if (S_ISREG(st.st_mode)) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError(path, "read failed");
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      Location where;
      where.file = path;
      return Error(ErrorCode::kLimit,
                   "larger than the limit of " + std::to_string(max_bytes) + " bytes", where);
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

Status WriteFile(const std::string& path, std::string_view text) {
  if (path == "-" || path.empty()) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      return IoError("<stdout>", "write failed");
    }
    std::fflush(stdout);
    return Ok();
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return IoError(path, "cannot create");
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) return IoError(path, "write failed");
  return Ok();
}

}  // namespace shrike
