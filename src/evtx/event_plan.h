// EventPlan: a template compiled into the Event fields its records give, so
// that a record read as an Event (the hunt, `evtx dump --count`) skips the
// Document: the plan says which static text and which substitution becomes
// which field (System children and attributes, EventData <Data Name=...>,
// UserData leaves), in the order BuildEventFields (event_fields.cpp) writes
// them, and the record's substitution values fill it.
//
// Contract: for every record that Check accepts, Fill gives exactly the
// Event fields, timestamp and host that BuildEventFields gives on the
// record's Document (tests/evtx_plan_test.cpp compares both on the corpora).
// Check refuses what the plan cannot express (nested BinXML values, an empty
// array in a repeated element, a record over kMaxNodes); the caller then
// builds the Document as before. A plan points into no chunk: it holds its
// own copies of names and static text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evtx/document.h"
#include "evtx/values.h"
#include "shrike/event.h"

namespace shrike::evtx_internal {

struct Template;
class FieldSlots;

class EventPlan {
 public:
  // A BinXML value spliced in: the plan of its template and its values.
  struct Nested {
    const EventPlan* plan = nullptr;  // null: the value is not BinXML
    const std::vector<Value>* values = nullptr;
  };

  // Compiles t (parsed without error); ok() tells whether the plan can stand
  // for t's records. nested: t is instantiated by a BinXML value that is a
  // child of the record's root element (Windows keeps EventData and UserData
  // so), its top-level elements being children of that root. shape is
  // scratch, reused.
  void Compile(const Template& t, Document& shape, bool nested);
  bool ok() const { return ok_; }
  bool nested() const { return nested_; }
  // Value indexes of the substitutions that are children of the root
  // element, in order: where BinXML values are spliced in (none if nested).
  const std::vector<std::uint16_t>& splices() const { return splices_; }

  // True when the plan can fill the record with these values; nodes is then
  // the size of the Document the record would have built, not counting the
  // nodes of spliced BinXML values (the caller checks those with their plans).
  bool Check(const std::vector<Value>& values, std::size_t& nodes) const;
  // Replaces event.fields (reusing their strings) and sets event.timestamp
  // when the record has a System element, and event.host. Only after Check;
  // nested[i] is splices()[i]'s value.
  void Fill(const std::vector<Value>& values, const Nested* nested, Event& event,
            std::string& scratch, FieldSlots& slots) const;

 private:
  struct Piece {                       // one content node of an element or attribute
    std::uint32_t begin = 0, end = 0;  // static: its text in text_
    std::int32_t op = -1;              // substitution: its op in the template; -1 if static
    std::uint16_t index = 0;           // substitution: the value it takes
    UnixTime time = kNoTime;           // static: its time when it is a FILETIME value
  };
  struct Field {  // what FieldSink writes for one element or attribute, in order
    enum Kind : std::uint8_t {
      kContent,  // a field
      kTime,     // a System element: the timestamp (begin, end: times_ range)
      kSplice,   // a spliced BinXML value (begin: its index in splices_)
    } kind = kContent;
    bool always = false;             // written even when empty (else only with content)
    bool has_static = false;         // a static piece is among the pieces
    bool has_element_child = false;  // the owner has child elements
    bool dynamic_name = false;       // name is the text of name pieces, else static
    // The common case, filled without looking at pieces_: a static name and
    // one substitution (op, index) as the only content.
    bool single = false;
    std::int32_t op = -1;
    std::uint16_t index = 0;
    std::uint32_t name_begin = 0, name_end = 0;  // static: text_ range; dynamic: pieces_ range
    std::uint32_t begin = 0, end = 0;            // pieces_ range
  };
  struct Group {           // fields of an element Windows repeats once per item of an array value
    std::int32_t op = -1;  // the substitution that is the element's content
    std::uint16_t index = 0;           // its value
    std::uint32_t begin = 0, end = 0;  // fields_ range
  };
  struct Repeat {  // every such element, for the node count
    std::uint16_t index = 0;
    std::uint32_t static_nodes = 0;              // element, attributes, static content
    std::uint32_t subs_begin = 0, subs_end = 0;  // its other substitutions (group_subs_)
  };
  struct Range {
    std::uint32_t begin = 0, end = 0;
  };
  class Builder;
  friend class Builder;

  struct Sub {
    std::uint16_t index = 0;
    bool splice = false;
  };
  void FillSteps(const std::vector<Value>& values, const Nested* nested, Event& event,
                 std::size_t& used, std::string& scratch, FieldSlots& slots) const;
  // Appends the field(s) of f to event; item replaces the value of op item_op.
  void FillField(const Field& f, const std::vector<Value>& values, std::int32_t item_op,
                 const Value* item, Event& event, std::size_t& used, std::string& scratch,
                 FieldSlots& slots) const;
  UnixTime SystemTime(Range times, const std::vector<Value>& values) const;

  bool ok_ = false;
  bool nested_ = false;
  std::string text_;
  std::vector<Piece> pieces_;
  std::vector<Field> fields_;
  std::vector<Group> groups_;
  std::vector<Repeat> repeats_;
  std::vector<Sub> subs_;  // every substitution node
  std::vector<std::uint16_t> splices_;
  std::vector<std::uint16_t> group_subs_;
  std::vector<Range> times_;  // SystemTime attributes of TimeCreated: pieces_ ranges
  std::size_t static_nodes_ = 0;
  std::vector<std::int32_t> array_op_;  // Compile scratch: shape node -> its Op::array_sub
};

}  // namespace shrike::evtx_internal
