#include "shrike/export.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace shrike {
namespace {

Intel MakeIntel() {
  auto ctx = std::make_shared<IndicatorContext>();
  ctx->campaign = "Test \"campaign\";\nnext";
  ctx->source = "unit-test.csv";
  Intel intel;
  auto add = [&](IndicatorType t, std::string v) {
    Indicator ind;
    ind.type = t;
    ind.value = std::move(v);
    ind.context = ctx;
    intel.indicators.push_back(std::move(ind));
  };
  add(IndicatorType::kDomain, "evil.example.com");
  add(IndicatorType::kDomain, "bad.example.org");
  add(IndicatorType::kDomain, "evil.example.com");  // duplicate
  add(IndicatorType::kIpv4, "192.0.2.7");
  add(IndicatorType::kIpv6, "2001:db8::7");
  add(IndicatorType::kCidr, "198.51.100.0/24");
  add(IndicatorType::kSha256, std::string(64, 'a'));
  add(IndicatorType::kMd5, std::string(32, 'b'));
  add(IndicatorType::kUrl, "http://evil.example.com/x.php");
  add(IndicatorType::kEmail, "a@evil.example.com");
  return intel;
}

std::string Export(const Intel& intel, ExportFormat f, Diagnostics& d,
                   const ExportOptions& o = {}) {
  return CombineExport(ExportIntel(intel, f, o, d), f);
}

bool WarnedAbout(const Diagnostics& d, const std::string& text) {
  return std::any_of(d.warnings().begin(), d.warnings().end(),
                     [&](const Error& e) { return e.ToString().find(text) != std::string::npos; });
}

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1))
    ++n;
  return n;
}

const ExportFormat kAll[] = {ExportFormat::kRpz,       ExportFormat::kUnbound, ExportFormat::kNft,
                             ExportFormat::kZeekIntel, ExportFormat::kLoki,    ExportFormat::kYara,
                             ExportFormat::kSuricata,  ExportFormat::kSigma};

TEST(ExportTest, NamesRoundTrip) {
  for (ExportFormat f : kAll) EXPECT_EQ(ParseExportFormat(ExportFormatName(f)), f);
  EXPECT_FALSE(ParseExportFormat("sigma-ish").has_value());
}

TEST(ExportTest, RpzShape) {
  Diagnostics d;
  std::string out = Export(MakeIntel(), ExportFormat::kRpz, d);
  EXPECT_NE(out.find("IN SOA"), std::string::npos);
  EXPECT_NE(out.find("\nevil.example.com CNAME .\n*.evil.example.com CNAME .\n"),
            std::string::npos);
  EXPECT_EQ(Count(out, "evil.example.com CNAME"), 2);  // de-duplicated
  // Campaign in a comment, its newline neutralised so it cannot start a record.
  EXPECT_NE(out.find("; campaign: Test \"campaign\"; next"), std::string::npos);
  // Sorted: bad.example.org before evil.example.com.
  EXPECT_LT(out.find("bad.example.org"), out.find("evil.example.com CNAME"));
  EXPECT_TRUE(WarnedAbout(d, "sha256"));  // types it cannot hold are reported
}

TEST(ExportTest, RpzSinkhole) {
  Diagnostics d;
  ExportOptions o;
  o.sinkhole = "sinkhole.example.net";
  std::string out = Export(MakeIntel(), ExportFormat::kRpz, d, o);
  EXPECT_NE(out.find("*.evil.example.com CNAME sinkhole.example.net.\n"), std::string::npos);
  o.sinkhole = "bad host;";
  Diagnostics d2;
  out = Export(MakeIntel(), ExportFormat::kRpz, d2, o);
  EXPECT_NE(out.find("evil.example.com CNAME .\n"), std::string::npos);
  EXPECT_TRUE(WarnedAbout(d2, "sinkhole"));
}

