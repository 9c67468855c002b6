// The sweep inventory: what is recorded, reuse of unchanged files on a
// second sweep, `shrike match` giving the sweep's findings without the
// disk, and bad inventories.
#include "shrike/inventory.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "files/inventory.h"
#include "files/inventory_fields.h"
#include "sweep_fixture.h"
#include "test_util.h"

namespace shrike {
namespace {

using namespace sweep_testing;

const std::string kEvil = "MZ evil payload of the inventory test";
const std::string kLater = "a file only later intel knows";

struct Tree {
  TempDir dir;
  fs::path db;
  Tree() {
    WriteFile(dir.path() / "t/evil.exe", kEvil);
    WriteFile(dir.path() / "t/sub/renamed.bin", kEvil);
    WriteFile(dir.path() / "t/later.dll", kLater);
    WriteFile(dir.path() / "t/a.zip", MakeArchive("zip", {}, {{"in/later.dll", kLater}}));
    db = dir.path() / "inv.db";
  }
  fs::path root() const { return dir.path() / "t"; }
  SweepOptions Options() const {
    SweepOptions o;
    o.inventory = db.string();
    o.host = "ws-eng-014";
    return o;
  }
};

// Rows as SQLite holds them: path -> "size inode md5 sha1 sha256".
std::map<std::string, std::vector<std::string>> Rows(const fs::path& db, const fs::path& root) {
  std::map<std::string, std::vector<std::string>> rows;
  auto opened = files::OpenInventory(db.string(), false);
  EXPECT_TRUE(opened.ok()) << opened.error().ToString();
  if (!opened.ok()) return rows;
  sqlite3_stmt* raw = nullptr;
  sqlite3_prepare_v2(opened->get(),
                     "SELECT host, path, size, inode, md5, sha1, sha256, mtime_ns FROM files", -1,
                     &raw, nullptr);
  files::StmtPtr stmt(raw);
  while (sqlite3_step(raw) == SQLITE_ROW) {
    std::vector<std::string> cols;
    for (int i = 0; i < 8; ++i) {
      const unsigned char* text = sqlite3_column_text(raw, i);
      cols.push_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows[fs::path(cols[1]).lexically_relative(root).string()] = cols;
  }
  return rows;
}

TEST(Inventory, RecordsEveryFileWithAllThreeDigests) {
  Tree tree;
  IntelSet intel = MakeIntel({{IndicatorType::kSha256, Digest("SHA256", kEvil)}});
  SweepRun run = RunSweep(intel, tree.Options(), tree.root());
  ASSERT_TRUE(run.ok) << Warnings(run.warnings);
  EXPECT_EQ(run.findings.size(), 2u);
  auto rows = Rows(tree.db, tree.root());
  ASSERT_EQ(rows.size(), 5u) << "4 files and 1 archive member";
  const auto& evil = rows["evil.exe"];
  struct stat st {};
  ASSERT_EQ(stat((tree.root() / "evil.exe").c_str(), &st), 0);
  EXPECT_EQ(evil[0], "ws-eng-014");
  EXPECT_EQ(evil[2], std::to_string(kEvil.size()));
  EXPECT_EQ(evil[3], std::to_string(st.st_ino));
  EXPECT_EQ(evil[4], Digest("MD5", kEvil));
  EXPECT_EQ(evil[5], Digest("SHA1", kEvil));
  EXPECT_EQ(evil[6], Digest("SHA256", kEvil));
  EXPECT_EQ(evil[7], std::to_string(st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec));
  const auto& member = rows["a.zip!in/later.dll"];
  EXPECT_EQ(member[3], "0");
  EXPECT_EQ(member[6], Digest("SHA256", kLater));
}

TEST(Inventory, SecondSweepReusesUnchangedFilesAndMatchesNewIntel) {
  Tree tree;
  IntelSet first = MakeIntel({{IndicatorType::kSha256, Digest("SHA256", kEvil)}});
  ASSERT_TRUE(RunSweep(first, tree.Options(), tree.root()).ok);
  // Same size, new content and mtime: must be read again.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  WriteFile(tree.root() / "sub/renamed.bin", std::string(kEvil.size(), 'x'));

  IntelSet later = MakeIntel({{IndicatorType::kMd5, Digest("MD5", kLater)},
                              {IndicatorType::kSha256, Digest("SHA256", kEvil)}});
  SweepRun run = RunSweep(later, tree.Options(), tree.root());
  ASSERT_TRUE(run.ok) << Warnings(run.warnings);
  EXPECT_EQ(run.stats.reused, 3u) << "evil.exe, later.dll, a.zip";
  EXPECT_EQ(run.stats.archive_members, 1u);
  EXPECT_EQ(run.stats.bytes, kEvil.size()) << "only the changed file is read";
  EXPECT_TRUE(run.findings.count("evil.exe"));
  EXPECT_FALSE(run.findings.count("sub/renamed.bin"));
  ASSERT_TRUE(run.findings.count("later.dll")) << "md5 from the inventory";
  EXPECT_EQ(run.findings["later.dll"].matched, std::vector<std::string>{"file.hash.md5"});
  EXPECT_TRUE(run.findings.count("a.zip!in/later.dll")) << "members of a reused archive";
  EXPECT_EQ(Rows(tree.db, tree.root())["sub/renamed.bin"][6],
            Digest("SHA256", std::string(kEvil.size(), 'x')));
}

TEST(Inventory, MatchGivesTheSweepsFindingsWithoutTheDisk) {
  Tree tree;
  IntelSet none = MakeIntel({{IndicatorType::kSha256, std::string(64, '0')}});
  ASSERT_TRUE(RunSweep(none, tree.Options(), tree.root()).ok);
  IntelSet later = MakeIntel(
      {{IndicatorType::kSha1, Digest("SHA1", kLater)}, {IndicatorType::kFilename, "evil.exe"}});
  SweepRun swept = RunSweep(later, {}, tree.root());
  fs::rename(tree.root(), tree.dir.path() / "gone");  // match must not need the files

  std::map<std::string, SeenFinding> matched;
  auto stats = MatchInventory(
      later, tree.db.string(),
      [&](const Finding& f) {
        SeenFinding s = Record(f);
        matched[fs::path(s.fields["file.path"]).lexically_relative(tree.root()).string()] = s;
      },
      [](const Error& e) { ADD_FAILURE() << e.ToString(); });
  ASSERT_TRUE(stats.ok()) << stats.error().ToString();
  EXPECT_EQ(stats->rows, 5u);
  EXPECT_EQ(stats->findings, 3u);
  ASSERT_EQ(matched.size(), swept.findings.size());
  for (const auto& [path, f] : swept.findings) {
    ASSERT_TRUE(matched.count(path)) << path;
    const SeenFinding& m = matched[path];
    EXPECT_EQ(m.host, "ws-eng-014");
    EXPECT_EQ(m.timestamp, f.timestamp) << path;
    EXPECT_EQ(m.severity, f.severity) << path;
    EXPECT_EQ(m.matched, f.matched) << path;
    EXPECT_EQ(m.fields.at("file.name"), f.fields.at("file.name"));
    if (f.fields.count("file.hash.sha1")) {
      EXPECT_EQ(m.fields.at("file.hash.sha1"), f.fields.at("file.hash.sha1"));
    }
  }
}

TEST(Inventory, FieldsRoundTripAndBadRowsAreWarnings) {
  files::FieldList fields = {{"file.hash.sha256", std::string(64, 'a')},
                             {"file.pe.original_file_name", "consock.exe"},
                             {"file.code_signature.subject_name", "Quoted \"name\"\n\t\\"}};
  std::string json = files::EncodeFields(fields);
  EXPECT_EQ(json.find("sha256"), std::string::npos) << "digests have columns";
  files::FieldList back;
  ASSERT_TRUE(files::DecodeFields(json, back).ok());
  EXPECT_EQ(back, files::FieldList(fields.begin() + 1, fields.end()));
  for (std::string bad : {"[1]", "{\"a\":1}", "{", "nope"}) {
    files::FieldList none;
    EXPECT_FALSE(files::DecodeFields(bad, none).ok()) << bad;
    EXPECT_TRUE(none.empty());
  }

  TempDir dir;
  std::string db = (dir.path() / "inv.db").string();
  {
    auto writer = files::InventoryWriter::Start(db);
    ASSERT_TRUE(writer.ok()) << writer.error().ToString();
    std::vector<files::InventoryRow> rows(2);
    rows[0] = {"h", "/x/pe.exe", 10, 1567476847000000000, 7, fields};
    rows[1] = {"h", "/x/bad.exe", 10, 0, 8, {{"file.pe.company_name", "x"}}};
    (*writer)->Add(rows);
    ASSERT_TRUE((*writer)->Finish().ok());
  }
  auto opened = files::OpenInventory(db, true);
  ASSERT_TRUE(opened.ok());
  ASSERT_EQ(sqlite3_exec(opened->get(), "UPDATE files SET fields='{oops' WHERE path='/x/bad.exe'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::vector<std::string> warnings;
  std::vector<files::InventoryRow> seen;
  ASSERT_TRUE(files::ForEachInventoryRow(
                  db, [&](files::InventoryRow& r) { seen.push_back(r); },
                  [&](const Error& e) { warnings.push_back(e.ToString()); })
                  .ok());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].path, "/x/pe.exe");
  EXPECT_EQ(seen[1].fields.size(), 3u) << "PE/signer fields stored without a schema change";
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("h:/x/bad.exe"), std::string::npos) << warnings[0];
}

TEST(Inventory, NotAnInventoryOrAnotherVersionIsAnError) {
  TempDir dir;
  IntelSet intel = MakeIntel({{IndicatorType::kSha256, std::string(64, '0')}});
  fs::path text = dir.path() / "notes.txt";
  WriteFile(text, std::string(4096, 'n'));
  auto stats = MatchInventory(intel, text.string(), nullptr, nullptr);
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.error().where().file, text.string());
  EXPECT_FALSE(MatchInventory(intel, (dir.path() / "missing.db").string(), nullptr, nullptr).ok());

