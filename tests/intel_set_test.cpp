// IntelSet: every matching rule, the negative ones, and a 100k-indicator
// comparison against a naive linear scan.
#include "shrike/intel_set.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace shrike {
namespace {

using Type = IndicatorType;

std::shared_ptr<const IndicatorContext> Source(const std::string& name) {
  auto context = std::make_shared<IndicatorContext>();
  context->source = name;
  return context;
}

// A normalised indicator, as every reader produces them.
Indicator Make(Type type, std::string_view raw, const std::string& source = "test") {
  Result<std::string> value = NormalizeValue(type, raw);
  EXPECT_TRUE(value.ok()) << raw;
  Indicator indicator;
  indicator.type = type;
  indicator.value = value.ok() ? *value : std::string(raw);
  indicator.context = Source(source);
  return indicator;
}

// The values of the matches, in the order returned.
std::vector<std::string> Values(const std::vector<const Indicator*>& matches) {
  std::vector<std::string> out;
  for (const Indicator* m : matches) out.push_back(m->value);
  return out;
}

using Strings = std::vector<std::string>;

const std::string kSha256 = "0b6f2a85aa3e6e6e1c3ae58e0ce1d5fbd0e68c6e3f7a0a1e1f0c1f63c6b0c1a5";
const std::string kMd5 = "d41d8cd98f00b204e9800998ecf8427e";

TEST(IntelSetTest, EmptySetMatchesNothing) {
  for (const IntelSet& set : {IntelSet(), IntelSet::Compile({})}) {
    EXPECT_EQ(set.size(), 0u);
    EXPECT_FALSE(set.Has(Type::kSha256));
    EXPECT_TRUE(set.MatchDigest(Type::kSha256, kSha256).empty());
    EXPECT_TRUE(set.MatchDomain("example.com").empty());
    EXPECT_TRUE(set.MatchIp("1.2.3.4").empty());
    EXPECT_TRUE(set.MatchValue(Type::kCve, "CVE-2020-0688").empty());
  }
}

TEST(IntelSetTest, DigestsMatchExactlyWhateverTheCase) {
  IntelSet set = IntelSet::Compile({Make(Type::kSha256, kSha256), Make(Type::kMd5, kMd5)});
  EXPECT_EQ(Values(set.MatchDigest(Type::kSha256, kSha256)), Strings{kSha256});
  std::string upper = kSha256;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  EXPECT_EQ(set.MatchDigest(Type::kSha256, upper).size(), 1u);
  EXPECT_EQ(set.MatchDigest(Type::kMd5, "D41D8CD98F00B204E9800998ECF8427E").size(), 1u);
  std::string other = kSha256;
  other.back() = '6';
  EXPECT_TRUE(set.MatchDigest(Type::kSha256, other).empty());
  EXPECT_TRUE(set.MatchDigest(Type::kSha256, kSha256.substr(1)).empty());
  EXPECT_TRUE(set.MatchDigest(Type::kSha256, kSha256 + "0").empty());
  EXPECT_TRUE(set.MatchDigest(Type::kSha256, " " + kSha256).empty());
  EXPECT_TRUE(set.MatchDigest(Type::kSha256, kSha256 + " ").empty());
  EXPECT_TRUE(set.MatchDigest(Type::kSha256, "").empty());
}

TEST(IntelSetTest, DigestTypesAreSeparate) {
  IntelSet set = IntelSet::Compile({Make(Type::kMd5, kMd5), Make(Type::kImphash, kMd5, "imp")});
  ASSERT_EQ(set.MatchDigest(Type::kMd5, kMd5).size(), 1u);
  EXPECT_EQ(set.MatchDigest(Type::kMd5, kMd5)[0]->type, Type::kMd5);
  ASSERT_EQ(set.MatchDigest(Type::kImphash, kMd5).size(), 1u);
  EXPECT_EQ(set.MatchDigest(Type::kImphash, kMd5)[0]->type, Type::kImphash);
  EXPECT_TRUE(set.MatchDigest(Type::kSha256, kSha256).empty());
  EXPECT_TRUE(set.Has(Type::kMd5));
  EXPECT_TRUE(set.Has(Type::kImphash));
  EXPECT_FALSE(set.Has(Type::kSha1));
}

TEST(IntelSetTest, EveryDigestType) {
  const std::string sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
  const std::string sha512 = std::string(64, 'a') + std::string(64, 'F');
  IntelSet set = IntelSet::Compile({Make(Type::kSha1, sha1), Make(Type::kSha512, sha512),
                                    Make(Type::kCertSha1, sha1), Make(Type::kCertSha256, kSha256),
                                    Make(Type::kCertSerial, "0A:1B:2C")});
  EXPECT_EQ(set.MatchDigest(Type::kSha1, sha1).size(), 1u);
  EXPECT_EQ(set.MatchDigest(Type::kSha512, sha512).size(), 1u);
  EXPECT_TRUE(set.MatchDigest(Type::kSha512, sha512.substr(0, 127)).empty());
  EXPECT_EQ(set.MatchDigest(Type::kCertSha1, sha1).size(), 1u);
  // Certificate tools print fingerprints as colon-separated upper-case bytes.
  std::string colons;
  for (std::size_t i = 0; i < kSha256.size(); i += 2) {
    colons += (i ? ":" : "") + kSha256.substr(i, 2);
  }
  std::transform(colons.begin(), colons.end(), colons.begin(), ::toupper);
  EXPECT_EQ(set.MatchDigest(Type::kCertSha256, colons).size(), 1u);
  EXPECT_TRUE(set.MatchDigest(Type::kSha256, colons).empty());
  EXPECT_EQ(set.MatchDigest(Type::kCertSerial, "0a1b2c").size(), 1u);
  EXPECT_EQ(set.MatchValue(Type::kCertSerial, "0A:1B:2C").size(), 1u);
  EXPECT_TRUE(set.MatchDigest(Type::kCertSerial, "0a1b2d").empty());
}

TEST(IntelSetTest, ListedDomainMatchesItselfAndSubdomains) {
  IntelSet set = IntelSet::Compile({Make(Type::kDomain, "microsoftmse.com")});
  EXPECT_EQ(set.MatchDomain("microsoftmse.com").size(), 1u);
  EXPECT_EQ(set.MatchDomain("loop.microsoftmse.com").size(), 1u);
  EXPECT_EQ(set.MatchDomain("a.b.microsoftmse.com").size(), 1u);
  EXPECT_EQ(set.MatchDomain("A.B.MicrosoftMSE.COM").size(), 1u);
  EXPECT_EQ(set.MatchDomain("microsoftmse.com.").size(), 1u);
  EXPECT_TRUE(set.MatchDomain("notmicrosoftmse.com").empty());
  EXPECT_TRUE(set.MatchDomain("microsoftmse.com.evil.net").empty());
  EXPECT_TRUE(set.MatchDomain("microsoftmse.co").empty());
  EXPECT_TRUE(set.MatchDomain("com").empty());
  EXPECT_TRUE(set.MatchDomain("").empty());
  EXPECT_TRUE(set.MatchDomain(".").empty());
}

TEST(IntelSetTest, ListedSubdomainDoesNotMatchItsSiblingsOrParent) {
  IntelSet set = IntelSet::Compile({Make(Type::kDomain, "loop.microsoftmse.com")});
  EXPECT_EQ(set.MatchDomain("loop.microsoftmse.com").size(), 1u);
  EXPECT_EQ(set.MatchDomain("LOOP.MICROSOFTMSE.COM.").size(), 1u);
  EXPECT_EQ(set.MatchDomain("x.loop.microsoftmse.com").size(), 1u);
  EXPECT_TRUE(set.MatchDomain("inside.microsoftmse.com").empty());
  EXPECT_TRUE(set.MatchDomain("microsoftmse.com").empty());
  EXPECT_TRUE(set.MatchDomain("xloop.microsoftmse.com").empty());
}

TEST(IntelSetTest, DomainMatchesMostSpecificFirst) {
  IntelSet set = IntelSet::Compile(
      {Make(Type::kDomain, "microsoftmse.com"), Make(Type::kDomain, "loop.microsoftmse.com")});
  EXPECT_EQ(Values(set.MatchDomain("a.loop.microsoftmse.com")),
            (Strings{"loop.microsoftmse.com", "microsoftmse.com"}));
  EXPECT_EQ(Values(set.MatchDomain("inside.microsoftmse.com")), Strings{"microsoftmse.com"});
}

TEST(IntelSetTest, DomainLookupDoesNotTrimSpaces) {
  IntelSet set = IntelSet::Compile({Make(Type::kDomain, "microsoftmse.com")});
  EXPECT_TRUE(set.MatchDomain(" microsoftmse.com").empty());
  EXPECT_TRUE(set.MatchDomain("microsoftmse.com ").empty());
  EXPECT_TRUE(set.MatchDomain(std::string("microsoftmse.com\0", 17)).empty());
}

TEST(IntelSetTest, InternationalDomainsMatchAsALabels) {
  IntelSet set = IntelSet::Compile({Make(Type::kDomain, "bücher.example")});
  ASSERT_EQ(set.indicators()[0].value, "xn--bcher-kva.example");
  EXPECT_EQ(set.MatchDomain("xn--bcher-kva.example").size(), 1u);
  EXPECT_EQ(set.MatchDomain("www.bücher.example").size(), 1u);
  EXPECT_EQ(set.MatchDomain("WWW.XN--BCHER-KVA.EXAMPLE.").size(), 1u);
  EXPECT_TRUE(set.MatchDomain("bucher.example").empty());
  EXPECT_TRUE(set.MatchDomain("b\xc3\x28.example").empty());  // invalid UTF-8
  // A label IDNA rejects does not hide the listed parent.
  EXPECT_EQ(set.MatchDomain("b\xc3\x28.BÜCHER.example").size(), 1u);
  EXPECT_EQ(set.MatchDomain("\xff\xfe.xn--bcher-kva.example").size(), 1u);
}

TEST(IntelSetTest, Ipv4ExactAndEveryCoveringRange) {
  IntelSet set =
      IntelSet::Compile({Make(Type::kCidr, "10.0.0.0/8"), Make(Type::kCidr, "10.1.0.0/16"),
                         Make(Type::kIpv4, "10.1.2.3"), Make(Type::kCidr, "0.0.0.0/0"),
                         Make(Type::kCidr, "192.0.2.1/32"), Make(Type::kCidr, "10.1.2.0/31")});
  EXPECT_EQ(Values(set.MatchIp("10.1.2.3")),
            (Strings{"10.1.2.3", "10.1.0.0/16", "10.0.0.0/8", "0.0.0.0/0"}));
  EXPECT_EQ(Values(set.MatchIp("10.1.2.1")),
            (Strings{"10.1.2.0/31", "10.1.0.0/16", "10.0.0.0/8", "0.0.0.0/0"}));
  EXPECT_EQ(Values(set.MatchIp("11.0.0.1")), Strings{"0.0.0.0/0"});
  EXPECT_EQ(Values(set.MatchIp("192.0.2.1")), (Strings{"192.0.2.1/32", "0.0.0.0/0"}));
  EXPECT_EQ(Values(set.MatchIp("192.0.2.2")), Strings{"0.0.0.0/0"});
  EXPECT_TRUE(set.MatchIp("10.1.2.3 ").empty());
  EXPECT_TRUE(set.MatchIp(" 10.1.2.3").empty());
  EXPECT_TRUE(set.MatchIp("10.1.2").empty());
  EXPECT_TRUE(set.MatchIp("10.1.2.256").empty());
  EXPECT_TRUE(set.MatchIp("").empty());
}

TEST(IntelSetTest, Ipv4ExactWithoutRangesMissesNeighbours) {
  IntelSet set = IntelSet::Compile({Make(Type::kIpv4, "203.0.113.7")});
  EXPECT_EQ(set.MatchIp("203.0.113.7").size(), 1u);
  EXPECT_TRUE(set.MatchIp("203.0.113.6").empty());
  EXPECT_TRUE(set.MatchIp("203.0.113.8").empty());
  EXPECT_TRUE(set.MatchIp("::203.0.113.7").empty());  // v4-compatible is not v4-mapped
}

TEST(IntelSetTest, Ipv6ExactAndCidr) {
  IntelSet set = IntelSet::Compile(
      {Make(Type::kCidr, "2001:db8::/32"), Make(Type::kCidr, "2001:db8:0:1::/64"),
       Make(Type::kCidr, "::/0"), Make(Type::kIpv6, "2001:db8:0:1::1"),
       Make(Type::kCidr, "2001:db8:0:1::1/128"), Make(Type::kCidr, "2001:db8:0:1::/127")});
  EXPECT_EQ(Values(set.MatchIp("2001:DB8:0:1:0:0:0:1")),
            (Strings{"2001:db8:0:1::1", "2001:db8:0:1::1/128", "2001:db8:0:1::/127",
                     "2001:db8:0:1::/64", "2001:db8::/32", "::/0"}));
  EXPECT_EQ(Values(set.MatchIp("2001:db8:0:2::1")), (Strings{"2001:db8::/32", "::/0"}));
  EXPECT_EQ(Values(set.MatchIp("2001:db9::1")), Strings{"::/0"});
  // ::/0 is all of IPv6, not IPv4 by way of the mapped range.
  EXPECT_TRUE(set.MatchIp("192.0.2.1").empty());
  EXPECT_TRUE(set.MatchIp("2001:db8::1%eth0").empty());
}

TEST(IntelSetTest, V4MappedV6IsTreatedAsV4) {
  IntelSet set =
      IntelSet::Compile({Make(Type::kIpv4, "1.2.3.4"), Make(Type::kIpv6, "::ffff:5.6.7.8"),
                         Make(Type::kCidr, "10.0.0.0/8")});
  EXPECT_EQ(Values(set.MatchIp("::ffff:1.2.3.4")), Strings{"1.2.3.4"});
  EXPECT_EQ(Values(set.MatchIp("::FFFF:0102:0304")), Strings{"1.2.3.4"});
  EXPECT_EQ(set.MatchIp("5.6.7.8").size(), 1u);
  EXPECT_EQ(Values(set.MatchIp("::ffff:10.9.9.9")), Strings{"10.0.0.0/8"});
  const std::uint8_t v4[4] = {10, 200, 0, 1};
  EXPECT_EQ(set.MatchIpBytes(v4).size(), 1u);
  const std::uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4};
  EXPECT_EQ(Values(set.MatchIpBytes(mapped)), Strings{"1.2.3.4"});
  const std::uint8_t odd[5] = {1, 2, 3, 4, 5};
  EXPECT_TRUE(set.MatchIpBytes(odd).empty());
  EXPECT_TRUE(set.MatchIpBytes({}).empty());
}

