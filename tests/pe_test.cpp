// PE metadata, Authenticode signers, certificate indicators, renamed dual-use
// tools and YARA rules in the sweep. The PE files are built by the test with
// mingw-w64 (tests/pe/: a benign stand-in program and a version resource that
// names it PsExec) and signed with osslsigncode by a CA the test makes with
// the openssl CLI; the tests skip with a message when a tool is absent.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "files/analyzer.h"
#include "files/file_match.h"
#include "shrike/intel_io.h"
#include "shrike/packs.h"
#include "shrike/sweep.h"
#include "shrike/yara.h"
#include "test_util.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;

bool HaveTool(const char* name) {
  return std::system(("command -v " + std::string(name) + " >/dev/null 2>&1").c_str()) == 0;
}

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

bool Run(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }
bool RunTo(const std::string& cmd, const std::string& out) {
  return std::system((cmd + " >" + out + " 2>/dev/null").c_str()) == 0;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// "SHA1 Fingerprint=DE:C0:..." -> "dec0..."
std::string Fingerprint(const fs::path& cert, const char* digest) {
  std::string out_path = (cert.parent_path() / "fp.txt").string();
  RunTo("openssl x509 -in " + Quote(cert) + " -noout -fingerprint -" + digest, out_path);
  std::string text = Slurp(out_path);
  std::string hex;
  for (char c : text.substr(text.find('=') + 1)) {
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(c));
  }
  return hex;
}

// The PE files every test uses, built once.
struct Built {
  fs::path dir;
  fs::path unsigned_pe;  // version info of PsExec, not signed
  fs::path signed_pe;    // the same, signed by the test code-signing cert
  std::string cert_sha1, cert_sha256;
  std::string skip;  // why the PE tests are skipped, empty when built
};

const Built& BuildPes() {
  static const Built built = [] {
    Built b;
    for (const char* tool :
         {"x86_64-w64-mingw32-gcc", "x86_64-w64-mingw32-windres", "osslsigncode", "openssl"}) {
      if (!HaveTool(tool)) {
        b.skip = std::string(tool) + " is not installed (make deps); skipping PE tests";
        return b;
      }
    }
    std::string templ = (fs::temp_directory_path() / "shrike-pe-XXXXXX").string();
    b.dir = mkdtemp(templ.data()) ? templ : "";
    // Removed when the test binary exits (the files are shared by the tests).
    static fs::path to_remove;
    to_remove = b.dir;
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(to_remove, ec);
    });
    fs::path src = testing::SourceDir() / "tests/pe";
    fs::path d = b.dir;
    b.unsigned_pe = d / "tool.exe";
    b.signed_pe = d / "signed.exe";
    bool ok = Run("x86_64-w64-mingw32-windres " + Quote(src / "psexec.rc") + " -O coff -o " +
                  Quote(d / "v.res")) &&
              Run("x86_64-w64-mingw32-gcc -Os -s -nostdlib -e start " + Quote(src / "tool.c") +
                  " " + Quote(d / "v.res") + " -lkernel32 -Wl,--file-alignment=64 -o " +
                  Quote(b.unsigned_pe)) &&
              Run("cd " + Quote(d) + " && bash " + Quote(src / "make_cert.sh")) &&
              Run("osslsigncode sign -certs " + Quote(d / "chain.pem") + " -key " +
                  Quote(d / "signer.key") + " -n shrike-test -in " + Quote(b.unsigned_pe) +
                  " -out " + Quote(b.signed_pe));
    if (!ok) {
      b.skip = "building the test PE files failed (mingw-w64, osslsigncode or openssl)";
      return b;
    }
    b.cert_sha1 = Fingerprint(d / "signer.crt", "sha1");
    b.cert_sha256 = Fingerprint(d / "signer.crt", "sha256");
    return b;
  }();
  return built;
}

#define REQUIRE_PES()                              \
  const Built& pes = BuildPes();                   \
  if (!pes.skip.empty()) GTEST_SKIP() << pes.skip; \
  do {                                             \
  } while (0)

class TempTree {
 public:
  const fs::path& path() const { return dir_.path(); }
  fs::path Copy(const fs::path& from, const std::string& name) const {
    fs::copy_file(from, dir_.path() / name, fs::copy_options::overwrite_existing);
    return dir_.path() / name;
  }
  fs::path Write(const std::string& name, const std::string& content) const {
    std::ofstream(dir_.path() / name, std::ios::binary) << content;
    return dir_.path() / name;
  }

