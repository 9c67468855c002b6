// Archive members in the sweep: nested archives, every supported container
// and compressor, the safety limits (a zip bomb is reported, not expanded)
// and malformed archives. Archives are built in memory with libarchive's
// writer, so no archiving tool is needed.
#include "files/archive.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "files/scanner.h"
#include "sweep_fixture.h"

namespace shrike {
namespace {

using namespace sweep_testing;

const std::string kEvil = "MZ evil payload of the test campaign";

IntelSet EvilIntel() { return MakeIntel({{IndicatorType::kSha256, Digest("SHA256", kEvil)}}); }

bool HasWarning(const SweepRun& run, ErrorCode code, const std::string& path_part,
                const std::string& message_part) {
  for (const Error& e : run.warnings) {
    if (e.code() == code && e.where().file.find(path_part) != std::string::npos &&
        e.message().find(message_part) != std::string::npos)
      return true;
  }
  return false;
}

TEST(Archive, RecognisedByContentNotName) {
  auto bytes = [](const std::string& s) {
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  };
  EXPECT_TRUE(files::LooksLikeArchive(bytes(MakeArchive("zip", {}, {{"a", "b"}}))));
  EXPECT_TRUE(files::LooksLikeArchive(bytes(MakeArchive("ustar", {}, {{"a", "b"}}))));
  EXPECT_TRUE(files::LooksLikeArchive(bytes(MakeArchive("raw", {"xz"}, {{"a", "b"}}))));
  EXPECT_TRUE(files::LooksLikeArchive(bytes(MakeArchive("raw", {"zstd"}, {{"a", "b"}}))));
  EXPECT_FALSE(files::LooksLikeArchive(bytes("PK")));
  EXPECT_FALSE(files::LooksLikeArchive(bytes("BZh0 not bzip2")));
  EXPECT_FALSE(files::LooksLikeArchive(bytes(std::string(300, 'u'))));
}

TEST(Archive, NestedArchivesAndEveryFormatAreSweptInside) {
  TempDir dir;
  std::string tgz = MakeArchive("ustar", {"gzip"}, {{"deep/evil.exe", kEvil}, {"ok.txt", "ok"}});
  std::string inner_zip = MakeArchive("zip", {}, {{"inner.tar.gz", tgz}});
  WriteFile(dir.path() / "outer.zip",
            MakeArchive("zip", {}, {{"nested.zip", inner_zip}, {"copy.bin", kEvil}}));
  // Named like anything else: found by content.
  WriteFile(dir.path() / "photo.jpg", MakeArchive("7zip", {}, {{"x/evil.dll", kEvil}}));
  WriteFile(dir.path() / "p.exe.bz2", MakeArchive("raw", {"bzip2"}, {{"data", kEvil}}));
  WriteFile(dir.path() / "p.exe.xz", MakeArchive("raw", {"xz"}, {{"data", kEvil}}));
  WriteFile(dir.path() / "p.exe.zst", MakeArchive("raw", {"zstd"}, {{"data", kEvil}}));
  WriteFile(dir.path() / "t.tar.bz2", MakeArchive("ustar", {"bzip2"}, {{"evil", kEvil}}));

  SweepRun run = RunSweep(EvilIntel(), {}, dir.path());
  ASSERT_TRUE(run.ok);
  EXPECT_TRUE(run.warnings.empty()) << Warnings(run.warnings);
  for (const char* path : {"outer.zip!copy.bin", "outer.zip!nested.zip!inner.tar.gz!deep/evil.exe",
                           "photo.jpg!x/evil.dll", "p.exe.bz2!p.exe", "p.exe.xz!p.exe",
                           "p.exe.zst!p.exe", "t.tar.bz2!evil"}) {
    ASSERT_TRUE(run.findings.count(path)) << path;
    const SeenFinding& f = run.findings[path];
    EXPECT_EQ(f.fields.at("file.hash.sha256"), Digest("SHA256", kEvil)) << path;
    // Bare compressed streams have no member time and take the file's.
    if (std::string(path).find("p.exe") == std::string::npos) {
      EXPECT_EQ(f.timestamp, 1567476847) << path;
    }
  }
  EXPECT_EQ(run.findings["outer.zip!nested.zip!inner.tar.gz!deep/evil.exe"].fields.at("file.name"),
            "evil.exe");
  EXPECT_EQ(run.findings.size(), 7u);
  // outer.zip 2, nested.zip 1, inner.tar.gz 2, 7z 1, bz2/xz/zst 3, tar.bz2 1.
  EXPECT_EQ(run.stats.archive_members, 10u);

  SweepOptions no_archives;
  no_archives.archives = false;
  EXPECT_TRUE(RunSweep(EvilIntel(), no_archives, dir.path()).findings.empty());
}

TEST(Archive, ZipBombIsReportedNotExpanded) {
  TempDir dir;
  // 64 MiB of zeros deflate to ~64 KiB: far above 100:1.
  WriteFile(dir.path() / "bomb.zip",
            MakeArchive("zip", {}, {{"zeros.bin", std::string(64 << 20, '\0')}}));
  IntelSet intel =
      MakeIntel({{IndicatorType::kSha256, Digest("SHA256", std::string(64 << 20, '\0'))}});
  SweepRun run = RunSweep(intel, {}, dir.path());
  EXPECT_TRUE(run.findings.empty()) << "the member must not be expanded to the end";
  EXPECT_EQ(run.stats.archive_limits, 1u);
  EXPECT_TRUE(HasWarning(run, ErrorCode::kLimit, "bomb.zip!zeros.bin", "archive bomb"))
      << Warnings(run.warnings);
  EXPECT_EQ(run.stats.files, 1u) << "the archive file itself";
}

TEST(Archive, MemberCountTotalSizeAndDepthLimits) {
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 0; i < 20; ++i) many.emplace_back("m" + std::to_string(i), kEvil);
  WriteFile(dir.path() / "many.tar", MakeArchive("ustar", {}, many));
  SweepOptions options;
  options.archive_max_entries = 5;
  SweepRun run = RunSweep(EvilIntel(), options, dir.path());
  EXPECT_EQ(run.findings.size(), 5u);
  EXPECT_TRUE(HasWarning(run, ErrorCode::kLimit, "many.tar", "more than 5 members"))
      << Warnings(run.warnings);

