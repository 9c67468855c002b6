// NameDictionary: every name and alias compiled into one Vectorscan literal
// database (lazily, once), scanned in one pass; word boundaries and the
// leftmost-longest choice are applied to the raw matches afterwards.
#include "shrike/names.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "core/strings.h"
#include "intel/warninglist_literals.h"
#include "shrike/packs.h"

namespace shrike {

using intel_internal::Literal;
using intel_internal::LiteralMatcher;

namespace {

// One literal to look for and the entry it names.
struct Pattern {
  Literal literal;
  std::size_t entry = 0;
};

// A name read from names.tsv: the '=' prefix (exact case) already stripped.
struct TsvName {
  std::string text;
  bool exact_case = false;
};

struct TsvEntry {
  NameEntry entry;
  std::vector<bool> exact_case;  // per name: canonical first, then each alias
};

// Word bytes are ASCII letters, digits and '_'. Bytes >= 0x80 (CJK, accented
// letters) count as boundaries so that "PsExecを使用" finds PsExec.
bool IsWordByte(char c) { return IsAlnum(c) || c == '_'; }

// A match is whole-word when the text does not continue a word at either
// edge. The check only applies where the name itself starts or ends with a
// word byte: a name ending in '.' ("Inc.") may be followed by anything.
bool IsWholeWord(std::string_view text, std::size_t begin, std::size_t end, std::string_view name) {
  if (IsWordByte(name.front()) && begin > 0 && IsWordByte(text[begin - 1])) return false;
  if (IsWordByte(name.back()) && end < text.size() && IsWordByte(text[end])) return false;
  return true;
}

// Words that name a category, not a family or tool. Packs sometimes carry
// them as aliases ("Trojan", "Hacktool"); as names they would match anywhere.
bool IsGenericWord(std::string_view name) {
  static constexpr std::string_view kGeneric[] = {
      "agent",       "backdoor",  "downloader", "dropper", "exploit", "hacktool", "implant",
      "infostealer", "keylogger", "loader",     "malware", "payload", "rat",      "ransomware",
      "rootkit",     "stealer",   "tool",       "trojan",  "virus",   "webshell", "worm"};
  std::string lower = AsciiLower(Trim(name));
  return std::find(std::begin(kGeneric), std::end(kGeneric), lower) != std::end(kGeneric);
}

// The dedupe key of a literal: case-folded unless it must match exactly.
std::string LiteralKey(const Literal& lit) {
  return lit.caseless ? "i:" + AsciiLower(lit.bytes) : "e:" + lit.bytes;
}

bool IsNameType(IndicatorType type) {
  return type == IndicatorType::kMalware || type == IndicatorType::kTool ||
         type == IndicatorType::kActor;
}

std::optional<IndicatorType> EntityNameType(EntityKind kind) {
  switch (kind) {
    case EntityKind::kMalware: return IndicatorType::kMalware;
    case EntityKind::kTool: return IndicatorType::kTool;
    case EntityKind::kActor: return IndicatorType::kActor;
    default: return std::nullopt;
  }
}

TsvName ParseTsvName(std::string_view field) {
  field = Trim(field);
  if (!field.empty() && field.front() == '=') return {std::string(Trim(field.substr(1))), true};
  return {std::string(field), false};
}

Result<TsvEntry> ParseTsvLine(std::string_view line, const Location& where) {
  auto fields = Split(line, '\t');
  if (fields.size() < 2 || fields.size() > 3) {
    return Error(ErrorCode::kParse, "expected type<TAB>canonical[<TAB>alias|alias]", where);
  }
  auto type = ParseIndicatorType(Trim(fields[0]));
  if (!type || !IsNameType(*type)) {
    return Error(
        ErrorCode::kParse,
        "unknown name type '" + std::string(Trim(fields[0])) + "' (want malware, tool or actor)",
        where);
  }
  TsvEntry out;
  out.entry.type = *type;
  TsvName canonical = ParseTsvName(fields[1]);
  if (canonical.text.empty()) return Error(ErrorCode::kParse, "empty canonical name", where);
  out.entry.canonical = canonical.text;
  out.exact_case.push_back(canonical.exact_case);
  if (fields.size() == 3) {
    for (std::string_view field : Split(fields[2], '|')) {
      TsvName alias = ParseTsvName(field);
      if (alias.text.empty()) continue;
      out.entry.aliases.push_back(alias.text);
      out.exact_case.push_back(alias.exact_case);
    }
  }
  return out;
}

}  // namespace

// The compiled form; replaced (not mutated) whenever a name is added.
struct CompiledNames {
  std::once_flag once;
  LiteralMatcher matcher;
  bool ok = true;
};

struct NameDictionary::Impl {
  std::vector<std::unique_ptr<NameEntry>> entries;  // stable addresses for NameMatch
  std::vector<Pattern> patterns;
  std::unordered_map<std::string, std::size_t> literal_to_pattern;
  // Lower-cased name -> the spelling it must match in ("plead" -> "PLEAD").
  std::unordered_map<std::string, std::string> exact_case;
  std::unique_ptr<CompiledNames> compiled = std::make_unique<CompiledNames>();