 private:
  testing::TempDir dir_{"shrike-pe-tree"};
};

// What one finding said, by file base name.
struct Seen {
  int severity = 0;
  std::string rule_name, ruleset;
  std::multimap<std::string, std::string> fields;
  std::vector<std::string> matched;  // enrichment fields
  std::string Field(const std::string& k) const {
    auto it = fields.find(k);
    return it == fields.end() ? "" : it->second;
  }
};

struct Output {
  std::map<std::string, Seen> findings;
  std::vector<std::string> warnings;
};

Output RunSweep(const IntelSet& intel, const fs::path& root, SweepOptions options = {}) {
  Output out;
  options.roots = {root.string()};
  options.threads = 2;
  auto on_finding = [&](const Finding& f) {
    Seen s;
    s.severity = f.severity;
    s.rule_name = f.rule_name;
    s.ruleset = f.rule_ruleset;
    for (const auto& [k, v] : f.fields) s.fields.emplace(k, v);
    for (const Enrichment& e : f.enrichments) s.matched.push_back(e.field);
    out.findings[s.Field("file.name")] = s;
  };
  auto stats = Sweep(intel, options, on_finding,
                     [&](const Error& e) { out.warnings.push_back(e.ToString()); });
  EXPECT_TRUE(stats.ok()) << stats.error().ToString();
  return out;
}

IntelSet MakeIntel(std::vector<std::pair<IndicatorType, std::string>> values,
                   std::vector<std::string> tags = {}) {
  auto ctx = std::make_shared<IndicatorContext>();
  ctx->campaign = "Test Campaign";
  ctx->source = "test";
  ctx->tags = std::move(tags);
  std::vector<Indicator> indicators;
  for (auto& [type, value] : values) {
    Indicator ind;
    ind.type = type;
    ind.value = value;
    ind.context = ctx;
    indicators.push_back(ind);
  }
  return IntelSet::Compile(std::move(indicators));
}

YaraRules CompileRules(const std::string& text) {
  Diagnostics diags;
  Result<YaraRules> rules = YaraRules::Compile({{"test.yar", text, false, false}}, diags);
  EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : rules.error().ToString());
  return std::move(*rules);
}

// A rule that makes every PE a finding, so its metadata can be read.
constexpr const char* kAnyPe = "rule any_pe { condition: uint16(0) == 0x5A4D }";

TEST(PeSweep, ReadsVersionInfoAndAnImphashEqualToLibyaras) {
  REQUIRE_PES();
  TempTree tree;
  tree.Copy(pes.unsigned_pe, "tool.exe");
  SweepOptions options;
  options.yara = CompileRules(kAnyPe);
  Output out = RunSweep(IntelSet(), tree.path(), options);
  ASSERT_EQ(out.findings.count("tool.exe"), 1u);
  const Seen& s = out.findings["tool.exe"];
  EXPECT_EQ(s.Field("file.pe.original_file_name"), "psexec.c");
  EXPECT_EQ(s.Field("file.pe.internal_name"), "PsExec");
  EXPECT_EQ(s.Field("file.pe.product"), "Sysinternals PsExec");
  EXPECT_EQ(s.Field("file.pe.company"), "Sysinternals - www.sysinternals.com");
  EXPECT_EQ(s.Field("file.pe.description"), "Execute processes remotely");
  EXPECT_EQ(s.Field("file.pe.file_version"), "2.34");
  EXPECT_EQ(s.Field("file.code_signature.exists"), "") << "not signed";
  std::string imphash = s.Field("file.pe.imphash");
  ASSERT_EQ(imphash.size(), 32u);
  // libyara's own pe.imphash() must agree with the one computed from imports.
  options.yara =
      CompileRules("import \"pe\"\nrule same { condition: pe.imphash() == \"" + imphash + "\" }");
  Output again = RunSweep(IntelSet(), tree.path(), options);
  ASSERT_EQ(again.findings.count("tool.exe"), 1u);
  EXPECT_EQ(again.findings["tool.exe"].Field("shrike.yara.rules"), "same");
}

