// EvtxReader: maps the file, hands chunks to workers (a small pool when
// threads > 1) and returns their records in file order.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>

#include "evtx/chunk.h"
#include "shrike/evtx.h"

namespace shrike {
namespace evtx_internal {
bool IsEvtxMagic(const std::uint8_t* data, std::uint64_t size);
}  // namespace evtx_internal

using evtx_internal::ChunkOutput;
using evtx_internal::ChunkWorker;
using evtx_internal::kChunkSize;
using evtx_internal::kFileHeaderSize;

namespace {

#ifdef MADV_POPULATE_READ
constexpr int kPopulateRead = MADV_POPULATE_READ;
#else
constexpr int kPopulateRead = 22;  // Linux 5.14; older kernels return EINVAL
#endif

// The file's bytes: a read-only mapping, or an owned copy.
class Bytes {
 public:
  Bytes() = default;
  ~Bytes() {
    if (map_ != nullptr) ::munmap(map_, size_);
  }
  Bytes(const Bytes&) = delete;
  Bytes& operator=(const Bytes&) = delete;

  static Result<std::unique_ptr<Bytes>> Map(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    Location where;
    where.file = path;
    if (fd < 0)
      return Error(ErrorCode::kIo, std::string("cannot open: ") + std::strerror(errno), where);
    struct stat st {};
    auto bytes = std::make_unique<Bytes>();
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p =
          ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        bytes->map_ = p;
        bytes->size_ = static_cast<std::size_t>(st.st_size);
        ::madvise(p, bytes->size_, MADV_SEQUENTIAL);
      }
    }
    ::close(fd);
    if (bytes->map_ == nullptr) {
      return Error(ErrorCode::kIo, "cannot map the file (empty or not a regular file)", where);
    }
    return bytes;
  }
  static std::unique_ptr<Bytes> Own(std::string data) {
    auto bytes = std::make_unique<Bytes>();
    bytes->owned_ = std::move(data);
    bytes->size_ = bytes->owned_.size();
    return bytes;
  }
  const std::uint8_t* data() const {
    return map_ != nullptr ? static_cast<const std::uint8_t*>(map_)
                           : reinterpret_cast<const std::uint8_t*>(owned_.data());
  }
  std::uint64_t size() const { return size_; }
  // Drops mapped pages of [begin, end) (page-aligned offsets) that are no
  // longer needed, so a large file does not stay resident.
  void Release(std::uint64_t begin, std::uint64_t end) {
    if (map_ == nullptr || end <= begin) return;
    ::madvise(static_cast<char*>(map_) + begin, end - begin, MADV_DONTNEED);
  }
  // Maps the pages of [begin, end) (page-aligned begin) in one call, so the
  // parser does not take a page fault every few pages. Best effort: kernels
  // before 5.14 lack MADV_POPULATE_READ and fault the pages in as before.
  void Populate(std::uint64_t begin, std::uint64_t end) {
    end = std::min<std::uint64_t>(end, size_);
    if (map_ == nullptr || end <= begin) return;
    ::madvise(static_cast<char*>(map_) + begin, end - begin, kPopulateRead);
  }

 private:
  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string owned_;
};

}  // namespace

