// Log readers on generated input: Suricata EVE, CSV, syslog and Zeek TSV with
// planted hits and near misses, and malformed input (truncated gzip, invalid
// JSON, NUL bytes, invalid UTF-8, unknown timestamps, over-long lines).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "logs/readers.h"
#include "shrike/hunt.h"
#include "shrike/intel_io.h"
#include "shrike/io.h"
#include "test_util.h"

namespace shrike {
namespace {

const char kIntel[] =
    "type,value,campaign,confidence\n"
    "domain,microsoftmse.com,Palmerworm,70\n"
    "ip,45.76.218.11,Palmerworm,80\n"
    "sha256,aa2a1b9ca2ba0f2d5a6d0e0a9a1a1b26a9c4bb3e2c0d5e6f7a8b9c0d1e2f3a4b,Palmerworm,90\n"
    "url,http://update.example.net/a.exe,Palmerworm,60\n";

IntelSet TestIntel() {
  Diagnostics diags;
  auto intel = ReadCsv(kIntel, "intel.csv", diags);
  EXPECT_TRUE(intel.ok());
  return IntelSet::Compile(std::move(intel->indicators));
}

struct HuntResult {
  std::vector<Finding> findings;
  Diagnostics diags;
  HuntStats stats;
};

HuntResult HuntText(std::string_view text, HuntOptions options = {}) {
  static const IntelSet intel = TestIntel();
  HuntResult run;
  run.stats = HuntBuffer(
      text, "t.log", intel, options, [&](const Finding& f) { run.findings.push_back(f); },
      run.diags);
  return run;
}

std::string Warnings(const Diagnostics& diags) {
  std::string out;
  for (const Error& e : diags.warnings()) out += e.ToString() + "\n";
  return out;
}

TEST(LogsEve, HitsAndNearMisses) {
  HuntResult run = HuntText(
      R"({"timestamp":"2020-09-03T02:14:07.123456+0000","event_type":"dns","host":"sensor1","src_ip":"10.1.1.5","dest_ip":"8.8.8.8","dns":{"type":"query","rrname":"loop.microsoftmse.com"}})"
      "\n"
      R"({"timestamp":"2020-09-03T02:15:00.000000+0200","event_type":"dns","src_ip":"10.1.1.5","dest_ip":"8.8.8.8","dns":{"rrname":"notmicrosoftmse.com"}})"
      "\n"
      R"({"timestamp":"2020-09-03T03:00:00+0000","event_type":"flow","src_ip":"10.1.1.5","dest_ip":"45.76.218.116"})"
      "\n"
      R"({"timestamp":"2020-09-03T03:01:00+0000","event_type":"tls","src_ip":"10.1.1.5","dest_ip":"45.76.218.11","tls":{"sni":"cdn.microsoftmse.com"}})"
      "\n"
      R"({"timestamp":"2020-09-03T03:02:00+0000","event_type":"fileinfo","fileinfo":{"filename":"/a.exe","sha256":"AA2A1B9CA2BA0F2D5A6D0E0A9A1A1B26A9C4BB3E2C0D5E6F7A8B9C0D1E2F3A4B"}})"
      "\n");
  EXPECT_TRUE(run.diags.empty()) << Warnings(run.diags);
  EXPECT_EQ(run.stats.records, 5u);
  ASSERT_EQ(run.findings.size(), 3u);
  const Finding& dns = run.findings[0];
  EXPECT_EQ(FormatIsoTime(dns.timestamp), "2020-09-03T02:14:07Z");
  EXPECT_EQ(dns.host, "sensor1");
  EXPECT_EQ(dns.enrichments[0].field, "dns.question.name");
  EXPECT_EQ(dns.log_line, 1u);
  EXPECT_EQ(dns.log_offset, 0u);
  const Finding& tls = run.findings[1];
  EXPECT_EQ(tls.log_line, 4u);
  ASSERT_EQ(tls.enrichments.size(), 2u);
  EXPECT_EQ(tls.enrichments[0].field, "destination.ip");
  EXPECT_EQ(tls.enrichments[1].field, "tls.client.server_name");
  EXPECT_EQ(tls.severity, 87);  // 80 and 70 combined: 100 * (1 - 0.2 * 0.65)
  const Finding& file = run.findings[2];
  EXPECT_EQ(file.enrichments[0].field, "file.hash.sha256");
  EXPECT_EQ(file.category, std::vector<std::string>{"file"});
  EXPECT_EQ(file.rule_name, "Palmerworm sha256");
}

TEST(LogsNdjson, WinlogbeatAndUnknownShapes) {
  HuntResult run = HuntText(
      R"({"@timestamp":"2020-09-20T16:16:56.010Z","winlog":{"event_id":22,"computer_name":"WS5",)"
      R"("event_data":{"QueryName":"loop.microsoftmse.com","Image":"C:\\x\\y.exe",)"
      R"("Comment":"45.76.218.11"}}})"
      "\n"
      R"({"time":"whenever","a":{"b":["x",{"c":"45.76.218.11"}]},"d":"notmicrosoftmse.com"})"
      "\n");
  EXPECT_TRUE(run.diags.empty()) << Warnings(run.diags);
  ASSERT_EQ(run.findings.size(), 2u);
  const Finding& sysmon = run.findings[0];
  EXPECT_EQ(FormatIsoTime(sysmon.timestamp), "2020-09-20T16:16:56Z");
  EXPECT_EQ(sysmon.host, "WS5");
  ASSERT_EQ(sysmon.enrichments.size(), 1u) << "unmapped fields of a known dialect are not matched";
  EXPECT_EQ(sysmon.enrichments[0].field, "dns.question.name");
  std::vector<std::pair<std::string, std::string>> fields = {
      {"dns.question.name", "loop.microsoftmse.com"}, {"process.executable", "C:\\x\\y.exe"}};
  EXPECT_EQ(sysmon.fields, fields);
  const Finding& other = run.findings[1];
  EXPECT_EQ(other.timestamp, kNoTime);
  ASSERT_EQ(other.enrichments.size(), 1u);
  EXPECT_EQ(other.enrichments[0].field, "a.b.c");
  EXPECT_EQ(other.log_line, 2u);
}

// Flattened names and the text of every kind of JSON value: integers in
// decimal (as simdjson::minify writes them; -0 is the integer 0), other
// numbers and booleans
// minified, nulls left out, arrays repeating their name.
TEST(LogsNdjson, FlattenedNamesAndValueTexts) {
  auto parser = logs_internal::MakeJsonParser("t.ndjson");
  const std::string text =
      R"({"a":{"b":{"c":1},"d":-42},"big":18446744073709551615,"min":-9223372036854775808,)"
      R"("zero":0,"neg0":-0,"dbl":1.5e3,"f":0.25,"t":true,"n":null,"arr":["x",7,{"k":"v"}],)"
      R"("":"empty","s":"str"})";
  logs_internal::Line line{text, 0, 1};
  Event event;
  Diagnostics diags;
  ASSERT_TRUE(parser->Parse(line, event, diags));
  std::vector<std::pair<std::string, std::string>> want = {{"a.b.c", "1"},
                                                           {"a.d", "-42"},
                                                           {"big", "18446744073709551615"},
                                                           {"min", "-9223372036854775808"},
                                                           {"zero", "0"},
                                                           {"neg0", "0"},
                                                           {"dbl", "1500.0"},
                                                           {"f", "0.25"},
                                                           {"t", "true"},
                                                           {"arr", "x"},
                                                           {"arr", "7"},
                                                           {"arr.k", "v"},
                                                           {"", "empty"},
                                                           {"s", "str"}};
  EXPECT_EQ(event.fields, want);
}

TEST(LogsCsv, UnknownColumnsMatchedByLook) {
  HuntResult run = HuntText(
      "time,client,server,query\n"
      "2020-09-03 02:14:07,10.0.0.1,45.76.218.11,intranet.local\n"
      "2020-09-03 02:14:08,10.0.0.1,45.76.218.116,notmicrosoftmse.com\n"
      "2020-09-03 02:14:09,10.0.0.1,1.1.1.1,\"a.microsoftmse.com\"\n"
      "too,few\n");
  ASSERT_EQ(run.diags.size(), 1u);
  EXPECT_EQ(run.diags.warnings()[0].where().line, 5u);
  ASSERT_EQ(run.findings.size(), 2u);
  EXPECT_EQ(run.findings[0].enrichments[0].field, "server");
  EXPECT_EQ(run.findings[0].enrichments[0].atomic, "45.76.218.11");
  EXPECT_EQ(run.findings[1].enrichments[0].field, "query");
  EXPECT_EQ(run.findings[1].log_line, 4u);
}

TEST(LogsSyslog, TokenBoundaries) {
  HuntOptions options;
  options.year = 2025;
  HuntResult run = HuntText(
      "Nov 26 06:21:37 fw01 kernel: DROP SRC=10.0.0.9 DST=45.76.218.116 DPT=443\n"
      "Nov 26 06:21:38 fw01 kernel: ACCEPT SRC=10.0.0.9 DST=45.76.218.11 DPT=443\n"
      "Nov  6 07:00:00 dns01 named[12]: query: notmicrosoftmse.com IN A\n"
      "Nov  6 07:00:01 dns01 named[12]: query: www.microsoftmse.com. IN A\n"
      "<34>1 2025-11-06T07:00:02Z web01 proxy - - GET http://update.example.net/a.exe 200\n"
      "no time here 45.76.218.11:8080 and [45.76.218.11]\n",
      options);
  EXPECT_TRUE(run.diags.empty());
  ASSERT_EQ(run.findings.size(), 4u);
  EXPECT_EQ(FormatIsoTime(run.findings[0].timestamp), "2025-11-26T06:21:38Z");
  EXPECT_EQ(run.findings[0].host, "fw01");
  EXPECT_EQ(run.findings[0].enrichments[0].field, "message");
  EXPECT_EQ(FormatIsoTime(run.findings[1].timestamp), "2025-11-06T07:00:01Z");
  EXPECT_EQ(run.findings[1].host, "dns01");
  EXPECT_EQ(run.findings[1].enrichments[0].atomic, "www.microsoftmse.com");
  EXPECT_EQ(run.findings[2].host, "web01");
  ASSERT_EQ(run.findings[2].enrichments.size(), 1u);
  EXPECT_EQ(run.findings[2].enrichments[0].atomic, "http://update.example.net/a.exe");
  EXPECT_EQ(run.findings[3].timestamp, kNoTime);
  EXPECT_EQ(run.findings[3].enrichments.size(), 1u) << "one atomic, one indicator";
}

TEST(LogsZeekTsv, EscapedSeparatorUnsetEmptyAndSets) {
  HuntResult run = HuntText(
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
      "#fields\tts\tuid\tid.orig_h\tid.resp_h\tquery\tanswers\tsha256\n"
      "#types\ttime\tstring\taddr\taddr\tstring\tvector[string]\tstring\n"
      "1599099247.5\tC1\t10.0.0.1\t10.0.0.2\t-\t(empty)\t-\n"
      "1599099248.5\tC2\t10.0.0.1\t10.0.0.2\tx.example.org\t1.2.3.4,45.76.218.11\t"
      "AA2A1B9CA2BA0F2D5A6D0E0A9A1A1B26A9C4BB3E2C0D5E6F7A8B9C0D1E2F3A4B\n"
      "1599099249.5\tC3\t10.0.0.1\n");
  ASSERT_EQ(run.diags.size(), 1u) << Warnings(run.diags);
  EXPECT_EQ(run.diags.warnings()[0].where().line, 9u);
  ASSERT_EQ(run.findings.size(), 1u);
  EXPECT_EQ(run.findings[0].timestamp, 1599099248);
  ASSERT_EQ(run.findings[0].enrichments.size(), 2u);
  EXPECT_EQ(run.findings[0].enrichments[0].field, "dns.answers.data");
  EXPECT_EQ(run.findings[0].enrichments[0].atomic, "45.76.218.11");
  EXPECT_EQ(run.findings[0].enrichments[1].field, "file.hash.sha256");
  EXPECT_EQ(run.findings[0].enrichments[1].indicator->type, IndicatorType::kSha256);
}

TEST(LogsMalformed, BadJsonNulInvalidUtf8AndTimestamps) {
  std::string text =
      "{\"ts\":1599099247,\"uid\":\"C1\",\"query\":\"a.microsoftmse.com\"}\n"
      "{\"ts\":1599099247,\"query\":\n"
      "{\"ts\":1599099247,\"query\":\"b.microsoftmse.com~\"}\n"
      "{\"ts\":1599099247,\"query\":\"c.microsoftmse.com\xff\"}\n"
      "[1,2]\n"
      "{\"ts\":\"yesterday\",\"uid\":\"C5\",\"query\":\"d.microsoftmse.com\"}\n"
      "{\"ts\":1599099250,\"uid\":\"C6\",\"query\":\"e.microsoftmse.com\"}";
  text[text.find('~')] = '\0';
  HuntResult run = HuntText(text);
  ASSERT_EQ(run.diags.size(), 5u) << Warnings(run.diags);
  std::vector<std::uint64_t> lines;
  for (const Error& e : run.diags.warnings()) {
    lines.push_back(e.where().line);
    EXPECT_EQ(e.where().file, "t.log");
  }
  EXPECT_EQ(lines, (std::vector<std::uint64_t>{2, 3, 4, 5, 6}));
  EXPECT_NE(run.diags.warnings()[4].message().find("unknown timestamp format"), std::string::npos);
  ASSERT_EQ(run.findings.size(), 3u);
  EXPECT_EQ(run.findings[1].timestamp, kNoTime) << "kept, without a time";
  EXPECT_EQ(run.findings[2].log_line, 7u);
  EXPECT_EQ(run.findings[2].timestamp, 1599099250);
}

TEST(LogsMalformed, OverLongLineSkippedWithBoundedBuffer) {
  HuntOptions options;
  options.max_record_bytes = 4096;
  std::string text = "Nov 26 06:21:37 h a 45.76.218.11\n" + std::string(300000, 'x') +
                     " 45.76.218.11\nNov 26 06:21:39 h c 45.76.218.11";
  HuntResult run = HuntText(text, options);
  ASSERT_EQ(run.diags.size(), 1u);
  EXPECT_EQ(run.diags.warnings()[0].where().line, 2u);
  EXPECT_EQ(run.diags.warnings()[0].where().offset, 33u);
  EXPECT_EQ(run.diags.warnings()[0].code(), ErrorCode::kLimit);
  ASSERT_EQ(run.findings.size(), 2u);
  EXPECT_EQ(run.findings[1].log_line, 3u);
  EXPECT_EQ(run.findings[1].log_offset, 33u + 300000 + 14);
}

TEST(LogsFiles, GzipStdinFoldersAndTruncatedGzip) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("shrike_logs_gz_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::string log;
  for (int i = 0; i < 2000; ++i) {
    log += "Nov 26 06:21:37 h p: n=" + std::to_string(i) + " 10.9.9.9\n";
  }
  log += "Nov 26 06:21:38 h p: hit 45.76.218.11\n";
  ASSERT_TRUE(WriteFile((dir / "sub/a.log").string(), log).ok());
  std::string gz = (dir / "sub/a.log.gz").string();
  ASSERT_EQ(std::system(("gzip -c '" + (dir / "sub/a.log").string() + "' > '" + gz + "'").c_str()),
            0);
  auto bytes = ReadFile(gz);
  ASSERT_TRUE(bytes.ok());
  ASSERT_TRUE(WriteFile((dir / "cut.log.gz").string(), bytes->substr(0, bytes->size() / 2)).ok());
  IntelSet intel = TestIntel();
  std::vector<Finding> findings;
  Diagnostics diags;
  auto stats = HuntPaths(
      {dir.string()}, intel, HuntOptions(), [&](const Finding& f) { findings.push_back(f); },
      diags);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->files, 3u);
  ASSERT_EQ(findings.size(), 2u) << "a.log and a.log.gz; the cut file has no hit line";
  EXPECT_EQ(findings[0].log_line, 2001u);
  EXPECT_EQ(findings[1].log_line, 2001u);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.warnings()[0].where().file, (dir / "cut.log.gz").string());
  EXPECT_TRUE(diags.warnings()[0].where().has_offset);
  fs::remove_all(dir);
}

