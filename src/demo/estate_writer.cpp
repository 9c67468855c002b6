#include "demo/estate_writer.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace shrike::demo_internal {
namespace {

Error IoError(const std::string& path, const std::string& what) {
  Location where;
  where.file = path;
  return Error(ErrorCode::kIo, what, where);
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

Status MakeParent(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return IoError(path, "cannot create folder: " + ec.message());
  return Ok();
}

Status SetMtime(const std::string& path, UnixTime mtime) {
  struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
  if (utimensat(AT_FDCWD, path.c_str(), times, 0) != 0) {
    return IoError(path, std::string("cannot set mtime: ") + std::strerror(errno));
  }
  return Ok();
}

}  // namespace

Status WriteOutputFile(const std::string& path, std::string_view content, UnixTime mtime) {
  SHRIKE_RETURN_IF_ERROR(MakeParent(path));
  {
    FilePtr f(std::fopen(path.c_str(), "wb"));
    if (!f) return IoError(path, std::string("cannot write: ") + std::strerror(errno));
    if (!content.empty() &&
        std::fwrite(content.data(), 1, content.size(), f.get()) != content.size()) {
      return IoError(path, std::string("write failed: ") + std::strerror(errno));
    }
    if (std::fclose(f.release()) != 0) return IoError(path, "write failed on close");
  }
  return mtime == kNoTime ? Ok() : SetMtime(path, mtime);
}

void EstateWriter::SetLogFrame(const std::string& path, std::string header, std::string footer) {
  Log& log = logs_[path];
  log.header = std::move(header);
  log.footer = std::move(footer);
}

void EstateWriter::AddRecord(const std::string& path, UnixTime millis, std::string line) {
  logs_[path].records.emplace_back(millis, std::move(line));
}

void EstateWriter::AddFile(const std::string& path, std::string content, UnixTime mtime) {
  files_[path] = File{std::move(content), mtime};
}

Status EstateWriter::WriteLog(const std::string& path, Log& log) {
  std::stable_sort(log.records.begin(), log.records.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string full = out_dir_ + "/" + path;
  SHRIKE_RETURN_IF_ERROR(MakeParent(full));
  FilePtr f(std::fopen(full.c_str(), "wb"));
  if (!f) return IoError(full, std::string("cannot write: ") + std::strerror(errno));
  bool ok = std::fputs(log.header.c_str(), f.get()) >= 0;
  for (const auto& [time, line] : log.records) {
    ok = ok && std::fwrite(line.data(), 1, line.size(), f.get()) == line.size() &&
         std::fputc('\n', f.get()) != EOF;
  }
  ok = ok && std::fputs(log.footer.c_str(), f.get()) >= 0;
  if (std::fclose(f.release()) != 0 || !ok) return IoError(full, "write failed");
  // The log's mtime is its last record, as on a collected system.
  UnixTime last = log.records.empty() ? kNoTime : log.records.back().first / 1000;
  return last == kNoTime ? Ok() : SetMtime(full, last);
}

Status EstateWriter::Flush(std::uint64_t& files, std::uint64_t& records) {
  for (auto& [path, file] : files_) {
    SHRIKE_RETURN_IF_ERROR(WriteOutputFile(out_dir_ + "/" + path, file.content, file.mtime));
    ++files;
  }
  for (auto& [path, log] : logs_) {
    SHRIKE_RETURN_IF_ERROR(WriteLog(path, log));
    records += log.records.size();
    ++files;
  }
  files_.clear();
  logs_.clear();
  return Ok();
}

}  // namespace shrike::demo_internal