  options = {};
  options.archive_max_total = 100;  // each member is 36 bytes
  run = RunSweep(EvilIntel(), options, dir.path());
  EXPECT_EQ(run.findings.size(), 2u);
  EXPECT_TRUE(HasWarning(run, ErrorCode::kLimit, "many.tar!m2", "expanded size above 100"))
      << Warnings(run.warnings);

  fs::remove(dir.path() / "many.tar");
  std::string level3 = MakeArchive("zip", {}, {{"evil3", kEvil}});
  std::string level2 = MakeArchive("zip", {}, {{"l3.zip", level3}, {"evil2", kEvil}});
  WriteFile(dir.path() / "l1.zip", MakeArchive("zip", {}, {{"l2.zip", level2}}));
  options = {};
  options.archive_max_depth = 2;
  run = RunSweep(EvilIntel(), options, dir.path());
  EXPECT_TRUE(run.findings.count("l1.zip!l2.zip!evil2"));
  EXPECT_FALSE(run.findings.count("l1.zip!l2.zip!l3.zip!evil3"));
  EXPECT_TRUE(HasWarning(run, ErrorCode::kLimit, "l1.zip!l2.zip!l3.zip", "deeper than 2"))
      << Warnings(run.warnings);
  options.archive_max_depth = 0;
  EXPECT_TRUE(RunSweep(EvilIntel(), options, dir.path()).findings.empty()) << "depth 0: none";
  options.archive_max_depth = 3;
  EXPECT_TRUE(
      RunSweep(EvilIntel(), options, dir.path()).findings.count("l1.zip!l2.zip!l3.zip!evil3"));
}

TEST(Archive, MalformedArchivesAreWarningsAndTheSweepGoesOn) {
  TempDir dir;
  std::string zip = MakeArchive("zip", {}, {{"a.bin", std::string(5000, 'a')}, {"evil", kEvil}});
  WriteFile(dir.path() / "truncated.zip", zip.substr(0, zip.size() / 2));
  WriteFile(dir.path() / "garbage.gz", "\x1f\x8b garbage that is not gzip");
  WriteFile(dir.path() / "fake.tar", std::string(257, 'x') + "ustar" + std::string(300, 'y'));
  WriteFile(dir.path() / "evil.exe", kEvil);
  SweepRun run = RunSweep(EvilIntel(), {}, dir.path());
  ASSERT_TRUE(run.ok);
  EXPECT_TRUE(run.findings.count("evil.exe"));
  EXPECT_EQ(run.findings.size(), 1u);
  // Only a few magic bytes alike: not archives, and no noise about them.
  EXPECT_FALSE(HasWarning(run, ErrorCode::kParse, "garbage.gz", "")) << Warnings(run.warnings);
  EXPECT_FALSE(HasWarning(run, ErrorCode::kParse, "fake.tar", "")) << Warnings(run.warnings);
  EXPECT_TRUE(HasWarning(run, ErrorCode::kParse, "truncated.zip", "")) << Warnings(run.warnings);
  for (const Error& e : run.warnings) EXPECT_NE(e.where().file, "") << e.ToString();
}

TEST(Archive, ScanMemoryReportsMembersThroughThePipeline) {
  IntelSet intel = EvilIntel();
  std::vector<std::string> paths;
  std::vector<std::string> warnings;
  files::ScannerSetup setup;
  files::ArchiveScanner scanner([&] { return files::BuildPipeline(intel, setup); }, {},
                                [&](files::ArchiveMember& m) {
                                  if (!m.report.hits.empty()) paths.push_back(m.info.path);
                                },
                                [&](const Error& e) { warnings.push_back(e.ToString()); });
  std::string tar = MakeArchive("ustar", {"xz"}, {{"a/evil", kEvil}, {"b", "benign"}});
  files::FileInfo outer;
  outer.path = "mem.tar.xz";
  outer.size = tar.size();
  EXPECT_EQ(
      scanner.ScanMemory({reinterpret_cast<const std::uint8_t*>(tar.data()), tar.size()}, outer),
      2u);
  EXPECT_EQ(paths, std::vector<std::string>{"mem.tar.xz!a/evil"});
  EXPECT_TRUE(warnings.empty());
}

}  // namespace
}  // namespace shrike
