// YARA rules for the sweep: compiled once (libyara), shared read-only by every
// worker; each worker scans with its own YR_SCANNER (src/files/yara_scanner.h).
//
// Two compiled sets: the user's rules for any file, scanned over every file;
// and, scanned only over files starting with "MZ", an internal rule that
// imports libyara's `pe` module (never matches; it gives the PE metadata the
// sweep reports: version info, imports, Authenticode signers) together with
// the rules written for PE files only (the packs'). They are separate because
// loading the pe module costs ~0.3 ms a file (it builds the module's whole
// object tree) even for files that are not PE.
//
// Rules may use the external variables `filename`, `filepath` and `extension`
// (as LOKI and THOR rules do); the sweep sets them per file.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/result.h"

namespace shrike {

// One rule source: where it came from (a path, or "pack:palmerworm/yara/x.yar")
// and its text. Disk files keep their path so that `include` resolves.
struct YaraSource {
  std::string name;
  std::string text;
  bool on_disk = false;  // compile from `name` (includes relative to it)
  // Rules written for PE files only (the packs' rules): when every source
  // is, the sweep scans only files starting with "MZ".
  bool pe_only = false;
};

// The rule files below a path: the file itself, or every *.yar / *.yara file
// below a folder (sorted, recursively). Fails when the path cannot be read or
// a folder holds no rule file.
Result<std::vector<YaraSource>> ReadYaraSources(const std::string& path);

// The YARA rules shipped with a built-in pack (packs/<pack>/yara/*.yar), all
// pe_only; empty when the pack has none.
std::vector<YaraSource> PackYaraSources(std::string_view pack);

// Compiled rules. Immutable and thread-safe to share; copies share the same
// compiled set. Holds a libyara initialisation reference while alive.
class YaraRules {
 public:
  // Compiles the sources. Every compile error goes to diags as an Error at
  // "file:line" and the result is an error naming the first one; warnings
  // (slow rules) go to diags and the rules compile.
  static Result<YaraRules> Compile(const std::vector<YaraSource>& sources, Diagnostics& diags);
  // Only the internal PE rule: what the sweep uses without --yara.
  static Result<YaraRules> PeOnly();

  // Rules of the user (the internal PE rule not counted).
  std::size_t user_rule_count() const;
  bool has_user_rules() const { return user_rule_count() > 0; }
  // Whether any file may match (some user rule is not pe_only); else only
  // files starting with "MZ" need a scan.
  bool scans_all_files() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit YaraRules(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace shrike
