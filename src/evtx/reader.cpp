// EvtxReader: reads the file, hands chunks to workers (a small pool when
// threads > 1) and returns their records in file order.
#include <fcntl.h>
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

// The file: read with pread into each worker's own chunk buffer (no shared
// mapping to populate, release or shoot down across cores), only as far as
// a chunk is used; or bytes owned in memory (tests, fuzzing).
class Source {
 public:
  Source() = default;
  ~Source() {
    if (fd_ >= 0) ::close(fd_);
  }
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  static Result<std::unique_ptr<Source>> Open(const std::string& path) {
    Location where;
    where.file = path;
    auto source = std::make_unique<Source>();
    source->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (source->fd_ < 0)
      return Error(ErrorCode::kIo, std::string("cannot open: ") + std::strerror(errno), where);
    struct stat st {};
    if (::fstat(source->fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
      return Error(ErrorCode::kIo, "cannot read the file (empty or not a regular file)", where);
    }
    source->size_ = static_cast<std::uint64_t>(st.st_size);
    ::posix_fadvise(source->fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    return source;
  }
  static std::unique_ptr<Source> Own(std::string data) {
    auto source = std::make_unique<Source>();
    source->owned_ = std::move(data);
    source->size_ = source->owned_.size();
    return source;
  }
  std::uint64_t size() const { return size_; }
  // The whole file in memory, or null when it is read with Read.
  const std::uint8_t* memory() const {
    return fd_ >= 0 ? nullptr : reinterpret_cast<const std::uint8_t*>(owned_.data());
  }
  // Reads [offset, offset + n) into dst; bytes the file no longer has (it
  // shrank, or a read failed) are zeros. Returns the errno of a failure, 0
  // when the whole range was read, -1 when the file was shorter.
  int Read(std::uint64_t offset, std::uint8_t* dst, std::size_t n) const {
    std::size_t done = 0;
    int error = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, dst + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        error = r < 0 ? errno : -1;
        break;
      }
      done += static_cast<std::size_t>(r);
    }
    if (done < n) std::memset(dst + done, 0, n - done);
    return error;
  }

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::string owned_;
};

// One chunk read into a worker's buffer, a page at a time as the parser asks.
class FileFill : public evtx_internal::ChunkFill {
 public:
  FileFill(const Source& source, std::uint64_t base, std::uint32_t size, std::uint8_t* buffer)
      : source_(source), base_(base), size_(size), buffer_(buffer) {}
  int error() const { return error_; }

 protected:
  void Grow(std::uint32_t n) override {
    std::uint32_t want = std::min<std::uint32_t>(size_, (n + kPage - 1) / kPage * kPage);
    if (want <= filled) return;
    int e = source_.Read(base_ + filled, buffer_ + filled, want - filled);
    if (e != 0 && error_ == 0) error_ = e;
    filled = want;
  }

 private:
  static constexpr std::uint32_t kPage = 4096;
  const Source& source_;
  std::uint64_t base_;
  std::uint32_t size_;
  std::uint8_t* buffer_;
  int error_ = 0;
};

// A worker: its parser state and its chunk buffer.
struct Worker {
  Worker(const EvtxOptions& options, const std::string& path)
      : chunk(options, path), buffer(new std::uint8_t[kChunkSize]) {}
  ChunkWorker chunk;
  std::unique_ptr<std::uint8_t[]> buffer;
};

}  // namespace

