// NameDictionary: the malware family, tool and actor names that prose
// extraction recognises. A base dictionary ships in packs/common/names.tsv;
// every built-in pack extends it with its own entities (and their aliases),
// and callers may add more. Compiled once, then immutable and thread-shared.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/indicator.h"

namespace shrike {

struct NameEntry {
  IndicatorType type = IndicatorType::kMalware;  // kMalware, kTool or kActor
  std::string canonical;                         // "PsExec"
  std::vector<std::string> aliases;              // {"psexec.exe", "PSEXESVC"}
};

// A match of a name in text: [begin, end) in the text given to Find().
struct NameMatch {
  std::size_t begin = 0;
  std::size_t end = 0;
  const NameEntry* entry = nullptr;
};

class NameDictionary {
 public:
  NameDictionary();
  ~NameDictionary();
  NameDictionary(NameDictionary&&) noexcept;
  NameDictionary& operator=(NameDictionary&&) noexcept;

  // The base dictionary plus every built-in pack's malware, tools and actors.
  static const NameDictionary& Builtin();

  void Add(NameEntry entry);
  // Adds the malware, tool and actor entities of an Intel (with aliases).
  void AddEntities(const Intel& intel);
  // Parses names.tsv lines: "type<TAB>canonical<TAB>alias|alias". '#' comments.
  Status AddTsv(std::string_view tsv, const std::string& file);

  // Every whole-word, case-insensitive occurrence of a name or alias in text.
  // Linear in the text (one automaton pass). Thread-safe after construction.
  std::vector<NameMatch> Find(std::string_view text) const;

  std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shrike
