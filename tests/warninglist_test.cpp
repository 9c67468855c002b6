#include "shrike/warninglist.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "shrike/io.h"
#include "test_util.h"

namespace shrike {
namespace {

using T = IndicatorType;

TEST(WarninglistsTest, BuiltinEmptyInputDigests) {
  Warninglists w = Warninglists::Builtin();
  EXPECT_EQ(w.Match(T::kSha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            "empty-input-digests");
  EXPECT_EQ(w.Match(T::kMd5, "d41d8cd98f00b204e9800998ecf8427e"), "empty-input-digests");
  EXPECT_EQ(w.Match(T::kSha1, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"), "empty-input-digests");
  EXPECT_EQ(w.Match(T::kSha512,
                    "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2"
                    "b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
            "empty-input-digests");
  // A digest only matches as its own type, and other digests do not match.
  EXPECT_EQ(w.Match(T::kSha1, "d41d8cd98f00b204e9800998ecf8427e"), "");
  EXPECT_EQ(w.Match(T::kSha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b856"),
            "");
}

TEST(WarninglistsTest, BuiltinSpecialPurposeAddresses) {
  Warninglists w = Warninglists::Builtin();
  for (const char* ip : {"10.1.2.3", "192.168.1.1", "127.0.0.1", "172.31.255.255", "100.64.0.1",
                         "169.254.10.10", "224.0.0.251", "255.255.255.255", "203.0.113.7"}) {
    EXPECT_EQ(w.Match(T::kIpv4, ip), "iana-special-purpose") << ip;
  }
  for (const char* ip : {"fd00::1", "::1", "fe80::1:2", "2001:db8::5", "::ffff:8.8.8.8"}) {
    EXPECT_EQ(w.Match(T::kIpv6, ip), "iana-special-purpose") << ip;
  }
  for (const char* ip : {"8.8.8.8", "45.76.218.116", "172.32.0.1", "100.128.0.1", "11.0.0.1"}) {
    EXPECT_EQ(w.Match(T::kIpv4, ip), "") << ip;
  }
  EXPECT_EQ(w.Match(T::kIpv6, "2001:4860:4860::8888"), "");
  EXPECT_EQ(w.Match(T::kCidr, "10.20.0.0/16"), "iana-special-purpose");
  EXPECT_EQ(w.Match(T::kCidr, "10.0.0.0/7"), "") << "wider than the reserved range";
  EXPECT_EQ(w.Match(T::kUrl, "http://192.168.0.10:8080/x"), "iana-special-purpose");
  EXPECT_EQ(w.Match(T::kUrl, "http://[::1]/x"), "iana-special-purpose");
  EXPECT_EQ(w.Match(T::kUrl, "http://45.76.218.116/x"), "");
  EXPECT_EQ(w.Match(T::kIpv4, "not an address"), "");
}

TEST(WarninglistsTest, BuiltinReservedDomains) {
  Warninglists w = Warninglists::Builtin();
  EXPECT_EQ(w.Match(T::kDomain, "example.com"), "reserved-domains");
  EXPECT_EQ(w.Match(T::kDomain, "www.EXAMPLE.org"), "reserved-domains");
  EXPECT_EQ(w.Match(T::kDomain, "foo.test"), "reserved-domains");
  EXPECT_EQ(w.Match(T::kDomain, "printer.local"), "reserved-domains");
  EXPECT_EQ(w.Match(T::kUrl, "https://user@a.example:443/p?q=1"), "reserved-domains");
  EXPECT_EQ(w.Match(T::kEmail, "bob@example.net"), "reserved-domains");
  EXPECT_EQ(w.Match(T::kDomain, "example.co.jp"), "");
  EXPECT_EQ(w.Match(T::kDomain, "notexample.com"), "");
  EXPECT_EQ(w.Match(T::kDomain, "testing.com"), "");
  EXPECT_EQ(w.list_count(), 3u);
}

TEST(WarninglistsTest, MispListTypes) {
  Warninglists w;
  Diagnostics diags;
  ASSERT_TRUE(w.LoadMispList(R"({"name":"hosts","type":"hostname","list":["Blog.Vendor.COM."],
                                "matching_attributes":["domain","url"]})",
                             "hosts.json", diags)
                  .ok());
  ASSERT_TRUE(w.LoadMispList(R"({"name":"subs","type":"substring","list":["pastebin"]})",
                             "subs.json", diags)
                  .ok());
  ASSERT_TRUE(w.LoadMispList(R"({"name":"nets","type":"cidr","list":["2001:DB8::/32","8.8.8.0/24"],
                                "matching_attributes":["ip-dst"]})",
                             "nets.json", diags)
                  .ok());
  ASSERT_TRUE(
      w.LoadMispList(
           R"({"name":"hashes","type":"string","list":["ABCDEF","AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"],
                                "matching_attributes":["md5","filename|sha1"]})",
           "hashes.json", diags)
          .ok());
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(w.list_count(), 4u);
  EXPECT_EQ(w.Match(T::kDomain, "blog.vendor.com"), "hosts");
  EXPECT_EQ(w.Match(T::kDomain, "a.b.blog.vendor.com"), "hosts");
  EXPECT_EQ(w.Match(T::kDomain, "vendor.com"), "");
  EXPECT_EQ(w.Match(T::kUrl, "https://x.blog.vendor.com/post"), "hosts");
  EXPECT_EQ(w.Match(T::kEmail, "a@blog.vendor.com"), "") << "email is not a matching attribute";
  EXPECT_EQ(w.Match(T::kUrl, "https://PASTEBIN.com/raw/x"), "subs");
  EXPECT_EQ(w.Match(T::kIpv6, "2001:db8:1::1"), "nets");
  EXPECT_EQ(w.Match(T::kIpv4, "8.8.8.8"), "nets");
  EXPECT_EQ(w.Match(T::kUrl, "http://8.8.8.8/a"), "nets");
  const std::string md5(32, 'a'), sha1(40, 'b'), sha256(64, 'c');
  EXPECT_EQ(w.Match(T::kMd5, md5), "hashes");
  EXPECT_EQ(w.Match(T::kSha1, sha1), "hashes");
  EXPECT_EQ(w.Match(T::kSha1, md5), "") << "an md5-long value is no sha1";
  EXPECT_EQ(w.Match(T::kSha256, sha256), "") << "sha256 is not a matching attribute";
  EXPECT_EQ(w.Match(T::kFilename, "ABCDEF"), "") << "filename is not a matching attribute";
}

TEST(WarninglistsTest, UnicodeHostnameEntriesMatchALabels) {
  Warninglists w;
  Diagnostics diags;
  ASSERT_TRUE(w.LoadMispList(R"({"name":"idn","type":"hostname","list":["bücher.example.de"]})",
                             "idn.json", diags)
                  .ok());
  EXPECT_EQ(w.Match(T::kDomain, "www.xn--bcher-kva.example.de"), "idn");
  EXPECT_EQ(w.Match(T::kDomain, "buecher.example.de"), "");
}

TEST(WarninglistsTest, ManySubstringsUseTheLiteralDatabase) {
  Warninglists w;
  Diagnostics diags;
  std::string json = R"({"name":"many","type":"substring","list":[)";
  for (int i = 0; i < 40; ++i) json += (i ? ",\"needle" : "\"needle") + std::to_string(i) + "x\"";
  json += "]}";
  ASSERT_TRUE(w.LoadMispList(json, "many.json", diags).ok());
  EXPECT_EQ(w.Match(T::kFilename, "aNEEDLE39Xb.exe"), "many");
  EXPECT_EQ(w.Match(T::kFilename, "needle40x"), "");
}

TEST(WarninglistsTest, RegexListsAreReportedAndSkipped) {
  Warninglists w;
  Diagnostics diags;
  ASSERT_TRUE(
      w.LoadMispList(R"({"name":"re","type":"regex","list":["^a.*"]})", "re.json", diags).ok());
  EXPECT_EQ(w.list_count(), 0u);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.warnings()[0].code(), ErrorCode::kUnsupported);
  EXPECT_EQ(diags.warnings()[0].where().file, "re.json");
}