TEST(IntelSetTest, CidrValueLookupIsExact) {
  IntelSet set = IntelSet::Compile({Make(Type::kCidr, "10.0.0.0/8"), Make(Type::kIpv4, "1.2.3.4")});
  EXPECT_EQ(set.MatchValue(Type::kCidr, "10.0.0.0/8").size(), 1u);
  EXPECT_EQ(set.MatchValue(Type::kCidr, "10.9.0.0/8").size(), 1u);  // host bits ignored
  EXPECT_TRUE(set.MatchValue(Type::kCidr, "10.0.0.0/9").empty());
  EXPECT_EQ(set.MatchValue(Type::kCidr, "1.2.3.4/32").size(), 1u);
  EXPECT_TRUE(set.MatchValue(Type::kCidr, "10.0.0.0/33").empty());
  EXPECT_TRUE(set.MatchValue(Type::kCidr, "10.0.0.0/-1").empty());
  EXPECT_EQ(set.MatchValue(Type::kIpv4, "10.3.3.3").size(), 1u);
}

TEST(IntelSetTest, DuplicateValuesFromSeveralSourcesAreAllReturned) {
  IntelSet set = IntelSet::Compile(
      {Make(Type::kSha256, kSha256, "a"), Make(Type::kDomain, "evil.example", "a"),
       Make(Type::kSha256, kSha256, "b"), Make(Type::kIpv4, "198.51.100.1", "a"),
       Make(Type::kDomain, "evil.example", "b"), Make(Type::kIpv4, "198.51.100.1", "b"),
       Make(Type::kSha256, kSha256, "c")});
  auto sources = [](const std::vector<const Indicator*>& matches) {
    Strings out;
    for (const Indicator* m : matches) out.push_back(m->ctx().source);
    return out;
  };
  EXPECT_EQ(sources(set.MatchDigest(Type::kSha256, kSha256)), (Strings{"a", "b", "c"}));
  EXPECT_EQ(sources(set.MatchDomain("www.evil.example")), (Strings{"a", "b"}));
  EXPECT_EQ(sources(set.MatchIp("198.51.100.1")), (Strings{"a", "b"}));
  EXPECT_EQ(set.size(), 7u);
}

