// The EVTX reader on real files (the shared corpora) and on broken copies of
// them, plus the value formats it shares with the evtx crate.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "evtx/bytes.h"
#include "evtx/values.h"
#include "shrike/evtx.h"
#include "shrike/hunt.h"
#include "test_util.h"

namespace shrike::testing {
namespace {

const char kSysmonSample[] =
    "corpora/sigma/regression_data/rules-threat-hunting/windows/image_load/"
    "image_load_win_werfaultsecure_dbgcore_dbghelp_load/8a2f4b1c-3d5e-4f7a-9b2c-1e4f6d8a9c2b.evtx";
const char kMultiChunk[] =
    "corpora/evtx-attack-samples/AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx";
const char kUserData[] =
    "corpora/evtx-attack-samples/Command and Control/"
    "DE_RDP_Tunneling_TerminalServices-RemoteConnectionManagerOperational_1149.evtx";

struct ReadResult {
  std::vector<EvtxRecord> records;
  Diagnostics diags;
  bool opened = false;
};

ReadResult ReadBytes(std::string bytes, EvtxOptions options = {}) {
  ReadResult out;
  auto reader = EvtxReader::FromBytes(std::move(bytes), "test.evtx", options);
  if (!reader.ok()) return out;
  out.opened = true;
  EvtxRecord r;
  while ((*reader)->Next(r, out.diags)) out.records.push_back(r);
  return out;
}

std::string Shared(const char* sub) { return ReadTestFile(SharedDir() / sub); }

bool AnyWarningHas(const Diagnostics& d, const std::string& text) {
  for (const Error& e : d.warnings()) {
    if (e.ToString().find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Evtx, SysmonRecordBecomesEventWithSigmaFieldNames) {
  SHRIKE_REQUIRE_SHARED(kSysmonSample);
  ReadResult r = ReadBytes(Shared(kSysmonSample));
  ASSERT_TRUE(r.opened);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_TRUE(r.diags.empty());
  const Event& e = r.records[0].event;
  EXPECT_EQ(e.kind, SourceKind::kEvtx);
  EXPECT_EQ(e.dialect, "evtx");
  EXPECT_EQ(e.host, "swachchhanda");
  EXPECT_EQ(e.line, 571146u);
  EXPECT_EQ(e.offset, 4096u + 512u);
  EXPECT_EQ(e.timestamp, 1764229210);  // 2025-11-27T07:40:10Z
  EXPECT_EQ(e.Get("Provider_Name"), "Microsoft-Windows-Sysmon");
  EXPECT_EQ(e.Get("Provider_Guid"), "5770385F-C22A-43E0-BF4C-06F5698FFBD9");
  EXPECT_EQ(e.Get("EventID"), "7");
  EXPECT_EQ(e.Get("Keywords"), "0x8000000000000000");
  EXPECT_EQ(e.Get("TimeCreated_SystemTime"), "2025-11-27T07:40:10.165324Z");
  EXPECT_EQ(e.Get("Execution_ProcessID"), "3544");
  EXPECT_EQ(e.Get("Security_UserID"), "S-1-5-18");
  EXPECT_EQ(e.Get("Channel"), "Microsoft-Windows-Sysmon/Operational");
  EXPECT_EQ(e.Get("Image"), "C:\\Windows\\System32\\WerFaultSecure.exe");
  EXPECT_EQ(e.Get("ProcessId"), "4460");
  EXPECT_EQ(e.Get("ProcessGuid"), "0197231E-005A-6928-A50B-000000000D00");
  EXPECT_TRUE(e.Get("Correlation_ActivityID").empty());  // null in this record
}

TEST(Evtx, JsonHasTheCrateShape) {
  SHRIKE_REQUIRE_SHARED(kSysmonSample);
  EvtxOptions options;
  options.format = EvtxFormat::kJson;
  ReadResult r = ReadBytes(Shared(kSysmonSample), options);
  ASSERT_EQ(r.records.size(), 1u);
  const std::string& j = r.records[0].text;
  EXPECT_NE(j.find(R"("EventID":7,"Version":3)"), std::string::npos) << j;
  EXPECT_NE(j.find(R"("Correlation":null)"), std::string::npos) << j;
  EXPECT_NE(j.find(R"("Execution":{"#attributes":{"ProcessID":3544,"ThreadID":4272}})"),
            std::string::npos)
      << j;
}

// The seed files of the fuzz target are in the tree, so these run everywhere.
TEST(Evtx, QualifiersUnnamedDataArraysAndBinary) {
  std::string bytes = ReadTestFile(SourceDir() / "fuzz/corpus/evtx/system_string_array.evtx");
  ReadResult r = ReadBytes(bytes);
  ASSERT_GE(r.records.size(), 2u);
  EXPECT_TRUE(r.diags.empty());
  const Event& e = r.records[1].event;
  EXPECT_EQ(e.Get("EventID"), "5805");
  EXPECT_EQ(e.Get("EventID_Qualifiers"), "0");
  EXPECT_EQ(e.Get("Provider_Name"), "NETLOGON");
  std::vector<std::string> data;
  for (const auto& [name, value] : e.fields) {
    if (name == "Data") data.push_back(value);
  }
  // One string-array substitution: Windows repeats <Data> once per item.
  EXPECT_EQ(data, (std::vector<std::string>{"01566S-WIN16-IR", "%%5"}));
  EXPECT_EQ(e.Get("Binary"), "220000C0");
  EvtxOptions json;
  json.format = EvtxFormat::kJson;
  ReadResult j = ReadBytes(bytes, json);
  ASSERT_GE(j.records.size(), 2u);
  const std::string& text = j.records[1].text;
  EXPECT_NE(text.find(R"("EventID":{"#attributes":{"Qualifiers":0},"#text":5805})"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("Data":{"#text":["01566S-WIN16-IR","%%5"]})"), std::string::npos) << text;
}

TEST(Evtx, FieldTableKnowsEvtxEvents) {
  std::string bytes = ReadTestFile(SourceDir() / "fuzz/corpus/evtx/sysmon_image_load.evtx");
  ReadResult r = ReadBytes(bytes);
  ASSERT_EQ(r.records.size(), 1u);
  const FieldMap& map = FieldMap::Builtin();
  EXPECT_EQ(map.DetectDialect(r.records[0].event), "evtx");  // not winlog, though EventID is there
  ASSERT_NE(map.Find("evtx", "Hashes"), nullptr);
  EXPECT_EQ(map.Find("evtx", "Hashes")->role, FieldRole::kHashes);
  EXPECT_EQ(map.Find("evtx", "ImageLoaded")->role, FieldRole::kFilename);
  auto hosts = map.RulesWithRole("evtx", FieldRole::kHost);
  ASSERT_FALSE(hosts.empty());
  EXPECT_EQ(hosts[0]->field, "Computer");
}

TEST(Evtx, TruncatedSeedKeepsItsWholeRecords) {
  // Cut after the used part of chunk 0: nothing is lost.
  std::string bytes = ReadTestFile(SourceDir() / "fuzz/corpus/evtx/truncated_chunk.evtx");
  ReadResult r = ReadBytes(bytes);
  EXPECT_EQ(r.records.size(), 1u);
  EXPECT_TRUE(r.diags.empty());
  // Cut through the record: a warning naming the chunk, no record, no crash.
  bytes.resize(4096 + 700);
  ReadResult cut = ReadBytes(bytes);
  EXPECT_TRUE(cut.records.empty());
  EXPECT_TRUE(AnyWarningHas(cut.diags, "chunk 0")) << cut.diags.size();
}

TEST(Evtx, UserDataLeavesAreFields) {
  SHRIKE_REQUIRE_SHARED(kUserData);
  ReadResult r = ReadBytes(Shared(kUserData));
  ASSERT_FALSE(r.records.empty());
  bool found = false;
  for (const EvtxRecord& rec : r.records) {
    if (rec.event.Get("listenerName") == "RDP-Tcp") found = true;
  }
  EXPECT_TRUE(found);
}

TEST(Evtx, ThreadsKeepRecordOrder) {
  SHRIKE_REQUIRE_SHARED(kMultiChunk);
  std::string bytes = Shared(kMultiChunk);
  for (EvtxFormat format : {EvtxFormat::kJson, EvtxFormat::kEvent}) {
    for (unsigned threads : {2u, 3u, 8u}) {
      EvtxOptions one, many;
      one.format = many.format = format;
      many.threads = threads;
      ReadResult a = ReadBytes(bytes, one), b = ReadBytes(bytes, many);
      ASSERT_EQ(a.records.size(), 565u);
      ASSERT_EQ(a.records.size(), b.records.size());
      for (std::size_t i = 0; i < a.records.size(); ++i) {
        ASSERT_EQ(a.records[i].text, b.records[i].text) << i;
        ASSERT_EQ(a.records[i].event.fields, b.records[i].event.fields) << i;
        EXPECT_EQ(a.records[i].event.timestamp, b.records[i].event.timestamp) << i;
        if (i > 0) {
          EXPECT_GT(a.records[i].offset, a.records[i - 1].offset);
        }
      }
    }
  }
}

// A file is read chunk by chunk into a buffer, only as far as each chunk is
// used unless more is asked for (carving, records past the free-space offset,
// names and templates referenced from slack space): it must give what the
// same bytes give from memory.
std::vector<EvtxRecord> ReadFile(const std::string& path, EvtxOptions options, Diagnostics& diags) {
  std::vector<EvtxRecord> records;
  auto reader = EvtxReader::Open(path, options);
  if (!reader.ok()) return records;
  EvtxRecord r;
  while ((*reader)->Next(r, diags)) records.push_back(r);
  return records;
}

void ExpectFileReadsAsMemory(const std::string& bytes, const std::string& what) {
  TempDir dir("shrike-evtx-file");
  std::string path = (dir.path() / "t.evtx").string();
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  for (EvtxFormat format : {EvtxFormat::kEvent, EvtxFormat::kJson}) {
    for (bool carve : {false, true}) {
      for (unsigned threads : {1u, 3u}) {
        EvtxOptions options;
        options.format = format;
        options.carve = carve;
        options.threads = threads;
        Diagnostics file_diags;
        std::vector<EvtxRecord> file = ReadFile(path, options, file_diags);
        ReadResult memory = ReadBytes(bytes, options);
        SCOPED_TRACE(what + (carve ? " carve" : "") + " threads " + std::to_string(threads));
        ASSERT_EQ(file.size(), memory.records.size());
        for (std::size_t i = 0; i < file.size(); ++i) {
          EXPECT_EQ(file[i].offset, memory.records[i].offset);
          EXPECT_EQ(file[i].text, memory.records[i].text);
          EXPECT_EQ(file[i].event.fields, memory.records[i].event.fields);
        }
        ASSERT_EQ(file_diags.size(), memory.diags.size());
        for (std::size_t i = 0; i < file_diags.warnings().size(); ++i) {
          std::string a = file_diags.warnings()[i].ToString();
          std::string b = memory.diags.warnings()[i].ToString();
          EXPECT_EQ(a.substr(a.find(':')), b.substr(b.find(':')));  // file names differ
        }
      }
    }
  }
}

TEST(Evtx, FileReadsAsMemory) {
  SHRIKE_REQUIRE_SHARED(kMultiChunk);
  std::string bytes = Shared(kMultiChunk);
  ExpectFileReadsAsMemory(bytes, "clean");
  std::string cut = bytes.substr(0, 4096 + 3 * 65536 + 20000);
  ExpectFileReadsAsMemory(cut, "truncated");
  // Chunk 0's header says fewer records than it holds (a writer that died).
  std::string dirty = bytes;
  std::size_t chunk0 = 4096;
  std::uint32_t first = static_cast<std::uint8_t>(dirty[chunk0 + 512 + 4]) |
                        static_cast<std::uint8_t>(dirty[chunk0 + 512 + 5]) << 8;
  std::uint32_t free_offset = 512 + first;
  for (int i = 0; i < 4; ++i) dirty[chunk0 + 48 + i] = static_cast<char>(free_offset >> (8 * i));
  ExpectFileReadsAsMemory(dirty, "dirty");
  // Free-space offsets cut short everywhere: names and templates are then
  // referenced from past them.
  std::string short_free = bytes;
  for (std::size_t c = 4096; c + 65536 <= short_free.size(); c += 65536) {
    for (int i = 0; i < 4; ++i) short_free[c + 48 + i] = static_cast<char>(2048 >> (8 * i));
  }
  ExpectFileReadsAsMemory(short_free, "short free-space offsets");
  std::string garbage = bytes;
  for (std::size_t i = 4096 + 600; i < garbage.size(); i += 397) {
    garbage[i] = static_cast<char>(i * 31);
  }
  ExpectFileReadsAsMemory(garbage, "garbage");
}

TEST(Evtx, ThreadedReaderStopsMidFile) {
  SHRIKE_REQUIRE_SHARED(kMultiChunk);
  std::string bytes = Shared(kMultiChunk);
  for (unsigned threads : {2u, 4u}) {
    for (int take : {0, 1, 10, 100}) {
      EvtxOptions options;
      options.threads = threads;
      auto reader = EvtxReader::FromBytes(bytes, "test.evtx", options);
      ASSERT_TRUE(reader.ok());
      EvtxRecord r;
      Diagnostics diags;
      for (int i = 0; i < take; ++i) ASSERT_TRUE((*reader)->Next(r, diags));
      EXPECT_EQ((*reader)->records(), static_cast<std::uint64_t>(take));
    }  // destroyed with workers parked or parsing
  }
}

TEST(EvtxMalformed, NotEvtxIsAnError) {
  EXPECT_FALSE(EvtxReader::FromBytes("hello world, not a log", "x", {}).ok());
  EXPECT_FALSE(EvtxReader::FromBytes("", "x", {}).ok());
  EXPECT_TRUE(IsEvtx(std::string("ElfFile\0", 8)));
}

TEST(EvtxMalformed, HeaderOnlyGivesNoRecords) {
  std::string header("ElfFile\0", 8);
  header.resize(4096, '\0');
  header[38] = 3;  // version 3.0, zero checksum: the checksum is wrong
  ReadResult r = ReadBytes(header);
  EXPECT_TRUE(r.opened);
  EXPECT_TRUE(r.records.empty());
  EXPECT_TRUE(AnyWarningHas(r.diags, "file header checksum mismatch")) << r.diags.size();
}

TEST(EvtxMalformed, TruncatedChunkKeepsWholeRecords) {
  SHRIKE_REQUIRE_SHARED(kMultiChunk);
  std::string bytes = Shared(kMultiChunk);
  ReadResult full = ReadBytes(bytes);
  bytes.resize(4096 + 3 * 65536 + 20000);  // mid-way through chunk 3
  ReadResult cut = ReadBytes(bytes);
  EXPECT_GT(cut.records.size(), 0u);
  EXPECT_LT(cut.records.size(), full.records.size());
  EXPECT_TRUE(AnyWarningHas(cut.diags, "chunk 3")) << cut.diags.size();
  for (std::size_t i = 0; i < cut.records.size(); ++i) {
    EXPECT_EQ(cut.records[i].event.fields, full.records[i].event.fields) << i;
  }
}

TEST(EvtxMalformed, CorruptRecordIsWarnedAndOthersRead) {
  SHRIKE_REQUIRE_SHARED(kMultiChunk);
  std::string bytes = Shared(kMultiChunk);
  ReadResult full = ReadBytes(bytes);
  // Break the signature of the second record of chunk 1.
  std::size_t chunk1 = 4096 + 65536;
  std::size_t second =
      chunk1 + 512 + (bytes[chunk1 + 512 + 4] & 0xff) + ((bytes[chunk1 + 512 + 5] & 0xff) << 8);
  bytes[second] = 'X';
  ReadResult bad = ReadBytes(bytes);
  EXPECT_EQ(bad.records.size() + 1, full.records.size());
  EXPECT_TRUE(AnyWarningHas(bad.diags, "chunk 1")) << bad.diags.size();
}

TEST(EvtxMalformed, DirtyChunkHeaderStillGivesLaterRecords) {
  SHRIKE_REQUIRE_SHARED(kMultiChunk);
  std::string bytes = Shared(kMultiChunk);
  EvtxOptions options;
  options.verify_checksums = false;  // the edit below makes the stored CRCs stale
  ReadResult full = ReadBytes(bytes, options);
  // As if the writer died before updating chunk 0's header after its first record.
  std::size_t chunk0 = 4096;
  std::uint32_t first = static_cast<std::uint8_t>(bytes[chunk0 + 512 + 4]) |
                        static_cast<std::uint8_t>(bytes[chunk0 + 512 + 5]) << 8;
  std::uint32_t free_offset = 512 + first;
  for (int i = 0; i < 4; ++i) bytes[chunk0 + 48 + i] = static_cast<char>(free_offset >> (8 * i));
  ReadResult dirty = ReadBytes(bytes, options);
  EXPECT_EQ(dirty.records.size(), full.records.size());
  EXPECT_TRUE(AnyWarningHas(dirty.diags, "free-space offset")) << dirty.diags.size();
}

TEST(EvtxMalformed, GarbageInEveryRecordNeverCrashes) {
  SHRIKE_REQUIRE_SHARED(kMultiChunk);
  std::string bytes = Shared(kMultiChunk);
  // Overwrite BinXML bytes all over the file (not the framing), keep reading.
  for (std::size_t i = 4096 + 600; i < bytes.size(); i += 97) bytes[i] = static_cast<char>(i * 31);
  EvtxOptions options;
  options.format = EvtxFormat::kXml;
  options.carve = true;
  ReadResult r = ReadBytes(bytes, options);
  EXPECT_TRUE(r.opened);
  EXPECT_FALSE(r.diags.empty());
  EXPECT_LE(r.diags.size(), 17u * 17u);  // capped per chunk
}

TEST(EvtxValues, FormatsAsTheCrate) {
  using namespace evtx_internal;
  std::string out;
  AppendFileTime(132119424000000000ULL, out);  // 2019-09-03T00:00:00Z
  EXPECT_EQ(out, "2019-09-03T00:00:00Z");
  out.clear();
  AppendFileTime(132119424001234567ULL, out);
  EXPECT_EQ(out, "2019-09-03T00:00:00.123456Z");
  out.clear();
  AppendFileTime(132119424001230000ULL, out);
  EXPECT_EQ(out, "2019-09-03T00:00:00.123Z");
  const std::uint8_t sid[] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0};
  out.clear();
  AppendText(Value{0x13, sizeof sid, sid}, out);
  EXPECT_EQ(out, "S-1-5-32-544");
  const std::uint8_t hex[] = {0xba, 0x42, 0x03, 0, 0, 0, 0, 0};
  out.clear();
  AppendText(Value{0x15, 8, hex}, out);
  EXPECT_EQ(out, "0x342ba");
  const std::uint8_t strings[] = {'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0};
  std::vector<std::string> items;
  std::string scratch;
  ForEachElementText(Value{0x81, sizeof strings, strings}, scratch,
                     [&](std::string_view s) { items.emplace_back(s); });
  EXPECT_EQ(items, (std::vector<std::string>{"a", "bc"}));
  out.clear();
  AppendJson(Value{0x0d, 4, hex}, out);
  EXPECT_EQ(out, "true");
}

TEST(EvtxValues, Utf16FastPathMatchesScalar) {
  using namespace evtx_internal;
  // Lengths around the 16- and 8-unit SIMD blocks, non-ASCII at every place.
  for (std::size_t n = 0; n < 40; ++n) {
    for (std::size_t bad = 0; bad <= n; ++bad) {
      std::vector<std::uint8_t> units;
      std::string want;
      for (std::size_t i = 0; i < n; ++i) {
        if (i == bad) {  // U+00E9, then U+20AC
          units.insert(units.end(), {0xe9, 0x00});
          want += "\xc3\xa9";
        } else {
          char c = static_cast<char>('a' + i % 26);
          units.insert(units.end(), {static_cast<std::uint8_t>(c), 0x00});
          want += c;
        }
      }
      units.insert(units.end(), {0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde, 0x00, 0xd8, 'x', 0});
      want += "\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbdx";
      std::string out = "pre";
      AppendUtf16(units.data(), units.size() / 2, out);
      EXPECT_EQ(out, "pre" + want) << n << " " << bad;
    }
  }
}

TEST(EvtxValues, Crc32MatchesZlib) {
  using namespace evtx_internal;
  std::vector<std::uint8_t> data(70000);
  std::uint32_t x = 12345;
  for (auto& b : data) b = static_cast<std::uint8_t>((x = x * 1103515245 + 12345) >> 16);
  for (std::size_t n : {0, 1, 15, 16, 63, 64, 65, 127, 128, 200, 4096, 65024, 70000}) {
    for (std::size_t off : {0, 3}) {
      if (off + n > data.size()) continue;
      auto z =
          static_cast<std::uint32_t>(::crc32(0x1234u, data.data() + off, static_cast<uInt>(n)));
      EXPECT_EQ(Crc32(data.data() + off, n, 0x1234u), z) << n << " " << off;
    }
  }
}

TEST(EvtxValues, EscapesAtEveryPlace) {
  using namespace evtx_internal;
  for (std::size_t n = 0; n < 40; ++n) {
    for (std::size_t at = 0; at < n; ++at) {
      for (char special : {'&', '<', '>', '"', '\'', '\\', '\n', '\x01'}) {
        std::string s(n, 'a');
        s[at] = special;
        if (n > 2) s[n - 1] = '\xc3';  // high-bit bytes are copied as they are
        std::string xml, json, want_xml, want_json = "\"";
        for (char c : s) {
          switch (c) {
            case '&': want_xml += "&amp;"; break;
            case '<': want_xml += "&lt;"; break;
            case '>': want_xml += "&gt;"; break;
            case '"': want_xml += "&quot;"; break;
            case '\'': want_xml += "&apos;"; break;
            default: want_xml += c;
          }
          switch (c) {
            case '"': want_json += "\\\""; break;
            case '\\': want_json += "\\\\"; break;
            case '\n': want_json += "\\n"; break;
            case '\x01': want_json += "\\u0001"; break;
            default: want_json += c;
          }
        }
        want_json += '"';
        AppendXmlEscaped(s, xml);
        AppendJsonString(s, json);
        EXPECT_EQ(xml, want_xml);
        EXPECT_EQ(json, want_json);
      }
    }
  }
}

TEST(EvtxCli, DumpAndHunt) {
  SHRIKE_REQUIRE_SHARED(kSysmonSample);
  std::string path = (SharedDir() / kSysmonSample).string();
  CommandResult dump = RunShrike("evtx dump --json '" + path + "'");
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_EQ(dump.out.rfind("{\"Event\":{", 0), 0u) << dump.out;
  CommandResult xml = RunShrike("evtx dump --xml '" + path + "'");
  EXPECT_NE(xml.out.find("<Data Name=\"Image\">C:\\Windows\\System32\\WerFaultSecure.exe</Data>"),
            std::string::npos)
      << xml.out;
  std::string intel = (std::filesystem::temp_directory_path() /
                       ("shrike_evtx_intel_" + std::to_string(::getpid()) + ".txt"))
                          .string();
  std::FILE* f = std::fopen(intel.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("FAB4B30C1C4F0A9202A7B42DCF1729DC\n", f);
  std::fclose(f);
  CommandResult hunt = RunShrike("hunt '" + path + "' --intel '" + intel + "'");
  EXPECT_EQ(hunt.exit_code, 1) << hunt.err;
  EXPECT_NE(hunt.out.find("\"md5\":\"FAB4B30C1C4F0A9202A7B42DCF1729DC\""), std::string::npos)
      << hunt.out;
  EXPECT_NE(hunt.out.find("\"line\":571146"), std::string::npos) << hunt.out;
  std::filesystem::remove(intel);
}

}  // namespace
}  // namespace shrike::testing
