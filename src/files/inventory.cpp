#include "files/inventory.h"

#include <chrono>
#include <string_view>
#include <utility>

namespace shrike::files {
namespace {

// Rows per transaction: large enough that commits are rare, small enough
// that a crash loses little.
constexpr std::size_t kBatchRows = 4096;
constexpr std::size_t kQueueRows = 16384;
constexpr int kBusyTimeoutMs = 30000;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
  host TEXT NOT NULL,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  inode INTEGER NOT NULL,
  md5 TEXT,
  sha1 TEXT,
  sha256 TEXT,
  fields TEXT,
  swept_at INTEGER NOT NULL,
  PRIMARY KEY (host, path)) WITHOUT ROWID;
)sql";

constexpr const char* kInsert =
    "INSERT OR REPLACE INTO files(host, path, size, mtime_ns, inode, md5, sha1, sha256, fields, "
    "swept_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kColumns = "path, size, mtime_ns, inode, md5, sha1, sha256, fields";

Error SqlError(sqlite3* db, const std::string& path, const std::string& what) {
  Location where;
  where.file = path;
  return Error(ErrorCode::kIo, what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"), where);
}

Result<StmtPtr> Prepare(sqlite3* db, const std::string& path, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
      SQLITE_OK)
    return SqlError(db, path, "cannot prepare inventory query");
  return StmtPtr(stmt);
}

Status Exec(sqlite3* db, const std::string& path, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    return SqlError(db, path, "inventory");
  return Ok();
}

// The schema version stored in meta, or -1 when there is none.
Result<int> StoredVersion(sqlite3* db, const std::string& path) {
  SHRIKE_TRY(StmtPtr stmt, Prepare(db, path, "SELECT value FROM meta WHERE key='schema_version'"));
  int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_DONE) return -1;
  if (rc != SQLITE_ROW) return SqlError(db, path, "cannot read the inventory's schema version");
  return sqlite3_column_int(stmt.get(), 0);
}

Status CheckVersion(sqlite3* db, const std::string& path) {
  SHRIKE_TRY(int version, StoredVersion(db, path));
  if (version == kInventorySchemaVersion) return Ok();
  Location where;
  where.file = path;
  return Error(ErrorCode::kUnsupported,
               "inventory schema version " + std::to_string(version) + ", this shrike reads " +
                   std::to_string(kInventorySchemaVersion),
               where);
}

Status SetUp(sqlite3* db, const std::string& path) {
  SHRIKE_RETURN_IF_ERROR(Exec(db, path, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"));
  SHRIKE_RETURN_IF_ERROR(Exec(db, path, kSchema));
  SHRIKE_TRY(int version, StoredVersion(db, path));
  if (version >= 0) return CheckVersion(db, path);
  std::string insert = "INSERT INTO meta(key, value) VALUES ('schema_version', '" +
                       std::to_string(kInventorySchemaVersion) + "')";
  return Exec(db, path, insert.c_str());
}

std::string_view ColumnText(sqlite3_stmt* stmt, int col) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
  if (!text) return {};
  return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, col))};
}

