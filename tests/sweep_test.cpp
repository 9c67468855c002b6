// Sweep: trees built in a temp folder, planted files registered as
// indicators, and the CLI end to end.
#include "shrike/sweep.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "files/scanner.h"
#include "files/walker.h"
#include "files/work_queue.h"
#include "shrike/intel_io.h"
#include "sweep_fixture.h"
#include "test_util.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;

using sweep_testing::Digest;
using sweep_testing::TempDir;
using sweep_testing::WriteFile;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

IntelSet MakeIntel(std::vector<std::pair<IndicatorType, std::string>> values, int confidence = -1) {
  auto ctx = std::make_shared<IndicatorContext>();
  ctx->campaign = "Test Campaign";
  ctx->confidence = confidence;
  ctx->source = "test";
  std::vector<Indicator> indicators;
  for (auto& [type, value] : values) {
    Indicator ind;
    ind.type = type;
    ind.value = value;
    ind.context = ctx;
    indicators.push_back(ind);
  }
  return IntelSet::Compile(std::move(indicators));
}

struct Seen {
  std::string path;
  int severity = 0;
  std::string rule_name;
  std::int64_t size = -1;
  std::map<std::string, std::string> fields;
  std::vector<std::string> matched;  // enrichment fields
};

struct SweepOutput {
  SweepStats stats;
  std::map<std::string, Seen> findings;  // by file name relative to the root
  std::vector<std::string> warnings;
};

SweepOptions Threads(int n) {
  SweepOptions o;
  o.threads = n;
  return o;
}
SweepOptions FollowSymlinks() {
  SweepOptions o;
  o.follow_symlinks = true;
  return o;
}
SweepOptions ExcludesAndMaxSize(std::vector<std::string> globs, std::uint64_t max_size) {
  SweepOptions o;
  o.excludes = std::move(globs);
  o.max_size = max_size;
  return o;
}

SweepOutput RunSweep(const IntelSet& intel, SweepOptions options, const fs::path& root) {
  SweepOutput out;
  if (options.roots.empty()) options.roots = {root.string()};
  auto on_finding = [&](const Finding& f) {
    Seen s;
    s.severity = f.severity;
    s.rule_name = f.rule_name;
    for (const auto& [k, v] : f.fields) s.fields[k] = v;
    for (const auto& [k, v] : f.numeric_fields)
      if (k == "file.size") s.size = v;
    for (const Enrichment& e : f.enrichments) s.matched.push_back(e.field);
    s.path = s.fields["file.path"];
    out.findings[fs::path(s.path).lexically_relative(root).string()] = s;
  };
  auto stats = Sweep(intel, options, on_finding,
                     [&](const Error& e) { out.warnings.push_back(e.ToString()); });
  EXPECT_TRUE(stats.ok()) << stats.error().ToString();
  if (stats.ok()) out.stats = *stats;
  return out;
}

TEST(WorkQueue, DeliversEveryItemOnceThroughASmallQueue) {
  files::WorkQueue<int> queue(8);
  std::atomic<long> sum{0};
  std::atomic<int> count{0};
  std::vector<std::thread> consumers;
  for (int i = 0; i < 3; ++i) {
    consumers.emplace_back([&] {
      while (std::optional<int> item = queue.Pop()) {
        sum += *item;
        ++count;
      }
    });
  }
  std::vector<int> batch;
  for (int i = 1; i <= 10000; ++i) {
    if (i % 3 == 0) {
      queue.Push(i);
    } else {
      batch.push_back(i);
      if (batch.size() == 5) queue.PushAll(batch);
    }
  }
  queue.PushAll(batch);
  queue.Close();
  for (std::thread& t : consumers) t.join();
  EXPECT_EQ(count.load(), 10000);
  EXPECT_EQ(sum.load(), 10000L * 10001 / 2);
}

