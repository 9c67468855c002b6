#include "shrike/names.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "shrike/packs.h"

namespace shrike {
namespace {

NameDictionary Small() {
  NameDictionary d;
  d.Add({IndicatorType::kTool, "PsExec", {"psexec.exe", "PSEXESVC"}});
  d.Add({IndicatorType::kTool, "Cobalt Strike", {"CobaltStrike"}});
  d.Add({IndicatorType::kTool, "Cobalt", {}});
  d.Add({IndicatorType::kActor, "BlackTech", {"Palmerworm", "Circuit Panda"}});
  d.Add({IndicatorType::kMalware, "Inc.", {}});
  return d;
}

// The matched text and canonical names, in order.
std::vector<std::pair<std::string, std::string>> Hits(const NameDictionary& d,
                                                      std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const NameMatch& m : d.Find(text)) {
    out.emplace_back(std::string(text.substr(m.begin, m.end - m.begin)), m.entry->canonical);
  }
  return out;
}

using Hit = std::pair<std::string, std::string>;

TEST(NameDictionaryTest, FindsWholeWordsOnly) {
  NameDictionary d = Small();
  EXPECT_EQ(Hits(d, "the actor used PsExec to move"), (std::vector<Hit>{{"PsExec", "PsExec"}}));
  EXPECT_TRUE(Hits(d, "PsExecutor and xPsExec and PsExec_2").empty());
  EXPECT_EQ(Hits(d, "PsExec"), (std::vector<Hit>{{"PsExec", "PsExec"}}));
}

TEST(NameDictionaryTest, CaseInsensitiveAndAliasesMapToCanonical) {
  NameDictionary d = Small();
  EXPECT_EQ(Hits(d, "PSEXEC, psexesvc; palmerworm"),
            (std::vector<Hit>{
                {"PSEXEC", "PsExec"}, {"psexesvc", "PsExec"}, {"palmerworm", "BlackTech"}}));
}

TEST(NameDictionaryTest, LongestMatchWinsWhereNamesOverlap) {
  NameDictionary d = Small();
  EXPECT_EQ(
      Hits(d, "ran psexec.exe and Cobalt Strike, then Cobalt"),
      (std::vector<Hit>{
          {"psexec.exe", "PsExec"}, {"Cobalt Strike", "Cobalt Strike"}, {"Cobalt", "Cobalt"}}));
}

TEST(NameDictionaryTest, NonAsciiBytesAreBoundaries) {
  NameDictionary d = Small();
  EXPECT_EQ(Hits(d, "攻撃者はPsExecを使用し、Palmerwormは"),
            (std::vector<Hit>{{"PsExec", "PsExec"}, {"Palmerworm", "BlackTech"}}));
}

TEST(NameDictionaryTest, NameEndingInPunctuationNeedsNoBoundaryAfterIt) {
  NameDictionary d = Small();
  EXPECT_EQ(Hits(d, "Acme Inc.com"), (std::vector<Hit>{{"Inc.", "Inc."}}));
  EXPECT_TRUE(Hits(d, "XInc.").empty());
}

TEST(NameDictionaryTest, OffsetsAreIntoTheText) {
  NameDictionary d = Small();
  auto m = d.Find("xx Circuit Panda.");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].begin, 3u);
  EXPECT_EQ(m[0].end, 16u);
  EXPECT_EQ(m[0].entry->type, IndicatorType::kActor);
}

TEST(NameDictionaryTest, EmptyDictionaryAndEmptyText) {
  NameDictionary empty;
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_TRUE(empty.Find("PsExec").empty());
  EXPECT_TRUE(Small().Find("").empty());
}

TEST(NameDictionaryTest, SameTypeEntriesSharingANameMergeAndTheLaterNameWins) {
  NameDictionary d = Small();
  std::size_t before = d.size();
  d.Add({IndicatorType::kActor, "Radio Panda", {"palmerworm"}});
  EXPECT_EQ(d.size(), before);
  EXPECT_EQ(Hits(d, "BlackTech, Radio Panda"),
            (std::vector<Hit>{{"BlackTech", "Radio Panda"}, {"Radio Panda", "Radio Panda"}}));
  const NameEntry* e = d.Find("BlackTech")[0].entry;
  EXPECT_EQ(e->aliases, (std::vector<std::string>{"Palmerworm", "Circuit Panda", "BlackTech"}));
  // A different type does not merge.
  d.Add({IndicatorType::kMalware, "Radio Panda", {}});
  EXPECT_EQ(d.size(), before + 1);
}

TEST(NameDictionaryTest, GenericWordsAreNeverNames) {
  NameDictionary d;
  d.Add({IndicatorType::kMalware, "Palmerworm downloader ", {"Trojan", " backdoor ", "RAT"}});
  EXPECT_TRUE(d.Find("a Trojan backdoor RAT").empty());
  EXPECT_EQ(d.Find("the Palmerworm downloader").size(), 1u);
}

TEST(NameDictionaryTest, ExactCaseRuleCarriesOverToLaterEntries) {
  NameDictionary d;
  ASSERT_TRUE(d.AddTsv("malware\t=PLEAD\n", "n.tsv").ok());
  d.Add({IndicatorType::kMalware, "Backdoor.Pled", {"Plead"}});
  EXPECT_EQ(Hits(d, "we plead; Plead; PLEAD"), (std::vector<Hit>{{"PLEAD", "Backdoor.Pled"}}));
}

