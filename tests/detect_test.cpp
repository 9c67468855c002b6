// Format detection from content, format names and write dispatch.
#include <gtest/gtest.h>

#include "formats_test_util.h"
#include "shrike/intel_io.h"
#include "test_util.h"

namespace shrike {
namespace {

std::string Data(const std::string& name) {
  return testing::ReadTestFile(testing::SourceDir() / "tests/data/formats" / name);
}

TEST(DetectIntelFormat, JsonShapes) {
  EXPECT_EQ(DetectIntelFormat("a", R"({"type":"bundle","id":"bundle--1","objects":[]})"),
            IntelFormat::kStix);
  EXPECT_EQ(DetectIntelFormat("a", R"({"objects":[]})"), IntelFormat::kStix);
  EXPECT_EQ(DetectIntelFormat("a", R"([{"type":"indicator","spec_version":"2.1"}])"),
            IntelFormat::kStix);
  EXPECT_EQ(DetectIntelFormat("a", Data("misp_event.json")), IntelFormat::kMisp);
  EXPECT_EQ(DetectIntelFormat("a", R"({"response":[]})"), IntelFormat::kMisp);
  EXPECT_EQ(DetectIntelFormat("a", R"([{"Event":{}}])"), IntelFormat::kMisp);
  EXPECT_EQ(DetectIntelFormat("a", "\xEF\xBB\xBF  {\"name\":\"x\",\"indicators\":[]}"),
            IntelFormat::kJson);
}

TEST(DetectIntelFormat, BrokenJsonGoesToTheReaderThatCanLocateTheError) {
  std::string misp = Data("misp_event.json");
  EXPECT_EQ(DetectIntelFormat("a", misp.substr(0, 300)), IntelFormat::kMisp);
  EXPECT_EQ(DetectIntelFormat("a", R"({"type": "bundle", "objects": [)"), IntelFormat::kStix);
  EXPECT_EQ(DetectIntelFormat("a", R"({"name":"x","indicators":[{)"), IntelFormat::kJson);
  EXPECT_EQ(DetectIntelFormat("x.json", "{\"foo\": "), IntelFormat::kJson);  // the name decides
  EXPECT_EQ(DetectIntelFormat("x.txt", "{\"foo\": "), IntelFormat::kProse);
  EXPECT_EQ(DetectIntelFormat("x.txt", R"({"foo": 1})"), IntelFormat::kProse);
}

TEST(DetectIntelFormat, CsvByHeader) {
  EXPECT_EQ(DetectIntelFormat("a", Data("indicators.csv")), IntelFormat::kCsv);
  EXPECT_EQ(DetectIntelFormat("a", Data("typed_columns.csv")), IntelFormat::kCsv);
  EXPECT_EQ(DetectIntelFormat("a", "\xEF\xBB\xBFioc\tcampaign\r\nx\ty\r\n"), IntelFormat::kCsv);
  // Prose whose first line has commas is not a header.
  EXPECT_EQ(DetectIntelFormat("a", "Type, value and more: the group used a domain.\n"),
            IntelFormat::kProse);
  EXPECT_EQ(DetectIntelFormat("a", "campaign,actor\nx,y\n"), IntelFormat::kProse);
  EXPECT_EQ(DetectIntelFormat("a.csv", "campaign,actor\nx,y\n"), IntelFormat::kCsv);
}

TEST(DetectIntelFormat, LineFormats) {
  EXPECT_EQ(DetectIntelFormat("a", Data("plain.txt")), IntelFormat::kList);
  EXPECT_EQ(DetectIntelFormat("a", Data("c2-iocs.txt")), IntelFormat::kLokiC2);
  EXPECT_EQ(DetectIntelFormat("a", "# h\nd41d8cd98f00b204e9800998ecf8427e;Empty\n"),
            IntelFormat::kLokiHash);
  EXPECT_EQ(DetectIntelFormat("a", "# f\n\\\\evil\\.exe;80\n\\\\x\\.dll;60;\\\\ok\n"),
            IntelFormat::kLokiFilename);
  EXPECT_EQ(DetectIntelFormat("a", "evil.example.com\n203.0.113.1\n"), IntelFormat::kList);
  EXPECT_EQ(DetectIntelFormat("c2.txt", "evil.example.com\n203.0.113.1\n"), IntelFormat::kLokiC2);
  EXPECT_EQ(DetectIntelFormat("a", ""), IntelFormat::kList);
  EXPECT_EQ(DetectIntelFormat("a", "# only comments\n\n"), IntelFormat::kList);
}

TEST(DetectIntelFormat, ProseIsTheRest) {
  EXPECT_EQ(DetectIntelFormat("report.txt",
                              "Palmerworm used loop.microsoftmse[.]example as C2.\n203.0.113.7\n"),
            IntelFormat::kProse);
  EXPECT_EQ(DetectIntelFormat("a", std::string("\0\1\2\3", 4)), IntelFormat::kProse);
  EXPECT_EQ(DetectIntelFormat("a", "[1] See the appendix.\n"), IntelFormat::kProse);
}

TEST(DetectIntelFormat, WrittenFormatsAreDetected) {
  Intel intel = testing::FullIntel();
  EXPECT_EQ(DetectIntelFormat("x", WriteMisp(intel)), IntelFormat::kMisp);
  EXPECT_EQ(DetectIntelFormat("x", WriteCsv(intel)), IntelFormat::kCsv);
  EXPECT_EQ(DetectIntelFormat("x", WriteJsonIntel(intel)), IntelFormat::kJson);
}

TEST(IntelFormatNames, RoundTripAndAliases) {
  for (IntelFormat f : {IntelFormat::kStix, IntelFormat::kMisp, IntelFormat::kCsv,
                        IntelFormat::kJson, IntelFormat::kList, IntelFormat::kLokiHash,
                        IntelFormat::kLokiC2, IntelFormat::kLokiFilename, IntelFormat::kProse}) {
    EXPECT_EQ(ParseIntelFormat(IntelFormatName(f)), f) << IntelFormatName(f);
  }
  EXPECT_EQ(ParseIntelFormat("MISP"), IntelFormat::kMisp);
  EXPECT_EQ(IntelFormatName(IntelFormat::kLokiHash), "loki-hash");
  EXPECT_FALSE(ParseIntelFormat("yaml").has_value());
  EXPECT_FALSE(ParseIntelFormat("unknown").has_value());
}

TEST(WriteIntel, DispatchAndReadOnlyFormats) {
  Intel intel = testing::FullIntel();
  auto csv = WriteIntel(intel, IntelFormat::kCsv);
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(*csv, WriteCsv(intel));
  auto misp = WriteIntel(intel, IntelFormat::kMisp);
  ASSERT_TRUE(misp.ok());
  EXPECT_EQ(*misp, WriteMisp(intel));
  auto list = WriteIntel(intel, IntelFormat::kList);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().code(), ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace shrike
