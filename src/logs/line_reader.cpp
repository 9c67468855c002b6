#include "logs/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <utility>

namespace shrike::logs_internal {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

Location At(const std::string& path, std::uint64_t line, std::uint64_t offset) {
  Location where;
  where.file = path;
  where.line = line;
  where.offset = offset;
  where.has_offset = true;
  return where;
}

}  // namespace

Result<std::size_t> MemorySource::Read(char* buffer, std::size_t size) {
  std::size_t n = std::min(size, data_.size());
  std::memcpy(buffer, data_.data(), n);
  data_.remove_prefix(n);
  return n;
}

FileSource::FileSource(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

FileSource::~FileSource() {
  if (zs_) inflateEnd(zs_.get());
  if (fd_ > 0) ::close(fd_);
}

Error FileSource::Fail(const std::string& message) const {
  Location where;
  where.file = path_;
  return Error(ErrorCode::kIo, message, where);
}

Result<std::unique_ptr<FileSource>> FileSource::Open(const std::string& path,
                                                     const FollowMode* follow) {
  int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  Location where;
  where.file = path;
  if (fd < 0)
    return Error(ErrorCode::kIo, std::string("cannot open: ") + std::strerror(errno), where);
  std::unique_ptr<FileSource> source(new FileSource(fd, path));
  if (follow != nullptr) source->follow_ = *follow;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    return Error(ErrorCode::kIo, "is a folder", where);
  }
  // Peek at the first bytes for the gzip magic; they stay in in_.
  source->in_.resize(kChunk);
  SHRIKE_TRY(std::size_t n, source->ReadRaw(source->in_.data(), kChunk));
  source->in_.resize(n);
  if (n >= 2 && static_cast<unsigned char>(source->in_[0]) == 0x1f &&
      static_cast<unsigned char>(source->in_[1]) == 0x8b) {
    source->zs_ = std::make_unique<z_stream>();
    if (inflateInit2(source->zs_.get(), 15 + 16) != Z_OK) {
      source->zs_.reset();
      return Error(ErrorCode::kInternal, "zlib: cannot initialise", where);
    }
    source->zs_->next_in = reinterpret_cast<Bytef*>(source->in_.data());
    source->zs_->avail_in = static_cast<uInt>(n);
  } else if (Compression c = SniffCompression(source->in_); c != Compression::kNone) {
    FileSource* raw = source.get();
    SHRIKE_TRY(source->archive_,
               Decompressor::Make(
                   c, [raw](char* b, std::size_t s) { return raw->ReadPeeked(b, s); }, path));
  }
  return source;
}

bool FileSource::Stopped() const {
  return follow_ && follow_->stop != nullptr && follow_->stop->load();
}

bool FileSource::WaitForData() {
  struct stat now {
  }, open{};
  if (Stopped() || ::fstat(fd_, &open) != 0 || !S_ISREG(open.st_mode)) return false;
  if (static_cast<std::uint64_t>(open.st_size) < raw_offset_) return false;  // truncated
  if (::stat(path_.c_str(), &now) == 0 &&
      (now.st_ino != open.st_ino || now.st_dev != open.st_dev)) {
    // Rotated: the old file is read once more to its end, then the new one.
    return !std::exchange(rotated_, true);
  }
  if (static_cast<std::uint64_t>(open.st_size) > raw_offset_) return true;
  std::this_thread::sleep_for(std::chrono::milliseconds(follow_->poll_ms));
  return !Stopped();
}

