// Binary input (NUL-dense: UTF-16LE text, memory or disk images, binary
// logs): every printable run is a record, found in both encodings. An ASCII
// run is a sequence of printable bytes; a UTF-16LE run a sequence of
// printable bytes each followed by a NUL, at either byte parity. Runs of at
// least kMinRun characters become text records (the decoded string, with
// the byte offset of its first byte) read by the text parser, so that token
// boundaries hold exactly as in plain text.
#include <array>
#include <deque>

#include "logs/readers.h"

namespace shrike::logs_internal {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kMinRun = 4;  // the shortest indicator ("a.io")
constexpr std::size_t kHead = 4096;

bool Printable(unsigned char c) { return (c >= 0x20 && c < 0x7f) || c == '\t'; }

struct Run {
  std::string text;
  std::uint64_t start = 0;
};

class BinaryRecordReader : public RecordReader {
 public:
  BinaryRecordReader(ByteSource& source, std::string path, const HuntOptions& options,
                     const Prefilter* prefilter)
      : source_(source),
        path_(std::move(path)),
        max_run_(std::max<std::size_t>(options.max_record_bytes, 64)),
        parser_(MakeTextParser(path_, options.year)),
        prefilter_(prefilter != nullptr && prefilter->active() ? prefilter : nullptr) {}

  bool Next(Event& event, Diagnostics& diags) override {
    while (true) {
      while (!ready_.empty()) {
        Run run = std::move(ready_.front());
        ready_.pop_front();
        if (prefilter_ != nullptr && !prefilter_->Candidate(run.text)) {
          ++skipped_;
          continue;
        }
        event.Clear();
        Line line{run.text, run.start, 0};
        event.offset = run.start;
        if (parser_->Parse(line, event, diags)) return true;
      }
      if (done_ || !Fill(diags)) return false;
    }
  }
  std::uint64_t skipped() const override { return skipped_; }

 private:
  // Scans one more chunk into runs; false when the input is over (the last
  // runs are then ready).
  bool Fill(Diagnostics& diags) {
    buffer_.resize(kChunk);
    auto n = source_.Read(buffer_.data(), kChunk);
    if (!n.ok()) {
      Error e = n.error();
      e.where() = RecordLocation(path_, 0, offset_);
      diags.Warn(std::move(e));
    }
    std::size_t got = n.ok() ? *n : 0;
    for (std::size_t i = 0; i < got;) {
      if (Idle() && !Printable(static_cast<unsigned char>(buffer_[i]))) {
        // Nothing open: skip to the next printable byte (NUL-dense input).
        std::size_t next = i + 1;
        while (next < got && !Printable(static_cast<unsigned char>(buffer_[next]))) ++next;
        offset_ += next - i;
        prev_ = static_cast<unsigned char>(buffer_[next - 1]);
        has_prev_ = true;
        i = next;
        continue;
      }
      Byte(static_cast<unsigned char>(buffer_[i++]));
    }
    if (got > 0) return true;
    End(ascii_);
    if (has_prev_ && Printable(prev_)) {  // a lone last byte ends its UTF-16 run
      End(utf16_[(offset_ - 1) & 1]);
    }
    End(utf16_[0]);
    End(utf16_[1]);
    done_ = true;
    return !ready_.empty();
  }

  // No run is open and the last byte was not printable: a non-printable
  // byte then changes nothing.
  bool Idle() const {
    return ascii_.text.empty() && utf16_[0].text.empty() && utf16_[1].text.empty() &&
           !(has_prev_ && Printable(prev_));
  }

  void Byte(unsigned char c) {
    std::uint64_t at = offset_++;
    if (Printable(c)) {
      Extend(ascii_, static_cast<char>(c), at);
    } else {
      End(ascii_);
    }
    if (has_prev_) {  // the pair (prev_, c) starting at at - 1
      Run& run = utf16_[(at - 1) & 1];
      if (Printable(prev_) && c == 0) {
        Extend(run, static_cast<char>(prev_), at - 1);
      } else {
        End(run);
      }
    }
    prev_ = c;
    has_prev_ = true;
  }

  void Extend(Run& run, char c, std::uint64_t at) {
    if (run.text.empty()) run.start = at;
    run.text.push_back(c);
    if (run.text.size() >= max_run_) End(run);  // bounded: a long run is cut
  }

  void End(Run& run) {
    if (run.text.empty()) return;
    if (run.text.size() >= kMinRun) ready_.push_back(std::move(run));
    run.text.clear();
  }

  ByteSource& source_;
  std::string path_;
  std::size_t max_run_;
  std::unique_ptr<LineParser> parser_;
  const Prefilter* prefilter_;
  std::string buffer_;
  Run ascii_;
  std::array<Run, 2> utf16_;  // by the parity of the run's first byte
  std::deque<Run> ready_;
  std::uint64_t offset_ = 0;
  std::uint64_t skipped_ = 0;
  unsigned char prev_ = 0;
  bool has_prev_ = false;
  bool done_ = false;
};

}  // namespace

bool LooksBinary(std::string_view head) {
  head = head.substr(0, kHead);
  if (head.starts_with("\xFF\xFE")) return true;  // UTF-16LE byte order mark
  std::size_t nuls = 0;
  for (char c : head) nuls += c == '\0';
  return nuls >= 8 && nuls * 8 >= head.size();
}

std::unique_ptr<RecordReader> MakeBinaryReader(ByteSource& source, const std::string& path,
                                               const HuntOptions& options,
                                               const Prefilter* prefilter) {
  return std::make_unique<BinaryRecordReader>(source, path, options, prefilter);
}

}  // namespace shrike::logs_internal