  std::string db = (dir.path() / "old.db").string();
  {
    auto opened = files::OpenInventory(db, true);
    ASSERT_TRUE(opened.ok());
    sqlite3_exec(opened->get(), "UPDATE meta SET value='99' WHERE key='schema_version'", nullptr,
                 nullptr, nullptr);
  }
  stats = MatchInventory(intel, db, nullptr, nullptr);
  ASSERT_FALSE(stats.ok());
  EXPECT_NE(stats.error().message().find("schema version 99"), std::string::npos);
  SweepOptions options;
  options.roots = {dir.path().string()};
  options.inventory = db;
  auto swept = Sweep(intel, options, nullptr, nullptr);
  ASSERT_FALSE(swept.ok()) << "fails before reading anything";
}

TEST(InventoryCli, MatchExitStatusAndFindings) {
  Tree tree;
  std::string root = tree.root().string(), db = tree.db.string();
  fs::path intel = tree.dir.path() / "intel.csv";
  WriteFile(intel, "type,value\nsha256," + Digest("SHA256", kLater) + "\n");
  fs::path none = tree.dir.path() / "none.csv";
  WriteFile(none, "type,value\nsha256," + std::string(64, 'f') + "\n");
  auto r = testing::RunShrike("sweep '" + root + "' --intel '" + none.string() + "' --inventory '" +
                              db + "' --host h1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunShrike("match --inventory '" + db + "' --intel '" + intel.string() + "'");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("\"path\":\"" + root + "/later.dll\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a.zip!in/later.dll"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"name\":\"h1\""), std::string::npos) << r.out;
  r = testing::RunShrike("match --inventory '" + db + "' --intel '" + none.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunShrike("match --inventory '" + intel.string() + "' --intel '" + none.string() +
                         "'");
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

}  // namespace
}  // namespace shrike