TEST(PeSweep, ReportsTheSignerWithThumbprintsOpensslAgreesWith) {
  REQUIRE_PES();
  TempTree tree;
  tree.Copy(pes.signed_pe, "psexec.exe");
  SweepOptions options;
  options.yara = CompileRules(kAnyPe);
  Output out = RunSweep(IntelSet(), tree.path(), options);
  ASSERT_EQ(out.findings.count("psexec.exe"), 1u);
  const Seen& s = out.findings["psexec.exe"];
  EXPECT_EQ(s.Field("file.code_signature.exists"), "true");
  EXPECT_EQ(s.Field("file.code_signature.subject_name"),
            "/CN=Shrike Test Signer/O=Stolen Cert Ltd");
  EXPECT_EQ(s.Field("file.x509.issuer.distinguished_name"), "/CN=Shrike Test CA/O=Shrike Tests");
  EXPECT_EQ(s.Field("file.x509.serial_number"), "5a17c0de01");
  EXPECT_EQ(s.Field("file.code_signature.thumbprint_sha1"), pes.cert_sha1);
  EXPECT_EQ(s.Field("file.code_signature.thumbprint_sha256"), pes.cert_sha256);
  EXPECT_EQ(s.Field("file.pe.renamed"), "") << "psexec.exe is PsExec's own name";
}

TEST(PeSweep, MatchesStolenCertificateIndicators) {
  REQUIRE_PES();
  TempTree tree;
  tree.Copy(pes.signed_pe, "psexec.exe");
  tree.Copy(pes.unsigned_pe, "PsExec64.exe");
  for (auto [type, value, field] :
       {std::tuple{IndicatorType::kCertSha1, pes.cert_sha1, "file.code_signature.thumbprint_sha1"},
        std::tuple{IndicatorType::kCertSha256, pes.cert_sha256,
                   "file.code_signature.thumbprint_sha256"},
        std::tuple{IndicatorType::kCertSerial, std::string("5a17c0de01"),
                   "file.x509.serial_number"}}) {
    Output out = RunSweep(MakeIntel({{type, value}}), tree.path());
    ASSERT_EQ(out.findings.count("psexec.exe"), 1u) << field;
    EXPECT_EQ(out.findings.count("PsExec64.exe"), 0u) << field << ": not signed";
    const Seen& s = out.findings["psexec.exe"];
    ASSERT_EQ(s.matched.size(), 1u) << field;
    EXPECT_EQ(s.matched[0], field);
    EXPECT_EQ(s.rule_name, "Test Campaign " + std::string(IndicatorTypeName(type)) + " indicator");
    EXPECT_GE(s.severity, 70);
  }
}

TEST(PeSweep, SerialIndicatorNamingAnIssuerNeedsThatIssuer) {
  REQUIRE_PES();
  TempTree tree;
  tree.Copy(pes.signed_pe, "psexec.exe");
  Output right = RunSweep(
      MakeIntel({{IndicatorType::kCertSerial, "5a:17:c0:de:01"}}, {"issuer=Shrike Test CA"}),
      tree.path());
  ASSERT_EQ(right.findings.count("psexec.exe"), 1u);
  EXPECT_EQ(right.findings["psexec.exe"].severity, 90);
  Output wrong = RunSweep(
      MakeIntel({{IndicatorType::kCertSerial, "5a17c0de01"}}, {"issuer=DigiCert"}), tree.path());
  EXPECT_EQ(wrong.findings.count("psexec.exe"), 0u) << "same serial, other issuer";
}

TEST(PeSweep, MatchesImphashIndicators) {
  REQUIRE_PES();
  TempTree tree;
  tree.Copy(pes.unsigned_pe, "a.exe");
  SweepOptions options;
  options.yara = CompileRules(kAnyPe);
  std::string imphash =
      RunSweep(IntelSet(), tree.path(), options).findings["a.exe"].Field("file.pe.imphash");
  ASSERT_FALSE(imphash.empty());
  Output out = RunSweep(MakeIntel({{IndicatorType::kImphash, imphash}}), tree.path());
  ASSERT_EQ(out.findings.count("a.exe"), 1u);
  EXPECT_EQ(out.findings["a.exe"].matched, std::vector<std::string>{"file.pe.imphash"});
}

Intel PalmerwormPack() {
  Diagnostics diags;
  Result<Intel> pack = LoadPack("palmerworm", diags);
  EXPECT_TRUE(pack.ok());
  return pack.ok() ? std::move(*pack) : Intel();
}