class EvtxReader::Impl {
 public:
  Impl(std::unique_ptr<Bytes> bytes, std::string path, const EvtxOptions& options,
       EvtxFileInfo info)
      : bytes_(std::move(bytes)), path_(std::move(path)), options_(options), info_(info) {
    unsigned threads = options.threads == 0 ? std::thread::hardware_concurrency() : options.threads;
    threads = std::clamp<unsigned>(threads, 1, 64);
    if (threads > info_.chunks) threads = std::max<std::uint64_t>(1, info_.chunks);
    if (threads == 1) {
      inline_worker_ = std::make_unique<ChunkWorker>(options_, path_);
      return;
    }
    window_ = threads * kBatch * 2;
    slots_.resize(window_);
    for (unsigned i = 0; i < threads; ++i) pool_.emplace_back([this] { Work(); });
  }

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    claim_cv_.notify_all();
    for (auto& t : pool_) t.join();
  }

  // Warnings found before the first record (file header), given by Next.
  void Defer(const Diagnostics& diags) {
    for (const Error& e : diags.warnings()) pending_.push_back(e);
  }

  bool Next(EvtxRecord& record, Diagnostics& diags) {
    for (Error& e : pending_) diags.Warn(std::move(e));
    pending_.clear();
    while (pos_ >= current_.count) {
      if (delivered_ >= info_.chunks) return false;
      if (delivered_ >= populated_) {  // map the next window ahead of the workers
        populated_ = delivered_ + kWindowChunks;
        bytes_->Populate(kFileHeaderSize + delivered_ * kChunkSize,
                         kFileHeaderSize + populated_ * kChunkSize);
      }
      Take(current_);
      if (delivered_ - released_ >= kWindowChunks) {
        bytes_->Release(kFileHeaderSize + released_ * kChunkSize,
                        kFileHeaderSize + delivered_ * kChunkSize);
        released_ = delivered_;
      }
      for (Error& e : current_.warnings) diags.Warn(std::move(e));
      bad_ += current_.bad;
      pos_ = 0;
    }
    std::swap(record, current_.records[pos_++]);
    ++records_;
    return true;
  }

  const EvtxFileInfo& info() const { return info_; }
  std::uint64_t records() const { return records_; }
  std::uint64_t bad() const { return bad_; }

 private:
  struct Slot {
    ChunkOutput out;
    bool ready = false;
  };

  void ParseChunk(ChunkWorker& worker, std::uint64_t index, ChunkOutput& out) {
    std::uint64_t base = kFileHeaderSize + index * kChunkSize;
    auto size =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(kChunkSize, bytes_->size() - base));
    worker.Parse(bytes_->data() + base, size, base, index, out);
  }

  // Next chunk's output, in order.
  void Take(ChunkOutput& out) {
    std::uint64_t index = delivered_++;
    if (inline_worker_) {
      ParseChunk(*inline_worker_, index, out);
      return;
    }
    std::unique_lock<std::mutex> lock(mu_);
    Slot& slot = slots_[index % window_];
    ready_cv_.wait(lock, [&] { return slot.ready; });
    std::swap(out, slot.out);
    slot.ready = false;
    consumed_ = index + 1;
    bool wake = consumed_ % kBatch == 0;  // room for another batch
    lock.unlock();
    if (wake) claim_cv_.notify_all();
  }

  // A worker claims kBatch chunks at a time and publishes them together, so
  // the lock and the wake-ups cost once per batch, not once per chunk.
  void Work() {
    ChunkWorker worker(options_, path_);
    std::vector<ChunkOutput> outs(kBatch);
    for (;;) {
      std::uint64_t first, last;
      {
        std::unique_lock<std::mutex> lock(mu_);
        claim_cv_.wait(lock, [&] {
          return stop_ || claimed_ >= info_.chunks || claimed_ + kBatch <= consumed_ + window_;
        });
        if (stop_ || claimed_ >= info_.chunks) return;
        first = claimed_;
        last = std::min<std::uint64_t>(info_.chunks, first + kBatch);
        claimed_ = last;
      }
      for (std::uint64_t i = first; i < last; ++i) ParseChunk(worker, i, outs[i - first]);
      {
        std::lock_guard<std::mutex> lock(mu_);
        for (std::uint64_t i = first; i < last; ++i) {
          Slot& slot = slots_[i % window_];
          std::swap(slot.out, outs[i - first]);
          slot.ready = true;
        }
      }
      ready_cv_.notify_all();
    }
  }

  std::unique_ptr<Bytes> bytes_;
  std::string path_;
  EvtxOptions options_;
  EvtxFileInfo info_;
  std::unique_ptr<ChunkWorker> inline_worker_;
  ChunkOutput current_;
  std::vector<Error> pending_;
  std::size_t pos_ = 0;
  static constexpr std::uint64_t kWindowChunks = 64;
  static constexpr std::uint64_t kBatch =
      8;  // chunks a worker claims at once  // 4 MiB mapped at a time
  std::uint64_t delivered_ = 0, released_ = 0, populated_ = 0, records_ = 0, bad_ = 0;

  std::mutex mu_;
  std::condition_variable claim_cv_, ready_cv_;
  std::vector<Slot> slots_;
  std::vector<std::thread> pool_;
  std::uint64_t window_ = 1, claimed_ = 0, consumed_ = 0;
  bool stop_ = false;
};