  // Drops generic words and applies an earlier exact-case rule to the same
  // name, so a pack's caseless "PLEAD" alias keeps the base file's rule.
  std::vector<Literal> Prepare(const std::vector<Literal>& names) {
    std::vector<Literal> out;
    for (Literal lit : names) {
      lit.bytes = std::string(Trim(lit.bytes));
      if (lit.bytes.empty() || IsGenericWord(lit.bytes)) continue;
      std::string lower = AsciiLower(lit.bytes);
      if (!lit.caseless) {
        exact_case.emplace(lower, lit.bytes);
      } else if (auto it = exact_case.find(lower); it != exact_case.end()) {
        lit = {it->second, false};
      }
      out.push_back(std::move(lit));
    }
    return out;
  }

  // The entry of the same type that already owns one of the names, if any.
  std::optional<std::size_t> FindOwner(IndicatorType type,
                                       const std::vector<Literal>& literals) const {
    for (const Literal& lit : literals) {
      auto it = literal_to_pattern.find(LiteralKey(lit));
      if (it == literal_to_pattern.end()) continue;
      std::size_t owner = patterns[it->second].entry;
      if (entries[owner]->type == type) return owner;
    }
    return std::nullopt;
  }

  // The latest entry to claim a literal gets it.
  void AddLiteral(const Literal& lit, std::size_t entry) {
    auto [it, inserted] = literal_to_pattern.emplace(LiteralKey(lit), patterns.size());
    if (inserted) {
      patterns.push_back({lit, entry});
    } else {
      patterns[it->second].entry = entry;
    }
  }

  static void AddAliasIfNew(NameEntry& owner, const std::string& name) {
    if (EqualsIgnoreCase(owner.canonical, name)) return;
    for (const auto& a : owner.aliases) {
      if (EqualsIgnoreCase(a, name)) return;
    }
    owner.aliases.push_back(name);
  }

  // The later name becomes canonical; the former one an alias.
  static void Rename(NameEntry& owner, const std::string& canonical) {
    if (EqualsIgnoreCase(owner.canonical, canonical)) return;
    std::string former = std::exchange(owner.canonical, canonical);
    std::erase_if(owner.aliases, [&](const auto& a) { return EqualsIgnoreCase(a, canonical); });
    AddAliasIfNew(owner, former);
  }

  // Adds an entry whose names are given as literals (canonical first). An
  // entry of the same type sharing any name absorbs the new one and takes its
  // canonical name, so a pack's "Palmerworm" (alias BlackTech) renames the
  // base "BlackTech" entry: the pack is the more specific source.
  void AddEntry(NameEntry entry, const std::vector<Literal>& names) {
    if (entry.canonical.empty()) return;
    compiled = std::make_unique<CompiledNames>();
    std::vector<Literal> literals = Prepare(names);
    std::optional<std::size_t> owner = FindOwner(entry.type, literals);
    std::size_t index = owner.value_or(entries.size());
    if (owner) {
      Rename(*entries[index], entry.canonical);
    } else {
      entry.aliases.clear();
      entries.push_back(std::make_unique<NameEntry>(std::move(entry)));
    }
    for (const Literal& lit : literals) {
      AddAliasIfNew(*entries[index], lit.bytes);
      AddLiteral(lit, index);
    }
  }

