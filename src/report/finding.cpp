#include "shrike/finding.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "core/json_writer.h"

namespace shrike {
namespace {

// Dotted ECS names written as nested objects, so that "dns.question.name" and
// "dns.type" nest under one "dns" object. A name given several times (one per
// PE signer, one per YARA tag) becomes an array of its values; a number set
// for a name replaces its strings; a name that holds a value hides any longer
// name below it. No tree is built: the names are sorted segment by segment
// and written with a stack of open objects (a finding is written per hit, so
// this is on the hunt's hot path).
struct FieldRef {
  std::string_view key;
  const std::string* text = nullptr;  // a string value, or
  std::int64_t number = 0;            // a number when text is null
  bool replace = false;               // drops the values given before (numbers always do)
};

// A growing byte buffer written through a pointer: room is made once per
// string, with no zero-filling and no size bookkeeping per byte.
class Buf {
 public:
  void Clear() { size_ = 0; }
  char* Room(std::size_t n) {
    if (cap_ - size_ < n) Grow(n);
    return data_.get() + size_;
  }
  void Commit(const char* end) { size_ = static_cast<std::size_t>(end - data_.get()); }
  void Put(char c) { *Room(1) = c, ++size_; }
  void Append(std::string_view s) {
    std::memcpy(Room(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  std::size_t size() const { return size_; }
  void Truncate(std::size_t size) { size_ = size; }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  void Grow(std::size_t n) {
    std::size_t cap = std::max({cap_ * 2, size_ + n, std::size_t{4096}});
    std::unique_ptr<char[]> data(new char[cap]);
    if (size_ != 0) std::memcpy(data.get(), data_.get(), size_);
    data_ = std::move(data);
    cap_ = cap;
  }
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, cap_ = 0;
};

// A JSON string: the common case, printable ASCII (with '"' and '\\'
// escaped), eight bytes at a time; anything else (control bytes, UTF-8) is
// left whole to JsonWriter::AppendQuoted, which gives the same bytes for
// the common case.
void AppendQuoted(Buf& out, std::string_view v) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  std::size_t start = out.size();
  char* p = out.Room(2 * v.size() + 2);  // every byte escaped with '\\', and the quotes
  auto slow = [&] {
    thread_local std::string quoted;
    quoted.clear();
    JsonWriter::AppendQuoted(quoted, v);
    out.Truncate(start);
    out.Append(quoted);
  };
  *p++ = '"';
  const char* s = v.data();
  const char* end = s + v.size();
  while (end - s >= 8) {
    std::uint64_t w;
    std::memcpy(&w, s, 8);
    std::uint64_t special = (w & kHigh) | has_zero(w & 0x6060606060606060ULL) |
                            has_zero(w ^ (kOnes * 0x7f)) | has_zero(w ^ (kOnes * '"')) |
                            has_zero(w ^ (kOnes * '\\'));
    std::memcpy(p, s, 8);
    if (special == 0) {
      p += 8;
      s += 8;
      continue;
    }
    // The lowest flagged byte is the first special one (has_zero may flag
    // bytes above a true one, never below).
    auto at = static_cast<std::size_t>(std::countr_zero(special) / 8);
    p += at;
    s += at;
    auto c = static_cast<unsigned char>(*s);
    if (c != '"' && c != '\\') return slow();
    *p++ = '\\';
    *p++ = static_cast<char>(c);
    ++s;
  }
  for (; s != end; ++s) {  // the last bytes
    auto c = static_cast<unsigned char>(*s);
    if (c < 0x20 || c >= 0x7f) return slow();
    if (c == '"' || c == '\\') *p++ = '\\';
    *p++ = static_cast<char>(c);
  }
  *p++ = '"';
  out.Commit(p);
}

// Compact JSON into a caller's buffer, without a stack of open containers:
// a value follows its key directly; a comma goes before every element of a
// container but its first, and a closed container is an element of the one
// around it.
class Out {
 public:
  explicit Out(Buf& s) : s_(s) {}
  Out& Key(std::string_view key) {
    Sep();
    AppendQuoted(s_, key);
    s_.Put(':');
    return *this;
  }
  Out& Open() { return Begin('{'); }  // after a key
  Out& OpenElement() {                // an object element of an array
    Sep();
    return Begin('{');
  }
  Out& Close() { return End('}'); }
  Out& OpenArray() { return Begin('['); }
  Out& CloseArray() { return End(']'); }
  Out& String(std::string_view value) {
    AppendQuoted(s_, value);
    return *this;
  }
  Out& Int(std::int64_t value) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    s_.Append(std::string_view(buf, static_cast<std::size_t>(end - buf)));
    return *this;
  }
  Out& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  Out& Field(std::string_view key, std::int64_t value) { return Key(key).Int(value); }
  Out& Element(std::string_view value) {  // a string element of an array
    Sep();
    return String(value);
  }
  Out& StringArray(std::string_view key, const std::vector<std::string>& values) {
    Key(key).OpenArray();
    for (const std::string& v : values) Element(v);
    return CloseArray();
  }

 private:
  void Sep() {
    if (!first_) s_.Put(',');
    first_ = false;
  }
  Out& Begin(char c) {
    s_.Put(c);
    first_ = true;
    return *this;
  }
  Out& End(char c) {
    s_.Put(c);
    first_ = false;
    return *this;
  }

  Buf& s_;
  bool first_ = true;
};

// Writes one name's values: from the last one that replaces (a number, or
// the record's place), the string or strings given since.
void WriteGroup(Out& w, const FieldRef* begin, const FieldRef* end) {
  const FieldRef* start = begin;
  for (const FieldRef* r = begin; r != end; ++r) {
    if (r->replace || r->text == nullptr) start = r;
  }
  if (start->text == nullptr) {
    if (start + 1 == end) {
      w.Int(start->number);
      return;
    }
    ++start;  // strings after a number replace it
  }
  if (end - start == 1) {
    w.String(*start->text);
    return;
  }
  w.OpenArray();
  for (const FieldRef* r = start; r != end; ++r) w.Element(*r->text);
  w.CloseArray();
}

std::size_t SegmentEnd(std::string_view key, std::size_t from) {
  std::size_t dot = key.find('.', from);
  return dot == std::string_view::npos ? key.size() : dot;
}

// Stable: names given several times keep their order. A finding's names
// come nearly sorted (the Sigma evaluator sorts an event's once), so an
// insertion sort does a pass; long unsorted lists go to std::stable_sort.
void SortRefs(std::vector<FieldRef>& refs) {
  auto less = [](const FieldRef& a, const FieldRef& b) { return FindingNameLess(a.key, b.key); };
  std::size_t moves = 0;
  for (std::size_t i = 1; i < refs.size(); ++i) {
    if (!less(refs[i], refs[i - 1])) continue;
    if (++moves > 64) {
      std::stable_sort(refs.begin(), refs.end(), less);
      return;
    }
    FieldRef r = refs[i];
    std::size_t j = i;
    for (; j > 0 && less(r, refs[j - 1]); --j) refs[j] = refs[j - 1];
    refs[j] = r;
  }
}

// Per thread, reused: the names of one finding and the open segments.
struct NestScratch {
  std::vector<FieldRef> refs;
  std::vector<std::string_view> open;  // segments of the open objects
  std::vector<std::string_view> segs;
};

void WriteNested(Out& w, NestScratch& scratch) {
  std::vector<FieldRef>& refs = scratch.refs;
  SortRefs(refs);
  std::vector<std::string_view>& open = scratch.open;
  std::vector<std::string_view>& segs = scratch.segs;
  open.clear();
  std::string_view leaf;  // the last name written as a value
  bool have_leaf = false;
  for (std::size_t g = 0; g < refs.size();) {
    std::size_t e = g + 1;
    while (e < refs.size() && refs[e].key == refs[g].key) ++e;
    std::string_view key = refs[g].key;
    if (have_leaf && key.size() > leaf.size() && key.substr(0, leaf.size()) == leaf &&
        key[leaf.size()] == '.') {
      g = e;  // below a name that holds a value
      continue;
    }
    if (key.find('.') == std::string_view::npos) {  // a top-level name: no objects
      for (; !open.empty(); open.pop_back()) w.Close();
      w.Key(key);
      WriteGroup(w, refs.data() + g, refs.data() + e);
      leaf = key;
      have_leaf = true;
      g = e;
      continue;
    }
    segs.clear();
    for (std::size_t at = 0;;) {
      std::size_t end = SegmentEnd(key, at);
      segs.push_back(key.substr(at, end - at));
      if (end == key.size()) break;
      at = end + 1;
    }
    std::size_t common = 0;
    while (common < open.size() && common + 1 < segs.size() && open[common] == segs[common])
      ++common;
    while (open.size() > common) {
      w.Close();
      open.pop_back();
    }
    for (std::size_t k = common; k + 1 < segs.size(); ++k) {
      w.Key(segs[k]).Open();
      open.push_back(segs[k]);
    }
    w.Key(segs.back());
    WriteGroup(w, refs.data() + g, refs.data() + e);
    leaf = key;
    have_leaf = true;
    g = e;
  }
  while (!open.empty()) {
    w.Close();
    open.pop_back();
  }
}

void WriteEnrichment(Out& w, const Enrichment& e) {
  w.OpenElement().Key("matched").Open();
  w.Field("atomic", e.atomic).Field("field", e.field).Field("type", "indicator_match_rule");
  w.Close();
  if (e.indicator != nullptr) {
    const IndicatorContext& c = e.indicator->ctx();
    w.Key("indicator").Open();
    w.Field("type", StixIndicatorType(*e.indicator));
    if (!c.source.empty()) w.Field("provider", c.source);
    if (c.confidence >= 0) w.Field("confidence", std::int64_t{c.confidence});
    if (!c.description.empty()) w.Field("description", c.description);
    if (c.first_seen != kNoTime) w.Field("first_seen", FormatIsoTime(c.first_seen));
    if (c.last_seen != kNoTime) w.Field("last_seen", FormatIsoTime(c.last_seen));
    w.Close();
  }
  w.Close();
}

// threat.group from the first enrichment whose indicator names an actor.
void WriteThreat(Out& w, const Finding& f) {
  w.Key("threat").Open().Key("enrichments").OpenArray();
  for (const Enrichment& e : f.enrichments) WriteEnrichment(w, e);
  w.CloseArray();
  for (const Enrichment& e : f.enrichments) {
    if (e.indicator == nullptr || e.indicator->ctx().actor.empty()) continue;
    const IndicatorContext& c = e.indicator->ctx();
    w.Key("group").Open().Field("name", c.actor);
    if (!c.aliases.empty()) w.StringArray("alias", c.aliases);
    w.Close();
    if (!c.malware_family.empty()) {
      w.Key("software").Open().Field("name", c.malware_family).Close();
    }
    break;
  }
  w.Close();
}

}  // namespace

bool FindingNameLess(std::string_view a, std::string_view b) {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    if (a[i] == '.') return true;
    if (b[i] == '.') return false;
    return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
  }
  return a.size() < b.size();
}

std::string_view StixIndicatorType(const Indicator& indicator) {
  switch (indicator.type) {
    case IndicatorType::kDomain: return "domain-name";
    case IndicatorType::kIpv4: return "ipv4-addr";
    case IndicatorType::kIpv6: return "ipv6-addr";
    case IndicatorType::kCidr:  // a STIX ipv4-addr/ipv6-addr value may be a CIDR block
      return indicator.value.find(':') == std::string::npos ? "ipv4-addr" : "ipv6-addr";
    case IndicatorType::kUrl: return "url";
    case IndicatorType::kEmail: return "email-addr";
    case IndicatorType::kCertSha1:
    case IndicatorType::kCertSha256:
    case IndicatorType::kCertSerial: return "x509-certificate";
    default: return "file";
  }
}

int CombineScores(std::vector<int> scores) {
  std::sort(scores.begin(), scores.end(), std::greater<>());
  double keep = 1.0;
  for (std::size_t i = 0; i < scores.size() && i < 62; ++i) {
    double s = std::clamp(scores[i], 0, 100) / 100.0;
    keep *= 1.0 - s / static_cast<double>(std::uint64_t{1} << i);
  }
  return static_cast<int>(std::lround(100.0 * (1.0 - keep)));
}

namespace {

void WriteFinding(const Finding& f, Buf& out) {
  thread_local NestScratch scratch;
  Out w(out);
  w.Open();
  if (f.timestamp != kNoTime) {
    // The findings of one record share its time: formatted once.
    thread_local UnixTime last_time = kNoTime;
    thread_local std::string last_text;
    if (f.timestamp != last_time) {
      last_text = FormatIsoTime(f.timestamp);
      last_time = f.timestamp;
    }
    w.Field("@timestamp", last_text);
  }
  w.Key("event").Open().Field("kind", "alert");
  if (!f.category.empty()) w.StringArray("category", f.category);
  if (!f.dataset.empty()) w.Field("dataset", f.dataset);
  w.Field("severity", std::int64_t{f.severity}).Field("risk_score", std::int64_t{f.severity});
  w.Close();
  if (!f.host.empty()) w.Key("host").Open().Field("name", f.host).Close();
  std::vector<FieldRef>& refs = scratch.refs;
  refs.clear();
  for (const auto& [key, value] : f.fields) refs.push_back({key, &value});
  for (const auto& [key, value] : f.numeric_fields) refs.push_back({key, nullptr, value});
  // The record's place replaces any field of the same name.
  if (!f.log_path.empty()) {
    refs.push_back({"log.file.path", &f.log_path, 0, true});
    refs.push_back({"log.offset", nullptr, static_cast<std::int64_t>(f.log_offset)});
    if (f.log_line != 0)
      refs.push_back({"shrike.line", nullptr, static_cast<std::int64_t>(f.log_line)});
  }
  WriteNested(w, scratch);
  if (!f.enrichments.empty()) WriteThreat(w, f);
  w.Key("rule").Open().Field("ruleset", f.rule_ruleset);
  if (!f.rule_id.empty()) w.Field("id", f.rule_id);
  if (!f.rule_name.empty()) w.Field("name", f.rule_name);
  w.Close();
  w.Close();
}

}  // namespace

void AppendFindingJson(const Finding& f, std::string& out) {
  thread_local Buf buf;
  buf.Clear();
  WriteFinding(f, buf);
  out.append(buf.view());
}

std::string FindingToJson(const Finding& f) {
  std::string out;
  AppendFindingJson(f, out);
  return out;
}

void NdjsonSink::Write(const Finding& finding) {
  thread_local Buf line;  // keeps its capacity from finding to finding
  line.Clear();
  WriteFinding(finding, line);
  line.Put('\n');
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(line.view().data(), 1, line.size(), out_);
  ++count_;
}

}  // namespace shrike
