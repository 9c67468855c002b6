// shrike report: golden outputs (tests/golden/report/<case>/), the findings
// reader on malformed input, timelines, evidence kinds, attribution, and the
// HTML's escaping of hostile input. SHRIKE_UPDATE_GOLDEN=1 rewrites the
// expected files (review each one: a golden test must be able to fail).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "report/aggregate.h"
#include "report/findings_reader.h"
#include "shrike/intel_io.h"
#include "shrike/packs.h"
#include "shrike/report.h"
#include "test_util.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;
using testing::ReadTestFile;
using testing::SourceDir;

fs::path GoldenDir() { return SourceDir() / "tests" / "golden" / "report"; }

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Warnings with the case folder stripped, one a line.
std::string Canonical(const Diagnostics& diags, const fs::path& dir) {
  std::string out;
  std::string prefix = dir.string() + "/";
  for (const Error& e : diags.warnings()) {
    std::string line = e.ToString();
    for (std::size_t at; (at = line.find(prefix)) != std::string::npos;)
      line.erase(at, prefix.size());
    out += line + "\n";
  }
  return out;
}

void ExpectGolden(const fs::path& path, const std::string& actual) {
  if (std::getenv("SHRIKE_UPDATE_GOLDEN") != nullptr) {
    WriteText(path, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with SHRIKE_UPDATE_GOLDEN=1";
  EXPECT_EQ(ReadTestFile(path), actual) << "differs from " << path;
}

struct GoldenRun {
  Report report;
  std::string warnings;
  std::string stix;
  std::string html;
};

GoldenRun RunCase(const std::string& name) {
  fs::path dir = GoldenDir() / name;
  fs::path out = fs::temp_directory_path() / ("shrike_report_golden_" + name);
  fs::create_directories(out);
  ReportOptions o;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".ndjson") o.inputs.push_back(entry.path().string());
  }
  std::sort(o.inputs.begin(), o.inputs.end());
  if (fs::exists(dir / "assets.csv")) o.assets_path = (dir / "assets.csv").string();
  o.intel = {"palmerworm"};
  o.json_path = (out / "report.json").string();
  o.csv_path = (out / "report.csv").string();
  o.stix_path = (out / "report.stix.json").string();
  o.html_path = (out / "report.html").string();
  Diagnostics diags;
  auto report = RunReport(o, diags);
  EXPECT_TRUE(report.ok()) << report.error().ToString();
  GoldenRun run;
  if (!report.ok()) return run;
  run.report = *report;
  run.warnings = Canonical(diags, dir);
  ExpectGolden(dir / "expected.json", ReadTestFile(out / "report.json"));
  ExpectGolden(dir / "expected.csv", ReadTestFile(out / "report.csv"));
  ExpectGolden(dir / "expected.txt", TerminalSummary(*report));
  ExpectGolden(dir / "expected.warnings", run.warnings);
  run.stix = ReadTestFile(out / "report.stix.json");
  ExpectGolden(dir / "expected.stix.json", run.stix);
  run.html = ReadTestFile(out / "report.html");
  fs::remove_all(out);
  return run;
}

