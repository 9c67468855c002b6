// OpenReader: one place that decides which RecordReader reads an input.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "logs/line_reader.h"
#include "logs/readers.h"
#include "shrike/evtx.h"

namespace shrike::logs_internal {
namespace {

constexpr std::size_t kPeek = 4096;

// Replays the first bytes of a source, read once to look at them. One Read
// only: a followed file returns what it has so far instead of waiting.
class PeekSource : public ByteSource {
 public:
  explicit PeekSource(ByteSource& inner) : inner_(inner) {
    head_.resize(kPeek);
    auto n = inner_.Read(head_.data(), kPeek);
    head_.resize(n.ok() ? *n : 0);
    if (!n.ok()) error_ = n.error();
  }
  std::string_view head() const { return head_; }
  Result<std::size_t> Read(char* buffer, std::size_t size) override {
    if (pos_ < head_.size()) {
      std::size_t n = std::min(size, head_.size() - pos_);
      std::memcpy(buffer, head_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    if (error_) {
      Error e = std::move(*error_);
      error_.reset();
      return e;
    }
    return inner_.Read(buffer, size);
  }

 private:
  ByteSource& inner_;
  std::string head_;
  std::size_t pos_ = 0;
  std::optional<Error> error_;
};

// A reader that owns its file and the reader over it.
class FileReader : public RecordReader {
 public:
  FileReader(std::unique_ptr<FileSource> source, const std::string& path,
             const HuntOptions& options, const Prefilter* prefilter)
      : source_(std::move(source)), peek_(*source_) {
    if (LooksBinary(peek_.head())) {
      reader_ = MakeBinaryReader(peek_, path, options, prefilter);
    } else {
      reader_ = std::make_unique<LineRecordReader>(peek_, path, options, prefilter);
    }
  }
  bool Next(Event& event, Diagnostics& diags) override { return reader_->Next(event, diags); }
  std::uint64_t skipped() const override { return reader_->skipped(); }

 private:
  std::unique_ptr<FileSource> source_;
  PeekSource peek_;
  std::unique_ptr<RecordReader> reader_;
};

// Windows event logs through the native EVTX reader (src/evtx/).
class EvtxRecordReader : public RecordReader {
 public:
  explicit EvtxRecordReader(std::unique_ptr<EvtxReader> reader) : reader_(std::move(reader)) {}
  bool Next(Event& event, Diagnostics& diags) override {
    if (!reader_->Next(record_, diags)) return false;
    std::swap(event, record_.event);
    return true;
  }

 private:
  std::unique_ptr<EvtxReader> reader_;
  EvtxRecord record_;
};

// True when the file starts with the EVTX magic (stdin is never EVTX here).
bool SniffEvtx(const std::string& path) {
  if (path == "-") return false;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char head[8];
  ssize_t n = ::read(fd, head, sizeof head);
  ::close(fd);
  return n == static_cast<ssize_t>(sizeof head) && IsEvtx(std::string_view(head, sizeof head));
}

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenReader(const std::string& path,
                                                 const HuntOptions& options,
                                                 const Prefilter* prefilter) {
  // An EVTX file is complete when read (--follow tails line logs only).
  if (SniffEvtx(path)) {
    SHRIKE_TRY(auto evtx, EvtxReader::Open(path, EvtxOptions{}));
    return std::unique_ptr<RecordReader>(std::make_unique<EvtxRecordReader>(std::move(evtx)));
  }
  FollowMode follow{options.stop, options.follow_poll_ms};
  SHRIKE_TRY(auto source, FileSource::Open(path, options.follow ? &follow : nullptr));
  return std::unique_ptr<RecordReader>(
      std::make_unique<FileReader>(std::move(source), path, options, prefilter));
}

}  // namespace shrike::logs_internal
