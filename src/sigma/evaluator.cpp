// SigmaEvaluator: per event, the view, the candidate variants (literal
// prefilter + the always-evaluated variants of the event's buckets), the
// condition programs, findings and correlation windows.
#include <algorithm>
#include <optional>
#include <string>

#include "shrike/finding.h"
#include "shrike/sigma.h"
#include "sigma/correlation.h"
#include "sigma/event_view.h"
#include "sigma/internal.h"
#include "sigma/matching.h"

namespace shrike {
namespace sigma_internal {

namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

}  // namespace

struct ScratchFree {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};

class EvaluatorState {
 public:
  explicit EvaluatorState(const RuleSetData& data)
      : data_(data),
        correlations_(data),
        variant_stamp_(data.variants.size(), 0),
        rule_stamp_(data.rules.size(), 0),
        route_stamp_(BuiltinRouting().routes.size(), 0),
        route_ok_(BuiltinRouting().routes.size(), 0) {
    hs_scratch_t* s = nullptr;
    for (const auto& db : data.regexes) hs_alloc_scratch(db.get(), &s);
    for (const auto& lit : data.literal_dbs) hs_alloc_scratch(lit.db.get(), &s);
    scratch_.reset(s);
    matcher_.emplace(data_, view_, scratch_.get());
    for (const RuleInfo& info : data.rules) {
      rule_tags_.push_back(Join(info.tags));
      rule_techniques_.push_back(Join(info.attack_ids));
    }
  }

  void Evaluate(const Event& event, const std::string& path, const FindingCallback& on_finding);
  void Finish(const FindingCallback& on_finding);
  std::vector<std::string> last_matches;

 private:
  static int OnLiteral(unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx);
  void AddLiteral(const FieldLiteralDb& db, unsigned id);
  void Candidates();
  bool RouteAccepts(const Variant& v);
  bool RouteMatches(const Route& r) const;  // group, channel and event id
  void Report(int rule, const std::vector<std::pair<std::string, std::string>>& extra,
              const FindingCallback& on_finding);
  void SortEventFields();