TEST(IntelSetTest, MatchesPointIntoIndicators) {
  IntelSet set = IntelSet::Compile({Make(Type::kDomain, "a.example"), Make(Type::kMd5, kMd5)});
  std::vector<const Indicator*> matches = set.MatchDigest(Type::kMd5, kMd5);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0], &set.indicators()[1]);
}

TEST(IntelSetTest, UrlSchemeAndHostFoldCasePathDoesNot) {
  IntelSet set = IntelSet::Compile({Make(Type::kUrl, "http://Evil.Example/Path?Q=1")});
  EXPECT_EQ(set.MatchValue(Type::kUrl, "HTTP://EVIL.EXAMPLE/Path?Q=1").size(), 1u);
  EXPECT_EQ(set.MatchValue(Type::kUrl, "http://evil.example/Path?Q=1").size(), 1u);
  EXPECT_TRUE(set.MatchValue(Type::kUrl, "http://evil.example/path?q=1").empty());
  EXPECT_TRUE(set.MatchValue(Type::kUrl, "http://evil.example/Path?Q=1 ").empty());
  EXPECT_TRUE(set.MatchValue(Type::kUrl, "https://evil.example/Path?Q=1").empty());
}

TEST(IntelSetTest, OtherTypesMatchExactlyWithTheirCaseRules) {
  IntelSet set = IntelSet::Compile(
      {Make(Type::kEmail, "Ops@Mail.Example"), Make(Type::kFilename, "Ärger.EXE"),
       Make(Type::kCve, "CVE-2020-0688"), Make(Type::kAttackTechnique, "T1059.001"),
       Make(Type::kMalware, "Backdoor.Consock"), Make(Type::kTool, "PsExec"),
       Make(Type::kActor, "Palmerworm"), Make(Type::kFilenameRegex, "\\\\Temp\\\\[a-z]+\\.exe")});
  EXPECT_EQ(set.MatchValue(Type::kEmail, "Ops@MAIL.EXAMPLE.").size(), 1u);
  EXPECT_TRUE(set.MatchValue(Type::kEmail, "ops@mail.example").empty());  // local part exact
  EXPECT_EQ(set.MatchValue(Type::kFilename, "ärger.exe").size(), 1u);
  EXPECT_EQ(set.MatchValue(Type::kFilename, "ÄRGER.Exe").size(), 1u);
  EXPECT_TRUE(set.MatchValue(Type::kFilename, "arger.exe").empty());
  EXPECT_TRUE(set.MatchValue(Type::kFilename, "ärger.exe ").empty());
  EXPECT_EQ(set.MatchValue(Type::kCve, "cve-2020-0688").size(), 1u);
  EXPECT_TRUE(set.MatchValue(Type::kCve, "CVE-2020-06888").empty());
  EXPECT_EQ(set.MatchValue(Type::kAttackTechnique, "t1059.001").size(), 1u);
  EXPECT_TRUE(set.MatchValue(Type::kAttackTechnique, "T1059").empty());
  EXPECT_EQ(set.MatchValue(Type::kMalware, "BACKDOOR.CONSOCK").size(), 1u);
  EXPECT_EQ(set.MatchValue(Type::kTool, "psexec").size(), 1u);
  EXPECT_EQ(set.MatchValue(Type::kActor, "palmerWORM").size(), 1u);
  EXPECT_TRUE(set.MatchValue(Type::kActor, "PsExec").empty());  // type matters
  EXPECT_EQ(set.MatchValue(Type::kFilenameRegex, "\\\\Temp\\\\[a-z]+\\.exe").size(), 1u);
  EXPECT_TRUE(set.MatchValue(Type::kFilenameRegex, "\\\\TEMP\\\\[a-z]+\\.exe").empty());
}