const Timeline* Find(const std::vector<Timeline>& list, const std::string& name) {
  for (const Timeline& t : list) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

TEST(ReportGolden, Palmerworm) {
  GoldenRun run = RunCase("palmerworm");
  const Report& r = run.report;
  // The report's figure: a year at the Taiwanese media company, two or
  // three days at the Japanese engineering firm.
  const Timeline* media = Find(r.organizations, "Formosa Daily");
  ASSERT_NE(media, nullptr);
  EXPECT_EQ(FormatIsoTime(media->first_seen), "2019-08-14T02:14:07Z");
  EXPECT_EQ(FormatIsoTime(media->last_seen), "2020-08-20T23:10:00Z");
  EXPECT_GT(media->dwell_seconds, 360 * 86400);
  EXPECT_EQ(media->hosts.size(), 2u);
  const Timeline* eng = Find(r.organizations, "Kansai Engineering");
  ASSERT_NE(eng, nullptr);
  EXPECT_GE(eng->dwell_seconds, 2 * 86400);
  EXPECT_LE(eng->dwell_seconds, 3 * 86400);
  EXPECT_EQ(eng->undated, 1u);
  ASSERT_EQ(r.attributions.size(), 1u);
  EXPECT_EQ(r.attributions[0].campaign, "Palmerworm 2019-2020");
  EXPECT_GT(r.attributions[0].score, 70);
  EXPECT_EQ(r.skipped, 2u);
  // Every evidence kind the sources emit lands in its kind.
  const Timeline* jp = Find(r.hosts, "jp-eng-01");
  ASSERT_NE(jp, nullptr);
  EXPECT_EQ(jp->evidence[static_cast<int>(EvidenceKind::kDualUseTool)], 1u);
  EXPECT_EQ(Find(r.hosts, "cn-build-01")->evidence[static_cast<int>(EvidenceKind::kYaraFamily)],
            1u);
  EXPECT_EQ(Find(r.hosts, "tw-media-ws01")->evidence[static_cast<int>(EvidenceKind::kSigner)], 1u);
  EXPECT_EQ(
      Find(r.hosts, "tw-media-fs01")->evidence[static_cast<int>(EvidenceKind::kBehaviourRule)], 1u);
  EXPECT_NE(run.stix.find("\"where_sighted_refs\""), std::string::npos);
  EXPECT_NE(run.html.find("Formosa Daily"), std::string::npos);
}

TEST(ReportGolden, HostileInputIsInert) {
  GoldenRun run = RunCase("hostile");
  EXPECT_EQ(run.report.skipped, 4u);
  const std::string& html = run.html;
  // The only script element is the report's own; no markup from findings.
  std::size_t scripts = 0;
  for (std::size_t at = 0; (at = html.find("<script", at)) != std::string::npos; ++at) ++scripts;
  EXPECT_EQ(scripts, 1u);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;host&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;/code&gt;&lt;script&gt;alert(2)"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_EQ(html.find("http"), html.find("http-equiv"));  // no URL at all
  std::string summary = TerminalSummary(run.report);
  EXPECT_EQ(summary.find('\x1b'), std::string::npos);
}

TEST(ReportReader, MalformedLinesAreWarnedWithFileAndLine) {
  std::string text =
      "{\"@timestamp\":\"2019-08-14T00:00:00Z\",\"host\":{\"name\":\"a\"}}\n"
      "not json\n\n"
      "{\"@timestamp\":\"2019-13-45T00:00:00Z\",\"host\":{\"name\":\"a\"}}\n"
      "{\"other\":1}\n"
      "[]\n";
  Diagnostics diags;
  std::uint64_t skipped = 0, read = 0;
  report_internal::ReadFindingsText(
      text, "f.ndjson", [&](report_internal::FindingRecord&) { ++read; }, diags, &skipped);
  EXPECT_EQ(read, 1u);
  EXPECT_EQ(skipped, 4u);
  ASSERT_EQ(diags.size(), 4u);
  EXPECT_EQ(diags.warnings()[0].where().file, "f.ndjson");
  EXPECT_EQ(diags.warnings()[0].where().line, 2u);
  EXPECT_EQ(diags.warnings()[1].where().line, 4u);
  EXPECT_EQ(diags.warnings()[3].where().line, 6u);
}

TEST(ReportReader, ReadsEveryKeyOfAFinding) {
  report_internal::FindingParser parser;
  report_internal::FindingRecord f;
  std::string error;
  ASSERT_TRUE(parser.Parse(
      R"({"@timestamp":"2019-09-11T04:00:00.250Z","host":{"name":"h"},
          "file":{"pe":{"original_file_name":"PsExec.exe"}},
          "threat":{"enrichments":[{"matched":{"atomic":"a.example","field":"dns.question.name"},
            "indicator":{"type":"domain-name","provider":"p",
                         "id":"indicator--0fd11096-4622-5834-96e2-d60c2de6e3d2"}}],
            "group":{"name":"Palmerworm"},"software":{"name":"PLEAD","type":"Malware"}},
          "rule":{"ruleset":"yara","name":"PLEAD_loader"}})",
      f, &error))
      << error;
  EXPECT_EQ(FormatIsoTime(f.timestamp), "2019-09-11T04:00:00Z");
  EXPECT_EQ(f.host, "h");
  EXPECT_EQ(f.ruleset, "yara");
  EXPECT_EQ(f.group, "Palmerworm");
  EXPECT_EQ(f.software, "PLEAD");
  ASSERT_EQ(f.evidence.size(), 3u);  // the rule, the enrichment, the PE original name
  EXPECT_EQ(f.evidence[0].value, "PLEAD_loader");
  EXPECT_EQ(f.evidence[1].stix_id, "indicator--0fd11096-4622-5834-96e2-d60c2de6e3d2");
  EXPECT_TRUE(f.evidence[2].implicit);
}

TEST(ReportPeriods, GapsLongerThanTheThresholdSplit) {
  report_internal::PeriodSet set(10);
  for (UnixTime t : {100, 105, 200, 115, 130, 131, 300, 290}) set.Add(t);
  auto p = set.Periods();
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].start, 100);
  EXPECT_EQ(p[0].end, 115);
  EXPECT_EQ(p[0].findings, 3u);
  EXPECT_EQ(p[1].start, 130);
  EXPECT_EQ(p[2].start, 200);
  EXPECT_EQ(p[3].start, 290);
  EXPECT_EQ(p[3].end, 300);
  set.Add(120);  // bridges the first two
  EXPECT_EQ(set.Periods().size(), 3u);
}

TEST(ReportPeriods, BoundedOnHostileTimestamps) {
  report_internal::PeriodSet set(0);
  for (UnixTime t = 0; t < 3 * static_cast<UnixTime>(report_internal::kMaxPeriods); ++t) {
    set.Add(t * 1000);
  }
  set.Add(INT64_MAX);
  set.Add(INT64_MIN + 1);
  EXPECT_LE(set.Periods().size(), report_internal::kMaxPeriods);
  EXPECT_TRUE(set.capped());
}

