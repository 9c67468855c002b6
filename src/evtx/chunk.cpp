// File header, chunk header and record framing.
#include "evtx/chunk.h"

#include <charconv>
#include <cstring>

#include "evtx/bytes.h"

namespace shrike::evtx_internal {
namespace {

constexpr char kFileMagic[8] = {'E', 'l', 'f', 'F', 'i', 'l', 'e', '\0'};
constexpr char kChunkMagic[8] = {'E', 'l', 'f', 'C', 'h', 'n', 'k', '\0'};
constexpr std::uint32_t kRecordMagic = 0x00002a2a;
constexpr std::uint32_t kMinRecord = 28;
constexpr std::uint32_t kFlagDirty = 1;

bool AllZero(const std::uint8_t* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

}  // namespace

bool IsEvtxMagic(const std::uint8_t* data, std::uint64_t size) {
  return size >= 8 && std::memcmp(data, kFileMagic, 8) == 0;
}

Result<EvtxFileInfo> ParseFileHeader(const std::uint8_t* data, std::uint64_t size,
                                     const std::string& path, Diagnostics& diags) {
  Location where;
  where.file = path;
  where.has_offset = true;
  if (!IsEvtxMagic(data, size)) return Error(ErrorCode::kParse, "not an EVTX file", where);
  if (size < 128) return Error(ErrorCode::kParse, "truncated EVTX file header", where);
  EvtxFileInfo info;
  info.size = size;
  info.minor_version = U16(data + 36);
  info.major_version = U16(data + 38);
  info.dirty = (U32(data + 120) & kFlagDirty) != 0;
  info.chunks =
      size <= kFileHeaderSize ? 0 : (size - kFileHeaderSize + kChunkSize - 1) / kChunkSize;
  if (info.major_version != 3 || info.minor_version > 2) {
    diags.Warn(Error(ErrorCode::kUnsupported,
                     "EVTX version " + std::to_string(info.major_version) + "." +
                         std::to_string(info.minor_version) + " (reading as 3.x)",
                     where));
  }
  if (Crc32(data, 120) != U32(data + 124) && !info.dirty) {
    diags.Warn(Error(ErrorCode::kParse, "file header checksum mismatch", where));
  }
  return info;
}

void ChunkWorker::Warn(ChunkOutput& out, const Place& at, std::uint32_t pos, std::string message,
                       std::uint64_t record_id) {
  if (out.warnings.size() > kMaxWarningsPerChunk) return;
  Location where;
  where.file = path_;
  where.offset = at.base + pos;
  where.has_offset = true;
  where.record = "chunk " + std::to_string(at.index);
  if (record_id != 0) where.record += " record " + std::to_string(record_id);
  if (out.warnings.size() == kMaxWarningsPerChunk) {
    message = "more problems in this chunk; not shown";
  }
  out.warnings.emplace_back(ErrorCode::kParse, std::move(message), std::move(where));
}

bool ChunkWorker::CheckHeader(const std::uint8_t* data, std::uint32_t size, const Place& at,
                              ChunkOutput& out, std::uint32_t& limit) {
  if (size < kChunkHeaderSize) {
    Ensure(size);
    if (!AllZero(data, size)) Warn(out, at, 0, "truncated chunk header");
    return false;
  }
  Ensure(kChunkHeaderSize);
  if (std::memcmp(data, kChunkMagic, 8) != 0) {
    if (!AllZero(data, kChunkHeaderSize)) Warn(out, at, 0, "bad chunk signature; chunk skipped");
    return false;
  }
  std::uint32_t free_offset = U32(data + 48);
  limit = free_offset >= kChunkHeaderSize && free_offset <= size ? free_offset : size;
  Ensure(limit);
  if (free_offset > size) {
    Warn(out, at, 48,
         size < kChunkSize ? "truncated chunk" : "chunk free-space offset out of range");
  }
  if (!options_.verify_checksums) return true;
  std::uint32_t crc = Crc32(data, 120);
  crc = Crc32(data + 128, kChunkHeaderSize - 128, crc);
  if (crc != U32(data + 124)) Warn(out, at, 124, "chunk header checksum mismatch");
  if (limit == free_offset &&
      Crc32(data + kChunkHeaderSize, limit - kChunkHeaderSize) != U32(data + 52)) {
    Warn(out, at, 52, "chunk record data checksum mismatch");
  }
  return true;
}

void ChunkWorker::Parse(const std::uint8_t* data, std::uint32_t size, std::uint64_t base,
                        std::uint64_t index, ChunkOutput& out, ChunkFill* fill) {
  out.Reset();
  fill_ = fill;
  Place at{base, index};
  std::uint32_t limit = 0;
  if (!CheckHeader(data, size, at, out, limit)) return;
  ChunkParser& parser = parser_;
  parser.Reset(data, size, fill);
  std::uint32_t end = Records(parser, data, kChunkHeaderSize, limit, at, false, out);
  end = Unrecorded(parser, data, end, size, at, out);
  if (options_.carve && end < size) {
    Ensure(size);
    Records(parser, data, end, size, at, true, out);
  }
  fill_ = nullptr;
}

// A file that was not closed cleanly can hold records written after the chunk
// header was last updated: they follow the last record with the next ids.
std::uint32_t ChunkWorker::Unrecorded(ChunkParser& parser, const std::uint8_t* data,
                                      std::uint32_t pos, std::uint32_t size, const Place& at,
                                      ChunkOutput& out) {
  bool warned = false;
  if (out.count == 0 || pos + 24 > size) return pos;
  Ensure(pos + 24);
  if (U32(data + pos) != kRecordMagic) return pos;  // the usual end: nothing unrecorded
  Ensure(size);
  while (out.count > 0 && pos + 24 <= size) {
    std::uint32_t record = U32(data + pos + 4);
    bool framed = U32(data + pos) == kRecordMagic && record >= kMinRecord && record <= size - pos &&
                  U32(data + pos + record - 4) == record;
    if (!framed || U64(data + pos + 8) != out.records[out.count - 1].record_id + 1) break;
    if (!warned)
      Warn(out, at, pos, "records past the chunk's free-space offset (file not closed cleanly?)");
    warned = true;
    Record(parser, data, pos, record, at, false, out);
    pos += record;
  }
  return pos;
}

// Reads records in [begin, limit); on a bad frame looks for the next record
// signature (8-byte aligned, as records are). Returns where it stopped.
std::uint32_t ChunkWorker::Records(ChunkParser& parser, const std::uint8_t* data,
                                   std::uint32_t begin, std::uint32_t limit, const Place& at,
                                   bool carving, ChunkOutput& out) {
  std::uint32_t pos = begin;
  bool lost = false;
  while (pos + 24 <= limit) {
    std::uint32_t size = U32(data + pos + 4);
    bool framed = U32(data + pos) == kRecordMagic && size >= kMinRecord && size <= limit - pos &&
                  U32(data + pos + size - 4) == size;
    if (!framed) {
      if (!carving && !lost) Warn(out, at, pos, "bad record header; looking for the next record");
      lost = true;
      pos = (pos + 8) & ~7u;
      continue;
    }
    lost = false;
    Record(parser, data, pos, size, at, carving, out);
    pos += size;
  }
  return pos;
}

bool ChunkWorker::Record(ChunkParser& parser, const std::uint8_t* data, std::uint32_t pos,
                         std::uint32_t size, const Place& at, bool carved, ChunkOutput& out) {
  std::uint64_t id = U64(data + pos + 8);
  if (options_.format == EvtxFormat::kEvent) {
    if (out.count == out.records.size()) out.records.emplace_back();
    Event& e = out.records[out.count].event;
    e.timestamp = kNoTime;
    if (parser.ParseEvent(pos + 24, pos + size - 4, e, scratch_, slots_)) {
      FinishEvent(data, pos, at, carved, id, out.records[out.count++]);
      return true;
    }
  }
  Status s = parser.ParseRecord(pos + 24, pos + size - 4, doc_);
  if (!s.ok() || doc_.root() == -1) {
    ++out.bad;
    if (!carved) {
      std::uint32_t where = s.ok() ? pos : static_cast<std::uint32_t>(s.error().where().offset);
      Warn(out, at, where, s.ok() ? "record has no XML content" : s.error().message(), id);
    }
    return false;
  }
  if (out.count == out.records.size()) out.records.emplace_back();
  EvtxRecord& r = out.records[out.count++];
  r.text.clear();
  switch (options_.format) {
    case EvtxFormat::kJson: json_.Render(doc_, r.text); break;
    case EvtxFormat::kXml: RenderXml(doc_, r.text); break;
    case EvtxFormat::kEvent:
      r.event.timestamp = kNoTime;  // not Clear()ed: BuildEventFields reuses its field strings
      BuildEventFields(doc_, r.event, scratch_, slots_);
      break;
  }
  FinishEvent(data, pos, at, carved, id, r);
  return true;
}

// The record's place, and for kEvent what the fields do not say.
void ChunkWorker::FinishEvent(const std::uint8_t* data, std::uint32_t pos, const Place& at,
                              bool carved, std::uint64_t id, EvtxRecord& r) {
  r.record_id = id;
  r.offset = at.base + pos;
  r.chunk = at.index;
  r.carved = carved;
  if (options_.format != EvtxFormat::kEvent) return;
  r.text.clear();
  Event& e = r.event;
  e.kind = SourceKind::kEvtx;
  e.dialect = "evtx";
  e.offset = r.offset;
  e.line = id;
  // The System/EventRecordID survives export; the record header's id is
  // renumbered by tools that copy records into a new file.
  std::string_view rid = e.Get("EventRecordID");
  std::uint64_t parsed = 0;
  if (!rid.empty() &&
      std::from_chars(rid.data(), rid.data() + rid.size(), parsed).ec == std::errc()) {
    e.line = parsed;
  }
  if (e.timestamp == kNoTime) {
    e.timestamp = static_cast<UnixTime>(U64(data + pos + 16) / 10000000) - 11644473600LL;
  }
}

}  // namespace shrike::evtx_internal