TEST(IntelSetTest, MatchValueDispatchesDigestsAndDomains) {
  IntelSet set =
      IntelSet::Compile({Make(Type::kSha256, kSha256), Make(Type::kDomain, "evil.example")});
  EXPECT_EQ(set.MatchValue(Type::kSha256, kSha256).size(), 1u);
  EXPECT_EQ(set.MatchValue(Type::kDomain, "a.evil.example").size(), 1u);
  EXPECT_EQ(set.MatchDigest(Type::kDomain, "a.evil.example").size(), 1u);
  EXPECT_TRUE(set.MatchValue(Type::kMd5, kSha256).empty());
}

TEST(IntelSetTest, UnparsableStoredValuesAreKeptButNeverMatch) {
  Indicator bad;
  bad.type = Type::kSha256;
  bad.value = "not-hex";
  Indicator bad_ip;
  bad_ip.type = Type::kIpv4;
  bad_ip.value = "999.1.1.1";
  IntelSet set = IntelSet::Compile({bad, bad_ip});
  EXPECT_EQ(set.size(), 2u);
  EXPECT_TRUE(set.Has(Type::kSha256));
  EXPECT_TRUE(set.MatchDigest(Type::kSha256, "not-hex").empty());
  EXPECT_TRUE(set.MatchIp("999.1.1.1").empty());
}

