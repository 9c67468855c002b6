#include "shrike/finding.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>

#include "core/json_writer.h"

namespace shrike {
namespace {

TEST(CombineScores, ThorStyle) {
  EXPECT_EQ(CombineScores({}), 0);
  EXPECT_EQ(CombineScores({80}), 80);
  // 100 * (1 - (1 - 0.8) * (1 - 0.6 / 2)) = 86
  EXPECT_EQ(CombineScores({60, 80}), 86);
  // 100 * (1 - (1 - 0.7) * (1 - 0.7 / 2) * (1 - 0.7 / 4)) = 83.9
  EXPECT_EQ(CombineScores({70, 70, 70}), 84);
  EXPECT_EQ(CombineScores({100, 5}), 100);
  EXPECT_EQ(CombineScores({150, -3}), 100) << "sub-scores are clamped to 0..100";
}

TEST(FindingToJson, EcsShapeOfAnIocHitInADnsLog) {
  auto context = std::make_shared<IndicatorContext>();
  context->actor = "Palmerworm";
  context->aliases = {"BlackTech"};
  context->source = "palmerworm";
  Indicator ind;
  ind.type = IndicatorType::kDomain;
  ind.value = "loop.microsoftmse.com";
  ind.context = context;

  Finding f;
  f.timestamp = ParseIsoTime("2019-09-03T02:14:07Z");
  f.dataset = "shrike.hunt";
  f.category = {"network"};
  f.severity = 73;
  f.host = "ws-eng-014";
  f.rule_name = "Palmerworm C2 domain";
  f.enrichments.push_back({"loop.microsoftmse.com", "dns.question.name", &ind});
  f.fields.emplace_back("dns.question.name", "loop.microsoftmse.com");
  f.fields.emplace_back("dns.question.type", "A");
  f.log_path = "logs/dns.log";
  f.log_offset = 48213;
  EXPECT_EQ(FindingToJson(f),
            R"({"@timestamp":"2019-09-03T02:14:07Z","event":{"kind":"alert",)"
            R"("category":["network"],"dataset":"shrike.hunt","severity":73,"risk_score":73},)"
            R"("host":{"name":"ws-eng-014"},)"
            R"("dns":{"question":{"name":"loop.microsoftmse.com","type":"A"}},)"
            R"("log":{"file":{"path":"logs/dns.log"},"offset":48213},)"
            R"("threat":{"enrichments":[{"matched":{"atomic":"loop.microsoftmse.com",)"
            R"("field":"dns.question.name","type":"indicator_match_rule"},)"
            R"("indicator":{"type":"domain-name","provider":"palmerworm"}}],)"
            R"("group":{"name":"Palmerworm","alias":["BlackTech"]}},)"
            R"("rule":{"ruleset":"ioc","name":"Palmerworm C2 domain"}})");
}

// Dotted names nest as objects whose keys are ordered segment by segment; a
// repeated name is an array; a number replaces strings of its name; a name
// holding a value hides longer names below it; the record's place wins.
TEST(FindingToJson, NestingOfDottedNames) {
  Finding f;
  f.rule_ruleset = "sigma";
  f.fields = {{"a-c", "3"},        {"a.b", "1"},           {"x.y.z", "deep"},
              {"tags", "t1"},      {"tags", "t2"},         {"n", "text"},
              {"leaf", "v"},       {"leaf.below", "gone"}, {"log.file.path", "fake"},
              {"x.y.w", "sibling"}};
  f.numeric_fields = {{"n", 7}};
  f.log_path = "real.log";
  f.log_offset = 12;
  EXPECT_EQ(FindingToJson(f),
            "{\"event\":{\"kind\":\"alert\",\"severity\":0,\"risk_score\":0},"
            "\"a\":{\"b\":\"1\"},\"a-c\":\"3\",\"leaf\":\"v\","
            "\"log\":{\"file\":{\"path\":\"real.log\"},\"offset\":12},\"n\":7,"
            "\"tags\":[\"t1\",\"t2\"],\"x\":{\"y\":{\"w\":\"sibling\",\"z\":\"deep\"}},"
            "\"rule\":{\"ruleset\":\"sigma\"}}");
}

TEST(FindingToJson, FileFindingWithNumericFields) {
  Finding f;
  f.dataset = "shrike.sweep";
  f.category = {"file"};
  f.fields.emplace_back("file.path", "/srv/a\"b.exe");
  f.fields.emplace_back("file.hash.sha256", "00");
  f.numeric_fields.emplace_back("file.size", 1234);
  EXPECT_EQ(FindingToJson(f),
            R"({"event":{"kind":"alert","category":["file"],"dataset":"shrike.sweep",)"
            R"("severity":0,"risk_score":0},"file":{"hash":{"sha256":"00"},)"
            R"("path":"/srv/a\"b.exe","size":1234},"rule":{"ruleset":"ioc"}})");
}

