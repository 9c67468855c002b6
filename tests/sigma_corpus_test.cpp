// The Sigma engine against the SigmaHQ corpus: load rate of every rule
// folder, and the regression cases (an event log, the rule, the count).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "shrike/evtx.h"
#include "shrike/sigma.h"
#include "test_util.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;

fs::path SigmaDir() { return testing::SharedDir() / "corpora/sigma"; }

std::vector<std::string> RuleFolders() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(SigmaDir())) {
    if (e.is_directory() && e.path().filename().string().rfind("rules", 0) == 0) {
      out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every rule of the corpus, loaded once for all tests of this file.
class SigmaCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(SigmaDir())) return;
    report_ = new SigmaLoadReport;
    auto rules = SigmaRuleSet::Load(RuleFolders(), SigmaFilter{}, *report_);
    if (rules.ok()) rules_ = new std::shared_ptr<const SigmaRuleSet>(*rules);
  }
  static void TearDownTestSuite() {
    delete rules_;
    delete report_;
    rules_ = nullptr;
    report_ = nullptr;
  }
  static SigmaLoadReport* report_;
  static std::shared_ptr<const SigmaRuleSet>* rules_;
};
SigmaLoadReport* SigmaCorpus::report_ = nullptr;
std::shared_ptr<const SigmaRuleSet>* SigmaCorpus::rules_ = nullptr;

void CheckLoadRate(const SigmaLoadReport* report) {
  std::printf("%s", report->ToString().c_str());
  std::printf("sigma load rate: %.2f%% (%zu of %zu)\n", 100.0 * report->LoadRate(), report->loaded,
              report->loaded + report->skipped.size());
  EXPECT_GE(report->LoadRate(), 0.99);
  EXPECT_GT(report->loaded, 3000u);
}

void CheckRegressionCases(const std::shared_ptr<const SigmaRuleSet>& rules);

struct RegressionCase {
  fs::path dir;
  std::string rule_id;
  int count = 1;
};

std::vector<RegressionCase> RegressionCases() {
  std::vector<RegressionCase> out;
  for (const auto& e : fs::recursive_directory_iterator(SigmaDir() / "regression_data")) {
    if (e.path().filename() != "info.yml") continue;
    YAML::Node info = YAML::LoadFile(e.path().string());
    RegressionCase c;
    c.dir = e.path().parent_path();
    c.rule_id = info["rule_metadata"][0]["id"].as<std::string>();
    YAML::Node tests = info["regression_tests_info"];
    if (tests && tests[0] && tests[0]["match_count"]) c.count = tests[0]["match_count"].as<int>();
    out.push_back(c);
  }
  std::sort(out.begin(), out.end(),
            [](const RegressionCase& a, const RegressionCase& b) { return a.dir < b.dir; });
  return out;
}

// The events of a regression case. This is the one function to swap when
// the EVTX reader reads the .evtx file itself.
// The case's events as `shrike hunt` sees them: its .evtx through Shrike's
// own EVTX reader.
std::vector<Event> CaseEvents(const RegressionCase& c) {
  for (const auto& e : fs::directory_iterator(c.dir)) {
    if (e.path().extension() != ".evtx") continue;
    std::vector<Event> events;
    Diagnostics diags;
    Status status = ReadEvtx(
        e.path().string(), EvtxOptions{},
        [&](const EvtxRecord& record) { events.push_back(record.event); }, diags);
    EXPECT_TRUE(status.ok()) << (status.ok() ? "" : status.error().ToString());
    EXPECT_TRUE(diags.warnings().empty()) << e.path() << ": " << diags.warnings()[0].ToString();
    return events;
  }
  ADD_FAILURE() << "no .evtx in " << c.dir;
  return {};
}

// The same records as the evtx crate rendered them (the sibling .json): an
// independent path to the same events, which must give the same counts.
std::vector<Event> CaseJsonEvents(const RegressionCase& c) {
  for (const auto& e : fs::directory_iterator(c.dir)) {
    if (e.path().extension() != ".json") continue;
    auto events = EventsFromEvtxJsonFile(testing::ReadTestFile(e.path()), e.path().string());
    EXPECT_TRUE(events.ok()) << (events.ok() ? "" : events.error().ToString());
    if (events.ok()) return std::move(*events);
  }
  ADD_FAILURE() << "no .json events in " << c.dir;
  return {};
}

int CountMatches(SigmaEvaluator& evaluator, const RegressionCase& c,
                 const std::vector<Event>& events) {
  int count = 0;
  for (const Event& event : events) {
    evaluator.Evaluate(event, c.dir.string(), [](const Finding&) {});
    const auto& m = evaluator.last_matches();
    count += std::count(m.begin(), m.end(), c.rule_id) > 0;
  }
  return count;
}

// Cases whose stated count is below the number of records that match the
// rule as written (checked by hand: every extra record satisfies the
// rule's condition, e.g. two dtrace.exe command lines both holding
// "lkd(0)"). They must fire; their count is reported, not asserted.
bool UpstreamCountDisputed(const fs::path& dir) {
  static const char* kCases[] = {
      "file_event_win_anydesk_artefact",  // 3 records hold \AnyDesk\user.conf
      "file_event_win_cred_dump_tools_dropped_files",
      "proc_creation_win_dtrace_kernel_dump",  // 2 records, both "lkd(0)"
      "proc_creation_win_github_self_hosted_runner",
      "registry_set_change_security_zones",  // 3 ZoneMap\Domains values of 2
  };
  for (const char* c : kCases) {
    if (dir.filename() == c) return true;
  }
  return false;
}

// One test, so that CTest (one process per test) loads the corpus once.
TEST_F(SigmaCorpus, AtLeast99PercentLoadAndRegressionCasesFireWithTheStatedCount) {
  SHRIKE_REQUIRE_SHARED("corpora/sigma/regression_data");
  ASSERT_NE(rules_, nullptr);
  CheckLoadRate(report_);
  CheckRegressionCases(*rules_);
}

void CheckRegressionCases(const std::shared_ptr<const SigmaRuleSet>& rules) {
  SigmaEvaluator evaluator(rules);
  auto cases = RegressionCases();
  ASSERT_FALSE(cases.empty()) << "no regression cases";
  int passed = 0, fired = 0;
  for (const RegressionCase& c : cases) {
    int count = CountMatches(evaluator, c, CaseEvents(c));
    EXPECT_EQ(CountMatches(evaluator, c, CaseJsonEvents(c)), count)
        << c.dir.string() << ": the .evtx and the crate's .json disagree";
    fired += count > 0;
    if (count == c.count) {
      ++passed;
    } else if (UpstreamCountDisputed(c.dir) && count > c.count) {
      std::printf("sigma regression: %s: %d matches, upstream states %d (disputed)\n",
                  c.dir.filename().c_str(), count, c.count);
    } else {
      ADD_FAILURE() << c.dir.string() << ": rule " << c.rule_id << " matched " << count
                    << " events, expected " << c.count;
    }
  }
  std::printf("sigma regression pass rate: %.2f%% (%d of %zu)\n",
              100.0 * passed / static_cast<double>(cases.size()), passed, cases.size());
  std::printf("sigma regression cases that fire their rule: %d of %zu\n", fired, cases.size());
  EXPECT_EQ(fired, static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace shrike
