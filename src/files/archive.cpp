#include "files/archive.h"

#include <archive_entry.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>
#include <utility>

#include "files/open_file.h"

namespace shrike::files {
namespace {

constexpr std::size_t kFdBlock = 256 * 1024;
constexpr std::size_t kZeroBlock = 64 * 1024;
const std::array<std::uint8_t, kZeroBlock> kZeros{};

bool StartsWith(std::span<const std::uint8_t> head, std::string_view magic, std::size_t at = 0) {
  return head.size() >= at + magic.size() &&
         std::memcmp(head.data() + at, magic.data(), magic.size()) == 0;
}

std::string_view BaseName(std::string_view path) {
  std::size_t cut = path.find_last_of("/!");
  return cut == std::string_view::npos ? path : path.substr(cut + 1);
}

// The name of the one member of a bare compressed stream: the outer name
// without its compression suffix ("notes.txt.gz" -> "notes.txt").
std::string RawMemberName(std::string_view outer) {
  std::string_view base = BaseName(outer);
  for (std::string_view suffix : {".gz", ".bz2", ".xz", ".lzma", ".zst", ".lz4", ".Z"}) {
    if (base.size() > suffix.size() && base.ends_with(suffix))
      return std::string(base.substr(0, base.size() - suffix.size()));
  }
  return "data";
}

// libarchive's message, which may be missing.
std::string ErrorText(archive* a, const char* fallback) {
  const char* why = a ? archive_error_string(a) : nullptr;
  return why && *why ? why : fallback;
}

}  // namespace

bool LooksLikeArchive(std::span<const std::uint8_t> head) {
  using namespace std::string_view_literals;
  return StartsWith(head, "PK\x03\x04"sv) || StartsWith(head, "PK\x05\x06"sv) ||
         StartsWith(head, "7z\xbc\xaf\x27\x1c"sv) || StartsWith(head, "Rar!\x1a\x07"sv) ||
         StartsWith(head, "\x1f\x8b"sv) ||
         StartsWith(head,
                    "\xfd"
                    "7zXZ\x00"sv) ||
         StartsWith(head, "\x28\xb5\x2f\xfd"sv) || StartsWith(head, "\x04\x22\x4d\x18"sv) ||
         (StartsWith(head, "BZh"sv) && head.size() > 3 && head[3] >= '1' && head[3] <= '9') ||
         StartsWith(head, "ustar"sv, 257);
}

// What one outer archive may still expand into.
struct ArchiveScanner::Budget {
  std::uint64_t outer_size = 0;  // bytes of the outer archive
  std::uint64_t entries = 0;
  std::uint64_t expanded = 0;  // member bytes out, every level summed
  bool stopped = false;        // a limit tripped: expand nothing more
};

// The byte stream of one member: every block goes through the pipeline of
// its depth and counts against the limits. Also the read callback of an
// archive nested in the member.
class ArchiveScanner::Member {
 public:
  Member(ArchiveScanner& owner, archive* a, Pipeline& pipeline, Budget& budget, std::string path)
      : owner_(owner),
        a_(a),
        pipeline_(pipeline),
        budget_(budget),
        path_(std::move(path)),
        consumed_start_(archive_filter_bytes(a, -1)) {}

  // The next bytes of the member; empty at the end, on an error or once a
  // limit tripped.
  std::span<const std::uint8_t> Next() {
    if (replay_) {
      replay_ = false;
      return head_;
    }
    std::span<const std::uint8_t> block = Read();
    if (!block.empty()) Feed(block);
    return done_ ? std::span<const std::uint8_t>() : block;
  }
  // Makes the next Next() return the block already read (the head that
  // showed the member is itself an archive) without counting it again.
  void Replay(std::span<const std::uint8_t> head) {
    head_ = head;
    replay_ = true;
  }
  void Drain() {
    replay_ = false;
    while (!Next().empty()) {
    }
  }

  static la_ssize_t ReadCallback(struct archive*, void* self, const void** buffer) {
    std::span<const std::uint8_t> block = static_cast<Member*>(self)->Next();
    *buffer = block.data();
    return static_cast<la_ssize_t>(block.size());
  }

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  std::span<const std::uint8_t> Read() {
    if (done_ || budget_.stopped) {
      done_ = true;
      return {};
    }
    if (gap_ > 0) {
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(gap_, kZeroBlock));
      gap_ -= n;
      return {kZeros.data(), n};
    }
    if (!pending_.empty()) return std::exchange(pending_, {});
    const void* data = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    int rc = archive_read_data_block(a_, &data, &size, &offset);
    if (rc == ARCHIVE_EOF) return Stop();
    if (rc < ARCHIVE_WARN) return Fail(ErrorText(a_, "cannot read member"));
    if (offset < 0 || static_cast<std::uint64_t>(offset) < bytes_) return Fail("bad block offset");
    std::span<const std::uint8_t> block(static_cast<const std::uint8_t*>(data), size);
    if (static_cast<std::uint64_t>(offset) == bytes_) return block;
    // A sparse member: the hole reads as zeros.
    gap_ = static_cast<std::uint64_t>(offset) - bytes_;
    pending_ = block;
    return Read();
  }