TEST(LogsMalformed, WarningsCappedPerInput) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "{not json\n";
  text += "{\"ts\":1599099250,\"uid\":\"C\",\"query\":\"z.microsoftmse.com\"}\n";
  HuntResult run = HuntText(text);
  ASSERT_EQ(run.diags.size(), logs_internal::kMaxWarningsPerInput + 1);
  EXPECT_EQ(run.diags.warnings().back().message(), "4900 more warnings for this input not shown");
  ASSERT_EQ(run.findings.size(), 1u);
  EXPECT_EQ(run.findings[0].log_line, 5001u);
}

TEST(FieldMapTest, BuiltinAndParseErrors) {
  const FieldMap& map = FieldMap::Builtin();
  const FieldRule* rule = map.Find("winlog", "winlog.event_data.QueryName");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->ecs, "dns.question.name");
  EXPECT_EQ(map.Find("zeek", "id_resp_h")->ecs, "destination.ip");
  EXPECT_EQ(map.Find("zeek", "uid"), nullptr);
  auto bad = FieldMap::Parse("# c\nzeek\tts\ttimestamp\nzeek\tx\tcolour\n", "f.tsv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().where().line, 3u);
  EXPECT_EQ(logs_internal::ParseEventTime("1588205199.82437"), 1588205199);
  EXPECT_EQ(logs_internal::ParseEventTime("1588205199824"), 1588205199);
  EXPECT_EQ(logs_internal::ParseEventTime("2020-09-20 16:16:56.010"), 1600618616);
  EXPECT_EQ(logs_internal::ParseEventTime("12"), kNoTime);
}

}  // namespace
}  // namespace shrike