TEST(WarninglistsTest, MalformedListsAreErrorsNamingTheFile) {
  static constexpr char kNulJson[] = "{\"name\":\"a\0b\",\"list\":[]}";
  const std::vector<std::string> bad = {
      R"({"name":"x","type":"string","list":["a",)",        // truncated
      R"({"name":"x","type":"string"})",                    // no list
      R"({"name":"x","type":"string","list":"a"})",         // list of the wrong type
      R"({"name":7,"list":[]})",                            // name of the wrong type
      R"({"name":"x","type":"bloom","list":[]})",           // unknown list type
      R"(["a","b"])",                                       // not an object
      "{\"name\":\"\xff\xfe\",\"list\":[]}",                // invalid UTF-8
      std::string(kNulJson, sizeof(kNulJson) - 1),          // NUL inside a string
      std::string(100000, '[') + std::string(100000, ']'),  // deep nesting
      "",
  };
  for (const std::string& json : bad) {
    Warninglists w;
    Diagnostics diags;
    Status st = w.LoadMispList(json, "lists/bad/list.json", diags);
    ASSERT_FALSE(st.ok()) << json.substr(0, 60);
    EXPECT_EQ(st.error().where().file, "lists/bad/list.json");
    EXPECT_EQ(w.list_count(), 0u);
  }
}

