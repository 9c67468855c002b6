// OpenReader: one place that decides which RecordReader reads an input.
#include <memory>
#include <string>
#include <utility>

#include "logs/line_reader.h"
#include "logs/readers.h"

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

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenReader(const std::string& path,
                                                 const HuntOptions& options,
                                                 const Prefilter* prefilter) {
  FollowMode follow{options.stop, options.follow_poll_ms};
  SHRIKE_TRY(auto source, FileSource::Open(path, options.follow ? &follow : nullptr));
  return std::unique_ptr<RecordReader>(
      std::make_unique<FileLineReader>(std::move(source), path, options, prefilter));
}

}  // namespace shrike::logs_internal
