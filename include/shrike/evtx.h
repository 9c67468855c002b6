// EVTX: Windows XML event logs (Security, System, Sysmon, ...) read natively.
//
// EvtxReader reads a file's 64 KiB chunks (each into its thread's own
// buffer, only as far as the chunk is used; slack space only when carving or
// when asked for), parses each record's Binary XML (templates cached per
// chunk, instantiated without re-parsing, and kept from chunk to chunk by
// content, names resolved; as Events, records that are one template
// instance are filled straight from a field plan compiled once per template
// content, without building the XML tree) and hands records back in file
// order as an Event, a JSON line (the shape of the Rust `evtx` crate's JSON)
// or XML. Chunks are independent: with threads > 1 the caller's thread and
// threads - 1 helpers each take the next chunk in file order whenever they
// are free, and the caller reads them in order.
//
// Event fields (flat, the names Sigma rules use):
//   System: Provider_Name, Provider_Guid, Provider_EventSourceName, EventID,
//     EventID_Qualifiers, Version, Level, Task, Opcode, Keywords,
//     TimeCreated_SystemTime, EventRecordID, Correlation_ActivityID,
//     Correlation_RelatedActivityID, Execution_ProcessID, Execution_ThreadID,
//     Channel, Computer, Security_UserID (those present);
//   EventData: <Data Name="X">v</Data> -> X; unnamed <Data> -> Data (one
//     entry each); <Binary> -> Binary (hex);
//   UserData: each leaf element under UserData's root by its name, leaf
//     attributes as <Element>_<Attribute>.
// Values are text as the crate renders them in JSON (integers decimal, hex
// integers "0x..", GUIDs upper-case without braces, SIDs "S-1-..", times
// "2019-03-19T23:34:25.285918Z"); an array value gives one entry per element.
//
// Bad input (dirty files, bad checksums, truncated chunks, corrupt records):
// what can be read is returned, each problem is a warning naming the file,
// chunk, record and offset; work and memory are bounded per chunk.
//
// Thread-safety: an EvtxReader is used by one thread; it owns its workers.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/event.h"
#include "shrike/result.h"

namespace shrike {

enum class EvtxFormat : std::uint8_t {
  kEvent,  // EvtxRecord::event
  kJson,   // EvtxRecord::text: one JSON object, no newline
  kXml,    // EvtxRecord::text: indented XML ending in a newline
};

struct EvtxOptions {
  EvtxFormat format = EvtxFormat::kEvent;
  unsigned threads = 1;          // chunk parsers; 0 = one per core
  bool carve = false;            // also recover records from chunk slack space
  bool verify_checksums = true;  // warn on header and record-data CRC mismatches
};

struct EvtxRecord {
  std::uint64_t record_id = 0;
  std::uint64_t offset = 0;  // file offset of the record header
  std::uint64_t chunk = 0;   // 0-based chunk index
  bool carved = false;       // found in slack space
  std::string text;          // kJson / kXml
  Event event;               // kEvent
};

struct EvtxFileInfo {
  std::uint16_t major_version = 0, minor_version = 0;
  std::uint64_t chunks = 0;  // chunk slots present in the file
  bool dirty = false;        // not closed cleanly
  std::uint64_t size = 0;    // file size in bytes
};

// True when head starts with the EVTX file magic "ElfFile\0".
bool IsEvtx(std::string_view head);

class EvtxReader {
 public:
  // Opens a file; an error when it cannot be read or is not EVTX. The file
  // is read as records are asked for (read errors are warnings).
  static Result<std::unique_ptr<EvtxReader>> Open(const std::string& path,
                                                  const EvtxOptions& options);
  // Reads from bytes in memory (tests, fuzzing); name is used in messages.
  static Result<std::unique_ptr<EvtxReader>> FromBytes(std::string bytes, std::string name,
                                                       const EvtxOptions& options);
  ~EvtxReader();
  EvtxReader(const EvtxReader&) = delete;
  EvtxReader& operator=(const EvtxReader&) = delete;

  // The next record in file order; false at the end. File header warnings
  // come with the first call, those of each chunk before its records.
  bool Next(EvtxRecord& record, Diagnostics& diags);
  const EvtxFileInfo& info() const;
  // Records returned and records that could not be parsed, so far.
  std::uint64_t records() const;
  std::uint64_t bad_records() const;

  class Impl;

 private:
  explicit EvtxReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Calls on_record for every record of path in order; warnings go to diags.
Status ReadEvtx(const std::string& path, const EvtxOptions& options,
                const std::function<void(const EvtxRecord&)>& on_record, Diagnostics& diags);

// `shrike evtx dump`: writes each record of path to out, JSON lines or XML.
Status DumpEvtx(const std::string& path, const EvtxOptions& options, std::FILE* out,
                Diagnostics& diags);

}  // namespace shrike