// Threads: with one, the caller's thread parses each chunk as it needs it.
// With W > 1, batches of kBatch chunks go round the W lanes: the caller's
// thread parses the batches of lane 0 itself when it comes to them, and
// helper thread w (1 <= w < W) parses batches w, w + W, w + 2W, ... into a
// ring of batches it owns. The caller takes them in order, reads the records
// where they are and hands each batch back to its owner: record storage
// stays with the thread that writes it (no strings passed from core to core
// to be rewritten there), the lock is taken once per batch, and W threads
// run on W cores (the caller does not sit idle waiting for helpers). A helper
// batch the helper has not started when the caller needs it, the caller
// parses itself (Steal).
class EvtxReader::Impl {
 public:
  Impl(std::unique_ptr<Source> source, std::string path, const EvtxOptions& options,
       EvtxFileInfo info)
      : source_(std::move(source)), path_(std::move(path)), options_(options), info_(info) {
    unsigned threads = options.threads == 0 ? std::thread::hardware_concurrency() : options.threads;
    threads = std::clamp<unsigned>(threads, 1, 64);
    batches_ = (info_.chunks + kBatch - 1) / kBatch;
    if (threads > batches_) threads = static_cast<unsigned>(std::max<std::uint64_t>(1, batches_));
    inline_worker_ = std::make_unique<Worker>(options_, path_);
    if (threads == 1) return;
    lanes_ = std::vector<Lane>(threads);
    for (unsigned w = 0; w < threads; ++w) lanes_[w].next_claim = w;
    for (unsigned w = 1; w < threads; ++w) lanes_[w].thread = std::thread([this, w] { Work(w); });
  }

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    for (Lane& lane : lanes_) lane.free_cv.notify_all();
    for (Lane& lane : lanes_) {
      if (lane.thread.joinable()) lane.thread.join();
    }
  }

  // Warnings found before the first record (file header), given by Next.
  void Defer(const Diagnostics& diags) {
    for (const Error& e : diags.warnings()) pending_.push_back(e);
  }

  // The next record, valid until the next call; null at the end.
  EvtxRecord* NextRef(Diagnostics& diags) {
    for (Error& e : pending_) diags.Warn(std::move(e));
    pending_.clear();
    while (current_ == nullptr || pos_ >= current_->count) {
      if (!Advance()) return nullptr;
      for (Error& e : current_->warnings) diags.Warn(std::move(e));
      bad_ += current_->bad;
      pos_ = 0;
    }
    ++records_;
    return &current_->records[pos_++];
  }

  bool Next(EvtxRecord& record, Diagnostics& diags) {
    EvtxRecord* r = NextRef(diags);
    if (r == nullptr) return false;
    std::swap(record, *r);
    return true;
  }

  const EvtxFileInfo& info() const { return info_; }
  std::uint64_t records() const { return records_; }
  std::uint64_t bad() const { return bad_; }

 private:
  static constexpr std::uint64_t kBatch = 2;  // chunks per batch
  static constexpr std::uint64_t kRing = 2;   // batches a worker may be ahead

  struct Batch {
    std::vector<ChunkOutput> chunks = std::vector<ChunkOutput>(kBatch);
    std::size_t count = 0;
    bool ready = false;  // parsed and not yet handed back
  };
  struct Lane {
    std::vector<Batch> ring = std::vector<Batch>(kRing);
    std::condition_variable free_cv;  // a batch of the ring was handed back
    std::uint64_t next_claim = 0;     // the lane's next batch not yet taken (helper or caller)
    std::thread thread;
  };

  void ParseChunk(Worker& worker, std::uint64_t index, ChunkOutput& out) {
    std::uint64_t base = kFileHeaderSize + index * kChunkSize;
    auto size =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(kChunkSize, source_->size() - base));
    if (const std::uint8_t* memory = source_->memory()) {
      worker.chunk.Parse(memory + base, size, base, index, out);
      return;
    }
    FileFill fill(*source_, base, size, worker.buffer.get());
    worker.chunk.Parse(worker.buffer.get(), size, base, index, out, &fill);
    if (fill.error() != 0) {
      Location where;
      where.file = path_;
      where.offset = base;
      where.has_offset = true;
      where.record = "chunk " + std::to_string(index);
      out.warnings.emplace_back(ErrorCode::kIo,
                                fill.error() > 0
                                    ? std::string("read error: ") + std::strerror(fill.error())
                                    : std::string("the file ends early (truncated while read?)"),
                                std::move(where));
    }
  }

  Batch& BatchAt(std::uint64_t b) {
    return lanes_[b % lanes_.size()].ring[(b / lanes_.size()) % kRing];
  }

  // Moves current_ to the next chunk's output, in order; false at the end.
  bool Advance() {
    if (lanes_.empty()) {
      if (delivered_ >= info_.chunks) return false;
      ParseChunk(*inline_worker_, delivered_++, inline_out_);
      current_ = &inline_out_;
      return true;
    }
    if (batch_ != nullptr && ++in_batch_ < batch_->count) {
      current_ = &batch_->chunks[in_batch_];
      return true;
    }
    if (batch_ != nullptr) {
      if (batch_ != &own_) {  // hand it back to its helper
        Lane& lane = lanes_[next_batch_ % lanes_.size()];
        {
          std::lock_guard<std::mutex> lock(mu_);
          batch_->ready = false;
        }
        lane.free_cv.notify_one();
      }
      batch_ = nullptr;
      ++next_batch_;
    }
    current_ = nullptr;
    if (next_batch_ >= batches_) return false;
    if (next_batch_ % lanes_.size() == 0 || Steal(next_batch_)) {
      ParseBatch(*inline_worker_, next_batch_, own_);
      batch_ = &own_;
    } else {
      Batch& batch = BatchAt(next_batch_);
      std::unique_lock<std::mutex> lock(mu_);
      ready_cv_.wait(lock, [&] { return batch.ready; });
      batch_ = &batch;
    }
    in_batch_ = 0;
    current_ = &batch_->chunks[0];
    return true;
  }

  // Parses batch b into batch (count set; ready is the caller's business).
  void ParseBatch(Worker& worker, std::uint64_t b, Batch& batch) {
    std::uint64_t first = b * kBatch;
    std::uint64_t last = std::min<std::uint64_t>(info_.chunks, first + kBatch);
    for (std::uint64_t i = first; i < last; ++i) ParseChunk(worker, i, batch.chunks[i - first]);
    batch.count = last - first;
  }

  // The caller needs helper batch b: when the helper has not started it (it
  // got no core, or is behind), the caller parses it itself instead of
  // sleeping until the helper does, so W threads never cost much more than
  // one when the cores are busy with other work.
  bool Steal(std::uint64_t b) {
    Lane& lane = lanes_[b % lanes_.size()];
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (lane.next_claim != b) return false;
      lane.next_claim += lanes_.size();
    }
    lane.free_cv.notify_one();
    return true;
  }

  // Helper w: claims its lane's batches in order (those the caller has not
  // stolen), each once its ring slot has been handed back.
  void Work(std::size_t w) {
    Worker worker(options_, path_);
    Lane& lane = lanes_[w];
    for (;;) {
      std::uint64_t b;
      {
        std::unique_lock<std::mutex> lock(mu_);
        lane.free_cv.wait(lock, [&] {
          return stop_ || lane.next_claim >= batches_ || !BatchAt(lane.next_claim).ready;
        });
        if (stop_ || lane.next_claim >= batches_) return;
        b = lane.next_claim;
        lane.next_claim += lanes_.size();
      }
      Batch& batch = BatchAt(b);
      ParseBatch(worker, b, batch);
      {
        std::lock_guard<std::mutex> lock(mu_);
        batch.ready = true;
      }
      ready_cv_.notify_one();
    }
  }

  std::unique_ptr<Source> source_;
  std::string path_;
  EvtxOptions options_;
  EvtxFileInfo info_;
  std::vector<Error> pending_;
  ChunkOutput* current_ = nullptr;  // the chunk records are taken from
  std::size_t pos_ = 0;
  std::uint64_t records_ = 0, bad_ = 0;

  std::unique_ptr<Worker> inline_worker_;  // the caller's
  ChunkOutput inline_out_;                 // one thread
  std::uint64_t delivered_ = 0;

  std::mutex mu_;                     // guards Batch::ready of helpers' batches, and stop_
  std::condition_variable ready_cv_;  // a helper's batch is ready
  std::vector<Lane> lanes_;           // more threads; lane 0 is the caller's
  Batch own_;                         // the caller's batch
  std::uint64_t batches_ = 0, next_batch_ = 0;
  Batch* batch_ = nullptr;  // the batch being read
  std::size_t in_batch_ = 0;
  bool stop_ = false;
};

