// The hunt's fast path (src/logs/prefilter.h): the raw-line candidate test on
// token boundaries and escapes, and the contract that findings are the same
// with and without it, on generated logs of every line format and on the
// real OTRF logs of ../shared.
#include "logs/prefilter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "shrike/hunt.h"
#include "shrike/intel_io.h"
#include "test_util.h"

namespace shrike {
namespace {

using logs_internal::Prefilter;

IntelSet Intel(const std::string& csv) {
  Diagnostics diags;
  auto intel = ReadCsv(csv, "intel.csv", diags);
  EXPECT_TRUE(intel.ok());
  return IntelSet::Compile(intel.ok() ? std::move(intel->indicators) : std::vector<Indicator>{});
}

const char kIntel[] =
    "type,value,campaign,confidence\n"
    "domain,microsoftmse.com,Palmerworm,70\n"
    "ip,45.76.218.11,Palmerworm,80\n"
    "ip,2001:db8::7,Palmerworm,80\n"
    "cidr,198.51.100.0/24,Palmerworm,60\n"
    "sha256,aa2a1b9ca2ba0f2d5a6d0e0a9a1a1b26a9c4bb3e2c0d5e6f7a8b9c0d1e2f3a4b,Palmerworm,90\n"
    "md5,bd5f9d4684e7bcb9d41d298297a73956,Palmerworm,40\n";

// Only literal-safe types: the Vectorscan literal scan is used.
const char kLiteralIntel[] =
    "type,value,campaign,confidence\n"
    "domain,microsoftmse.com,Palmerworm,70\n"
    "ip,45.76.218.11,Palmerworm,80\n"
    "ip,198.51.100.9,Palmerworm,80\n"
    "sha256,aa2a1b9ca2ba0f2d5a6d0e0a9a1a1b26a9c4bb3e2c0d5e6f7a8b9c0d1e2f3a4b,Palmerworm,90\n"
    "md5,bd5f9d4684e7bcb9d41d298297a73956,Palmerworm,40\n";

const IntelSet& TestIntel() {
  static const IntelSet intel = Intel(kIntel);
  return intel;
}

const IntelSet& LiteralIntel() {
  static const IntelSet intel = Intel(kLiteralIntel);
  return intel;
}

TEST(Prefilter, TokenBoundaries) {
  Prefilter filter(TestIntel());
  ASSERT_TRUE(filter.active());
  EXPECT_FALSE(filter.literal());  // IPv6 and CIDR need token lookup
  EXPECT_TRUE(filter.Candidate("DST=45.76.218.11 PROTO=TCP"));
  EXPECT_FALSE(filter.Candidate("DST=45.76.218.116 PROTO=TCP"));
  EXPECT_FALSE(filter.Candidate("DST=145.76.218.11 PROTO=TCP"));
  EXPECT_TRUE(filter.Candidate("query loop.MicrosoftMSE.com. A"));
  EXPECT_FALSE(filter.Candidate("query notmicrosoftmse.com A"));
  EXPECT_FALSE(filter.Candidate("query microsoftmse.com.evil.org A"));
  EXPECT_TRUE(filter.Candidate("CONNECT microsoftmse.com:443 HTTP/1.1"));
  EXPECT_TRUE(filter.Candidate("GET http://user@cdn.microsoftmse.com:8080/x"));
  EXPECT_TRUE(filter.Candidate("peer [2001:DB8:0:0::7]:443"));
  EXPECT_TRUE(filter.Candidate("from 198.51.100.200 to 10.0.0.1"));
  EXPECT_FALSE(filter.Candidate("from 198.51.101.200 to 10.0.0.1"));
  EXPECT_FALSE(filter.Candidate(""));
  EXPECT_FALSE(filter.Candidate("\t\t,,\"\"{}"));
}

TEST(Prefilter, DigestsAndEscapes) {
  Prefilter filter(TestIntel());
  EXPECT_TRUE(filter.Candidate(
      R"({"Hashes":"SHA256=AA2A1B9CA2BA0F2D5A6D0E0A9A1A1B26A9C4BB3E2C0D5E6F7A8B9C0D1E2F3A4B,IMPHASH=00"})"));
  EXPECT_TRUE(filter.Candidate("MD5=BD5F9D4684E7BCB9D41D298297A73956,SHA1=00"));
  EXPECT_FALSE(filter.Candidate("MD5=BD5F9D4684E7BCB9D41D298297A73957"));
  // A JSON "\n" before the value: the parser drops the letter, so must we.
  EXPECT_TRUE(filter.Candidate(R"({"q":"\nmicrosoftmse.com"})"));
  EXPECT_TRUE(filter.Candidate(R"({"path":"C:\\Windows\\tmicrosoftmse.com"})"));
  // "\u" hides bytes from the raw line: always a candidate.
  EXPECT_TRUE(filter.Candidate(R"({"q":"microsoftms\u0065.com"})"));
  EXPECT_TRUE(filter.Candidate("name\\x2emicrosoftmse\\x2ecom"));
}

TEST(Prefilter, LiteralScanOverApproximates) {
  Prefilter filter(LiteralIntel());
  ASSERT_TRUE(filter.literal());
  EXPECT_TRUE(filter.Candidate("DST=45.76.218.11 PROTO=TCP"));
  EXPECT_TRUE(filter.Candidate("DST=45.76.218.116 PROTO=TCP"));  // the matcher decides
  EXPECT_FALSE(filter.Candidate("DST=45.76.218.1 PROTO=TCP"));
  EXPECT_TRUE(filter.Candidate("query loop.MicrosoftMSE.com. A"));
  EXPECT_FALSE(filter.Candidate("query microsoft-mse.com A"));
  EXPECT_TRUE(filter.Candidate("MD5=BD5F9D4684E7BCB9D41D298297A73956,SHA1=00"));
  EXPECT_TRUE(filter.Candidate("peer ::FFFF:2d4c:da0b port 80"));         // v4-mapped hex
  EXPECT_TRUE(filter.Candidate(R"(query m\xc3\xbcnchen.de A)"));          // a Zeek escape
  EXPECT_TRUE(filter.Candidate(R"(query m\u00fcnchen.de A)"));            // a JSON escape
  EXPECT_TRUE(filter.Candidate(R"(query m\\\u00fcnchen.de A)"));          // "\\" then "\u"
  EXPECT_FALSE(filter.Candidate(R"({"Image":"C:\\Users\\u1\\x.exe"})"));  // "\\" pairs
  // Non-ASCII bytes: IDNA may map them onto an indicator (a fullwidth 'm').
  EXPECT_TRUE(
      filter.Candidate("query \xef\xbd\x8d"
                       "icrosoftmse.com A"));
  EXPECT_FALSE(filter.Candidate(""));
  EXPECT_FALSE(filter.Candidate("nothing to see here"));
  // Above kMaxLiterals indicators token lookup is used.
  std::string many = "type,value\n";
  for (std::size_t i = 0; i <= logs_internal::kMaxLiterals; ++i) {
    many += "domain,d" + std::to_string(i) + ".example.org\n";
  }
  IntelSet big = Intel(many);
  Prefilter token(big);
  EXPECT_TRUE(token.active());
  EXPECT_FALSE(token.literal());
  EXPECT_TRUE(token.Candidate("q d10000.example.org"));
  EXPECT_FALSE(token.Candidate("q d10001.example.org"));
}

TEST(Prefilter, InactiveForTypesItCannotSee) {
  IntelSet urls = Intel("type,value\nurl,http://update.example.net/a.exe\ndomain,example.org\n");
  Prefilter filter(urls);
  EXPECT_FALSE(filter.active());
  EXPECT_TRUE(filter.Candidate("nothing here"));
  IntelSet empty;
  EXPECT_FALSE(Prefilter(empty).active());
}

// A campaign pack also holds names (malware, tools, actor, ATT&CK ids) and
// certificates; the log matcher never looks them up, so they must not turn
// the fast path off (the palmerworm pack did before).
TEST(Prefilter, ActiveWithCampaignNamesAndCertificates) {
  IntelSet pack = Intel(
      "type,value\ndomain,loop.microsoftmse.com\nmalware,Backdoor.Consock\ntool,PsExec\n"
      "actor,Palmerworm\nattack-technique,T1569.002\n"
      "cert-sha1,4090543dec30eefb34e9f53578b952950771f717\n");
  Prefilter filter(pack);
  EXPECT_TRUE(filter.active());
  EXPECT_FALSE(filter.Candidate("PsExec Backdoor.Consock Palmerworm T1569.002"));
  EXPECT_TRUE(filter.Candidate("query loop.microsoftmse.com A"));
}

struct Run {
  std::vector<std::string> findings;  // FindingToJson of each
  HuntStats stats;
};

Run HuntWith(std::string_view text, const IntelSet& intel, bool prefilter) {
  HuntOptions options;
  options.prefilter = prefilter;
  options.year = 2026;
  Run run;
  Diagnostics diags;
  run.stats = HuntBuffer(
      text, "t.log", intel, options,
      [&](const Finding& f) { run.findings.push_back(FindingToJson(f)); }, diags);
  return run;
}

// Findings identical with and without the prefilter; the prefilter parses
// fewer records when some lines hold nothing.
// Both strategies: token lookup (TestIntel) and the literal scan
// (LiteralIntel, which expects literal_expected findings).
void ExpectSameFindings(std::string_view text, std::size_t expected, std::size_t literal_expected) {
  for (const IntelSet* intel : {&TestIntel(), &LiteralIntel()}) {
    Run full = HuntWith(text, *intel, false);
    Run fast = HuntWith(text, *intel, true);
    EXPECT_EQ(full.findings.size(), intel == &TestIntel() ? expected : literal_expected);
    EXPECT_EQ(fast.findings, full.findings);
    EXPECT_EQ(fast.stats.records, full.stats.records);
    EXPECT_LT(fast.stats.parsed, full.stats.parsed);
  }
}

TEST(PrefilterHunt, EveNdjsonSameFindings) {
  ExpectSameFindings(
      R"({"timestamp":"2020-09-03T02:14:07+0000","event_type":"dns","dns":{"rrname":"loop.microsoftmse.com"}})"
      "\n"
      R"({"timestamp":"2020-09-03T02:15:00+0000","event_type":"dns","dns":{"rrname":"notmicrosoftmse.com"}})"
      "\n"
      R"({"timestamp":"2020-09-03T03:00:00+0000","event_type":"flow","dest_ip":"45.76.218.116"})"
      "\n"
      R"({"timestamp":"2020-09-03T03:01:00+0000","event_type":"flow","dest_ip":"198.51.100.9"})"
      "\n"
      R"({"timestamp":"2020-09-03T03:02:00+0000","event_type":"tls","tls":{"sni":"\tcdn.microsoftmse.com"}})"
      "\n"
      R"({"EventID":1,"Hashes":"MD5=BD5F9D4684E7BCB9D41D298297A73956,SHA256=00","Image":"C:\\x.exe"})"
      "\n"
      R"({"timestamp":"2020-09-03T03:03:00+0000","event_type":"flow","dest_ip":"10.0.0.1"})"
      "\n",
      4, 4);
}

TEST(PrefilterHunt, ZeekTsvSameFindings) {
  ExpectSameFindings(
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
      "#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.resp_h\tquery\tanswers\n"
      "#types\ttime\tstring\taddr\taddr\tstring\tvector[string]\n"
      "1599099247.0\tC1\t10.0.0.5\t8.8.8.8\tloop.microsoftmse.com\t45.76.218.11\n"
      "1599099248.0\tC2\t10.0.0.5\t8.8.8.8\tnotmicrosoftmse.com\t45.76.218.116\n"
      "1599099249.0\tC3\t10.0.0.5\t8.8.8.8\tother.org\t1.2.3.4,2001:db8::7\n"
      "#close\t2020-09-03-00-00-00\n",
      2, 1);
}

TEST(PrefilterHunt, CsvAndSyslogSameFindings) {
  ExpectSameFindings(
      "time,src,dst,host\n"
      "2020-09-03T02:14:07Z,10.0.0.5,45.76.218.11,a.org\n"
      "2020-09-03T02:14:08Z,10.0.0.5,45.76.218.116,notmicrosoftmse.com\n"
      "2020-09-03T02:14:09Z,10.0.0.5,10.0.0.9,www.microsoftmse.com\n"
      "2020-09-03T02:14:10Z,10.0.0.5,10.0.0.9,www.example.org\n",
      2, 2);
  ExpectSameFindings(
      "Nov 26 06:21:37 fw kernel: DST=45.76.218.116\n"
      "Nov 26 06:21:38 fw kernel: DST=45.76.218.11:443\n"
      "Nov 26 06:21:39 proxy squid: CONNECT x.microsoftmse.com:443 from [2001:db8::7]\n"
      "Nov 26 06:21:40 proxy squid: GET http://notmicrosoftmse.com/\n"
      "Nov 26 06:21:41 proxy squid: GET http://www.example.org/\n",
      2, 2);
}

TEST(PrefilterHunt, OtrfLogsSameFindings) {
  SHRIKE_REQUIRE_SHARED("corpora/otrf");
  IntelSet intel = Intel(
      "type,value\nip,10.0.5.14\ndomain,pandalab.com\ndomain,ctldl.windowsupdate.com\n"
      "ip,13.107.6.158\ncidr,192.168.56.0/28\n"
      "sha256,A5BF2ACFAC07A2854AE8BB117A518D1F55A20DA23E38A381BCCD3D6138E5A945\n"
      "md5,BD5F9D4684E7BCB9D41D298297A73956\n");
  // Literal-safe types only, so the Vectorscan literal scan runs.
  IntelSet literal = Intel(
      "type,value\nip,10.0.5.14\ndomain,pandalab.com\ndomain,ctldl.windowsupdate.com\n"
      "ip,13.107.6.158\nmd5,BD5F9D4684E7BCB9D41D298297A73956\n");
  ASSERT_TRUE(Prefilter(literal).literal());
  ASSERT_FALSE(Prefilter(intel).literal());
  std::vector<std::string> dir = {(testing::SharedDir() / "corpora/otrf").string()};
  for (const IntelSet* set : {&intel, &literal}) {
    std::vector<std::string> with, without;
    for (bool prefilter : {true, false}) {
      HuntOptions options;
      options.prefilter = prefilter;
      Diagnostics diags;
      auto& out = prefilter ? with : without;
      auto stats = HuntPaths(
          dir, *set, options, [&](const Finding& f) { out.push_back(FindingToJson(f)); }, diags);
      ASSERT_TRUE(stats.ok());
    }
    EXPECT_GT(without.size(), 50u);
    EXPECT_EQ(with, without);
  }
}

}  // namespace
}  // namespace shrike
