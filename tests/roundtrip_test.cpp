// The palmerworm pack survives palmerworm -> STIX -> MISP -> CSV with every
// indicator and its context, and STIX -> MISP keeps the entities.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "shrike/intel_io.h"
#include "shrike/packs.h"

namespace shrike {
namespace {

using Key = std::pair<std::string, std::string>;

std::map<Key, const Indicator*> ByKey(const Intel& intel) {
  std::map<Key, const Indicator*> out;
  for (const Indicator& ind : intel.indicators) {
    out[{std::string(IndicatorTypeName(ind.type)), ind.value}] = &ind;
  }
  return out;
}

void ExpectSameIndicators(const Intel& want, const Intel& got, const std::string& stage) {
  auto a = ByKey(want);
  auto b = ByKey(got);
  ASSERT_EQ(a.size(), want.indicators.size()) << "duplicate indicators in the pack";
  ASSERT_EQ(b.size(), a.size()) << stage;
  for (const auto& [key, ind] : a) {
    auto it = b.find(key);
    ASSERT_NE(it, b.end()) << stage << ": lost " << key.first << " " << key.second;
    const IndicatorContext& x = ind->ctx();
    const IndicatorContext& y = it->second->ctx();
    EXPECT_EQ(x.campaign, y.campaign) << stage << " " << key.second;
    EXPECT_EQ(x.actor, y.actor) << stage << " " << key.second;
    EXPECT_EQ(x.aliases, y.aliases) << stage << " " << key.second;
    EXPECT_EQ(x.malware_family, y.malware_family) << stage << " " << key.second;
    EXPECT_EQ(x.tool, y.tool) << stage << " " << key.second;
    EXPECT_EQ(x.confidence, y.confidence) << stage << " " << key.second;
    EXPECT_EQ(x.source, y.source) << stage << " " << key.second;
    EXPECT_EQ(x.first_seen, y.first_seen) << stage << " " << key.second;
    EXPECT_EQ(x.last_seen, y.last_seen) << stage << " " << key.second;
    EXPECT_EQ(x.tags, y.tags) << stage << " " << key.second;
    EXPECT_EQ(x.description, y.description) << stage << " " << key.second;
  }
}

Intel MustRead(Result<Intel> r, const Diagnostics& diags, const std::string& stage) {
  EXPECT_TRUE(r.ok()) << stage << ": " << (r.ok() ? "" : r.error().ToString());
  for (const Error& w : diags.warnings()) ADD_FAILURE() << stage << " warning: " << w.ToString();
  return r.ok() ? std::move(*r) : Intel{};
}

TEST(RoundTrip, PalmerwormPackThroughStixMispCsv) {
  Diagnostics diags;
  Intel pack = MustRead(LoadPack("palmerworm", diags), diags, "pack");
  // 31 observables, and the names of the actor, malware, tools and techniques.
  ASSERT_EQ(pack.indicators.size(), 56u);
  // The pack gives every observable its campaign context.
  for (const Indicator& ind : pack.indicators) {
    if (!IsObservable(ind.type) || ind.type == IndicatorType::kAttackTechnique) continue;
    EXPECT_EQ(ind.ctx().actor, "Palmerworm") << ind.value;
    EXPECT_EQ(ind.ctx().aliases, std::vector<std::string>{"BlackTech"}) << ind.value;
    EXPECT_EQ(ind.ctx().campaign, "Palmerworm 2019-2020") << ind.value;
    EXPECT_EQ(ind.ctx().first_seen, ParseIsoTime("2019-08-01T00:00:00Z")) << ind.value;
    EXPECT_EQ(ind.ctx().confidence, 85) << ind.value;
  }

  Diagnostics d1, d2, d3;
  Intel stix = MustRead(ReadStix(WriteStix(pack), "pack.stix", d1), d1, "stix");
  ExpectSameIndicators(pack, stix, "palmerworm->stix");
  Intel misp = MustRead(ReadMisp(WriteMisp(stix), "pack.misp", d2), d2, "misp");
  ExpectSameIndicators(pack, misp, "stix->misp");
  Intel csv = MustRead(ReadCsv(WriteCsv(misp), "pack.csv", d3), d3, "csv");
  ExpectSameIndicators(pack, csv, "misp->csv");

  // Entities survive STIX and MISP (CSV carries indicators only).
  for (const Entity& e : pack.entities) {
    EXPECT_NE(stix.FindEntity(e.kind, e.name), nullptr) << "stix lost " << e.name;
    EXPECT_NE(misp.FindEntity(e.kind, e.name), nullptr) << "misp lost " << e.name;
  }
}

TEST(RoundTrip, PackHoldsTheCampaign) {
  Diagnostics diags;
  Intel pack = MustRead(LoadPack("palmerworm", diags), diags, "pack");
  const Entity* actor = pack.FindEntity(EntityKind::kActor, "Palmerworm");
  ASSERT_NE(actor, nullptr);
  EXPECT_EQ(actor->aliases, std::vector<std::string>{"BlackTech"});
  const Entity* campaign = pack.FindEntity(EntityKind::kCampaign, "Palmerworm 2019-2020");
  ASSERT_NE(campaign, nullptr);
  EXPECT_EQ(FormatIsoTime(campaign->first_seen).substr(0, 7), "2019-08");
  EXPECT_EQ(FormatIsoTime(campaign->last_seen).substr(0, 7), "2020-08");
  for (const char* family : {"Backdoor.Consock", "Backdoor.Waship", "Backdoor.Dalwit",
                             "Backdoor.Nomri", "Backdoor.Kivars", "Backdoor.Pled"}) {
    EXPECT_NE(pack.FindEntity(EntityKind::kMalware, family), nullptr) << family;
  }
  for (const char* tool : {"PsExec", "PuTTY", "SNScan", "WinRAR"}) {
    EXPECT_NE(pack.FindEntity(EntityKind::kTool, tool), nullptr) << tool;
  }
  std::size_t sha256 = 0, domains = 0, ipv4 = 0;
  for (const Indicator& ind : pack.indicators) {
    sha256 += ind.type == IndicatorType::kSha256;
    domains += ind.type == IndicatorType::kDomain;
    ipv4 += ind.type == IndicatorType::kIpv4;
  }
  EXPECT_EQ(sha256, 25u);
  EXPECT_EQ(domains, 2u);
  EXPECT_EQ(ipv4, 4u);
  std::set<std::string> countries;
  for (const Entity& e : pack.entities) {
    if (e.kind == EntityKind::kVictim) countries.insert(e.countries.begin(), e.countries.end());
  }
  EXPECT_EQ(countries, (std::set<std::string>{"CN", "JP", "TW", "US"}));
}

}  // namespace
}  // namespace shrike