TEST(Sweep, FindsPlantedFilesByDigestAndNotNearMisses) {
  TempDir dir;
  std::string evil = "MZ\x90\x00 planted payload";
  std::string other = "second payload, registered by md5";
  std::string near = evil;
  near.back() ^= 1;
  WriteFile(dir.path() / "a/evil.exe", evil);
  WriteFile(dir.path() / "b/c/renamed.dat", evil);
  WriteFile(dir.path() / "b/near.exe", near);
  WriteFile(dir.path() / "md5only.bin", other);
  WriteFile(dir.path() / "clean.txt", "nothing to see");
  IntelSet intel = MakeIntel({{IndicatorType::kSha256, Digest("SHA256", evil)},
                              {IndicatorType::kMd5, Digest("MD5", other)}});
  SweepOutput out = RunSweep(intel, Threads(3), dir.path());

  EXPECT_EQ(out.stats.files, 5u);
  EXPECT_EQ(out.stats.findings, 3u);
  EXPECT_TRUE(out.warnings.empty());
  ASSERT_EQ(out.findings.size(), 3u);
  ASSERT_TRUE(out.findings.count("a/evil.exe"));
  ASSERT_TRUE(out.findings.count("b/c/renamed.dat")) << "renamed copies are found by digest";
  ASSERT_TRUE(out.findings.count("md5only.bin"));
  const Seen& s = out.findings["a/evil.exe"];
  EXPECT_EQ(s.path, (dir.path() / "a/evil.exe").string());
  EXPECT_EQ(s.size, static_cast<std::int64_t>(evil.size()));
  EXPECT_EQ(s.fields.at("file.hash.sha256"), Digest("SHA256", evil));
  EXPECT_EQ(s.fields.at("file.hash.md5"), Digest("MD5", evil))
      << "every computed digest is reported";
  EXPECT_EQ(s.fields.count("file.hash.sha1"), 0u)
      << "digests the intel does not need are not computed";
  EXPECT_EQ(s.matched, std::vector<std::string>{"file.hash.sha256"});
  EXPECT_EQ(s.severity, 100);
  EXPECT_EQ(s.rule_name, "Test Campaign sha256 indicator");
  EXPECT_EQ(out.findings["md5only.bin"].matched, std::vector<std::string>{"file.hash.md5"});
}

TEST(Sweep, ScoresFollowConfidenceAndFilenameHitsCombine) {
  TempDir dir;
  WriteFile(dir.path() / "dropper.exe", "dropper");
  WriteFile(dir.path() / "x/other.exe", "other");
  IntelSet intel = MakeIntel({{IndicatorType::kSha1, Digest("SHA1", "dropper")},
                              {IndicatorType::kFilename, "dropper.exe"},
                              {IndicatorType::kFilename, "other.exe"}},
                             50);
  SweepOutput out = RunSweep(intel, {}, dir.path());
  ASSERT_EQ(out.findings.size(), 2u);
  // sha1 100 * 0.5 = 50, name 60 * 0.5 = 30: CombineScores({50, 30}).
  EXPECT_EQ(out.findings["dropper.exe"].severity, CombineScores({50, 30}));
  EXPECT_EQ(out.findings["dropper.exe"].matched.size(), 2u);
  EXPECT_EQ(out.findings["dropper.exe"].fields.at("file.hash.sha1"), Digest("SHA1", "dropper"));
  EXPECT_EQ(out.findings["x/other.exe"].severity, 30);
  EXPECT_EQ(out.findings["x/other.exe"].rule_name, "Test Campaign filename indicator");
}

