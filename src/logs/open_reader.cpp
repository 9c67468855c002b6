// OpenReader: one place that decides which RecordReader reads an input.
#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <utility>

#include "logs/line_reader.h"
#include "logs/readers.h"
#include "shrike/evtx.h"

namespace shrike::logs_internal {
namespace {

// A line reader that owns its file.
class FileLineReader : public RecordReader {
 public:
  FileLineReader(std::unique_ptr<FileSource> source, const std::string& path,
                 const HuntOptions& options, const Prefilter* prefilter)
      : source_(std::move(source)), reader_(*source_, path, options, prefilter) {}
  bool Next(Event& event, Diagnostics& diags) override { return reader_.Next(event, diags); }
  std::uint64_t skipped() const override { return reader_.skipped(); }

 private:
  std::unique_ptr<FileSource> source_;
  LineRecordReader reader_;
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
  if (SniffEvtx(path)) {
    SHRIKE_TRY(auto evtx, EvtxReader::Open(path, EvtxOptions{}));
    return std::unique_ptr<RecordReader>(std::make_unique<EvtxRecordReader>(std::move(evtx)));
  }
  SHRIKE_TRY(auto source, FileSource::Open(path));
  return std::unique_ptr<RecordReader>(
      std::make_unique<FileLineReader>(std::move(source), path, options, prefilter));
}

}  // namespace shrike::logs_internal
