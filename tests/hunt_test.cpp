// `shrike hunt` on real logs of the OTRF Security Datasets (../shared): Zeek
// JSON (NASHUA), Zeek TSV (the two LSASS dump captures) and NXLog flat JSON
// of Sysmon and Security events (Empire PsExec). The indicators are values
// really present in the logs; the expected counts were taken independently
// (a Python scan of the same fields), and nothing else may be found.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "shrike/hunt.h"
#include "shrike/intel_io.h"
#include "shrike/io.h"
#include "test_util.h"

namespace shrike {
namespace {

IntelSet IntelFromCsv(const std::string& csv) {
  Diagnostics diags;
  auto intel = ReadCsv(csv, "test.csv", diags);
  EXPECT_TRUE(intel.ok());
  EXPECT_TRUE(diags.empty());
  return IntelSet::Compile(intel.ok() ? std::move(intel->indicators) : std::vector<Indicator>{});
}

struct HuntRun {
  std::vector<Finding> findings;
  std::map<std::string, int> per_file;  // base name -> findings
  Diagnostics diags;
};

HuntRun Hunt(const std::vector<std::string>& paths, const IntelSet& intel) {
  HuntRun run;
  auto stats = HuntPaths(
      paths, intel, HuntOptions(),
      [&](const Finding& f) {
        run.findings.push_back(f);
        run.per_file[std::filesystem::path(f.log_path).filename().string()]++;
      },
      run.diags);
  EXPECT_TRUE(stats.ok());
  return run;
}

std::string Field(const Finding& f, const std::string& name) {
  for (const auto& [key, value] : f.fields) {
    if (key == name) return value;
  }
  return "";
}

TEST(HuntOtrf, ZeekTsvSharpDumpAddressAndDomain) {
  SHRIKE_REQUIRE_SHARED("corpora/otrf");
  IntelSet intel = IntelFromCsv(
      "type,value,campaign,confidence\nip,10.0.5.14,LSASS,80\ndomain,pandalab.com,LSASS,70\n");
  auto dir = testing::SharedDir() / "corpora/otrf/metasploit_sharpdump_lsass_memory_dump_zeek_logs";
  HuntRun run = Hunt({dir.string()}, intel);
  EXPECT_TRUE(run.diags.empty()) << run.diags.warnings()[0].ToString();
  EXPECT_EQ(run.findings.size(), 41u);
  std::map<std::string, int> expected = {{"analyzer.log", 16}, {"conn.log", 6}, {"dns.log", 1},
                                         {"files.log", 3},     {"http.log", 3}, {"ssl.log", 2},
                                         {"weird.log", 10}};
  EXPECT_EQ(run.per_file, expected);
  for (const Finding& f : run.findings) {
    if (f.log_path.ends_with("dns.log")) {
      EXPECT_EQ(FormatIsoTime(f.timestamp), "2023-09-06T04:53:54Z");
      EXPECT_EQ(f.log_line, 740u);
      EXPECT_EQ(f.log_offset, 89212u);
      ASSERT_EQ(f.enrichments.size(), 2u);
      EXPECT_EQ(f.enrichments[0].field, "dns.question.name");
      EXPECT_EQ(f.enrichments[0].atomic,
                "_ldap._tcp.default-first-site-name._sites.dc._msdcs.pandalab.com");
      EXPECT_EQ(f.enrichments[1].field, "dns.answers.data");
      EXPECT_EQ(f.enrichments[1].atomic, "dc01.pandalab.com");
      EXPECT_EQ(Field(f, "source.ip"), "192.168.56.30");
      EXPECT_EQ(f.rule_name, "LSASS domain");
      EXPECT_EQ(f.severity, 81);  // 70 and 70 combined
    } else {
      ASSERT_FALSE(f.enrichments.empty());
      EXPECT_EQ(f.enrichments[0].atomic, "10.0.5.14");
      EXPECT_EQ(f.severity, 80);
    }
  }
}

TEST(HuntOtrf, ZeekTsvLogonPasswordsDomainOnlyInDns) {
  SHRIKE_REQUIRE_SHARED("corpora/otrf");
  IntelSet intel = IntelFromCsv("type,value\ndomain,pandalab.com\n");
  auto dir =
      testing::SharedDir() / "corpora/otrf/metasploit_logonpasswords_lsass_memory_dump_zeek_logs";
  HuntRun run = Hunt({dir.string()}, intel);
  ASSERT_EQ(run.findings.size(), 1u) << "kerberos.log realms are not domain fields";
  const Finding& f = run.findings[0];
  EXPECT_EQ(FormatIsoTime(f.timestamp), "2023-08-16T04:58:21Z");
  EXPECT_EQ(f.log_line, 99u);
  EXPECT_EQ(Field(f, "destination.ip"), "192.168.1.4");
}

TEST(HuntOtrf, ZeekJsonNashuaDnsQuery) {
  SHRIKE_REQUIRE_SHARED("corpora/otrf");
  IntelSet intel =
      IntelFromCsv("type,value,campaign,confidence\ndomain,ctldl.windowsupdate.com,N,60\n");
  HuntRun run = Hunt({(testing::SharedDir() / "corpora/otrf/NASHUA-zeek_logs").string()}, intel);
  EXPECT_TRUE(run.diags.empty());
  ASSERT_EQ(run.findings.size(), 4u);
  EXPECT_EQ(run.per_file["dns.log"], 4);
  const Finding& f = run.findings[0];
  EXPECT_EQ(FormatIsoTime(f.timestamp), "2020-04-30T00:33:43Z");
  EXPECT_EQ(f.host, "bobs.bigwheel.local");
  EXPECT_EQ(f.log_line, 7u);
  EXPECT_EQ(f.log_offset, 2811u);
  EXPECT_EQ(f.enrichments[0].field, "dns.question.name");
  EXPECT_EQ(Field(f, "source.ip"), "10.0.1.6") << "id_orig_h, the underscored JSON name";
  EXPECT_EQ(Field(f, "dns.answers.data"), "audownload.windowsupdate.nsatc.net");
}

// A file digest pair of files.log and a responding (broadcast) address; the
// counts are those of a Python scan of every record holding the exact value.
TEST(HuntOtrf, ZeekJsonNashuaFileHashesAndRespondingAddress) {
  SHRIKE_REQUIRE_SHARED("corpora/otrf");
  IntelSet intel = IntelFromCsv(
      "type,value,campaign,confidence\nmd5,cc85d7649546d3c0b1607f761b73fec2,N,60\n"
      "sha1,1a1a10b819f321b91b47d7dd73668406a15992db,N,60\nip,10.0.1.255,N,30\n");
  HuntRun run = Hunt({(testing::SharedDir() / "corpora/otrf/NASHUA-zeek_logs").string()}, intel);
  EXPECT_TRUE(run.diags.empty());
  std::map<std::string, int> expected = {{"conn.log", 5}, {"dns.log", 3}, {"files.log", 2}};
  EXPECT_EQ(run.per_file, expected);
  std::vector<std::uint64_t> file_lines;
  for (const Finding& f : run.findings) {
    EXPECT_EQ(f.host, "bobs.bigwheel.local");
    if (f.log_path.ends_with("files.log")) {
      file_lines.push_back(f.log_line);
      ASSERT_EQ(f.enrichments.size(), 2u);
      EXPECT_EQ(f.enrichments[0].field, "file.hash.md5");
      EXPECT_EQ(f.enrichments[1].field, "file.hash.sha1");
      EXPECT_EQ(FormatIsoTime(f.timestamp), "2020-04-30T00:20:49Z");
      EXPECT_EQ(Field(f, "source.ip"), "10.0.0.4") << "tx_hosts";
    } else {
      ASSERT_EQ(f.enrichments.size(), 1u);
      EXPECT_EQ(f.enrichments[0].field, "destination.ip");
      EXPECT_EQ(f.enrichments[0].atomic, "10.0.1.255");
      EXPECT_NE(f.timestamp, kNoTime);
    }
  }
  EXPECT_EQ(file_lines, (std::vector<std::uint64_t>{1, 3}));
}

TEST(HuntOtrf, NxlogSysmonPsexecAddressAndHashes) {
  SHRIKE_REQUIRE_SHARED("corpora/otrf");
  IntelSet intel = IntelFromCsv(
      "type,value,campaign,confidence\nip,13.107.6.158,P,90\n"
      "sha256,A5BF2ACFAC07A2854AE8BB117A518D1F55A20DA23E38A381BCCD3D6138E5A945,P,90\n"
      "md5,BD5F9D4684E7BCB9D41D298297A73956,P,40\n");
  HuntRun run = Hunt(
      {(testing::SharedDir() / "corpora/otrf/empire_psexec_dcerpc_tcp_svcctl").string()}, intel);
  EXPECT_TRUE(run.diags.empty());
  std::map<std::string, int> by_field;
  for (const Finding& f : run.findings) {
    ASSERT_EQ(f.enrichments.size(), 1u);
    by_field[f.enrichments[0].field]++;
    if (f.enrichments[0].field == "file.hash.sha256") {
      EXPECT_EQ(FormatIsoTime(f.timestamp), "2020-09-20T16:18:19Z");
      EXPECT_EQ(f.host, "WORKSTATION6.theshire.local");
      EXPECT_EQ(f.log_line, 4336u);
      EXPECT_EQ(Field(f, "dll.path"), "C:\\Windows\\System32\\utildll.dll");
    }
    if (f.log_line == 2638) {  // Sysmon event 3, UtcTime 16:17:05.701
      EXPECT_EQ(FormatIsoTime(f.timestamp), "2020-09-20T16:17:05Z");
      EXPECT_EQ(f.host, "WORKSTATION5.theshire.local");
      EXPECT_EQ(f.enrichments[0].field, "destination.ip");
      EXPECT_EQ(Field(f, "source.ip"), "172.18.39.5");
    }
  }
  std::map<std::string, int> expected = {
      {"destination.ip", 2}, {"file.hash.md5", 6}, {"file.hash.sha256", 1}};
  EXPECT_EQ(by_field, expected);
}

TEST(HuntCli, ExitStatusAndOutput) {
  SHRIKE_REQUIRE_SHARED("corpora/otrf");
  auto dir = testing::SharedDir() / "corpora/otrf/NASHUA-zeek_logs";
  auto intel = std::filesystem::temp_directory_path() /
               ("shrike_hunt_cli_intel_" + std::to_string(::getpid()) + ".csv");
  ASSERT_TRUE(WriteFile(intel.string(), "type,value\ndomain,ctldl.windowsupdate.com\n").ok());
  auto hit = testing::RunShrike("hunt '" + dir.string() + "' --intel '" + intel.string() + "'");
  EXPECT_EQ(hit.exit_code, 1) << hit.err;
  EXPECT_EQ(std::count(hit.out.begin(), hit.out.end(), '\n'), 4);
  EXPECT_NE(hit.out.find(R"("question":{"name":"ctldl.windowsupdate.com"})"), std::string::npos);
  ASSERT_TRUE(WriteFile(intel.string(), "type,value\ndomain,absent.example.org\n").ok());
  auto none = testing::RunShrike("hunt '" + dir.string() + "' --intel '" + intel.string() + "'");
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_TRUE(none.out.empty());
  auto error = testing::RunShrike("hunt /nonexistent/x.log --intel '" + intel.string() + "'");
  EXPECT_EQ(error.exit_code, 2);
  EXPECT_NE(error.err.find("/nonexistent/x.log"), std::string::npos) << error.err;
}

TEST(HuntCli, GzipOnStandardInput) {
  auto dir =
      std::filesystem::temp_directory_path() / ("shrike_hunt_stdin_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string intel = (dir / "intel.csv").string(), log = (dir / "a.log").string();
  ASSERT_TRUE(WriteFile(intel, "type,value\nip,45.76.218.11\n").ok());
  ASSERT_TRUE(WriteFile(log,
                        "Nov 26 06:21:37 fw kernel: DST=45.76.218.116\n"
                        "Nov 26 06:21:38 fw kernel: DST=45.76.218.11\n")
                  .ok());
  auto result = testing::RunShrike("hunt - --year 2020 --intel '" + intel + "' -o '" +
                                   (dir / "out.json").string() + "' < '" + log + "'");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  auto out = testing::ReadTestFile(dir / "out.json");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
  EXPECT_NE(out.find(R"("@timestamp":"2020-11-26T06:21:38Z")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("shrike":{"line":2})"), std::string::npos) << out;
  ASSERT_EQ(std::system(("gzip -f '" + log + "'").c_str()), 0);
  auto gz = testing::RunShrike("hunt - --intel '" + intel + "' < '" + log + ".gz'");
  EXPECT_EQ(gz.exit_code, 1) << gz.err;
  EXPECT_NE(gz.out.find(R"("atomic":"45.76.218.11")"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace shrike
