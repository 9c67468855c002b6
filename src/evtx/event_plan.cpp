// EventPlan: compiling a template into Event fields and filling them (see
// event_plan.h). The Builder walks the template's shape in the order of
// FieldSink (event_fields.cpp); keep the two in step.
#include "evtx/event_plan.h"

#include <cstring>

#include "evtx/binxml.h"
#include "evtx/bytes.h"
#include "evtx/render.h"

namespace shrike::evtx_internal {
namespace {

// A substitution value that becomes a node of the Document (Substitute in binxml.cpp).
bool Present(const Value& v) {
  return BaseType(v.type) != 0 && v.type != static_cast<std::uint8_t>(ValueType::kEvtHandle);
}

// Sets a field's name; a slot keeps the name it had for the record before,
// often the same field of the same plan, which then is not written again.
inline void SetName(std::string& name, const char* text, std::size_t size) {
  if (name.size() == size) {  // names are short: compared inline, not by a memcmp call
    const char* have = name.data();
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
      std::uint64_t a, b;
      std::memcpy(&a, have + i, 8);
      std::memcpy(&b, text + i, 8);
      if (a != b) break;
    }
    while (i < size && have[i] == text[i]) ++i;
    if (i == size) return;
  }
  name.assign(text, size);
}

UnixTime FileTimeOf(const Value& v) {
  if (v.type != static_cast<std::uint8_t>(ValueType::kFileTime) || v.size < 8) return kNoTime;
  return static_cast<UnixTime>(U64(v.data) / 10000000) - 11644473600LL;
}

}  // namespace

class EventPlan::Builder {
 public:
  Builder(EventPlan& plan, const Template& t, const Document& shape,
          const std::vector<std::int32_t>& array_op)
      : p_(plan), t_(t), doc_(shape), array_op_(array_op) {}

  void Root(std::int32_t root) {
    for (std::int32_t s = doc_.at(root).first_child; s != -1; s = doc_.at(s).next) {
      const Node& n = doc_.at(s);
      if (n.kind == NodeKind::kSubstitution && !p_.nested_) {
        Field f;
        f.kind = Field::kSplice;
        f.begin = static_cast<std::uint32_t>(p_.splices_.size());
        p_.splices_.push_back(t_.Ops()[n.value.size].index);
        p_.fields_.push_back(f);
      }
      if (n.kind != NodeKind::kElement) continue;
      if (n.name == "System") {
        InGroup(s, [&] { System(s); });
        Field f;
        f.kind = Field::kTime;
        Range r = Times(s);
        f.begin = r.begin;
        f.end = r.end;
        p_.fields_.push_back(f);
      } else if (n.name == "EventData") {
        InGroup(s, [&] { EventData(s); });
      } else if (n.name == "UserData") {
        InGroup(s, [&] { UserData(s); });
      } else if (n.name != "RenderingInfo") {
        Leaves(s);
      }
    }
  }

 private:
  // Fields written while visiting an element Windows repeats per array item
  // form a group (such an element has no child elements, so groups do not nest).
  template <typename Fn>
  void InGroup(std::int32_t element, Fn&& fn) {
    std::int32_t op = array_op_[static_cast<std::size_t>(element)];
    if (op == -1 || in_group_) {
      fn();
      return;
    }
    in_group_ = true;
    Group g;
    g.op = op;
    g.index = t_.Ops()[static_cast<std::size_t>(op)].index;
    g.begin = static_cast<std::uint32_t>(p_.fields_.size());
    fn();
    g.end = static_cast<std::uint32_t>(p_.fields_.size());
    if (g.end > g.begin) p_.groups_.push_back(g);
    in_group_ = false;
  }

