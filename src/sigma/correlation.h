// Correlation windows per thread (src/sigma/correlation.cpp).
//
// Each correlation keeps, per group-by key, the base-rule matches of its
// timespan (oldest dropped as time advances, at most kMaxEntries per group,
// kMaxGroups per correlation). gt/gte/eq/neq conditions fire as soon as they
// hold (the group's window then restarts); lt/lte fire at Finish for the
// groups whose window holds too few. A firing correlation counts as a match
// of its own rule, so correlations chain.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sigma/event_view.h"
#include "sigma/program.h"

namespace shrike::sigma_internal {

using RuleMatchCallback =
    std::function<void(int rule, const std::vector<std::pair<std::string, std::string>>& extra)>;

class CorrelationEngine {
 public:
  explicit CorrelationEngine(const RuleSetData& data)
      : data_(data), state_(data.correlations.size()) {}

  // A base rule matched the event in `view`; `fired` gets every correlation
  // rule that fires as a consequence (with its group and value fields).
  void OnMatch(int rule, const EventView& view, const RuleMatchCallback& fired, int depth = 0);
  void Finish(const RuleMatchCallback& fired);

 private:
  struct Entry {
    UnixTime time = 0;
    int base = 0;
    std::string value;
  };
  struct Group {
    std::deque<Entry> entries;
    std::vector<std::pair<std::string, std::string>> key_fields;
  };
  using Groups = std::unordered_map<std::string, Group>;

  double Measure(const Correlation& c, const Group& g) const;
  bool Holds(const Correlation& c, double value) const;
  void Fire(const Correlation& c, const Group& g, double value, const EventView* view,
            const RuleMatchCallback& fired, int depth);

  static constexpr std::size_t kMaxEntries = 100000;
  static constexpr std::size_t kMaxGroups = 100000;
  const RuleSetData& data_;
  std::vector<Groups> state_;
  UnixTime clock_ = 0;
};

}  // namespace shrike::sigma_internal
