#include "sigma/event_view.h"

#include "sigma/internal.h"

namespace shrike::sigma_internal {

void EventView::Add(const RuleSetData& data, int field, std::string_view raw) {
  if (count_ == values_.size()) values_.emplace_back();
  ViewValue& v = values_[count_];
  v.raw = raw;
  v.field = field;
  v.next = -1;
  v.lower.assign(raw);
  LowerInPlace(v.lower);
  int index = static_cast<int>(count_++);
  if (field < 0) return;
  auto f = static_cast<std::size_t>(field);
  if (first_[f] < 0) {
    first_[f] = index;
  } else {
    values_[static_cast<std::size_t>(last_[f])].next = index;
  }
  last_[f] = index;
  (void)data;
}

void EventView::AddDespaced(const RuleSetData& data, std::string_view name,
                            std::string_view value) {
  despaced_.clear();
  for (char c : name) {
    if (c != ' ') despaced_ += c;
  }
  auto id = data.field_lookup.find(despaced_);
  if (id != data.field_lookup.end()) Add(data, id->second, value);
}

void EventView::Reset(const RuleSetData& data, const Event& event) {
  event_ = &event;
  count_ = 0;
  first_.assign(data.field_names.size(), -1);
  last_.assign(data.field_names.size(), -1);
  std::string_view dialect = event.dialect;
  if (dialect.empty() && event.kind == SourceKind::kEvtx) dialect = "evtx";
  auto table_it = data.dialects.find(std::string(dialect));
  const RuleSetData::DialectTable* table =
      table_it == data.dialects.end() ? nullptr : &table_it->second;
  group_ = table != nullptr ? table->group : "generic";
  for (const auto& [name_str, value] : event.fields) {
    std::string_view name = name_str;
    if (table != nullptr) {
      for (const std::string& prefix : table->strips) {
        if (name.substr(0, prefix.size()) == prefix) {
          name.remove_prefix(prefix.size());
          break;
        }
      }
      auto alias = table->aliases.find(name);
      if (alias != table->aliases.end()) Add(data, alias->second, value);
      if (table->despace && name.find(' ') != std::string_view::npos)
        AddDespaced(data, name, value);
    }
    auto id = data.field_lookup.find(name);
    int field = id == data.field_lookup.end() ? -1 : id->second;
    if (field >= 0 || data.has_keywords) Add(data, field, value);
  }
  static const int kChannel = 0, kEventId = 1;  // interned first by Compile
  channel_.clear();
  event_id_ = {};
  if (int c = First(kChannel); c >= 0) channel_ = values_[static_cast<std::size_t>(c)].lower;
  if (int e = First(kEventId); e >= 0) event_id_ = values_[static_cast<std::size_t>(e)].raw;
}

}  // namespace shrike::sigma_internal
