// Collects the estate's files and log records in memory and writes them out:
// log records sorted by time (stable, so equal times keep their order), file
// mtimes set to the planted times. Paths are relative to the output folder.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike::demo_internal {

class EstateWriter {
 public:
  explicit EstateWriter(std::string out_dir) : out_dir_(std::move(out_dir)) {}

  // Header lines written before the records (Zeek's #fields ...), and a
  // footer after them (Zeek's #close).
  void SetLogFrame(const std::string& path, std::string header, std::string footer);
  void AddRecord(const std::string& path, UnixTime millis, std::string line);
  void AddFile(const std::string& path, std::string content, UnixTime mtime);

  // Writes everything; counts what was written.
  Status Flush(std::uint64_t& files, std::uint64_t& records);

 private:
  struct Log {
    std::string header, footer;
    std::vector<std::pair<UnixTime, std::string>> records;
  };
  struct File {
    std::string content;
    UnixTime mtime;
  };
  Status WriteLog(const std::string& path, Log& log);

  std::string out_dir_;
  std::map<std::string, Log> logs_;
  std::map<std::string, File> files_;
};

// Creates parent folders and writes the bytes; sets mtime when not kNoTime.
Status WriteOutputFile(const std::string& path, std::string_view content, UnixTime mtime = kNoTime);

}  // namespace shrike::demo_internal
