// `shrike hunt --sigma`: findings, the loading report, filters and errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_util.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;

// A folder of its own per test process (tests of other checkouts may run at once).
fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

constexpr const char* kPipeEvent =
    R"({"Event":{"System":{"EventID":17,"Channel":"Microsoft-Windows-Sysmon/Operational",)"
    R"("Computer":"ws-eng-014","TimeCreated":{"#attributes":{"SystemTime":"2020-09-03T02:14:07Z"}}},)"
    R"("EventData":{"PipeName":"\\PSEXESVC-WS1-1-stdin"}}})"
    "\n";

TEST(SigmaCli, HuntWithThePackFindsPsexecAndReportsLoading) {
  fs::path dir = TempDir("shrike_sigma_cli");
  Write(dir / "ev.jsonl", kPipeEvent);
  auto r = testing::RunShrike("hunt '" + (dir / "ev.jsonl").string() + "' --sigma palmerworm");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("14 rules loaded"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(R"("ruleset":"sigma")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Palmerworm PsExec Service Pipe Created"), std::string::npos);
  EXPECT_NE(r.out.find(R"("host":{"name":"ws-eng-014"})"), std::string::npos);

  auto none = testing::RunShrike("hunt '" + (dir / "ev.jsonl").string() +
                                 "' --sigma palmerworm --sigma-level critical");
  EXPECT_EQ(none.exit_code, 0) << none.err;  // only the critical DNS rules are kept
  EXPECT_NE(none.err.find("filtered out"), std::string::npos);

  Write(dir / "bad.yml",
        "title: x\nlogsource: {product: windows}\ndetection:\n  s:\n"
        "    Image|re: '(a)\\1'\n  condition: s\n");
  auto bad = testing::RunShrike("hunt '" + (dir / "ev.jsonl").string() + "' --sigma '" +
                                (dir / "bad.yml").string() + "' palmerworm");
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  EXPECT_NE(bad.err.find("bad.yml:1"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("Vectorscan"), std::string::npos) << bad.err;

  auto missing =
      testing::RunShrike("hunt '" + (dir / "ev.jsonl").string() + "' --sigma /nonexistent");
  EXPECT_EQ(missing.exit_code, 2);
  auto neither = testing::RunShrike("hunt '" + (dir / "ev.jsonl").string() + "'");
  EXPECT_EQ(neither.exit_code, 2);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace shrike