TEST(Sweep, EmptyFileIsHashedAndBenignInThePalmerwormPack) {
  TempDir dir;
  WriteFile(dir.path() / "empty", "");
  std::string empty_sha256 = Digest("SHA256", "");
  ASSERT_EQ(empty_sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  SweepOutput out = RunSweep(MakeIntel({{IndicatorType::kSha256, empty_sha256}}), {}, dir.path());
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_EQ(out.findings["empty"].size, 0);

  Diagnostics diags;
  auto pack = LoadIntelSource("palmerworm", diags);
  ASSERT_TRUE(pack.ok()) << pack.error().ToString();
  IntelSet palmerworm = IntelSet::Compile(std::move(pack->indicators));
  ASSERT_TRUE(palmerworm.Has(IndicatorType::kSha256));
  out = RunSweep(palmerworm, {}, dir.path());
  EXPECT_EQ(out.stats.files, 1u);
  EXPECT_TRUE(out.findings.empty());
}

TEST(Sweep, SymlinkLoopsAndFifosDoNotHang) {
  TempDir dir;
  TempDir outside;
  WriteFile(dir.path() / "d/evil", "evil");
  WriteFile(outside.path() / "linked-evil", "evil outside");
  fs::create_directory_symlink("..", dir.path() / "d/loop");
  fs::create_directory_symlink(dir.path(), dir.path() / "d/self");
  fs::create_symlink(outside.path() / "linked-evil", dir.path() / "link");
  ASSERT_EQ(mkfifo((dir.path() / "fifo").c_str(), 0600), 0);
  IntelSet intel = MakeIntel({{IndicatorType::kSha256, Digest("SHA256", "evil")},
                              {IndicatorType::kSha256, Digest("SHA256", "evil outside")}});

  SweepOutput out = RunSweep(intel, {}, dir.path());
  EXPECT_EQ(out.stats.files, 1u);
  EXPECT_EQ(out.stats.skipped, 4u) << "fifo and three links";
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_TRUE(out.findings.count("d/evil"));

  out = RunSweep(intel, FollowSymlinks(), dir.path());
  EXPECT_EQ(out.stats.files, 2u) << "each folder entered once; the link target read";
  EXPECT_TRUE(out.findings.count("link"));
  EXPECT_TRUE(out.warnings.empty()) << out.warnings.front();
  EXPECT_TRUE(out.findings.count("d/evil"));
}

TEST(Sweep, LargeFileMatchesOneShotDigest) {
  TempDir dir;
  std::string data(65 * 1024 * 1024 + 12345, '\0');
  for (std::size_t i = 0; i < data.size(); i += 4096) data[i] = static_cast<char>(i / 4096);
  WriteFile(dir.path() / "big.img", data);
  std::string sha256 = Digest("SHA256", data);
  IntelSet intel = MakeIntel(
      {{IndicatorType::kSha256, sha256}, {IndicatorType::kSha512, "0" + std::string(127, 'a')}});
  SweepOutput out = RunSweep(intel, {}, dir.path());
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_EQ(out.stats.bytes, data.size());
  EXPECT_EQ(out.findings["big.img"].fields.at("file.hash.sha256"), sha256);
  EXPECT_EQ(out.findings["big.img"].fields.at("file.hash.sha512"), Digest("SHA512", data));
}

TEST(Sweep, ExcludesAndMaxSize) {
  TempDir dir;
  for (const char* name : {"keep.bin", "skipme/inner.bin", "x.log", "big.bin"})
    WriteFile(dir.path() / name, name == std::string("big.bin") ? std::string(1000, 'e') : "evil");
  IntelSet intel = MakeIntel({{IndicatorType::kSha256, Digest("SHA256", "evil")},
                              {IndicatorType::kSha256, Digest("SHA256", std::string(1000, 'e'))}});
  SweepOutput all = RunSweep(intel, {}, dir.path());
  EXPECT_EQ(all.findings.size(), 4u);
  SweepOutput some = RunSweep(intel, ExcludesAndMaxSize({"*.log", "skipme"}, 999), dir.path());
  ASSERT_EQ(some.findings.size(), 1u);
  EXPECT_TRUE(some.findings.count("keep.bin"));
  EXPECT_EQ(some.stats.skipped, 3u);
  EXPECT_TRUE(files::IsExcluded({"/tmp/*/cache"}, "/tmp/a/cache"));
  EXPECT_FALSE(files::IsExcluded({"*.log"}, "/var/log/syslog"));
}

TEST(Sweep, VanishedFileIsAWarningNamingThePath) {
  // Tests run as root, so chmod 000 does not make a file unreadable; a file
  // removed between the walk and the open is what this can exercise.
  IntelSet intel = MakeIntel({{IndicatorType::kSha256, Digest("SHA256", "x")}});
  SweepOptions options;
  files::FileScanner scanner(intel, options);
  auto scan = scanner.Scan("/nonexistent/shrike/vanished.bin");
  ASSERT_FALSE(scan.ok());
  EXPECT_EQ(scan.error().where().file, "/nonexistent/shrike/vanished.bin");
  EXPECT_NE(scan.error().ToString().find("No such file"), std::string::npos)
      << scan.error().ToString();
}

TEST(Sweep, SizeDifferentFromFstatIsReportedAsChanged) {
  // A file growing while read cannot be staged deterministically; a procfs
  // file (fstat size 0, content on read) trips the same before/after check.
  IntelSet intel = MakeIntel({{IndicatorType::kSha256, Digest("SHA256", "x")}});
  SweepOptions options;
  files::FileScanner scanner(intel, options);
  auto scan = scanner.Scan("/proc/self/status");
  ASSERT_FALSE(scan.ok());
  EXPECT_EQ(scan.error().where().file, "/proc/self/status");
  EXPECT_NE(scan.error().message().find("changed while being read"), std::string::npos)
      << scan.error().ToString();
}

TEST(Sweep, LeavesAtimeAndContentUnchanged) {
  TempDir dir;
  fs::path file = dir.path() / "watched.bin";
  WriteFile(file, "watched content");
  // atime older than mtime: relatime would update it on a read.
  timespec times[2] = {{1000000000, 0}, {1600000000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
  SweepOutput out = RunSweep(
      MakeIntel({{IndicatorType::kSha256, Digest("SHA256", "watched content")}}), {}, dir.path());
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_EQ(out.findings["watched.bin"].fields.at("file.mtime"), "2020-09-13T12:26:40Z");
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 1000000000);
  EXPECT_EQ(st.st_mtim.tv_sec, 1600000000);
  EXPECT_EQ(ReadAll(file), "watched content");
}

TEST(Sweep, MissingRootIsAnError) {
  IntelSet intel = MakeIntel({});
  SweepOptions options;
  options.roots = {"/nonexistent/shrike-root"};
  auto stats = Sweep(intel, options, nullptr, nullptr);
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.error().where().file, "/nonexistent/shrike-root");
  options.roots.clear();
  EXPECT_FALSE(Sweep(intel, options, nullptr, nullptr).ok());
}

TEST(Sweep, SkipsPseudoFileSystems) {
  IntelSet intel = MakeIntel({{IndicatorType::kSha256, Digest("SHA256", "x")}});
  SweepOptions options;
  options.roots = {"/proc", "/sys"};
  auto stats = Sweep(intel, options, nullptr, nullptr);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->files, 0u);
  EXPECT_EQ(stats->skipped, 2u);
}

