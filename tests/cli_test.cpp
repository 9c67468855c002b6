// End-to-end tests of the shrike binary's intel commands.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>

#include "test_util.h"

namespace shrike::testing {
namespace {

bool HasLine(const std::string& text, const std::string& prefix) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (text.compare(pos, prefix.size(), prefix) == 0) return true;
    pos = end + 1;
  }
  return false;
}

TEST(Cli, ShowPalmerwormPack) {
  CommandResult r = RunShrike("intel show palmerworm");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Palmerworm [aka BlackTech]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Palmerworm 2019-2020 (2019-08-01 to 2020-08-31)"), std::string::npos);
  EXPECT_NE(r.out.find("sha256: 25"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("domain: 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ipv4: 4"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PsExec"), std::string::npos) << r.out;
}

TEST(Cli, ExtractExampleReport) {
  std::string path = (SourceDir() / "examples/paper-heron.md").string();
  CommandResult r = RunShrike("intel extract " + path + " --to csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(HasLine(r.out, "type,value,")) << r.out;
  for (const char* row :
       {"url,https://cdn-update-check.com/api/v2/poll?id=7,", "domain,cdn-update-check.com,",
        "domain,static.heron-mirror.net,", "domain,heron-mirror.net,", "ipv4,45.133.216.77,",
        "domain,secure-mail.net,", "email,it-support@secure-mail.net,", "cidr,185.220.101.0/24,",
        "ipv6,2a03:b0c0:3:d0::1a51:c001,", "cve,CVE-2023-38831,", "attack-technique,T1569.002,",
        "attack-technique,T1566.001,", "tool,PsExec,"}) {
    EXPECT_TRUE(HasLine(r.out, row)) << "missing " << row << "\n" << r.out;
  }
  // Benign and non-indicators stay out of the output.
  for (const char* absent :
       {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "10.0.19045.3693",
        "loot.rar", "readme.md", "198.51.100.23", "203.0.113.9"}) {
    EXPECT_EQ(r.out.find(absent), std::string::npos) << absent << "\n" << r.out;
  }
  // ...but the benign ones are reported as such on stderr.
  EXPECT_NE(r.err.find("known-benign sha256 e3b0c442"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("known-benign ipv4 203.0.113.9"), std::string::npos) << r.err;
}

TEST(Cli, ExtractPalmerwormReport) {
  SHRIKE_REQUIRE_SHARED("reports/palmerworm-symantec.ja.txt");
  std::string path = (SharedDir() / "reports/palmerworm-symantec.ja.txt").string();
  CommandResult r = RunShrike("intel extract " + path + " --to csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t sha256 = 0, domain = 0, ipv4 = 0, other = 0;
  std::size_t pos = r.out.find('\n') + 1;
  while (pos < r.out.size()) {
    std::string type = r.out.substr(pos, r.out.find(',', pos) - pos);
    if (type == "sha256")
      ++sha256;
    else if (type == "domain")
      ++domain;
    else if (type == "ipv4")
      ++ipv4;
    else if (type != "malware" && type != "tool" && type != "actor")
      ++other;
    pos = r.out.find('\n', pos) + 1;
    if (pos == 0) break;
  }
  EXPECT_EQ(sha256, 25u);
  EXPECT_EQ(domain, 2u);
  EXPECT_EQ(ipv4, 4u);
  EXPECT_EQ(other, 0u) << r.out;
}

TEST(Cli, ConvertPackToEachFormatAndBack) {
  auto dir = std::filesystem::temp_directory_path() / ("shrike-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const char* to : {"stix", "misp", "csv", "json"}) {
    std::string out = (dir / (std::string("pack.") + to)).string();
    CommandResult w = RunShrike(std::string("intel convert palmerworm --to ") + to + " -o " + out);
    ASSERT_EQ(w.exit_code, 0) << to << ": " << w.err;
    CommandResult r = RunShrike("intel show " + out);
    ASSERT_EQ(r.exit_code, 0) << to << ": " << r.err;
    EXPECT_NE(r.out.find("sha256: 25"), std::string::npos) << to << "\n" << r.out;
    EXPECT_NE(r.out.find("ipv4: 4"), std::string::npos) << to << "\n" << r.out;
  }
  std::filesystem::remove_all(dir);
}

TEST(Cli, ErrorsNameTheFileAndExitTwo) {
  CommandResult r = RunShrike("intel extract /nonexistent/report.txt");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/report.txt"), std::string::npos) << r.err;

  auto bad = std::filesystem::temp_directory_path() /
             ("shrike-bad-" + std::to_string(::getpid()) + ".json");
  FILE* f = std::fopen(bad.c_str(), "w");
  std::fputs("{\"type\": \"bundle\", \"objects\": [{\"type\": \"indicator\", ", f);
  std::fclose(f);
  r = RunShrike("intel show " + bad.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad.string()), std::string::npos) << r.err;
  std::filesystem::remove(bad);

  r = RunShrike("intel convert palmerworm --to nonsense");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nonsense"), std::string::npos) << r.err;

  r = RunShrike("intel show no-such-pack-or-file");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no-such-pack-or-file"), std::string::npos) << r.err;
}

TEST(Cli, WarninglistsFromMispMarkVendorHostsBenign) {
  SHRIKE_REQUIRE_SHARED("corpora/misp-warninglists");
  auto report =
      std::filesystem::temp_directory_path() / ("shrike-wl-" + std::to_string(::getpid()) + ".txt");
  FILE* f = std::fopen(report.c_str(), "w");
  std::fputs("Write-up: hxxps://blog.trendmicro[.]com/palmerworm and C2 evil-c2[.]com\n", f);
  std::fclose(f);
  std::string lists = (SharedDir() / "corpora/misp-warninglists").string();

  CommandResult r = RunShrike("intel extract " + report.string() + " --warninglists " + lists);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(HasLine(r.out, "domain,evil-c2.com,")) << r.out;
  EXPECT_EQ(r.out.find("blog.trendmicro.com"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("known-benign domain blog.trendmicro.com"), std::string::npos) << r.err;

  // Without the MISP lists the vendor host is an ordinary indicator...
  r = RunShrike("intel extract " + report.string());
  EXPECT_TRUE(HasLine(r.out, "domain,blog.trendmicro.com,")) << r.out;
  // ...and --keep-benign keeps it with the lists loaded.
  r = RunShrike("intel extract " + report.string() + " --keep-benign --warninglists " + lists);
  EXPECT_TRUE(HasLine(r.out, "domain,blog.trendmicro.com,")) << r.out;
  std::filesystem::remove(report);
}

}  // namespace
}  // namespace shrike::testing
