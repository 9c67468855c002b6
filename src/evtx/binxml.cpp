// BinXML tokens, templates and substitutions (see binxml.h for the contract).
#include "evtx/binxml.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "evtx/bytes.h"
#include "evtx/render.h"

namespace shrike::evtx_internal {
namespace {

enum Token : std::uint8_t {
  kEof = 0x00,
  kOpenStart = 0x01,
  kCloseStart = 0x02,
  kCloseEmpty = 0x03,
  kEndElement = 0x04,
  kValueText = 0x05,
  kAttribute = 0x06,
  kCDataSection = 0x07,
  kCharRef = 0x08,
  kEntityRef = 0x09,
  kPiTarget = 0x0a,
  kPiData = 0x0b,
  kTemplateInstance = 0x0c,
  kNormalSubstitution = 0x0d,
  kOptionalSubstitution = 0x0e,
  kFragmentHeader = 0x0f,
};

constexpr std::uint8_t kMoreFlag = 0x40;

Op MakeOp(Op::Kind kind, std::string_view name = {}, Value value = {}) {
  Op op;
  op.kind = kind;
  op.name = name;
  op.value = value;
  return op;
}

}  // namespace

bool ChunkParser::Fail(const Cursor& c, std::string message) {
  error_ = std::move(message);
  error_offset_ = c.pos;
  return false;
}

bool ChunkParser::Overrun(const Cursor& c) { return Fail(c, "BinXML token runs past its data"); }

void ChunkParser::Reset(const std::uint8_t* data, std::uint32_t size, ChunkFill* fill) {
  data_ = data;
  fill_ = fill;
  size_ = std::min(size, kSlots);
  budget_ = kChunkNodeBudget;
  cache_.Trim();  // no Template of the last chunk points into it any more
  names_used_ = 0;
  templates_used_ = 0;
  if (name_slots_.empty()) {
    name_slots_.resize(kSlots);
    template_slots_.resize(kSlots);
  }
  if (++generation_ == 0) {  // wrapped: forget every old generation
    std::fill(name_slots_.begin(), name_slots_.end(), Slot{});
    std::fill(template_slots_.begin(), template_slots_.end(), Slot{});
    generation_ = 1;
  }
}

Status ChunkParser::ParseRecord(std::uint32_t begin, std::uint32_t end, Document& doc) {
  if (value_stack_.empty()) value_stack_.resize(kMaxDepth + 2);
  doc.Clear();
  Cursor c{begin, std::min(end, size_)};
  bool ok = budget_ > 0 ? Walk(c, false, &doc, nullptr, 0)
                        : Fail(c, "chunk work limit reached; rest of the chunk skipped");
  budget_ -= static_cast<std::int64_t>(doc.size()) + 1;
  doc.CloseTo(-1);
  if (ok) return Ok();
  Location where;
  where.offset = error_offset_;
  where.has_offset = true;
  return Error(ErrorCode::kParse, error_, where);
}

// A template instance's header (after its token): the definition's offset,
// and the definition itself skipped when it is inline (it is parsed from
// the offset, once per chunk).
bool ChunkParser::TemplateHeader(Cursor& c, std::uint32_t& def_offset) {
  if (!(Need(c, 9))) return false;
  def_offset = U32(data_ + c.pos + 5);
  c.pos += 9;
  if (def_offset == c.pos) {  // the definition is inline: skip it
    if (!(Need(c, 24))) return false;
    std::uint32_t data_size = U32(data_ + c.pos + 20);
    c.pos += 24;
    if (!(Need(c, data_size))) return false;
    c.pos += data_size;
  }
  return true;
}

// A record or BinXML value that is exactly one template instance: the
// template's offset, its values read into values. Anything else (or an
// error, which ParseRecord will report) is false.
bool ChunkParser::OneInstance(Cursor c, std::uint32_t& def_offset, std::vector<Value>& values) {
  // Fragment header, template instance, then EOF or the end.
  if (c.pos > c.end || c.end - c.pos < 5 || data_[c.pos] != kFragmentHeader ||
      data_[c.pos + 4] != kTemplateInstance) {
    return false;
  }
  c.pos += 5;
  if (!(TemplateHeader(c, def_offset))) return false;
  if (!(ReadSubstitutions(c, values))) return false;
  return c.pos >= c.end || data_[c.pos] == kEof;
}

bool ChunkParser::ParseEvent(std::uint32_t begin, std::uint32_t end, Event& event,
                             std::string& scratch, FieldSlots& slots) {
  if (budget_ <= 0) return false;
  if (value_stack_.empty()) value_stack_.resize(kMaxDepth + 2);
  std::uint32_t def_offset = 0;
  std::vector<Value>& values = value_stack_[0];
  if (!OneInstance(Cursor{begin, std::min(end, size_)}, def_offset, values)) return false;
  Template& t = GetTemplate(def_offset, 0);
  if (!t.ok || plan_after_ == kNoPlans) return false;
  if (PlanFor(t, false, true) == nullptr) return false;
  const EventPlan& plan = *t.plan;
  std::size_t nodes = 0;
  if (!plan.ok() || plan.nested() || !plan.Check(values, nodes)) return false;
  // BinXML values under the root (EventData, UserData): one template
  // instance each, planned as well.
  const auto& splices = plan.splices();
  if (splices.size() > kMaxSplices) return false;
  for (std::size_t i = 0; i < splices.size(); ++i) {
    nested_[i] = EventPlan::Nested{};
    if (splices[i] >= values.size() ||
        values[splices[i]].type != static_cast<std::uint8_t>(ValueType::kBinXml)) {
      continue;
    }
    const Value& v = values[splices[i]];
    auto at = static_cast<std::uint32_t>(v.data - data_);
    std::vector<Value>& inner = value_stack_[1 + i];
    std::uint32_t inner_offset = 0;
    if (!OneInstance(Cursor{at, at + v.size}, inner_offset, inner)) return false;
    Template& n = GetTemplate(inner_offset, 1);
    if (!n.ok) return false;
    PlanFor(n, true, false);
    std::size_t inner_nodes = 0;
    if (!n.plan->ok() || !n.plan->nested() || !n.plan->Check(inner, inner_nodes)) return false;
    nodes += inner_nodes;
    nested_[i] = EventPlan::Nested{n.plan, &inner};
  }
  if (nodes > kMaxNodes) return false;
  budget_ -= static_cast<std::int64_t>(nodes) + 1;
  plan.Fill(values, nested_, event, scratch, slots);
  ++planned_;
  return true;
}

const EventPlan* ChunkParser::PlanFor(Template& t, bool nested, bool counted) {
  if (t.plan != nullptr) return t.plan;
  CachedTemplate* e = t.cached;
  if (e != nullptr && e->compiled[nested]) {
    ++reused_;
    return t.plan = &e->plan[nested];
  }
  if (counted && t.event_uses++ < plan_after_) return nullptr;
  EventPlan& plan = e != nullptr ? e->plan[nested] : t.own_plan;
  plan.Compile(t, shape_, nested);
  if (e != nullptr) e->compiled[nested] = true;
  return t.plan = &plan;
}

namespace {

// memcmp(a, b, n) == 0 for the short runs FindCached compares (no call).
inline bool SameBytes(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    if (U64(a + i) != U64(b + i)) return false;
  }
  for (; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

std::uint64_t Mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

}  // namespace

CachedTemplate* ChunkParser::FindCached(std::uint64_t key, std::uint32_t offset,
                                        std::uint32_t data_size) {
  const std::uint32_t base = offset + 24;
  const std::uint8_t* def = data_ + base;
  int tries = 0;
  for (std::int32_t i = cache_.buckets[key % TemplateCache::kBuckets];
       i != -1 && tries < TemplateCache::kMaxTries;
       i = cache_.entries[static_cast<std::size_t>(i)]->next) {
    CachedTemplate& e = *cache_.entries[static_cast<std::size_t>(i)];
    if (e.key != key || e.chunk_size != size_ || e.raw.size() != data_size) continue;
    ++tries;
    const auto* raw = reinterpret_cast<const std::uint8_t*>(e.raw.data());
    std::uint32_t pos = 0;
    bool same = true;
    for (const CachedTemplate::NameRef& ref : e.refs) {
      if (ref.at < pos || !SameBytes(def + pos, raw + pos, ref.at - pos)) {
        same = false;
        break;
      }
      std::uint32_t name = U32(def + ref.at);
      bool in_place = name == base + ref.at + 4;
      if (in_place != ref.in_place) {
        same = false;
        break;
      }
      pos = ref.at + (in_place ? 8 : 4);  // in place: skip its chain link as well
      if (in_place) continue;
      // Read as ReadName reads it.
      if (name > size_ || size_ - name < 8) {
        same = false;
        break;
      }
      Ensure(name + 8);
      std::uint32_t units = U16(data_ + name + 6);
      if (units != ref.units || size_ - name < 8 + 2 * units) {
        same = false;
        break;
      }
      Ensure(name + 8 + 2 * units);
      if (!SameBytes(data_ + name + 8,
                     reinterpret_cast<const std::uint8_t*>(e.names.data()) + ref.begin,
                     2 * units)) {
        same = false;
        break;
      }
    }
    if (same && std::memcmp(def + pos, raw + pos, data_size - pos) == 0) return &e;
  }
  return nullptr;
}

CachedTemplate* ChunkParser::AddCached(std::uint64_t key, std::uint32_t offset,
                                       std::uint32_t data_size, const std::vector<Op>& ops) {
  auto entry = std::make_unique<CachedTemplate>();
  CachedTemplate& e = *entry;
  e.key = key;
  e.chunk_size = size_;
  e.raw.assign(reinterpret_cast<const char*>(data_ + offset + 24), data_size);
  e.refs = refs_;
  e.names = ref_names_;
  std::size_t bytes = 0;
  for (const Op& op : ops) bytes += op.name.size() + (op.value.data != nullptr ? op.value.size : 0);
  e.storage.reserve(bytes);  // no reallocation: the ops point into it
  e.ops = ops;
  for (Op& op : e.ops) {
    if (!op.name.empty()) {
      std::size_t at = e.storage.size();
      e.storage.append(op.name);
      op.name = std::string_view(e.storage.data() + at, op.name.size());
    }
    if (op.value.data != nullptr) {
      std::size_t at = e.storage.size();
      e.storage.append(reinterpret_cast<const char*>(op.value.data), op.value.size);
      op.value.data = reinterpret_cast<const std::uint8_t*>(e.storage.data() + at);
    }
  }
  cache_.bytes += 2 * (bytes + data_size + e.names.size()) + 3 * ops.size() * sizeof(Op) +
                  e.refs.size() * sizeof(CachedTemplate::NameRef);
  std::size_t b = key % TemplateCache::kBuckets;
  e.next = cache_.buckets[b];
  cache_.buckets[b] = static_cast<std::int32_t>(cache_.entries.size());
  cache_.entries.push_back(std::move(entry));
  return &e;
}

bool ChunkParser::Walk(Cursor& c, bool in_subst, Document* doc, std::vector<Op>* ops, int depth) {
  bool done = false;
  while (!done && c.pos < c.end) {
    std::uint8_t token = data_[c.pos++];
    if (!(Token(c, token, in_subst, doc, ops, depth, done))) return false;
    if (doc != nullptr && (doc->size() > kMaxNodes || doc->too_deep())) {
      return Fail(c, "record has too many or too deeply nested nodes");
    }
    if (ops != nullptr && ops->size() > kMaxNodes) return Fail(c, "template has too many tokens");
  }
  return true;
}

void ChunkParser::Emit(const Op& op, Document* doc, std::vector<Op>* ops) {
  if (ops != nullptr) {
    ops->push_back(op);
    return;
  }
  ApplyOp(op, *doc);
}

bool ChunkParser::Token(Cursor& c, std::uint8_t token, bool in_subst, Document* doc,
                        std::vector<Op>* ops, int depth, bool& done) {
  std::uint8_t base = token & static_cast<std::uint8_t>(~kMoreFlag);
  std::string_view name;
  switch (base) {
    case kEof: done = true; return true;
    case kOpenStart:
      if (!(ReadOpenElement(c, (token & kMoreFlag) != 0, in_subst, name))) return false;
      Emit(MakeOp(Op::kOpen, name), doc, ops);
      return true;
    case kCloseStart: Emit(MakeOp(Op::kCloseStart), doc, ops); return true;
    case kCloseEmpty: Emit(MakeOp(Op::kCloseEmpty), doc, ops); return true;
    case kEndElement: Emit(MakeOp(Op::kEnd), doc, ops); return true;
    case kValueText: {
      if (!(Need(c, 1))) return false;
      std::uint8_t type = data_[c.pos++];
      std::uint32_t n;
      if (type == static_cast<std::uint8_t>(ValueType::kString)) {
        if (!(Need(c, 2))) return false;
        n = 2u * U16(data_ + c.pos);
        c.pos += 2;
      } else {
        n = FixedSize(type);
        if (n == 0) return Fail(c, "unsupported value type in a value token");
      }
      if (!(Need(c, n))) return false;
      Emit(MakeOp(Op::kValue, {}, Value{type, n, data_ + c.pos}), doc, ops);
      c.pos += n;
      return true;
    }
    case kAttribute:
      if (!(ReadName(c, name))) return false;
      Emit(MakeOp(Op::kAttribute, name), doc, ops);
      return true;
    case kCDataSection:
    case kPiData: {
      if (!(Need(c, 2))) return false;
      std::uint32_t n = 2u * U16(data_ + c.pos);
      c.pos += 2;
      if (!(Need(c, n))) return false;
      Value v{static_cast<std::uint8_t>(ValueType::kString), n, data_ + c.pos};
      c.pos += n;
      if (base == kCDataSection) Emit(MakeOp(Op::kCData, {}, v), doc, ops);
      return true;
    }
    case kCharRef: {
      if (!(Need(c, 2))) return false;
      Value v{0, U16(data_ + c.pos), nullptr};
      c.pos += 2;
      Emit(MakeOp(Op::kCharRef, {}, v), doc, ops);
      return true;
    }
    case kEntityRef:
      if (!(ReadName(c, name))) return false;
      Emit(MakeOp(Op::kEntity, name), doc, ops);
      return true;
    case kPiTarget: return ReadName(c, name);
    case kFragmentHeader:
      if (!(Need(c, 3))) return false;
      c.pos += 3;
      return true;
    case kTemplateInstance:
      if (doc == nullptr) return Fail(c, "template instance inside a template definition");
      return Instantiate(c, *doc, depth);
    case kNormalSubstitution:
    case kOptionalSubstitution: {
      if (ops == nullptr) return Fail(c, "substitution outside a template definition");
      if (!(Need(c, 3))) return false;
      Op op = MakeOp(Op::kSubstitution);
      op.index = U16(data_ + c.pos);
      op.value_type = data_[c.pos + 2];
      op.optional = base == kOptionalSubstitution;
      c.pos += 3;
      ops->push_back(op);
      return true;
    }
    default: break;
  }
  --c.pos;
  return Fail(c, "unknown BinXML token 0x" + std::string(1, "0123456789abcdef"[token >> 4]) +
                     std::string(1, "0123456789abcdef"[token & 0xf]));
}

bool ChunkParser::ReadOpenElement(Cursor& c, bool has_attributes, bool in_subst,
                                  std::string_view& name) {
  std::uint32_t start = c.pos;
  if (!in_subst) {
    if (!(Need(c, 2))) return false;
    c.pos += 2;  // dependency identifier
  }
  if (!(Need(c, 4))) return false;
  std::uint32_t data_size = U32(data_ + c.pos);
  if (!in_subst && data_size >= size_) {
    // Some writers omit the dependency identifier; read again without it (as the evtx crate).
    c.pos = start;
    return ReadOpenElement(c, has_attributes, true, name);
  }
  c.pos += 4;
  if (!(ReadName(c, name))) return false;
  if (has_attributes) {
    if (!(Need(c, 4))) return false;
    c.pos += 4;  // attribute list size
  }
  return true;
}

bool ChunkParser::ReadName(Cursor& c, std::string_view& name) {
  if (!(Need(c, 4))) return false;
  std::uint32_t offset = U32(data_ + c.pos);
  c.pos += 4;
  if (offset > size_ || size_ - offset < 8) return Fail(c, "element name offset out of the chunk");
  Ensure(offset + 8);
  std::uint32_t units = U16(data_ + offset + 6);
  std::uint32_t bytes = 8 + 2 * units + 2;
  if (size_ - offset < bytes - 2) return Fail(c, "element name runs past the chunk");
  Ensure(offset + bytes - 2);
  if (record_refs_) {  // where the definition names which name (FindCached)
    CachedTemplate::NameRef ref;
    ref.at = c.pos - 4 - refs_base_;
    ref.in_place = offset == c.pos;
    if (!ref.in_place) {
      ref.units = static_cast<std::uint16_t>(units);
      ref.begin = static_cast<std::uint32_t>(ref_names_.size());
      ref_names_.append(reinterpret_cast<const char*>(data_ + offset + 8), 2 * units);
    }
    refs_.push_back(ref);
  }
  // offset < size_ <= kSlots here.
  Slot& slot = name_slots_[offset];
  if (slot.generation != generation_) {
    if (names_used_ == names_.size()) names_.emplace_back();
    std::string& text = names_[names_used_];
    text.clear();
    AppendUtf16(data_ + offset + 8, units, text);
    slot = Slot{generation_, static_cast<std::uint32_t>(names_used_++)};
  }
  name = names_[slot.index];
  if (offset == c.pos) {  // the name is stored inline, right here
    if (!(Need(c, bytes))) return false;
    c.pos += bytes;
  }
  return true;
}

bool ChunkParser::Instantiate(Cursor& c, Document& doc, int depth) {
  if (depth > kMaxDepth) return Fail(c, "templates nested too deeply");
  std::uint32_t def_offset = 0;
  if (!(TemplateHeader(c, def_offset))) return false;
  std::vector<Value>& values = value_stack_[static_cast<std::size_t>(depth)];
  if (!(ReadSubstitutions(c, values))) return false;
  const Template& t = GetTemplate(def_offset, depth);
  if (!t.ok)
    return Fail(c, "template at chunk offset " + std::to_string(def_offset) + ": " + t.error);
  return Replay(t, values, doc, depth);
}

bool ChunkParser::ReadSubstitutions(Cursor& c, std::vector<Value>& values) {
  values.clear();
  if (!(Need(c, 4))) return false;
  std::uint32_t count = U32(data_ + c.pos);
  c.pos += 4;
  if (count > (c.end - c.pos) / 4) return Fail(c, "substitution count runs past the record");
  std::uint32_t desc = c.pos;
  c.pos += 4 * count;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint16_t size = U16(data_ + desc + 4 * i);
    std::uint8_t type = data_[desc + 4 * i + 2];
    if (!(Need(c, size))) return false;
    if (!IsKnownType(type)) return Fail(c, "unknown substitution value type");
    values.push_back(Value{type, size, data_ + c.pos});
    c.pos += size;
  }
  return true;
}

Template& ChunkParser::GetTemplate(std::uint32_t offset, int depth) {
  if (offset > size_ || size_ - offset < 24) {
    out_of_chunk_.ok = false;
    out_of_chunk_.error = "definition out of the chunk";
    return out_of_chunk_;
  }
  Slot& slot = template_slots_[offset];
  if (slot.generation == generation_) return templates_[slot.index];
  if (templates_used_ == templates_.size()) templates_.emplace_back();
  slot = Slot{generation_, static_cast<std::uint32_t>(templates_used_)};
  Template& t = templates_[templates_used_++];
  t.ops.clear();
  t.shared = nullptr;
  t.ok = false;
  t.error.clear();
  t.event_uses = 0;
  t.plan = nullptr;
  t.cached = nullptr;
  Ensure(offset + 24);
  std::uint64_t key = Mix(U64(data_ + offset + 4), U64(data_ + offset + 12));  // the GUID
  std::uint32_t data_size = U32(data_ + offset + 20);
  bool whole = cache_templates_ && data_size <= size_ - offset - 24;
  Cursor c{offset + 24, offset + 24 + std::min(data_size, size_ - offset - 24)};
  Ensure(c.end);
  if (whole) {
    if (CachedTemplate* e = FindCached(key, offset, data_size)) {
      t.shared = &e->ops;
      t.ok = true;
      t.cached = e;
      ++reused_templates_;
      return t;
    }
  }
  refs_.clear();
  ref_names_.clear();
  record_refs_ = true;
  refs_base_ = offset + 24;
  t.ok = Walk(c, false, nullptr, &t.ops, depth);
  record_refs_ = false;
  if (!t.ok) t.error = error_;
  LinkElements(t);
  // Full (a hostile chunk of endless distinct definitions): no more until Trim.
  if (t.ok && whole && cache_.bytes <= TemplateCache::kMaxBytes &&
      cache_.entries.size() <= TemplateCache::kMaxEntries) {
    t.cached = AddCached(key, offset, data_size, t.ops);
  }
  return t;
}

// Pairs each open op with its close and notes elements whose only content is
// one substitution.
void ChunkParser::LinkElements(Template& t) {
  std::vector<std::int32_t>& open = link_stack_;
  open.clear();
  auto& ops = t.ops;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    auto id = static_cast<std::int32_t>(i);
    if (ops[i].kind == Op::kOpen) {
      open.push_back(id);
    } else if ((ops[i].kind == Op::kEnd || ops[i].kind == Op::kCloseEmpty) && !open.empty()) {
      Op& o = ops[static_cast<std::size_t>(open.back())];
      open.pop_back();
      o.close = id;
      std::size_t j = static_cast<std::size_t>(o.close);
      if (ops[i].kind == Op::kEnd && j >= 2 && ops[j - 1].kind == Op::kSubstitution &&
          ops[j - 2].kind == Op::kCloseStart) {
        o.array_sub = id - 1;
      }
    }
  }
}

