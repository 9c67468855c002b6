// The EventPlan fast path (src/evtx/event_plan.h) against the Document path
// it replaces: every record of both corpora, and of hostile copies of them,
// must give the same Event (fields in order, host, timestamp, record ids) and
// the same warnings whichever path reads it. The reference parses every
// template anew in every chunk; the others keep templates and plans from
// chunk to chunk (TemplateCache, binxml.h), for Events, JSON and XML.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "evtx/chunk.h"
#include "test_util.h"

namespace shrike::testing {
namespace {

using evtx_internal::ChunkOutput;
using evtx_internal::ChunkWorker;
using evtx_internal::kChunkSize;
using evtx_internal::kFileHeaderSize;

constexpr std::uint32_t kNever = std::numeric_limits<std::uint32_t>::max();

struct Totals {
  std::uint64_t records = 0, planned = 0, files = 0, reused = 0, reparsed = 0;
};

// Reads every chunk of bytes with the Document path and with plans (planned
// from the first use, and from the second as by default), and compares.
void CompareFile(const std::string& bytes, const std::string& name, Totals& totals,
                 bool carve = false) {
  EvtxOptions options;
  options.carve = carve;
  ChunkWorker reference(options, name), first(options, name), second(options, name);
  reference.set_plan_after(kNever);
  reference.set_cache_templates(false);
  first.set_plan_after(0);
  ChunkOutput want, got, got2;
  EvtxOptions json_options = options, xml_options = options;
  json_options.format = EvtxFormat::kJson;
  xml_options.format = EvtxFormat::kXml;
  ChunkWorker json(json_options, name), json_ref(json_options, name);
  ChunkWorker xml(xml_options, name), xml_ref(xml_options, name);
  json_ref.set_cache_templates(false);
  xml_ref.set_cache_templates(false);
  ChunkOutput text, text_ref;
  for (std::uint64_t base = kFileHeaderSize, index = 0; base < bytes.size();
       base += kChunkSize, ++index) {
    auto size =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(kChunkSize, bytes.size() - base));
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data()) + base;
    reference.Parse(data, size, base, index, want);
    first.Parse(data, size, base, index, got);
    second.Parse(data, size, base, index, got2);
    for (const ChunkOutput* out : {&got, &got2}) {
      ASSERT_EQ(out->count, want.count) << name << " chunk " << index;
      ASSERT_EQ(out->bad, want.bad) << name << " chunk " << index;
      ASSERT_EQ(out->warnings.size(), want.warnings.size()) << name << " chunk " << index;
      for (std::size_t i = 0; i < want.warnings.size(); ++i) {
        EXPECT_EQ(out->warnings[i].ToString(), want.warnings[i].ToString()) << name;
      }
      for (std::size_t i = 0; i < want.count; ++i) {
        const EvtxRecord& a = want.records[i];
        const EvtxRecord& b = out->records[i];
        SCOPED_TRACE(name + " chunk " + std::to_string(index) + " record " +
                     std::to_string(a.record_id));
        ASSERT_EQ(b.record_id, a.record_id);
        EXPECT_EQ(b.offset, a.offset);
        EXPECT_EQ(b.carved, a.carved);
        ASSERT_EQ(b.event.fields, a.event.fields);
        EXPECT_EQ(b.event.host, a.event.host);
        EXPECT_EQ(b.event.timestamp, a.event.timestamp);
        EXPECT_EQ(b.event.line, a.event.line);
        EXPECT_EQ(b.event.offset, a.event.offset);
        EXPECT_EQ(b.event.kind, a.event.kind);
        EXPECT_EQ(b.event.dialect, a.event.dialect);
      }
    }
    // The Document path's JSON and XML, templates from the cache or parsed anew.
    for (EvtxFormat format : {EvtxFormat::kJson, EvtxFormat::kXml}) {
      ChunkWorker& cached = format == EvtxFormat::kJson ? json : xml;
      ChunkWorker& anew = format == EvtxFormat::kJson ? json_ref : xml_ref;
      cached.Parse(data, size, base, index, text);
      anew.Parse(data, size, base, index, text_ref);
      ASSERT_EQ(text.count, text_ref.count) << name << " chunk " << index;
      ASSERT_EQ(text.warnings.size(), text_ref.warnings.size()) << name << " chunk " << index;
      for (std::size_t i = 0; i < text.warnings.size(); ++i) {
        EXPECT_EQ(text.warnings[i].ToString(), text_ref.warnings[i].ToString()) << name;
      }
      for (std::size_t i = 0; i < text.count; ++i) {
        ASSERT_EQ(text.records[i].text, text_ref.records[i].text) << name << " chunk " << index;
      }
    }
    totals.records += want.count;
  }
  totals.planned += first.planned_records();
  totals.reused += first.reused_plans() + second.reused_plans();
  totals.reparsed += second.reused_templates();
  ++totals.files;
}

