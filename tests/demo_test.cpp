// `shrike demo`: the estate is deterministic, every planted trace is found,
// nothing on background activity, and each organisation's first/last seen is
// within a day of its planted period.
#include "shrike/demo.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/strings.h"
#include "demo/lab_kit.h"
#include "test_util.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;

// The demo's outputs go in a fresh folder per test.
class TempDir {
 public:
  std::string path() const { return dir_.path().string(); }

 private:
  testing::TempDir dir_{"shrike-demo"};
};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// SHA-256 over every file below dir: relative path, content and (for the
// estate, whose mtimes are planted) mtime, in sorted order.
std::string TreeDigest(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  for (const fs::path& file : files) {
    struct stat st {};
    stat(file.c_str(), &st);
    std::string name = fs::relative(file, dir).string();
    std::string head = name + "\n";
    if (name.find("/estate/") != std::string::npos) head += std::to_string(st.st_mtime) + "\n";
    std::string body = ReadAll(file);
    EVP_DigestUpdate(ctx.get(), head.data(), head.size());
    EVP_DigestUpdate(ctx.get(), body.data(), body.size());
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &n);
  std::string hex;
  for (unsigned int i = 0; i < n; ++i)
    hex += "0123456789abcdef"[md[i] >> 4], hex += "0123456789abcdef"[md[i] & 15];
  return hex;
}

bool Matches(const DemoTrace& trace, const DemoFinding& f) {
  if (f.host != trace.host || f.timestamp == kNoTime) return false;
  if (f.timestamp < trace.time - 1 || f.timestamp > trace.time + 1) return false;
  // Behaviour: a Sigma rule fired on the planted record (its log, its time),
  // whatever else the record is a trace of (a C2 lookup fires a DNS rule too).
  if (f.ruleset == "sigma") return !trace.path.empty() && f.path.ends_with("/" + trace.path);
  // A file found by what it is (version info, signer) rather than by its
  // name: the finding names the planted file.
  if (!trace.path.empty() && f.dataset == "shrike.sweep" && f.path.ends_with("/" + trace.path)) {
    return true;
  }
  return std::any_of(f.atomics.begin(), f.atomics.end(),
                     [&](const std::string& a) { return EqualsIgnoreCase(a, trace.value); });
}

void CheckLayout(const std::string& out, const DemoResult& result) {
  for (const char* name : {".shrike-demo", "assets.csv", "manifest.json", "intel/lab-intel.csv",
                           "findings/sweep.ndjson", "findings/hunt.ndjson"}) {
    EXPECT_TRUE(fs::exists(out + "/" + name)) << name;
  }
  std::string assets = ReadAll(out + "/assets.csv");
  EXPECT_TRUE(assets.starts_with("host,organization,sector,country\n"));
  EXPECT_NE(assets.find("jp-eng-ws01,\"Engineering company (Japan)\",engineering,JP"),
            std::string::npos);
  std::string dns = ReadAll(out + "/estate/jp-eng/jp-eng-ids01/logs/dns.log");
  EXPECT_TRUE(dns.starts_with("#separator \\x09\n")) << dns.substr(0, 80);
  EXPECT_NE(dns.find("#fields\tts\tuid\tid.orig_h"), std::string::npos);
  std::string sysmon = ReadAll(out + "/estate/jp-eng/jp-eng-ws01/logs/sysmon.ndjson");
  EXPECT_NE(sysmon.find("\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\""),
            std::string::npos);
  EXPECT_EQ(result.manifest.organizations.size(), 6u);
}

void CheckEveryTraceFound(const DemoResult& result) {
  const auto& findings = result.run.findings;
  std::map<std::string, int> planted;
  for (const DemoTrace& trace : result.manifest.traces) {
    ++planted[trace.kind];
    bool found = std::any_of(findings.begin(), findings.end(),
                             [&](const DemoFinding& f) { return Matches(trace, f); });
    EXPECT_TRUE(found) << trace.kind << " (" << trace.detection << ") on " << trace.host << " at "
                       << FormatIsoTime(trace.time) << ": " << trace.value << " (" << trace.path
                       << ")";
  }
  // Each behaviour is planted in every organisation it applies to.
  for (const char* kind : {"psexec", "plink", "rar-password", "snscan", "renamed-psexec"}) {
    EXPECT_GE(planted[kind], 5) << kind;
  }
}

void CheckNothingOnBackground(const DemoResult& result) {
  for (const DemoFinding& f : result.run.findings) {
    bool planted = std::any_of(result.manifest.traces.begin(), result.manifest.traces.end(),
                               [&](const DemoTrace& t) { return Matches(t, f); });
    std::string atomics;
    for (const std::string& a : f.atomics) atomics += a + " ";
    EXPECT_TRUE(planted) << "finding on background: " << f.host << " " << FormatIsoTime(f.timestamp)
                         << " " << atomics << f.path;
  }
}

void CheckPeriods(const DemoResult& result) {
  const auto& orgs = result.manifest.organizations;
  auto seen = SeenByOrganization(orgs, result.run.findings);
  ASSERT_EQ(seen.size(), orgs.size());
  std::vector<DemoOrganization> table = DemoOrganizations();
  constexpr UnixTime kDay = 86400;
  for (std::size_t i = 0; i < orgs.size(); ++i) {
    SCOPED_TRACE(orgs[i].id);
    EXPECT_GT(seen[i].findings, 0u);
    EXPECT_LE(std::abs(seen[i].first - orgs[i].start), kDay);
    EXPECT_LE(std::abs(seen[i].last - orgs[i].end), kDay);
    // The planted traces fall on the days of the table.
    EXPECT_EQ(orgs[i].start / kDay, table[i].start / kDay);
    EXPECT_EQ(orgs[i].end / kDay, table[i].end / kDay);
  }
}

