// Plain lists and the signature-base (Loki/THOR) list formats.
#include <gtest/gtest.h>

#include "formats_test_util.h"
#include "shrike/intel_io.h"
#include "test_util.h"

namespace shrike {
namespace {

using testing::WarningsText;

// Reads a data file as format; clean files must also be detected as it.
Intel ReadData(const std::string& name, IntelFormat format, Diagnostics& diags, bool clean = true) {
  std::string text = testing::ReadTestFile(testing::SourceDir() / "tests/data/formats" / name);
  if (clean) {
    EXPECT_EQ(DetectIntelFormat(name, text), format) << name;
  }
  auto intel = ReadList(text, name, format, diags);
  EXPECT_TRUE(intel.ok()) << intel.error().ToString();
  return intel.ok() ? std::move(intel).value() : Intel{};
}

std::string Describe(const Indicator& ind) {
  return std::string(IndicatorTypeName(ind.type)) + " " + ind.value;
}

TEST(PlainList, TypesInferredPerLine) {
  Diagnostics diags;
  Intel intel = ReadData("plain.txt", IntelFormat::kList, diags);
  std::vector<std::string> got;
  for (const auto& ind : intel.indicators) got.push_back(Describe(ind));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "sha256 aaa1c4d2f5e6b7a8990011223344556677889900aabbccddeeff001122334455",
                     "md5 0123456789abcdef0123456789abcdef",
                     "domain loop.microsoftmse.example",
                     "ipv4 203.0.113.7",
                     "ipv6 2001:db8::7",
                     "cidr 198.51.100.0/24",
                     "url http://update.example.net/payload.bin",
                     "email attacker@mail.example.org",
                 }));
  ASSERT_EQ(intel.indicators.size(), 8u);
  EXPECT_TRUE(intel.indicators[2].defanged);
  EXPECT_FALSE(intel.indicators[3].defanged);
  EXPECT_EQ(intel.indicators[2].ctx().description, "C2 domain");
  EXPECT_EQ(intel.indicators[2].line, 5u);
  EXPECT_EQ(intel.indicators[0].ctx().source, "plain.txt");
}

TEST(PlainList, BadLinesWarnWithFileAndLine) {
  Diagnostics diags;
  auto intel = ReadList("# x\nevil.example.com\nnot_a_value\n999.1.1.1\n\n203.0.113.1\n", "bad.txt",
                        IntelFormat::kList, diags);
  ASSERT_TRUE(intel.ok());
  EXPECT_EQ(intel->indicators.size(), 2u);
  ASSERT_EQ(diags.size(), 2u) << WarningsText(diags);
  EXPECT_EQ(diags.warnings()[0].where().ToString(), "bad.txt:3");
  EXPECT_EQ(diags.warnings()[1].where().ToString(), "bad.txt:4");
  EXPECT_NE(diags.warnings()[1].message().find("ipv4"), std::string::npos);
}

TEST(LokiHash, HashAndDescription) {
  Diagnostics diags;
  Intel intel = ReadData("hash-iocs.txt", IntelFormat::kLokiHash, diags, false);
  ASSERT_EQ(intel.indicators.size(), 3u);
  EXPECT_EQ(intel.indicators[0].type, IndicatorType::kSha256);
  EXPECT_EQ(intel.indicators[0].ctx().description, "Backdoor.Consock loader");
  EXPECT_EQ(intel.indicators[1].type, IndicatorType::kMd5);
  EXPECT_EQ(intel.indicators[2].type, IndicatorType::kSha1);
  EXPECT_EQ(intel.indicators[2].ctx().description, "");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.warnings()[0].where().ToString(), "hash-iocs.txt:5");
}

TEST(LokiC2, ValuesWithOptionalDescription) {
  Diagnostics diags;
  Intel intel = ReadData("c2-iocs.txt", IntelFormat::kLokiC2, diags);
  ASSERT_EQ(intel.indicators.size(), 3u) << WarningsText(diags);
  EXPECT_EQ(Describe(intel.indicators[0]), "domain loop.microsoftmse.example");
  EXPECT_EQ(intel.indicators[0].ctx().description, "Palmerworm C2 https://example.com/report");
  EXPECT_EQ(Describe(intel.indicators[2]), "ipv6 2001:db8::7");
  EXPECT_TRUE(diags.empty());
}

TEST(LokiFilename, RegexScoreAndFalsePositiveRegex) {
  Diagnostics diags;
  Intel intel = ReadData("filename-iocs.txt", IntelFormat::kLokiFilename, diags, false);
  ASSERT_EQ(intel.indicators.size(), 3u) << WarningsText(diags);
  const Indicator& first = intel.indicators[0];
  EXPECT_EQ(first.type, IndicatorType::kFilenameRegex);
  EXPECT_EQ(first.value, "\\\\Temp\\\\[a-z]{8}\\.exe");  // kept as written
  EXPECT_EQ(first.ctx().confidence, 80);
  EXPECT_EQ(first.ctx().description, "Palmerworm loader dropped into Temp");
  const Indicator& second = intel.indicators[1];
  EXPECT_EQ(second.ctx().description, "PsExec service, not the admin's own");
  EXPECT_EQ(
      second.ctx().tags,
      (std::vector<std::string>{"score=65", "false-positive-regex=\\\\Windows\\\\PSEXESVC\\.exe"}));
  EXPECT_EQ(intel.indicators[2].ctx().confidence, 100);  // score 150, capped
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags.warnings()[0].where().ToString(), "filename-iocs.txt:6");
  EXPECT_NE(diags.warnings()[0].message().find("high"), std::string::npos);
  EXPECT_EQ(diags.warnings()[1].where().ToString(), "filename-iocs.txt:7");
}

TEST(Lists, HostileInputNeverCrashes) {
  std::string nul = std::string("evil\0.example.com\n203.0.113.1\n", 30);
  std::string huge(1 << 20, '1');
  for (IntelFormat f : {IntelFormat::kList, IntelFormat::kLokiHash, IntelFormat::kLokiC2,
                        IntelFormat::kLokiFilename}) {
    for (const std::string& text : {nul, huge, std::string("\xff\xfe;\xff\n;;;;\n;\n")}) {
      Diagnostics diags;
      auto intel = ReadList(text, "h.txt", f, diags);
      ASSERT_TRUE(intel.ok());
      for (const auto& w : diags.warnings()) EXPECT_LT(w.message().size(), 1000u);
    }
  }
  Diagnostics diags;
  auto intel = ReadList(nul, "n.txt", IntelFormat::kList, diags);
  ASSERT_EQ(intel->indicators.size(), 1u);
  EXPECT_EQ(intel->indicators[0].value, "203.0.113.1");
  EXPECT_EQ(diags.size(), 1u);
}

TEST(Lists, NotAListFormatIsAnError) {
  Diagnostics diags;
  EXPECT_FALSE(ReadList("x", "x", IntelFormat::kCsv, diags).ok());
}

}  // namespace
}  // namespace shrike