TEST(ExportTest, DomainAZoneCannotHoldIsWarnedNotDropped) {
  Intel intel = MakeIntel();
  const std::vector<std::string> bad_names = {"evil;x.example.com", "sp ace.example.com",
                                              "a..b.com", std::string(64, 'x') + ".com",
                                              std::string("nul\0.com", 8)};
  for (const std::string& bad : bad_names) {
    intel.indicators.push_back(intel.indicators[0]);
    intel.indicators.back().value = bad;
  }
  for (ExportFormat f : {ExportFormat::kRpz, ExportFormat::kUnbound, ExportFormat::kSuricata}) {
    Diagnostics d;
    std::string out = Export(intel, f, d);
    EXPECT_EQ(out.find("evil;x"), std::string::npos) << ExportFormatName(f);
    EXPECT_EQ(out.find("sp ace"), std::string::npos) << ExportFormatName(f);
    EXPECT_TRUE(WarnedAbout(d, "evil;x.example.com")) << ExportFormatName(f);
    EXPECT_TRUE(WarnedAbout(d, "sp ace.example.com")) << ExportFormatName(f);
    EXPECT_TRUE(WarnedAbout(d, "a..b.com")) << ExportFormatName(f);
    EXPECT_TRUE(WarnedAbout(d, std::string(64, 'x'))) << ExportFormatName(f);
    EXPECT_TRUE(WarnedAbout(d, "nul .com")) << ExportFormatName(f);
    EXPECT_NE(out.find("evil.example.com"), std::string::npos);  // the good ones stay
  }
}

TEST(ExportTest, UnboundShape) {
  Diagnostics d;
  std::string out = Export(MakeIntel(), ExportFormat::kUnbound, d);
  EXPECT_NE(out.find("server:\n"), std::string::npos);
  EXPECT_NE(out.find("    local-zone: \"evil.example.com.\" always_nxdomain\n"), std::string::npos);
}

TEST(ExportTest, NftShape) {
  Intel intel = MakeIntel();
  intel.indicators.push_back(intel.indicators[3]);
  intel.indicators.back().value = "999.1.1.1";
  Diagnostics d;
  std::string out = Export(intel, ExportFormat::kNft, d);
  EXPECT_NE(out.find("type ipv4_addr"), std::string::npos);
  EXPECT_NE(out.find("flags interval"), std::string::npos);
  EXPECT_NE(out.find("      192.0.2.7,\n      198.51.100.0/24\n"), std::string::npos);
  EXPECT_NE(out.find("      2001:db8::7\n"), std::string::npos);
  EXPECT_NE(out.find("ip saddr @blocklist_v4 log prefix"), std::string::npos);
  EXPECT_NE(out.find("chain forward"), std::string::npos);
  EXPECT_EQ(out.find("999.1.1.1"), std::string::npos);
  EXPECT_TRUE(WarnedAbout(d, "999.1.1.1"));
}

TEST(ExportTest, ZeekIntelShape) {
  Diagnostics d;
  Intel intel = MakeIntel();
  intel.indicators.push_back(intel.indicators[0]);
  intel.indicators.back().value = "tab\there.com";
  std::string out = Export(intel, ExportFormat::kZeekIntel, d);
  EXPECT_EQ(out.rfind("#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url\n", 0),
            0u);
  EXPECT_NE(out.find("\nevil.example.com/x.php\tIntel::URL\tunit-test.csv\t"), std::string::npos);
  EXPECT_NE(out.find("\n198.51.100.0/24\tIntel::SUBNET\t"), std::string::npos);
  EXPECT_NE(out.find("\n192.0.2.7\tIntel::ADDR\t"), std::string::npos);
  EXPECT_NE(out.find("\na@evil.example.com\tIntel::EMAIL\t"), std::string::npos);
  EXPECT_NE(out.find("Intel::FILE_HASH\tunit-test.csv\tTest \"campaign\"; next\t-\n"),
            std::string::npos);
  EXPECT_EQ(out.find("tab\there"), std::string::npos);
  EXPECT_TRUE(WarnedAbout(d, "tab"));
  EXPECT_EQ(Count(out, "\t\t"), 0);  // empty fields are "-"
}

