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
  std::unique_ptr<YR_RULES, YaraRulesFree> rules;     // the user's; null when none
  std::unique_ptr<YR_RULES, YaraRulesFree> pe_rules;  // the internal pe rule
  std::size_t user_rules = 0;
  bool all_files = false;  // some source is not pe_only
};

}  // namespace shrike
