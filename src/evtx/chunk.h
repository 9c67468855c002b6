// EVTX file and chunk layout: the 4 KiB file header, 64 KiB chunks with a
// 512-byte header (string and template tables), and the records in them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evtx/binxml.h"
#include "evtx/document.h"
#include "evtx/render.h"
#include "shrike/evtx.h"

namespace shrike::evtx_internal {

inline constexpr std::uint64_t kFileHeaderSize = 4096;
inline constexpr std::uint64_t kChunkSize = 65536;
inline constexpr std::uint32_t kChunkHeaderSize = 512;
inline constexpr std::size_t kMaxWarningsPerChunk = 16;

// Parses the file header; an error when the magic is wrong. Problems that do
// not stop reading (checksum, version) are warned.
Result<EvtxFileInfo> ParseFileHeader(const std::uint8_t* data, std::uint64_t size,
                                     const std::string& path, Diagnostics& diags);

// What one chunk gave. Buffers are reused: only the first `count` records
// are valid.
struct ChunkOutput {
  std::vector<EvtxRecord> records;
  std::size_t count = 0;
  std::uint64_t bad = 0;
  std::vector<Error> warnings;
  void Reset() {
    count = 0;
    bad = 0;
    warnings.clear();
  }
};

// Per-thread scratch state for parsing chunks. A chunk's bytes may be
// filled on demand (ChunkFill, binxml.h): the reader copies the used part of
// each chunk and only reads the slack space after it when asked to (carving,
// records past the free-space offset, references there).
class ChunkWorker {
 public:
  ChunkWorker(const EvtxOptions& options, const std::string& path)
      : options_(options), path_(path) {}
  // Parses the chunk at file offset `base` (size ≤ 64 KiB) into out.
  // fill: null when all of [data, data + size) is readable.
  void Parse(const std::uint8_t* data, std::uint32_t size, std::uint64_t base, std::uint64_t index,
             ChunkOutput& out, ChunkFill* fill = nullptr);
  // Testing: see ChunkParser::set_plan_after and set_cache_templates.
  void set_plan_after(std::uint32_t uses) { parser_.set_plan_after(uses); }
  void set_cache_templates(bool on) { parser_.set_cache_templates(on); }
  std::uint64_t planned_records() const { return parser_.planned_records(); }
  std::uint64_t reused_plans() const { return parser_.reused_plans(); }
  std::uint64_t reused_templates() const { return parser_.reused_templates(); }

 private:
  struct Place {
    std::uint64_t base, index;
  };
  bool CheckHeader(const std::uint8_t* data, std::uint32_t size, const Place& at, ChunkOutput& out,
                   std::uint32_t& limit);
  std::uint32_t Records(ChunkParser& parser, const std::uint8_t* data, std::uint32_t begin,
                        std::uint32_t limit, const Place& at, bool carving, ChunkOutput& out);
  void Ensure(std::uint32_t n) {
    if (fill_ != nullptr) fill_->Ensure(n);
  }
  std::uint32_t Unrecorded(ChunkParser& parser, const std::uint8_t* data, std::uint32_t pos,
                           std::uint32_t size, const Place& at, ChunkOutput& out);
  bool Record(ChunkParser& parser, const std::uint8_t* data, std::uint32_t pos, std::uint32_t size,
              const Place& at, bool carved, ChunkOutput& out);
  void FinishEvent(const std::uint8_t* data, std::uint32_t pos, const Place& at, bool carved,
                   std::uint64_t id, EvtxRecord& r);
  void Warn(ChunkOutput& out, const Place& at, std::uint32_t pos, std::string message,
            std::uint64_t record_id = 0);

  EvtxOptions options_;
  const std::string& path_;
  ChunkParser parser_;
  ChunkFill* fill_ = nullptr;
  Document doc_;
  JsonRenderer json_;
  std::string scratch_;
  FieldSlots slots_;
};

}  // namespace shrike::evtx_internal
