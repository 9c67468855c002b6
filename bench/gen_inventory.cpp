// Writes a synthetic sweep inventory of N rows (direct SQLite inserts in one
// transaction, the schema of src/files/inventory.h) and an intel CSV whose
// indicators hit a known number of rows, for bench/inventory_bench.sh.
//
// Usage: gen_inventory ROWS INVENTORY.db INTEL.csv
// Rows: 100 hosts; paths /home/userN/dir/fileM.ext; random MD5/SHA-1/SHA-256;
// one row in ten carries PE fields in the JSON column. Intel: 1,000 SHA-256,
// 1,000 MD5 and 100 SHA-1 indicators of which every tenth is a planted row's
// digest, and 50 file names (10 planted).
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "files/inventory.h"
#include "indicator_gen.h"

namespace {

using shrike::bench::RandomHex;
using shrike::bench::Rng;

bool Exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK) return true;
  std::fprintf(stderr, "gen_inventory: %s\n", sqlite3_errmsg(db));
  return false;
}

void BindText(sqlite3_stmt* stmt, int col, const std::string& text) {
  sqlite3_bind_text(stmt, col, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: gen_inventory ROWS INVENTORY.db INTEL.csv\n");
    return 2;
  }
  const long rows = std::atol(argv[1]);
  std::remove(argv[2]);
  auto db = shrike::files::OpenInventory(argv[2], true);
  if (!db.ok()) {
    std::fprintf(stderr, "gen_inventory: %s\n", db.error().ToString().c_str());
    return 2;
  }
  sqlite3* raw = db->get();
  Exec(raw, "PRAGMA synchronous=OFF");
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(raw,
                     "INSERT OR REPLACE INTO files(host, path, size, mtime_ns, inode, md5, sha1, "
                     "sha256, fields, swept_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                     -1, &stmt, nullptr);
  std::vector<std::string> md5s, sha1s, sha256s, names;
  Rng rng(20200901);
  static const char* kExt[] = {".exe", ".dll", ".txt", ".jpg", ".docx", ".sys", ".log"};
  Exec(raw, "BEGIN");
  for (long i = 0; i < rows; ++i) {
    std::string host = "ws-" + std::to_string(i % 100);
    std::string name = "file" + std::to_string(i) + kExt[i % 7];
    std::string path =
        "/home/user" + std::to_string(i % 37) + "/dir" + std::to_string(i % 1000) + "/" + name;
    std::string md5 = RandomHex(rng, 32), sha1 = RandomHex(rng, 40), sha256 = RandomHex(rng, 64);
    if (i % 9973 == 0 && md5s.size() < 100) {
      md5s.push_back(md5);
      sha1s.push_back(sha1);
      sha256s.push_back(sha256);
      names.push_back(name);
    }
    BindText(stmt, 1, host);
    BindText(stmt, 2, path);
    sqlite3_bind_int64(stmt, 3, 1000 + i % 100000);
    sqlite3_bind_int64(stmt, 4, (1567476847LL + i) * 1000000000LL);
    sqlite3_bind_int64(stmt, 5, 100000 + i);
    BindText(stmt, 6, md5);
    BindText(stmt, 7, sha1);
    BindText(stmt, 8, sha256);
    if (i % 10 == 0) {
      BindText(stmt, 9,
               "{\"file.pe.original_file_name\":\"" + name +
                   "\",\"file.pe.company_name\":\"Example Corp\"}");
    } else {
      sqlite3_bind_null(stmt, 9);
    }
    sqlite3_bind_int64(stmt, 10, 1700000000);
    if (sqlite3_step(stmt) != SQLITE_DONE) return Exec(raw, "SELECT no_such_thing") ? 0 : 2;
    sqlite3_reset(stmt);
  }
  Exec(raw, "COMMIT");
  sqlite3_finalize(stmt);
  std::FILE* csv = std::fopen(argv[3], "w");
  if (!csv) return 2;
  std::fprintf(csv, "type,value\n");
  Rng other(7);
  for (int i = 0; i < 1000; ++i) {
    bool planted = i % 10 == 0 && static_cast<std::size_t>(i / 10) < sha256s.size();
    std::fprintf(csv, "sha256,%s\n",
                 planted ? sha256s[i / 10].c_str() : RandomHex(other, 64).c_str());
    std::fprintf(csv, "md5,%s\n", planted ? md5s[i / 10].c_str() : RandomHex(other, 32).c_str());
  }
  for (int i = 0; i < 100; ++i) {
    bool planted = i % 10 == 0 && static_cast<std::size_t>(i) < sha1s.size();
    std::fprintf(csv, "sha1,%s\n", planted ? sha1s[i].c_str() : RandomHex(other, 40).c_str());
  }
  for (int i = 0; i < 50; ++i) {
    bool planted = i % 5 == 0 && static_cast<std::size_t>(i) < names.size();
    std::fprintf(csv, "filename,%s\n",
                 planted ? names[i].c_str() : ("nothing" + std::to_string(i) + ".exe").c_str());
  }
  std::fclose(csv);
  std::fprintf(stderr, "gen_inventory: %ld rows in %s; intel in %s\n", rows, argv[2], argv[3]);
  return 0;
}
