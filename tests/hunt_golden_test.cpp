// Golden tests of `shrike hunt`, one folder per input format under
// tests/golden/hunt/: the inputs (hits, near misses, bad records), and
// expected.ndjson (the findings, file names without their folder) and
// expected.warnings (one a line). The findings must not change with the
// prefilter off, nor with four threads.
//
// Regenerate after an intended change with
//   SHRIKE_UPDATE_GOLDEN=1 build-dev/tests/shrike_tests --gtest_filter='HuntGolden*'
// and review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shrike/hunt.h"
#include "shrike/intel_io.h"
#include "shrike/io.h"
#include "test_util.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;

fs::path GoldenDir() { return testing::SourceDir() / "tests/golden/hunt"; }

const IntelSet& GoldenIntel() {
  static const IntelSet intel = [] {
    Diagnostics diags;
    auto read = ReadCsv(testing::ReadTestFile(GoldenDir() / "intel.csv"), "intel.csv", diags);
    EXPECT_TRUE(read.ok());
    EXPECT_TRUE(diags.empty());
    return IntelSet::Compile(read.ok() ? std::move(read->indicators) : std::vector<Indicator>{});
  }();
  return intel;
}

std::string Strip(std::string text, const std::string& dir) {
  for (std::size_t at = text.find(dir); at != std::string::npos; at = text.find(dir, at)) {
    text.erase(at, dir.size());
  }
  return text;
}

struct Golden {
  std::string findings;  // NDJSON, input order
  std::string warnings;
};

Golden HuntFolder(const fs::path& dir, bool prefilter, int threads) {
  HuntOptions options;
  options.year = 2025;
  options.prefilter = prefilter;
  options.threads = threads;
  std::mutex mu;
  std::map<std::string, std::vector<std::string>> per_file;  // order per input
  Diagnostics diags;
  auto stats = HuntPaths(
      {dir.string()}, GoldenIntel(), options,
      [&](const Finding& f) {
        Finding copy = f;
        copy.log_path = fs::path(f.log_path).filename().string();
        std::lock_guard<std::mutex> lock(mu);
        per_file[copy.log_path].push_back(FindingToJson(copy));
      },
      diags);
  EXPECT_TRUE(stats.ok());
  Golden out;
  for (const auto& [file, lines] : per_file) {
    for (const std::string& line : lines) out.findings += line + "\n";
  }
  for (const Error& e : diags.warnings()) {
    out.warnings += Strip(e.ToString(), dir.string() + "/") + "\n";
  }
  return out;
}

std::string ReadOrEmpty(const fs::path& path) {
  auto text = ReadFile(path.string());
  return text.ok() ? *text : "";
}

TEST(HuntGolden, EveryFormat) {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(GoldenDir())) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  ASSERT_GE(dirs.size(), 10u);
  bool update = std::getenv("SHRIKE_UPDATE_GOLDEN") != nullptr;
  for (const fs::path& dir : dirs) {
    SCOPED_TRACE(dir.filename().string());
    // Inputs only: the expected files move aside while hunting.
    fs::path stash = fs::temp_directory_path() / ("shrike_golden_" + dir.filename().string());
    fs::remove_all(stash);
    fs::create_directories(stash);
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().filename().string().starts_with("expected.")) continue;
      fs::copy_file(entry.path(), stash / entry.path().filename());
    }
    Golden got = HuntFolder(stash, true, 1);
    Golden plain = HuntFolder(stash, false, 1);
    Golden threaded = HuntFolder(stash, true, 4);
    fs::remove_all(stash);
    EXPECT_FALSE(got.findings.empty()) << "every format has planted hits";
    EXPECT_EQ(plain.findings, got.findings) << "the prefilter changes no finding";
    EXPECT_EQ(threaded.findings, got.findings) << "threads change no finding";
    if (update) {
      ASSERT_TRUE(WriteFile((dir / "expected.ndjson").string(), got.findings).ok());
      ASSERT_TRUE(WriteFile((dir / "expected.warnings").string(), got.warnings).ok());
      continue;
    }
    EXPECT_EQ(got.findings, ReadOrEmpty(dir / "expected.ndjson"));
    EXPECT_EQ(got.warnings, ReadOrEmpty(dir / "expected.warnings"));
  }
}

}  // namespace
}  // namespace shrike
