// MISP event JSON: reading MISP's own export shape, round trips through the
// writer, and malformed input.
#include <gtest/gtest.h>

#include <string>

#include "formats_test_util.h"
#include "shrike/intel_io.h"
#include "test_util.h"

namespace shrike {
namespace {

using testing::ExpectSameIndicators;
using testing::FullIntel;
using testing::WarningsText;

std::string EventFile() {
  return testing::ReadTestFile(testing::SourceDir() / "tests/data/formats/misp_event.json");
}

Intel MustRead(std::string_view text, Diagnostics& diags) {
  auto intel = ReadMisp(text, "event.json", diags);
  EXPECT_TRUE(intel.ok()) << intel.error().ToString();
  return intel.ok() ? std::move(intel).value() : Intel{};
}

TEST(MispRead, ExportShapeGivesIndicatorsContextAndEntities) {
  Diagnostics diags;
  Intel intel = MustRead(EventFile(), diags);
  ASSERT_EQ(intel.indicators.size(), 13u) << WarningsText(diags);
  EXPECT_EQ(intel.name, "Palmerworm: Espionage gang targets the media, finance, and other sectors");
  const Indicator& hash = intel.indicators[0];
  EXPECT_EQ(hash.type, IndicatorType::kSha256);
  EXPECT_EQ(hash.value, "aaa1c4d2f5e6b7a8990011223344556677889900aabbccddeeff001122334455");
  EXPECT_EQ(hash.ctx().actor, "Palmerworm");
  EXPECT_EQ(hash.ctx().aliases, (std::vector<std::string>{"BlackTech", "Circuit Panda"}));
  EXPECT_EQ(hash.ctx().malware_family, "Consock");
  EXPECT_EQ(hash.ctx().campaign, intel.name);
  EXPECT_EQ(hash.ctx().description, "Backdoor.Consock loader");
  EXPECT_EQ(hash.ctx().confidence, 50);
  EXPECT_EQ(hash.ctx().tags, (std::vector<std::string>{"tlp:white"}));
  EXPECT_EQ(FormatIsoTime(hash.ctx().first_seen), "2019-08-01T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(hash.ctx().last_seen), "2020-08-15T12:00:00Z");
  EXPECT_EQ(hash.ctx().source, "event.json");
  EXPECT_EQ(intel.indicators[1].value, "loop.microsoftmse.example");
  EXPECT_EQ(intel.indicators[2].type, IndicatorType::kIpv4);
  EXPECT_EQ(intel.indicators[2].value, "203.0.113.7");  // the port is dropped
}

TEST(MispRead, CompositeObjectAndFamilyTypes) {
  Diagnostics diags;
  Intel intel = MustRead(EventFile(), diags);
  ASSERT_EQ(intel.indicators.size(), 13u);
  auto at = [&](std::size_t i) {
    return std::string(IndicatorTypeName(intel.indicators[i].type)) + " " +
           intel.indicators[i].value;
  };
  EXPECT_EQ(at(3), "domain mail.example.org");
  EXPECT_EQ(at(4), "ipv4 198.51.100.20");
  EXPECT_EQ(at(5), "filename PsExec.exe");
  EXPECT_EQ(at(6), "sha256 bbb1c4d2f5e6b7a8990011223344556677889900aabbccddeeff001122334455");
  EXPECT_EQ(intel.indicators[6].ctx().tool, "PsExec");
  EXPECT_EQ(intel.indicators[6].ctx().tags, (std::vector<std::string>{"tlp:white", "dual-use"}));
  EXPECT_EQ(at(7), "ipv6 2001:db8::7");
  EXPECT_EQ(at(8), "cve CVE-2019-0708");
  EXPECT_EQ(at(9), "filename rundll64.exe");
  EXPECT_EQ(at(10), "sha1 0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(at(11), "cert-serial 0a1b2c3d");
  EXPECT_EQ(at(12), "cert-sha1 aabbccddeeff00112233445566778899aabbccdd");
  // Same context content, same object.
  EXPECT_EQ(intel.indicators[1].context, intel.indicators[2].context);
}

TEST(MispRead, GalaxiesBecomeEntities) {
  Diagnostics diags;
  Intel intel = MustRead(EventFile(), diags);
  const Entity* actor = intel.FindEntity(EntityKind::kActor, "Palmerworm");
  ASSERT_NE(actor, nullptr);
  EXPECT_EQ(actor->aliases, (std::vector<std::string>{"BlackTech", "Circuit Panda"}));
  EXPECT_NE(actor->description.find("BlackTech"), std::string::npos);
  const Entity* technique = intel.FindEntity(EntityKind::kTechnique, "System Services");
  ASSERT_NE(technique, nullptr);
  EXPECT_EQ(technique->external_id, "T1569.002");
  EXPECT_NE(intel.FindEntity(EntityKind::kMalware, "Consock"), nullptr);
  EXPECT_NE(intel.FindEntity(EntityKind::kTool, "PsExec"), nullptr);
  EXPECT_EQ(intel.entities.size(), 4u);
}

TEST(MispRead, AttributesWithoutUuidAreNamedByIndex) {
  Diagnostics diags;
  auto intel = ReadMisp(R"({"Event":{"info":"x","Attribute":[{"type":"domain","value":"evil.com"},)"
                        R"({"type":"md5","value":"zz"}],"Object":[{"name":"file","Attribute":[)"
                        R"({"type":"weird","value":"1"}]}]}})",
                        "e.json", diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  EXPECT_EQ(intel->indicators.size(), 1u);
  ASSERT_EQ(diags.size(), 2u) << WarningsText(diags);
  EXPECT_EQ(diags.warnings()[0].where().record, "Attribute[1]");
  EXPECT_EQ(diags.warnings()[1].where().record, "object file Attribute[0]");
}

TEST(MispRead, UnknownTypesAndBadValuesWarnWithFileAndUuid) {
  Diagnostics diags;
  Intel intel = MustRead(EventFile(), diags);
  ASSERT_EQ(diags.size(), 2u) << WarningsText(diags);
  EXPECT_EQ(diags.warnings()[0].where().file, "event.json");
  EXPECT_NE(diags.warnings()[0].message().find("mutex"), std::string::npos);
  EXPECT_NE(diags.warnings()[0].where().record.find("0b1c2d3e-0007"), std::string::npos);
  EXPECT_NE(diags.warnings()[1].where().record.find("0b1c2d3e-0008"), std::string::npos);
  EXPECT_NE(diags.warnings()[1].message().find("not-a-digest"), std::string::npos);
}

TEST(MispRead, ResponseAndArrayWrappers) {
  const std::string event =
      R"({"info":"e","Attribute":[{"type":"md5","value":"0123456789abcdef0123456789abcdef"}]})";
  for (const std::string& doc :
       {R"({"response":[{"Event":)" + event + "}]}", "[{\"Event\":" + event + "}]",
        "[" + event + "]", R"({"response":[{"Event":)" + event + "},{\"Event\":" + event + "}]}"}) {
    Diagnostics diags;
    Intel intel = MustRead(doc, diags);
    ASSERT_FALSE(intel.indicators.empty()) << doc;
    EXPECT_EQ(intel.indicators[0].type, IndicatorType::kMd5);
    EXPECT_EQ(intel.name, "e");
  }
  Diagnostics diags;
  EXPECT_EQ(MustRead(R"({"response":[{"Event":)" + event + "},{\"Event\":" + event + "}]}", diags)
                .indicators.size(),
            2u);
}

TEST(MispRoundTrip, EveryIndicatorAndContextSurvives) {
  Intel intel = FullIntel();
  std::string misp = WriteMisp(intel);
  EXPECT_EQ(DetectIntelFormat("out.json", misp), IntelFormat::kMisp);
  Diagnostics diags;
  Intel back = MustRead(misp, diags);
  EXPECT_TRUE(diags.empty()) << WarningsText(diags);
  ExpectSameIndicators(intel, back);
  EXPECT_EQ(back.name, intel.name);
  // Contexts stay shared after the trip.
  EXPECT_EQ(back.indicators[0].context, back.indicators[3].context);
}

TEST(MispRoundTrip, EntitiesSurviveAsGalaxyClusters) {
  Intel intel = FullIntel();
  Diagnostics diags;
  Intel back = MustRead(WriteMisp(intel), diags);
  ASSERT_EQ(back.entities.size(), intel.entities.size());
  for (const Entity& want : intel.entities) {
    const Entity* got = back.FindEntity(want.kind, want.name);
    ASSERT_NE(got, nullptr) << want.name;
    EXPECT_EQ(got->aliases, want.aliases) << want.name;
    EXPECT_EQ(got->description, want.description) << want.name;
    EXPECT_EQ(got->external_id, want.external_id) << want.name;
    EXPECT_EQ(got->sectors, want.sectors) << want.name;
    EXPECT_EQ(got->countries, want.countries) << want.name;
  }
}

TEST(MispWrite, TypesCategoriesAndDeterminism) {
  Intel intel = FullIntel();
  std::string misp = WriteMisp(intel);
  EXPECT_EQ(misp, WriteMisp(intel));
  EXPECT_NE(misp.find(R"("type": "ip-dst")"), std::string::npos) << misp.substr(0, 2000);
  EXPECT_NE(misp.find(R"("category": "Payload delivery")"), std::string::npos);
  EXPECT_NE(misp.find(R"("category": "Network activity")"), std::string::npos);
  EXPECT_NE(misp.find(R"(misp-galaxy:threat-actor=\"Palmerworm\")"), std::string::npos);
  EXPECT_NE(misp.find(R"(estimative-language:confidence-in-analytic-judgment=\"high\")"),
            std::string::npos);
  EXPECT_NE(misp.find(R"("date": "2013-01-01")"), std::string::npos);
}

TEST(MispMalformed, TruncatedJsonIsAnErrorWithOffset) {
  std::string text = EventFile();
  std::string cut = text.substr(0, text.size() / 2);
  Diagnostics diags;
  auto intel = ReadMisp(cut, "cut.json", diags);
  ASSERT_FALSE(intel.ok());
  EXPECT_EQ(intel.error().where().file, "cut.json");
  EXPECT_TRUE(intel.error().where().has_offset);
  EXPECT_EQ(intel.error().where().offset, cut.size());
  EXPECT_NE(intel.error().message().find("truncated"), std::string::npos);
}

TEST(MispMalformed, InvalidJsonNamesTheByte) {
  Diagnostics diags;
  auto intel = ReadMisp(R"({"Event": {"info": "x",, "Attribute": []}})", "bad.json", diags);
  ASSERT_FALSE(intel.ok());
  EXPECT_EQ(intel.error().where().offset, 23u);
  EXPECT_EQ(intel.error().ToString().rfind("bad.json@23", 0), 0u) << intel.error().ToString();
}

TEST(MispMalformed, WrongShapeNamesTheMissingMember) {
  Diagnostics diags;
  auto intel = ReadMisp(R"({"Events": []})", "x.json", diags);
  ASSERT_FALSE(intel.ok());
  EXPECT_NE(intel.error().message().find("\"Event\""), std::string::npos);
  EXPECT_FALSE(ReadMisp(R"({"Event": "text"})", "x.json", diags).ok());
  EXPECT_FALSE(ReadMisp("42", "x.json", diags).ok());
}

TEST(MispMalformed, InvalidUtf8NulAndDeepNesting) {
  Diagnostics diags;
  std::string bad_utf8 = "{\"Event\":{\"info\":\"\xff\xfe\"}}";
  auto r1 = ReadMisp(bad_utf8, "u.json", diags);
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.error().where().offset, 18u);
  std::string nul = std::string("{\"Event\":{\"info\":\"a") + '\0' + "b\"}}";
  EXPECT_FALSE(ReadMisp(nul, "n.json", diags).ok());
  std::string deep(5000, '[');
  auto r3 = ReadMisp(deep + std::string(5000, ']'), "d.json", diags);
  ASSERT_FALSE(r3.ok());
  EXPECT_EQ(r3.error().code(), ErrorCode::kLimit);
}

TEST(MispMalformed, HugeValueIsAWarningNotACrash) {
  std::string huge(1 << 20, 'a');
  std::string doc = R"({"Event":{"info":"x","Attribute":[{"type":"domain","value":")" + huge +
                    R"(","uuid":"u1"},{"type":"domain|ip","value":"nobar","uuid":"u2"}]}})";
  Diagnostics diags;
  Intel intel = MustRead(doc, diags);
  EXPECT_TRUE(intel.indicators.empty());
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_LT(diags.warnings()[0].message().size(), 1000u);
  EXPECT_NE(diags.warnings()[1].message().find("'|'"), std::string::npos);
}

}  // namespace
}  // namespace shrike

