#include "logs/decompress.h"

#include <bzlib.h>
#include <lzma.h>
#include <zstd.h>

#include <utility>

namespace shrike::logs_internal {
namespace {

constexpr std::size_t kInChunk = 64 * 1024;
// The decoders' own memory: xz and lzma dictionaries up to this (xz -9 uses
// 64 MiB); a stream asking for more is refused rather than allocated.
constexpr std::uint64_t kMaxDecoderMemory = std::uint64_t{256} << 20;

bool StartsWith(std::string_view head, std::string_view magic) {
  return head.substr(0, magic.size()) == magic;
}

class ZstdDecompressor : public Decompressor {
 public:
  ZstdDecompressor(Pull pull, std::string path)
      : Decompressor(std::move(pull), std::move(path), Compression::kZstd) {
    ctx_ = ZSTD_createDStream();
    ZSTD_DCtx_setParameter(ctx_, ZSTD_d_windowLogMax, 27);  // 128 MiB window at most
  }
  ~ZstdDecompressor() override { ZSTD_freeDStream(ctx_); }

 protected:
  Result<std::size_t> Step(char* out, std::size_t size, bool) override {
    if (end_ && in_pos_ == in_.size()) return std::size_t{0};  // between frames, nothing more
    ZSTD_inBuffer in{in_.data(), in_.size(), in_pos_};
    ZSTD_outBuffer o{out, size, 0};
    std::size_t rc = ZSTD_decompressStream(ctx_, &o, &in);
    in_pos_ = in.pos;
    if (ZSTD_isError(rc)) return Fail(ZSTD_getErrorName(rc));
    end_ = rc == 0;
    return o.pos;
  }

 private:
  ZSTD_DStream* ctx_;
};

class LzmaDecompressor : public Decompressor {
 public:
  LzmaDecompressor(Pull pull, std::string path, Compression c)
      : Decompressor(std::move(pull), std::move(path), c) {}
  ~LzmaDecompressor() override { lzma_end(&strm_); }
  Status Init(Compression c) {
    lzma_ret rc = c == Compression::kXz
                      ? lzma_stream_decoder(&strm_, kMaxDecoderMemory, LZMA_CONCATENATED)
                      : lzma_alone_decoder(&strm_, kMaxDecoderMemory);
    if (rc != LZMA_OK) return Fail("liblzma: cannot initialise");
    return Ok();
  }

 protected:
  Result<std::size_t> Step(char* out, std::size_t size, bool input_done) override {
    if (end_) return std::size_t{0};  // the last stream ended; trailing bytes ignored
    strm_.next_in = reinterpret_cast<const uint8_t*>(in_.data() + in_pos_);
    strm_.avail_in = in_.size() - in_pos_;
    strm_.next_out = reinterpret_cast<uint8_t*>(out);
    strm_.avail_out = size;
    lzma_ret rc = lzma_code(&strm_, input_done ? LZMA_FINISH : LZMA_RUN);
    in_pos_ = in_.size() - strm_.avail_in;
    std::size_t got = size - strm_.avail_out;
    if (rc == LZMA_STREAM_END) {
      end_ = true;
    } else if (rc == LZMA_BUF_ERROR && input_done) {
      return got > 0 ? Result<std::size_t>(got) : Fail("truncated stream");
    } else if (rc != LZMA_OK) {
      return Fail(Describe(rc));
    }
    return got;
  }

 private:
  static std::string Describe(lzma_ret rc) {
    switch (rc) {
      case LZMA_MEMLIMIT_ERROR: return "needs more memory than the limit";
      case LZMA_FORMAT_ERROR: return "not an xz/lzma stream";
      case LZMA_DATA_ERROR: return "corrupt data";
      case LZMA_OPTIONS_ERROR: return "unsupported options";
      default: return "liblzma error " + std::to_string(static_cast<int>(rc));
    }
  }
  lzma_stream strm_ = LZMA_STREAM_INIT;
};

class Bzip2Decompressor : public Decompressor {
 public:
  Bzip2Decompressor(Pull pull, std::string path)
      : Decompressor(std::move(pull), std::move(path), Compression::kBzip2) {}
  ~Bzip2Decompressor() override {
    if (open_) BZ2_bzDecompressEnd(&strm_);
  }