// Reads from the descriptor (retrying on EINTR). Following, the end of the
// file waits for more (WaitForData).
Result<std::size_t> FileSource::ReadRaw(char* buffer, std::size_t size) {
  if (raw_eof_) return std::size_t{0};
  while (true) {
    if (Stopped()) {  // following: a stop ends the input at once, pipes too
      raw_eof_ = true;
      return std::size_t{0};
    }
    ssize_t n = ::read(fd_, buffer, size);
    if (n > 0 || (n == 0 && !follow_)) {
      if (n == 0) raw_eof_ = true;
      raw_offset_ += static_cast<std::uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    if (n == 0 && !WaitForData()) {
      raw_eof_ = true;
      return std::size_t{0};
    }
    if (n < 0 && errno != EINTR) return Fail(std::string("read error: ") + std::strerror(errno));
  }
}

Result<std::size_t> FileSource::Read(char* buffer, std::size_t size) {
  if (zs_) return Inflate(buffer, size);
  if (archive_) return archive_->Read(buffer, size);
  return ReadPeeked(buffer, size);
}

Result<std::size_t> FileSource::ReadPeeked(char* buffer, std::size_t size) {
  if (!in_.empty()) {  // the peeked bytes first
    std::size_t n = std::min(size, in_.size());
    std::memcpy(buffer, in_.data(), n);
    in_.erase(0, n);
    return n;
  }
  return ReadRaw(buffer, size);
}

Result<std::size_t> FileSource::Inflate(char* buffer, std::size_t size) {
  z_stream& zs = *zs_;
  zs.next_out = reinterpret_cast<Bytef*>(buffer);
  zs.avail_out = static_cast<uInt>(size);
  while (zs.avail_out == size) {
    if (zs.avail_in == 0) {
      in_.resize(kChunk);
      SHRIKE_TRY(std::size_t n, ReadRaw(in_.data(), kChunk));
      if (n == 0) {
        if (member_done_) return std::size_t{0};
        return Fail("truncated gzip stream at compressed offset " + std::to_string(raw_offset_));
      }
      zs.next_in = reinterpret_cast<Bytef*>(in_.data());
      zs.avail_in = static_cast<uInt>(n);
    }
    if (member_done_) {  // another gzip member follows
      inflateReset(&zs);
      member_done_ = false;
    }
    int rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      member_done_ = true;
    } else if (rc != Z_OK) {
      return Fail(std::string("corrupt gzip stream: ") + (zs.msg ? zs.msg : "unknown"));
    }
  }
  return size - zs.avail_out;
}

LineReader::LineReader(ByteSource& source, std::string path, std::size_t max_line)
    : source_(source), path_(std::move(path)), max_line_(std::max<std::size_t>(max_line, 16)) {}

// Appends one chunk; false at the end of input.
bool LineReader::Fill(Diagnostics& diags) {
  if (eof_) return false;
  if (start_ > 0) {
    buffer_.erase(0, start_);
    base_offset_ += start_;
    start_ = 0;
  }
  std::size_t old = buffer_.size();
  buffer_.resize(old + kChunk);
  auto n = source_.Read(buffer_.data() + old, kChunk);
  if (!n.ok()) {
    Error e = n.error();
    e.where() = At(path_, line_number_ + 1, base_offset_ + old);
    diags.Warn(std::move(e));
  }
  std::size_t got = n.ok() ? *n : 0;
  buffer_.resize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

Line LineReader::Take(std::size_t end, std::size_t next) {
  Line line;
  line.text = std::string_view(buffer_).substr(start_, end - start_);
  if (!line.text.empty() && line.text.back() == '\r') line.text.remove_suffix(1);
  line.offset = base_offset_ + start_;
  line.number = ++line_number_;
  start_ = next;
  return line;
}

// Drops the current over-long line up to and including its newline.
bool LineReader::SkipLongLine(Diagnostics& diags) {
  diags.Warn(Error(ErrorCode::kLimit,
                   "line longer than " + std::to_string(max_line_) +
                       " bytes skipped (at byte offset " + std::to_string(base_offset_ + start_) +
                       ")",
                   At(path_, line_number_ + 1, base_offset_ + start_)));
  ++line_number_;
  while (true) {
    std::size_t nl = buffer_.find('\n', start_);
    if (nl != std::string::npos) {
      start_ = nl + 1;
      return true;
    }
    base_offset_ += buffer_.size();
    buffer_.clear();
    start_ = 0;
    if (!Fill(diags)) return false;
  }
}

bool LineReader::Next(Line& line, Diagnostics& diags) {
  std::size_t scan = start_;
  while (true) {
    std::size_t nl = buffer_.find('\n', scan);
    if (nl != std::string::npos && nl - start_ <= max_line_) {
      line = Take(nl, nl + 1);
      return true;
    }
    if (buffer_.size() - start_ > max_line_) {
      if (!SkipLongLine(diags)) return false;
      scan = start_;
      continue;
    }
    scan = buffer_.size() - start_;  // relative: Fill moves the data to 0
    if (!Fill(diags)) break;
  }
  if (start_ >= buffer_.size()) return false;
  line = Take(buffer_.size(), buffer_.size());
  return true;
}

}  // namespace shrike::logs_internal
