// Streaming input for the log readers: byte sources (memory, or a file / stdin
// with gzip undone by zlib and zstd, xz, lzma, bzip2 by logs/decompress.h, all
// recognised by their magic) and a line splitter with a bounded buffer.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <zlib.h>

#include "logs/decompress.h"
#include "shrike/result.h"

namespace shrike::logs_internal {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to size bytes; 0 at the end. An error (a truncated gzip stream)
  // ends the input.
  virtual Result<std::size_t> Read(char* buffer, std::size_t size) = 0;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  Result<std::size_t> Read(char* buffer, std::size_t size) override;

 private:
  std::string_view data_;
};

// A file, or standard input for "-", gunzipped when it starts with the gzip
// magic (concatenated members too), decompressed by a Decompressor when it
// starts with another compression's magic. A truncated or corrupt stream is
// an error from Read after the data that could be decompressed.
// Following a growing file (`hunt --follow`): at the end of a file Read
// waits for more data instead of returning 0, and returns 0 only when stop
// is set or the file at path was replaced (another inode) or truncated, so
// that the hunt reopens it.
struct FollowMode {
  const std::atomic<bool>* stop = nullptr;
  int poll_ms = 200;
};

class FileSource : public ByteSource {
 public:
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  static Result<std::unique_ptr<FileSource>> Open(const std::string& path,
                                                  const FollowMode* follow = nullptr);
  Result<std::size_t> Read(char* buffer, std::size_t size) override;

 private:
  FileSource(int fd, std::string path);
  Result<std::size_t> ReadRaw(char* buffer, std::size_t size);
  Result<std::size_t> Inflate(char* buffer, std::size_t size);
  // The peeked bytes, then the descriptor (the archive filter's input).
  Result<std::size_t> ReadPeeked(char* buffer, std::size_t size);
  Error Fail(const std::string& message) const;
  bool Stopped() const;
  // Follow mode at the end of the file: true when more data may be read,
  // false at a stop, a rotation or a truncation.
  bool WaitForData();

  int fd_;
  std::string path_;
  std::unique_ptr<z_stream> zs_;           // set when gzip
  std::unique_ptr<Decompressor> archive_;  // set when zstd, xz, lzma, bzip2
  std::string in_;                         // compressed input buffer
  std::uint64_t raw_offset_ = 0;           // compressed bytes read so far
  bool raw_eof_ = false;
  bool member_done_ = false;
  std::optional<FollowMode> follow_;
  bool rotated_ = false;  // the path names another file now
};

struct Line {
  std::string_view text;     // without the line end; valid until the next Next()
  std::uint64_t offset = 0;  // byte offset of its first byte
  std::uint64_t number = 0;  // 1-based
};

// Splits a source into lines, holding at most max_line + one chunk in memory.
// A line longer than max_line is reported (file, line, offset) and skipped.
class LineReader {
 public:
  LineReader(ByteSource& source, std::string path, std::size_t max_line);
  // False at the end of input (or after a read error, which is warned).
  bool Next(Line& line, Diagnostics& diags);

 private:
  bool Fill(Diagnostics& diags);
  bool SkipLongLine(Diagnostics& diags);
  Line Take(std::size_t end, std::size_t next);

  ByteSource& source_;
  std::string path_;
  std::size_t max_line_;
  std::string buffer_;
  std::size_t start_ = 0;          // first unread byte of buffer_
  std::uint64_t base_offset_ = 0;  // input offset of buffer_[0]
  std::uint64_t line_number_ = 0;
  bool eof_ = false;
};

}  // namespace shrike::logs_internal
