// Tests of the STIX pattern parser: the whole grammar (every pattern of the
// OASIS spec examples and example bundles), reduction to atoms, writing, and
// hostile input.
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "intel/stix/pattern.h"
#include "test_util.h"

namespace shrike::stix {
namespace {

using ::shrike::testing::ReadTestFile;
using ::shrike::testing::SharedDir;

std::vector<Comparison> Atoms(std::string_view pattern) {
  auto tree = ParsePattern(pattern);
  EXPECT_TRUE(tree.ok()) << pattern << ": " << tree.error().ToString();
  if (!tree.ok()) return {};
  auto atoms = ReduceToAtoms(*tree);
  EXPECT_TRUE(atoms.ok()) << pattern << ": " << atoms.error().ToString();
  return atoms.ok() ? *atoms : std::vector<Comparison>{};
}

TEST(StixPattern, ParsesEverySpecExample) {
  SHRIKE_REQUIRE_SHARED("corpora/stix2-patterns");
  std::istringstream lines(ReadTestFile(SharedDir() / "corpora/stix2-patterns/spec_examples.txt"));
  int parsed = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    auto tree = ParsePattern(line);
    EXPECT_TRUE(tree.ok()) << line << "\n" << tree.error().ToString();
    ++parsed;
  }
  EXPECT_GE(parsed, 20);
}

// Every "pattern" of every example bundle (threat-reports included).
TEST(StixPattern, ParsesEveryPatternOfTheExampleBundles) {
  SHRIKE_REQUIRE_SHARED("corpora/stix2-json-schemas/examples");
  int parsed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           SharedDir() / "corpora/stix2-json-schemas/examples")) {
    if (entry.path().extension() != ".json") continue;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    std::string text = ReadTestFile(entry.path());
    ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << entry.path();
    simdjson::dom::array objects;
    if (doc["objects"].get_array().get(objects) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element o : objects) {
      std::string_view pattern;
      if (o["pattern"].get_string().get(pattern) != simdjson::SUCCESS) continue;
      auto tree = ParsePattern(pattern);
      EXPECT_TRUE(tree.ok()) << entry.path() << ": " << pattern << "\n" << tree.error().ToString();
      ++parsed;
    }
  }
  EXPECT_GE(parsed, 40);
}

TEST(StixPattern, OrOfEqualitiesGivesOneAtomEach) {
  auto atoms = Atoms(
      "[domain-name:value = 'www.webserver.dynssl.com' OR ipv4-addr:value = '113.10.246.30']");
  ASSERT_EQ(atoms.size(), 2u);
  EXPECT_EQ(atoms[0].object_type, "domain-name");
  EXPECT_EQ(atoms[0].path, std::vector<std::string>{"value"});
  EXPECT_EQ(atoms[0].value.text, "www.webserver.dynssl.com");
  EXPECT_EQ(atoms[1].object_type, "ipv4-addr");
  EXPECT_EQ(atoms[1].value.text, "113.10.246.30");
}

TEST(StixPattern, ObservationOrAndQualifiersReduce) {
  auto atoms = Atoms(
      "([file:hashes.MD5 = 'aa'] OR [file:hashes.'SHA-256' = 'bb']) WITHIN 300 SECONDS "
      "OR [url:value = 'http://x/'] REPEATS 5 TIMES "
      "START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00.5Z'");
  ASSERT_EQ(atoms.size(), 3u);
  EXPECT_EQ(atoms[0].path, (std::vector<std::string>{"hashes", "MD5"}));
  EXPECT_EQ(atoms[1].path, (std::vector<std::string>{"hashes", "SHA-256"}));
  EXPECT_EQ(atoms[2].object_type, "url");
}

TEST(StixPattern, InSetIsADisjunction) {
  auto atoms = Atoms("[ipv4-addr:value IN ('10.0.0.1', '10.0.0.2')]");
  ASSERT_EQ(atoms.size(), 2u);
  EXPECT_EQ(atoms[1].op, "=");
  EXPECT_EQ(atoms[1].value.text, "10.0.0.2");
}