TEST(PeSweep, ReportsRenamedDualUseToolsAndNotTheToolUnderItsOwnName) {
  REQUIRE_PES();
  TempTree tree;
  tree.Copy(pes.unsigned_pe, "svch0st.exe");
  tree.Copy(pes.unsigned_pe, "PsExec64.exe");
  IntelSet intel = IntelSet::Compile(PalmerwormPack().indicators);
  Output out = RunSweep(intel, tree.path());
  ASSERT_EQ(out.findings.count("svch0st.exe"), 1u);
  const Seen& renamed = out.findings["svch0st.exe"];
  EXPECT_EQ(renamed.rule_name, "Renamed dual-use tool PsExec");
  EXPECT_EQ(renamed.Field("file.pe.renamed"), "true");
  EXPECT_EQ(renamed.matched, std::vector<std::string>{"file.pe.original_file_name"})
      << "enriched with the pack's PsExec tool";
  ASSERT_EQ(out.findings.count("PsExec64.exe"), 1u) << "the pack names PsExec: still reported";
  const Seen& own = out.findings["PsExec64.exe"];
  EXPECT_EQ(own.rule_name, "Dual-use tool PsExec");
  EXPECT_EQ(own.Field("file.pe.renamed"), "");
  EXPECT_LT(own.severity, renamed.severity);
}

TEST(PeSweep, RenamedToolIsReportedWithoutIntelNamingIt) {
  REQUIRE_PES();
  TempTree tree;
  tree.Copy(pes.unsigned_pe, "svch0st.exe");
  tree.Copy(pes.unsigned_pe, "psexec.exe");
  Output out = RunSweep(IntelSet(), tree.path());
  ASSERT_EQ(out.findings.count("svch0st.exe"), 1u);
  EXPECT_EQ(out.findings["svch0st.exe"].rule_name, "Renamed dual-use tool PsExec");
  EXPECT_EQ(out.findings.count("psexec.exe"), 0u);
}

TEST(PeSweep, PackYaraRulesUseVersionInfoAndTheFilenameVariable) {
  REQUIRE_PES();
  TempTree tree;
  tree.Copy(pes.unsigned_pe, "svch0st.exe");
  tree.Copy(pes.unsigned_pe, "psexec.exe");
  tree.Write("notes.txt", "PsExec mentioned in a text file");
  Diagnostics diags;
  Result<YaraRules> rules = YaraRules::Compile(PackYaraSources("palmerworm"), diags);
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  EXPECT_GE(rules->user_rule_count(), 6u);
  EXPECT_FALSE(rules->scans_all_files()) << "pack rules are for PE files: only MZ files scanned";
  EXPECT_TRUE(CompileRules(kAnyPe).scans_all_files());
  SweepOptions options;
  options.yara = *rules;
  options.pe = false;
  Output out = RunSweep(IntelSet(), tree.path(), options);
  ASSERT_EQ(out.findings.count("svch0st.exe"), 1u);
  ASSERT_EQ(out.findings.count("psexec.exe"), 1u);
  EXPECT_EQ(out.findings.count("notes.txt"), 0u);
  const Seen& renamed = out.findings["svch0st.exe"];
  EXPECT_EQ(renamed.ruleset, "yara");
  EXPECT_EQ(renamed.rule_name, "Palmerworm_Tool_PsExec_Renamed") << "highest score first";
  EXPECT_EQ(renamed.fields.count("shrike.yara.rules"), 2u);
  EXPECT_EQ(renamed.fields.count("tags"), 4u);
  EXPECT_EQ(renamed.Field("file.pe.original_file_name"), "") << "--no-pe";
  EXPECT_EQ(out.findings["psexec.exe"].rule_name, "Palmerworm_Tool_PsExec");
}

TEST(PeSweep, PackRulesAndRulesForAnyFileRunTogether) {
  REQUIRE_PES();
  TempTree tree;
  tree.Copy(pes.unsigned_pe, "svch0st.exe");
  tree.Write("notes.txt", "shrike-marker");
  Diagnostics diags;
  std::vector<YaraSource> sources = PackYaraSources("palmerworm");
  sources.push_back({"mine.yar",
                     "rule marker { strings: $a = \"shrike-marker\" condition: $a }\n"
                     "rule mz { condition: uint16(0) == 0x5A4D and filename == \"svch0st.exe\" }",
                     false, false});
  Result<YaraRules> rules = YaraRules::Compile(sources, diags);
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  EXPECT_TRUE(rules->scans_all_files());
  SweepOptions options;
  options.yara = *rules;
  Output out = RunSweep(IntelSet(), tree.path(), options);
  ASSERT_EQ(out.findings.count("notes.txt"), 1u);
  EXPECT_EQ(out.findings["notes.txt"].Field("shrike.yara.rules"), "marker");
  ASSERT_EQ(out.findings.count("svch0st.exe"), 1u);
  EXPECT_EQ(out.findings["svch0st.exe"].fields.count("shrike.yara.rules"), 3u)
      << "mz, and the pack's PsExec and PsExec_Renamed";
  EXPECT_EQ(out.findings["svch0st.exe"].Field("file.pe.original_file_name"), "psexec.c");
}

