// Test helpers for the intel format readers and writers: an Intel holding
// every indicator type with full context, and comparisons that say which
// indicator differs.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike::testing {

// Every indicator type once, with three different contexts (a full one, a
// partial one with awkward characters, an empty one), and one entity of each
// kind.
inline Intel FullIntel() {
  auto full = std::make_shared<IndicatorContext>();
  full->campaign = "Palmerworm 2019-2020";
  full->actor = "Palmerworm";
  full->aliases = {"BlackTech", "Circuit Panda"};
  full->malware_family = "Backdoor.Consock";
  full->tool = "PsExec";
  full->confidence = 85;
  full->source = "palmerworm-symantec.ja.txt";
  full->first_seen = ParseIsoTime("2019-08-01T00:00:00Z");
  full->last_seen = ParseIsoTime("2020-08-31T23:59:59Z");
  full->tags = {"tlp:amber", "misp-galaxy:sector=\"Media\"", "apt"};
  full->description = "C2, \"quoted\" and\nmultiline, 日本語";
  auto partial = std::make_shared<IndicatorContext>();
  partial->actor = "Palmerworm";
  partial->confidence = 30;
  partial->description = "  leading space";
  auto empty = std::make_shared<IndicatorContext>();

  struct Row {
    IndicatorType type;
    const char* value;
  };
  const Row rows[] = {
      {IndicatorType::kMd5, "0123456789abcdef0123456789abcdef"},
      {IndicatorType::kSha1, "0123456789abcdef0123456789abcdef01234567"},
      {IndicatorType::kSha256, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
      {IndicatorType::kSha512,
       "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
       "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
      {IndicatorType::kSsdeep, "96:s4Ud1Lj96tHHlZDrwciQmA:s4UpLj96tHHlZDrwciQmA"},
      {IndicatorType::kImphash, "f34d5f2d4577ed6d9ceec516c1f5a744"},
      {IndicatorType::kDomain, "loop.microsoftmse.example"},
      {IndicatorType::kIpv4, "203.0.113.7"},
      {IndicatorType::kIpv6, "2001:db8::7"},
      {IndicatorType::kCidr, "198.51.100.0/24"},
      {IndicatorType::kUrl, "http://update.example.net/a,b?q=\"x\""},
      {IndicatorType::kEmail, "attacker@mail.example.org"},
      {IndicatorType::kFilename, "rundll64, copy.exe"},
      {IndicatorType::kFilenameRegex, "\\\\Temp\\\\[a-z]{8}\\.exe"},
      {IndicatorType::kCertSha1, "aabbccddeeff00112233445566778899aabbccdd"},
      {IndicatorType::kCertSha256,
       "aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899"},
      {IndicatorType::kCertSerial, "0a1b2c3d4e5f"},
      {IndicatorType::kCve, "CVE-2019-0708"},
      {IndicatorType::kAttackTechnique, "T1569.002"},
      {IndicatorType::kMalware, "Backdoor.Consock"},
      {IndicatorType::kTool, "PsExec"},
      {IndicatorType::kActor, "Palmerworm"},
  };
  Intel intel;
  intel.name = "Palmerworm test intel";
  int i = 0;
  for (const Row& row : rows) {
    Indicator ind;
    ind.type = row.type;
    ind.value = row.value;
    ind.context = i % 3 == 0 ? full : i % 3 == 1 ? partial : empty;
    ind.offset = 100 + i;
    ind.line = 3 + i;
    ind.defanged = i % 2 == 0;
    ind.benign = i == 5 ? "empty-file-hashes" : "";
    intel.indicators.push_back(std::move(ind));
    ++i;
  }
  auto entity = [&](EntityKind kind, std::string name) -> Entity& {
    Entity e;
    e.kind = kind;
    e.name = std::move(name);
    intel.entities.push_back(std::move(e));
    return intel.entities.back();
  };
  Entity& actor = entity(EntityKind::kActor, "Palmerworm");
  actor.aliases = {"BlackTech"};
  actor.external_id = "G0098";
  actor.description = "Espionage group active in East Asia.";
  actor.relations = {{"targets", "Media in Japan"}};
  actor.first_seen = ParseIsoTime("2013-01-01");
  entity(EntityKind::kCampaign, "Palmerworm 2019-2020").description = "Campaign window";
  entity(EntityKind::kMalware, "Backdoor.Consock").aliases = {"Consock"};
  entity(EntityKind::kTool, "PsExec").description = "Sysinternals remote execution";
  entity(EntityKind::kTechnique, "Service Execution").external_id = "T1569.002";
  Entity& victim = entity(EntityKind::kVictim, "Media in Japan");
  victim.sectors = {"media"};
  victim.countries = {"JP", "TW"};
  entity(EntityKind::kReport, "Palmerworm report");
  return intel;
}

// Expects the same indicators (type, value, context) in the same order.
inline void ExpectSameIndicators(const Intel& want, const Intel& got) {
  ASSERT_EQ(want.indicators.size(), got.indicators.size());
  for (std::size_t i = 0; i < want.indicators.size(); ++i) {
    const Indicator& w = want.indicators[i];
    const Indicator& g = got.indicators[i];
    SCOPED_TRACE("indicator " + std::to_string(i) + " " + w.value);
    EXPECT_EQ(w.type, g.type);
    EXPECT_EQ(w.value, g.value);
    ASSERT_NE(g.context, nullptr);
    EXPECT_EQ(w.ctx(), g.ctx());
    EXPECT_EQ(w.ctx().description, g.ctx().description);
    EXPECT_EQ(w.ctx().tags, g.ctx().tags);
  }
}

inline std::string WarningsText(const Diagnostics& diags) {
  std::string out;
  for (const auto& w : diags.warnings()) out += w.ToString() + "\n";
  return out;
}

}  // namespace shrike::testing
