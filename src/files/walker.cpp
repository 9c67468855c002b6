#include "files/walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <set>
#include <utility>

#include "files/open_file.h"

namespace shrike::files {
namespace {

struct DirClose {
  void operator()(DIR* dir) const { closedir(dir); }
};
using DirPtr = std::unique_ptr<DIR, DirClose>;

std::string_view BaseName(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string Join(const std::string& dir, const char* name) {
  std::string path = dir;
  if (path.empty() || path.back() != '/') path += '/';
  return path += name;
}

// Pseudo file systems whose "files" are kernel state, not content.
bool IsPseudoFs(const std::string& path) {
  if (path == "/proc" || path == "/sys" || path == "/dev") return true;
  struct statfs fs {};
  if (statfs(path.c_str(), &fs) != 0) return false;
  return fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC ||
         fs.f_type == DEVPTS_SUPER_MAGIC;
}

class Walker {
 public:
  Walker(const SweepOptions& options, const WalkCallbacks& callbacks)
      : options_(options), cb_(callbacks) {}

  void WalkRoot(const std::string& root) {
    struct stat st {};
    if (stat(root.c_str(), &st) != 0) return Warn(root, errno);
    root_dev_ = st.st_dev;
    Classify(root, st);
    while (!pending_.empty()) {
      std::string dir = std::move(pending_.back());
      pending_.pop_back();
      ReadDir(dir);
    }
  }

 private:
  void Warn(const std::string& path, int err) {
    cb_.on_warning(Error(ErrorCode::kIo, std::strerror(err), PathLocation(path)));
  }

  // Decides what an entry is; d_type spares a stat for plain files.
  void Visit(const std::string& path, unsigned char d_type) {
    if (IsExcluded(options_.excludes, path)) return cb_.on_skip();
    if (d_type == DT_REG) return cb_.on_file(path);
    if (d_type == DT_LNK && !options_.follow_symlinks) return cb_.on_skip();
    struct stat st {};
    int rc = options_.follow_symlinks ? stat(path.c_str(), &st) : lstat(path.c_str(), &st);
    if (rc != 0) return Warn(path, errno);
    Classify(path, st);
  }

  void Classify(const std::string& path, const struct stat& st) {
    if (S_ISREG(st.st_mode)) return cb_.on_file(path);
    if (!S_ISDIR(st.st_mode)) return cb_.on_skip();  // fifo, socket, device, link
    if (options_.one_file_system && st.st_dev != root_dev_) return cb_.on_skip();
    if (!seen_.insert({st.st_dev, st.st_ino}).second) return;  // a loop or a second way in
    if (IsPseudoFs(path)) return cb_.on_skip();
    pending_.push_back(path);
  }

  void ReadDir(const std::string& path) {
    int fd = OpenNoAtime(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Warn(path, errno);
    DirPtr dir(fdopendir(fd));
    if (!dir) {
      int err = errno;
      close(fd);
      return Warn(path, err);
    }
    while (dirent* entry = readdir(dir.get())) {
      const char* name = entry->d_name;
      if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) continue;
      Visit(Join(path, name), entry->d_type);
    }
  }

  const SweepOptions& options_;
  const WalkCallbacks& cb_;
  std::vector<std::string> pending_;  // folders still to read (depth first)
  std::set<std::pair<dev_t, ino_t>> seen_;
  dev_t root_dev_ = 0;
};

}  // namespace

bool IsExcluded(const std::vector<std::string>& globs, const std::string& path) {
  std::string base(BaseName(path));
  for (const std::string& glob : globs) {
    if (fnmatch(glob.c_str(), path.c_str(), 0) == 0) return true;
    if (fnmatch(glob.c_str(), base.c_str(), 0) == 0) return true;
  }
  return false;
}

void Walk(const SweepOptions& options, const WalkCallbacks& callbacks) {
  for (const std::string& root : options.roots) {
    Walker walker(options, callbacks);
    walker.WalkRoot(root);
  }
}

}  // namespace shrike::files
