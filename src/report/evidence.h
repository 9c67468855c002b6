// Evidence classification: what kind of evidence a finding's enrichment or
// rule is (EvidenceKind), what it names (a malware family, a tool) and which
// campaigns of the intel it links to. Reads the ruleset, the indicator type
// and field, and the intel's context, so that new finding sources (PE
// signers, YARA, Sigma) fall in the right kind without code here.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "report/aggregate.h"
#include "shrike/indicator.h"
#include "shrike/report.h"

namespace shrike::report_internal {

struct CampaignInfo {
  std::string name;
  std::string actor;
  std::vector<std::string> aliases;
  UnixTime first_seen = kNoTime;
  UnixTime last_seen = kNoTime;
  std::vector<std::string> malware;        // entity names the campaign uses
  std::vector<std::string> tools;          // entity names the campaign uses
  std::vector<std::string> sectors;        // of its victims, normalised
  std::vector<std::string> countries;      // ISO codes, upper case
  std::vector<std::string> country_names;  // location names, lower case
};

struct Classified {
  EvidenceKind kind = EvidenceKind::kOther;
  std::string label;                   // malware family or tool, else rule name
  bool custom_malware = false;         // names or is an indicator of campaign malware
  bool tool = false;                   // names a dual-use tool
  std::vector<std::string> campaigns;  // campaign names it links to
  bool keep = true;                    // false: implicit evidence that named nothing
};

// The intel, indexed for classification. Holds pointers into intel: the
// Intel must outlive it.
class IntelIndex {
 public:
  explicit IntelIndex(const Intel& intel);
  Classified Classify(const EvidenceAcc& e) const;
  const std::vector<CampaignInfo>& campaigns() const { return campaigns_; }

 private:
  void IndexEntities(const Intel& intel);
  void IndexCampaigns(const Intel& intel);
  const std::string* ToolNamed(std::string_view name) const;
  const std::string* ToolInRule(std::string_view rule) const;
  const std::string* MalwareIn(std::string_view text) const;
  void Link(Classified& c, const EvidenceAcc& e, const Indicator* ind) const;

  std::unordered_map<std::string, const Indicator*> indicators_;  // lower-case value
  std::unordered_map<std::string, std::string> tools_;            // lower name/alias -> tool
  std::unordered_map<std::string, std::string> malware_;          // lower token -> family
  std::vector<CampaignInfo> campaigns_;
};

// Sector names compared across assets and intel: lower case, spaces and
// underscores as hyphens, "finance" as "financial-services".
std::string NormalizeSector(std::string_view sector);

}  // namespace shrike::report_internal