TEST(WarninglistsTest, BadEntriesAreWarningsAndTheRestLoads) {
  Warninglists w;
  Diagnostics diags;
  ASSERT_TRUE(w.LoadMispList(R"({"name":"n","type":"cidr","list":["10.0.0.0/33","1.2.3.0/24",
                                5,"zz::/8","1.2.3.4/","",{"a":1}]})",
                             "n.json", diags)
                  .ok());
  EXPECT_EQ(w.Match(T::kIpv4, "1.2.3.99"), "n");
  ASSERT_EQ(diags.size(), 6u);
  EXPECT_EQ(diags.warnings()[0].where().record, "list[0]");
  EXPECT_EQ(diags.warnings()[0].where().file, "n.json");
}

TEST(WarninglistsTest, HugeValuesLoadAndMatch) {
  Warninglists w;
  Diagnostics diags;
  std::string host = std::string(1 << 20, 'a') + ".example.org";
  std::string json = R"({"name":"big","type":"hostname","list":[")" + host + R"("]})";
  ASSERT_TRUE(w.LoadMispList(json, "big.json", diags).ok());
  EXPECT_EQ(w.Match(T::kDomain, "x." + host), "big");
  EXPECT_EQ(w.Match(T::kDomain, host.substr(1)), "");
}

TEST(WarninglistsTest, WarningsPerListAreCapped) {
  Warninglists w;
  Diagnostics diags;
  std::string json = R"({"name":"n","type":"cidr","list":[)";
  for (int i = 0; i < 1000; ++i) json += (i ? ",\"x\"" : "\"x\"");
  json += "]}";
  ASSERT_TRUE(w.LoadMispList(json, "n.json", diags).ok());
  EXPECT_EQ(diags.size(), 11u);
}

TEST(WarninglistsTest, MispCorpusDirectory) {
  SHRIKE_REQUIRE_SHARED("corpora/misp-warninglists");
  auto dir = testing::SharedDir() / "corpora/misp-warninglists";
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.path().filename() == "list.json") ++files;
  }
  Warninglists w;
  Diagnostics diags;
  ASSERT_TRUE(w.LoadMispDir(dir.string(), diags).ok());
  std::size_t unsupported = 0;
  for (const Error& e : diags.warnings()) {
    ASSERT_EQ(e.code(), ErrorCode::kUnsupported) << e.ToString();
    EXPECT_NE(e.where().file.find("list.json"), std::string::npos);
    ++unsupported;
  }
  EXPECT_GT(files, 5u);
  EXPECT_EQ(w.list_count(), files - unsupported);
  const std::string blogs = "List of known security providers/vendors blog domain";
  EXPECT_EQ(w.Match(T::kDomain, "blog.trendmicro.com"), blogs);
  EXPECT_EQ(w.Match(T::kDomain, "www.blog.jpcert.or.jp"), blogs);
  EXPECT_EQ(w.Match(T::kUrl, "https://blog.talosintelligence.com/2020/x.html"), blogs);
  EXPECT_EQ(w.Match(T::kDomain, "jpcert.or.jp"), "");
  EXPECT_EQ(w.Match(T::kIpv4, "192.168.3.4"), "List of RFC 1918 CIDR blocks");
  EXPECT_EQ(w.Match(T::kIpv4, "45.76.218.116"), "");
  EXPECT_FALSE(w.Match(T::kMd5, "d41d8cd98f00b204e9800998ecf8427e").empty());
  EXPECT_EQ(w.Match(T::kDomain, "com"), "TLDs as known by IANA");
  EXPECT_EQ(w.Match(T::kDomain, "evil.com"), "");
  EXPECT_FALSE(w.Match(T::kDomain, "bit.ly").empty());
}

TEST(WarninglistsTest, MissingDirectoryIsAnError) {
  Warninglists w;
  Diagnostics diags;
  Status st = w.LoadMispDir("/nonexistent/warninglists", diags);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().where().file, "/nonexistent/warninglists");
}

TEST(WarninglistsTest, DirectoryWithABadListLoadsTheRest) {
  // Unique per process: several build trees may run their tests at once.
  auto dir =
      std::filesystem::temp_directory_path() / ("shrike_wl_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "good");
  std::filesystem::create_directories(dir / "bad");
  ASSERT_TRUE(WriteFile((dir / "good/list.json").string(),
                        R"({"name":"good","type":"string","list":["x"]})")
                  .ok());
  ASSERT_TRUE(WriteFile((dir / "bad/list.json").string(), R"({"name":"bad",)").ok());
  Warninglists w;
  Diagnostics diags;
  ASSERT_TRUE(w.LoadMispDir(dir.string(), diags).ok());
  EXPECT_EQ(w.list_count(), 1u);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.warnings()[0].where().file, (dir / "bad/list.json").string());
  std::filesystem::remove_all(dir);
}

TEST(WarninglistsTest, MatchIsThreadSafe) {
  Warninglists w = Warninglists::Builtin();
  std::vector<std::thread> threads;
  std::vector<int> hits(4);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 500; ++k) hits[i] += !w.Match(T::kIpv4, "10.0.0.1").empty();
    });
  }
  for (auto& t : threads) t.join();
  for (int h : hits) EXPECT_EQ(h, 500);
}

}  // namespace
}  // namespace shrike