TEST(StixPattern, UnescapesQuotesAndBackslashes) {
  auto atoms = Atoms(R"([file:name = 'it\'s a \\ file' OR file:name MATCHES '^a\.exe$'])");
  ASSERT_EQ(atoms.size(), 2u);
  EXPECT_EQ(atoms[0].value.text, R"(it's a \ file)");
  EXPECT_EQ(atoms[1].op, "MATCHES");
  EXPECT_EQ(atoms[1].value.text, R"(^a\.exe$)");
}

TEST(StixPattern, PathsWithQuotedStepsAndIndexes) {
  auto tree = ParsePattern(
      "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0 AND "
      "email-message:body_multipart[0].body_raw_ref.name LIKE 'x%']");
  ASSERT_TRUE(tree.ok()) << tree.error().ToString();
  ASSERT_EQ(tree->kind, PatternNode::Kind::kObservation);
  const PatternNode& conj = tree->children.at(0);
  ASSERT_EQ(conj.kind, PatternNode::Kind::kAnd);
  EXPECT_EQ(conj.children[0].comparison.path,
            (std::vector<std::string>{"extensions", "windows-pebinary-ext", "sections", "[*]",
                                      "entropy"}));
  EXPECT_EQ(conj.children[0].comparison.value.kind, LiteralKind::kFloat);
  EXPECT_EQ(conj.children[1].comparison.path[1], "[0]");
}

TEST(StixPattern, IrreducibleConstructsAreNamed) {
  struct Case {
    const char* pattern;
    const char* construct;
  };
  for (const Case& c :
       {Case{"[file:name = 'a' AND file:size = 3]", "AND"},
        Case{"[file:name = 'a'] AND [url:value = 'b']", "AND"},
        Case{"[file:name = 'a'] FOLLOWEDBY [url:value = 'b']", "FOLLOWEDBY"},
        Case{"[domain-name:value LIKE '%.example.com']", "LIKE"},
        Case{"[domain-name:value != 'a.com']", "!="}, Case{"[file:name NOT = 'a']", "NOT"},
        Case{"[EXISTS file:name]", "EXISTS"}}) {
    auto tree = ParsePattern(c.pattern);
    ASSERT_TRUE(tree.ok()) << c.pattern << ": " << tree.error().ToString();
    auto atoms = ReduceToAtoms(*tree);
    ASSERT_FALSE(atoms.ok()) << c.pattern;
    EXPECT_EQ(atoms.error().code(), ErrorCode::kUnsupported);
    EXPECT_NE(atoms.error().message().find(c.construct), std::string::npos)
        << atoms.error().message();
  }
}

TEST(StixPattern, LiteralsAndComments) {
  auto tree = ParsePattern(
      "/* c */ [file:magic_number_hex = h'ffd8' AND artifact:payload_bin = b'AAEC' // x\n"
      " AND file:created = t'2014-01-13T07:03:17Z' AND file:size >= -1 AND x:y = true]");
  ASSERT_TRUE(tree.ok()) << tree.error().ToString();
  const PatternNode& conj = tree->children.at(0);
  ASSERT_EQ(conj.children.size(), 5u);
  EXPECT_EQ(conj.children[0].comparison.value.kind, LiteralKind::kHex);
  EXPECT_EQ(conj.children[1].comparison.value.kind, LiteralKind::kBinary);
  EXPECT_EQ(conj.children[2].comparison.value.kind, LiteralKind::kTimestamp);
  EXPECT_EQ(conj.children[3].comparison.value.text, "-1");
  EXPECT_EQ(conj.children[4].comparison.value.kind, LiteralKind::kBool);
}