  // The content pieces of an element or attribute, in order.
  Range Pieces(std::int32_t owner, bool& has_static) {
    Range r;
    r.begin = static_cast<std::uint32_t>(p_.pieces_.size());
    has_static = false;
    for (std::int32_t c = doc_.at(owner).first_child; c != -1; c = doc_.at(c).next) {
      const Node& n = doc_.at(c);
      if (n.kind == NodeKind::kElement || n.kind == NodeKind::kAttribute) continue;
      Piece piece;
      if (n.kind == NodeKind::kSubstitution) {
        piece.op = static_cast<std::int32_t>(n.value.size);
        piece.index = t_.Ops()[n.value.size].index;
      } else {
        has_static = true;
        piece.begin = static_cast<std::uint32_t>(p_.text_.size());
        AppendPieceText(doc_, c, p_.text_);
        piece.end = static_cast<std::uint32_t>(p_.text_.size());
        piece.time = FileTimeOf(n.value);
      }
      p_.pieces_.push_back(piece);
    }
    r.end = static_cast<std::uint32_t>(p_.pieces_.size());
    return r;
  }

  bool HasElementChild(std::int32_t element) const {
    for (std::int32_t c = doc_.at(element).first_child; c != -1; c = doc_.at(c).next) {
      if (doc_.at(c).kind == NodeKind::kElement) return true;
    }
    return false;
  }

  Field NewField(std::int32_t owner, bool always) {
    Field f;
    f.always = always;
    f.has_element_child = doc_.at(owner).kind == NodeKind::kElement && HasElementChild(owner);
    Range r = Pieces(owner, f.has_static);
    f.begin = r.begin;
    f.end = r.end;
    return f;
  }

  // A field that exists only with content, and has none whatever the values.
  bool NeverContent(std::int32_t owner) const {
    for (std::int32_t c = doc_.at(owner).first_child; c != -1; c = doc_.at(c).next) {
      if (doc_.at(c).kind != NodeKind::kElement && doc_.at(c).kind != NodeKind::kAttribute) {
        return false;
      }
    }
    return true;
  }

  // A static name: a, or a_b when b is given.
  void AddStatic(Field f, std::string_view a, std::string_view b = {}) {
    f.name_begin = static_cast<std::uint32_t>(p_.text_.size());
    p_.text_.append(a);
    if (b.data() != nullptr) {
      p_.text_ += '_';
      p_.text_.append(b);
    }
    f.name_end = static_cast<std::uint32_t>(p_.text_.size());
    p_.fields_.push_back(f);
  }

  void AddAttributes(std::int32_t element) {
    const Node& e = doc_.at(element);
    for (std::int32_t a = e.first_attr; a != -1; a = doc_.at(a).next) {
      if (NeverContent(a)) continue;
      AddStatic(NewField(a, false), e.name, doc_.at(a).name);
    }
  }

  void Leaves(std::int32_t element) {
    InGroup(element, [&] {
      AddAttributes(element);
      if (!HasElementChild(element)) {
        AddStatic(NewField(element, true), doc_.at(element).name);
        return;
      }
      for (std::int32_t c = doc_.at(element).first_child; c != -1; c = doc_.at(c).next) {
        if (doc_.at(c).kind == NodeKind::kElement) Leaves(c);
      }
    });
  }

  void System(std::int32_t system) {
    for (std::int32_t c = doc_.at(system).first_child; c != -1; c = doc_.at(c).next) {
      if (doc_.at(c).kind != NodeKind::kElement) continue;
      InGroup(c, [&] {
        if (!NeverContent(c)) AddStatic(NewField(c, false), doc_.at(c).name);
        AddAttributes(c);
      });
    }
  }