TEST(ExportTest, LokiShape) {
  Diagnostics d;
  auto files = ExportIntel(MakeIntel(), ExportFormat::kLoki, {}, d);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].name, "shrike-hash-iocs.txt");
  EXPECT_NE(files[0].content.find("\n" + std::string(64, 'a') + ";Test \"campaign\", next"),
            std::string::npos);
  EXPECT_NE(files[1].content.find("\nevil.example.com;"), std::string::npos);
  EXPECT_NE(files[1].content.find("\n192.0.2.7;"), std::string::npos);
  std::string combined = CombineExport(files, ExportFormat::kLoki);
  EXPECT_NE(combined.find("# ==== file: shrike-c2-iocs.txt ===="), std::string::npos);
}

TEST(ExportTest, YaraShape) {
  Intel intel = MakeIntel();
  intel.indicators.push_back(intel.indicators[6]);
  intel.indicators.back().type = IndicatorType::kSha512;
  intel.indicators.back().value = std::string(128, 'c');
  Diagnostics d;
  std::string out = Export(intel, ExportFormat::kYara, d);
  EXPECT_NE(out.find("import \"hash\""), std::string::npos);
  EXPECT_NE(out.find("hash.sha256(0, filesize) == \"" + std::string(64, 'a') + "\""),
            std::string::npos);
  EXPECT_NE(out.find("hash.md5(0, filesize) == \"" + std::string(32, 'b') + "\""),
            std::string::npos);
  EXPECT_NE(out.find("campaign = \"Test \\\"campaign\\\";\\nnext\""), std::string::npos);
  EXPECT_TRUE(WarnedAbout(d, "sha512"));
}

TEST(ExportTest, YaraChunksLargeSets) {
  Intel intel = MakeIntel();
  Indicator proto = intel.indicators[6];
  for (int i = 0; i < 2500; ++i) {
    char buf[65];
    std::snprintf(buf, sizeof buf, "%064x", i);
    proto.value = buf;
    intel.indicators.push_back(proto);
  }
  Diagnostics d;
  std::string out = Export(intel, ExportFormat::kYara, d);
  EXPECT_EQ(Count(out, "\nrule "), 4);  // 3 sha256 chunks + 1 md5
}

TEST(ExportTest, SuricataShape) {
  Diagnostics d;
  ExportOptions o;
  o.sid_base = 5000;
  auto files = ExportIntel(MakeIntel(), ExportFormat::kSuricata, o, d);
  ASSERT_GE(files.size(), 2u);
  const std::string& rules = files[0].content;
  EXPECT_NE(rules.find("dns.query; dotprefix; content:\".evil.example.com\"; endswith;"),
            std::string::npos);
  EXPECT_NE(rules.find("tls.sni;"), std::string::npos);
  EXPECT_NE(rules.find("http.host;"), std::string::npos);
  EXPECT_NE(rules.find("sid:5000;"), std::string::npos);
  EXPECT_NE(rules.find("[192.0.2.7,2001:db8::7,198.51.100.0/24]"), std::string::npos);
  // msg escapes '"' and ';' of the campaign name.
  EXPECT_NE(rules.find("Test \\\"campaign\\\"\\; next"), std::string::npos);
  std::set<std::string> names;
  for (const auto& f : files) names.insert(f.name);
  EXPECT_TRUE(names.count("shrike-sha256.txt"));
  EXPECT_TRUE(names.count("shrike-md5.txt"));
}

TEST(ExportTest, SuricataDatasetForLargeDomainLists) {
  Intel intel = MakeIntel();
  Indicator proto = intel.indicators[0];
  for (int i = 0; i < 1500; ++i) {
    proto.value = "d" + std::to_string(i) + ".example.com";
    intel.indicators.push_back(proto);
  }
  Diagnostics d;
  auto files = ExportIntel(intel, ExportFormat::kSuricata, {}, d);
  auto lst = std::find_if(files.begin(), files.end(),
                          [](const ExportFile& f) { return f.name == "shrike-domains.lst"; });
  ASSERT_NE(lst, files.end());
  EXPECT_EQ(Count(lst->content, "\n"), 1502);
  EXPECT_NE(lst->content.find("ZXZpbC5leGFtcGxlLmNvbQ==\n"), std::string::npos);  // base64
  EXPECT_NE(files[0].content.find("dataset:isset,shrike-domains,type string,load "
                                  "shrike-domains.lst;"),
            std::string::npos);
}

