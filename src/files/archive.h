// Archive members swept through the same analyser pipeline as files
// (libarchive: zip, 7z, rar, tar, and gz, bz2, xz, zst, lz4 streams).
//
// Archives are recognised by their first bytes, not by name. A member's
// path is "outer.zip!inner/file.exe"; nested archives are opened as their
// bytes stream out of the outer one ("a.zip!b.tar.gz!c.exe"), each member's
// bytes going once through the pipeline of its depth. Safety limits hold for
// one outer archive and everything nested in it: nesting depth, member
// count, total expanded bytes, and the expansion ratio of each member and of
// the whole (checked once more than kRatioFloor bytes came out). When one
// trips, the archive is named in a kLimit warning and the rest of it is not
// expanded (a zip bomb is reported, never inflated).
//
// libarchive is set up with built-in decoders only (no external programs).
// 7z needs to seek, so a 7z archive nested in another one is not opened.
#pragma once

#include <archive.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "files/analyzer.h"
#include "shrike/result.h"

namespace shrike::files {

struct ArchiveLimits {
  // 1: members of the archives on disk; 2: also of archives inside those; 0: none.
  int max_depth = 3;
  std::uint64_t max_entries = 10000;     // members, nested ones included
  std::uint64_t max_total = 1ull << 30;  // expanded bytes
  std::uint64_t max_ratio = 100;         // expanded : compressed
  static constexpr std::uint64_t kRatioFloor = 1 << 20;
};

// Whether the bytes start like an archive or compressed stream this module
// opens (tar needs the first 262 bytes).
bool LooksLikeArchive(std::span<const std::uint8_t> head);

// One member's analysis, as FileScanner gives it for a file.
struct ArchiveMember {
  FileInfo info;  // path "a.zip!x/y.exe", size = bytes expanded, inode 0
  FileReport report;
};

// One per worker thread (owns a pipeline per nesting depth). Not thread-safe.
class ArchiveScanner {
 public:
  using PipelineFactory = std::function<Pipeline()>;
  using MemberCallback = std::function<void(ArchiveMember&)>;
  using WarningCallback = std::function<void(const Error&)>;

  ArchiveScanner(PipelineFactory make_pipeline, ArchiveLimits limits, MemberCallback on_member,
                 WarningCallback on_warning);
  ~ArchiveScanner();

  // Sweeps the members of the archive open at `fd` (read from offset 0).
  // `archive` describes the file (path, size). Returns the members swept.
  std::uint64_t ScanFd(int fd, const FileInfo& archive);
  // The same over bytes in memory (tests, fuzzing).
  std::uint64_t ScanMemory(std::span<const std::uint8_t> bytes, const FileInfo& archive);

  // Archives cut short by a limit so far.
  std::uint64_t limits_tripped() const { return limits_tripped_; }

 private:
  struct Budget;
  class Member;
  struct ArchiveFree {
    void operator()(archive* a) const { archive_read_free(a); }
  };
  using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

  static ArchivePtr NewReader();
  std::uint64_t Run(archive* a, const FileInfo& outer);
  void Members(archive* a, const std::string& prefix, UnixTime outer_mtime, int depth,
               Budget& budget);
  void ScanMember(archive* a, const std::string& path, const std::string& name, UnixTime mtime,
                  int depth, Budget& budget);
  Pipeline& PipelineAt(int depth);
  void Warn(const std::string& path, ErrorCode code, const std::string& message);
  void Trip(Budget& budget, const std::string& path, const std::string& what);

  PipelineFactory make_pipeline_;
  ArchiveLimits limits_;
  MemberCallback on_member_;
  WarningCallback on_warning_;
  std::deque<Pipeline> pipelines_;  // [depth - 1]; deque: references stay valid
  std::unique_ptr<std::uint8_t[]> buffer_;
  std::uint64_t limits_tripped_ = 0;
};

}  // namespace shrike::files