  // <Data Name="X">: the text of its last Name attribute names the field, else "Data".
  void DataField(std::int32_t data) {
    std::int32_t name_attr = -1;
    for (std::int32_t a = doc_.at(data).first_attr; a != -1; a = doc_.at(a).next) {
      if (doc_.at(a).name == "Name") name_attr = a;
    }
    Field f = NewField(data, true);
    if (name_attr == -1) return AddStatic(f, "Data");
    bool has_static = false;
    Range r = Pieces(name_attr, has_static);
    bool all_static = true;
    for (std::uint32_t i = r.begin; i < r.end; ++i) all_static &= p_.pieces_[i].op == -1;
    if (!all_static) {
      f.dynamic_name = true;
      f.name_begin = r.begin;
      f.name_end = r.end;
      p_.fields_.push_back(f);
      return;
    }
    std::string name;  // one static name: its text, rendered once
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      name.append(p_.text_, p_.pieces_[i].begin, p_.pieces_[i].end - p_.pieces_[i].begin);
    }
    AddStatic(f, name);
  }

  void EventData(std::int32_t data) {
    for (std::int32_t c = doc_.at(data).first_child; c != -1; c = doc_.at(c).next) {
      const Node& n = doc_.at(c);
      if (n.kind != NodeKind::kElement) continue;
      if (n.name != "Data") {
        Leaves(c);
        continue;
      }
      InGroup(c, [&] { DataField(c); });
    }
  }

  void UserData(std::int32_t user) {
    for (std::int32_t c = doc_.at(user).first_child; c != -1; c = doc_.at(c).next) {
      if (doc_.at(c).kind != NodeKind::kElement) continue;
      InGroup(c, [&] {
        for (std::int32_t l = doc_.at(c).first_child; l != -1; l = doc_.at(l).next) {
          if (doc_.at(l).kind == NodeKind::kElement) Leaves(l);
        }
        AddAttributes(c);
      });
    }
  }

  // SystemTime attributes of System's TimeCreated children (TimeOf in event_fields.cpp).
  Range Times(std::int32_t system) {
    Range r;
    r.begin = static_cast<std::uint32_t>(p_.times_.size());
    for (std::int32_t c = doc_.at(system).first_child; c != -1; c = doc_.at(c).next) {
      if (doc_.at(c).name != "TimeCreated") continue;
      for (std::int32_t a = doc_.at(c).first_attr; a != -1; a = doc_.at(a).next) {
        if (doc_.at(a).name != "SystemTime" || doc_.at(a).first_child == -1) continue;
        bool has_static = false;
        p_.times_.push_back(Pieces(a, has_static));
      }
    }
    r.end = static_cast<std::uint32_t>(p_.times_.size());
    return r;
  }

  EventPlan& p_;
  const Template& t_;
  const Document& doc_;
  const std::vector<std::int32_t>& array_op_;
  bool in_group_ = false;
};

void EventPlan::Compile(const Template& t, Document& shape, bool nested) {
  ok_ = false;
  nested_ = nested;
  splices_.clear();
  text_.clear();
  pieces_.clear();
  fields_.clear();
  groups_.clear();
  repeats_.clear();
  subs_.clear();
  group_subs_.clear();
  times_.clear();
  if (!t.ok || t.Ops().empty()) return;
  // The shape: the template replayed as a Document, substitutions as nodes;
  // a nested template under a stand-in for the root element.
  shape.Clear();
  array_op_.clear();
  if (nested) {
    shape.OpenElement({});
    array_op_.push_back(-1);
  }
  std::size_t sub_ops = 0;
  for (std::size_t i = 0; i < t.Ops().size(); ++i) {
    const Op& op = t.Ops()[i];
    if (op.kind == Op::kSubstitution) {
      ++sub_ops;
      shape.AddContent(NodeKind::kSubstitution, {},
                       Value{op.value_type, static_cast<std::uint32_t>(i), nullptr});
    } else {
      ApplyOp(op, shape);
      if (op.kind == Op::kOpen && shape.too_deep()) return;
      if (nested && shape.open() == -1) return;  // would close the record's root
    }
    array_op_.resize(shape.size(), -1);
    if (op.kind == Op::kOpen) array_op_.back() = op.array_sub;
  }
  if (shape.size() > kMaxNodes) return;
  std::int32_t root = nested ? 0 : shape.root();
  if (root == -1) return;
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(shape.size()); ++i) {
    const Node& n = shape.at(i);
    if (n.kind == NodeKind::kSubstitution) {
      subs_.push_back(Sub{t.Ops()[n.value.size].index, !nested && n.parent == root});
    }
    if (n.kind != NodeKind::kElement || array_op_[static_cast<std::size_t>(i)] == -1) continue;
    // A repeated element: its nodes (attributes and their content, its own
    // content) follow it; none may be an element.
    Repeat r;
    r.index = t.Ops()[static_cast<std::size_t>(array_op_[static_cast<std::size_t>(i)])].index;
    r.subs_begin = static_cast<std::uint32_t>(group_subs_.size());
    r.static_nodes = 1;
    for (std::int32_t j = i + 1; j < static_cast<std::int32_t>(shape.size()); ++j) {
      const Node& d = shape.at(j);
      bool inside = d.parent == i || (d.parent != -1 && shape.at(d.parent).parent == i &&
                                      shape.at(d.parent).kind == NodeKind::kAttribute);
      if (!inside) break;
      if (d.kind == NodeKind::kElement) return;
      if (d.kind != NodeKind::kSubstitution) {
        ++r.static_nodes;
      } else if (static_cast<std::int32_t>(d.value.size) !=
                 array_op_[static_cast<std::size_t>(i)]) {
        group_subs_.push_back(t.Ops()[d.value.size].index);
      }
    }
    r.subs_end = static_cast<std::uint32_t>(group_subs_.size());
    repeats_.push_back(r);
  }
  // Substitutions at the top level are dropped by the builder (or, nested
  // BinXML, make elements there): not for a plan.
  if (subs_.size() != sub_ops) return;
  static_nodes_ = shape.size() - subs_.size() - (nested ? 1 : 0);
  Builder(*this, t, shape, array_op_).Root(root);
  for (Field& f : fields_) {
    f.single = f.kind == Field::kContent && !f.dynamic_name && !f.has_static &&
               !f.has_element_child && f.end - f.begin == 1;
    if (f.single) {
      f.op = pieces_[f.begin].op;
      f.index = pieces_[f.begin].index;
    }
  }
  ok_ = true;
}