void Bind(sqlite3_stmt* stmt, int col, std::string_view text) {
  if (text.empty()) {
    sqlite3_bind_null(stmt, col);
  } else {
    sqlite3_bind_text(stmt, col, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
}

// Reads the columns of kColumns starting at `first` into a row (host is the
// caller's). Fields that cannot be decoded are dropped with an error.
Status ReadRow(sqlite3_stmt* stmt, int first, InventoryRow& row) {
  row.path = std::string(ColumnText(stmt, first));
  row.size = static_cast<std::uint64_t>(sqlite3_column_int64(stmt, first + 1));
  row.mtime_ns = sqlite3_column_int64(stmt, first + 2);
  row.inode = static_cast<std::uint64_t>(sqlite3_column_int64(stmt, first + 3));
  row.fields.clear();
  // sha256 first: the digest findings name first (as the digest analyser).
  for (int i : {2, 1, 0}) {
    std::string_view hex = ColumnText(stmt, first + 4 + i);
    if (!hex.empty()) row.fields.emplace_back(std::string(kDigestColumns[i]), std::string(hex));
  }
  return DecodeFields(ColumnText(stmt, first + 7), row.fields);
}

}  // namespace

Result<SqlitePtr> OpenInventory(const std::string& path, bool writable) {
  int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  SqlitePtr db(raw);
  if (rc != SQLITE_OK) return SqlError(db.get(), path, "cannot open inventory");
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  Status ready = writable ? SetUp(db.get(), path) : CheckVersion(db.get(), path);
  if (!ready.ok()) return ready.error();
  return db;
}

// ---- InventoryWriter ------------------------------------------------------

InventoryWriter::InventoryWriter(std::string path, SqlitePtr db)
    : path_(std::move(path)), db_(std::move(db)), queue_(kQueueRows) {}

Result<std::unique_ptr<InventoryWriter>> InventoryWriter::Start(const std::string& path) {
  SHRIKE_TRY(SqlitePtr db, OpenInventory(path, true));
  std::unique_ptr<InventoryWriter> writer(new InventoryWriter(path, std::move(db)));
  SHRIKE_TRY(writer->insert_, Prepare(writer->db_.get(), path, kInsert));
  writer->swept_at_ = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  writer->thread_ = std::thread([w = writer.get()] { w->Run(); });
  return writer;
}

InventoryWriter::~InventoryWriter() { (void)Finish(); }

void InventoryWriter::Add(std::vector<InventoryRow>& rows) {
  if (!rows.empty()) queue_.PushAll(rows);
}

Status InventoryWriter::Finish() {
  if (!finished_) {
    finished_ = true;
    queue_.Close();
    if (thread_.joinable()) thread_.join();
  }
  return status_;
}

void InventoryWriter::Run() {
  std::vector<InventoryRow> batch;
  while (queue_.PopAll(batch, kBatchRows)) {
    if (status_.ok()) {
      Status written = WriteBatch(batch);
      if (!written.ok()) status_ = written;
    }
    batch.clear();
  }
}

Status InventoryWriter::WriteBatch(std::vector<InventoryRow>& batch) {
  sqlite3* db = db_.get();
  sqlite3_stmt* insert = insert_.get();
  SHRIKE_RETURN_IF_ERROR(Exec(db, path_, "BEGIN IMMEDIATE"));
  for (const InventoryRow& row : batch) {
    std::string_view digests[std::size(kDigestColumns)];
    for (const auto& [key, value] : row.fields) {
      int col = DigestColumn(key);
      if (col >= 0) digests[col] = value;
    }
    std::string fields = EncodeFields(row.fields);
    Bind(insert, 1, row.host);
    Bind(insert, 2, row.path);
    sqlite3_bind_int64(insert, 3, static_cast<sqlite3_int64>(row.size));
    sqlite3_bind_int64(insert, 4, row.mtime_ns);
    sqlite3_bind_int64(insert, 5, static_cast<sqlite3_int64>(row.inode));
    for (int i = 0; i < 3; ++i) Bind(insert, 6 + i, digests[i]);
    Bind(insert, 9, fields);
    sqlite3_bind_int64(insert, 10, swept_at_);
    int rc = sqlite3_step(insert);
    sqlite3_reset(insert);
    if (rc != SQLITE_DONE) {
      Error error = SqlError(db, path_, "cannot write inventory row");
      (void)Exec(db, path_, "ROLLBACK");
      return error;
    }
  }
  return Exec(db, path_, "COMMIT");
}

// ---- InventoryReader ------------------------------------------------------

Result<std::unique_ptr<InventoryReader>> InventoryReader::Open(const std::string& path) {
  SHRIKE_TRY(SqlitePtr db, OpenInventory(path, false));
  std::unique_ptr<InventoryReader> reader(new InventoryReader(std::move(db)));
  std::string cols = kColumns;
  SHRIKE_TRY(reader->find_, Prepare(reader->db_.get(), path,
                                    "SELECT " + cols + " FROM files WHERE host=?1 AND path=?2"));
  SHRIKE_TRY(reader->under_,
             Prepare(reader->db_.get(), path,
                     "SELECT " + cols + " FROM files WHERE host=?1 AND path>=?2 AND path<?3"));
  return reader;
}

std::optional<InventoryRow> InventoryReader::Find(const std::string& host,
                                                  const std::string& path) {
  sqlite3_stmt* stmt = find_.get();
  Bind(stmt, 1, host);
  Bind(stmt, 2, path);
  std::optional<InventoryRow> row;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    row.emplace();
    row->host = host;
    if (!ReadRow(stmt, 0, *row).ok()) row.reset();  // undecodable: read the file again
  }
  sqlite3_reset(stmt);
  return row;
}

std::vector<InventoryRow> InventoryReader::FindUnder(const std::string& host,
                                                     const std::string& prefix) {
  std::vector<InventoryRow> rows;
  if (prefix.empty() || static_cast<unsigned char>(prefix.back()) == 0xff) return rows;
  std::string end = prefix;
  end.back() = static_cast<char>(end.back() + 1);
  sqlite3_stmt* stmt = under_.get();
  Bind(stmt, 1, host);
  Bind(stmt, 2, prefix);
  Bind(stmt, 3, end);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    InventoryRow row;
    row.host = host;
    if (ReadRow(stmt, 0, row).ok()) rows.push_back(std::move(row));
  }
  sqlite3_reset(stmt);
  return rows;
}

// ---- streaming --------------------------------------------------------------

Status ForEachInventoryRow(const std::string& path, const std::function<void(InventoryRow&)>& fn,
                           const std::function<void(const Error&)>& on_warning) {
  SHRIKE_TRY(SqlitePtr db, OpenInventory(path, false));
  SHRIKE_TRY(StmtPtr stmt,
             Prepare(db.get(), path, std::string("SELECT host, ") + kColumns + " FROM files"));
  InventoryRow row;
  std::uint64_t record = 0;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    ++record;
    row.host = std::string(ColumnText(stmt.get(), 0));
    Status read = ReadRow(stmt.get(), 1, row);
    if (!read.ok() && on_warning) {
      Error e = read.error();
      e.where().file = path;
      e.where().record = row.host + ":" + row.path;
      on_warning(e);
    }
    fn(row);
  }
  if (rc != SQLITE_DONE) return SqlError(db.get(), path, "cannot read inventory");
  return Ok();
}

}  // namespace shrike::files
