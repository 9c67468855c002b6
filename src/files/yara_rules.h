// Internals of shrike::YaraRules shared with the per-worker scanner.
#pragma once

#include <yara.h>

#include <memory>

#include "shrike/yara.h"

namespace shrike {

// A libyara initialisation reference: yr_initialize counts its callers, and
// the last yr_finalize tears libyara down.
class YaraLibrary {
 public:
  YaraLibrary() : ok_(yr_initialize() == ERROR_SUCCESS) {}
  ~YaraLibrary() {
    if (ok_) yr_finalize();
  }
  YaraLibrary(const YaraLibrary&) = delete;
  YaraLibrary& operator=(const YaraLibrary&) = delete;
  bool ok() const { return ok_; }

 private:
  bool ok_;
};

struct YaraRulesFree {
  void operator()(YR_RULES* rules) const { yr_rules_destroy(rules); }
};

struct YaraRules::Impl {
  // Declared first: destroyed last, after the rules.
  std::unique_ptr<YaraLibrary> library;
  // The user's rules for any file; null when every source is pe_only.
  std::unique_ptr<YR_RULES, YaraRulesFree> rules;
  // The internal pe rule and the pe_only sources: scanned over MZ files.
  std::unique_ptr<YR_RULES, YaraRulesFree> pe_rules;
  std::size_t user_rules = 0;     // in both sets
  std::size_t pe_user_rules = 0;  // pe_only ones
};

}  // namespace shrike
