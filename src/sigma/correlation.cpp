#include "sigma/correlation.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "sigma/internal.h"

namespace shrike::sigma_internal {
namespace {

std::string FirstValue(const EventView& view, int field) {
  int i = view.First(field);
  return i < 0 ? std::string() : std::string(view.value(i).raw);
}

bool Ordered(const Correlation& c, const std::deque<std::pair<UnixTime, int>>& seq) {
  std::size_t want = 0;
  for (const auto& [t, base] : seq) {
    if (want < c.bases.size() && base == static_cast<int>(want)) ++want;
  }
  return want == c.bases.size();
}

}  // namespace

double CorrelationEngine::Measure(const Correlation& c, const Group& g) const {
  if (c.type == "event_count") return static_cast<double>(g.entries.size());
  if (c.type == "value_count") {
    std::set<std::string> distinct;
    for (const Entry& e : g.entries) {
      if (!e.value.empty()) distinct.insert(e.value);
    }
    return static_cast<double>(distinct.size());
  }
  if (c.type == "temporal" || c.type == "temporal_ordered") {
    std::set<int> bases;
    std::deque<std::pair<UnixTime, int>> seq;
    for (const Entry& e : g.entries) {
      bases.insert(e.base);
      seq.emplace_back(e.time, e.base);
    }
    if (c.type == "temporal_ordered" && !Ordered(c, seq)) return 0;
    return static_cast<double>(bases.size());
  }
  std::vector<double> nums;
  for (const Entry& e : g.entries) {
    double x = 0;
    if (ParseNumber(e.value, x)) nums.push_back(x);
  }
  if (nums.empty()) return 0;
  double sum = 0;
  for (double x : nums) sum += x;
  if (c.type == "value_sum") return sum;
  if (c.type == "value_avg") return sum / static_cast<double>(nums.size());
  std::sort(nums.begin(), nums.end());  // value_percentile, nearest rank
  double rank = std::ceil(c.percentile / 100.0 * static_cast<double>(nums.size()));
  auto idx = static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(nums.size())));
  return nums[idx - 1];
}

bool CorrelationEngine::Holds(const Correlation& c, double v) const {
  const std::string& op = c.cond_op;
  double want = c.cond_value;
  if (op == "gt") return v > want;
  if (op == "gte") return v >= want;
  if (op == "lt") return v < want;
  if (op == "lte") return v <= want;
  if (op == "eq") return v == want;
  return v != want;
}

void CorrelationEngine::Fire(const Correlation& c, const Group& g, double value,
                             const EventView* view, const RuleMatchCallback& fired, int depth) {
  std::vector<std::pair<std::string, std::string>> extra = g.key_fields;
  extra.emplace_back("sigma.correlation.type", c.type);
  extra.emplace_back("sigma.correlation.value", std::to_string(value));
  fired(c.rule, extra);
  if (view != nullptr && depth < 8) OnMatch(c.rule, *view, fired, depth + 1);
}

void CorrelationEngine::OnMatch(int rule, const EventView& view, const RuleMatchCallback& fired,
                                int depth) {
  if (static_cast<std::size_t>(rule) >= data_.correlations_of_rule.size()) return;
  UnixTime now = view.event().timestamp != kNoTime ? view.event().timestamp : clock_;
  clock_ = std::max(clock_, now);
  for (int ci : data_.correlations_of_rule[static_cast<std::size_t>(rule)]) {
    const Correlation& c = data_.correlations[static_cast<std::size_t>(ci)];
    int base = static_cast<int>(std::find(c.bases.begin(), c.bases.end(), rule) - c.bases.begin());
    std::string key;
    std::vector<std::pair<std::string, std::string>> key_fields;
    for (std::size_t k = 0; k < c.group_by[static_cast<std::size_t>(base)].size(); ++k) {
      std::string v = FirstValue(view, c.group_by[static_cast<std::size_t>(base)][k]);
      key += v + '\x1f';
      key_fields.emplace_back(c.group_names[k], v);
    }
    Groups& groups = state_[static_cast<std::size_t>(ci)];
    if (groups.size() >= kMaxGroups && groups.count(key) == 0) continue;
    Group& g = groups[key];
    g.key_fields = key_fields;
    int vf = c.value_field_per_base[static_cast<std::size_t>(base)];
    g.entries.push_back(Entry{now, base, vf >= 0 ? FirstValue(view, vf) : std::string()});
    while (!g.entries.empty() &&
           (g.entries.front().time < now - c.timespan || g.entries.size() > kMaxEntries)) {
      g.entries.pop_front();
    }
    if (c.cond_op == "lt" || c.cond_op == "lte") continue;
    double value = Measure(c, g);
    if (!Holds(c, value)) continue;
    Group fired_group = std::move(g);
    groups.erase(key);
    Fire(c, fired_group, value, &view, fired, depth);
  }
}

void CorrelationEngine::Finish(const RuleMatchCallback& fired) {
  for (std::size_t ci = 0; ci < state_.size(); ++ci) {
    const Correlation& c = data_.correlations[ci];
    if (c.cond_op != "lt" && c.cond_op != "lte") continue;
    for (const auto& [key, g] : state_[ci]) {
      double value = Measure(c, g);
      if (Holds(c, value)) Fire(c, g, value, nullptr, fired, 0);
    }
    state_[ci].clear();
  }
}

}  // namespace shrike::sigma_internal
