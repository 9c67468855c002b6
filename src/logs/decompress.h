// Streaming decompression of the formats besides gzip (which FileSource does
// with zlib): zstd (libzstd), xz and legacy lzma (liblzma), bzip2 (libbz2),
// each recognised by its magic bytes, never by the file name; concatenated
// streams and frames are read one after the other. A truncated or corrupt
// stream is an error naming the compressed offset, returned after all the
// data that could be decompressed before it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "shrike/result.h"

namespace shrike::logs_internal {

enum class Compression : std::uint8_t { kNone, kZstd, kXz, kLzma, kBzip2 };

// The compression a stream starts with (gzip gives kNone: zlib's).
Compression SniffCompression(std::string_view head);
std::string_view CompressionName(Compression c);

class Decompressor {
 public:
  // Pulls compressed bytes (0 at the end of input).
  using Pull = std::function<Result<std::size_t>(char* buffer, std::size_t size)>;

  virtual ~Decompressor() = default;
  static Result<std::unique_ptr<Decompressor>> Make(Compression c, Pull pull, std::string path);

  // Decompressed bytes, 0 at the end.
  Result<std::size_t> Read(char* buffer, std::size_t size);

 protected:
  Decompressor(Pull pull, std::string path, Compression c);
  // Decodes in_ (from in_pos_) into out; sets end_ at the end of the last
  // stream. Returns the bytes written or an error message.
  virtual Result<std::size_t> Step(char* out, std::size_t size, bool input_done) = 0;
  Error Fail(const std::string& what) const;

  std::string in_;
  std::size_t in_pos_ = 0;
  bool end_ = false;  // a stream ended and nothing follows (so far)

 private:
  Pull pull_;
  std::string path_;
  Compression kind_;
  std::uint64_t compressed_ = 0;  // compressed bytes pulled
  bool input_done_ = false;
  bool failed_ = false;
};

}  // namespace shrike::logs_internal