bool EventPlan::Check(const std::vector<Value>& values, std::size_t& nodes) const {
  std::size_t n = static_nodes_;
  for (const Sub& sub : subs_) {
    if (sub.index >= values.size()) continue;
    const Value& v = values[sub.index];
    if (v.type == static_cast<std::uint8_t>(ValueType::kBinXml)) {
      if (!sub.splice) return false;
      continue;
    }
    n += Present(v) ? 1 : 0;
  }
  for (const Repeat& r : repeats_) {
    if (r.index >= values.size() || !IsArray(values[r.index].type)) continue;
    std::size_t items = 0;
    std::uint32_t pos = 0;
    Value item;
    while (NextArrayElement(values[r.index], pos, item)) ++items;
    if (items == 0) return false;  // the element vanishes: its parent may become a leaf
    std::size_t each = r.static_nodes + 1;
    for (std::uint32_t i = r.subs_begin; i < r.subs_end; ++i) {
      std::uint16_t index = group_subs_[i];
      each += index < values.size() && Present(values[index]) ? 1 : 0;
    }
    n += (items - 1) * each;
  }
  nodes = n;
  return n <= kMaxNodes;
}

UnixTime EventPlan::SystemTime(Range times, const std::vector<Value>& values) const {
  for (std::uint32_t t = times.begin; t < times.end; ++t) {
    for (std::uint32_t i = times_[t].begin; i < times_[t].end; ++i) {
      const Piece& piece = pieces_[i];
      if (piece.op == -1) {
        if (piece.time != kNoTime) return piece.time;
        break;
      }
      if (piece.index >= values.size() || !Present(values[piece.index])) continue;
      UnixTime time = FileTimeOf(values[piece.index]);
      if (time != kNoTime) return time;
      break;
    }
  }
  return kNoTime;
}

