#include "files/scanner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <span>
#include <utility>

#include "files/open_file.h"

namespace shrike::files {
namespace {

// Large reads keep syscalls rare; 1 MiB stays in L2/L3 for the digests.
constexpr std::size_t kChunk = 1 << 20;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Error IoError(const std::string& path, const std::string& message) {
  return Error(ErrorCode::kIo, message, PathLocation(path));
}

bool SameVersion(const struct stat& a, const struct stat& b) {
  return a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
         a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

void FillInfo(std::string path, const struct stat& st, FileInfo& info) {
  info.path = std::move(path);
  std::size_t slash = info.path.rfind('/');
  info.name = info.path.substr(slash == std::string::npos ? 0 : slash + 1);
  info.size = static_cast<std::uint64_t>(st.st_size);
  info.mtime = st.st_mtim.tv_sec;
  info.mtime_ns = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
  info.inode = static_cast<std::uint64_t>(st.st_ino);
}

}  // namespace

Pipeline BuildPipeline(const IntelSet& intel, const ScannerSetup& setup) {
  Pipeline pipeline = MakeAnalyzers(intel, setup.all_digests);
  if (setup.path_regexes && !setup.path_regexes->empty())
    pipeline.push_back(MakePathRegexAnalyzer(setup.path_regexes));
  return pipeline;
}

FileScanner::FileScanner(const IntelSet& intel, const SweepOptions& options)
    : FileScanner(intel, options, ScannerSetup{}) {}

FileScanner::FileScanner(const IntelSet& intel, const SweepOptions& options, ScannerSetup setup)
    : options_(options), setup_(std::move(setup)), pipeline_(BuildPipeline(intel, setup_)) {
  AppendContentAnalyzers(pipeline_, intel, options);
  for (const auto& analyzer : pipeline_) needs_content_ |= analyzer->NeedsContent();
  if (needs_content_) buffer_ = std::make_unique<std::uint8_t[]>(kChunk);
}

FileScanner::~FileScanner() = default;

Result<ScanResult> FileScanner::Scan(std::string path) {
  // O_NONBLOCK: a fifo swapped in after the walk must not block the open.
  // O_NOFOLLOW: a file swapped for a link after the walk is not followed.
  int nofollow = options_.follow_symlinks ? 0 : O_NOFOLLOW;
  Fd fd(OpenNoAtime(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | nofollow));
  if (fd.get() < 0) return IoError(path, std::strerror(errno));
  struct stat before {};
  if (fstat(fd.get(), &before) != 0) return IoError(path, std::strerror(errno));
  ScanResult result;
  bool too_big =
      options_.max_size > 0 && static_cast<std::uint64_t>(before.st_size) > options_.max_size;
  if (!S_ISREG(before.st_mode) || too_big) {
    result.skipped = true;
    return result;
  }
  FillInfo(std::move(path), before, result.info);
  if (setup_.reuse && setup_.reuse(result.info, pipeline_, result.report)) {
    result.reused = true;
    return result;
  }
  for (const auto& analyzer : pipeline_) analyzer->Begin(result.info);
  archive_ = false;
  if (needs_content_) {
    Status read = ReadAll(fd.get(), result);
    if (!read.ok()) return read.error();
    struct stat after {};
    if (fstat(fd.get(), &after) != 0) return IoError(result.info.path, std::strerror(errno));
    if (!SameVersion(before, after) || result.bytes != result.info.size)
      return IoError(result.info.path, "changed while being read; skipped");
  }
  for (const auto& analyzer : pipeline_) analyzer->End(result.report);
  if (SniffArchive(fd.get(), result))
    result.members = setup_.archives->ScanFd(fd.get(), result.info);
  return result;
}

// Whether the file is an archive to open (its first bytes, already seen by
// ReadAll, or read here when no analyser needed the content).
bool FileScanner::SniffArchive(int fd, ScanResult& result) {
  if (!setup_.archives) return false;
  if (needs_content_) return archive_;
  std::uint8_t head[512];
  ssize_t n = pread(fd, head, sizeof(head), 0);
  return n > 0 && LooksLikeArchive({head, static_cast<std::size_t>(n)});
}

Status FileScanner::ReadAll(int fd, ScanResult& result) {
  // Read-ahead hint only where it can matter (one syscall less per small file).
  if (result.info.size > kChunk) posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // Reads the size fstat gave and no more: a file appended to without end (a
  // live log) is not chased, and growth shows in the second fstat. An empty
  // file gets one byte more, for files whose fstat size is 0 but which have
  // content (pseudo files).
  const std::uint64_t limit = result.info.size == 0 ? 1 : result.info.size;
  while (result.bytes < limit) {
    std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, limit - result.bytes));
    ssize_t n = read(fd, buffer_.get(), want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(result.info.path, std::strerror(errno));
    if (n == 0) return Ok();
    std::span<const std::uint8_t> chunk(buffer_.get(), static_cast<std::size_t>(n));
    if (result.bytes == 0 && setup_.archives) archive_ = LooksLikeArchive(chunk);
    for (const auto& analyzer : pipeline_) {
      if (analyzer->NeedsContent()) analyzer->Update(chunk);
    }
    result.bytes += static_cast<std::uint64_t>(n);
    if (setup_.bytes_read) setup_.bytes_read->fetch_add(n, std::memory_order_relaxed);
  }
  return Ok();
}

}  // namespace shrike::files