  std::span<const std::uint8_t> Stop() {
    done_ = true;
    return {};
  }
  std::span<const std::uint8_t> Fail(std::string why) {
    error_ = std::move(why);
    return Stop();
  }

  void Feed(std::span<const std::uint8_t> block) {
    bytes_ += block.size();
    budget_.expanded += block.size();
    for (const auto& analyzer : pipeline_) {
      if (analyzer->NeedsContent()) analyzer->Update(block);
    }
    CheckLimits();
  }

  void CheckLimits() {
    const ArchiveLimits& limits = owner_.limits_;
    const std::uint64_t floor = ArchiveLimits::kRatioFloor;
    std::uint64_t consumed = static_cast<std::uint64_t>(
        std::max<la_int64_t>(archive_filter_bytes(a_, -1) - consumed_start_, 1));
    if (budget_.expanded > limits.max_total) {
      owner_.Trip(budget_, path_,
                  "expanded size above " + std::to_string(limits.max_total) + " bytes");
    } else if (bytes_ > floor && bytes_ / consumed > limits.max_ratio) {
      owner_.Trip(budget_, path_,
                  "member expands more than " + std::to_string(limits.max_ratio) + ":1");
    } else if (budget_.expanded > floor &&
               budget_.expanded / std::max<std::uint64_t>(budget_.outer_size, 1) >
                   limits.max_ratio) {
      owner_.Trip(budget_, path_,
                  "archive expands more than " + std::to_string(limits.max_ratio) + ":1");
    }
    if (budget_.stopped) done_ = true;
  }

  ArchiveScanner& owner_;
  archive* a_;
  Pipeline& pipeline_;
  Budget& budget_;
  std::string path_;
  la_int64_t consumed_start_;
  std::uint64_t bytes_ = 0;
  std::uint64_t gap_ = 0;
  std::span<const std::uint8_t> pending_;
  std::span<const std::uint8_t> head_;
  bool replay_ = false;
  bool done_ = false;
  std::string error_;
};

ArchiveScanner::ArchiveScanner(PipelineFactory make_pipeline, ArchiveLimits limits,
                               MemberCallback on_member, WarningCallback on_warning)
    : make_pipeline_(std::move(make_pipeline)),
      limits_(limits),
      on_member_(std::move(on_member)),
      on_warning_(std::move(on_warning)) {}

ArchiveScanner::~ArchiveScanner() = default;

ArchiveScanner::ArchivePtr ArchiveScanner::NewReader() {
  ArchivePtr a(archive_read_new());
  if (!a) return a;
  archive* r = a.get();
  // Built-in decoders only: archive_read_support_filter_all would also run
  // external programs (lrzip, lzop, grzip) on matching input.
  archive_read_support_filter_gzip(r);
  archive_read_support_filter_bzip2(r);
  archive_read_support_filter_xz(r);
  archive_read_support_filter_lzma(r);
  archive_read_support_filter_zstd(r);
  archive_read_support_filter_lz4(r);
  archive_read_support_filter_compress(r);
  archive_read_support_format_zip(r);
  archive_read_support_format_7zip(r);
  archive_read_support_format_rar(r);
  archive_read_support_format_rar5(r);
  archive_read_support_format_tar(r);
  archive_read_support_format_raw(r);
  return a;
}

std::uint64_t ArchiveScanner::ScanFd(int fd, const FileInfo& outer) {
  if (lseek(fd, 0, SEEK_SET) != 0) {
    Warn(outer.path, ErrorCode::kIo, std::string("cannot rewind: ") + std::strerror(errno));
    return 0;
  }
  ArchivePtr a = NewReader();
  if (!a || archive_read_open_fd(a.get(), fd, kFdBlock) != ARCHIVE_OK) {
    Warn(outer.path, ErrorCode::kParse, ErrorText(a.get(), "cannot open archive"));
    return 0;
  }
  return Run(a.get(), outer);
}

std::uint64_t ArchiveScanner::ScanMemory(std::span<const std::uint8_t> bytes,
                                         const FileInfo& outer) {
  ArchivePtr a = NewReader();
  if (!a || archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    Warn(outer.path, ErrorCode::kParse, ErrorText(a.get(), "cannot open archive"));
    return 0;
  }
  return Run(a.get(), outer);
}