bool IsEvtx(std::string_view head) {
  return evtx_internal::IsEvtxMagic(reinterpret_cast<const std::uint8_t*>(head.data()),
                                    head.size());
}

namespace {

Result<std::unique_ptr<EvtxReader::Impl>> MakeImpl(std::unique_ptr<Bytes> bytes,
                                                   const std::string& path,
                                                   const EvtxOptions& options, Diagnostics& diags) {
  SHRIKE_TRY(EvtxFileInfo info,
             evtx_internal::ParseFileHeader(bytes->data(), bytes->size(), path, diags));
  return std::make_unique<EvtxReader::Impl>(std::move(bytes), path, options, info);
}

}  // namespace

EvtxReader::EvtxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EvtxReader::~EvtxReader() = default;

Result<std::unique_ptr<EvtxReader>> EvtxReader::Open(const std::string& path,
                                                     const EvtxOptions& options) {
  SHRIKE_TRY(auto bytes, Bytes::Map(path));
  Diagnostics header;
  SHRIKE_TRY(auto impl, MakeImpl(std::move(bytes), path, options, header));
  impl->Defer(header);
  return std::unique_ptr<EvtxReader>(new EvtxReader(std::move(impl)));
}

Result<std::unique_ptr<EvtxReader>> EvtxReader::FromBytes(std::string data, std::string name,
                                                          const EvtxOptions& options) {
  Diagnostics header;
  SHRIKE_TRY(auto impl, MakeImpl(Bytes::Own(std::move(data)), name, options, header));
  impl->Defer(header);
  return std::unique_ptr<EvtxReader>(new EvtxReader(std::move(impl)));
}

bool EvtxReader::Next(EvtxRecord& record, Diagnostics& diags) { return impl_->Next(record, diags); }
const EvtxFileInfo& EvtxReader::info() const { return impl_->info(); }
std::uint64_t EvtxReader::records() const { return impl_->records(); }
std::uint64_t EvtxReader::bad_records() const { return impl_->bad(); }

Status ReadEvtx(const std::string& path, const EvtxOptions& options,
                const std::function<void(const EvtxRecord&)>& on_record, Diagnostics& diags) {
  SHRIKE_TRY(auto bytes, Bytes::Map(path));
  SHRIKE_TRY(auto impl, MakeImpl(std::move(bytes), path, options, diags));
  EvtxRecord record;
  while (impl->Next(record, diags)) on_record(record);
  return Ok();
}

Status DumpEvtx(const std::string& path, const EvtxOptions& options, std::FILE* out,
                Diagnostics& diags) {
  EvtxOptions o = options;
  if (o.format == EvtxFormat::kEvent) o.format = EvtxFormat::kJson;
  std::string buffer;
  Status s = ReadEvtx(
      path, o,
      [&](const EvtxRecord& r) {
        buffer += r.text;
        if (o.format == EvtxFormat::kJson) buffer += '\n';
        if (buffer.size() >= (1u << 20)) {
          std::fwrite(buffer.data(), 1, buffer.size(), out);
          buffer.clear();
        }
      },
      diags);
  std::fwrite(buffer.data(), 1, buffer.size(), out);
  return s;
}

}  // namespace shrike