bool IsEvtx(std::string_view head) {
  return evtx_internal::IsEvtxMagic(reinterpret_cast<const std::uint8_t*>(head.data()),
                                    head.size());
}

namespace {

Result<std::unique_ptr<EvtxReader::Impl>> MakeImpl(std::unique_ptr<Source> source,
                                                   const std::string& path,
                                                   const EvtxOptions& options, Diagnostics& diags) {
  std::string head;
  const std::uint8_t* header = source->memory();
  if (header == nullptr) {
    head.resize(kFileHeaderSize);
    auto* dst = reinterpret_cast<std::uint8_t*>(head.data());
    (void)source->Read(0, dst, std::min<std::uint64_t>(kFileHeaderSize, source->size()));
    header = dst;
  }
  SHRIKE_TRY(EvtxFileInfo info,
             evtx_internal::ParseFileHeader(header, source->size(), path, diags));
  return std::make_unique<EvtxReader::Impl>(std::move(source), path, options, info);
}

}  // namespace

EvtxReader::EvtxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EvtxReader::~EvtxReader() = default;

Result<std::unique_ptr<EvtxReader>> EvtxReader::Open(const std::string& path,
                                                     const EvtxOptions& options) {
  SHRIKE_TRY(auto source, Source::Open(path));
  Diagnostics header;
  SHRIKE_TRY(auto impl, MakeImpl(std::move(source), path, options, header));
  impl->Defer(header);
  return std::unique_ptr<EvtxReader>(new EvtxReader(std::move(impl)));
}

Result<std::unique_ptr<EvtxReader>> EvtxReader::FromBytes(std::string data, std::string name,
                                                          const EvtxOptions& options) {
  Diagnostics header;
  SHRIKE_TRY(auto impl, MakeImpl(Source::Own(std::move(data)), name, options, header));
  impl->Defer(header);
  return std::unique_ptr<EvtxReader>(new EvtxReader(std::move(impl)));
}

bool EvtxReader::Next(EvtxRecord& record, Diagnostics& diags) { return impl_->Next(record, diags); }
const EvtxFileInfo& EvtxReader::info() const { return impl_->info(); }
std::uint64_t EvtxReader::records() const { return impl_->records(); }
std::uint64_t EvtxReader::bad_records() const { return impl_->bad(); }

Status ReadEvtx(const std::string& path, const EvtxOptions& options,
                const std::function<void(const EvtxRecord&)>& on_record, Diagnostics& diags) {
  SHRIKE_TRY(auto source, Source::Open(path));
  SHRIKE_TRY(auto impl, MakeImpl(std::move(source), path, options, diags));
  while (const EvtxRecord* record = impl->NextRef(diags)) on_record(*record);
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