 protected:
  Result<std::size_t> Step(char* out, std::size_t size, bool) override {
    if (!open_) {
      if (in_pos_ == in_.size()) return std::size_t{0};  // nothing follows the last stream
      strm_ = bz_stream{};
      if (BZ2_bzDecompressInit(&strm_, 0, 0) != BZ_OK) return Fail("libbz2: cannot initialise");
      open_ = true;
      end_ = false;
    }
    strm_.next_in = in_.data() + in_pos_;
    strm_.avail_in = static_cast<unsigned>(in_.size() - in_pos_);
    strm_.next_out = out;
    strm_.avail_out = static_cast<unsigned>(size);
    int rc = BZ2_bzDecompress(&strm_);
    in_pos_ = in_.size() - strm_.avail_in;
    std::size_t got = size - strm_.avail_out;
    if (rc == BZ_STREAM_END) {  // another stream may follow (pbzip2)
      BZ2_bzDecompressEnd(&strm_);
      open_ = false;
      end_ = true;
    } else if (rc != BZ_OK) {
      return Fail(rc == BZ_DATA_ERROR_MAGIC ? "bad magic" : "corrupt data");
    }
    return got;
  }

 private:
  bz_stream strm_{};
  bool open_ = false;
};

}  // namespace

Compression SniffCompression(std::string_view head) {
  using namespace std::string_view_literals;
  if (StartsWith(head, "\x28\xB5\x2F\xFD"sv)) return Compression::kZstd;
  if (StartsWith(head,
                 "\xFD"
                 "7zXZ\x00"sv))
    return Compression::kXz;
  // "BZh1".."BZh9", then a block magic (pi) or the end-of-stream magic.
  if (head.size() >= 10 && StartsWith(head, "BZh"sv) && head[3] >= '1' && head[3] <= '9' &&
      (head.substr(4, 6) == "\x31\x41\x59\x26\x53\x59"sv ||
       head.substr(4, 6) == "\x17\x72\x45\x38\x50\x90"sv)) {
    return Compression::kBzip2;
  }
  // Legacy .lzma (xz --format=lzma, lzma_alone): properties 0x5D, then a
  // power-of-two dictionary size; the size field follows.
  if (head.size() >= 13 && head[0] == '\x5D' && head[1] == '\0') return Compression::kLzma;
  return Compression::kNone;
}

std::string_view CompressionName(Compression c) {
  switch (c) {
    case Compression::kZstd: return "zstd";
    case Compression::kXz: return "xz";
    case Compression::kLzma: return "lzma";
    case Compression::kBzip2: return "bzip2";
    default: return "none";
  }
}

Decompressor::Decompressor(Pull pull, std::string path, Compression c)
    : pull_(std::move(pull)), path_(std::move(path)), kind_(c) {}

Result<std::unique_ptr<Decompressor>> Decompressor::Make(Compression c, Pull pull,
                                                         std::string path) {
  switch (c) {
    case Compression::kZstd:
      return std::unique_ptr<Decompressor>(new ZstdDecompressor(std::move(pull), std::move(path)));
    case Compression::kXz:
    case Compression::kLzma: {
      auto d = std::make_unique<LzmaDecompressor>(std::move(pull), std::move(path), c);
      SHRIKE_RETURN_IF_ERROR(d->Init(c));
      return std::unique_ptr<Decompressor>(std::move(d));
    }
    case Compression::kBzip2:
      return std::unique_ptr<Decompressor>(new Bzip2Decompressor(std::move(pull), std::move(path)));
    default: break;
  }
  Location where;
  where.file = path;
  return Error(ErrorCode::kInternal, "no decompressor", where);
}

Error Decompressor::Fail(const std::string& what) const {
  Location where;
  where.file = path_;
  return Error(ErrorCode::kIo,
               std::string(CompressionName(kind_)) + " stream truncated or corrupt at compressed " +
                   "offset " + std::to_string(compressed_) + ": " + what,
               where);
}

Result<std::size_t> Decompressor::Read(char* buffer, std::size_t size) {
  if (failed_ || size == 0) return std::size_t{0};
  while (true) {
    if (in_pos_ == in_.size() && !input_done_) {
      in_.resize(kInChunk);
      auto n = pull_(in_.data(), kInChunk);
      if (!n.ok()) {
        failed_ = true;
        return n.error();
      }
      in_.resize(*n);
      in_pos_ = 0;
      compressed_ += *n;
      input_done_ = *n == 0;
    }
    std::size_t before = in_pos_;
    auto got = Step(buffer, size, input_done_);
    if (!got.ok()) {
      failed_ = true;
      return got.error();
    }
    if (*got > 0) return got;
    if (in_pos_ < in_.size() && in_pos_ == before) {  // neither input taken nor output given
      if (end_) return std::size_t{0};  // bytes after the last stream (xz, lzma): ignored
      failed_ = true;
      return Fail("no progress");
    }
    if (input_done_ && in_pos_ == in_.size()) {
      if (end_) return std::size_t{0};
      failed_ = true;
      return Fail("truncated stream");
    }
  }
}

}  // namespace shrike::logs_internal