TEST(IntelSetTest, HostileLookupsAreHarmless) {
  IntelSet set = IntelSet::Compile({Make(Type::kDomain, "evil.example"),
                                    Make(Type::kFilename, "a.exe"), Make(Type::kCidr, "10.0.0.0/8"),
                                    Make(Type::kUrl, "http://evil.example/")});
  const std::string huge(1 << 20, 'a');
  EXPECT_TRUE(set.MatchDomain(huge).empty());
  EXPECT_EQ(set.MatchDomain(huge + ".evil.example").size(), 1u);
  EXPECT_TRUE(set.MatchDomain(std::string(100000, '.')).empty());
  EXPECT_TRUE(set.MatchDomain("\xff\xfe.example").empty());
  EXPECT_EQ(set.MatchDomain("\xff\xfe.evil.example").size(), 1u);
  EXPECT_EQ(set.MatchDomain(std::string(5000, '\xe9') + ".evil.example").size(), 1u);
  EXPECT_TRUE(set.MatchIp(huge).empty());
  EXPECT_TRUE(set.MatchIp(std::string("10.0.0.1\0", 9)).empty());
  EXPECT_TRUE(set.MatchValue(Type::kFilename, "\xc3").empty());
  EXPECT_TRUE(set.MatchValue(Type::kFilename, std::string("a.exe\0", 6)).empty());
  EXPECT_TRUE(set.MatchValue(Type::kUrl, "://").empty());
  EXPECT_TRUE(set.MatchDigest(Type::kSha256, huge).empty());
  EXPECT_TRUE(set.MatchValue(static_cast<Type>(200), "x").empty());
  EXPECT_FALSE(set.Has(static_cast<Type>(200)));
}

