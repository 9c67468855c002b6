// The Sigma engine on small rules and events: modifiers, wildcards,
// conditions, collections, filters, routing, correlations, load report.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "shrike/hunt.h"
#include "shrike/intel_set.h"
#include "shrike/sigma.h"
#include "sigma/internal.h"

namespace shrike {
namespace {

Event Sysmon(int id, std::vector<std::pair<std::string, std::string>> data) {
  Event e;
  e.kind = SourceKind::kEvtx;
  e.dialect = "evtx";
  e.fields = {{"Channel", "Microsoft-Windows-Sysmon/Operational"},
              {"EventID", std::to_string(id)},
              {"Computer", "ws1"}};
  for (auto& kv : data) e.fields.push_back(std::move(kv));
  return e;
}

Event Process(const std::string& image, const std::string& cmd,
              std::vector<std::pair<std::string, std::string>> more = {}) {
  more.emplace_back("Image", image);
  more.emplace_back("CommandLine", cmd);
  return Sysmon(1, std::move(more));
}

std::string Rule(const std::string& detection, const std::string& logsource =
                                                   "    product: windows\n"
                                                   "    category: process_creation\n") {
  return "title: t\nid: r1\nlevel: high\nlogsource:\n" + logsource + "detection:\n" + detection;
}

struct Loaded {
  std::shared_ptr<const SigmaRuleSet> rules;
  SigmaLoadReport report;
};

Loaded Load(const std::string& text) {
  Loaded l;
  l.rules = SigmaRuleSet::Compile({SigmaSource{"t.yml", text}}, SigmaFilter{}, l.report);
  return l;
}

std::vector<std::string> Fire(const Loaded& l, const Event& e) {
  SigmaEvaluator ev(l.rules);
  ev.Evaluate(e, "log", [](const Finding&) {});
  return ev.last_matches();
}

bool Fires(const std::string& detection, const Event& e) {
  Loaded l = Load(Rule(detection));
  EXPECT_EQ(l.report.skipped.size(), 0u) << l.report.ToString();
  return !Fire(l, e).empty();
}

TEST(Sigma, CaseInsensitiveEqualityByDefaultAndCased) {
  Event e = Process("C:\\Windows\\System32\\CMD.exe", "cmd /c whoami");
  EXPECT_TRUE(Fires("  s:\n    Image: 'c:\\windows\\system32\\cmd.exe'\n  condition: s\n", e));
  EXPECT_FALSE(
      Fires("  s:\n    Image|cased: 'c:\\windows\\system32\\cmd.exe'\n  condition: s\n", e));
  EXPECT_TRUE(Fires("  s:\n    Image|cased|endswith: '\\CMD.exe'\n  condition: s\n", e));
}

TEST(Sigma, WildcardsAndEscapes) {
  Event e = Process("C:\\x\\a*b?.exe", "run it");
  EXPECT_TRUE(Fires("  s:\n    Image: 'C:\\x\\a*.exe'\n  condition: s\n", e));
  EXPECT_TRUE(Fires("  s:\n    Image: '*\\a\\*b\\?.exe'\n  condition: s\n", e));
  EXPECT_TRUE(Fires("  s:\n    CommandLine: 'r?n it'\n  condition: s\n", e));
  EXPECT_FALSE(Fires("  s:\n    CommandLine: 'r?n'\n  condition: s\n", e));
  Event plain = Process("C:\\x\\ab.exe", "run");
  EXPECT_FALSE(Fires("  s:\n    Image|endswith: '\\a\\*b.exe'\n  condition: s\n", plain));
}

TEST(Sigma, ContainsAllStartswithEndswith) {
  Event e = Process("C:\\t\\rar.exe", "rar.exe a -hpSecret out.rar C:\\data");
  EXPECT_TRUE(Fires("  s:\n    CommandLine|contains|all: [' a ', '-hp']\n  condition: s\n", e));
  EXPECT_FALSE(Fires("  s:\n    CommandLine|contains|all: [' a ', '-x']\n  condition: s\n", e));
  EXPECT_TRUE(Fires("  s:\n    CommandLine|startswith: 'RAR.EXE'\n  condition: s\n", e));
  EXPECT_FALSE(Fires("  s:\n    CommandLine|endswith: 'rar'\n  condition: s\n", e));
}

TEST(Sigma, WindashCoversSlashAndUnicodeDashes) {
  EXPECT_TRUE(Fires("  s:\n    CommandLine|contains|windash: ' -enc '\n  condition: s\n",
                    Process("p.exe", "powershell /enc AAA")));
  EXPECT_TRUE(Fires("  s:\n    CommandLine|contains|windash: ' -enc '\n  condition: s\n",
                    Process("p.exe",
                            "powershell \xe2\x80\x93"
                            "enc AAA")));
  EXPECT_FALSE(Fires("  s:\n    CommandLine|contains|windash: ' -enc '\n  condition: s\n",
                     Process("p.exe", "powershell +enc AAA")));
}

TEST(Sigma, Base64OffsetAndUtf16) {
  // "whoami" base64 at the three offsets, inside a longer encoding.
  EXPECT_TRUE(Fires("  s:\n    CommandLine|base64offset|contains: 'whoami'\n  condition: s\n",
                    Process("p.exe", "x d2hvYW1p y")));
  EXPECT_TRUE(Fires("  s:\n    CommandLine|base64offset|contains: 'whoami'\n  condition: s\n",
                    Process("p.exe", "IHdob2FtaQ==")));  // " whoami"
  EXPECT_TRUE(Fires("  s:\n    CommandLine|base64|contains: 'whoami'\n  condition: s\n",
                    Process("p.exe", "-e d2hvYW1p")));
  // UTF-16LE "ab" base64 = "YQBiAA=="
  EXPECT_TRUE(Fires("  s:\n    CommandLine|wide|base64: 'ab'\n  condition: s\n",
                    Process("p.exe", "YQBiAA==")));
}

TEST(Sigma, RegexWithFlagsAndUnsupportedRegexIsSkipped) {
  Event e = Process("p.exe", "Invoke-Expression (New-Object Net.WebClient)");
  EXPECT_TRUE(Fires("  s:\n    CommandLine|re: 'Invoke-Ex.*WebClient'\n  condition: s\n", e));
  EXPECT_FALSE(Fires("  s:\n    CommandLine|re: 'invoke-ex'\n  condition: s\n", e));
  EXPECT_TRUE(Fires("  s:\n    CommandLine|re|i: 'invoke-ex'\n  condition: s\n", e));
  Loaded l = Load(Rule("  s:\n    CommandLine|re: '(a)\\1'\n  condition: s\n"));
  ASSERT_EQ(l.report.skipped.size(), 1u);
  EXPECT_NE(l.report.skipped[0].reason.find("Vectorscan"), std::string::npos);
  EXPECT_EQ(l.report.skipped[0].where.line, 1u);
  EXPECT_EQ(l.report.loaded, 0u);
}

TEST(Sigma, NullEmptyExistsAndNeq) {
  Event e = Process("p.exe", "", {{"Empty", ""}});
  EXPECT_TRUE(Fires("  s:\n    Missing: null\n  condition: s\n", e));
  EXPECT_TRUE(Fires("  s:\n    Empty: ''\n  condition: s\n", e));
  EXPECT_FALSE(Fires("  s:\n    Image: null\n  condition: s\n", e));
  EXPECT_TRUE(Fires("  s:\n    Image|exists: true\n  condition: s\n", e));
  EXPECT_TRUE(Fires("  s:\n    Missing|exists: false\n  condition: s\n", e));
  EXPECT_TRUE(Fires("  s:\n    Image|neq: 'q.exe'\n  condition: s\n", e));
  EXPECT_FALSE(Fires("  s:\n    Image|neq: 'P.exe'\n  condition: s\n", e));
}

TEST(Sigma, CidrNumbersTimePartsFieldref) {
  Event e = Sysmon(3, {{"DestinationIp", "10.1.2.3"},
                       {"DestinationPort", "3389"},
                       {"SourceIp", "fe80::1"},
                       {"UtcTime", "2019-02-16 10:01:45.887"},
                       {"User", "bob"},
                       {"TargetUser", "BOB"}});
  auto fires = [&](const std::string& d) {
    Loaded l = Load(Rule(d, "    product: windows\n    category: network_connection\n"));
    EXPECT_TRUE(l.report.skipped.empty()) << l.report.ToString();
    return !Fire(l, e).empty();
  };
  EXPECT_TRUE(fires("  s:\n    DestinationIp|cidr: '10.0.0.0/8'\n  condition: s\n"));
  EXPECT_FALSE(fires("  s:\n    DestinationIp|cidr: '192.168.0.0/16'\n  condition: s\n"));
  EXPECT_TRUE(fires("  s:\n    SourceIp|cidr: 'fe80::/10'\n  condition: s\n"));
  EXPECT_TRUE(fires("  s:\n    DestinationPort|gte: 3389\n  condition: s\n"));
  EXPECT_FALSE(fires("  s:\n    DestinationPort|lt: 1024\n  condition: s\n"));
  EXPECT_TRUE(fires("  s:\n    UtcTime|hour: 10\n  condition: s\n"));
  EXPECT_TRUE(fires("  s:\n    UtcTime|month: 2\n  condition: s\n"));
  EXPECT_TRUE(fires("  s:\n    UtcTime|week: 7\n  condition: s\n"));
  EXPECT_TRUE(fires("  s:\n    User|fieldref: TargetUser\n  condition: s\n"));
  EXPECT_FALSE(fires("  s:\n    User|fieldref|cased: TargetUser\n  condition: s\n"));
}

TEST(Sigma, ConditionsOfThemAndUnderscore) {
  Event e = Process("C:\\a\\plink.exe", "plink -R 1:2:3:4");
  std::string sel =
      "  sel_a:\n    Image|endswith: '\\plink.exe'\n  sel_b:\n    CommandLine|contains: ' -R '\n"
      "  _x:\n    Image: nothing\n";
  EXPECT_TRUE(Fires(sel + "  condition: all of them\n", e));
  EXPECT_FALSE(Fires(sel + "  condition: all of _*\n", e));
  EXPECT_TRUE(Fires(sel + "  condition: 1 of sel_* and not _x\n", e));
  EXPECT_TRUE(Fires(sel + "  condition: 2 of sel_*\n", e));
  EXPECT_FALSE(Fires(sel + "  condition: (sel_a and _x) or not sel_b\n", e));
  EXPECT_TRUE(Fires(sel + "  condition:\n    - _x\n    - sel_a\n", e));
  Loaded bad = Load(Rule(sel + "  condition: sel_a and nope\n"));
  EXPECT_EQ(bad.report.skipped.size(), 1u);
  Loaded agg = Load(Rule(sel + "  condition: sel_a | count() > 5\n"));
  ASSERT_EQ(agg.report.skipped.size(), 1u);
  EXPECT_NE(agg.report.skipped[0].reason.find("aggregation"), std::string::npos);
}

TEST(Sigma, KeywordsAndListsOfMaps) {
  Event e = Process("C:\\a\\b.exe", "mimikatz sekurlsa::logonpasswords");
  EXPECT_TRUE(Fires("  k:\n    - 'sekurlsa::'\n    - 'other'\n  condition: k\n", e));
  EXPECT_FALSE(Fires("  k:\n    - 'nothing here'\n  condition: k\n", e));
  EXPECT_TRUE(
      Fires("  s:\n    - Image: x\n    - CommandLine|contains: mimikatz\n  condition: s\n", e));
}

TEST(Sigma, Security4688UsesTheRenamedFields) {
  Event e;
  e.kind = SourceKind::kEvtx;
  e.dialect = "evtx";
  e.fields = {{"Channel", "Security"},
              {"EventID", "4688"},
              {"NewProcessName", "C:\\t\\plink.exe"},
              {"ParentProcessName", "C:\\Windows\\explorer.exe"},
              {"CommandLine", "plink -L 1:2:3"}};
  EXPECT_TRUE(
      Fires("  s:\n    Image|endswith: '\\plink.exe'\n    ParentImage|endswith: "
            "'\\explorer.exe'\n  condition: s\n",
            e));
  e.fields[1].second = "4624";
  EXPECT_FALSE(Fires("  s:\n    Image|endswith: '\\plink.exe'\n  condition: s\n", e));
}

TEST(Sigma, WinlogbeatAndNxlogEventsAreRouted) {
  Event w;
  w.kind = SourceKind::kNdjson;
  w.dialect = "winlog";
  w.fields = {{"winlog.channel", "Microsoft-Windows-Sysmon/Operational"},
              {"winlog.event_id", "1"},
              {"winlog.event_data.Image", "C:\\t\\SNScan.exe"}};
  EXPECT_TRUE(Fires("  s:\n    Image|endswith: '\\snscan.exe'\n  condition: s\n", w));
  Event n;
  n.kind = SourceKind::kNdjson;
  n.dialect = "winlog";
  n.fields = {{"Channel", "Microsoft-Windows-Sysmon/Operational"},
              {"EventID", "1"},
              {"Image", "C:\\t\\SNScan.exe"}};
  EXPECT_TRUE(Fires("  s:\n    Image|endswith: '\\snscan.exe'\n  condition: s\n", n));
  n.fields[1].second = "3";  // network connection: not process_creation
  EXPECT_FALSE(Fires("  s:\n    Image|endswith: '\\snscan.exe'\n  condition: s\n", n));
}

// One evaluator over a run of events whose names change shape (dialect,
// order, prefixes) gives, event by event, what a fresh evaluator gives: the
// view's per-position name cache and the per-event sorted fields of the
// findings never leak from one event into the next.
TEST(Sigma, OneEvaluatorOverEventsOfChangingShapes) {
  SigmaLoadReport report;
  auto rules = SigmaRuleSet::Compile(
      {SigmaSource{"a.yml", Rule("  s:\n    Image|endswith: '\\snscan.exe'\n  condition: s\n")},
       SigmaSource{"b.yml",
                   "title: b\nid: r2\nlevel: low\ntags: [attack.t1003, zz.last]\n"
                   "logsource:\n    product: windows\n    category: process_creation\n"
                   "detection:\n  s:\n    CommandLine|contains: mimikatz\n"
                   "  condition: s\n"},
       SigmaSource{"c.yml",
                   "title: c\nid: r3\nlevel: medium\nlogsource:\n    product: windows\n"
                   "detection:\n  k:\n    - 'sekurlsa'\n  condition: k\n"}},
      SigmaFilter{}, report);
  ASSERT_EQ(report.skipped.size(), 0u) << report.ToString();
  Event w;
  w.kind = SourceKind::kNdjson;
  w.dialect = "winlog";
  w.fields = {{"winlog.channel", "Microsoft-Windows-Sysmon/Operational"},
              {"winlog.event_id", "1"},
              {"winlog.event_data.Image", "C:\\t\\SNScan.exe"},
              {"winlog.event_data.CommandLine", "mimikatz sekurlsa::x"},
              {"tags", "dropped: a reserved name"}};
  Event n = w;
  n.fields = {{"Channel", "Microsoft-Windows-Sysmon/Operational"},
              {"EventID", "1"},
              {"CommandLine", "C:\\t\\SNScan.exe"},
              {"Image", "mimikatz"},
              {"Source Name", "x"}};
  std::vector<Event> events = {
      w,
      n,
      Process("C:\\t\\snscan.exe", "mimikatz", {{"b.c", "1"}, {"b", "2"}, {"a.z", "3"}}),
      Process("C:\\t\\other.exe", "sekurlsa", {{"b.c", "1"}, {"b", "2"}, {"a.z", "3"}}),
      Process("C:\\t\\other.exe", "nothing"),
      Process("C:\\t\\snscan.exe", "nothing"),  // a value at the same place, new literals
      w};
  events[5].dialect = "";  // kEvtx without a dialect: "evtx"
  auto run = [](SigmaEvaluator& ev, const Event& e) {
    std::vector<std::string> out;
    ev.Evaluate(e, "log", [&](const Finding& f) { out.push_back(FindingToJson(f)); });
    for (const std::string& m : ev.last_matches()) out.push_back(m);
    return out;
  };
  SigmaEvaluator shared(rules);
  std::size_t fired = 0;
  for (const Event& e : events) {
    SigmaEvaluator fresh(rules);
    auto want = run(fresh, e);
    EXPECT_EQ(run(shared, e), want);
    fired += want.size();
  }
  EXPECT_GE(fired, 10u);
}

// Lower-casing (eight bytes at a time) changes 'A'..'Z' and nothing else:
// every byte value, at every place of every length around the steps.
TEST(Sigma, LowerCasesAsciiLettersOnly) {
  std::mt19937 rng(26);
  for (int n = 0; n < 3000; ++n) {
    std::string s(rng() % 40, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    std::string want = s;
    for (char& c : want) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    sigma_internal::LowerInPlace(s);
    ASSERT_EQ(s, want);
  }
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  std::string want = all;
  for (int c = 'A'; c <= 'Z'; ++c) want[static_cast<std::size_t>(c)] = static_cast<char>(c + 32);
  sigma_internal::LowerInPlace(all);
  EXPECT_EQ(all, want);
}

TEST(Sigma, ZeekAndEveDnsForCategoryDns) {
  Loaded l = Load(Rule("  s:\n    query|endswith: '.microsoftmse.com'\n  condition: s\n",
                       "    category: dns\n"));
  Event z;
  z.kind = SourceKind::kZeekTsv;
  z.dialect = "zeek";
  z.fields = {{"ts", "1"}, {"query", "loop.microsoftmse.com"}};
  EXPECT_EQ(Fire(l, z).size(), 1u);
  Event eve;
  eve.kind = SourceKind::kNdjson;
  eve.dialect = "eve";
  eve.fields = {{"event_type", "dns"}, {"dns.queries.rrname", "loop.microsoftmse.com"}};
  EXPECT_EQ(Fire(l, eve).size(), 1u);
  eve.fields[0].second = "http";
  EXPECT_TRUE(Fire(l, eve).empty());
}

TEST(Sigma, CollectionsFiltersAndFilterDocuments) {
  std::string text =
      "action: global\nlevel: high\nlogsource:\n  product: windows\n  category: process_creation\n"
      "---\ntitle: a\nid: ra\ndetection:\n  s:\n    Image|endswith: '\\a.exe'\n  condition: s\n"
      "---\ntitle: b\nid: rb\ndetection:\n  s:\n    Image|endswith: '\\b.exe'\n  condition: s\n"
      "---\ntitle: f\nid: rf\nlogsource:\n  product: windows\n  category: process_creation\n"
      "filter:\n  rules: [ra]\n  selection:\n    CommandLine|contains: benign\n"
      "  condition: not selection\n";
  Loaded l = Load(text);
  EXPECT_EQ(l.report.loaded, 2u) << l.report.ToString();
  EXPECT_EQ(Fire(l, Process("C:\\a.exe", "evil")), std::vector<std::string>{"ra"});
  EXPECT_TRUE(Fire(l, Process("C:\\a.exe", "benign run")).empty());
  EXPECT_EQ(Fire(l, Process("C:\\b.exe", "benign")), std::vector<std::string>{"rb"});
}

TEST(Sigma, EventCountCorrelationFiresOnceTheWindowHoldsEnough) {
  std::string text =
      "title: logon fail\nname: fail\nid: base\nlogsource:\n  product: windows\n  service: "
      "security\n"
      "detection:\n  s:\n    EventID: 4625\n  condition: s\n---\n"
      "title: brute\nid: corr\nlevel: high\ncorrelation:\n  type: event_count\n  rules: [fail]\n"
      "  group-by: [TargetUserName]\n  timespan: 5m\n  condition:\n    gte: 3\n";
  Loaded l = Load(text);
  ASSERT_EQ(l.report.correlations, 1u) << l.report.ToString();
  SigmaEvaluator ev(l.rules);
  int findings = 0;
  std::string last;
  auto count = [&](const Finding& f) {
    ++findings;
    last = f.rule_id;
  };
  for (int i = 0; i < 4; ++i) {
    Event e;
    e.kind = SourceKind::kEvtx;
    e.timestamp = 1000 + i * 10;
    e.fields = {
        {"Channel", "Security"}, {"EventID", "4625"}, {"TargetUserName", i == 1 ? "eve" : "bob"}};
    e.dialect = "evtx";
    ev.Evaluate(e, "log", count);
  }
  EXPECT_EQ(findings, 1);  // bob's third failure (the 4th event); eve has one
  EXPECT_EQ(last, "corr");
  Event e;
  e.kind = SourceKind::kEvtx;
  e.dialect = "evtx";
  e.timestamp = 1100;
  e.fields = {{"Channel", "Security"}, {"EventID", "4625"}, {"TargetUserName", "bob"}};
  ev.Evaluate(e, "log", count);
  EXPECT_EQ(findings, 1);  // the window restarted after firing
}

TEST(Sigma, TemporalOrderedAndValueCount) {
  std::string rules =
      "title: a\nname: a\nid: a\nlogsource:\n  product: windows\n  category: process_creation\n"
      "detection:\n  s:\n    Image|endswith: '\\a.exe'\n  condition: s\n---\n"
      "title: b\nname: b\nid: b\nlogsource:\n  product: windows\n  category: process_creation\n"
      "detection:\n  s:\n    Image|endswith: '\\b.exe'\n  condition: s\n---\n"
      "title: seq\nid: seq\ncorrelation:\n  type: temporal_ordered\n  rules: [a, b]\n"
      "  group-by: [Computer]\n  timespan: 1h\n---\n"
      "title: many\nid: many\ncorrelation:\n  type: value_count\n  rules: [a]\n"
      "  timespan: 1h\n  condition:\n    field: CommandLine\n    gte: 2\n";
  Loaded l = Load(rules);
  ASSERT_EQ(l.report.correlations, 2u) << l.report.ToString();
  SigmaEvaluator ev(l.rules);
  std::vector<std::string> ids;
  auto on = [&](const Finding& f) { ids.push_back(f.rule_id); };
  Event b = Process("C:\\b.exe", "1");
  b.timestamp = 10;
  ev.Evaluate(b, "l", on);
  Event a1 = Process("C:\\a.exe", "x");
  a1.timestamp = 20;
  ev.Evaluate(a1, "l", on);
  EXPECT_TRUE(ids.empty());  // b before a: not in order
  Event b2 = Process("C:\\b.exe", "2");
  b2.timestamp = 30;
  ev.Evaluate(b2, "l", on);
  EXPECT_EQ(ids, std::vector<std::string>{"seq"});
  Event a2 = Process("C:\\a.exe", "y");
  a2.timestamp = 40;
  ev.Evaluate(a2, "l", on);
  EXPECT_EQ(ids, (std::vector<std::string>{"seq", "many"}));
}

TEST(Sigma, CorrelationsChainAndLessThanFiresAtFinish) {
  std::string rules =
      "title: a\nname: a\nid: a\nlogsource:\n  product: windows\n  category: process_creation\n"
      "detection:\n  s:\n    Image|endswith: '\\a.exe'\n  condition: s\n---\n"
      "title: two\nname: two\nid: two\ncorrelation:\n  type: event_count\n  rules: [a]\n"
      "  timespan: 1h\n  condition:\n    gte: 2\n---\n"
      "title: chain\nid: chain\ncorrelation:\n  type: event_count\n  rules: [two]\n"
      "  timespan: 1h\n  condition:\n    gte: 1\n---\n"
      "title: few\nid: few\ncorrelation:\n  type: event_count\n  rules: [a]\n"
      "  group-by: [CommandLine]\n  timespan: 1h\n  condition:\n    lt: 2\n";
  Loaded l = Load(rules);
  ASSERT_EQ(l.report.correlations, 3u) << l.report.ToString();
  SigmaEvaluator ev(l.rules);
  std::vector<std::string> ids;
  auto on = [&](const Finding& f) { ids.push_back(f.rule_id); };
  for (const char* cmd : {"x", "y"}) {
    Event e = Process("C:\\a.exe", cmd);
    e.timestamp = 100;
    ev.Evaluate(e, "l", on);
  }
  // "two" fired but is a base of "chain" (generate: false): only chain reports.
  EXPECT_EQ(ids, (std::vector<std::string>{"chain"}));
  ev.Finish(on);  // "x" and "y" each seen once: fewer than 2
  EXPECT_EQ(ids, (std::vector<std::string>{"chain", "few", "few"}));
}

TEST(Sigma, FiltersByLevelStatusTag) {
  std::string text =
      Rule("  s:\n    Image: x\n  condition: s\n") + "status: test\ntags: [attack.t1021.002]\n";
  SigmaLoadReport r1, r2, r3;
  SigmaFilter f1;
  f1.min_level = SigmaLevel::kCritical;
  SigmaRuleSet::Compile({{"a", text}}, f1, r1);
  EXPECT_EQ(r1.filtered, 1u);
  SigmaFilter f2;
  f2.statuses = {"stable"};
  SigmaRuleSet::Compile({{"a", text}}, f2, r2);
  EXPECT_EQ(r2.filtered, 1u);
  SigmaFilter f3;
  f3.tags = {"attack.t1021.002"};
  SigmaRuleSet::Compile({{"a", text}}, f3, r3);
  EXPECT_EQ(r3.loaded, 1u);
}

TEST(Sigma, BadYamlAndBadRulesAreReportedWithPlace) {
  SigmaLoadReport r;
  SigmaRuleSet::Compile({{"bad.yml", "title: x\ndetection: [\n"},
                         {"mod.yml", Rule("  s:\n    Image|frobnicate: x\n  condition: s\n")},
                         {"nodet.yml", "title: y\nid: y\n"}},
                        SigmaFilter{}, r);
  ASSERT_EQ(r.skipped.size(), 3u);
  EXPECT_EQ(r.skipped[0].where.file, "bad.yml");
  EXPECT_NE(r.skipped[0].reason.find("bad YAML"), std::string::npos);
  EXPECT_NE(r.skipped[1].reason.find("unsupported modifier"), std::string::npos);
  EXPECT_EQ(r.loaded, 0u);
  EXPECT_NE(r.ToString().find("mod.yml:1"), std::string::npos);
}

TEST(Sigma, FindingCarriesRuleLevelTagsAndEventFields) {
  Loaded l = Load(Rule("  s:\n    Image|endswith: '\\a.exe'\n  condition: s\n") +
                  "tags: [attack.execution, attack.t1569.002]\n");
  SigmaEvaluator ev(l.rules);
  std::vector<Finding> out;
  Event e = Process("C:\\a.exe", "go");
  ev.Evaluate(e, "x.log", [&](const Finding& f) { out.push_back(f); });
  ASSERT_EQ(out.size(), 1u);
  std::string json = FindingToJson(out[0]);
  EXPECT_NE(json.find("\"ruleset\":\"sigma\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"severity\":73"), std::string::npos);
  EXPECT_NE(json.find("\"technique\":{\"id\":\"T1569.002\"}"), std::string::npos) << json;
  EXPECT_NE(json.find("\"CommandLine\":\"go\""), std::string::npos);
  EXPECT_EQ(out[0].host, "ws1");
}

TEST(EvtxJson, ConvertsSystemAttributesEventDataAndUserData) {
  auto e = EventFromEvtxJson(
      R"({"Event":{"System":{"Provider":{"#attributes":{"Name":"Service Control Manager"}},)"
      R"("EventID":{"#attributes":{"Qualifiers":16384},"#text":7045},"Channel":"System",)"
      R"("Computer":"dc1","TimeCreated":{"#attributes":{"SystemTime":"2019-02-16T10:01:45.887Z"}},)"
      R"("Correlation":null},"EventData":{"ServiceName":"PSEXESVC","Empty":null,"N":5},)"
      R"("UserData":{"Op":{"#attributes":{"x":"1"},"Leaf":"v"}}}})");
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  EXPECT_EQ(e->kind, SourceKind::kEvtx);
  EXPECT_EQ(e->dialect, "evtx");
  EXPECT_EQ(e->Get("Provider_Name"), "Service Control Manager");
  EXPECT_EQ(e->Get("EventID"), "7045");
  EXPECT_EQ(e->Get("EventID_Qualifiers"), "16384");
  EXPECT_EQ(e->Get("ServiceName"), "PSEXESVC");
  EXPECT_EQ(e->Get("N"), "5");
  EXPECT_EQ(e->Get("Leaf"), "v");
  EXPECT_EQ(e->host, "dc1");
  EXPECT_EQ(e->timestamp, 1550311305);
}

TEST(EvtxJson, MalformedInputIsAnError) {
  EXPECT_FALSE(EventFromEvtxJson("{").ok());
  EXPECT_FALSE(EventFromEvtxJson("[]").ok());
  EXPECT_FALSE(EventFromEvtxJson(R"({"Event":{"EventData":{}}})").ok());
  EXPECT_FALSE(EventsFromEvtxJsonFile("{\"Event\":", "f").ok());
  auto two = EventsFromEvtxJsonFile(
      "Record 1\n{\"Event\":{\"System\":{\"EventID\":1}}}\n{\"Event\":{\"System\":{\"EventID\":"
      "\"}{\"}}}",
      "f");
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].Get("EventID"), "}{");
}

}  // namespace
}  // namespace shrike

