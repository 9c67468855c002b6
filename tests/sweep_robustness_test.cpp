// Files that change under the sweep: growing while read, replaced by a
// symlink loop, removed. Each is a warning naming the path; the sweep goes on.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>

#include "files/scanner.h"
#include "sweep_fixture.h"

namespace shrike {
namespace {

using namespace sweep_testing;

TEST(SweepRobustness, FileGrowingDuringReadIsReportedAsChanged) {
  TempDir dir;
  fs::path log = dir.path() / "growing.log";
  WriteFile(log, std::string(16 << 20, 'g'));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    std::ofstream out(log, std::ios::app | std::ios::binary);
    while (!stop) {
      out << std::string(4096, 'x') << std::flush;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  IntelSet intel = MakeIntel({{IndicatorType::kSha256, Digest("SHA256", "x")}});
  SweepOptions options;
  files::FileScanner scanner(intel, options);
  // The appender may not have run during one read; it will during a few.
  bool changed = false;
  for (int i = 0; i < 50 && !changed; ++i) {
    auto scan = scanner.Scan(log.string());
    if (!scan.ok()) {
      EXPECT_EQ(scan.error().where().file, log.string());
      EXPECT_NE(scan.error().message().find("changed while being read"), std::string::npos)
          << scan.error().ToString();
      changed = true;
    }
  }
  stop = true;
  writer.join();
  EXPECT_TRUE(changed);
}

TEST(SweepRobustness, FollowedSymlinkLoopsAndDanglingLinksEndWithWarningsOrSkips) {
  TempDir dir;
  WriteFile(dir.path() / "a/evil", "evil");
  fs::create_directory_symlink(dir.path() / "a", dir.path() / "a/b");  // loop
  fs::create_symlink(dir.path() / "nowhere", dir.path() / "dangling");
  fs::create_symlink(dir.path() / "self1", dir.path() / "self2");
  fs::create_symlink(dir.path() / "self2", dir.path() / "self1");  // ELOOP
  IntelSet intel = MakeIntel({{IndicatorType::kSha256, Digest("SHA256", "evil")}});
  SweepOptions options;
  options.follow_symlinks = true;
  SweepRun run = RunSweep(intel, options, dir.path());
  ASSERT_TRUE(run.ok);
  EXPECT_EQ(run.findings.size(), 1u);
  EXPECT_EQ(run.stats.files, 1u);
  EXPECT_EQ(run.warnings.size(), 3u) << Warnings(run.warnings);
  for (const Error& e : run.warnings) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_NE(e.where().file.find(dir.path().string()), std::string::npos) << e.ToString();
  }
}

TEST(SweepRobustness, ProgressIsReportedWhileTheSweepRuns) {
  TempDir dir;
  // Hashing this takes well over the 100 ms between progress calls.
  WriteFile(dir.path() / "big.img", std::string(128 << 20, 'b'));
  IntelSet intel = MakeIntel({{IndicatorType::kSha512, std::string(128, '0')},
                              {IndicatorType::kSha256, std::string(64, '0')}});
  SweepOptions options;
  int calls = 0;  // progress calls are serialised: no race
  options.on_progress = [&](const SweepStats& s) {
    ++calls;
    EXPECT_LE(s.files, 1u);
  };
  SweepRun run = RunSweep(intel, options, dir.path());
  ASSERT_TRUE(run.ok);
  EXPECT_GE(calls, 1);
  EXPECT_LE(calls, run.stats.seconds * 10 + 2) << "at most ~10 a second";
}

}  // namespace
}  // namespace shrike