  const RuleSetData& data_;
  EventView view_;
  CorrelationEngine correlations_;
  std::unique_ptr<hs_scratch_t, ScratchFree> scratch_;
  std::optional<Matcher> matcher_;  // over view_, reused from event to event
  std::vector<std::uint32_t> variant_stamp_;
  std::vector<std::uint32_t> rule_stamp_;
  std::uint32_t stamp_ = 0;
  std::vector<int> candidates_;
  const FieldLiteralDb* scanning_ = nullptr;
  std::string text_;  // the event's lower-cased values, for the keyword literals
  std::string key_;   // a bucket's key
  // Per place in the view: the value last scanned there with its field's
  // literal database, and the literals it holds.
  struct ScannedValue {
    int field = -1;
    std::string text;
    std::vector<unsigned> hits;
  };
  std::vector<ScannedValue> scanned_;
  ScannedValue* recording_ = nullptr;
  // Per route, for the event of stamp_: whether its group, channel and
  // event id fit.
  std::vector<std::uint32_t> route_stamp_;
  std::vector<char> route_ok_;
  std::string path_;  // of the last event (correlations reported at Finish name it)
  // Reused for every finding, so that its strings keep their capacity (a
  // finding carries the whole event; building it was the hot spot).
  Finding finding_;
  // Per rule, its tags and ATT&CK ids joined with ','.
  std::vector<std::string> rule_tags_, rule_techniques_;
  // Per event, once it fires: its reported fields in FindingToJson's order
  // (indices into Event::fields) and its host.
  bool event_sorted_ = false;
  std::vector<int> event_order_;
  std::uint64_t sorted_shape_ = 0;  // the view's shape event_order_ was sorted for
  bool sorted_valid_ = false;
  std::string event_host_;
  std::vector<std::pair<std::string_view, std::string_view>> own_;  // the rule's fields
};

int EvaluatorState::OnLiteral(unsigned id, unsigned long long, unsigned long long, unsigned,
                              void* ctx) {
  auto* self = static_cast<EvaluatorState*>(ctx);
  if (self->recording_ != nullptr) self->recording_->hits.push_back(id);
  self->AddLiteral(*self->scanning_, id);
  return 0;
}

void EvaluatorState::AddLiteral(const FieldLiteralDb& db, unsigned id) {
  for (int v : db.variants[id]) {
    auto i = static_cast<std::size_t>(v);
    if (variant_stamp_[i] != stamp_) {
      variant_stamp_[i] = stamp_;
      candidates_.push_back(v);
    }
  }
}

void EvaluatorState::Candidates() {
  candidates_.clear();
  const bool keywords = data_.literal_db_any >= 0;
  if (keywords) text_.clear();
  for (std::size_t i = 0; i < view_.size(); ++i) {
    const ViewValue& v = view_.value(static_cast<int>(i));
    if (v.lower.empty()) continue;
    if (keywords) {
      text_ += v.lower;
      text_.push_back('\0');
    }
    int d = v.field < 0 ? -1 : data_.literal_db_of_field[static_cast<std::size_t>(v.field)];
    if (d < 0) continue;
    scanning_ = &data_.literal_dbs[static_cast<std::size_t>(d)];
    if (v.lower.size() < scanning_->min_length) continue;
    // The value the event before had at this place (system fields repeat
    // from record to record) gives its literals without a scan.
    if (i >= scanned_.size()) scanned_.resize(i + 1);
    ScannedValue& last = scanned_[i];
    if (last.field == v.field && last.text == v.lower) {
      for (unsigned id : last.hits) AddLiteral(*scanning_, id);
      continue;
    }
    last.field = v.field;
    last.text.assign(v.lower);
    last.hits.clear();
    recording_ = &last;
    hs_scan(scanning_->db.get(), v.lower.data(), static_cast<unsigned>(v.lower.size()), 0,
            scratch_.get(), OnLiteral, this);
    recording_ = nullptr;
  }
  if (keywords && !text_.empty()) {
    scanning_ = &data_.literal_dbs[static_cast<std::size_t>(data_.literal_db_any)];
    hs_scan(scanning_->db.get(), text_.data(), static_cast<unsigned>(text_.size()), 0,
            scratch_.get(), OnLiteral, this);
  }
  const std::string& g = view_.group();
  for (int k = 0; k < 4; ++k) {  // group|channel|eventid, '*' for either or both
    key_.assign(g).append(1, '|');
    key_.append(k < 2 ? std::string_view(view_.channel()) : "*").append(1, '|');
    key_.append(k % 2 == 0 ? view_.event_id() : "*");
    auto it = data_.buckets.find(key_);
    if (it == data_.buckets.end()) continue;
    for (int v : data_.bucket_unconstrained[static_cast<std::size_t>(it->second)]) {
      if (variant_stamp_[static_cast<std::size_t>(v)] != stamp_) {
        variant_stamp_[static_cast<std::size_t>(v)] = stamp_;
        candidates_.push_back(v);
      }
    }
  }
}

bool EvaluatorState::RouteAccepts(const Variant& v) {
  if (v.route < 0) return view_.group() == "generic";
  auto route = static_cast<std::size_t>(v.route);
  if (route_stamp_[route] != stamp_) {  // once per route and event
    route_stamp_[route] = stamp_;
    route_ok_[route] = RouteMatches(BuiltinRouting().routes[route]);
  }
  if (!route_ok_[route]) return false;
  for (const auto& [field, values] : v.constraints) {
    int i = view_.First(field);
    if (i < 0) return false;
    if (!values.empty() &&
        std::find(values.begin(), values.end(), view_.value(i).lower) == values.end()) {
      return false;
    }
  }
  return true;
}

bool EvaluatorState::RouteMatches(const Route& r) const {
  if (r.group != view_.group()) return false;
  if (!r.channels.empty() &&
      std::find(r.channels.begin(), r.channels.end(), view_.channel()) == r.channels.end()) {
    return false;
  }
  if (!r.event_ids.empty() &&
      std::find(r.event_ids.begin(), r.event_ids.end(), view_.event_id()) == r.event_ids.end()) {
    return false;
  }
  return true;
}

void EvaluatorState::SortEventFields() {
  static constexpr std::string_view kReserved[] = {"@timestamp", "event",  "host",  "log", "threat",
                                                   "rule",       "shrike", "sigma", "tags"};
  const Event& e = view_.event();
  event_host_.assign(e.host.empty() ? e.Get("Computer") : std::string_view(e.host));
  event_sorted_ = true;
  // Events of one shape (the same names in the same order) share the order.
  if (sorted_valid_ && sorted_shape_ == view_.shape()) return;
  event_order_.clear();
  for (std::size_t i = 0; i < e.fields.size(); ++i) {
    std::string_view name = e.fields[i].first;
    std::string_view root = name.substr(0, name.find('.'));
    if (std::find(std::begin(kReserved), std::end(kReserved), root) != std::end(kReserved))
      continue;
    event_order_.push_back(static_cast<int>(i));
  }
  std::stable_sort(event_order_.begin(), event_order_.end(), [&](int a, int b) {
    return FindingNameLess(e.fields[static_cast<std::size_t>(a)].first,
                           e.fields[static_cast<std::size_t>(b)].first);
  });
  sorted_shape_ = view_.shape();
  sorted_valid_ = true;
}

void EvaluatorState::Report(int rule, const std::vector<std::pair<std::string, std::string>>& extra,
                            const FindingCallback& on_finding) {
  const RuleInfo& info = data_.rules[static_cast<std::size_t>(rule)];
  last_matches.push_back(info.id.empty() ? info.title : info.id);
  if (!info.generate) return;
  if (!event_sorted_) SortEventFields();
  const Event& e = view_.event();
  Finding& f = finding_;
  f.timestamp = e.timestamp;
  f.dataset.assign("shrike.hunt");
  f.category.clear();
  f.severity = SigmaLevelSeverity(info.level);
  f.host.assign(event_host_);
  f.rule_ruleset.assign("sigma");
  f.rule_id.assign(info.id);
  f.rule_name.assign(info.title);
  f.enrichments.clear();
  f.log_path.assign(path_);
  f.log_offset = e.offset;
  f.log_line = e.line;
  f.numeric_fields.clear();
  // The rule's own fields (and a correlation's), sorted, then merged with
  // the event's sorted fields; on equal names the rule's come first.
  own_.clear();
  own_.emplace_back("sigma.level", SigmaLevelName(info.level));
  const std::string& tags = rule_tags_[static_cast<std::size_t>(rule)];
  const std::string& techniques = rule_techniques_[static_cast<std::size_t>(rule)];
  if (!tags.empty()) own_.emplace_back("tags", tags);
  if (!techniques.empty()) own_.emplace_back("threat.technique.id", techniques);
  for (const auto& [name, value] : extra) own_.emplace_back(name, value);
  std::stable_sort(own_.begin(), own_.end(),
                   [](const auto& a, const auto& b) { return FindingNameLess(a.first, b.first); });
  std::size_t n = 0;
  auto put = [&](std::string_view name, std::string_view value) {
    if (n == f.fields.size()) f.fields.emplace_back();
    f.fields[n].first.assign(name);
    f.fields[n].second.assign(value);
    ++n;
  };
  std::size_t o = 0;
  for (int i : event_order_) {
    const auto& [name, value] = e.fields[static_cast<std::size_t>(i)];
    for (; o < own_.size() && !FindingNameLess(name, own_[o].first); ++o)
      put(own_[o].first, own_[o].second);
    put(name, value);
  }
  for (; o < own_.size(); ++o) put(own_[o].first, own_[o].second);
  f.fields.resize(n);
  on_finding(f);
}

void EvaluatorState::Evaluate(const Event& event, const std::string& path,
                              const FindingCallback& on_finding) {
  last_matches.clear();
  path_.assign(path);
  if (++stamp_ == 0) {
    std::fill(variant_stamp_.begin(), variant_stamp_.end(), 0);
    std::fill(rule_stamp_.begin(), rule_stamp_.end(), 0);
    std::fill(route_stamp_.begin(), route_stamp_.end(), 0);
    stamp_ = 1;
  }
  view_.Reset(data_, event);
  event_sorted_ = false;
  Candidates();
  std::sort(candidates_.begin(), candidates_.end());
  auto fired = [&](int rule, const std::vector<std::pair<std::string, std::string>>& extra) {
    Report(rule, extra, on_finding);
  };
  for (int vi : candidates_) {
    const Variant& v = data_.variants[static_cast<std::size_t>(vi)];
    auto r = static_cast<std::size_t>(v.rule);
    if (rule_stamp_[r] == stamp_ || !RouteAccepts(v) || !matcher_->Matches(v.program)) continue;
    rule_stamp_[r] = stamp_;
    Report(v.rule, {}, on_finding);
    correlations_.OnMatch(v.rule, view_, fired);
  }
}

void EvaluatorState::Finish(const FindingCallback& on_finding) {
  Event none;
  view_.Reset(data_, none);
  event_sorted_ = false;
  correlations_.Finish(
      [&](int rule, const std::vector<std::pair<std::string, std::string>>& extra) {
        Report(rule, extra, on_finding);
      });
}

}  // namespace sigma_internal

SigmaEvaluator::SigmaEvaluator(std::shared_ptr<const SigmaRuleSet> rules)
    : rules_(std::move(rules)),
      state_(std::make_unique<sigma_internal::EvaluatorState>(rules_->data())) {}
SigmaEvaluator::~SigmaEvaluator() = default;

void SigmaEvaluator::Evaluate(const Event& event, const std::string& path,
                              const FindingCallback& on_finding) {
  state_->Evaluate(event, path, on_finding);
}

void SigmaEvaluator::Finish(const FindingCallback& on_finding) { state_->Finish(on_finding); }

const std::vector<std::string>& SigmaEvaluator::last_matches() const {
  return state_->last_matches;
}

}  // namespace shrike