TEST(PeSweep, MalformedPesAreReadWithoutCrashing) {
  REQUIRE_PES();
  TempTree tree;
  std::string pe = Slurp(pes.signed_pe);
  tree.Write("half.exe", pe.substr(0, pe.size() / 2));
  std::string bad_cert = pe;
  for (std::size_t i = bad_cert.size() - 600; i < bad_cert.size(); i += 7) bad_cert[i] ^= 0x5a;
  tree.Write("badcert.exe", bad_cert);
  tree.Write("mz_only.exe", "MZ");
  tree.Write("empty.exe", "");
  SweepOptions options;
  options.yara = CompileRules(kAnyPe);
  Output out = RunSweep(IntelSet(), tree.path(), options);
  EXPECT_TRUE(out.warnings.empty());
  ASSERT_EQ(out.findings.count("half.exe"), 1u);
  EXPECT_EQ(out.findings["half.exe"].Field("file.code_signature.exists"), "")
      << "the certificate table is cut off";
  EXPECT_EQ(out.findings.count("badcert.exe"), 1u);
  EXPECT_EQ(out.findings.count("mz_only.exe"), 1u);
}

TEST(PeSweep, LargeFilesAreScannedUpToTheBoundAndSaySo) {
  TempTree tree;
  tree.Write("big.bin", std::string(5000, 'a') + "NEEDLE-AT-THE-END");
  tree.Write("small.bin", "NEEDLE-AT-THE-END");
  SweepOptions options;
  options.yara = CompileRules(
      "rule needle { strings: $a = \"NEEDLE-AT-THE-END\" condition: $a }\n"
      "rule nonempty { condition: filesize > 0 }");
  options.scan_max_bytes = 4096;
  Output out = RunSweep(IntelSet(), tree.path(), options);
  ASSERT_EQ(out.findings.count("big.bin"), 1u);
  EXPECT_EQ(out.findings["big.bin"].Field("shrike.scan.truncated_bytes"), "4096");
  EXPECT_EQ(out.findings["big.bin"].fields.count("shrike.yara.rules"), 1u) << "needle not seen";
  EXPECT_EQ(out.findings["small.bin"].fields.count("shrike.yara.rules"), 2u);
}

TEST(YaraRules, CompileErrorsNameFileAndLine) {
  TempTree tree;
  tree.Write("good.yar", "rule good { condition: true }\n");
  tree.Write("bad.yar",
             "rule ok { condition: true }\n\nrule broken {\n  condition: nope and\n true\n}\n");
  Result<std::vector<YaraSource>> sources = ReadYaraSources(tree.path().string());
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 2u);
  Diagnostics diags;
  Result<YaraRules> rules = YaraRules::Compile(*sources, diags);
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.error().where().file, (tree.path() / "bad.yar").string());
  EXPECT_EQ(rules.error().where().line, 4u);
  EXPECT_NE(rules.error().message().find("nope"), std::string::npos) << rules.error().message();
}

TEST(YaraRules, FolderWithoutRulesAndMissingFileAreErrors) {
  TempTree tree;
  tree.Write("readme.txt", "no rules here");
  EXPECT_FALSE(ReadYaraSources(tree.path().string()).ok());
  EXPECT_FALSE(ReadYaraSources((tree.path() / "absent.yar").string()).ok());
}

TEST(YaraRules, CliPrintsCompileErrorsAndExits2) {
  TempTree tree;
  fs::path rule = tree.Write("bad.yar", "rule x {\n condition: nosuchthing\n}\n");
  tree.Write("file.txt", "x");
  testing::CommandResult r = testing::RunShrike("sweep " + Quote(tree.path() / "file.txt") +
                                                " --intel palmerworm --yara " + Quote(rule));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(rule.string() + ":2:"), std::string::npos) << r.err;
}

// --- pure matching, no file needed ---