namespace shrike {
namespace {

TEST(SigmaHunt, NdjsonLinesOfEvtxJsonAreEvtxEventsForTheObserver) {
  SigmaLoadReport report;
  auto rules = SigmaRuleSet::Load({"palmerworm"}, SigmaFilter{}, report);
  ASSERT_TRUE(rules.ok());
  SigmaObserver observer(*rules);
  HuntOptions options;
  options.observer = &observer;
  std::string data =
      R"({"Event":{"System":{"EventID":17,"Channel":"Microsoft-Windows-Sysmon/Operational",)"
      R"("Computer":"ws1","TimeCreated":{"#attributes":{"SystemTime":"2020-09-03T02:14:07Z"}}},)"
      R"("EventData":{"PipeName":"\\PSEXESVC"}}})"
      "\n{not json\n";
  std::vector<Finding> found;
  Diagnostics diags;
  auto stats = HuntBuffer(
      data, "x.jsonl", IntelSet::Compile({}), options,
      [&](const Finding& f) { found.push_back(f); }, diags);
  EXPECT_EQ(stats.records, 1u);  // the bad line is a warning, not a record
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule_ruleset, "sigma");
  EXPECT_EQ(found[0].rule_id, "5b1f4c8e-2d7a-4e39-b6c1-9a0e3f7d2c11");
  EXPECT_EQ(found[0].host, "ws1");
  EXPECT_EQ(found[0].log_line, 1u);
  EXPECT_EQ(diags.size(), 1u);  // the bad line, with its place
}

}  // namespace
}  // namespace shrike
