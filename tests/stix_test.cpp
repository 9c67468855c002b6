// Tests of ReadStix / WriteStix: round trip of every indicator type and
// entity kind with full context, the written bundle's shape, reading the
// OASIS example bundles, context from relationships, and malformed input.
#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "intel/stix/pattern.h"
#include "intel/stix/stix_common.h"
#include "shrike/intel_io.h"
#include "test_util.h"

namespace shrike {
namespace {

using ::shrike::testing::ReadTestFile;
using ::shrike::testing::SharedDir;

std::shared_ptr<const IndicatorContext> FullContext() {
  IndicatorContext c;
  c.campaign = "Palmerworm 2019-2020";
  c.actor = "Palmerworm";
  c.aliases = {"BlackTech"};
  c.malware_family = "Backdoor.Consock";
  c.tool = "PsExec";
  c.confidence = 80;
  c.source = "palmerworm-symantec.ja.txt";
  c.first_seen = ParseIsoTime("2019-08-01T02:14:07Z");
  c.last_seen = ParseIsoTime("2020-06-30T00:00:00Z");
  c.tags = {"apt", "tlp:white"};
  c.description = "Palmerworm's \"Consock\" C2 \\ loader";
  return std::make_shared<const IndicatorContext>(std::move(c));
}

// A context with only some fields, first_seen == last_seen and confidence 0.
std::shared_ptr<const IndicatorContext> PartialContext() {
  IndicatorContext c;
  c.source = "https://example.org/feed";
  c.confidence = 0;
  c.first_seen = ParseIsoTime("2021-01-02T03:04:05Z");
  c.last_seen = c.first_seen;
  c.campaign = "Lone campaign";
  return std::make_shared<const IndicatorContext>(std::move(c));
}

struct Sample {
  IndicatorType type;
  const char* value;
};

constexpr Sample kObservables[] = {
    {IndicatorType::kMd5, "cead3f77f6cda6ec00f57d76c9a6879f"},
    {IndicatorType::kSha1, "0123456789abcdef0123456789abcdef01234567"},
    {IndicatorType::kSha256, "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"},
    {IndicatorType::kSha512,
     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"
     "cdef0123456789abcdef0123456789abcdef"},
    {IndicatorType::kSsdeep, "3072:C3e0Zvd5kq8eWz9xRPWJ3xQ:C3e0r5kq8ez9xlWJ3x"},
    {IndicatorType::kImphash, "f34d5f2d4577ed6d9ceec516c1f5a744"},
    {IndicatorType::kDomain, "update.example-cdn.com"},
    {IndicatorType::kIpv4, "203.0.113.7"},
    {IndicatorType::kIpv6, "2001:db8::7"},
    {IndicatorType::kCidr, "198.51.100.0/24"},
    {IndicatorType::kCidr, "2001:db8::/32"},
    {IndicatorType::kUrl, "http://update.example-cdn.com/it's/a\\path?q=1"},
    {IndicatorType::kEmail, "ops@example-cdn.com"},
    {IndicatorType::kFilename, "O'Brien setup.exe"},
    {IndicatorType::kFilenameRegex, R"(^[a-z]{8}\.dll$)"},
    {IndicatorType::kCertSha1, "1111111111111111111111111111111111111111"},
    {IndicatorType::kCertSha256,
     "2222222222222222222222222222222222222222222222222222222222222222"},
    {IndicatorType::kCertSerial, "4c0b1d197486a766b41abf4027217628"},
};

constexpr Sample kNamed[] = {
    {IndicatorType::kMalware, "Backdoor.Consock"},  {IndicatorType::kTool, "PsExec"},
    {IndicatorType::kActor, "Palmerworm"},          {IndicatorType::kCve, "CVE-2019-0708"},
    {IndicatorType::kAttackTechnique, "T1569.002"},
};

bool IsNamed(IndicatorType type) {
  for (const Sample& s : kNamed) {
    if (s.type == type) return true;
  }
  return false;
}

Indicator Make(IndicatorType type, std::string_view value,
               std::shared_ptr<const IndicatorContext> ctx) {
  auto normalized = NormalizeValue(type, value);
  EXPECT_TRUE(normalized.ok()) << value << ": " << normalized.error().ToString();
  Indicator ind;
  ind.type = type;
  ind.value = normalized.ok() ? *normalized : std::string(value);
  ind.context = std::move(ctx);
  return ind;
}

Entity MakeEntity(EntityKind kind, std::string name) {
  Entity e;
  e.kind = kind;
  e.name = std::move(name);
  return e;
}

std::vector<Entity> AllEntities() {
  Entity actor = MakeEntity(EntityKind::kActor, "Palmerworm");
  actor.aliases = {"BlackTech"};
  actor.description = "Espionage group active in East Asia";
  actor.first_seen = ParseIsoTime("2013-01-01T00:00:00Z");
  actor.relations = {{"uses", "System Services: Service Execution"}, {"targets", "Japanese media"}};
  Entity campaign = MakeEntity(EntityKind::kCampaign, "Palmerworm 2019-2020");
  campaign.first_seen = ParseIsoTime("2019-08-01T00:00:00Z");
  campaign.last_seen = ParseIsoTime("2020-06-30T00:00:00Z");
  campaign.relations = {{"attributed-to", "Palmerworm"}};
  Entity malware = MakeEntity(EntityKind::kMalware, "Backdoor.Consock");
  malware.aliases = {"Consock"};
  malware.description = "Backdoor";
  Entity tool = MakeEntity(EntityKind::kTool, "PsExec");
  Entity technique = MakeEntity(EntityKind::kTechnique, "System Services: Service Execution");
  technique.external_id = "T1569.002";
  Entity victim = MakeEntity(EntityKind::kVictim, "Japanese media");
  victim.sectors = {"media"};
  victim.countries = {"JP", "TW"};
  Entity report = MakeEntity(EntityKind::kReport, "Palmerworm report");
  report.description = "Symantec, 2020";
  report.first_seen = ParseIsoTime("2020-09-29T00:00:00Z");
  return {actor, campaign, malware, tool, technique, victim, report};
}

Intel FullIntel() {
  Intel intel;
  intel.name = "test";
  auto full = FullContext();
  auto partial = PartialContext();
  auto empty = std::make_shared<const IndicatorContext>();
  for (const Sample& s : kObservables) {
    intel.indicators.push_back(Make(s.type, s.value, full));
    intel.indicators.push_back(Make(s.type, s.value, empty));
  }
  intel.indicators.push_back(Make(IndicatorType::kDomain, "partial.example.net", partial));
  for (const Sample& s : kNamed) intel.indicators.push_back(Make(s.type, s.value, full));
  intel.entities = AllEntities();
  return intel;
}

// Writes the bundle for the schema/grammar script tests when asked to.
void MaybeExport(const std::string& name, const std::string& bundle) {
  const char* dir = std::getenv("SHRIKE_STIX_OUT");
  if (dir == nullptr || *dir == '\0') return;
  std::ofstream(std::filesystem::path(dir) / name) << bundle;
}

// Does a read-back context give what was written? Exactly, except that STIX
// holds aliases per intrusion set (so several contexts naming one actor read
// back the union) and a campaign attributed to an actor names that actor for
// a context that only named the campaign.
bool ContextMatches(const IndicatorContext& want, const IndicatorContext& got) {
  IndicatorContext expected = want;
  if (want.actor.empty() && !want.campaign.empty()) expected.actor = got.actor;
  for (const std::string& alias : want.aliases) {
    if (std::find(got.aliases.begin(), got.aliases.end(), alias) == got.aliases.end()) return false;
  }
  expected.aliases = got.aliases;
  return expected == got;
}

const Indicator* FindIndicator(const Intel& intel, const Indicator& want) {
  for (const Indicator& got : intel.indicators) {
    if (got.type == want.type && got.value == want.value && ContextMatches(want.ctx(), got.ctx()))
      return &got;
  }
  return nullptr;
}

TEST(Stix, RoundTripsEveryObservableWithItsContext) {
  Intel intel = FullIntel();
  std::string bundle = WriteStix(intel);
  MaybeExport("full.json", bundle);
  Diagnostics diags;
  auto back = ReadStix(bundle, "full.json", diags);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  for (const Error& w : diags.warnings()) ADD_FAILURE() << w.ToString();
  for (const Indicator& want : intel.indicators) {
    if (IsNamed(want.type)) continue;  // checked by RoundTripsNamedIndicators
    const Indicator* got = FindIndicator(*back, want);
    ASSERT_NE(got, nullptr) << IndicatorTypeName(want.type) << " " << want.value << " (campaign '"
                            << want.ctx().campaign << "')";
    EXPECT_EQ(got->ctx(), want.ctx()) << want.value;  // these contexts come back exactly
  }
}

TEST(Stix, RoundTripsNamedIndicators) {
  Intel intel = FullIntel();
  Diagnostics diags;
  auto back = ReadStix(WriteStix(intel), "full.json", diags);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  for (const Sample& s : kNamed) {
    bool found = false;
    for (const Indicator& got : back->indicators) {
      if (got.type != s.type || got.value != s.value) continue;
      found = true;
      EXPECT_EQ(got.ctx().source, "palmerworm-symantec.ja.txt") << s.value;
      EXPECT_EQ(got.ctx().confidence, 80) << s.value;
      EXPECT_EQ(got.ctx().campaign, "Palmerworm 2019-2020") << s.value;
      EXPECT_EQ(got.ctx().tags, (std::vector<std::string>{"apt", "tlp:white"}));
    }
    EXPECT_TRUE(found) << IndicatorTypeName(s.type) << " " << s.value;
  }
}

TEST(Stix, RoundTripsEveryEntity) {
  Intel intel = FullIntel();
  Diagnostics diags;
  auto back = ReadStix(WriteStix(intel), "full.json", diags);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  for (const Entity& want : intel.entities) {
    const Entity* got = back->FindEntity(want.kind, want.name);
    ASSERT_NE(got, nullptr) << EntityKindName(want.kind) << " " << want.name;
    EXPECT_EQ(got->aliases, want.aliases) << want.name;
    EXPECT_EQ(got->description, want.description) << want.name;
    EXPECT_EQ(got->external_id, want.external_id) << want.name;
    EXPECT_EQ(got->sectors, want.sectors) << want.name;
    EXPECT_EQ(got->countries, want.countries) << want.name;
    EXPECT_EQ(got->first_seen, want.first_seen) << want.name;
    EXPECT_EQ(got->last_seen, want.last_seen) << want.name;
    for (const auto& relation : want.relations) {
      EXPECT_NE(std::find(got->relations.begin(), got->relations.end(), relation),
                got->relations.end())
          << want.name << " " << relation.first << " " << relation.second;
    }
  }
}

TEST(Stix, OutputIsDeterministicAndWellFormed) {
  Intel intel = FullIntel();
  std::string bundle = WriteStix(intel);
  EXPECT_EQ(bundle, WriteStix(intel));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(bundle).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(doc["type"]), "bundle");
  std::set<std::string_view> ids;
  int indicators = 0;
  for (simdjson::dom::element o : doc["objects"].get_array()) {
    std::string_view type = o["type"], id = o["id"], spec = o["spec_version"];
    EXPECT_EQ(spec, "2.1") << id;
    EXPECT_TRUE(id.starts_with(std::string(type) + "--")) << id;
    EXPECT_EQ(id.size(), type.size() + 2 + 36) << id;
    EXPECT_TRUE(ids.insert(id).second) << "duplicate id " << id;
    EXPECT_EQ(o["created"].error(), simdjson::SUCCESS) << id;
    if (type != "indicator") continue;
    ++indicators;
    auto tree = stix::ParsePattern(std::string_view(o["pattern"]));
    ASSERT_TRUE(tree.ok()) << tree.error().ToString();
    auto atoms = stix::ReduceToAtoms(*tree);
    ASSERT_TRUE(atoms.ok());
    EXPECT_EQ(atoms->size(), 1u);
  }
  EXPECT_EQ(indicators, 2 * static_cast<int>(std::size(kObservables)) + 1);
  // The same indicators in another order give the same objects.
  Intel reversed = intel;
  std::reverse(reversed.indicators.begin(), reversed.indicators.end());
  std::string other = WriteStix(reversed);
  EXPECT_EQ(other.size(), bundle.size());
}

TEST(Stix, WritesThePatternsOfTheBrief) {
  Intel intel;
  auto empty = std::make_shared<const IndicatorContext>();
  intel.indicators = {Make(IndicatorType::kSha256, kObservables[2].value, empty),
                      Make(IndicatorType::kImphash, "f34d5f2d4577ed6d9ceec516c1f5a744", empty),
                      Make(IndicatorType::kFilenameRegex, "^a'b$", empty),
                      Make(IndicatorType::kCertSerial, "4c0b1d197486a766b41abf4027217628", empty)};
  std::string bundle = WriteStix(intel);
  for (
      const char* want :
      {R"([file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'])",
       R"([file:extensions.'windows-pebinary-ext'.imphash = 'f34d5f2d4577ed6d9ceec516c1f5a744'])",
       R"([file:name MATCHES '^a\\'b$'])",
       R"([x509-certificate:serial_number = '4c0b1d197486a766b41abf4027217628'])",
       R"("valid_from":"1970-01-01T00:00:00.000Z")", R"("created":"2020-09-29T00:00:00.000Z")"}) {
    EXPECT_NE(bundle.find(want), std::string::npos) << want << "\n" << bundle;
  }
  Diagnostics diags;
  auto empty_back = ReadStix(WriteStix(Intel{}), "empty.json", diags);
  ASSERT_TRUE(empty_back.ok()) << empty_back.error().ToString();
  EXPECT_TRUE(empty_back->indicators.empty());
}

// Reads back what WriteStix wrote for intel and checks every observable
// indicator is there with its context.
void ExpectRoundTrip(const Intel& intel, const std::string& name) {
  std::string bundle = WriteStix(intel);
  MaybeExport(name, bundle);
  Diagnostics diags;
  auto back = ReadStix(bundle, name, diags);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  for (const Error& w : diags.warnings()) ADD_FAILURE() << w.ToString();
  for (const Indicator& want : intel.indicators) {
    if (!stix::ComparisonFor(want.type, want.value)) continue;  // named: an SDO
    EXPECT_NE(FindIndicator(*back, want), nullptr)
        << name << ": " << IndicatorTypeName(want.type) << " " << want.value;
  }
}

// The CSV of every indicator type that the script tests also convert.
TEST(Stix, ExportCsvOfEveryType) {
  Diagnostics diags;
  std::string file = (testing::SourceDir() / "tests/data/stix/every_type.csv").string();
  auto intel = ReadCsv(ReadTestFile(file), file, diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  EXPECT_TRUE(diags.empty()) << diags.warnings().front().ToString();
  std::set<IndicatorType> types;
  for (const Indicator& i : intel->indicators) types.insert(i.type);
  EXPECT_EQ(types.size(), static_cast<std::size_t>(kIndicatorTypeCount));
  ExpectRoundTrip(*intel, "every_type.json");
}

TEST(Stix, ExportPalmerwormPack) {
  Diagnostics diags;
  auto intel = LoadIntelSource("palmerworm", diags);
  if (!intel.ok()) GTEST_SKIP() << "pack not loadable yet: " << intel.error().ToString();
  ASSERT_FALSE(intel->indicators.empty());
  ExpectRoundTrip(*intel, "palmerworm.json");
  Diagnostics back_diags;
  auto back = ReadStix(WriteStix(*intel), "palmerworm.json", back_diags);
  ASSERT_TRUE(back.ok());
  for (const Entity& e : intel->entities) {
    EXPECT_NE(back->FindEntity(e.kind, e.name), nullptr) << EntityKindName(e.kind) << " " << e.name;
  }
}

// A hand-written bundle in the style of real feeds (tests/data/stix/feed.json).
std::string Feed() { return ReadTestFile(testing::SourceDir() / "tests/data/stix/feed.json"); }

const Indicator* FindValue(const Intel& intel, std::string_view value) {
  for (const Indicator& i : intel.indicators) {
    if (i.value == value) return &i;
  }
  return nullptr;
}

bool HasWarning(const Diagnostics& diags, std::string_view record, std::string_view text) {
  for (const Error& w : diags.warnings()) {
    if (w.where().record == record && w.where().file == "feed.json" &&
        w.message().find(text) != std::string::npos && w.where().line > 0)
      return true;
  }
  return false;
}

TEST(StixReader, ContextComesFromPropertiesAndRelationships) {
  Diagnostics diags;
  auto intel = ReadStix(Feed(), "feed.json", diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  const Indicator* domain = FindValue(*intel, "evil.example.com");
  ASSERT_NE(domain, nullptr);
  EXPECT_EQ(domain->type, IndicatorType::kDomain);
  EXPECT_EQ(domain->line, 4u);
  const IndicatorContext& c = domain->ctx();
  EXPECT_EQ(c.malware_family, "PlugX");
  EXPECT_EQ(c.campaign, "Op Lantern");
  EXPECT_EQ(c.actor, "APT-X");
  EXPECT_EQ(c.aliases, (std::vector<std::string>{"Lantern Group", "X Team"}));
  EXPECT_EQ(c.source, "ACME CERT");
  EXPECT_EQ(c.confidence, 70);
  EXPECT_EQ(c.tags, std::vector<std::string>{"c2"});
  EXPECT_EQ(c.description, "C2 servers");
  EXPECT_EQ(c.first_seen, ParseIsoTime("2020-01-01T00:00:00Z"));
  EXPECT_EQ(c.last_seen, ParseIsoTime("2020-02-01T00:00:00Z"));
  const Indicator* ip = FindValue(*intel, "198.51.100.9");
  ASSERT_NE(ip, nullptr);
  EXPECT_EQ(ip->context, domain->context);  // one shared context per STIX indicator
}

TEST(StixReader, IrreduciblePatternsAreWarningsNamingFileAndObject) {
  Diagnostics diags;
  auto intel = ReadStix(Feed(), "feed.json", diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  EXPECT_TRUE(HasWarning(diags, "indicator--and", "AND"));
  EXPECT_TRUE(HasWarning(diags, "indicator--process", "process:name"));
  EXPECT_TRUE(HasWarning(diags, "indicator--badip", "999.1.1.1"));
  EXPECT_TRUE(HasWarning(diags, "indicator--syntax", "expected ']'"));
  EXPECT_TRUE(HasWarning(diags, "indicator--yara", "yara"));
  EXPECT_TRUE(HasWarning(diags, "file--1", "sha256"));
  EXPECT_EQ(diags.size(), 6u);
  for (const Error& w : diags.warnings()) {
    EXPECT_NE(w.ToString().find("feed.json"), std::string::npos) << w.ToString();
  }
}

TEST(StixReader, ReadsObservablesAndNamedObjects) {
  Diagnostics diags;
  auto intel = ReadStix(Feed(), "feed.json", diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  ASSERT_NE(FindValue(*intel, "loose.example"), nullptr);
  const Indicator* md5 = FindValue(*intel, "cead3f77f6cda6ec00f57d76c9a6879f");
  ASSERT_NE(md5, nullptr);
  EXPECT_EQ(md5->type, IndicatorType::kMd5);
  const Indicator* observed = FindValue(*intel, "192.0.2.1");
  ASSERT_NE(observed, nullptr);
  EXPECT_EQ(observed->ctx().first_seen, ParseIsoTime("2021-03-01T00:00:00Z"));
  EXPECT_EQ(observed->ctx().source, "ACME CERT");
  const Indicator* malware = FindValue(*intel, "PlugX");
  ASSERT_NE(malware, nullptr);
  EXPECT_EQ(malware->type, IndicatorType::kMalware);
  const Indicator* actor = FindValue(*intel, "APT-X");
  ASSERT_NE(actor, nullptr);
  EXPECT_EQ(actor->type, IndicatorType::kActor);
  EXPECT_EQ(actor->ctx().campaign, "Op Lantern");
  const Entity* campaign = intel->FindEntity(EntityKind::kCampaign, "Op Lantern");
  ASSERT_NE(campaign, nullptr);
  EXPECT_EQ(campaign->relations,
            (std::vector<std::pair<std::string, std::string>>{{"attributed-to", "APT-X"}}));
  EXPECT_EQ(intel->FindEntity(EntityKind::kVictim, "ACME CERT"), nullptr);  // an author
}

TEST(StixReader, AcceptsLoneObjectsArraysAndVersions) {
  Diagnostics diags;
  auto lone = ReadStix(
      R"({"type":"indicator","id":"indicator--1","pattern":"[url:value = 'http://a.example/x']"})",
      "lone.json", diags);
  ASSERT_TRUE(lone.ok()) << lone.error().ToString();
  ASSERT_EQ(lone->indicators.size(), 1u);
  EXPECT_EQ(lone->indicators[0].type, IndicatorType::kUrl);
  auto array = ReadStix(R"([{"type":"domain-name","id":"domain-name--1","value":"a.example"},
    {"type":"indicator","id":"indicator--2","modified":"2020-01-01T00:00:00Z",
     "pattern":"[domain-name:value = 'old.example']"},
    {"type":"indicator","id":"indicator--2","modified":"2021-01-01T00:00:00Z",
     "pattern":"[domain-name:value = 'new.example']"}])",
                        "array.json", diags);
  ASSERT_TRUE(array.ok()) << array.error().ToString();
  EXPECT_NE(FindValue(*array, "a.example"), nullptr);
  EXPECT_NE(FindValue(*array, "new.example"), nullptr);
  EXPECT_EQ(FindValue(*array, "old.example"), nullptr);
  EXPECT_TRUE(diags.empty());
}

TEST(StixReader, ReadsEveryOasisExample) {
  SHRIKE_REQUIRE_SHARED("corpora/stix2-json-schemas/examples");
  std::size_t indicators = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           SharedDir() / "corpora/stix2-json-schemas/examples")) {
    if (entry.path().extension() != ".json") continue;
    Diagnostics diags;
    auto intel = ReadStix(ReadTestFile(entry.path()), entry.path().string(), diags);
    ASSERT_TRUE(intel.ok()) << intel.error().ToString();
    indicators += intel->indicators.size();
    for (const Error& w : diags.warnings()) {
      EXPECT_FALSE(w.where().record.empty()) << w.ToString();
      // Every pattern of the examples parses: warnings are about reduction only.
      EXPECT_EQ(w.message().find("STIX pattern: "), std::string::npos) << w.ToString();
    }
  }
  EXPECT_GT(indicators, 100u);
}

TEST(StixReader, ThreatReportApt1) {
  SHRIKE_REQUIRE_SHARED("corpora/stix2-json-schemas/examples/threat-reports/apt1.json");
  Diagnostics diags;
  auto intel = ReadStix(
      ReadTestFile(SharedDir() / "corpora/stix2-json-schemas/examples/threat-reports/apt1.json"),
      "apt1.json", diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  const Indicator* domain = FindValue(*intel, "hugesoft.org");
  ASSERT_NE(domain, nullptr);
  EXPECT_EQ(domain->type, IndicatorType::kDomain);
  const Indicator* cidr = FindValue(*intel, "223.166.0.0/15");
  ASSERT_NE(cidr, nullptr);
  EXPECT_EQ(cidr->type, IndicatorType::kCidr);
  EXPECT_FALSE(intel->entities.empty());
  // The x509 "issuer AND serial_number" indicators cannot be reduced: warned, not dropped.
  bool warned_and = false;
  for (const Error& w : diags.warnings())
    warned_and |= w.message().find("AND") != std::string::npos;
  EXPECT_TRUE(warned_and);
}

Error ExpectError(std::string_view text, std::string_view fragment) {
  Diagnostics diags;
  auto r = ReadStix(text, "bad.json", diags);
  EXPECT_FALSE(r.ok()) << text.substr(0, 80);
  if (r.ok()) return Error(ErrorCode::kInternal, "");
  EXPECT_EQ(r.error().where().file, "bad.json");
  EXPECT_NE(r.error().message().find(fragment), std::string::npos) << r.error().ToString();
  return r.error();
}

TEST(StixReader, StructuralErrors) {
  std::string bundle = WriteStix(FullIntel());
  std::string_view half = std::string_view(bundle).substr(0, bundle.size() / 2);
  Error truncated = ExpectError(half, "truncated JSON");
  EXPECT_EQ(truncated.where().offset, half.size());
  EXPECT_EQ(truncated.where().line, 1u + std::count(half.begin(), half.end(), '\n'));
  ExpectError("", "truncated JSON");
  Error misplaced = ExpectError("{\"type\":\"bundle\",\n \"objects\": [}, 1]}", "invalid JSON");
  EXPECT_EQ(misplaced.where().line, 2u);
  EXPECT_EQ(misplaced.where().column, 14u) << misplaced.ToString();
  ExpectError("42", "not a STIX bundle");
  ExpectError(R"({"objects": []})", "no \"type\"");
  ExpectError(R"({"type":"bundle","objects":{}})", "not an array");
  ExpectError(R"({"type":"bundle","objects":[1]})", "not a JSON object");
  Error e = ExpectError(
      R"({"type":"bundle","objects":[{"type":"domain-name","id":"domain-name--1","value":"a.b"},
      {"id":"indicator--x","pattern":"[url:value = 'http://x/']"}]})",
      "no \"type\"");
  EXPECT_EQ(e.where().record, "indicator--x");
  EXPECT_EQ(e.where().line, 2u);
}

TEST(StixReader, HostileInput) {
  ExpectError(std::string(100000, '[') + std::string(100000, ']'), "invalid JSON");
  ExpectError("{\"type\":\"bundle\",\"objects\":[\xff\xfe]}", "invalid JSON");
  ExpectError(std::string("{\"type\":\"bundle\"\0,\"objects\":[]}", 31), "invalid JSON");
  // Bad bytes inside values are warnings about that object only.
  std::string huge = R"({"type":"bundle","objects":[{"type":"indicator","id":"indicator--h",)"
                     R"("pattern":"[domain-name:value = ')" +
                     std::string(1 << 20, 'a') +
                     R"(']"}, {"type":"indicator",)"
                     R"("id":"indicator--n","pattern":")" +
                     std::string(2000, '(') + R"("}]})";
  Diagnostics diags;
  auto intel = ReadStix(huge, "huge.json", diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  EXPECT_TRUE(intel->indicators.empty());
  EXPECT_EQ(diags.size(), 2u);
  for (const Error& w : diags.warnings()) EXPECT_LT(w.message().size(), 600u) << w.message();
}

}  // namespace
}  // namespace shrike
