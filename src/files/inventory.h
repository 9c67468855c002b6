// The sweep inventory: one SQLite row per file seen (host, path, size,
// mtime, inode, digests, every other analyser field as JSON), so that a
// second sweep can skip unchanged files and `shrike match` can hunt with new
// intel without reading the disk again.
//
// Schema (version kInventorySchemaVersion, in table meta):
//   files(host, path, size, mtime_ns, inode, md5, sha1, sha256, fields,
//         swept_at)  PRIMARY KEY (host, path), WITHOUT ROWID
// Archive members are rows too, with paths "a.zip!inner/b.exe" and inode 0.
// The database runs in WAL mode: one writer (InventoryWriter, its own
// thread, batched transactions) and any number of readers (one
// InventoryReader per thread).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "files/inventory_fields.h"
#include "files/work_queue.h"
#include "shrike/result.h"

namespace shrike::files {

inline constexpr int kInventorySchemaVersion = 1;

struct InventoryRow {
  std::string host;
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
  FieldList fields;  // digests and analyser fields, as FileReport::fields
};

struct SqliteClose {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalize {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteClose>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

// Opens an inventory. Writable: created when missing, schema set up; read
// only: must exist and hold this schema version.
Result<SqlitePtr> OpenInventory(const std::string& path, bool writable);

// Receives rows from any thread and writes them on its own thread, in
// transactions of up to a few thousand rows. Thread-safe.
class InventoryWriter {
 public:
  // Opens (creating) the inventory; fails when it cannot be written.
  static Result<std::unique_ptr<InventoryWriter>> Start(const std::string& path);
  ~InventoryWriter();  // Finish()es when not done yet
  InventoryWriter(const InventoryWriter&) = delete;
  InventoryWriter& operator=(const InventoryWriter&) = delete;

  // Queues the rows (blocks while the writer is far behind); clears `rows`.
  void Add(std::vector<InventoryRow>& rows);
  // Writes what is queued and stops; the first SQLite error, if any.
  Status Finish();

 private:
  InventoryWriter(std::string path, SqlitePtr db);
  void Run();
  Status WriteBatch(std::vector<InventoryRow>& batch);

  std::string path_;
  SqlitePtr db_;
  StmtPtr insert_;
  std::int64_t swept_at_ = 0;
  WorkQueue<InventoryRow> queue_;
  Status status_;
  std::thread thread_;
  bool finished_ = false;
};

// Point lookups for one thread.
class InventoryReader {
 public:
  static Result<std::unique_ptr<InventoryReader>> Open(const std::string& path);

  // The row of host + path, if any (and decodable).
  std::optional<InventoryRow> Find(const std::string& host, const std::string& path);
  // The rows whose path starts with `prefix` (archive members "a.zip!").
  std::vector<InventoryRow> FindUnder(const std::string& host, const std::string& prefix);

 private:
  explicit InventoryReader(SqlitePtr db) : db_(std::move(db)) {}
  SqlitePtr db_;
  StmtPtr find_, under_;
};

// Streams every row of an inventory in primary-key order. A row whose fields
// cannot be decoded is a warning (the row is still given, without them).
// Fails when the file is not an inventory of this schema version.
Status ForEachInventoryRow(const std::string& path, const std::function<void(InventoryRow&)>& fn,
                           const std::function<void(const Error&)>& on_warning);

}  // namespace shrike::files
