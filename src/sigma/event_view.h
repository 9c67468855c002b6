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
  // Changes when an event's field names (dialect, names, order) differ from
  // the event before: equal shapes have equal names.
  std::uint64_t shape() const { return shape_; }

 private:
  void Add(const RuleSetData& data, int field, std::string_view raw);
  // What a field name of the event's dialect is seen as: an alias, the
  // name without spaces, the name itself (field ids, -1: not used by a rule).
  struct NameIds {
    bool known = false;
    std::string name;
    int alias = -1, despaced = -1, field = -1;
  };
  void Resolve(const RuleSetData& data, const RuleSetData::DialectTable* table,
               const std::string& name, NameIds& ids);

  const Event* event_ = nullptr;
  std::vector<ViewValue> values_;
  std::size_t count_ = 0;
  std::vector<int> first_;
  std::vector<int> last_;     // valid where first_ is set
  std::vector<int> touched_;  // fields whose first_ is set, reset by the next Reset
  std::string group_;
  std::string channel_;
  std::string_view event_id_;
  std::string despaced_;
  // The names of the last event by position, resolved for table_: events of
  // one kind repeat their names, which are then not looked up again.
  const RuleSetData::DialectTable* table_ = nullptr;
  std::vector<NameIds> names_;
  std::size_t names_size_ = 0;  // how many names the last event had
  std::uint64_t shape_ = 0;
};

}  // namespace shrike::sigma_internal
