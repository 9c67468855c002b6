// BinXML: the token stream of EVTX records. A chunk's templates are parsed
// once into Ops and cached; each record instantiates its template by
// replaying the Ops with its substitution values into a Document, without
// parsing the template again. Nested BinXML values are parsed in place.
//
// Safety: every read is bounds-checked against the chunk; recursion (nested
// BinXML, templates) is limited to kMaxDepth and a Document to kMaxNodes, so
// hostile input costs at most O(chunk size x kMaxDepth) work.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "evtx/document.h"
#include "evtx/values.h"
#include "shrike/result.h"

namespace shrike::evtx_internal {

inline constexpr int kMaxDepth = 12;
inline constexpr std::size_t kMaxNodes = 1 << 16;
// Nodes all records of one chunk may produce (a normal chunk makes ~20,000):
// bounds the work a hostile chunk of tiny records instantiating one huge
// template can cause.
inline constexpr std::int64_t kChunkNodeBudget = 1 << 22;

struct Op {
  enum Kind : std::uint8_t {
    kOpen,
    kAttribute,
    kCloseStart,
    kCloseEmpty,
    kEnd,
    kValue,
    kCData,
    kEntity,
    kCharRef,
    kSubstitution
  };
  Kind kind = kOpen;
  bool optional = false;        // kSubstitution
  std::uint8_t value_type = 0;  // kSubstitution
  std::uint16_t index = 0;      // kSubstitution
  // kOpen: index of the matching close op, and of the substitution that is the
  // element's only content (-1 if none). Windows repeats such an element once
  // per item when the value is an array.
  std::int32_t close = -1;
  std::int32_t array_sub = -1;
  std::string_view name;  // kOpen, kAttribute, kEntity
  Value value;            // kValue, kCData, kCharRef (code point in size)
};

struct Template {
  std::vector<Op> ops;
  bool ok = false;
  std::string error;
};

// The bytes of one chunk with its name and template caches. Not thread-safe:
// one per worker, reset per chunk; the caches keep their memory from chunk to
// chunk, so a warm parser does not allocate.
class ChunkParser {
 public:
  ChunkParser() = default;
  ChunkParser(const std::uint8_t* data, std::uint32_t size) { Reset(data, size); }
  ChunkParser(const ChunkParser&) = delete;
  ChunkParser& operator=(const ChunkParser&) = delete;

  // Starts a new chunk (size <= 64 KiB): forgets the names and templates of the last.
  void Reset(const std::uint8_t* data, std::uint32_t size);

  // Parses the BinXML of a record in [begin, end) (chunk offsets) into doc.
  // On error doc holds what was read before it.
  Status ParseRecord(std::uint32_t begin, std::uint32_t end, Document& doc);

  std::size_t template_count() const { return templates_used_; }

 private:
  struct Cursor {
    std::uint32_t pos;
    std::uint32_t end;
  };
  bool Walk(Cursor& c, bool in_subst, Document* doc, std::vector<Op>* ops, int depth);
  bool Token(Cursor& c, std::uint8_t token, bool in_subst, Document* doc, std::vector<Op>* ops,
             int depth, bool& done);
  bool Instantiate(Cursor& c, Document& doc, int depth);
  bool ReadSubstitutions(Cursor& c, std::vector<Value>& values);
  const Template& GetTemplate(std::uint32_t offset, int depth);
  bool Replay(const Template& t, const std::vector<Value>& values, Document& doc, int depth);
  bool ReplayRange(const Template& t, std::size_t begin, std::size_t end,
                   const std::vector<Value>& values, Document& doc, int depth, std::int32_t item_op,
                   const Value* item);
  bool Substitute(const Value& v, Document& doc, int depth);
  void LinkElements(Template& t);
  bool Nested(const Value& value, Document& doc, int depth);
  bool ReadName(Cursor& c, std::string_view& name);
  bool ReadOpenElement(Cursor& c, bool has_attributes, bool in_subst, std::string_view& name);
  bool Need(const Cursor& c, std::uint32_t n) {
    return (c.pos <= c.end && c.end - c.pos >= n) || Overrun(c);
  }
  bool Overrun(const Cursor& c);
  // Records the error (message and chunk offset) and returns false.
  bool Fail(const Cursor& c, std::string message);
  static void Emit(const Op& op, Document* doc, std::vector<Op>* ops);

  const std::uint8_t* data_ = nullptr;
  std::uint32_t size_ = 0;
  // Names and templates of this chunk by chunk offset: slot[offset] holds the
  // index in the store when its generation is the current one.
  struct Slot {
    std::uint32_t generation = 0;
    std::uint32_t index = 0;
  };
  static constexpr std::uint32_t kSlots = 1u << 16;
  std::vector<Slot> name_slots_, template_slots_;
  std::uint32_t generation_ = 0;
  std::deque<std::string> names_;  // deque: string_views into them stay valid
  std::size_t names_used_ = 0;
  std::deque<Template> templates_;  // deque: references stay valid while replaying
  std::size_t templates_used_ = 0;
  Template out_of_chunk_;
  std::vector<std::int32_t> link_stack_;         // LinkElements scratch
  std::vector<std::vector<Value>> value_stack_;  // substitution arrays, reused per depth
  std::string error_;                            // last failure, with its chunk offset
  std::uint32_t error_offset_ = 0;
  std::int64_t budget_ = kChunkNodeBudget;
};

}  // namespace shrike::evtx_internal