TEST(Sweep, PathsTooLongForTheKernelAreWarningsNotCrashes) {
  TempDir dir;
  WriteFile(dir.path() / "shallow.bin", "deep evil");
  // 600 levels of 9 bytes: past PATH_MAX (4096), built with mkdirat so that
  // no single path is too long to create.
  int fd = open(dir.path().c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 600; ++i) {
    ASSERT_EQ(mkdirat(fd, "dddddddd", 0700), 0);
    int next = openat(fd, "dddddddd", O_RDONLY | O_DIRECTORY);
    close(fd);
    ASSERT_GE(next, 0);
    fd = next;
  }
  close(fd);
  SweepOutput out = RunSweep(MakeIntel({{IndicatorType::kSha256, Digest("SHA256", "deep evil")}}),
                             {}, dir.path());
  EXPECT_TRUE(out.findings.count("shallow.bin"));
  ASSERT_FALSE(out.warnings.empty());
  EXPECT_NE(out.warnings.front().find("File name too long"), std::string::npos)
      << out.warnings.front();
  // std::filesystem::remove_all fails past PATH_MAX; GNU rm does not.
  std::string rm = "rm -rf '" + dir.path().string() + "'";
  EXPECT_EQ(std::system(rm.c_str()), 0);
}

TEST(SweepCli, HostileFileNamesGiveValidJson) {
  TempDir dir;
  std::string name = "bad \xff\xfe utf8 \"quoted\"\nnew\tline\\.exe";
  WriteFile(dir.path() / "tree" / name, "hostile name");
  WriteFile(dir.path() / "intel.csv",
            "type,value\nsha256," + Digest("SHA256", "hostile name") + "\n");
  testing::CommandResult r = testing::RunShrike("sweep " + (dir.path() / "tree").string() +
                                                " --intel " + (dir.path() / "intel.csv").string());
  ASSERT_EQ(r.exit_code, 1) << r.err;
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << "one NDJSON line: " << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out;
  std::string_view file_name;
  ASSERT_EQ(doc.at_pointer("/file/name").get(file_name), simdjson::SUCCESS);
  EXPECT_NE(file_name.find("\"quoted\"\nnew\tline\\.exe"), std::string_view::npos) << file_name;
}

