// CSV: the RFC 4180 tokenizer, the intel CSV reader (named and typed
// columns), the writer, and the round trip.
#include "intel/csv.h"

#include <gtest/gtest.h>

#include "formats_test_util.h"
#include "shrike/intel_io.h"
#include "test_util.h"

namespace shrike {
namespace {

using intel_internal::CsvRecord;
using intel_internal::CsvTokenizer;
using testing::ExpectSameIndicators;
using testing::FullIntel;
using testing::WarningsText;

std::vector<std::vector<std::string>> Tokenize(std::string_view text) {
  static const std::string kFile = "t.csv";
  CsvTokenizer tokenizer(text, kFile);
  std::vector<std::vector<std::string>> rows;
  CsvRecord record;
  while (true) {
    auto more = tokenizer.Next(record);
    EXPECT_TRUE(more.ok()) << more.error().ToString();
    if (!more.ok() || !*more) break;
    rows.push_back(record.fields);
  }
  return rows;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvTokenizer, QuotesEscapesAndEmptyFields) {
  EXPECT_EQ(Tokenize("a,\"b,c\",\"d\"\"e\",\n,,\n"),
            (Rows{{"a", "b,c", "d\"e", ""}, {"", "", ""}}));
}

TEST(CsvTokenizer, CrlfEmbeddedNewlinesAndBom) {
  EXPECT_EQ(Tokenize("\xEF\xBB\xBFh1,h2\r\n\"x\r\ny\",z\r\nlast,row"),
            (Rows{{"h1", "h2"}, {"x\r\ny", "z"}, {"last", "row"}}));
}

TEST(CsvTokenizer, LinesAndOffsetsOfRecords) {
  static const std::string kFile = "t.csv";
  std::string text = "a\n\"b\nc\"\nd\n";
  CsvTokenizer tokenizer(text, kFile);
  CsvRecord r;
  ASSERT_TRUE(*tokenizer.Next(r));
  ASSERT_TRUE(*tokenizer.Next(r));
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(r.offset, 2u);
  ASSERT_TRUE(*tokenizer.Next(r));
  EXPECT_EQ(r.line, 4u);
  EXPECT_EQ(r.fields, std::vector<std::string>{"d"});
  EXPECT_FALSE(*tokenizer.Next(r));
}

TEST(CsvTokenizer, UnclosedQuoteIsAnErrorAtItsLine) {
  static const std::string kFile = "t.csv";
  CsvTokenizer tokenizer("a,b\n1,\"open\nstill open", kFile);
  CsvRecord r;
  ASSERT_TRUE(*tokenizer.Next(r));
  auto second = tokenizer.Next(r);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().where().file, "t.csv");
  EXPECT_EQ(second.error().where().line, 2u);
}

TEST(CsvTokenizer, StrayQuoteInUnquotedFieldIsText) {
  EXPECT_EQ(Tokenize("ab\"c,\"d\"e\n"), (Rows{{"ab\"c", "de"}}));
}

TEST(CsvRead, NamedColumnsCaseInsensitiveWithContext) {
  std::string text =
      testing::ReadTestFile(testing::SourceDir() / "tests/data/formats/indicators.csv");
  Diagnostics diags;
  auto intel = ReadCsv(text, "indicators.csv", diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  ASSERT_EQ(intel->indicators.size(), 5u) << WarningsText(diags);
  const Indicator& a = intel->indicators[0];
  EXPECT_EQ(a.value, "aaa1c4d2f5e6b7a8990011223344556677889900aabbccddeeff001122334455");
  EXPECT_EQ(a.ctx().aliases, (std::vector<std::string>{"BlackTech", "Circuit Panda"}));
  EXPECT_EQ(a.ctx().malware_family, "Backdoor.Consock");
  EXPECT_EQ(a.ctx().confidence, 80);
  EXPECT_EQ(a.ctx().source, "symantec");
  EXPECT_EQ(FormatIsoTime(a.ctx().last_seen), "2020-08-31T00:00:00Z");
  EXPECT_EQ(a.ctx().tags, (std::vector<std::string>{"apt", "tlp:amber"}));
  EXPECT_EQ(a.ctx().description, "loader, stage 1");
  EXPECT_EQ(a.line, 2u);
  EXPECT_EQ(intel->indicators[1].ctx().description, "C2 \"primary\"");
  EXPECT_EQ(intel->indicators[1].ctx().confidence, -1);        // "high" is not a number
  EXPECT_EQ(intel->indicators[2].type, IndicatorType::kIpv6);  // ip-dst holding IPv6
  EXPECT_EQ(intel->indicators[3].type, IndicatorType::kIpv4);  // inferred
  EXPECT_EQ(intel->indicators[4].type, IndicatorType::kUrl);
  EXPECT_EQ(intel->indicators[4].line, 8u);
  EXPECT_EQ(intel->indicators[4].ctx().description, "embedded\nnewline");
}

TEST(CsvRead, BadCellsWarnWithFileAndLine) {
  std::string text =
      testing::ReadTestFile(testing::SourceDir() / "tests/data/formats/indicators.csv");
  Diagnostics diags;
  auto intel = ReadCsv(text, "indicators.csv", diags);
  ASSERT_TRUE(intel.ok());
  ASSERT_EQ(diags.size(), 3u) << WarningsText(diags);
  EXPECT_EQ(diags.warnings()[0].where().ToString(), "indicators.csv:3");  // confidence "high"
  EXPECT_EQ(diags.warnings()[1].where().ToString(), "indicators.csv:6");
  EXPECT_NE(diags.warnings()[1].message().find("mutex"), std::string::npos);
  EXPECT_EQ(diags.warnings()[2].where().line, 7u);
  EXPECT_NE(diags.warnings()[2].message().find("999.1.1.1"), std::string::npos);
}

TEST(CsvRead, TypedColumnsGiveOneIndicatorPerCell) {
  std::string text =
      testing::ReadTestFile(testing::SourceDir() / "tests/data/formats/typed_columns.csv");
  Diagnostics diags;
  auto intel = ReadCsv(text, "typed.csv", diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  EXPECT_TRUE(diags.empty()) << WarningsText(diags);
  ASSERT_EQ(intel->indicators.size(), 4u);
  EXPECT_EQ(intel->indicators[1].value, "evil.example.com");
  EXPECT_EQ(intel->indicators[1].ctx().actor, "Palmerworm");
  EXPECT_EQ(intel->indicators[1].ctx().source, "typed.csv");  // no source column: the file
  EXPECT_EQ(intel->indicators[2].type, IndicatorType::kCidr);
  EXPECT_EQ(intel->indicators[3].ctx().actor, "");
  EXPECT_EQ(intel->indicators[0].context, intel->indicators[1].context);
}

TEST(CsvRead, HeaderIsRequired) {
  Diagnostics diags;
  auto no_value = ReadCsv("campaign,actor\nx,y\n", "h.csv", diags);
  ASSERT_FALSE(no_value.ok());
  EXPECT_EQ(no_value.error().where().ToString(), "h.csv:1");
  EXPECT_FALSE(ReadCsv("", "e.csv", diags).ok());
  EXPECT_FALSE(ReadCsv("type,value\nsha256,\"unterminated\n", "u.csv", diags).ok());
}

TEST(CsvRead, NulBytesAndInvalidUtf8AreWarningsNotCrashes) {
  std::string text = std::string("type,value\ndomain,ev\0il.example.com\n", 36) +
                     "domain,\xff\xfe.example.com\nipv4,203.0.113.1\n";
  Diagnostics diags;
  auto intel = ReadCsv(text, "n.csv", diags);
  ASSERT_TRUE(intel.ok());
  ASSERT_EQ(intel->indicators.size(), 1u) << WarningsText(diags);
  EXPECT_EQ(diags.size(), 2u);
}

TEST(CsvWrite, HeaderAndQuoting) {
  Intel intel = FullIntel();
  std::string csv = WriteCsv(intel);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "type,value,campaign,actor,aliases,malware_family,tool,confidence,source,first_seen,"
            "last_seen,tags,description");
  EXPECT_NE(csv.find("\"C2, \"\"quoted\"\" and\nmultiline, 日本語\""), std::string::npos);
  EXPECT_NE(csv.find("BlackTech|Circuit Panda"), std::string::npos);
  EXPECT_EQ(DetectIntelFormat("x.txt", csv), IntelFormat::kCsv);
}

TEST(CsvRoundTrip, EveryIndicatorAndContextSurvives) {
  Intel intel = FullIntel();
  Diagnostics diags;
  auto back = ReadCsv(WriteCsv(intel), "out.csv", diags);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_TRUE(diags.empty()) << WarningsText(diags);
  ExpectSameIndicators(intel, *back);
  EXPECT_EQ(back->indicators[0].context, back->indicators[3].context);
}

}  // namespace
}  // namespace shrike
