// SOURCE arguments: files, folders (recursive, hidden files skipped) and
// built-in packs; ReadIntel dispatch.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "formats_test_util.h"
#include "shrike/intel_io.h"
#include "shrike/packs.h"
#include "test_util.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;
using testing::WarningsText;

class SourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("shrike-source-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const fs::path& relative, std::string_view text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative, std::ios::binary) << text;
  }

  fs::path root_;
};

TEST_F(SourceTest, FolderWithMixedFilesRecursiveSkippingHidden) {
  Write("a.csv", "type,value,actor\nsha256," + std::string(64, 'a') + ",Palmerworm\n");
  Write("sub/b.txt", "# c2\nevil.example.com\n203.0.113.7\n");
  Write("sub/deeper/hash-iocs.txt", std::string(32, 'b') + ";Backdoor\n");
  Write("c.json",
        testing::ReadTestFile(testing::SourceDir() / "tests/data/formats/misp_event.json"));
  Write("d.json", WriteJsonIntel(testing::FullIntel()));
  Write(".hidden.txt", "hidden.example.com\n");
  Write(".git/config.txt", "gitdir.example.com\n");
  Write("binary.bin", std::string("MZ\0\0\x90", 5));
  Diagnostics diags;
  auto intel = LoadIntelSource(root_.string(), diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  // 1 (csv) + 13 (misp) + 22 (json) + 2 (list) + 1 (hash list).
  EXPECT_EQ(intel->indicators.size(), 39u) << WarningsText(diags);
  for (const auto& ind : intel->indicators) {
    EXPECT_EQ(ind.value.find("hidden"), std::string::npos);
    EXPECT_EQ(ind.value.find("gitdir"), std::string::npos);
  }
  EXPECT_EQ(intel->indicators[0].ctx().actor, "Palmerworm");  // a.csv sorts first
  EXPECT_EQ(intel->indicators.back().type, IndicatorType::kMd5);
  EXPECT_EQ(intel->indicators.back().ctx().description, "Backdoor");
  EXPECT_NE(intel->FindEntity(EntityKind::kVictim, "Media in Japan"), nullptr);
  EXPECT_EQ(intel->name, root_.filename().string());
  bool binary_warned = false;
  for (const auto& w : diags.warnings()) binary_warned |= w.where().file.ends_with("binary.bin");
  EXPECT_TRUE(binary_warned) << WarningsText(diags);
}

TEST_F(SourceTest, BrokenFileInFolderFailsTheLoadNamingTheFile) {
  Write("good.txt", "evil.example.com\n");
  Write("bad.json", R"({"Event": {"info": "x", "Attribute": [)");
  Diagnostics diags;
  auto intel = LoadIntelSource(root_.string(), diags);
  ASSERT_FALSE(intel.ok());
  EXPECT_TRUE(intel.error().where().file.ends_with("bad.json")) << intel.error().ToString();
}

TEST_F(SourceTest, SingleFileByDetectedFormat) {
  // No extension: the content decides.
  Write("list", std::string(64, 'c') + ";Loader\n");
  Diagnostics diags;
  auto intel = LoadIntelSource((root_ / "list").string(), diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  ASSERT_EQ(intel->indicators.size(), 1u);
  EXPECT_EQ(intel->indicators[0].type, IndicatorType::kSha256);
  EXPECT_EQ(intel->name, "list");
}

TEST_F(SourceTest, MissingSourceNamesItAndThePacks) {
  Diagnostics diags;
  auto intel = LoadIntelSource((root_ / "nope").string(), diags);
  ASSERT_FALSE(intel.ok());
  EXPECT_EQ(intel.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(intel.error().where().file, (root_ / "nope").string());
  EXPECT_NE(intel.error().message().find("pack"), std::string::npos);
}

TEST(LoadIntelSource, PalmerwormPack) {
  if (!IsPackName("palmerworm")) GTEST_SKIP() << "the palmerworm pack is not embedded yet";
  Diagnostics diags;
  auto intel = LoadIntelSource("palmerworm", diags);
  ASSERT_TRUE(intel.ok()) << intel.error().ToString();
  EXPECT_EQ(intel->name, "palmerworm");
  int sha256 = 0, domains = 0, ipv4 = 0;
  for (const auto& ind : intel->indicators) {
    sha256 += ind.type == IndicatorType::kSha256;
    domains += ind.type == IndicatorType::kDomain;
    ipv4 += ind.type == IndicatorType::kIpv4;
  }
  EXPECT_EQ(sha256, 25);
  EXPECT_EQ(domains, 2);
  EXPECT_EQ(ipv4, 4);
  EXPECT_NE(intel->FindEntity(EntityKind::kActor, "Palmerworm"), nullptr);
}

TEST(LoadIntelSource, PalmerwormPackRoundTripsThroughEveryFormat) {
  if (!IsPackName("palmerworm")) GTEST_SKIP() << "the palmerworm pack is not embedded yet";
  Diagnostics diags;
  auto pack = LoadIntelSource("palmerworm", diags);
  ASSERT_TRUE(pack.ok()) << pack.error().ToString();
  for (IntelFormat format : {IntelFormat::kMisp, IntelFormat::kCsv, IntelFormat::kJson}) {
    SCOPED_TRACE(std::string(IntelFormatName(format)));
    auto text = WriteIntel(*pack, format);
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(DetectIntelFormat("out", *text), format);
    Diagnostics round_diags;
    auto back = ReadIntel(*text, "out", round_diags);
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    EXPECT_TRUE(round_diags.empty()) << WarningsText(round_diags);
    testing::ExpectSameIndicators(*pack, *back);
  }
}

TEST(ReadIntel, DispatchesByContent) {
  Diagnostics diags;
  auto csv = ReadIntel("value\nevil.example.com\n", "dir/x.txt", diags);
  ASSERT_TRUE(csv.ok());
  ASSERT_EQ(csv->indicators.size(), 1u);
  EXPECT_EQ(csv->name, "x.txt");
  auto json = ReadIntel(WriteJsonIntel(testing::FullIntel()), "x", diags);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->indicators.size(), 22u);
  auto broken = ReadIntel(R"({"name":"n","indicators":[)", "x", diags);
  EXPECT_FALSE(broken.ok());
}

TEST(ReadIntel, ProseGoesToTheExtractor) {
  Diagnostics diags;
  auto intel = ReadIntel(
      "The actor used the C2 server loop.microsoftmse[.]com and the file "
      "d41d8cd98f00b204e9800998ecf8427f during the intrusion.\n",
      "report.txt", diags);
  ASSERT_TRUE(intel.ok());
  EXPECT_EQ(intel->name, "report.txt");
  bool domain = false;
  for (const auto& ind : intel->indicators) {
    domain |= ind.type == IndicatorType::kDomain && ind.value == "loop.microsoftmse.com";
  }
  EXPECT_TRUE(domain);
}

}  // namespace
}  // namespace shrike
