// Extraction on real text: the Palmerworm report (Japanese) and the
// ioc-fanger corpus of defanged lines with their fanged twins.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/strings.h"
#include "shrike/extract.h"
#include "shrike/names.h"
#include "shrike/warninglist.h"
#include "test_util.h"

namespace shrike {
namespace {

using TypedValue = std::pair<std::string, std::string>;
using ValueSet = std::set<TypedValue>;

ValueSet Observables(const Extraction& x) {
  ValueSet out;
  for (const Indicator& ind : x.indicators) {
    if (IsObservable(ind.type)) out.emplace(std::string(IndicatorTypeName(ind.type)), ind.value);
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ExtractCorpus, PalmerwormReportYieldsExactlyItsIndicators) {
  SHRIKE_REQUIRE_SHARED("reports/palmerworm-symantec.ja.txt");
  std::string text =
      testing::ReadTestFile(testing::SharedDir() / "reports/palmerworm-symantec.ja.txt");
  ExtractOptions options;
  options.source = "palmerworm-symantec.ja.txt";
  Extraction x = ExtractIndicators(text, options);

  ValueSet expected;
  for (const char* h : {"28ca0c218e14041b9f32a0b9a17d6ee5804e4ff52e9ef228a1f0f8b00ba24c11",
                        "3277e3f370319f667170fc7333fc5e081a0a87cb85b928219b3b3caf7f1e549c",
                        "35bd3c96abbf9e4da9f7a4433d72f90bfe230e3e897a7aaf6f3d54e9ff66a05a",
                        "485d5af4ad86e9241abd824df7b3f7d658b1b77c7dcc3c9b74bfe1ddc074c87d",
                        "4c05ee584530fd9622b9e3be555c9132fad961848ea215ecb0dd9430df7e4ed8",
                        "50ba9a2235b9b67e16e6bd26ae042a958d065eb2c5273f07eee20ec86c58a653",
                        "5818bfe75d73a92eb775fae3b876086a9e70e1e677b7c162b49fb8c1cc996788",
                        "5a35672f293f8f586fa9cfac0b09c2c52a85d4e8bc77b1ed4d7c16c58fe97a81",
                        "69d60562a8d69500e8cb47a48293894385743716e2214fd4e81682ab6ed1c46b",
                        "6d40c289a154142cdd5298e345bcea30b13f26b9eddfe2d9634e71e1fb935fbe",
                        "6f97022782d63c6cea53ad151c5b7e764e62533d8257e439033c0307437bfb2a",
                        "73799d67d32a2b5554c39330e81e7c8069feaa56520e22a7fd0a52e8857c510c",
                        "81a4b84700b5f4770b11a5fe30a8df42e5579fd622fd54143b3d2578df4b559d",
                        "884cefccd5b3c3a219a176c0c614834b5b6676abbac1d1c98f39624fccc71bf9",
                        "8cd6dfffc251f9571f7a82cca2eca09914c950f3b96aaaeaeaaeeac342f9b550",
                        "8da532ea294cc2c99e02ce8513a15b108a7c49bd90f7001ce6148955304733cb",
                        "9c436db49b27bed20b42157b50d8bdad414b12f01e2127718250565017a08d84",
                        "9e3ecda0f8e23116e1e8f2853cf07837dd5bc0e2e4a70d927b37cfe4f6e69431",
                        "a7f3b8afb963528b4821b6151d259cf05ae970bc4400b805f7713bd8a0902a42",
                        "aa51b69d05741144d139b422c3b90fdf6d7d5a36dd6c7090c226a0fc155ada34",
                        "b32ab70f3f441a775771d6c824d4526715460c0fd72a1dfdec8cd531aef5fabd",
                        "d4d5c73c40f50cdef1500fca8329bc8f3f05f6e2ffda9c8feb9be1dcca6ccd31",
                        "eed2ab9f2c09e47c7689204ad7f91e5aef3cb25a41ea524004a48bb7dc59f969",
                        "f11e2146b4b7da69112f4681daca0c5ec18917acc4cf4f78d8bff7ac0b53e15c",
                        "f21601686a2af1a312e0f99effa2c2755f872b693534dbe14f034fa23587ac0b"}) {
    expected.emplace("sha256", h);
  }
  expected.emplace("domain", "asiainfo.hpcloudnews.com");
  expected.emplace("domain", "loop.microsoftmse.com");
  for (const char* ip : {"103.40.112.228", "172.104.92.110", "45.76.218.116", "45.77.181.203"}) {
    expected.emplace("ipv4", ip);
  }
  ASSERT_EQ(expected.size(), 31u);
  // Exactly these, and no other hash, domain, address, URL, email or CIDR.
  EXPECT_EQ(Observables(x), expected);
  EXPECT_TRUE(x.benign.empty());

  // Each value points at its source form and line.
  for (const Indicator& ind : x.indicators) {
    ASSERT_LT(ind.offset, text.size());
    if (IsObservable(ind.type)) {
      EXPECT_EQ(text.compare(ind.offset, ind.value.size(), ind.value), 0) << ind.value;
      EXPECT_GT(ind.line, 100u) << ind.value;
    }
    EXPECT_EQ(ind.ctx().source, "palmerworm-symantec.ja.txt");
  }

  // Vendor detection names are malware whatever the dictionary holds.
  std::set<std::string> malware;
  std::set<std::string> tools;
  for (const Indicator& ind : x.indicators) {
    if (ind.type == IndicatorType::kMalware) malware.insert(ind.value);
    if (ind.type == IndicatorType::kTool) tools.insert(ind.value);
  }
  for (const char* name : {"Backdoor.Consock", "Backdoor.Waship", "Backdoor.Dalwit",
                           "Backdoor.Nomri", "Backdoor.Kivars", "Backdoor.Pled"}) {
    EXPECT_EQ(malware.count(name), 1u) << name;
  }
  // The tools come from the name dictionary (packs/common/names.tsv and the
  // palmerworm pack).
  if (NameDictionary::Builtin().size() > 0) {
    std::printf("[ tools    ] ");
    for (const std::string& t : tools) std::printf("%s; ", t.c_str());
    std::printf("\n");
    for (const char* tool : {"PsExec", "PuTTY", "SNScan", "WinRAR"}) {
      bool found = false;
      for (const std::string& t : tools) found = found || EqualsIgnoreCase(t, tool);
      EXPECT_TRUE(found) << tool;
    }
  }
}

TEST(ExtractCorpus, DefangedLinesMatchTheirFangedTwins) {
  SHRIKE_REQUIRE_SHARED("corpora/ioc-fanger/sample_text_defanged.txt");
  auto dir = testing::SharedDir() / "corpora/ioc-fanger";
  std::vector<std::string> defanged =
      Lines(testing::ReadTestFile(dir / "sample_text_defanged.txt"));
  std::vector<std::string> fanged = Lines(testing::ReadTestFile(dir / "sample_text_fanged.txt"));
  ASSERT_EQ(defanged.size(), fanged.size());
  ASSERT_GT(defanged.size(), 1000u);

  // Warninglists would move some values to `benign` on both sides alike;
  // keep them so that every value is compared.
  ExtractOptions options;
  options.keep_benign = true;
  std::size_t pass = 0;
  std::size_t with_ioc = 0;
  std::size_t found_defanged = 0;
  for (std::size_t i = 0; i < defanged.size(); ++i) {
    ValueSet from_defanged = Observables(ExtractIndicators(defanged[i], options));
    ValueSet from_fanged = Observables(ExtractIndicators(fanged[i], options));
    if (from_defanged == from_fanged) {
      ++pass;
    } else {
      ADD_FAILURE() << "line " << i + 1 << ": '" << defanged[i] << "' vs '" << fanged[i] << "'";
    }
    if (!from_fanged.empty()) {
      ++with_ioc;
      found_defanged += !from_defanged.empty();
    }
  }
  double rate = 100.0 * static_cast<double>(pass) / static_cast<double>(defanged.size());
  std::printf(
      "[ ioc-fang ] %zu/%zu lines agree (%.2f%%); %zu/%zu lines with an IOC found defanged\n", pass,
      defanged.size(), rate, found_defanged, with_ioc);
  EXPECT_EQ(pass, defanged.size());
  EXPECT_EQ(found_defanged, with_ioc);
  // Every line of the corpus holds an indicator.
  EXPECT_EQ(with_ioc, defanged.size());
}

}  // namespace
}  // namespace shrike
