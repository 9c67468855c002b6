// ReadStix: parsing, pass 1 (indexing objects) and the driver.
#include "intel/stix/stix_reader.h"

#include <algorithm>

#include "intel/formats_common.h"
#include "shrike/intel_io.h"

namespace shrike {
namespace stix {

namespace dom = simdjson::dom;

std::string_view StrField(dom::object o, std::string_view key) {
  std::string_view v;
  if (o.at_key(key).get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

std::vector<std::string> StrArray(dom::object o, std::string_view key) {
  std::vector<std::string> out;
  dom::array a;
  if (o.at_key(key).get_array().get(a) != simdjson::SUCCESS) return out;
  for (dom::element e : a) {
    std::string_view s;
    if (e.get_string().get(s) == simdjson::SUCCESS) out.emplace_back(s);
  }
  return out;
}

namespace {

bool IsSco(std::string_view type) {
  static constexpr std::string_view kScos[] = {"artifact",
                                               "autonomous-system",
                                               "directory",
                                               "domain-name",
                                               "email-addr",
                                               "email-message",
                                               "file",
                                               "ipv4-addr",
                                               "ipv6-addr",
                                               "mac-addr",
                                               "mutex",
                                               "network-traffic",
                                               "process",
                                               "software",
                                               "url",
                                               "user-account",
                                               "windows-registry-key",
                                               "x509-certificate"};
  return std::find(std::begin(kScos), std::end(kScos), type) != std::end(kScos);
}

bool IsEntitySdo(std::string_view type) {
  return type == "intrusion-set" || type == "threat-actor" || type == "campaign" ||
         type == "malware" || type == "tool" || type == "attack-pattern" || type == "identity" ||
         type == "report";
}

bool IsNamedSdo(std::string_view type) {
  return type == "intrusion-set" || type == "threat-actor" || type == "malware" || type == "tool" ||
         type == "attack-pattern" || type == "vulnerability";
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

Result<Intel> StixReader::Run() {
  Location where;
  where.file = file_;
  if (parser_.allocate(std::max<std::size_t>(text_.size(), 64), kMaxJsonDepth) !=
      simdjson::SUCCESS) {
    return Error(ErrorCode::kLimit, "cannot allocate a JSON parser for the input", where);
  }
  dom::element root;
  if (auto err = parser_.parse(text_.data(), text_.size()).get(root); err != simdjson::SUCCESS) {
    // simdjson does not say where; a small structural scan does.
    where.offset = intel_internal::JsonErrorOffset(text_);
    where.has_offset = true;
    where.line = 1 + static_cast<std::uint64_t>(
                         std::count(text_.begin(), text_.begin() + where.offset, '\n'));
    where.column = where.offset - text_.substr(0, where.offset).rfind('\n');
    const char* what = where.offset >= text_.size() ? "truncated JSON: " : "invalid JSON: ";
    return Error(ErrorCode::kParse, what + std::string(simdjson::error_message(err)), where);
  }
  IndexIdOffsets();
  SHRIKE_RETURN_IF_ERROR(Collect(root));
  for (const StixRef& ref : objects_) {
    if (IsEntitySdo(ref.type)) ReadEntity(ref);
    if (IsNamedSdo(ref.type)) ReadNamedSdo(ref);
    if (ref.type == "indicator") ReadIndicatorObject(ref);
    if (ref.type == "observed-data") ReadObservedData(ref);
  }
  // Observables not already read through an observed-data (which gives context).
  for (const StixRef& ref : objects_) {
    if (IsSco(ref.type) && sco_done_.count(ref.id) == 0) ReadSco(ref, ref.obj, empty_context_);
  }
  ReadEntityRelations();
  intel_.name = file_;
  return std::move(intel_);
}

Status StixReader::Collect(dom::element root) {
  Location where;
  where.file = file_;
  dom::array items;
  dom::object obj;
  if (root.get_array().get(items) == simdjson::SUCCESS) {
    // A bare array of objects.
  } else if (root.get_object().get(obj) == simdjson::SUCCESS) {
    std::string_view type = StrField(obj, "type");
    if (type.empty()) return Error(ErrorCode::kParse, "not a STIX bundle: no \"type\"", where);
    if (type != "bundle") return AddObject(root, 0);
    where.record = std::string(StrField(obj, "id"));
    auto objects = obj.at_key("objects");
    if (objects.error() == simdjson::NO_SUCH_FIELD) return Ok();  // an empty bundle
    if (objects.get_array().get(items) != simdjson::SUCCESS) {
      return Error(ErrorCode::kParse, "STIX bundle: \"objects\" is not an array", where);
    }
  } else {
    return Error(ErrorCode::kParse, "not a STIX bundle: neither an object nor an array", where);
  }
  std::size_t index = 0;
  for (dom::element e : items) SHRIKE_RETURN_IF_ERROR(AddObject(e, index++));
  return Ok();
}

Status StixReader::AddObject(dom::element e, std::size_t index) {
  StixRef ref;
  Location where;
  where.file = file_;
  where.record = "objects[" + std::to_string(index) + "]";
  if (e.get_object().get(ref.obj) != simdjson::SUCCESS) {
    return Error(ErrorCode::kParse, "STIX object is not a JSON object", where);
  }
  ref.id = std::string(StrField(ref.obj, "id"));
  if (ref.id.empty()) ref.id = where.record;
  ref.type = std::string(StrField(ref.obj, "type"));
  auto found = id_offsets_.find(ref.id);
  if (found != id_offsets_.end()) {
    ref.offset = found->second;
    ref.line = static_cast<std::uint32_t>(
        std::upper_bound(line_starts_.begin(), line_starts_.end(), ref.offset) -
        line_starts_.begin());
  }
  if (ref.type.empty()) {
    Location at = Where(ref);
    if (at.record.empty()) at.record = where.record;
    return Error(ErrorCode::kParse, "STIX object has no \"type\"", at);
  }
  auto [it, inserted] = by_id_.emplace(ref.id, objects_.size());
  if (!inserted) {
    // Several versions of one object: keep the latest (timestamps sort as text).
    StixRef& old = objects_[it->second];
    if (StrField(ref.obj, "modified") > StrField(old.obj, "modified")) old = std::move(ref);
    return Ok();
  }
  if (ref.type == "relationship") AddRelationship(ref);
  objects_.push_back(std::move(ref));
  return Ok();
}

void StixReader::AddRelationship(const StixRef& ref) {
  StixRelationship r{std::string(StrField(ref.obj, "source_ref")),
                     std::string(StrField(ref.obj, "relationship_type")),
                     std::string(StrField(ref.obj, "target_ref"))};
  if (r.source.empty() || r.verb.empty() || r.target.empty()) {
    return Warn(ref, "relationship without source_ref, relationship_type or target_ref; ignored");
  }
  rels_from_[r.source].push_back(relationships_.size());
  rels_to_[r.target].push_back(relationships_.size());
  relationships_.push_back(std::move(r));
}

// One linear scan for `"id": "..."`, so that messages can give the line of an
// object without a search per object.
void StixReader::IndexIdOffsets() {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
  std::size_t pos = 0;
  while ((pos = text_.find("\"id\"", pos)) != std::string_view::npos) {
    std::size_t p = pos + 4;
    while (p < text_.size() && IsSpace(text_[p])) ++p;
    if (p >= text_.size() || text_[p] != ':') {
      pos += 4;
      continue;
    }
    ++p;
    while (p < text_.size() && IsSpace(text_[p])) ++p;
    if (p >= text_.size() || text_[p] != '"') {
      pos = p;
      continue;
    }
    std::size_t end = text_.find('"', p + 1);
    if (end == std::string_view::npos) return;
    id_offsets_.emplace(std::string(text_.substr(p + 1, end - p - 1)), pos);
    pos = end + 1;
  }
}

Location StixReader::Where(const StixRef& ref) const {
  Location where;
  where.file = file_;
  where.record = ref.id;
  where.line = ref.line;
  where.offset = ref.offset;
  where.has_offset = ref.line != 0;
  return where;
}

void StixReader::Warn(const StixRef& ref, std::string message) {
  diags_.Warn(Error(ErrorCode::kParse, std::move(message), Where(ref)));
}

const StixRef* StixReader::Find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &objects_[it->second];
}

std::string StixReader::NameOf(std::string_view id) const {
  const StixRef* ref = id.empty() ? nullptr : Find(id);
  return ref ? std::string(StrField(ref->obj, "name")) : std::string();
}

UnixTime StixReader::ReadTime(const StixRef& ref, dom::object o, std::string_view key) {
  std::string_view text = StrField(o, key);
  if (text.empty()) return kNoTime;
  UnixTime t = ParseIsoTime(text);
  if (t == kNoTime) Warn(ref, "invalid timestamp in \"" + std::string(key) + "\"; ignored");
  return t;
}

}  // namespace stix

Result<Intel> ReadStix(std::string_view text, const std::string& file, Diagnostics& diags) {
  return stix::StixReader(text, file, diags).Run();
}

}  // namespace shrike
