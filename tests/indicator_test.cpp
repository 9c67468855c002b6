#include "shrike/indicator.h"

#include <gtest/gtest.h>

#include "core/json_writer.h"
#include "core/uuid.h"

namespace shrike {
namespace {

std::string Norm(IndicatorType t, std::string_view v) {
  auto r = NormalizeValue(t, v);
  return r.ok() ? *r : "ERROR: " + r.error().message();
}

TEST(IndicatorType, NamesRoundTrip) {
  for (int i = 0; i < kIndicatorTypeCount; ++i) {
    auto type = static_cast<IndicatorType>(i);
    auto parsed = ParseIndicatorType(IndicatorTypeName(type));
    ASSERT_TRUE(parsed.has_value()) << IndicatorTypeName(type);
    EXPECT_EQ(*parsed, type);
  }
  EXPECT_EQ(IndicatorTypeName(IndicatorType::kAttackTechnique), "attack-technique");
  EXPECT_EQ(ParseIndicatorType("ip-dst"), IndicatorType::kIpv4);
  EXPECT_FALSE(ParseIndicatorType("sha257").has_value());
}

TEST(NormalizeValue, Digests) {
  EXPECT_EQ(Norm(IndicatorType::kMd5, " D41D8CD98F00B204E9800998ECF8427E "),
            "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_FALSE(NormalizeValue(IndicatorType::kSha256, std::string(63, 'a')).ok());
  EXPECT_FALSE(NormalizeValue(IndicatorType::kSha1, std::string(39, 'a') + "g").ok());
  EXPECT_EQ(
      Norm(IndicatorType::kCertSha1, "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"),
      "abcdef0123456789abcdef0123456789abcdef01");
  EXPECT_EQ(Norm(IndicatorType::kCertSerial, "0A 1B 2C"), "0a1b2c");
}

TEST(NormalizeValue, Domains) {
  EXPECT_EQ(Norm(IndicatorType::kDomain, "Loop.MicrosoftMSE.com."), "loop.microsoftmse.com");
  EXPECT_EQ(Norm(IndicatorType::kDomain, "bücher.example"), "xn--bcher-kva.example");
  EXPECT_FALSE(NormalizeValue(IndicatorType::kDomain, "localhost").ok());
  EXPECT_FALSE(NormalizeValue(IndicatorType::kDomain, "a..b.com").ok());
  EXPECT_FALSE(NormalizeValue(IndicatorType::kDomain, "bad domain.com").ok());
  EXPECT_FALSE(NormalizeValue(IndicatorType::kDomain, std::string(64, 'a') + ".com").ok());
}

TEST(NormalizeValue, Addresses) {
  EXPECT_EQ(Norm(IndicatorType::kIpv4, "45.76.218.116"), "45.76.218.116");
  EXPECT_FALSE(NormalizeValue(IndicatorType::kIpv4, "256.1.1.1").ok());
  EXPECT_FALSE(NormalizeValue(IndicatorType::kIpv4, "1.2.3").ok());
  EXPECT_EQ(Norm(IndicatorType::kIpv6, "2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  EXPECT_EQ(Norm(IndicatorType::kCidr, "10.1.2.3/8"), "10.0.0.0/8");
  EXPECT_EQ(Norm(IndicatorType::kCidr, "2001:db8::ffff/32"), "2001:db8::/32");
  EXPECT_FALSE(NormalizeValue(IndicatorType::kCidr, "10.0.0.0/33").ok());
  EXPECT_FALSE(NormalizeValue(IndicatorType::kCidr, "10.0.0.0/").ok());
}

TEST(NormalizeValue, UrlsEmailsAndIds) {
  EXPECT_EQ(Norm(IndicatorType::kUrl, "HTTP://Evil.COM/Path?Q=1"), "http://evil.com/Path?Q=1");
  EXPECT_FALSE(NormalizeValue(IndicatorType::kUrl, "evil.com/path").ok());
  EXPECT_EQ(Norm(IndicatorType::kEmail, "Bob@Evil.COM"), "Bob@evil.com");
  EXPECT_EQ(Norm(IndicatorType::kCve, "cve-2023-38831"), "CVE-2023-38831");
  EXPECT_FALSE(NormalizeValue(IndicatorType::kCve, "CVE-23-1").ok());
  EXPECT_EQ(Norm(IndicatorType::kAttackTechnique, "t1569.002"), "T1569.002");
  EXPECT_FALSE(NormalizeValue(IndicatorType::kAttackTechnique, "T15").ok());
  EXPECT_EQ(Norm(IndicatorType::kTool, "  Cobalt \n Strike "), "Cobalt Strike");
}

TEST(IsoTime, ParsesAndFormats) {
  EXPECT_EQ(ParseIsoTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(FormatIsoTime(ParseIsoTime("2019-09-03T02:14:07.123Z")), "2019-09-03T02:14:07Z");
  EXPECT_EQ(ParseIsoTime("2019-09-03T11:14:07+09:00"), ParseIsoTime("2019-09-03T02:14:07Z"));
  EXPECT_EQ(FormatIsoTime(ParseIsoTime("2019-08")), "2019-08-01T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(ParseIsoTime("2020-02-29")), "2020-02-29T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(ParseIsoTime("1969-12-31T23:59:59Z")), "1969-12-31T23:59:59Z");
  EXPECT_EQ(ParseIsoTime("2019-13-01"), kNoTime);
  EXPECT_EQ(ParseIsoTime("yesterday"), kNoTime);
  EXPECT_EQ(ParseIsoTime("2019-08-01T25:00:00Z"), kNoTime);
  EXPECT_EQ(FormatIsoTime(kNoTime), "");
}

TEST(Result, CarriesLocation) {
  Location where;
  where.file = "a.json";
  where.line = 3;
  where.column = 7;
  Error e(ErrorCode::kParse, "unexpected end", where);
  EXPECT_EQ(e.ToString(), "a.json:3:7: unexpected end");
  Location at;
  at.file = "b.bin";
  at.offset = 42;
  at.has_offset = true;
  at.record = "indicator--1";
  EXPECT_EQ(Error(ErrorCode::kParse, "bad", at).ToString(), "b.bin@42 (indicator--1): bad");
  Result<int> r = Error(ErrorCode::kIo, "nope");
  EXPECT_FALSE(r.ok());
  Result<int> v = 5;
  EXPECT_EQ(*v, 5);
}

TEST(JsonWriter, EscapesAndRepairsUtf8) {
  JsonWriter w;
  w.BeginObject()
      .Field("a", "x\"\\\n\x01")
      .Key("b")
      .BeginArray()
      .Int(-3)
      .Bool(true)
      .Null()
      .EndArray();
  w.Field("c", std::string_view("ok\xff\xe3\x81\x82", 6)).EndObject();
  EXPECT_EQ(
      w.str(),
      "{\"a\":\"x\\\"\\\\\\n\\u0001\",\"b\":[-3,true,null],\"c\":\"ok\xEF\xBF\xBD\xe3\x81\x82\"}");
}

TEST(Uuid, Version5MatchesKnownValue) {
  // Python: uuid.uuid5(uuid.UUID('00abedb4-aa42-466c-9c01-fed23315a9b7'),
  // '{"value":"example.com"}')
  EXPECT_EQ(UuidV5(kStixScoNamespace, "{\"value\":\"example.com\"}"),
            "bedb4899-d24b-5401-bc86-8f6b4cc18ec7");
}

Entity Tool(const char* name) {
  Entity e;
  e.kind = EntityKind::kTool;
  e.name = name;
  return e;
}

TEST(Intel, MergeKeepsEntitiesUnique) {
  Intel a;
  a.entities.push_back(Tool("PsExec"));
  Intel b;
  b.entities.push_back(Tool("PsExec"));
  b.entities.push_back(Tool("PuTTY"));
  Indicator ind;
  ind.type = IndicatorType::kDomain;
  ind.value = "evil.com";
  b.indicators.push_back(ind);
  a.Merge(std::move(b));
  EXPECT_EQ(a.entities.size(), 2u);
  EXPECT_EQ(a.indicators.size(), 1u);
  EXPECT_NE(a.FindEntity(EntityKind::kTool, "PuTTY"), nullptr);
}

}  // namespace
}  // namespace shrike
