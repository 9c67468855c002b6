// Sigma: behaviour rules over the events of `shrike hunt` (issue 6).
//
// A SigmaRuleSet is built once from YAML (files, folders, built-in packs):
// every rule becomes a predicate program over interned field ids; literal
// tests become exact/prefix/suffix/substring matchers over lower-cased
// values, `re` a Vectorscan database (linear time), long OR lists sets.
// Rules are routed by logsource (packs/common/sigma/logsources.tsv): one
// compiled variant per route, its field names translated by the route's
// field map (Security 4688 renames, zeek, proxy...). Variants are indexed by
// (dialect group, channel, event id), and a per-field Vectorscan literal
// prefilter marks the variants that could match an event, so an event meets
// only the rules that can apply to it.
//
// Rules that cannot be evaluated exactly (bad YAML, unsupported modifier,
// regex features Vectorscan lacks, unresolved placeholders) are skipped and
// listed in the SigmaLoadReport with file, line and reason; never evaluated
// approximately.
//
// Thread safety: a SigmaRuleSet is immutable after Load and may be shared by
// any number of threads; each thread owns a SigmaEvaluator (scratch space,
// correlation windows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/event.h"
#include "shrike/finding.h"
#include "shrike/hunt.h"
#include "shrike/result.h"

namespace shrike {

namespace sigma_internal {
struct RuleSetData;
class EvaluatorState;
}  // namespace sigma_internal

// Sigma levels in order; the finding severity comes from the level.
enum class SigmaLevel : std::uint8_t { kInformational, kLow, kMedium, kHigh, kCritical };
std::string_view SigmaLevelName(SigmaLevel level);
bool ParseSigmaLevel(std::string_view text, SigmaLevel& level);
int SigmaLevelSeverity(SigmaLevel level);  // 21, 47, 73, 99 (ECS-style)

// Which rules to keep. Empty lists keep everything.
struct SigmaFilter {
  SigmaLevel min_level = SigmaLevel::kInformational;
  std::vector<std::string> statuses;  // e.g. "stable", "test"
  std::vector<std::string> tags;      // a rule is kept when it has one of them
};

struct SigmaSkipped {
  Location where;  // file, line (and rule id in `record`)
  std::string title;
  std::string reason;
};

struct SigmaLoadReport {
  std::size_t files = 0;
  std::size_t documents = 0;
  std::size_t loaded = 0;        // detection and correlation rules compiled
  std::size_t correlations = 0;  // of which correlation rules
  std::size_t filtered = 0;      // left out by the SigmaFilter
  std::size_t variants = 0;      // compiled (rule, route) pairs
  std::size_t unrouted = 0;      // loaded with a logsource no route describes
  std::vector<SigmaSkipped> skipped;

  double LoadRate() const;  // loaded / (loaded + skipped), 1 when empty
  // Human summary: counts, then one line per skipped rule.
  std::string ToString() const;
};

// One YAML file's text and the name it is reported under.
struct SigmaSource {
  std::string name;
  std::string text;
};

class SigmaRuleSet {
 public:
  // Compiles rules from YAML texts (multi-document files, rule collections,
  // filters, correlations). Never fails as a whole: bad rules are reported.
  static std::shared_ptr<const SigmaRuleSet> Compile(const std::vector<SigmaSource>& sources,
                                                     const SigmaFilter& filter,
                                                     SigmaLoadReport& report);
  // Reads files, folders (recursively, *.yml / *.yaml) and built-in pack names
  // ("palmerworm" = packs/palmerworm/sigma/). Fails only for a path that
  // does not exist and is no pack.
  static Result<std::shared_ptr<const SigmaRuleSet>> Load(const std::vector<std::string>& paths,
                                                          const SigmaFilter& filter,
                                                          SigmaLoadReport& report);

  ~SigmaRuleSet();
  SigmaRuleSet(const SigmaRuleSet&) = delete;
  SigmaRuleSet& operator=(const SigmaRuleSet&) = delete;

  std::size_t size() const;  // loaded rules
  const sigma_internal::RuleSetData& data() const { return *data_; }

 private:
  explicit SigmaRuleSet(std::unique_ptr<sigma_internal::RuleSetData> data);
  std::unique_ptr<sigma_internal::RuleSetData> data_;
};

// Per-thread evaluation state over a shared rule set.
class SigmaEvaluator {
 public:
  explicit SigmaEvaluator(std::shared_ptr<const SigmaRuleSet> rules);
  ~SigmaEvaluator();
  SigmaEvaluator(const SigmaEvaluator&) = delete;
  SigmaEvaluator& operator=(const SigmaEvaluator&) = delete;

  // Evaluates every applicable rule; one finding per matching rule whose
  // `generate` is on (correlation bases are off unless they say so).
  void Evaluate(const Event& event, const std::string& path, const FindingCallback& on_finding);
  // End of input: correlations with lt / lte conditions report the groups
  // whose window holds too few (gt / gte / eq / neq fire as soon as they hold).
  void Finish(const FindingCallback& on_finding);
  // The ids of the rules that matched the last event (detection and
  // correlation), for tests.
  const std::vector<std::string>& last_matches() const;

 private:
  std::shared_ptr<const SigmaRuleSet> rules_;
  std::unique_ptr<sigma_internal::EvaluatorState> state_;
};

// The hunt's EventObserver running a SigmaEvaluator.
class SigmaObserver : public EventObserver {
 public:
  explicit SigmaObserver(std::shared_ptr<const SigmaRuleSet> rules)
      : evaluator_(std::move(rules)) {}
  void Observe(const Event& event, const std::string& path,
               const FindingCallback& on_finding) override {
    evaluator_.Evaluate(event, path, on_finding);
  }
  void Finish(const FindingCallback& on_finding) override { evaluator_.Finish(on_finding); }

 private:
  SigmaEvaluator evaluator_;
};

// The JSON of an `evtx` crate record ({"Event":{"System":{...},"EventData":
// {...}}}, as written by evtx_dump) as the Event the EVTX reader gives:
// kind kEvtx, dialect "evtx", flat System fields (Provider_Name, EventID,
// Channel, Computer, ...), EventData / UserData leaves by name.
Result<Event> EventFromEvtxJson(std::string_view json);
// Every record of a file of such objects (concatenated or one per line).
Result<std::vector<Event>> EventsFromEvtxJsonFile(std::string_view text, const std::string& file);

}  // namespace shrike