  const CompiledNames& Compiled() const {
    std::call_once(compiled->once, [this] {
      std::vector<Literal> literals;
      literals.reserve(patterns.size());
      for (const Pattern& p : patterns) literals.push_back(p.literal);
      compiled->ok = compiled->matcher.Compile(literals).ok();
    });
    return *compiled;
  }
};

NameDictionary::NameDictionary() : impl_(std::make_unique<Impl>()) {}
NameDictionary::~NameDictionary() = default;
NameDictionary::NameDictionary(NameDictionary&&) noexcept = default;
NameDictionary& NameDictionary::operator=(NameDictionary&&) noexcept = default;

void NameDictionary::Add(NameEntry entry) {
  std::vector<Literal> literals{{entry.canonical, true}};
  for (const auto& alias : entry.aliases) literals.push_back({alias, true});
  impl_->AddEntry(std::move(entry), literals);
}

void NameDictionary::AddEntities(const Intel& intel) {
  for (const Entity& e : intel.entities) {
    auto type = EntityNameType(e.kind);
    if (!type) continue;
    Add(NameEntry{*type, e.name, e.aliases});
  }
}

Status NameDictionary::AddTsv(std::string_view tsv, const std::string& file) {
  std::vector<TsvEntry> parsed;
  std::uint64_t line_no = 0;
  for (std::string_view line : Split(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    Location where;
    where.file = file;
    where.line = line_no;
    SHRIKE_TRY(TsvEntry entry, ParseTsvLine(line, where));
    parsed.push_back(std::move(entry));
  }
  // Nothing is added unless the whole file parses.
  for (TsvEntry& t : parsed) {
    std::vector<Literal> literals{{t.entry.canonical, !t.exact_case[0]}};
    for (std::size_t i = 0; i < t.entry.aliases.size(); ++i) {
      literals.push_back({t.entry.aliases[i], !t.exact_case[i + 1]});
    }
    impl_->AddEntry(std::move(t.entry), literals);
  }
  return Ok();
}

std::vector<NameMatch> NameDictionary::Find(std::string_view text) const {
  const CompiledNames& compiled = impl_->Compiled();
  std::vector<NameMatch> candidates;
  auto on_match = [&](unsigned id, std::size_t end) {
    const Pattern& p = impl_->patterns[id];
    std::size_t begin = end - p.literal.bytes.size();
    if (!IsWholeWord(text, begin, end, p.literal.bytes)) return;
    candidates.push_back({begin, end, impl_->entries[p.entry].get()});
  };
  if (!compiled.ok || !compiled.matcher.Scan(text, on_match).ok()) return {};
  // Leftmost first, longest first at the same place; then drop overlaps.
  std::sort(candidates.begin(), candidates.end(), [](const NameMatch& a, const NameMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<NameMatch> out;
  for (const NameMatch& m : candidates) {
    if (out.empty() || m.begin >= out.back().end) out.push_back(m);
  }
  return out;
}

std::size_t NameDictionary::size() const { return impl_->entries.size(); }

namespace {

NameDictionary MakeBuiltin() {
  NameDictionary dict;
  constexpr std::string_view kTsv = "common/names.tsv";
  if (auto tsv = EmbeddedPackFile(kTsv)) {
    Status st = dict.AddTsv(*tsv, "packs/" + std::string(kTsv));
    // The file ships with the binary and a test parses it; say so if it breaks.
    if (!st.ok()) std::fprintf(stderr, "shrike: %s\n", st.error().ToString().c_str());
  }
  for (const std::string& name : PackNames()) {
    Diagnostics diags;
    Result<Intel> intel = LoadPack(name, diags);
    if (intel.ok()) {
      dict.AddEntities(*intel);
    } else if (intel.error().code() != ErrorCode::kNotFound) {
      std::fprintf(stderr, "shrike: pack %s: %s\n", name.c_str(), intel.error().ToString().c_str());
    }
  }
  return dict;
}

}  // namespace

const NameDictionary& NameDictionary::Builtin() {
  static const NameDictionary dict = MakeBuiltin();
  return dict;
}

}  // namespace shrike
