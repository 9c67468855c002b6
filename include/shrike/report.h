// Report: findings of any number of runs and hosts merged into a timeline per
// organisation and host, an attribution score per campaign, and the outputs
// (terminal summary, JSON, CSV, STIX 2.1 sightings, a self-contained HTML
// page with the intrusion chart).
//
// Findings are read as a stream (NDJSON written by FindingToJson, gzip too):
// memory grows with the number of hosts and distinct indicators, never with
// the number of findings. A line that is not a finding is a warning naming
// file and line, and is skipped.
//
// Times are Unix seconds (UTC); kNoTime when unknown. Every Report field is
// plain data, sorted deterministically (organisations and hosts by first
// sighting, then name), so that outputs can be golden-tested.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike {

// What a piece of evidence is. The closed set of the report's evidence table.
enum class EvidenceKind : std::uint8_t {
  kFileHash,       // a file digest of the intel (custom malware, payloads)
  kYaraFamily,     // a YARA rule (rule.ruleset "yara"), named by family
  kDualUseTool,    // a dual-use tool (PsExec, PuTTY, ...) by name, hash or PE original name
  kSigner,         // a code-signing certificate (thumbprint, serial)
  kC2Domain,       // a domain or URL of the intel
  kC2Address,      // an IPv4/IPv6 address or range of the intel
  kBehaviourRule,  // a Sigma rule (rule.ruleset "sigma")
  kFileName,       // a file name that is not a known tool
  kOther,
};
inline constexpr int kEvidenceKindCount = static_cast<int>(EvidenceKind::kOther) + 1;
// "file-hash", "yara-family", "dual-use-tool", "signer", "c2-domain",
// "c2-address", "behaviour-rule", "file-name", "other".
std::string_view EvidenceKindName(EvidenceKind kind);
// "File hash", "YARA family", ... for tables.
std::string_view EvidenceKindTitle(EvidenceKind kind);

using EvidenceCounts = std::array<std::uint64_t, kEvidenceKindCount>;

// One indicator (or rule) as seen in one host or organisation.
struct IndicatorSighting {
  EvidenceKind kind = EvidenceKind::kOther;
  std::string value;      // the matched value, or the rule name
  std::string field;      // ECS field it matched in ("dns.question.name"), or "rule.name"
  std::string stix_type;  // "file", "domain-name", ... ; empty for rules
  std::string label;      // malware family, tool or rule name when known
  std::string campaign;   // the campaign the intel links it to, when known
  std::string stix_id;    // the indicator's STIX id when the finding carried one
  UnixTime first_seen = kNoTime;
  UnixTime last_seen = kNoTime;
  std::uint64_t count = 0;  // findings (per host) that carried it
};

// A stretch of activity: no gap between consecutive findings is longer than
// the report's gap threshold.
struct ActivityPeriod {
  UnixTime start = kNoTime;
  UnixTime end = kNoTime;
  std::uint64_t findings = 0;
};

// The timeline of one host, or of one organisation (all its hosts).
// first_seen / last_seen are the earliest and latest dated findings;
// dwell_seconds = last_seen - first_seen (0 when undated).
struct Timeline {
  std::string name;          // host name, or organisation name
  std::string organization;  // for hosts: their organisation ("" when unmapped)
  std::string sector;
  std::string country;
  UnixTime first_seen = kNoTime;
  UnixTime last_seen = kNoTime;
  std::int64_t dwell_seconds = 0;
  std::uint64_t findings = 0;  // every finding, dated or not
  std::uint64_t undated = 0;   // findings without @timestamp
  std::vector<ActivityPeriod> periods;
  EvidenceCounts evidence{};                  // distinct indicators by kind
  std::vector<IndicatorSighting> indicators;  // by first sighting, then kind and value
  std::vector<std::string> hosts;             // organisations: their hosts, in timeline order
};

// One evidence category of the attribution score: weight (points out of
// 100), strength in [0, 1], contribution = weight * strength.
struct AttributionFactor {
  std::string id;     // "custom-malware", "infrastructure", "dual-use-tools", "signers",
                      // "victimology", "campaign-window"
  std::string title;  // "Custom malware"
  double weight = 0;
  double strength = 0;
  double contribution = 0;
  std::string explanation;            // how the strength was reached, in one sentence
  std::vector<std::string> evidence;  // the values that count
};

struct Attribution {
  std::string campaign;
  std::string actor;
  std::vector<std::string> aliases;
  UnixTime window_first = kNoTime;
  UnixTime window_last = kNoTime;
  std::vector<std::string> target_sectors;
  std::vector<std::string> target_countries;
  double score = 0;  // 0..100, the sum of the contributions
  std::vector<AttributionFactor> factors;
};

struct Report {
  std::vector<Timeline> organizations;    // by first sighting, then name
  std::vector<Timeline> hosts;            // by first sighting, then name
  std::vector<Attribution> attributions;  // by score, high first
  UnixTime first_seen = kNoTime;
  UnixTime last_seen = kNoTime;
  std::uint64_t findings = 0;  // findings read
  std::uint64_t skipped = 0;   // lines that were not findings
  std::int64_t gap_seconds = 0;
  std::vector<std::string> intel;  // the intel sources used for attribution
};

// Hosts without an assets row belong to this organisation.
inline constexpr std::string_view kUnassignedOrganization = "(unassigned)";
// Default gap that splits activity periods: 30 days.
inline constexpr std::int64_t kDefaultGapSeconds = 30 * 24 * 3600;

struct ReportOptions {
  std::vector<std::string> inputs;  // NDJSON findings files (.gz too), "-" for stdin
  // CSV with a header: host,organization,sector,country (any order, more
  // columns ignored; "organisation" accepted). Country: ISO 3166-1 alpha-2
  // or a country name. Host names match case-insensitively.
  std::string assets_path;
  std::string html_path, json_path, csv_path, stix_path;  // "" = not written
  std::int64_t gap_seconds = kDefaultGapSeconds;
  // Intel sources for attribution (files, folders, pack names). Empty: the
  // packs that the findings name (provider or threat group), else every
  // built-in pack.
  std::vector<std::string> intel;
  std::string title = "Shrike intrusion report";
};

// Reads every input, builds the report and writes every requested output.
// Bad lines and bad asset rows are warnings; an unreadable input, assets file
// or intel source, or an unwritable output, is an error.
Result<Report> RunReport(const ReportOptions& options, Diagnostics& diags);

// Building blocks of RunReport, for callers that hold findings in memory.
// Builds a report from NDJSON text (one or more documents, named for
// warnings) with the given assets CSV text and intel.
Result<Report> BuildReport(const std::vector<std::pair<std::string, std::string>>& documents,
                           std::string_view assets_csv, const Intel& intel,
                           std::int64_t gap_seconds, Diagnostics& diags);

// The terminal summary: organisations and hosts with first/last seen and
// dwell, then the attribution scores.
std::string TerminalSummary(const Report& report);
std::string ReportToJson(const Report& report);
// One row per organisation and per host: scope,organization,host,sector,...
std::string ReportToCsv(const Report& report);
// A STIX 2.1 bundle: identities of the organisations, the sighted indicators
// (their own id when known, else a deterministic one) and a sighting per
// organisation and indicator.
std::string ReportToStix(const Report& report);
// One self-contained HTML page: inline CSS, JS and SVG, no network.
std::string ReportToHtml(const Report& report, std::string_view title);

// "3 d 4 h", "2 h 10 min", "366 d": a dwell for people.
std::string FormatDwell(std::int64_t seconds);

}  // namespace shrike