std::vector<std::filesystem::path> EvtxFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".evtx") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(EvtxPlan, SameEventsAsTheDocumentOnBothCorpora) {
  SHRIKE_REQUIRE_SHARED("corpora/evtx-attack-samples");
  Totals totals;
  for (const char* corpus : {"corpora/evtx-attack-samples", "corpora/sigma/regression_data"}) {
    for (const auto& path : EvtxFiles(SharedDir() / corpus)) {
      CompareFile(ReadTestFile(path), path.string(), totals);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
  EXPECT_GT(totals.files, 300u);
  EXPECT_GT(totals.records, 4000u);
  // The fast path must carry nearly every record, or it is not one.
  EXPECT_GT(totals.planned * 100, totals.records * 95)
      << totals.planned << " of " << totals.records;
  // Multi-chunk files reuse the templates and plans met in earlier chunks.
  EXPECT_GT(totals.reused, 100u);
  EXPECT_GT(totals.reparsed, 100u);
}

TEST(EvtxPlan, SameEventsOnTheFuzzSeeds) {
  Totals totals;
  for (const auto& path : EvtxFiles(SourceDir() / "fuzz/corpus/evtx")) {
    CompareFile(ReadTestFile(path), path.string(), totals);
    CompareFile(ReadTestFile(path), path.string(), totals, true);
  }
  EXPECT_GT(totals.files, 0u);
}

// Bytes changed all over the BinXML (not the framing): both paths must agree
// on what they read, what they reject and what they warn.
TEST(EvtxPlan, SameEventsOnDamagedCopies) {
  const char* kMultiChunk =
      "corpora/evtx-attack-samples/AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx";
  SHRIKE_REQUIRE_SHARED(kMultiChunk);
  std::string clean = ReadTestFile(SharedDir() / kMultiChunk);
  Totals totals;
  for (std::size_t stride : {97u, 389u, 1021u, 4093u}) {
    for (std::uint32_t seed = 1; seed <= 4; ++seed) {
      std::string bytes = clean;
      for (std::size_t i = 4096 + 600 + seed * 7; i < bytes.size(); i += stride) {
        bytes[i] = static_cast<char>(i * 31 + seed);
      }
      CompareFile(bytes, "damaged " + std::to_string(stride) + "/" + std::to_string(seed), totals,
                  seed % 2 == 0);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
  EXPECT_GT(totals.planned, 0u);
}

// Plans kept across chunks are keyed by content, names resolved: a chunk
// whose templates have the same GUIDs and bytes as an earlier chunk's but
// whose names say something else must not get the earlier plans.
TEST(EvtxPlan, NoPlanReusedForAnotherDefinitionOfTheSameTemplate) {
  const char* kMultiChunk =
      "corpora/evtx-attack-samples/AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx";
  SHRIKE_REQUIRE_SHARED(kMultiChunk);
  std::string clean = ReadTestFile(SharedDir() / kMultiChunk);
  ASSERT_GE(clean.size(), kFileHeaderSize + kChunkSize);
  std::string chunk = clean.substr(kFileHeaderSize, kChunkSize);
  // The names "Computer" and "EventData" (UTF-16LE, in the chunk's name
  // table) become "Computfr" and "EventDbta": the first template of the chunk
  // holds them in place (its bytes change), later ones point to them (their
  // bytes stay, their names change). Each variant twice, the two in turn.
  std::string renamed = chunk;
  std::size_t changed = 0;
  for (auto [from, at_char, to] :
       {std::tuple<const char*, std::size_t, char>{"Computer", 6, 'f'}, {"EventData", 6, 'b'}}) {
    std::string utf16;
    for (const char* p = from; *p != 0; ++p) utf16 += std::string{*p, '\0'};
    for (std::size_t at = renamed.find(utf16); at != std::string::npos;
         at = renamed.find(utf16, at + 1)) {
      renamed[at + 2 * at_char] = to;
      ++changed;
    }
  }
  ASSERT_EQ(changed, 2u);
  std::string bytes = clean.substr(0, kFileHeaderSize) + chunk + renamed + chunk + renamed;
  Totals totals;
  CompareFile(bytes, "renamed", totals);
  if (::testing::Test::HasFatalFailure()) return;
  EXPECT_GT(totals.reused, 0u);

  // The renamed chunk read after the clean one, by plans: the new name is there.
  EvtxOptions options;
  const std::string name = "renamed";  // ChunkWorker keeps a reference
  ChunkWorker worker(options, name);
  ChunkOutput out;
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  worker.Parse(data + kFileHeaderSize, kChunkSize, kFileHeaderSize, 0, out);
  ASSERT_GT(out.count, 2u);
  EXPECT_FALSE(out.records[out.count - 1].event.Get("Computer").empty());
  worker.Parse(data + kFileHeaderSize + kChunkSize, kChunkSize, kFileHeaderSize + kChunkSize, 1,
               out);
  ASSERT_GT(out.count, 2u);
  EXPECT_GT(worker.planned_records(), out.count);
  const Event& last = out.records[out.count - 1].event;
  EXPECT_TRUE(last.Get("Computer").empty());
  EXPECT_FALSE(last.Get("Computfr").empty());
}

}  // namespace
}  // namespace shrike::testing