std::uint64_t ArchiveScanner::Run(archive* a, const FileInfo& outer) {
  if (limits_.max_depth < 1) return 0;  // depth 0: archives are not opened
  Budget budget;
  budget.outer_size = outer.size;
  Members(a, outer.path, outer.mtime, 1, budget);
  return budget.entries;
}

void ArchiveScanner::Members(archive* a, const std::string& prefix, UnixTime outer_mtime, int depth,
                             Budget& budget) {
  while (!budget.stopped) {
    archive_entry* entry = nullptr;
    int rc = archive_read_next_header(a, &entry);
    if (rc == ARCHIVE_EOF) return;
    if (rc == ARCHIVE_FATAL || rc == ARCHIVE_RETRY) {
      if (budget.stopped) return;  // the limit's warning says it all
      return Warn(prefix, ErrorCode::kParse, ErrorText(a, "unreadable archive"));
    }
    if (++budget.entries > limits_.max_entries) {
      return Trip(budget, prefix, "more than " + std::to_string(limits_.max_entries) + " members");
    }
    if (archive_format(a) == ARCHIVE_FORMAT_RAW &&
        archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE) {
      // Neither a container nor a compressed stream after all (two magic
      // bytes happen by chance): not an archive, nothing to say.
      return;
    }
    if (rc == ARCHIVE_FAILED || archive_entry_filetype(entry) != AE_IFREG) continue;
    const char* raw_name = archive_entry_pathname(entry);
    std::string name = archive_format(a) == ARCHIVE_FORMAT_RAW ? RawMemberName(prefix)
                       : raw_name && *raw_name                 ? raw_name
                                                               : "?";
    std::string path = prefix + "!" + name;
    if (archive_entry_is_encrypted(entry)) {
      Warn(path, ErrorCode::kUnsupported, "encrypted archive member not read");
      continue;
    }
    // A bare compressed stream has no member time: it takes its container's.
    UnixTime mtime = archive_entry_mtime_is_set(entry) ? archive_entry_mtime(entry) : outer_mtime;
    ScanMember(a, path, name, mtime, depth, budget);
  }
}

void ArchiveScanner::ScanMember(archive* a, const std::string& path, const std::string& name,
                                UnixTime mtime, int depth, Budget& budget) {
  Pipeline& pipeline = PipelineAt(depth);
  FileInfo info;
  info.path = path;
  info.name = std::string(BaseName(name));
  info.mtime = mtime;
  constexpr UnixTime kMaxSeconds = 9'000'000'000;  // keeps mtime_ns in range
  bool usable = mtime != kNoTime && mtime > -kMaxSeconds && mtime < kMaxSeconds;
  info.mtime_ns = usable ? mtime * 1000000000LL : 0;
  for (const auto& analyzer : pipeline) analyzer->Begin(info);
  Member member(*this, a, pipeline, budget, path);
  std::span<const std::uint8_t> head = member.Next();
  if (!head.empty() && LooksLikeArchive(head)) {
    if (depth >= limits_.max_depth) {
      ++limits_tripped_;
      Warn(path, ErrorCode::kLimit,
           "archive nested deeper than " + std::to_string(limits_.max_depth) + " not opened");
    } else if (ArchivePtr nested = NewReader()) {
      member.Replay(head);
      if (archive_read_open(nested.get(), &member, nullptr, &Member::ReadCallback, nullptr) ==
          ARCHIVE_OK) {
        Members(nested.get(), path, mtime, depth + 1, budget);
      } else if (!budget.stopped) {
        Warn(path, ErrorCode::kParse, ErrorText(nested.get(), "unreadable nested archive"));
      }
    }
  }
  member.Drain();
  FileReport report;
  info.size = member.bytes();
  for (const auto& analyzer : pipeline) analyzer->End(report);
  if (budget.stopped) return;  // cut short: its digests are not the member's
  if (member.failed()) return Warn(path, ErrorCode::kParse, member.error());
  ArchiveMember out{std::move(info), std::move(report)};
  on_member_(out);
}

Pipeline& ArchiveScanner::PipelineAt(int depth) {
  while (static_cast<int>(pipelines_.size()) < depth) pipelines_.push_back(make_pipeline_());
  return pipelines_[static_cast<std::size_t>(depth - 1)];
}

void ArchiveScanner::Warn(const std::string& path, ErrorCode code, const std::string& message) {
  if (on_warning_) on_warning_(Error(code, message, PathLocation(path)));
}

void ArchiveScanner::Trip(Budget& budget, const std::string& path, const std::string& what) {
  if (budget.stopped) return;
  budget.stopped = true;
  ++limits_tripped_;
  Warn(path, ErrorCode::kLimit, what + " (possible archive bomb); the rest is not expanded");
}

}  // namespace shrike::files