TEST(IntelSetTest, MovedFromSetIsEmpty) {
  IntelSet set = IntelSet::Compile({Make(Type::kMd5, kMd5)});
  IntelSet moved = std::move(set);
  EXPECT_EQ(moved.MatchDigest(Type::kMd5, kMd5).size(), 1u);
  EXPECT_EQ(set.size(), 0u);  // NOLINT(bugprone-use-after-move): documented behaviour
  EXPECT_TRUE(set.MatchDigest(Type::kMd5, kMd5).empty());
  EXPECT_EQ(set.MemoryUsage(), 0u);
}

TEST(IntelSetTest, MemoryUsageGrowsWithTheSet) {
  std::vector<Indicator> many;
  for (int i = 0; i < 10000; ++i) {
    many.push_back(Make(Type::kDomain, "host" + std::to_string(i) + ".example.com"));
  }
  IntelSet small = IntelSet::Compile({Make(Type::kMd5, kMd5)});
  IntelSet big = IntelSet::Compile(std::move(many));
  // At least the Indicator structs and the domain keys.
  EXPECT_GT(big.MemoryUsage(), 10000 * (sizeof(Indicator) + 16));
  EXPECT_LT(big.MemoryUsage(), 10000 * 1024u);
  EXPECT_LT(small.MemoryUsage(), big.MemoryUsage() / 100);
}

