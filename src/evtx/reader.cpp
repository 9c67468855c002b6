// EvtxReader: reads the file, hands chunks to workers (a small pool when
// threads > 1) and returns their records in file order.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
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

void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// A worker: its parser state and its chunk buffer.
struct Worker {
  Worker(const EvtxOptions& options, const std::string& path)
      : chunk(options, path), buffer(new std::uint8_t[kChunkSize]) {}
  ChunkWorker chunk;
  std::unique_ptr<std::uint8_t[]> buffer;
};

}  // namespace

// Threads: with one, the caller's thread parses each chunk as it needs it.
// With W > 1, the caller and W - 1 helpers claim chunks in file order from
// one counter: whoever is free takes the next chunk, so a slow chunk or a
// core taken by other work does not hold the rest back. Each thread parses
// into an output from its own small pool, so record storage stays with the
// thread that writes it (no strings passed from core to core to be
// rewritten there), and the output goes back to that pool once the caller
// has read its records. Chunk c's output is published in slot c % slots;
// the caller takes the slots in order and reads the records where they are.
// While the chunk it needs is still being parsed by a helper, the caller
// parses the next unclaimed chunk instead of waiting. A thread with nothing
// to do spins briefly before it sleeps: on a VM, waking a thread whose core
// went idle costs about as long as parsing a chunk.
class EvtxReader::Impl {
 public:
  Impl(std::unique_ptr<Source> source, std::string path, const EvtxOptions& options,
       EvtxFileInfo info)
      : source_(std::move(source)), path_(std::move(path)), options_(options), info_(info) {
    unsigned threads = options.threads == 0 ? std::thread::hardware_concurrency() : options.threads;
    threads = std::clamp<unsigned>(threads, 1, 64);
    if (threads > info_.chunks)
      threads = static_cast<unsigned>(std::max<std::uint64_t>(1, info_.chunks));
    inline_worker_ = std::make_unique<Worker>(options_, path_);
    if (threads == 1) return;
    lanes_ = std::vector<Lane>(threads);
    for (unsigned t = 0; t < threads; ++t) {
      for (unsigned i = 0; i < kPool; ++i) {
        lanes_[t].pool.push_back(std::make_unique<Output>());
        lanes_[t].pool.back()->owner = t;
        lanes_[t].pool.back()->index = i;
      }
      lanes_[t].free_mask.store((1u << kPool) - 1);
    }
    slot_count_ = std::uint64_t{threads} * kPool;
    slots_ = std::make_unique<std::atomic<Output*>[]>(slot_count_);
    for (std::uint64_t i = 0; i < slot_count_; ++i) slots_[i].store(nullptr);
    for (unsigned t = 1; t < threads; ++t) lanes_[t].thread = std::thread([this, t] { Work(t); });
  }