TEST(SweepCli, EndToEnd) {
  TempDir dir;
  std::string evil = "cli planted payload";
  WriteFile(dir.path() / "tree/sub/evil.dll", evil);
  WriteFile(dir.path() / "tree/clean.txt", "clean");
  WriteFile(dir.path() / "intel.csv", "type,value,campaign,confidence\nsha256," +
                                          Digest("SHA256", evil) + ",Paper Heron,90\n");
  std::string tree = (dir.path() / "tree").string();
  std::string intel = (dir.path() / "intel.csv").string();
  testing::CommandResult r =
      testing::RunShrike("sweep " + tree + " --intel " + intel + " --host hx");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("swept 2 files"), std::string::npos) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out;
  std::string_view path, sha, host, rule, field;
  int64_t size = 0, severity = 0;
  ASSERT_EQ(doc.at_pointer("/file/path").get(path), simdjson::SUCCESS);
  EXPECT_EQ(path, tree + "/sub/evil.dll");
  ASSERT_EQ(doc.at_pointer("/file/size").get(size), simdjson::SUCCESS);
  EXPECT_EQ(size, static_cast<int64_t>(evil.size()));
  ASSERT_EQ(doc.at_pointer("/file/hash/sha256").get(sha), simdjson::SUCCESS);
  EXPECT_EQ(sha, Digest("SHA256", evil));
  ASSERT_EQ(doc.at_pointer("/host/name").get(host), simdjson::SUCCESS);
  EXPECT_EQ(host, "hx");
  ASSERT_EQ(doc.at_pointer("/rule/name").get(rule), simdjson::SUCCESS);
  EXPECT_EQ(rule, "Paper Heron sha256 indicator");
  ASSERT_EQ(doc.at_pointer("/event/severity").get(severity), simdjson::SUCCESS);
  EXPECT_EQ(severity, 90);
  ASSERT_EQ(doc.at_pointer("/threat/enrichments/0/matched/field").get(field), simdjson::SUCCESS);
  EXPECT_EQ(field, "file.hash.sha256");

  std::string findings = (dir.path() / "findings.ndjson").string();
  r = testing::RunShrike("sweep " + tree + " --intel " + intel + " -o " + findings +
                         " --exclude '*.dll'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadAll(findings), "");
  EXPECT_EQ(testing::RunShrike("sweep " + tree + " --intel /nonexistent.csv").exit_code, 2);
  EXPECT_EQ(testing::RunShrike("sweep /nonexistent-tree --intel " + intel).exit_code, 2);
}

}  // namespace
}  // namespace shrike