// --scale grows the background; the campaign does not move (PE traces aside,
// which need the tools).
void CheckScale(const DemoManifest& one) {
  TempDir dir;
  DemoOptions options;
  options.build_binaries = false;
  options.out_dir = dir.path();
  options.scale = 2;
  auto two = GenerateDemoEstate(options);
  ASSERT_TRUE(two.ok()) << two.error().ToString();
  EXPECT_GT(two->log_records, one.log_records * 3 / 2);
  std::vector<const DemoTrace*> planted;
  for (const DemoTrace& t : one.traces) {
    if (t.detection != "pe-version" && t.detection != "pe-signer") planted.push_back(&t);
  }
  ASSERT_EQ(planted.size(), two->traces.size());
  for (std::size_t i = 0; i < planted.size(); ++i) {
    EXPECT_EQ(planted[i]->time, two->traces[i].time);
    EXPECT_EQ(planted[i]->value, two->traces[i].value);
  }
}

// One run at the default scale (one test, so that CTest runs it once).
TEST(DemoRunTest, ReenactsTheReport) {
  TempDir dir;
  DemoOptions options;
  options.out_dir = dir.path() + "/demo";
  Diagnostics diags;
  auto result = RunDemo(options, diags);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  for (const Error& w : diags.warnings()) ADD_FAILURE() << "warning: " << w.ToString();
  for (const std::string& w : result->manifest.warnings) std::printf("note: %s\n", w.c_str());
  CheckLayout(options.out_dir, *result);
  CheckEveryTraceFound(*result);
  CheckNothingOnBackground(*result);
  CheckPeriods(*result);
  CheckScale(result->manifest);
}

TEST(DemoPeriodsTest, AreTheReportsFigure) {
  std::map<std::string, std::pair<std::string, std::string>> want = {
      {"tw-media", {"2019-08", "2020-08"}}, {"cn-build", {"2019-08", "2019-12"}},
      {"tw-fin", {"2019-10", "2020-02"}},   {"jp-eng", {"2019-09-03", "2019-09-05"}},
      {"tw-elec", {"2020-03", "2020-03"}},  {"us-org", {"2020-02", "2020-08"}}};
  auto orgs = DemoOrganizations();
  ASSERT_EQ(orgs.size(), want.size());
  for (const DemoOrganization& o : orgs) {
    SCOPED_TRACE(o.id);
    ASSERT_EQ(want.count(o.id), 1u);
    EXPECT_TRUE(FormatIsoTime(o.start).starts_with(want[o.id].first));
    EXPECT_TRUE(FormatIsoTime(o.end).starts_with(want[o.id].second));
    EXPECT_FALSE(o.hosts.empty());
  }
}

TEST(DemoGenerateTest, SameSeedSameBytes) {
  TempDir a, b, c;
  DemoOptions options;
  options.build_binaries = false;  // LabSignerIsSeeded covers the lab's part
  options.out_dir = a.path() + "/demo";
  ASSERT_TRUE(GenerateDemoEstate(options).ok());
  options.out_dir = b.path() + "/demo";
  ASSERT_TRUE(GenerateDemoEstate(options).ok());
  options.out_dir = c.path() + "/demo";
  options.seed = 7;
  ASSERT_TRUE(GenerateDemoEstate(options).ok());
  std::string digest = TreeDigest(a.path());
  EXPECT_EQ(digest, TreeDigest(b.path()));
  EXPECT_NE(digest, TreeDigest(c.path()));
}

TEST(DemoGenerateTest, RefusesAForeignFolder) {
  TempDir dir;
  std::ofstream(dir.path() + "/notes.txt") << "mine";
  DemoOptions options;
  options.build_binaries = false;
  options.out_dir = dir.path();
  auto refused = GenerateDemoEstate(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("--force"), std::string::npos);
  options.force = true;
  ASSERT_TRUE(GenerateDemoEstate(options).ok());
  EXPECT_EQ(ReadAll(dir.path() + "/notes.txt"), "mine");  // not ours: left alone
  options.force = false;                                  // now it carries the marker
  EXPECT_TRUE(GenerateDemoEstate(options).ok());
  options.scale = 0;
  EXPECT_FALSE(GenerateDemoEstate(options).ok());
}

// The lab keys, certificates and serials come from the seed.
TEST(DemoGenerateTest, LabSignerIsSeeded) {
  TempDir a, b;
  demo_internal::Rng rng_a(42), rng_b(42), rng_c(43);
  auto one = demo_internal::MakeLabSigner(a.path(), rng_a);
  auto two = demo_internal::MakeLabSigner(b.path(), rng_b);
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(one->sha1.size(), 40u);
  EXPECT_EQ(one->sha1, two->sha1);
  EXPECT_EQ(one->serial, two->serial);
  EXPECT_EQ(ReadAll(one->chain_path), ReadAll(two->chain_path));
  EXPECT_EQ(ReadAll(one->key_path), ReadAll(two->key_path));
  EXPECT_NE(ReadAll(one->chain_path).find("-----BEGIN CERTIFICATE-----"), std::string::npos);
  auto other = demo_internal::MakeLabSigner(a.path(), rng_c);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->sha1, one->sha1);
}

TEST(DemoCliTest, RefusesBadArgumentsAndForeignFolders) {
  EXPECT_EQ(testing::RunShrike("demo --scale 0").exit_code, 2);
  TempDir dir;
  std::ofstream(dir.path() + "/evidence.txt") << "keep";
  auto r = testing::RunShrike("demo --no-binaries --out '" + dir.path() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(ReadAll(dir.path() + "/evidence.txt"), "keep");
  EXPECT_FALSE(fs::exists(dir.path() + "/estate"));
}

}  // namespace
}  // namespace shrike
