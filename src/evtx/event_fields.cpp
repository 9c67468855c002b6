// Flat Event fields of a record, named as Sigma rules name them: System
// children by element name and <Element>_<Attribute>, EventData by
// <Data Name="X">, UserData by leaf element name.
#include <string_view>

#include "evtx/bytes.h"
#include "evtx/render.h"

namespace shrike::evtx_internal {
namespace {

struct FieldSink {
  const Document& doc;
  Event& event;
  std::string& scratch;
  FieldSlots& slots;
  std::string scratch_name;  // array fields only
  std::size_t used = 0;      // fields written; slots past it are reused buffers

  // The next field slot, unnamed, with an empty value to append to.
  std::pair<std::string, std::string>& NextSlot() { return slots.Next(event, used); }

  // The next field slot, named, with an empty value to append to.
  std::string& Slot(std::string_view name) {
    auto& field = NextSlot();
    field.first.assign(name);
    return field.second;
  }

  void Add(std::string_view name, std::string_view value) { Slot(name).assign(value); }

  bool IsArrayContent(std::int32_t owner) const {
    std::int32_t first = doc.at(owner).first_child;
    return first != -1 && doc.at(first).kind == NodeKind::kValue &&
           IsArray(doc.at(first).value.type) && doc.at(first).next == -1;
  }

  // One field per array element, else the element's text.
  void AddContent(std::string_view name, std::int32_t owner) {
    if (IsArrayContent(owner)) {
      ForEachElementText(doc.at(doc.at(owner).first_child).value, scratch,
                         [&](std::string_view text) { Add(name, text); });
      return;
    }
    AppendContentText(doc, owner, Slot(name));
  }

  // AddContent for a field named in place by name_fn(std::string&) (no
  // temporary name string in the common, non-array case).
  template <typename NameFn>
  void AddNamedContent(std::int32_t owner, NameFn&& name_fn) {
    if (IsArrayContent(owner)) {
      name_fn(scratch_name);
      AddContent(scratch_name, owner);
      return;
    }
    auto& field = NextSlot();
    field.first.clear();
    name_fn(field.first);
    AppendContentText(doc, owner, field.second);
  }

  void AddAttributes(std::int32_t element) {
    const Node& e = doc.at(element);
    for (std::int32_t a = e.first_attr; a != -1; a = doc.at(a).next) {
      if (!HasContent(doc, a)) continue;
      AddNamedContent(a, [&](std::string& name) {
        name.append(e.name);
        name += '_';
        name.append(doc.at(a).name);
      });
    }
  }

  bool HasElementChild(std::int32_t element) const {
    for (std::int32_t c = doc.at(element).first_child; c != -1; c = doc.at(c).next) {
      if (doc.at(c).kind == NodeKind::kElement) return true;
    }
    return false;
  }

  void Leaves(std::int32_t element) {
    AddAttributes(element);
    if (!HasElementChild(element)) {
      AddContent(doc.at(element).name, element);
      return;
    }
    for (std::int32_t c = doc.at(element).first_child; c != -1; c = doc.at(c).next) {
      if (doc.at(c).kind == NodeKind::kElement) Leaves(c);
    }
  }

  void System(std::int32_t system) {
    for (std::int32_t c = doc.at(system).first_child; c != -1; c = doc.at(c).next) {
      if (doc.at(c).kind != NodeKind::kElement) continue;
      if (HasContent(doc, c)) AddContent(doc.at(c).name, c);
      AddAttributes(c);
    }
  }

  void EventData(std::int32_t data) {
    for (std::int32_t c = doc.at(data).first_child; c != -1; c = doc.at(c).next) {
      const Node& n = doc.at(c);
      if (n.kind != NodeKind::kElement) continue;
      if (n.name != "Data") {
        Leaves(c);
        continue;
      }
      AddNamedContent(c, [&](std::string& name) {
        name.assign("Data");
        for (std::int32_t a = n.first_attr; a != -1; a = doc.at(a).next) {
          if (doc.at(a).name != "Name") continue;
          name.clear();
          AppendContentText(doc, a, name);
        }
      });
    }
  }

  void UserData(std::int32_t user) {
    for (std::int32_t c = doc.at(user).first_child; c != -1; c = doc.at(c).next) {
      if (doc.at(c).kind != NodeKind::kElement) continue;
      for (std::int32_t l = doc.at(c).first_child; l != -1; l = doc.at(l).next) {
        if (doc.at(l).kind == NodeKind::kElement) Leaves(l);
      }
      AddAttributes(c);
    }
  }
};

UnixTime TimeOf(const Document& doc, std::int32_t system) {
  for (std::int32_t c = doc.at(system).first_child; c != -1; c = doc.at(c).next) {
    if (doc.at(c).name != "TimeCreated") continue;
    for (std::int32_t a = doc.at(c).first_attr; a != -1; a = doc.at(a).next) {
      std::int32_t v = doc.at(a).first_child;
      if (doc.at(a).name != "SystemTime" || v == -1) continue;
      const Value& value = doc.at(v).value;
      if (value.type == static_cast<std::uint8_t>(ValueType::kFileTime) && value.size >= 8) {
        return static_cast<UnixTime>(U64(value.data) / 10000000) - 11644473600LL;
      }
    }
  }
  return kNoTime;
}

}  // namespace

void BuildEventFields(const Document& doc, Event& event, std::string& scratch, FieldSlots& slots) {
  std::int32_t root = doc.root();
  FieldSink sink{doc, event, scratch, slots, {}, 0};
  if (root == -1) {
    slots.Trim(event, 0);
    return;
  }
  for (std::int32_t s = doc.at(root).first_child; s != -1; s = doc.at(s).next) {
    const Node& n = doc.at(s);
    if (n.kind != NodeKind::kElement) continue;
    if (n.name == "System") {
      sink.System(s);
      event.timestamp = TimeOf(doc, s);
    } else if (n.name == "EventData") {
      sink.EventData(s);
    } else if (n.name == "UserData") {
      sink.UserData(s);
    } else if (n.name != "RenderingInfo") {
      sink.Leaves(s);
    }
  }
  slots.Trim(event, sink.used);
  std::string_view host = event.Get("Computer");
  event.host.assign(host.data(), host.size());
}

}  // namespace shrike::evtx_internal