Result<Report> Build(const std::string& findings, const std::string& assets,
                     std::int64_t gap = kDefaultGapSeconds) {
  Diagnostics diags;
  static const Intel intel = [] {
    Diagnostics d;
    return LoadPack("palmerworm", d).value();
  }();
  return BuildReport({{"f.ndjson", findings}}, assets, intel, gap, diags);
}

TEST(ReportTimeline, DwellAndPeriodsPerOrganisation) {
  std::string findings =
      "{\"@timestamp\":\"2019-09-01T00:00:00Z\",\"host\":{\"name\":\"A1\"}}\n"
      "{\"@timestamp\":\"2019-09-03T12:00:00Z\",\"host\":{\"name\":\"a2\"}}\n"
      "{\"@timestamp\":\"2019-12-01T00:00:00Z\",\"host\":{\"name\":\"a1\"}}\n";
  auto r = Build(findings, "organization,host\nAcme,a1\nAcme,A2\n", 7 * 86400);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->organizations.size(), 1u);
  const Timeline& acme = r->organizations[0];
  EXPECT_EQ(acme.name, "Acme");
  EXPECT_EQ(acme.hosts.size(), 3u);  // A1 and a1 are distinct in findings, one asset
  EXPECT_EQ(acme.periods.size(), 2u);
  EXPECT_EQ(acme.dwell_seconds, 91 * 86400);
  EXPECT_EQ(FormatDwell(acme.dwell_seconds), "91 d");
  EXPECT_TRUE(r->attributions.empty());  // no indicator, no campaign
}

TEST(ReportTimeline, AssetsWithoutHeaderColumnsAreAnError) {
  auto r = Build("", "name,owner\nx,y\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("host and organization"), std::string::npos);
}

TEST(ReportTimeline, FormatDwell) {
  EXPECT_EQ(FormatDwell(0), "0 h");
  EXPECT_EQ(FormatDwell(59), "1 min");
  EXPECT_EQ(FormatDwell(2 * 3600 + 600), "2 h 10 min");
  EXPECT_EQ(FormatDwell(2 * 86400 + 8 * 3600), "2 d 8 h");
  EXPECT_EQ(FormatDwell(372 * 86400 + 20 * 3600), "373 d");
}

TEST(ReportEvidence, KindsComeFromRulesetTypeAndContext) {
  std::string findings =
      R"({"@timestamp":"2019-09-01T00:00:00Z","host":{"name":"h"},"threat":{"enrichments":[)"
      R"({"matched":{"atomic":"1234abcd","field":"file.x509.serial_number"},"indicator":{"type":"x509-certificate"}},)"
      R"({"matched":{"atomic":"PLINK.EXE","field":"file.name"},"indicator":{"type":"file"}},)"
      R"({"matched":{"atomic":"notes.txt","field":"file.name"},"indicator":{"type":"file"}}]},"rule":{"ruleset":"ioc"}})"
      "\n"
      R"({"@timestamp":"2019-09-01T00:00:00Z","host":{"name":"h"},"file":{"pe":{"original_file_name":"winword.exe"}},"rule":{"ruleset":"ioc"}})"
      "\n"
      R"({"@timestamp":"2019-09-02T00:00:00Z","host":{"name":"h"},"file":{"pe":{"original_file_name":"rar.exe"}},"rule":{"ruleset":"ioc"}})"
      "\n"
      R"({"@timestamp":"2019-09-02T00:00:00Z","host":{"name":"h"},"threat":{"software":{"name":"Backdoor.Consock"}},"rule":{"ruleset":"yara","name":"consock_strings"}})"
      "\n";
  auto r = Build(findings, "");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hosts.size(), 1u);
  std::vector<std::string> seen;
  for (const IndicatorSighting& s : r->hosts[0].indicators) {
    seen.push_back(std::string(EvidenceKindName(s.kind)) + ":" + s.value + ":" + s.label);
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"dual-use-tool:PLINK.EXE:PuTTY",
                                            "dual-use-tool:rar.exe:WinRAR",
                                            "file-name:notes.txt:", "signer:1234abcd:",
                                            "yara-family:consock_strings:Backdoor.Consock"}));
  ASSERT_EQ(r->attributions.size(), 1u);
  const Attribution& a = r->attributions[0];
  auto factor = [&](const std::string& id) {
    return *std::find_if(a.factors.begin(), a.factors.end(),
                         [&](const AttributionFactor& f) { return f.id == id; });
  };
  EXPECT_EQ(factor("dual-use-tools").evidence, (std::vector<std::string>{"PuTTY", "WinRAR"}));
  EXPECT_DOUBLE_EQ(factor("dual-use-tools").strength, 0.75);
  EXPECT_DOUBLE_EQ(factor("custom-malware").contribution, 15);
  EXPECT_DOUBLE_EQ(factor("campaign-window").strength, 1);
  double sum = 0;
  for (const AttributionFactor& f : a.factors) sum += f.weight;
  EXPECT_DOUBLE_EQ(sum, 100);
}

}  // namespace
}  // namespace shrike
