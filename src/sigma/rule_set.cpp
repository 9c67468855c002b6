// SigmaRuleSet: loading (files, folders, packs), compiling, the report.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "shrike/packs.h"
#include "shrike/sigma.h"
#include "sigma/compiler.h"

namespace shrike {
namespace si = sigma_internal;

std::string_view SigmaLevelName(SigmaLevel level) {
  static constexpr std::string_view kNames[] = {"informational", "low", "medium", "high",
                                                "critical"};
  return kNames[static_cast<int>(level)];
}

bool ParseSigmaLevel(std::string_view text, SigmaLevel& level) {
  for (int i = 0; i <= static_cast<int>(SigmaLevel::kCritical); ++i) {
    if (si::Lower(text) == SigmaLevelName(static_cast<SigmaLevel>(i))) {
      level = static_cast<SigmaLevel>(i);
      return true;
    }
  }
  return false;
}

int SigmaLevelSeverity(SigmaLevel level) {
  static constexpr int kSeverity[] = {10, 21, 47, 73, 99};
  return kSeverity[static_cast<int>(level)];
}

double SigmaLoadReport::LoadRate() const {
  std::size_t total = loaded + skipped.size();
  return total == 0 ? 1.0 : static_cast<double>(loaded) / static_cast<double>(total);
}

std::string SigmaLoadReport::ToString() const {
  std::ostringstream out;
  out << "sigma: " << loaded << " rules loaded (" << correlations << " correlations, " << variants
      << " routed variants, " << unrouted << " with a logsource routed to generic events), "
      << skipped.size() << " skipped, " << filtered << " filtered out, from " << files
      << " files\n";
  for (const SigmaSkipped& s : skipped) {
    out << "sigma: skipped " << s.where.file;
    if (s.where.line != 0) out << ":" << s.where.line;
    if (!s.where.record.empty()) out << " (" << s.where.record << ")";
    out << ": " << s.reason << "\n";
  }
  return out.str();
}

namespace {

struct Loaded {
  si::RuleDocument doc;
  int rule = -1;
};

bool IsFilterDoc(const YAML::Node& n) { return n["filter"] && !n["detection"]; }

// Filters (spec v2 "filter" documents) by the rule id or name they apply to.
std::multimap<std::string, YAML::Node> CollectFilters(const std::vector<si::RuleDocument>& docs) {
  std::multimap<std::string, YAML::Node> out;
  for (const auto& d : docs) {
    if (!IsFilterDoc(d.node) || !d.node["filter"].IsMap()) continue;
    YAML::Node f = YAML::Clone(d.node["filter"]);
    YAML::Node rules = f["rules"];
    f.remove("rules");
    if (rules && rules.IsScalar()) out.emplace(rules.Scalar(), f);
    if (rules && rules.IsSequence()) {
      for (const auto& r : rules) out.emplace(r.Scalar(), f);
    }
  }
  return out;
}

void Skip(SigmaLoadReport& report, const si::RuleInfo& info, std::string reason) {
  report.skipped.push_back(SigmaSkipped{info.where, info.title, std::move(reason)});
}

}  // namespace

SigmaRuleSet::SigmaRuleSet(std::unique_ptr<si::RuleSetData> data) : data_(std::move(data)) {}
SigmaRuleSet::~SigmaRuleSet() = default;
std::size_t SigmaRuleSet::size() const { return data_->rules.size(); }

std::shared_ptr<const SigmaRuleSet> SigmaRuleSet::Compile(const std::vector<SigmaSource>& sources,
                                                          const SigmaFilter& filter,
                                                          SigmaLoadReport& report) {
  auto data = std::make_unique<si::RuleSetData>();
  si::LoadEventNormalisation(*data);
  data->Intern("Channel");
  data->Intern("EventID");
  std::vector<si::RuleDocument> docs;
  for (const SigmaSource& s : sources) {
    ++report.files;
    for (auto& d : si::ReadDocuments(s.text, s.name, report.skipped)) docs.push_back(std::move(d));
  }
  report.documents = docs.size();
  auto filters = CollectFilters(docs);
  std::vector<Loaded> correlations;
  for (const auto& d : docs) {
    if (IsFilterDoc(d.node)) continue;
    si::RuleInfo info = si::ReadRuleInfo(d);
    if (!si::KeptByFilter(info, filter)) {
      ++report.filtered;
      continue;
    }
    bool is_corr = static_cast<bool>(d.node["correlation"]);
    if (!is_corr && !d.node["detection"]) {
      Skip(report, info, "neither detection nor correlation");
      continue;
    }
    std::vector<YAML::Node> own;
    for (const std::string& key : {info.id, info.name}) {
      auto [b, e] = filters.equal_range(key);
      for (auto it = b; !key.empty() && it != e; ++it) own.push_back(it->second);
    }
    std::vector<const YAML::Node*> own_ptrs;
    for (const auto& f : own) own_ptrs.push_back(&f);
    int index = static_cast<int>(data->rules.size());
    info.correlation = is_corr;
    data->rules.push_back(info);
    if (is_corr) {
      correlations.push_back(Loaded{d, index});
      continue;
    }
    std::size_t before = data->variants.size();
    bool unrouted = false;
    if (auto e = si::CompileDetectionRule(d, own_ptrs, index, *data, unrouted)) {
      data->variants.resize(before);
      data->rules.pop_back();
      Skip(report, info, e->reason);
      continue;
    }
    report.unrouted += unrouted;
  }
  auto by_ref = [&](const std::string& ref) {
    for (std::size_t i = 0; i < data->rules.size(); ++i) {
      if (data->rules[i].id == ref || data->rules[i].name == ref) return static_cast<int>(i);
    }
    return -1;
  };
  data->correlations_of_rule.resize(data->rules.size());
  std::vector<bool> dead(data->rules.size(), false);
  for (const Loaded& c : correlations) {
    if (auto e = si::CompileCorrelationRule(c.doc, c.rule, by_ref, *data)) {
      dead[static_cast<std::size_t>(c.rule)] = true;
      Skip(report, data->rules[static_cast<std::size_t>(c.rule)], e->reason);
      continue;
    }
    ++report.correlations;
  }
  report.loaded = static_cast<std::size_t>(std::count(dead.begin(), dead.end(), false));
  report.variants = data->variants.size();
  data->correlations_of_rule.resize(data->rules.size());
  si::BuildIndex(*data);
  return std::shared_ptr<const SigmaRuleSet>(new SigmaRuleSet(std::move(data)));
}

namespace {

bool IsYaml(const std::filesystem::path& p) {
  std::string ext = si::Lower(p.extension().string());
  return ext == ".yml" || ext == ".yaml";
}

Status AddPath(const std::string& path, std::vector<SigmaSource>& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && IsYaml(it->path())) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) SHRIKE_RETURN_IF_ERROR(AddPath(f.string(), out));
    return Ok();
  }
  if (fs::is_regular_file(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) return Error(ErrorCode::kIo, "cannot read " + path);
    out.push_back(SigmaSource{path, text.str()});
    return Ok();
  }
  auto pack = EmbeddedPackFiles(path + "/sigma");
  if (pack.empty()) return Error(ErrorCode::kNotFound, "no Sigma rules at '" + path + "'");
  for (auto& [name, text] : pack) {
    if (IsYaml(name))
      out.push_back(SigmaSource{"pack:" + path + "/sigma/" + name, std::string(text)});
  }
  return Ok();
}

}  // namespace

Result<std::shared_ptr<const SigmaRuleSet>> SigmaRuleSet::Load(
    const std::vector<std::string>& paths, const SigmaFilter& filter, SigmaLoadReport& report) {
  std::vector<SigmaSource> sources;
  for (const std::string& p : paths) SHRIKE_RETURN_IF_ERROR(AddPath(p, sources));
  return Compile(sources, filter, report);
}

}  // namespace shrike
