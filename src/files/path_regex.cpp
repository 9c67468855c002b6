#include "files/path_regex.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>

namespace shrike::files {
namespace {

constexpr unsigned kFlags = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL;
// Score of a regex hit whose list gave none (the confidence is the score).
constexpr int kDefaultScore = 60;
constexpr std::string_view kFalsePositiveTag = "false-positive-regex=";

struct CompileErrorFree {
  void operator()(hs_compile_error_t* e) const { hs_free_compile_error(e); }
};
using CompileErrorPtr = std::unique_ptr<hs_compile_error_t, CompileErrorFree>;

std::string FalsePositiveRegex(const Indicator& ind) {
  for (const std::string& tag : ind.ctx().tags) {
    if (tag.starts_with(kFalsePositiveTag)) return tag.substr(kFalsePositiveTag.size());
  }
  return {};
}

void WarnPattern(const Indicator& ind, std::string_view regex, const char* why,
                 Diagnostics& diags) {
  Location where;
  where.file = ind.ctx().source;
  where.line = ind.line;
  diags.Warn(Error(ErrorCode::kUnsupported,
                   "filename regex '" + std::string(regex.substr(0, 200)) +
                       "' cannot be compiled (" + why + "); skipped",
                   where));
}

// Whether Vectorscan accepts the pattern on its own (parse errors, empty
// matches, unsupported constructs are caught here, one by one, so that a
// bad line does not sink the whole database).
bool Compiles(const std::string& regex, std::string& why) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* raw = nullptr;
  hs_error_t rc = hs_expression_info(regex.c_str(), kFlags, &info, &raw);
  CompileErrorPtr error(raw);
  if (rc != HS_SUCCESS) {
    why = error ? error->message : "unknown error";
    return false;
  }
  bool empty_match = info->min_width == 0;
  std::free(info);  // allocated with the default misc allocator (malloc)
  if (empty_match) why = "it matches the empty string, so every path";
  return !empty_match;
}

}  // namespace

std::shared_ptr<const PathRegexSet> PathRegexSet::Compile(const IntelSet& intel,
                                                          Diagnostics& diags) {
  auto set = std::make_shared<PathRegexSet>();
  std::vector<std::string> main, fps;
  for (const Indicator& ind : intel.indicators()) {
    if (ind.type != IndicatorType::kFilenameRegex || !ind.benign.empty()) continue;
    std::string why;
    if (!Compiles(ind.value, why)) {
      WarnPattern(ind, ind.value, why.c_str(), diags);
      continue;
    }
    std::string fp = FalsePositiveRegex(ind);
    if (!fp.empty() && !Compiles(fp, why)) {
      WarnPattern(ind, fp, ("false-positive regex: " + why).c_str(), diags);
      fp.clear();
    }
    set->patterns_.push_back({&ind, fp.empty() ? -1 : static_cast<int>(fps.size())});
    main.push_back(ind.value);
    fps.push_back(std::move(fp));
  }
  if (main.empty()) return set;
  std::vector<const char*> exprs;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < main.size(); ++i) {
    exprs.push_back(main[i].c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  const std::size_t n = main.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (set->patterns_[i].false_positive < 0) continue;
    set->patterns_[i].false_positive = static_cast<int>(exprs.size());
    exprs.push_back(fps[i].c_str());
    ids.push_back(static_cast<unsigned>(n + i));
  }
  std::vector<unsigned> flags(exprs.size(), kFlags);
  hs_database_t* db = nullptr;
  hs_compile_error_t* raw = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, &db, &raw) != HS_SUCCESS) {
    CompileErrorPtr error(raw);
    Location where;
    diags.Warn(Error(ErrorCode::kUnsupported,
                     std::string("filename regexes cannot be compiled together (") +
                         (error ? error->message : "unknown error") + "); none is used",
                     where));
    set->patterns_.clear();
    return set;
  }
  set->database_.reset(db);
  return set;
}

PathRegexMatcher::PathRegexMatcher(std::shared_ptr<const PathRegexSet> set) : set_(std::move(set)) {
  if (set_->empty()) return;
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(set_->database_.get(), &scratch) == HS_SUCCESS) scratch_.reset(scratch);
}

void PathRegexMatcher::Match(std::string_view path, std::vector<Hit>& hits) {
  if (!scratch_) return;
  matched_.clear();
  auto on_match = [](unsigned id, unsigned long long, unsigned long long, unsigned,
                     void* ctx) -> int {
    static_cast<std::vector<unsigned>*>(ctx)->push_back(id);
    return 0;
  };
  hs_scan(set_->database_.get(), path.data(), static_cast<unsigned>(path.size()), 0, scratch_.get(),
          on_match, &matched_);
  const std::size_t n = set_->patterns_.size();
  std::sort(matched_.begin(), matched_.end());
  for (unsigned id : matched_) {
    if (id >= n) break;  // false-positive ids follow the main ones
    const PathRegexSet::Pattern& p = set_->patterns_[id];
    if (p.false_positive >= 0 &&
        std::binary_search(matched_.begin(), matched_.end(), static_cast<unsigned>(n + id)))
      continue;
    int confidence = p.indicator->ctx().confidence;
    int score = confidence < 0 ? kDefaultScore : std::min(confidence, 100);
    hits.push_back({std::string(path), "file.path", p.indicator, score});
  }
}

namespace {

class PathRegexAnalyzer final : public FileAnalyzer {
 public:
  explicit PathRegexAnalyzer(std::shared_ptr<const PathRegexSet> set) : matcher_(std::move(set)) {}
  bool NeedsContent() const override { return false; }
  void Begin(const FileInfo& file) override { path_ = file.path; }
  void Update(std::span<const std::uint8_t>) override {}
  void End(FileReport& report) override { matcher_.Match(path_, report.hits); }

 private:
  PathRegexMatcher matcher_;
  std::string path_;
};

}  // namespace

std::unique_ptr<FileAnalyzer> MakePathRegexAnalyzer(std::shared_ptr<const PathRegexSet> set) {
  return std::make_unique<PathRegexAnalyzer>(std::move(set));
}

}  // namespace shrike::files