namespace shrike {
namespace {

TEST(MispRead, EachEventOfAListHasItsOwnContext) {
  const std::string galaxy =
      R"("Galaxy":[{"type":"threat-actor","GalaxyCluster":[{"value":"Palmerworm",)"
      R"("meta":{"synonyms":["BlackTech"]}}]}])";
  const std::string doc =
      R"([{"Event":{"info":"one",)" + galaxy +
      R"(,"Attribute":[{"type":"domain","value":"a.example.com"}]}},)"
      R"({"Event":{"info":"two",)" +
      galaxy +
      R"(,"Attribute":[{"type":"domain","value":"b.example.com"}]}},)"
      R"({"Event":{"info":"three","Attribute":[{"type":"domain","value":"c.example.com"}]}}])";
  Diagnostics diags;
  auto intel = ReadMisp(doc, "list.json", diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  ASSERT_EQ(intel->indicators.size(), 3u);
  EXPECT_EQ(intel->indicators[0].ctx().campaign, "one");
  EXPECT_EQ(intel->indicators[1].ctx().campaign, "two");
  EXPECT_EQ(intel->indicators[1].ctx().actor, "Palmerworm");
  EXPECT_EQ(intel->indicators[1].ctx().aliases, std::vector<std::string>{"BlackTech"});
  EXPECT_EQ(intel->indicators[2].ctx().actor, "");
  EXPECT_EQ(intel->entities.size(), 1u);
}

}  // namespace
}  // namespace shrike
