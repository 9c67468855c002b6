// Filename/path regex indicators (signature-base filename-iocs lists):
// one Vectorscan database for all, caseless, false-positive regexes, scores,
// and patterns Vectorscan rejects warned about with their source line.
#include "files/path_regex.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shrike/intel_io.h"
#include "sweep_fixture.h"

namespace shrike {
namespace {

using namespace sweep_testing;

// The indicators of a filename-iocs list, as the list reader gives them.
IntelSet LoadList(const std::string& text, Diagnostics& diags) {
  TempDir dir;
  fs::path file = dir.path() / "filename-iocs.txt";
  WriteFile(file, text);
  auto intel = LoadIntelSource(file.string(), diags);
  EXPECT_TRUE(intel.ok()) << intel.error().ToString();
  return IntelSet::Compile(intel.ok() ? std::move(intel->indicators) : std::vector<Indicator>{});
}

std::vector<std::pair<std::string, int>> Match(files::PathRegexMatcher& m, std::string path) {
  std::vector<files::Hit> hits;
  m.Match(path, hits);
  std::vector<std::pair<std::string, int>> out;
  for (const files::Hit& h : hits) out.emplace_back(h.indicator->value, h.score);
  return out;
}

constexpr const char* kList =
    "# PsExec service dropped by Palmerworm\n"
    "\\\\PSEXESVC\\.exe;70\n"
    "# Consock in ProgramData\n"
    "/programdata/[a-z]{6}\\.dll;85;/programdata/legit\\.dll\n"
    "(evil)\\1;50\n"
    "(?<=x)look;40\n"
    "\n"
    "bad[;40\n";

TEST(PathRegex, OneDatabaseCaselessWithFalsePositivesAndScores) {
  Diagnostics diags;
  IntelSet intel = LoadList(kList, diags);
  Diagnostics compile;
  auto set = files::PathRegexSet::Compile(intel, compile);
  EXPECT_EQ(set->size(), 2u);
  ASSERT_EQ(compile.size(), 3u);
  // Each unusable pattern is named with its file and line.
  EXPECT_EQ(compile.warnings()[0].where().line, 5u);
  EXPECT_NE(compile.warnings()[0].where().file.find("filename-iocs.txt"), std::string::npos);
  EXPECT_EQ(compile.warnings()[1].where().line, 6u);
  EXPECT_EQ(compile.warnings()[2].where().line, 8u);
  EXPECT_EQ(compile.warnings()[2].code(), ErrorCode::kUnsupported);

  files::PathRegexMatcher m(set);
  using V = std::vector<std::pair<std::string, int>>;
  EXPECT_EQ(Match(m, "C:\\Windows\\psexesvc.EXE"), (V{{"\\\\PSEXESVC\\.exe", 70}}));
  EXPECT_EQ(Match(m, "/mnt/c/ProgramData/abcdef.dll"), (V{{"/programdata/[a-z]{6}\\.dll", 85}}));
  EXPECT_TRUE(Match(m, "/mnt/c/ProgramData/legit.dll").empty()) << "false-positive regex";
  EXPECT_TRUE(Match(m, "/mnt/c/ProgramData/abc.dll").empty());
  EXPECT_TRUE(Match(m, "").empty());
}

TEST(PathRegex, EmptyMatchingPatternIsRejectedNotMatchingEverything) {
  IntelSet intel = MakeIntel(
      {{IndicatorType::kFilenameRegex, "x*"}, {IndicatorType::kFilenameRegex, "\\.lnk$"}});
  Diagnostics diags;
  auto set = files::PathRegexSet::Compile(intel, diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags.warnings()[0].message().find("empty string"), std::string::npos);
  files::PathRegexMatcher m(set);
  EXPECT_TRUE(Match(m, "/home/u/notes.txt").empty());
  EXPECT_EQ(Match(m, "/home/u/x.LNK").size(), 1u);
}

TEST(PathRegex, SweepReportsPathHitsWithTheListScore) {
  Diagnostics diags;
  IntelSet intel = LoadList(kList, diags);
  TempDir dir;
  WriteFile(dir.path() / "ProgramData/qwerty.dll", "x");
  WriteFile(dir.path() / "ProgramData/legit.dll", "x");
  WriteFile(dir.path() / "ok.txt", "x");
  SweepOptions options;
  options.pe = false;  // the PE step reads every file's first bytes
  SweepRun run = RunSweep(intel, options, dir.path());
  ASSERT_EQ(run.findings.size(), 1u) << Warnings(run.warnings);
  const SeenFinding& f = run.findings["ProgramData/qwerty.dll"];
  EXPECT_EQ(f.severity, 85);
  EXPECT_EQ(f.matched, std::vector<std::string>{"file.path"});
  EXPECT_NE(f.rule_name.find("filename-regex"), std::string::npos) << f.rule_name;
  EXPECT_EQ(run.stats.bytes, 0u) << "no content needed for path matching";
  EXPECT_EQ(run.warnings.size(), 3u) << "the three unusable patterns";
}

}  // namespace
}  // namespace shrike