TEST(StixPattern, SyntaxErrorsGiveTheOffset) {
  struct Case {
    std::string pattern;
    std::size_t offset;
  };
  for (const Case& c :
       {Case{"[file:name = 'abc", 13}, Case{"[file:name = 'a'", 16}, Case{"file:name = 'a'", 0},
        Case{"[file:name = ]", 13}, Case{"[file:name 'a']", 11}, Case{"[file:name = h'abc']", 13},
        Case{"[file:name = 'a'] WITHIN SECONDS", 25}, Case{"[file:name = t'2014-13']", 13},
        Case{"[file:name = 'a'] ]", 18}, Case{"[file:name = 'a' # ]", 17}, Case{"", 0}}) {
    auto tree = ParsePattern(c.pattern);
    ASSERT_FALSE(tree.ok()) << c.pattern;
    EXPECT_EQ(tree.error().code(), ErrorCode::kParse) << c.pattern;
    EXPECT_TRUE(tree.error().where().has_offset);
    EXPECT_EQ(tree.error().where().offset, c.offset) << c.pattern << ": " << tree.error().message();
  }
}

TEST(StixPattern, DeepNestingIsALimitNotACrash) {
  std::string deep(100000, '(');
  deep += "[a:b = 'c']";
  auto tree = ParsePattern(deep);
  ASSERT_FALSE(tree.ok());
  EXPECT_EQ(tree.error().code(), ErrorCode::kLimit);
  std::string deep_cmp = "[" + std::string(100000, '(') + "a:b = 'c']";
  EXPECT_EQ(ParsePattern(deep_cmp).error().code(), ErrorCode::kLimit);
  std::string ok = std::string(30, '(') + "[a:b = 'c']" + std::string(30, ')');
  EXPECT_TRUE(ParsePattern(ok).ok());
}

TEST(StixPattern, HostileBytes) {
  EXPECT_EQ(ParsePattern(std::string(kMaxPatternBytes + 1, '[')).error().code(), ErrorCode::kLimit);
  // NUL and invalid UTF-8 inside a string literal are just bytes.
  std::string with_nul = std::string("[file:name = 'a") + '\0' + "\xff\xfe'] ";
  auto atoms = Atoms(with_nul);
  ASSERT_EQ(atoms.size(), 1u);
  EXPECT_EQ(atoms[0].value.text, std::string("a") + '\0' + "\xff\xfe");
  // Outside a literal they are an error.
  EXPECT_FALSE(ParsePattern(std::string("[file:name = 'a'") + '\0' + "]").ok());
  EXPECT_FALSE(ParsePattern("[file:name = 'a'] \xff").ok());
  // A long flat disjunction is fine (no recursion per operand).
  std::string wide = "[";
  for (int i = 0; i < 20000; ++i) wide += (i ? " OR " : "") + std::string("a:b = 'c'");
  wide += "]";
  EXPECT_EQ(Atoms(wide).size(), 20000u);
}

TEST(StixPattern, WrittenComparisonsParseBack) {
  Comparison c;
  c.object_type = "file";
  c.path = {"extensions", "windows-pebinary-ext", "imphash"};
  c.op = "=";
  c.value.text = R"(o'neil \ x)";
  std::string written = "[" + FormatComparison(c) + "]";
  EXPECT_EQ(written, R"([file:extensions.'windows-pebinary-ext'.imphash = 'o\'neil \\ x'])");
  auto atoms = Atoms(written);
  ASSERT_EQ(atoms.size(), 1u);
  EXPECT_EQ(atoms[0].path, c.path);
  EXPECT_EQ(atoms[0].value.text, c.value.text);
  EXPECT_EQ(QuotePatternString("a'b\\"), R"('a\'b\\')");
  EXPECT_EQ(FormatPathStep("SHA-256"), "'SHA-256'");
  EXPECT_EQ(FormatPathStep("MD5"), "MD5");
  // Found by the fuzzer: a quoted key that is a keyword must stay quoted.
  EXPECT_EQ(FormatPathStep("TIMES"), "'TIMES'");
  EXPECT_EQ(FormatPathStep("true"), "'true'");
  EXPECT_EQ(FormatPathStep("[*]"), "[*]");
  EXPECT_EQ(FormatPathStep("[x"), "'[x'");
}

}  // namespace
}  // namespace shrike::stix