// Strings are written as JsonWriter writes them (escapes, control bytes,
// valid and invalid UTF-8, every length around the eight-byte steps).
TEST(FindingToJson, StringsAsJsonWriterWritesThem) {
  std::mt19937 rng(6);
  const std::string alphabet =
      std::string("aZ09 \\\"/.\x7f\x01\n\t") + "\xc2\xae\xe2\x82\xac\xff\x80";
  std::vector<std::string> values = {"",
                                     "plain",
                                     "C:\\Windows\\System32\\cmd.exe",
                                     "say \"hi\"",
                                     "Microsoft\xc2\xae Windows\xc2\xae",
                                     "bad \xff utf8",
                                     std::string("nul\0in", 6)};
  for (int n = 0; n < 2000; ++n) {
    std::string v;
    std::size_t len = rng() % 100;
    for (std::size_t i = 0; i < len; ++i) {
      // mostly plain bytes, so that eight-byte runs occur
      v += rng() % 4 != 0 ? static_cast<char>('a' + rng() % 26) : alphabet[rng() % alphabet.size()];
    }
    values.push_back(v);
  }
  for (const std::string& v : values) {
    Finding f;
    f.fields.emplace_back("k", v);
    f.host = v + "x";  // a key's value too
    std::string quoted, host;
    JsonWriter::AppendQuoted(quoted, v);
    JsonWriter::AppendQuoted(host, v + "x");
    EXPECT_EQ(FindingToJson(f),
              "{\"event\":{\"kind\":\"alert\",\"severity\":0,\"risk_score\":0},"
              "\"host\":{\"name\":" +
                  host + "},\"k\":" + quoted + ",\"rule\":{\"ruleset\":\"ioc\"}}");
  }
}

// AppendFindingJson appends; FindingToJson gives the same object.
TEST(FindingToJson, AppendKeepsWhatTheBufferHeld) {
  Finding f;
  f.fields = {{"b", "2"}, {"a.x", "1"}, {"a", "0"}};
  std::string out = "prefix\n";
  AppendFindingJson(f, out);
  EXPECT_EQ(out, "prefix\n" + FindingToJson(f));
  AppendFindingJson(f, out);
  EXPECT_EQ(out, "prefix\n" + FindingToJson(f) + FindingToJson(f));
}

}  // namespace
}  // namespace shrike

TEST(StixIndicatorType, CidrBlocksByFamily) {
  auto type_of = [](shrike::IndicatorType type, const char* value) {
    shrike::Indicator indicator;
    indicator.type = type;
    indicator.value = value;
    return std::string(shrike::StixIndicatorType(indicator));
  };
  EXPECT_EQ(type_of(shrike::IndicatorType::kCidr, "45.76.218.0/24"), "ipv4-addr");
  EXPECT_EQ(type_of(shrike::IndicatorType::kCidr, "2001:db8:dead::/48"), "ipv6-addr");
  EXPECT_EQ(type_of(shrike::IndicatorType::kIpv6, "2001:db8::1"), "ipv6-addr");
  EXPECT_EQ(type_of(shrike::IndicatorType::kDomain, "example.org"), "domain-name");
}