// (network, mask) of an ipv4 or cidr value, host order.
std::pair<std::uint32_t, std::uint32_t> NaiveRange(std::string value) {
  int prefix = 32;
  if (std::size_t slash = value.find('/'); slash != std::string::npos) {
    prefix = std::stoi(value.substr(slash + 1));
    value.resize(slash);
  }
  in_addr parsed{};
  EXPECT_EQ(inet_pton(AF_INET, value.c_str(), &parsed), 1) << value;
  const std::uint32_t mask = prefix == 0 ? 0 : ~0u << (32 - prefix);
  return {ntohl(parsed.s_addr) & mask, mask};
}

// A 100k-indicator set whose domains share labels (so parent/child pairs
// abound) and whose ranges overlap, checked against a naive linear scan.
class IntelSetScaleTest : public ::testing::Test {
 protected:
  static constexpr int kQueriesPerKind = 300;  // half listed, half random

  static void SetUpTestSuite() {
    std::mt19937_64 rng(20200901);
    std::vector<Indicator> indicators;
    for (int i = 0; i < 20000; ++i) indicators.push_back(Raw(Type::kSha256, RandomHex(rng, 64)));
    for (int i = 0; i < 10000; ++i) indicators.push_back(Raw(Type::kMd5, RandomHex(rng, 32)));
    for (int i = 0; i < 30000; ++i) indicators.push_back(Raw(Type::kDomain, RandomHost(rng)));
    for (int i = 0; i < 20000; ++i) indicators.push_back(Raw(Type::kIpv4, RandomIp(rng)));
    for (int i = 0; i < 20000; ++i) {
      const int prefix = 26 + static_cast<int>(rng() % 7);
      indicators.push_back(Make(Type::kCidr, RandomIp(rng) + "/" + std::to_string(prefix)));
    }
    set_ = new IntelSet(IntelSet::Compile(std::move(indicators)));
    of_kind_.resize(kIndicatorTypeCount);
    for (std::size_t i = 0; i < set_->size(); ++i) {
      const Indicator& indicator = set_->indicators()[i];
      const bool ip = indicator.type == Type::kIpv4 || indicator.type == Type::kCidr;
      ranges_.push_back(ip ? NaiveRange(indicator.value) : std::make_pair(0u, 0u));
      of_kind_[static_cast<std::size_t>(ip ? Type::kIpv4 : indicator.type)].push_back(i);
    }
  }
  static void TearDownTestSuite() { delete set_; }

  static Indicator Raw(Type type, std::string value) {
    Indicator indicator;
    indicator.type = type;
    indicator.value = std::move(value);
    return indicator;
  }
  static std::string RandomHex(std::mt19937_64& rng, int digits) {
    std::string out;
    for (int i = 0; i < digits; ++i) out.push_back("0123456789abcdef"[rng() % 16]);
    return out;
  }
  static std::string RandomHost(std::mt19937_64& rng) {
    static const char* kLabels[] = {"a", "b", "mail", "cdn", "x1", "loop", "inside", "update"};
    static const char* kZones[] = {"microsoftmse.com", "evil.net", "example.org"};
    std::string host = kZones[rng() % 3];
    for (int labels = 1 + static_cast<int>(rng() % 3); labels > 0; --labels) {
      host = std::string(kLabels[rng() % 8]) + std::to_string(rng() % 1000) + "." + host;
    }
    return host;
  }
  // Addresses within 10.0.0.0/12 so that the ranges cover many of them.
  static std::string RandomIp(std::mt19937_64& rng) {
    const std::uint32_t low = static_cast<std::uint32_t>(rng() % (1u << 20));
    return "10." + std::to_string(low >> 16) + "." + std::to_string((low >> 8) & 255) + "." +
           std::to_string(low & 255);
  }
  static std::vector<const Indicator*> Sorted(std::vector<const Indicator*> v) {
    std::sort(v.begin(), v.end());
    return v;
  }
  static std::vector<std::string> Queries(Type type, std::mt19937_64& rng);
  static std::vector<const Indicator*> Naive(Type type, const std::string& query);
  static std::vector<const Indicator*> Lookup(Type type, const std::string& query) {
    switch (type) {
      case Type::kDomain: return set_->MatchDomain(query);
      case Type::kIpv4: return set_->MatchIp(query);
      default: return set_->MatchDigest(type, query);
    }
  }

  static IntelSet* set_;
  static std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges_;
  static std::vector<std::vector<std::size_t>> of_kind_;  // by query type
};

