// Helpers for the sweep's tests: temp trees, archives built with
// libarchive's writer (no zip/7z tool needed), reference digests, intel.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "shrike/intel_set.h"
#include "shrike/sweep.h"
#include "test_util.h"

namespace shrike::sweep_testing {

namespace fs = std::filesystem;

using ::shrike::testing::TempDir;

inline void WriteFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

inline std::string Digest(const char* name, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out, &n, EVP_get_digestbyname(name), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) hex += {kHex[out[i] >> 4], kHex[out[i] & 0xf]};
  return hex;
}

inline IntelSet MakeIntel(std::vector<std::pair<IndicatorType, std::string>> values,
                          std::vector<std::string> tags = {}, int confidence = -1) {
  auto ctx = std::make_shared<IndicatorContext>();
  ctx->campaign = "Test Campaign";
  ctx->source = "test-intel.txt";
  ctx->confidence = confidence;
  ctx->tags = std::move(tags);
  std::vector<Indicator> indicators;
  std::uint32_t line = 0;
  for (auto& [type, value] : values) {
    Indicator ind;
    ind.type = type;
    ind.value = value;
    ind.context = ctx;
    ind.line = ++line;
    indicators.push_back(ind);
  }
  return IntelSet::Compile(std::move(indicators));
}

// An archive in memory: format and filters as libarchive's writer names
// them ("zip", "7zip", "ustar", "raw"; "gzip", "bzip2", "xz", "zstd").
inline std::string MakeArchive(const std::string& format, const std::vector<std::string>& filters,
                               const std::vector<std::pair<std::string, std::string>>& members) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_write_new(), archive_write_free);
  archive_write_set_format_by_name(a.get(), format.c_str());
  for (const std::string& f : filters) archive_write_add_filter_by_name(a.get(), f.c_str());
  std::size_t capacity = 1 << 20;  // headers; data at worst barely grows
  for (const auto& member : members) capacity += member.second.size() + member.second.size() / 8;
  std::string out(capacity, '\0');
  std::size_t used = 0;
  archive_write_set_bytes_in_last_block(a.get(), 1);
  if (archive_write_open_memory(a.get(), out.data(), out.size(), &used) != ARCHIVE_OK) {
    ADD_FAILURE() << archive_error_string(a.get());
    return {};
  }
  for (const auto& [name, data] : members) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(),
                                                               archive_entry_free);
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
    archive_entry_set_mtime(e.get(), 1567476847, 0);  // 2019-09-03T02:14:07Z
    EXPECT_EQ(archive_write_header(a.get(), e.get()), ARCHIVE_OK) << archive_error_string(a.get());
    EXPECT_EQ(archive_write_data(a.get(), data.data(), data.size()),
              static_cast<la_ssize_t>(data.size()));
  }
  EXPECT_EQ(archive_write_close(a.get()), ARCHIVE_OK) << archive_error_string(a.get());
  out.resize(used);
  return out;
}

struct SeenFinding {
  int severity = 0;
  std::string rule_name;
  std::string host;
  std::int64_t timestamp = 0;
  std::map<std::string, std::string> fields;
  std::vector<std::string> matched;  // enrichment fields
};

inline SeenFinding Record(const Finding& f) {
  SeenFinding s;
  s.severity = f.severity;
  s.rule_name = f.rule_name;
  s.host = f.host;
  s.timestamp = f.timestamp;
  for (const auto& [k, v] : f.fields) s.fields[k] = v;
  for (const Enrichment& e : f.enrichments) s.matched.push_back(e.field);
  return s;
}

struct SweepRun {
  SweepStats stats;
  std::map<std::string, SeenFinding> findings;  // by path relative to the root
  std::vector<Error> warnings;
  bool ok = false;
};

inline SweepRun RunSweep(const IntelSet& intel, SweepOptions options, const fs::path& root) {
  SweepRun out;
  if (options.roots.empty()) options.roots = {root.string()};
  if (options.threads == 0) options.threads = 2;
  auto stats = Sweep(
      intel, options,
      [&](const Finding& f) {
        SeenFinding s = Record(f);
        out.findings[fs::path(s.fields["file.path"]).lexically_relative(root).string()] = s;
      },
      [&](const Error& e) { out.warnings.push_back(e); });
  out.ok = stats.ok();
  if (stats.ok()) out.stats = *stats;
  if (!stats.ok()) out.warnings.push_back(stats.error());
  return out;
}

inline std::string Warnings(const std::vector<Error>& warnings) {
  std::string all;
  for (const Error& e : warnings) all += e.ToString() + "\n";
  return all;
}

}  // namespace shrike::sweep_testing
