// Unit tests of the prose indicator extractor: each defang style, each
// validation rule, Unicode folding, HTML, offsets and hostile input.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <utility>

#include "shrike/extract.h"
#include "shrike/names.h"
#include "shrike/warninglist.h"

namespace shrike {
namespace {

using TypedValue = std::pair<std::string, std::string>;
using ValueSet = std::set<TypedValue>;

// Extraction with no warninglist and no name dictionary, so that each test
// sees the scanner's own verdicts.
Extraction Extract(std::string_view text, bool unique = true) {
  static const Warninglists kNoLists;
  static const NameDictionary kNoNames;
  ExtractOptions options;
  options.source = "unit.txt";
  options.warninglists = &kNoLists;
  options.names = &kNoNames;
  options.unique = unique;
  return ExtractIndicators(text, options);
}

ValueSet Values(std::string_view text) {
  ValueSet out;
  for (const Indicator& ind : Extract(text).indicators) {
    out.emplace(std::string(IndicatorTypeName(ind.type)), ind.value);
  }
  return out;
}

const Indicator* Find(const Extraction& x, IndicatorType type, std::string_view value) {
  for (const Indicator& ind : x.indicators) {
    if (ind.type == type && ind.value == value) return &ind;
  }
  return nullptr;
}

bool Has(std::string_view text, std::string_view type, std::string_view value) {
  return Values(text).count({std::string(type), std::string(value)}) == 1;
}

// --- refanging -------------------------------------------------------------

TEST(ExtractRefang, BracketDotsOfEveryKind) {
  for (std::string_view text :
       {"evil[.]com", "evil(.)com", "evil{.}com", "evil<.>com", "evil[dot]com", "evil(dot)com",
        "evil{dot}com", "evil[ dot ]com", "evil [.] com", "evil [dot] com", "evil\\.com",
        "evil . com", "evil【.】com", "evil［.］com", "evil（.）com", "evil[DOT]com"}) {
    Extraction x = Extract(std::string("see ") + std::string(text) + " now");
    const Indicator* ind = Find(x, IndicatorType::kDomain, "evil.com");
    ASSERT_NE(ind, nullptr) << text;
    EXPECT_TRUE(ind->defanged) << text;
  }
}

TEST(ExtractRefang, SchemesColonsAndSlashes) {
  for (std::string_view text :
       {"hxxp://evil[.]com/a", "hXXp://evil.com/a", "h**p://evil.com/a", "http[:]//evil.com/a",
        "hxxp[://]evil.com/a", "http:[//]evil.com/a", "http:\\/\\/evil.com/a",
        "http:\\\\/\\\\/evil.com/a", "http[:][/][/]evil.com/a", "hxtp://evil.com/a"}) {
    EXPECT_TRUE(Has(text, "url", "http://evil.com/a")) << text;
  }
  EXPECT_TRUE(Has("hxxps://evil.com/x", "url", "https://evil.com/x"));
  EXPECT_TRUE(Has("fxp://files.evil.com/x", "url", "ftp://files.evil.com/x"));
  EXPECT_TRUE(Has("fxps://files.evil.com/x", "url", "ftps://files.evil.com/x"));
  EXPECT_TRUE(Has("sftp://files.evil.com/x", "url", "sftp://files.evil.com/x"));
}

TEST(ExtractRefang, AtSignsAndEmails) {
  for (std::string_view text :
       {"bad[@]evil[.]com", "bad(at)evil(dot)com", "bad [at] evil [dot] com", "bad{at}evil.com",
        "bad[at]evil.com", "bad(@)evil.com"}) {
    ValueSet v = Values(text);
    EXPECT_EQ(v.count({"email", "bad@evil.com"}), 1u) << text;
    EXPECT_EQ(v.count({"domain", "evil.com"}), 1u) << text;
  }
}

TEST(ExtractRefang, CommaIpv4OnlyOnIocLines) {
  EXPECT_TRUE(Has("1,2,3,4\n", "ipv4", "1.2.3.4"));
  EXPECT_TRUE(Has("IOCs:\n - 45,76,218,116\n", "ipv4", "45.76.218.116"));
  EXPECT_TRUE(Has("C2: 45,76,218,116", "ipv4", "45.76.218.116"));
  EXPECT_TRUE(Values("We counted 1,2,3,4 of them.").empty());
  EXPECT_TRUE(Values("Scores were 10,20,30,40 and 50").empty());
  EXPECT_TRUE(Values("1,2,3,4,5\n").empty());
}

TEST(ExtractRefang, RefangFunction) {
  EXPECT_EQ(Refang("hxxp://evil[.]com"), "http://evil.com");
  EXPECT_EQ(Refang("bad[at]evil[dot]com"), "bad@evil.com");
  EXPECT_EQ(Refang("ｅｖｉｌ．ｃｏｍ"), "evil.com");
  EXPECT_EQ(Refang("1[.]2[.]3[.]4"), "1.2.3.4");
  EXPECT_EQ(Refang("plain text (at noon)"), "plain text (at noon)");
}

TEST(ExtractRefang, DefangedFlagOnlyWhenDefanged) {
  Extraction x = Extract("evil.com and bad[.]org");
  ASSERT_NE(Find(x, IndicatorType::kDomain, "evil.com"), nullptr);
  EXPECT_FALSE(Find(x, IndicatorType::kDomain, "evil.com")->defanged);
  ASSERT_NE(Find(x, IndicatorType::kDomain, "bad.org"), nullptr);
  EXPECT_TRUE(Find(x, IndicatorType::kDomain, "bad.org")->defanged);
}

// --- validation ----------------------------------------------------------

TEST(ExtractValidate, FileNamesAreNotDomains) {
  EXPECT_TRUE(Values("the dropper rar.exe wrote document.pdf and readme.md").empty());
  EXPECT_TRUE(Values("It ships archive.zip, run.sh, x.py, clip.mov and tool.pl too.").empty());
  // A defanged name signals intent; three labels are a host.
  EXPECT_TRUE(Has("contact readme[.]md now", "domain", "readme.md"));
  EXPECT_TRUE(Has("host a.archive.zip now", "domain", "a.archive.zip"));
  // Alone on its line, as in an IOC list, the name is a domain.
  EXPECT_TRUE(Has("IOCs\nptgp.pl\n", "domain", "ptgp.pl"));
  EXPECT_TRUE(Has("evil.com.", "domain", "evil.com"));
}

TEST(ExtractValidate, VersionsAreNotAddresses) {
  EXPECT_TRUE(Values("Windows 10.0.17763.1 and 1.2.3.4.5 and v1.2.3.4").empty());
  EXPECT_TRUE(Values("version 1.2.3.4 and Version: 2.3.4.5 and ver. 3.4.5.6").empty());
  EXPECT_TRUE(Values("octets 256.1.1.1 and 1.2.3.999 and 01.2.3.4").empty());
  EXPECT_TRUE(Has("connects to 45.76.218.116.", "ipv4", "45.76.218.116"));
}

TEST(ExtractValidate, AddressesAreBounded) {
  ValueSet v = Values("45.76.218.116 then 45.76.218.11");
  EXPECT_EQ(v, (ValueSet{{"ipv4", "45.76.218.116"}, {"ipv4", "45.76.218.11"}}));
  EXPECT_EQ(Values("net 10.1.0.0/16 ok"), (ValueSet{{"cidr", "10.1.0.0/16"}}));
  EXPECT_TRUE(Has("c2 at 2001:db8::1 today", "ipv6", "2001:db8::1"));
  EXPECT_TRUE(Has("net 2001:db8::/32", "cidr", "2001:db8::/32"));
  EXPECT_TRUE(Values("at 12:30:45 use std::string and Face::Add").empty());
}

TEST(ExtractValidate, HashesAreBoundedByNonHex) {
  std::string sha256(64, 'a');
  sha256[3] = '1';
  EXPECT_TRUE(Has("hash " + sha256 + ".", "sha256", sha256));
  EXPECT_TRUE(Values("long " + sha256 + "123456 run").empty());
  EXPECT_TRUE(Values("word x" + sha256 + " and " + sha256 + "_x").empty());
  EXPECT_TRUE(
      Has("md5:d41d8cd98f00b204e9800998ecf8427e", "md5", "d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_TRUE(Has("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "sha1",
                  "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
  std::string sha512(128, 'b');
  sha512[0] = '9';
  EXPECT_TRUE(Has(sha512 + ".exe", "sha512", sha512));
}

TEST(ExtractValidate, UrlsStopAndTrim) {
  EXPECT_TRUE(Has("(see http://evil.com/a?b=1).", "url", "http://evil.com/a?b=1"));
  EXPECT_TRUE(Has("http://en.example.org/wiki/Foo_(bar), ok", "url",
                  "http://en.example.org/wiki/Foo_(bar)"));
  EXPECT_TRUE(Has("http://evil.com/päth", "url", "http://evil.com/p"));
  EXPECT_TRUE(Has("\"http://evil.com/x\"", "url", "http://evil.com/x"));
  ValueSet v = Values("get http://user@Evil.COM:8080/x and http://45.77.181.203/y");
  EXPECT_EQ(v.count({"domain", "evil.com"}), 1u);
  EXPECT_EQ(v.count({"ipv4", "45.77.181.203"}), 1u);
  EXPECT_EQ(v.count({"url", "http://45.77.181.203/y"}), 1u);
  EXPECT_TRUE(Has("http://[2001:db8::5]/x", "ipv6", "2001:db8::5"));
  EXPECT_TRUE(Values("http://localhost/x").empty());
}

TEST(ExtractValidate, OtherTypes) {
  ValueSet v = Values("CVE-2021-44228 and cve-2017-0144, T1059.001 and T1566 and Trojan.Gen.2");
  EXPECT_EQ(v, (ValueSet{{"cve", "CVE-2021-44228"},
                         {"cve", "CVE-2017-0144"},
                         {"attack-technique", "T1059.001"},
                         {"attack-technique", "T1566"},
                         {"malware", "Trojan.Gen.2"}}));
  ValueSet names = Values("Backdoor.Consock, Hacktool.Mimikatz; W32.Stuxnet and Ransom.WannaCry");
  EXPECT_EQ(names.size(), 4u);
  EXPECT_EQ(names.count({"malware", "Backdoor.Consock"}), 1u);
}

TEST(ExtractValidate, WarninglistsSeparateBenignValues) {
  ExtractOptions options;
  Extraction x =
      ExtractIndicators("d41d8cd98f00b204e9800998ecf8427e 192.168.1.1 45.77.181.203", options);
  EXPECT_EQ(x.indicators.size(), 1u);
  ASSERT_EQ(x.benign.size(), 2u);
  EXPECT_FALSE(x.benign[0].benign.empty());
  options.keep_benign = true;
  x = ExtractIndicators("192.168.1.1", options);
  ASSERT_EQ(x.indicators.size(), 1u);
  EXPECT_FALSE(x.indicators[0].benign.empty());
}

TEST(ExtractValidate, MarkdownAndAsciiDoc) {
  ValueSet v = Values(
      "| domain | `loop.microsoftmse[.]com` |\n"
      "See [the post](https://blog.evil.com/a_(b)). **c2.evil.net** and\n"
      "link:https://evil.org/x[Evil] or https://evil.io/y[label]\n");
  EXPECT_EQ(v, (ValueSet{{"domain", "loop.microsoftmse.com"},
                         {"url", "https://blog.evil.com/a_(b)"},
                         {"domain", "blog.evil.com"},
                         {"domain", "c2.evil.net"},
                         {"url", "https://evil.org/x"},
                         {"domain", "evil.org"},
                         {"url", "https://evil.io/y"},
                         {"domain", "evil.io"}}));
}

TEST(ExtractValidate, NamesComeFromTheDictionary) {
  NameDictionary names;
  names.Add({IndicatorType::kTool, "PsExec", {"psexesvc"}});
  names.Add({IndicatorType::kActor, "Palmerworm", {"BlackTech"}});
  static const Warninglists kNoLists;
  ExtractOptions options;
  options.names = &names;
  options.warninglists = &kNoLists;
  std::string text = "攻撃者 BlackTech は psexec と PSEXESVC を使う";
  Extraction x = ExtractIndicators(text, options);
  ASSERT_EQ(x.indicators.size(), 2u);
  EXPECT_EQ(x.indicators[0].type, IndicatorType::kActor);
  EXPECT_EQ(x.indicators[0].value, "Palmerworm");
  EXPECT_EQ(text.substr(x.indicators[0].offset, 9), "BlackTech");
  EXPECT_EQ(x.indicators[1].value, "PsExec");
  EXPECT_EQ(text.substr(x.indicators[1].offset, 6), "psexec");
}

// --- Unicode, HTML, offsets ----------------------------------------------

TEST(ExtractUnicode, FullWidthAndIdeographicDots) {
  EXPECT_TRUE(Has("ドメインはｅｖｉｌ．ｃｏｍです", "domain", "evil.com"));
  EXPECT_TRUE(Has("接続先 evil。com に", "domain", "evil.com"));
  EXPECT_TRUE(Has("evil｡com", "domain", "evil.com"));
  EXPECT_TRUE(Has("evil・com", "domain", "evil.com"));
  EXPECT_TRUE(Has("IPは1２3.4.5.6です", "ipv4", "123.4.5.6"));
  // An ideographic full stop that ends a sentence glues nothing.
  EXPECT_EQ(Values("接続先はevil.com。次にbad.org。"),
            (ValueSet{{"domain", "evil.com"}, {"domain", "bad.org"}}));
}

TEST(ExtractUnicode, ZeroWidthAndSoftHyphensInsideTokens) {
  EXPECT_TRUE(Has("ev\u200Bil.c\u00ADom", "domain", "evil.com"));
  EXPECT_TRUE(Has("45.76\u200D.218.116", "ipv4", "45.76.218.116"));
  EXPECT_TRUE(Has("\uFEFFevil.com", "domain", "evil.com"));
}

TEST(ExtractHtml, TextContentOnly) {
  std::string html =
      "<!DOCTYPE html><html><head><style>a.evil.com{}</style><script>var x='bad.com';</script>"
      "</head><body><p>C2: ev<b>il</b>[.]com &amp; 45&#46;76.218.116</p><!-- hidden.com -->"
      "<p>url: hxxp://evil&#x2E;com/a&amp;b</p><div>x</div>stealer.org</body></html>";
  ValueSet v = Values(html);
  EXPECT_EQ(v, (ValueSet{{"domain", "evil.com"},
                         {"ipv4", "45.76.218.116"},
                         {"url", "http://evil.com/a&b"},
                         {"domain", "stealer.org"}}));
}

TEST(ExtractOffsets, PointIntoTheOriginalBytes) {
  std::string text =
      "前文 ｅｖｉｌ．ｃｏｍ\n<b>x</b> bad[.]org and\nhxxp://c2[.]net/p and 45.76.218.116 "
      "\u200Bmal\u200Bware.io";
  Extraction x = Extract(text, /*unique=*/false);
  struct Expect {
    IndicatorType type;
    std::string value;
    std::string source;
    std::uint32_t line;
  };
  for (const Expect& e : {Expect{IndicatorType::kDomain, "evil.com", "ｅｖｉｌ", 1},
                          Expect{IndicatorType::kDomain, "bad.org", "bad[.]org", 2},
                          Expect{IndicatorType::kUrl, "http://c2.net/p", "hxxp://c2[.]net", 3},
                          Expect{IndicatorType::kDomain, "c2.net", "c2[.]net", 3},
                          Expect{IndicatorType::kIpv4, "45.76.218.116", "45.76.218.116", 3},
                          Expect{IndicatorType::kDomain, "malware.io", "mal", 3}}) {
    const Indicator* ind = Find(x, e.type, e.value);
    ASSERT_NE(ind, nullptr) << e.value;
    EXPECT_EQ(text.substr(ind->offset, e.source.size()), e.source) << e.value;
    EXPECT_EQ(ind->line, e.line) << e.value;
    ASSERT_NE(ind->context, nullptr);
    EXPECT_EQ(ind->ctx().source, "unit.txt");
  }
}

TEST(ExtractOffsets, UniqueKeepsFirstOccurrence) {
  Extraction all = Extract("evil.com evil.com EVIL.com", false);
  EXPECT_EQ(all.indicators.size(), 3u);
  Extraction unique = Extract("evil.com evil.com EVIL.com", true);
  ASSERT_EQ(unique.indicators.size(), 1u);
  EXPECT_EQ(unique.indicators[0].offset, 0u);
  // One context object is shared by every indicator of a source.
  EXPECT_EQ(all.indicators[0].context.get(), all.indicators[2].context.get());
}

// --- hostile input --------------------------------------------------------

double SecondsToExtract(const std::string& text) {
  auto start = std::chrono::steady_clock::now();
  Extraction x = Extract(text);
  auto end = std::chrono::steady_clock::now();
  return std::chrono::duration<double>(end - start).count();
}

TEST(ExtractMalformed, InvalidUtf8AndNulsAreSeparators) {
  using namespace std::string_literals;
  std::string text =
      "a\xFF"
      "evil.com\xC3"
      "bad.org\x00"
      "45.76.218.116\xE2\x82 x\xF0\x9F\0"s;
  text += "c2.net\xED\xA0\x80z";
  ASSERT_EQ(text.find("45.76"), 19u);
  ValueSet v = Values(text);
  EXPECT_EQ(v, (ValueSet{{"domain", "evil.com"},
                         {"domain", "bad.org"},
                         {"ipv4", "45.76.218.116"},
                         {"domain", "c2.net"}}));
}

TEST(ExtractMalformed, HugeInputsCompleteQuickly) {
  std::string no_spaces(10 << 20, 'a');
  for (std::size_t i = 7; i < no_spaces.size(); i += 13) no_spaces[i] = ':';
  EXPECT_LT(SecondsToExtract(no_spaces), 20.0);
  std::string dots;
  while (dots.size() < (1 << 20)) dots += ".[.](.){.}[";
  EXPECT_LT(SecondsToExtract(dots), 10.0);
  std::string labels;
  while (labels.size() < (1 << 20)) labels += "a.";
  EXPECT_LT(SecondsToExtract(labels), 10.0);
  std::string hex;
  while (hex.size() < (1 << 20)) hex += "ab:cd:";
  EXPECT_LT(SecondsToExtract(hex), 10.0);
  std::string schemes;
  while (schemes.size() < (1 << 20)) schemes += "http://a:";
  EXPECT_LT(SecondsToExtract(schemes), 10.0);
  std::string authorities = "http://";
  while (authorities.size() < (1 << 20)) authorities += "aaaaaaa.http://";
  EXPECT_LT(SecondsToExtract(authorities), 10.0);
  std::string tags;
  while (tags.size() < (1 << 20)) tags += "<html><b>&amp;&#x;<";
  EXPECT_LT(SecondsToExtract(tags), 10.0);
  std::string entities = "<html><body>";
  entities.append(1 << 20, '&');
  EXPECT_LT(SecondsToExtract(entities), 10.0);
}

TEST(ExtractMalformed, EmptyAndTinyInputs) {
  for (std::string_view s : {"", ".", "[", "<", "&", "h", "hxxp", "::", "@", "1,", "\xE3"}) {
    EXPECT_TRUE(Values(s).empty()) << s;
  }
}

}  // namespace
}  // namespace shrike