bool ChunkParser::Substitute(const Value& v, Document& doc, int depth) {
  std::uint8_t base = BaseType(v.type);
  if (base == 0 || v.type == static_cast<std::uint8_t>(ValueType::kEvtHandle)) return true;
  if (v.type == static_cast<std::uint8_t>(ValueType::kBinXml)) return Nested(v, doc, depth);
  doc.AddContent(NodeKind::kValue, {}, v);
  return true;
}

bool ChunkParser::Replay(const Template& t, const std::vector<Value>& values, Document& doc,
                         int depth) {
  if (t.Ops().empty()) return true;
  return ReplayRange(t, 0, t.Ops().size() - 1, values, doc, depth, -1, nullptr);
}

// Replays ops [begin, end]; op item_op (if any) takes the value *item.
bool ChunkParser::ReplayRange(const Template& t, std::size_t begin, std::size_t end,
                              const std::vector<Value>& values, Document& doc, int depth,
                              std::int32_t item_op, const Value* item) {
  for (std::size_t i = begin; i <= end; ++i) {
    const Op& op = t.Ops()[i];
    if (op.kind == Op::kOpen && op.array_sub != -1 && item_op == -1) {
      const Op& sub = t.Ops()[static_cast<std::size_t>(op.array_sub)];
      if (sub.index < values.size() && IsArray(values[sub.index].type)) {
        const Value& array = values[sub.index];
        std::uint32_t pos = 0;
        Value element;
        while (NextArrayElement(array, pos, element)) {
          if (!(ReplayRange(t, i, static_cast<std::size_t>(op.close), values, doc, depth,
                            op.array_sub, &element)))
            return false;
          if (doc.size() > kMaxNodes) return Fail(Cursor{0, 0}, "record has too many nodes");
        }
        i = static_cast<std::size_t>(op.close);
        continue;
      }
    }
    if (op.kind != Op::kSubstitution) {
      Emit(op, &doc, nullptr);
      if (op.kind == Op::kOpen && doc.too_deep()) {
        return Fail(Cursor{0, 0}, "elements nested too deeply");
      }
      continue;
    }
    if (static_cast<std::int32_t>(i) == item_op) {
      if (!(Substitute(*item, doc, depth))) return false;
    } else if (op.index < values.size()) {
      if (!(Substitute(values[op.index], doc, depth))) return false;
    }
    if (doc.size() > kMaxNodes) return Fail(Cursor{0, 0}, "record has too many nodes");
  }
  return true;
}

bool ChunkParser::Nested(const Value& value, Document& doc, int depth) {
  if (depth + 1 > kMaxDepth) return Fail(Cursor{0, 0}, "BinXML nested too deeply");
  auto begin = static_cast<std::uint32_t>(value.data - data_);
  Cursor c{begin, begin + value.size};
  std::int32_t open = doc.open();
  bool ok = Walk(c, true, &doc, nullptr, depth + 1);
  doc.CloseTo(open);
  return ok;
}

}  // namespace shrike::evtx_internal
