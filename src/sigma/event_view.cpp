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
    touched_.push_back(field);
  } else {
    values_[static_cast<std::size_t>(last_[f])].next = index;
  }
  last_[f] = index;
  (void)data;
}

void EventView::Resolve(const RuleSetData& data, const RuleSetData::DialectTable* table,
                        const std::string& name_str, NameIds& ids) {
  ids.known = true;
  ids.name.assign(name_str);
  ids.alias = ids.despaced = -1;
  std::string_view name = name_str;
  if (table != nullptr) {
    for (const std::string& prefix : table->strips) {
      if (name.substr(0, prefix.size()) == prefix) {
        name.remove_prefix(prefix.size());
        break;
      }
    }
    auto alias = table->aliases.find(name);
    if (alias != table->aliases.end()) ids.alias = alias->second;
    if (table->despace && name.find(' ') != std::string_view::npos) {
      despaced_.clear();
      for (char c : name) {
        if (c != ' ') despaced_ += c;
      }
      auto id = data.field_lookup.find(despaced_);
      if (id != data.field_lookup.end()) ids.despaced = id->second;
    }
  }
  auto id = data.field_lookup.find(name);
  ids.field = id == data.field_lookup.end() ? -1 : id->second;
}

void EventView::Reset(const RuleSetData& data, const Event& event) {
  event_ = &event;
  count_ = 0;
  if (first_.size() != data.field_names.size()) {
    first_.assign(data.field_names.size(), -1);
    last_.assign(data.field_names.size(), -1);
  } else {
    for (int f : touched_) first_[static_cast<std::size_t>(f)] = -1;  // last_ is set with first_
  }
  touched_.clear();
  std::string_view dialect = event.dialect;
  if (dialect.empty() && event.kind == SourceKind::kEvtx) dialect = "evtx";
  auto table_it = data.dialects.find(std::string(dialect));
  const RuleSetData::DialectTable* table =
      table_it == data.dialects.end() ? nullptr : &table_it->second;
  group_ = table != nullptr ? table->group : "generic";
  bool same = table == table_ && event.fields.size() == names_size_;
  if (table != table_) {
    names_.clear();
    table_ = table;
  }
  for (std::size_t i = 0; i < event.fields.size(); ++i) {
    const auto& [name_str, value] = event.fields[i];
    if (i == names_.size()) names_.emplace_back();
    NameIds& ids = names_[i];
    if (!ids.known || ids.name != name_str) {
      Resolve(data, table, name_str, ids);
      same = false;
    }
    if (ids.alias >= 0) Add(data, ids.alias, value);
    if (ids.despaced >= 0) Add(data, ids.despaced, value);
    if (ids.field >= 0 || data.has_keywords) Add(data, ids.field, value);
  }
  names_size_ = event.fields.size();
  if (!same) ++shape_;
  static const int kChannel = 0, kEventId = 1;  // interned first by Compile
  channel_.clear();
  event_id_ = {};
  if (int c = First(kChannel); c >= 0) channel_ = values_[static_cast<std::size_t>(c)].lower;
  if (int e = First(kEventId); e >= 0) event_id_ = values_[static_cast<std::size_t>(e)].raw;
}

}  // namespace shrike::sigma_internal
