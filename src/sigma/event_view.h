// An Event as the Sigma evaluator sees it: values by interned field id
// (after the dialect's prefix stripping and aliases), raw and lower-cased.
// Reused across events by one evaluator; points into the Event.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sigma/program.h"

namespace shrike::sigma_internal {

struct ViewValue {
  std::string_view raw;
  std::string lower;
  int field = -1;
  int next = -1;  // next value of the same field
};

class EventView {
 public:
  void Reset(const RuleSetData& data, const Event& event);

  // Index of the first value of a field, -1 when absent; follow .next.
  int First(int field) const {
    return field >= 0 && static_cast<std::size_t>(field) < first_.size() ? first_[field] : -1;
  }
  const ViewValue& value(int i) const { return values_[static_cast<std::size_t>(i)]; }
  std::size_t size() const { return count_; }
  const std::string& group() const { return group_; }
  const std::string& channel() const { return channel_; }  // lower-cased
  std::string_view event_id() const { return event_id_; }
  const Event& event() const { return *event_; }

 private:
  void Add(const RuleSetData& data, int field, std::string_view raw);
  void AddDespaced(const RuleSetData& data, std::string_view name, std::string_view value);

  const Event* event_ = nullptr;
  std::vector<ViewValue> values_;
  std::size_t count_ = 0;
  std::vector<int> first_;
  std::vector<int> last_;
  std::string group_;
  std::string channel_;
  std::string_view event_id_;
  std::string despaced_;
};

}  // namespace shrike::sigma_internal
