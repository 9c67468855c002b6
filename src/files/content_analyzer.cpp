// The content analyser: keeps the file's bytes (up to a bound) in a
// per-worker buffer while the digests see the same chunks, then scans that
// buffer with libyara (the user's rules; the pe set for MZ files, see
// shrike/yara.h), reads the PE metadata, and matches it against the intel.
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "files/analyzer.h"
#include "files/file_match.h"
#include "files/pe_info.h"
#include "files/yara_scanner.h"

namespace shrike::files {
namespace {

// THOR's default sub-score of a YARA match without a `score` meta.
constexpr int kYaraScore = 75;

int YaraScore(const YaraMatch& m) {
  for (const auto& [key, value] : m.metas) {
    if (key != "score") continue;
    char* end = nullptr;
    long v = std::strtol(value.c_str(), &end, 10);
    if (end != value.c_str() && *end == '\0' && v >= 0 && v <= 100) return static_cast<int>(v);
  }
  return kYaraScore;
}

void ReportYara(const std::vector<YaraMatch>& matches, FileReport& report) {
  std::set<std::string> tags;
  for (const YaraMatch& m : matches) {
    Hit hit{m.rule, "rule.name", nullptr, YaraScore(m)};
    hit.rule_name = m.rule;
    hit.ruleset = "yara";
    report.hits.push_back(std::move(hit));
    report.fields.emplace_back("shrike.yara.rules", m.rule);
    tags.insert(m.tags.begin(), m.tags.end());
  }
  for (const std::string& tag : tags) report.fields.emplace_back("tags", tag);
}

class ContentAnalyzer final : public FileAnalyzer {
 public:
  ContentAnalyzer(const IntelSet& intel, const YaraRules& rules, bool pe, std::uint64_t max_bytes)
      : intel_(intel),
        scanner_(rules),
        all_files_(rules.scans_all_files()),
        pe_(pe),
        max_bytes_(static_cast<std::size_t>(std::max<std::uint64_t>(max_bytes, 2))) {}

  bool NeedsContent() const override { return true; }

  void Begin(const FileInfo& file) override {
    file_ = &file;
    buffer_.clear();
    seen_ = 0;
    // With rules for any file every file is scanned; else only PE files
    // ("MZ"), decided once two bytes are in.
    decided_ = all_files_;
    wanted_ = all_files_;
    if (wanted_) Reserve();
  }

  void Update(std::span<const std::uint8_t> bytes) override {
    seen_ += bytes.size();
    if (!wanted_ && decided_) return;
    std::size_t room = max_bytes_ - std::min(max_bytes_, buffer_.size());
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.begin() + std::min(room, bytes.size()));
    if (decided_ || buffer_.size() < 2) return;
    decided_ = true;
    wanted_ = buffer_[0] == 'M' && buffer_[1] == 'Z';
    if (wanted_) {
      Reserve();
    } else {
      buffer_.clear();
    }
  }

  void End(FileReport& report) override {
    if (!wanted_ || !scanner_.ok()) return;
    YaraScanResult result;
    Status scanned = scanner_.Scan(buffer_, file_->path, file_->name, pe_, result);
    if (!scanned.ok()) report.warnings.push_back(scanned.error());
    if (pe_) ReportPe(result.pe, report);
    ReportYara(result.matches, report);
    if (seen_ > buffer_.size())
      report.fields.emplace_back("shrike.scan.truncated_bytes", std::to_string(buffer_.size()));
    // A large buffer is not kept for the next (likely small) file.
    if (buffer_.capacity() > kKeepCapacity) std::vector<std::uint8_t>().swap(buffer_);
  }

 private:
  static constexpr std::size_t kKeepCapacity = std::size_t{8} << 20;

  void Reserve() {
    buffer_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(file_->size, max_bytes_)));
  }

  void ReportPe(const PeInfo& pe, FileReport& report) const {
    FileFields fields;
    AppendPeFields(pe, fields);
    if (fields.empty()) return;
    fields.emplace_back("file.name", file_->name);
    for (Hit& hit : MatchFileFields(fields, intel_)) report.hits.push_back(std::move(hit));
    std::optional<ToolIdentity> tool = IdentifyTool(fields, ToolTable::Builtin());
    fields.pop_back();
    for (auto& field : fields) report.fields.push_back(std::move(field));
    if (tool && tool->renamed) report.fields.emplace_back("file.pe.renamed", "true");
  }

  const IntelSet& intel_;
  YaraScanner scanner_;
  const bool all_files_;
  const bool pe_;
  const std::size_t max_bytes_;
  const FileInfo* file_ = nullptr;
  std::vector<std::uint8_t> buffer_;
  std::uint64_t seen_ = 0;
  bool decided_ = false;
  bool wanted_ = false;
};

// The rules of a sweep without --yara: only the internal PE rule, compiled
// once per process.
const YaraRules* PeOnlyRules() {
  static const std::optional<YaraRules> rules = []() -> std::optional<YaraRules> {
    Result<YaraRules> r = YaraRules::PeOnly();
    if (!r.ok()) return std::nullopt;
    return std::move(*r);
  }();
  return rules ? &*rules : nullptr;
}

}  // namespace

void AppendContentAnalyzers(Pipeline& pipeline, const IntelSet& intel,
                            const SweepOptions& options) {
  if (!options.pe && !options.yara) return;
  const YaraRules* rules = options.yara ? &*options.yara : PeOnlyRules();
  if (rules == nullptr) return;
  pipeline.push_back(
      std::make_unique<ContentAnalyzer>(intel, *rules, options.pe, options.scan_max_bytes));
}

}  // namespace shrike::files
