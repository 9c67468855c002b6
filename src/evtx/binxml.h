// BinXML: the token stream of EVTX records. A chunk's templates are parsed
// once into Ops and cached; each record instantiates its template by
// replaying the Ops with its substitution values into a Document, without
// parsing the template again. A definition equal to one of an earlier chunk
// (TemplateCache: its bytes, names resolved) is not parsed at all: it takes
// the Ops and EventPlans of the first. Nested BinXML values are parsed in
// place.
//
// Safety: every read is bounds-checked against the chunk; recursion (nested
// BinXML, templates) is limited to kMaxDepth and a Document to kMaxNodes, so
// hostile input costs at most O(chunk size x kMaxDepth) work.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "evtx/document.h"
#include "evtx/event_plan.h"
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

// Applies a non-substitution op to a Document being built (inline: it runs
// once per node of every record).
inline void ApplyOp(const Op& op, Document& doc) {
  switch (op.kind) {
    case Op::kOpen: doc.OpenElement(op.name); break;
    case Op::kAttribute: doc.AddAttribute(op.name); break;
    case Op::kCloseStart: doc.EndAttributes(); break;
    case Op::kCloseEmpty:
    case Op::kEnd: doc.CloseElement(); break;
    case Op::kValue: doc.AddContent(NodeKind::kValue, {}, op.value); break;
    case Op::kCData: doc.AddContent(NodeKind::kCData, {}, op.value); break;
    case Op::kEntity: doc.AddContent(NodeKind::kEntity, op.name, {}); break;
    case Op::kCharRef: doc.AddContent(NodeKind::kCharRef, {}, op.value); break;
    case Op::kSubstitution: break;  // rejected by Token() outside templates
  }
}

struct CachedTemplate;

struct Template {
  // Its ops: parsed into ops, or those of its TemplateCache entry (shared).
  const std::vector<Op>& Ops() const { return shared != nullptr ? *shared : ops; }
  std::vector<Op> ops;
  const std::vector<Op>* shared = nullptr;
  bool ok = false;
  std::string error;
  // Its entry in the TemplateCache (ops and plans kept from chunk to chunk),
  // null when it has none (a definition that failed or leaves the chunk).
  CachedTemplate* cached = nullptr;
  // Records read as Events that used the template in this chunk, and the
  // plan they use: one compiled in an earlier chunk for the same content
  // (used from the first record), else compiled on the second use (one-off
  // templates are not worth it), kept in `cached` or, without, in own_plan.
  std::uint32_t event_uses = 0;
  const EventPlan* plan = nullptr;
  EventPlan own_plan;
};

// A template definition as met in an earlier chunk: its bytes, where they
// name names and which names, the ops parsed from them and their plans.
struct CachedTemplate {
  struct NameRef {
    std::uint32_t at = 0;     // the 4-byte name offset, from the definition's data
    bool in_place = false;    // the name follows right there (offset = at + 4)
    std::uint16_t units = 0;  // elsewhere: its UTF-16 units, in names
    std::uint32_t begin = 0;  // ... from here
  };
  std::uint64_t key = 0;         // of the GUID
  std::uint32_t chunk_size = 0;  // the chunk's size (bounds checks of names depend on it)
  std::string raw;               // the definition's data (data size bytes after the header)
  std::vector<NameRef> refs;     // every name reference, in order
  std::string names;             // UTF-16 bytes of names referenced elsewhere in the chunk
  std::vector<Op> ops;           // names and value bytes point into storage
  std::string storage;
  EventPlan plan[2];  // not nested, nested
  bool compiled[2] = {false, false};
  std::int32_t next = -1;  // entry of the same bucket
};

// Template definitions kept from chunk to chunk, so that a template met in
// an earlier chunk is neither parsed nor compiled into a plan again. A
// definition matches an entry (found by its GUID) only when it stands for
// exactly the same ops: its bytes equal the entry's except the name
// offsets (and the chain links of names stored in place), each name stored
// in place there again and each other name, read where the offset points,
// equal to the entry's, in a chunk of the same size. Parsing such bytes
// gives the same ops, so the ops and plans (EventPlan::Compile reads
// nothing but the ops) are those of the definition; a template of the same
// GUID and another definition or other names never matches. One per
// ChunkParser; entries stay valid until Trim.
struct TemplateCache {
  static constexpr std::size_t kBuckets = 1024;
  static constexpr std::size_t kMaxEntries = 4096;
  static constexpr std::size_t kMaxBytes = 32u << 20;
  static constexpr int kMaxTries = 8;  // entries of one GUID compared at most