IntelSet* IntelSetScaleTest::set_ = nullptr;
std::vector<std::pair<std::uint32_t, std::uint32_t>> IntelSetScaleTest::ranges_;
std::vector<std::vector<std::size_t>> IntelSetScaleTest::of_kind_;

// Half listed values (upper-cased, with subdomains and trailing dots), half
// fresh random ones.
std::vector<std::string> IntelSetScaleTest::Queries(Type type, std::mt19937_64& rng) {
  std::vector<const Indicator*> listed;
  for (const Indicator& indicator : set_->indicators()) {
    if (indicator.type == type) listed.push_back(&indicator);
  }
  std::vector<std::string> out;
  for (int i = 0; i < kQueriesPerKind / 2; ++i) {
    std::string value = listed[rng() % listed.size()]->value;
    if (i % 2 == 0 && type != Type::kIpv4) {
      std::transform(value.begin(), value.end(), value.begin(), ::toupper);
    }
    if (type == Type::kDomain && i % 3 == 0) value = "Sub" + std::to_string(i) + "." + value + ".";
    out.push_back(value);
    if (type == Type::kDomain) out.push_back(RandomHost(rng));
    if (type == Type::kIpv4) out.push_back(RandomIp(rng));
    if (type != Type::kDomain && type != Type::kIpv4) {
      out.push_back(RandomHex(rng, static_cast<int>(value.size())));
    }
  }
  return out;
}

// Scans every indicator a query of the kind could match (ipv4 queries: ipv4
// and cidr indicators).
std::vector<const Indicator*> IntelSetScaleTest::Naive(Type type, const std::string& query) {
  std::vector<const Indicator*> out;
  std::string host = query;
  std::transform(host.begin(), host.end(), host.begin(), ::tolower);
  while (!host.empty() && host.back() == '.') host.pop_back();
  in_addr address{};
  const bool is_ip = inet_pton(AF_INET, query.c_str(), &address) == 1;
  const std::vector<Indicator>& all = set_->indicators();
  for (std::size_t i : of_kind_[static_cast<std::size_t>(type)]) {
    const std::string& v = all[i].value;
    bool match = false;
    if (type == Type::kDomain) {
      match =
          host.ends_with(v) && (host.size() == v.size() || host[host.size() - v.size() - 1] == '.');
    } else if (type == Type::kIpv4) {
      match = is_ip && (ntohl(address.s_addr) & ranges_[i].second) == ranges_[i].first;
    } else {
      match = host == v;
    }
    if (match) out.push_back(&all[i]);
  }
  return out;
}

TEST_F(IntelSetScaleTest, AgreesWithANaiveScan) {
  std::mt19937_64 rng(7);
  for (Type type : {Type::kSha256, Type::kMd5, Type::kDomain, Type::kIpv4}) {
    std::size_t hits = 0;
    for (const std::string& query : Queries(type, rng)) {
      std::vector<const Indicator*> expected = Naive(type, query);
      hits += !expected.empty();
      ASSERT_EQ(Sorted(Lookup(type, query)), expected) << IndicatorTypeName(type) << " " << query;
    }
    std::cout << IndicatorTypeName(type) << ": " << hits << " of " << kQueriesPerKind
              << " queries hit\n";
    // The comparison means something only if both hits and misses occur.
    EXPECT_GE(hits, kQueriesPerKind / 2u) << IndicatorTypeName(type);
    EXPECT_LT(hits, kQueriesPerKind * 9 / 10u) << IndicatorTypeName(type);
  }
}

TEST_F(IntelSetScaleTest, ConcurrentLookupsSeeTheSameResults) {
  std::mt19937_64 rng(11);
  std::vector<std::pair<Type, std::string>> queries;
  std::vector<std::vector<const Indicator*>> expected;
  for (Type type : {Type::kSha256, Type::kDomain, Type::kIpv4}) {
    for (std::string& query : Queries(type, rng)) {
      expected.push_back(Lookup(type, query));
      queries.emplace_back(type, std::move(query));
    }
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        for (std::size_t i = 0; i < queries.size(); ++i) {
          const std::size_t q = (i * 7 + static_cast<std::size_t>(t)) % queries.size();
          mismatches[t] += Lookup(queries[q].first, queries[q].second) != expected[q];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace shrike