void EventPlan::FillField(const Field& f, const std::vector<Value>& values, std::int32_t item_op,
                          const Value* item, Event& event, std::size_t& used, std::string& scratch,
                          FieldSlots& slots) const {
  if (f.single) {
    const Value* v = f.op == item_op ? item : f.index < values.size() ? &values[f.index] : nullptr;
    bool present = v != nullptr && Present(*v);
    if (!present && !f.always) return;
    const char* name = text_.data() + f.name_begin;
    std::size_t name_size = f.name_end - f.name_begin;
    if (present && IsArray(v->type)) {
      ForEachElementText(*v, scratch, [&](std::string_view text) {
        auto& field = slots.Next(event, used);
        SetName(field.first, name, name_size);
        field.second.assign(text);
      });
      return;
    }
    auto& field = slots.Next(event, used);
    SetName(field.first, name, name_size);
    if (v != nullptr) AppendText(*v, field.second);
    return;
  }
  auto value_of = [&](const Piece& p) -> const Value* {
    if (p.op == item_op) return item;
    return p.index < values.size() ? &values[p.index] : nullptr;
  };
  std::size_t present = 0;
  const Value* last = nullptr;
  for (std::uint32_t i = f.begin; i < f.end; ++i) {
    if (pieces_[i].op == -1) continue;
    const Value* v = value_of(pieces_[i]);
    if (v != nullptr && Present(*v)) {
      ++present;
      last = v;
    }
  }
  if (!f.always && !f.has_static && present == 0) return;
  auto next_slot = [&]() -> std::pair<std::string, std::string>& {
    return slots.Next(event, used);
  };
  auto append_text = [&](std::uint32_t begin, std::uint32_t end, std::string& out) {
    for (std::uint32_t i = begin; i < end; ++i) {
      const Piece& p = pieces_[i];
      if (p.op == -1) {
        out.append(text_, p.begin, p.end - p.begin);
      } else if (const Value* v = value_of(p)) {
        AppendText(*v, out);
      }
    }
  };
  auto set_name = [&](std::string& name) {
    if (f.dynamic_name) {
      name.clear();
      append_text(f.name_begin, f.name_end, name);
    } else {
      SetName(name, text_.data() + f.name_begin, f.name_end - f.name_begin);
    }
  };
  if (!f.has_static && !f.has_element_child && present == 1 && IsArray(last->type)) {
    std::string name;
    set_name(name);
    ForEachElementText(*last, scratch, [&](std::string_view text) {
      auto& field = next_slot();
      SetName(field.first, name.data(), name.size());
      field.second.assign(text);
    });
    return;
  }
  auto& field = next_slot();
  set_name(field.first);
  append_text(f.begin, f.end, field.second);
}

void EventPlan::Fill(const std::vector<Value>& values, const Nested* nested, Event& event,
                     std::string& scratch, FieldSlots& slots) const {
  std::size_t used = 0;
  FillSteps(values, nested, event, used, scratch, slots);
  slots.Trim(event, used);
  std::string_view host = event.Get("Computer");
  event.host.assign(host.data(), host.size());
}

void EventPlan::FillSteps(const std::vector<Value>& values, const Nested* nested, Event& event,
                          std::size_t& used, std::string& scratch, FieldSlots& slots) const {
  std::size_t g = 0;
  for (std::uint32_t i = 0; i < fields_.size();) {
    const Field& f = fields_[i];
    if (f.kind == Field::kTime) {
      event.timestamp = SystemTime(Range{f.begin, f.end}, values);
      ++i;
      continue;
    }
    if (f.kind == Field::kSplice) {
      const Nested& n = nested[f.begin];
      if (n.plan != nullptr) n.plan->FillSteps(*n.values, nullptr, event, used, scratch, slots);
      ++i;
      continue;
    }
    if (g < groups_.size() && groups_[g].begin == i) {
      const Group& group = groups_[g++];
      const Value* v = group.index < values.size() ? &values[group.index] : nullptr;
      if (v != nullptr && IsArray(v->type)) {
        std::uint32_t pos = 0;
        Value item;
        while (NextArrayElement(*v, pos, item)) {
          for (std::uint32_t j = group.begin; j < group.end; ++j) {
            FillField(fields_[j], values, group.op, &item, event, used, scratch, slots);
          }
        }
        i = group.end;
        continue;
      }
    }
    FillField(f, values, -1, nullptr, event, used, scratch, slots);
    ++i;
  }
}

}  // namespace shrike::evtx_internal