  // Between chunks: forgets everything when the cache has grown too big
  // (hostile files with endless distinct templates).
  void Trim() {
    if (entries.size() <= kMaxEntries && bytes <= kMaxBytes) return;
    entries.clear();
    buckets.assign(kBuckets, -1);
    bytes = 0;
  }
  std::vector<std::unique_ptr<CachedTemplate>> entries;
  std::vector<std::int32_t> buckets = std::vector<std::int32_t>(kBuckets, -1);
  std::size_t bytes = 0;
};

// Bytes of a chunk filled on demand: [0, filled) are readable. Readers that
// hold the whole chunk in memory pass none.
class ChunkFill {
 public:
  virtual ~ChunkFill() = default;
  void Ensure(std::uint32_t n) {
    if (n > filled) Grow(n);
  }
  std::uint32_t filled = 0;

 protected:
  // Makes at least [0, n) readable (n is at most the chunk size).
  virtual void Grow(std::uint32_t n) = 0;
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
  void Reset(const std::uint8_t* data, std::uint32_t size, ChunkFill* fill = nullptr);

  // Parses the BinXML of a record in [begin, end) (chunk offsets) into doc.
  // On error doc holds what was read before it.
  Status ParseRecord(std::uint32_t begin, std::uint32_t end, Document& doc);

  // Reads the record in [begin, end) straight into event.fields (and its
  // timestamp and host) through its template's EventPlan, without a
  // Document. False, with nothing of event changed, when the record needs
  // ParseRecord: not one template instance, a template used for the first
  // time in this chunk (see plan_after), or values the plan cannot express.
  bool ParseEvent(std::uint32_t begin, std::uint32_t end, Event& event, std::string& scratch,
                  FieldSlots& slots);
  // Records of a template that go through ParseRecord before its plan is
  // compiled (default 1: one-off templates are not worth compiling; tests
  // use 0 to plan every record, and UINT32_MAX for never).
  void set_plan_after(std::uint32_t uses) { plan_after_ = uses; }
  // Testing: false reads every definition anew in every chunk (no
  // TemplateCache), the reference the differential tests compare against.
  void set_cache_templates(bool on) { cache_templates_ = on; }
  // Records ParseEvent has read (tests).
  std::uint64_t planned_records() const { return planned_; }
  // Templates whose plan came from an earlier chunk, and templates not
  // parsed again for a cached definition (tests).
  std::uint64_t reused_plans() const { return reused_; }
  std::uint64_t reused_templates() const { return reused_templates_; }

  std::size_t template_count() const { return templates_used_; }

 private:
  struct Cursor {
    std::uint32_t pos;
    std::uint32_t end;
  };
  bool OneInstance(Cursor c, std::uint32_t& def_offset, std::vector<Value>& values);
  bool Walk(Cursor& c, bool in_subst, Document* doc, std::vector<Op>* ops, int depth);
  bool Token(Cursor& c, std::uint8_t token, bool in_subst, Document* doc, std::vector<Op>* ops,
             int depth, bool& done);
  bool Instantiate(Cursor& c, Document& doc, int depth);
  bool TemplateHeader(Cursor& c, std::uint32_t& def_offset);
  bool ReadSubstitutions(Cursor& c, std::vector<Value>& values);
  Template& GetTemplate(std::uint32_t offset, int depth);
  // t's plan for this use (nested or not), or null: ParseRecord must read
  // it. counted: a use that counts for plan_after.
  const EventPlan* PlanFor(Template& t, bool nested, bool counted);
  // The cache entry that stands for the definition at offset (its data_size
  // bytes, all in the chunk and readable), or null.
  CachedTemplate* FindCached(std::uint64_t key, std::uint32_t offset, std::uint32_t data_size);
  CachedTemplate* AddCached(std::uint64_t key, std::uint32_t offset, std::uint32_t data_size,
                            const std::vector<Op>& ops);
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

  void Ensure(std::uint32_t n) {
    if (fill_ != nullptr) fill_->Ensure(n);
  }

  const std::uint8_t* data_ = nullptr;
  std::uint32_t size_ = 0;
  ChunkFill* fill_ = nullptr;
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
  static constexpr std::uint32_t kNoPlans = UINT32_MAX;  // plan_after_: never
  std::uint32_t plan_after_ = 1;
  std::uint64_t planned_ = 0;
  std::uint64_t reused_ = 0, reused_templates_ = 0;
  Document shape_;  // EventPlan::Compile scratch
  TemplateCache cache_;
  bool cache_templates_ = true;
  // Name references of the template definition being parsed (GetTemplate).
  bool record_refs_ = false;
  std::uint32_t refs_base_ = 0;
  std::vector<CachedTemplate::NameRef> refs_;
  std::string ref_names_;
  static constexpr std::size_t kMaxSplices = 4;
  EventPlan::Nested nested_[kMaxSplices];
};

}  // namespace shrike::evtx_internal