TEST(ExportTest, DeterministicRegardlessOfOrder) {
  Intel a = MakeIntel();
  Intel b = a;
  std::reverse(b.indicators.begin(), b.indicators.end());
  for (ExportFormat f : kAll) {
    Diagnostics d1, d2;
    // Reversing changes which duplicate is "first", but both carry one context.
    EXPECT_EQ(Export(a, f, d1), Export(b, f, d2)) << ExportFormatName(f);
    EXPECT_EQ(Export(a, f, d1), Export(a, f, d2)) << ExportFormatName(f);
  }
}

TEST(ExportTest, EmptyInputGivesValidEmptyContent) {
  for (ExportFormat f : kAll) {
    Diagnostics d;
    auto files = ExportIntel(Intel{}, f, {}, d);
    ASSERT_FALSE(files.empty()) << ExportFormatName(f);
    EXPECT_TRUE(d.empty()) << ExportFormatName(f);
  }
  Diagnostics d;
  std::string rpz = Export(Intel{}, ExportFormat::kRpz, d);
  EXPECT_NE(rpz.find("IN SOA"), std::string::npos);
  EXPECT_EQ(rpz.find("CNAME"), std::string::npos);
}

TEST(ExportTest, NullContextIsTolerated) {
  Intel intel;
  Indicator ind;
  ind.type = IndicatorType::kDomain;
  ind.value = "x.example.com";
  intel.indicators.push_back(ind);
  for (ExportFormat f : kAll) {
    Diagnostics d;
    EXPECT_NE(Export(intel, f, d).find("Generated by Shrike"), std::string::npos);
  }
}

TEST(ExportTest, SigmaRulesParseAndHaveRequiredKeys) {
  Intel intel = MakeIntel();
  auto ctx = std::make_shared<IndicatorContext>(*intel.indicators[0].context);
  ctx->campaign = "it's: [a] {b}\n- injected: true";
  intel.indicators[0].context = ctx;
  Diagnostics d;
  std::string out = Export(intel, ExportFormat::kSigma, d);
  std::vector<YAML::Node> docs;
  ASSERT_NO_THROW(docs = YAML::LoadAll(out));
  ASSERT_EQ(docs.size(), 3u);
  std::set<std::string> categories, ids;
  for (const YAML::Node& rule : docs) {
    ASSERT_TRUE(rule.IsMap());
    for (const char* key : {"title", "id", "status", "logsource", "detection", "level"})
      EXPECT_TRUE(rule[key].IsDefined()) << key;
    std::string id = rule["id"].as<std::string>();
    EXPECT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '5');  // UUID version 5
    ids.insert(id);
    EXPECT_TRUE(rule["detection"]["condition"].IsScalar());
    EXPECT_FALSE(rule["injected"].IsDefined());
    categories.insert(rule["logsource"]["category"].as<std::string>());
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(categories,
            (std::set<std::string>{"dns_query", "network_connection", "process_creation"}));
  const YAML::Node& dns = docs[0]["detection"];
  EXPECT_EQ(dns["selection_2"]["QueryName|endswith"][0].as<std::string>(), ".bad.example.org");
  EXPECT_NE(docs[0]["description"].as<std::string>().find("it's: [a] {b} - injected: true"),
            std::string::npos);
  EXPECT_EQ(docs[1]["detection"]["selection_2"]["DestinationIp|cidr"][0].as<std::string>(),
            "198.51.100.0/24");
  EXPECT_EQ(docs[2]["detection"]["selection_1"]["Hashes|contains"][0].as<std::string>(),
            "MD5=" + std::string(32, 'b'));
}

TEST(ExportTest, SigmaEmptyInputIsAnEmptyStream) {
  Diagnostics d;
  std::string out = Export(Intel{}, ExportFormat::kSigma, d);
  std::vector<YAML::Node> docs = YAML::LoadAll(out);
  for (const YAML::Node& doc : docs) EXPECT_TRUE(doc.IsNull());
}

}  // namespace
}  // namespace shrike