TEST(NameDictionaryTest, AddAfterFindRecompiles) {
  NameDictionary d = Small();
  EXPECT_TRUE(d.Find("Mimikatz").empty());
  d.Add({IndicatorType::kTool, "Mimikatz", {}});
  EXPECT_EQ(Hits(d, "Mimikatz"), (std::vector<Hit>{{"Mimikatz", "Mimikatz"}}));
}

TEST(NameDictionaryTest, TsvParsesAliasesAndExactCaseMarker) {
  NameDictionary d;
  ASSERT_TRUE(
      d.AddTsv("# comment\n\ntool\tRclone\trclone.exe\r\nmalware\t=PLEAD\tPLEAD RAT\n", "t.tsv")
          .ok());
  EXPECT_EQ(d.size(), 2u);
  EXPECT_EQ(Hits(d, "rclone.exe then PLEAD"),
            (std::vector<Hit>{{"rclone.exe", "Rclone"}, {"PLEAD", "PLEAD"}}));
  EXPECT_TRUE(Hits(d, "we plead guilty, Plead").empty());
}

TEST(NameDictionaryTest, TsvErrorsNameFileAndLine) {
  NameDictionary d;
  Status st = d.AddTsv("tool\tPsExec\n\nvirus\tX\n", "names.tsv");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where().file, "names.tsv");
  EXPECT_EQ(st.error().where().line, 3u);
  EXPECT_EQ(d.size(), 0u) << "nothing is added from a file that does not parse";
  EXPECT_EQ(d.AddTsv("tool\n", "a.tsv").error().where().line, 1u);
  EXPECT_FALSE(d.AddTsv("tool\t \n", "a.tsv").ok());
  EXPECT_FALSE(d.AddTsv("tool\ta\tb\tc\n", "a.tsv").ok());
}

TEST(NameDictionaryTest, HostileTsvAndTextDoNotCrash) {
  NameDictionary d;
  static constexpr char kNul[] = "tool\tA\0B\t\xff\xfe|\xe3\x81\n";
  std::string nul(kNul, sizeof(kNul) - 1);
  ASSERT_TRUE(d.AddTsv(nul, "nul.tsv").ok());
  EXPECT_EQ(d.Find(std::string("xx A\0B yy", 9)).size(), 1u);
  std::string huge(1 << 20, 'a');
  d.Add({IndicatorType::kTool, "aa", {}});
  EXPECT_TRUE(d.Find(huge).empty());
  EXPECT_EQ(d.Find(huge + " aa").size(), 1u);
}

TEST(NameDictionaryTest, AddEntitiesTakesMalwareToolsAndActors) {
  Intel intel;
  auto entity = [](EntityKind kind, std::string name, std::vector<std::string> aliases) {
    Entity e;
    e.kind = kind;
    e.name = std::move(name);
    e.aliases = std::move(aliases);
    return e;
  };
  intel.entities.push_back(entity(EntityKind::kMalware, "Consock", {"Backdoor.Consock"}));
  intel.entities.push_back(entity(EntityKind::kTechnique, "T1569", {}));
  intel.entities.push_back(entity(EntityKind::kActor, "Palmerworm", {}));
  NameDictionary d;
  d.AddEntities(intel);
  EXPECT_EQ(d.size(), 2u);
  EXPECT_EQ(Hits(d, "Backdoor.Consock by Palmerworm, T1569"),
            (std::vector<Hit>{{"Backdoor.Consock", "Consock"}, {"Palmerworm", "Palmerworm"}}));
}

TEST(NameDictionaryTest, BuiltinHasTheBaseDictionary) {
  auto tsv = EmbeddedPackFile("common/names.tsv");
  ASSERT_TRUE(tsv.has_value());
  NameDictionary parsed;
  Status st = parsed.AddTsv(*tsv, "packs/common/names.tsv");
  ASSERT_TRUE(st.ok()) << st.error().ToString();
  EXPECT_GE(parsed.size(), 150u);

  const NameDictionary& d = NameDictionary::Builtin();
  EXPECT_EQ(&d, &NameDictionary::Builtin());
  EXPECT_GE(d.size(), parsed.size());
  // The palmerworm pack, when it loads, renames the base BlackTech entry.
  Diagnostics diags;
  const std::string actor = LoadPack("palmerworm", diags).ok() ? "Palmerworm" : "BlackTech";
  EXPECT_EQ(Hits(d, "PsExecを使用し、Mimikatz と SharpHound, Circuit Panda"),
            (std::vector<Hit>{{"PsExec", "PsExec"},
                              {"Mimikatz", "Mimikatz"},
                              {"SharpHound", "BloodHound"},
                              {"Circuit Panda", actor}}));
  EXPECT_TRUE(Hits(d, "we plead with the responder; a trojan and a hacktool").empty());
}

TEST(NameDictionaryTest, FindIsThreadSafe) {
  // A fresh dictionary, so that the threads race to compile it first.
  NameDictionary d;
  ASSERT_TRUE(d.AddTsv(*EmbeddedPackFile("common/names.tsv"), "names.tsv").ok());
  std::vector<std::thread> threads;
  std::vector<std::size_t> counts(4);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 200; ++k) counts[i] += d.Find("PlugX and ShadowPad via ngrok").size();
    });
  }
  for (auto& t : threads) t.join();
  for (std::size_t c : counts) EXPECT_EQ(c, 600u);
}

}  // namespace
}  // namespace shrike