  ~Impl() {
    stop_.store(true);
    epoch_.fetch_add(1);
    epoch_.notify_all();
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
  static constexpr unsigned kPool = 4;  // outputs per thread: how far it may run ahead

  struct Output {
    ChunkOutput chunk;
    unsigned owner = 0;  // lane whose pool it belongs to
    unsigned index = 0;  // its bit in that pool's free_mask
  };
  struct Lane {
    std::vector<std::unique_ptr<Output>> pool;
    std::atomic<std::uint32_t> free_mask{0};  // outputs not published nor being read
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

  // Something another thread may be waiting for changed.
  void Wake() {
    epoch_.fetch_add(1);
    if (sleepers_.load() > 0) epoch_.notify_all();
  }

  // Returns when ready() holds: spins up to ~100 us, then sleeps until a
  // Wake. State changes come before the Wake that announces them, and a
  // sleeper reads the epoch before it tests ready(), so no Wake is lost.
  template <typename Ready>
  void WaitUntil(Ready ready) {
    auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(100);
    for (;;) {
      for (int i = 0; i < 64; ++i) {
        if (ready()) return;
        CpuRelax();
      }
      if (std::chrono::steady_clock::now() >= until) break;
    }
    for (;;) {
      sleepers_.fetch_add(1);
      std::uint32_t e = epoch_.load();
      if (ready()) {
        sleepers_.fetch_sub(1);
        return;
      }
      epoch_.wait(e);
      sleepers_.fetch_sub(1);
    }
  }

  // The next chunk in file order, when its slot is free; false otherwise.
  bool TryClaim(std::uint64_t& chunk) {
    std::uint64_t c = next_claim_.load();
    while (c < info_.chunks && c < taken_.load() + slot_count_) {
      if (next_claim_.compare_exchange_weak(c, c + 1)) {
        chunk = c;
        return true;
      }
    }
    return false;
  }

  // Takes a free output of lane (only its own thread takes from it).
  static Output* TakeFree(Lane& lane) {
    std::uint32_t mask = lane.free_mask.load();
    if (mask == 0) return nullptr;
    unsigned i = static_cast<unsigned>(__builtin_ctz(mask));
    lane.free_mask.fetch_and(~(1u << i));
    return lane.pool[i].get();
  }

  void Publish(std::uint64_t chunk, Output* out) {
    slots_[chunk % slot_count_].store(out, std::memory_order_release);
    Wake();
  }

  // Moves current_ to the next chunk's output, in order; false at the end.
  bool Advance() {
    if (lanes_.empty()) {
      if (delivered_ >= info_.chunks) return false;
      ParseChunk(*inline_worker_, delivered_++, inline_out_);
      current_ = &inline_out_;
      return true;
    }
    if (reading_ != nullptr) {  // hand the chunk just read back to its owner
      lanes_[reading_->owner].free_mask.fetch_or(1u << reading_->index);
      reading_ = nullptr;
      Wake();
    }
    current_ = nullptr;
    if (delivered_ >= info_.chunks) return false;
    std::atomic<Output*>& slot = slots_[delivered_ % slot_count_];
    for (;;) {
      if (Output* out = slot.load(std::memory_order_acquire)) {
        slot.store(nullptr, std::memory_order_relaxed);
        taken_.fetch_add(1);
        Wake();
        reading_ = out;
        current_ = &out->chunk;
        ++delivered_;
        return true;
      }
      // Not there yet: parse the next unclaimed chunk meanwhile (when the
      // chunk needed is unclaimed, that is this one), or wait for it.
      std::uint64_t c;
      if (lanes_[0].free_mask.load() != 0 && TryClaim(c)) {
        Output* out = TakeFree(lanes_[0]);
        ParseChunk(*inline_worker_, c, out->chunk);
        Publish(c, out);
        continue;
      }
      WaitUntil([&] {
        return slot.load(std::memory_order_acquire) != nullptr ||
               (lanes_[0].free_mask.load() != 0 && next_claim_.load() < info_.chunks &&
                next_claim_.load() < taken_.load() + slot_count_);
      });
    }
  }

  // Helper t: takes the next chunk whenever it has a free output and the
  // chunk's slot is free.
  void Work(unsigned t) {
    Worker worker(options_, path_);
    Lane& lane = lanes_[t];
    for (;;) {
      WaitUntil([&] {
        std::uint64_t c = next_claim_.load();
        return stop_.load() || c >= info_.chunks ||
               (lane.free_mask.load() != 0 && c < taken_.load() + slot_count_);
      });
      if (stop_.load() || next_claim_.load() >= info_.chunks) return;
      std::uint64_t c;
      if (!TryClaim(c)) continue;
      Output* out = TakeFree(lane);  // there is one: only this thread takes from its pool
      ParseChunk(worker, c, out->chunk);
      Publish(c, out);
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
  std::uint64_t delivered_ = 0;            // chunks handed to the caller so far

  // More threads; lane 0 is the caller's.
  std::vector<Lane> lanes_;
  std::unique_ptr<std::atomic<Output*>[]> slots_;  // chunk c's output, published, at c % slots
  std::uint64_t slot_count_ = 0;
  std::atomic<std::uint64_t> next_claim_{0};  // chunks claimed so far (in order)
  std::atomic<std::uint64_t> taken_{0};       // slots the caller has emptied
  Output* reading_ = nullptr;                 // the output the caller reads
  std::atomic<std::uint32_t> epoch_{0};       // bumped by every Wake
  std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
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
