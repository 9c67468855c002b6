// Shrike's JSON intel format: lossless round trip and malformed input.
#include <gtest/gtest.h>

#include "formats_test_util.h"
#include "shrike/intel_io.h"

namespace shrike {
namespace {

using testing::ExpectSameIndicators;
using testing::FullIntel;
using testing::WarningsText;

TEST(JsonIntel, RoundTripIsLossless) {
  Intel intel = FullIntel();
  std::string json = WriteJsonIntel(intel);
  EXPECT_EQ(json, WriteJsonIntel(intel));
  Diagnostics diags;
  auto back = ReadJsonIntel(json, "out.json", diags);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_TRUE(diags.empty()) << WarningsText(diags);
  ExpectSameIndicators(intel, *back);
  for (std::size_t i = 0; i < intel.indicators.size(); ++i) {
    EXPECT_EQ(back->indicators[i].offset, intel.indicators[i].offset);
    EXPECT_EQ(back->indicators[i].line, intel.indicators[i].line);
    EXPECT_EQ(back->indicators[i].defanged, intel.indicators[i].defanged);
    EXPECT_EQ(back->indicators[i].benign, intel.indicators[i].benign);
  }
  EXPECT_EQ(back->entities, intel.entities);
  EXPECT_EQ(back->name, intel.name);
  EXPECT_EQ(WriteJsonIntel(*back), json);
}

TEST(JsonIntel, BadRecordsWarnAndAreSkipped) {
  const char* text = R"({"name":"n","indicators":[
    {"type":"sha256","value":"short"},
    {"type":"nonsense","value":"x"},
    7,
    {"type":"domain","value":"Evil.Example.COM.","first_seen":"yesterday","confidence":"90"}],
    "entities":[{"kind":"planet","name":"x"},{"kind":"tool","name":"PsExec"}]})";
  Diagnostics diags;
  auto intel = ReadJsonIntel(text, "b.json", diags);
  ASSERT_TRUE(intel.ok());
  ASSERT_EQ(intel->indicators.size(), 1u);
  EXPECT_EQ(intel->indicators[0].value, "evil.example.com");
  EXPECT_EQ(intel->indicators[0].ctx().confidence, 90);
  EXPECT_EQ(intel->entities.size(), 1u);
  ASSERT_EQ(diags.size(), 5u) << WarningsText(diags);
  EXPECT_EQ(diags.warnings()[0].where().ToString(), "b.json (indicators[0])");
  EXPECT_EQ(diags.warnings()[2].where().record, "indicators[2]");
  EXPECT_EQ(diags.warnings()[4].where().record, "entities[0]");
}

TEST(JsonIntel, StructuralErrors) {
  Diagnostics diags;
  auto truncated = ReadJsonIntel(R"({"name":"n","indicators":[{"type":)", "t.json", diags);
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().where().offset, 34u);  // its length
  auto shape = ReadJsonIntel(R"({"name":"n"})", "s.json", diags);
  ASSERT_FALSE(shape.ok());
  EXPECT_NE(shape.error().message().find("\"indicators\""), std::string::npos);
  EXPECT_FALSE(ReadJsonIntel(std::string(3000, '{'), "d.json", diags).ok());
}

}  // namespace
}  // namespace shrike