TEST(FileMatch, MatchesStoredFieldsAgainstIntel) {
  IntelSet intel =
      MakeIntel({{IndicatorType::kImphash, "da0a157e101e03bff197e73ac27e8a0c"},
                 {IndicatorType::kCertSha1, "dec05726d1f3c5e80822f86a94c690b8b4f99092"},
                 {IndicatorType::kFilename, "psexec.c"},
                 {IndicatorType::kTool, "PsExec"}});
  files::FileFields fields = {
      {"file.path", "C:\\Windows\\Temp\\svch0st.exe"},
      {"file.pe.original_file_name", "psexec.c"},
      {"file.pe.product", "Sysinternals PsExec"},
      {"file.pe.imphash", "DA0A157E101E03BFF197E73AC27E8A0C"},
      {"file.code_signature.thumbprint_sha1", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
      {"file.code_signature.thumbprint_sha1", "dec05726d1f3c5e80822f86a94c690b8b4f99092"},
  };
  std::vector<files::Hit> hits = files::MatchFileFields(fields, intel);
  std::multimap<std::string, std::string> by_field;
  for (const files::Hit& h : hits) by_field.emplace(h.field, h.rule_name);
  EXPECT_EQ(by_field.count("file.pe.imphash"), 1u);
  EXPECT_EQ(by_field.count("file.code_signature.thumbprint_sha1"), 1u) << "second signer";
  ASSERT_EQ(by_field.count("file.pe.original_file_name"), 2u) << "filename and tool";
  std::optional<files::ToolIdentity> tool =
      files::IdentifyTool(fields, files::ToolTable::Builtin());
  ASSERT_TRUE(tool);
  EXPECT_TRUE(tool->renamed) << "base name taken from a Windows path";
  EXPECT_EQ(tool->tool->tool, "PsExec");
}

TEST(FileMatch, BenignIndicatorsAndUnknownToolsGiveNoHit) {
  std::vector<Indicator> inds(1);
  inds[0].type = IndicatorType::kImphash;
  inds[0].value = "da0a157e101e03bff197e73ac27e8a0c";
  inds[0].benign = "some warninglist";
  IntelSet intel = IntelSet::Compile(std::move(inds));
  files::FileFields fields = {{"file.name", "notepad.exe"},
                              {"file.pe.original_file_name", "NOTEPAD.EXE"},
                              {"file.pe.imphash", "da0a157e101e03bff197e73ac27e8a0c"}};
  EXPECT_TRUE(files::MatchFileFields(fields, intel).empty());
}

TEST(FileMatch, ToolTableIdentifiesByInternalNameAndAcceptsShippedNames) {
  const files::ToolTable& tools = files::ToolTable::Builtin();
  files::FileFields plink = {{"file.name", "PLINK.EXE"},
                             {"file.pe.internal_name", "Plink"},
                             {"file.pe.product", "PuTTY suite"}};
  std::optional<files::ToolIdentity> id = files::IdentifyTool(plink, tools);
  ASSERT_TRUE(id);
  EXPECT_EQ(id->tool->tool, "Plink");
  EXPECT_EQ(id->tool->intel_tool, "PuTTY");
  EXPECT_FALSE(id->renamed);
  plink[0].second = "chrome_update.exe";
  EXPECT_TRUE(files::IdentifyTool(plink, tools)->renamed);
  files::FileFields rar = {{"file.name", "rar.exe"}, {"file.pe.product", "WinRAR"}};
  ASSERT_TRUE(files::IdentifyTool(rar, tools));
  EXPECT_FALSE(files::IdentifyTool(rar, tools)->renamed) << "rar.exe ships with WinRAR";
}

TEST(FileMatch, ToolTableWarnsAboutBadLines) {
  Diagnostics diags;
  files::ToolTable t = files::ToolTable::Parse(
      "# comment\n\nGood\tGood\tgood.exe\t-\t-\tgood.exe\nonly\ttwo\n", "tools.tsv", diags);
  EXPECT_EQ(t.entries().size(), 1u);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.warnings()[0].where().line, 4u);
}

}  // namespace
}  // namespace shrike

namespace shrike {
namespace {

TEST(FindingJson, RepeatedFieldsBecomeArrays) {
  Finding f;
  f.fields = {{"file.code_signature.subject_name", "/CN=First"},
              {"file.code_signature.subject_name", "/CN=Second"},
              {"file.code_signature.exists", "true"}};
  f.rule_ruleset = "yara";
  f.rule_name = "r";
  std::string json = FindingToJson(f);
  EXPECT_NE(
      json.find(R"("code_signature":{"exists":"true","subject_name":["/CN=First","/CN=Second"]})"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("rule":{"ruleset":"yara","name":"r"})"), std::string::npos) << json;
}

}  // namespace
}  // namespace shrike
