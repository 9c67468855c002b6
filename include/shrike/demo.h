// `shrike demo`: a lab estate that re-enacts the Palmerworm report, then the
// sweep, the hunt and the report over it.
//
// GenerateDemoEstate writes, from a seed, six organisations as in the
// report's figure (periods in DemoOrganizations()), each with Windows hosts
// (a file tree and Sysmon NDJSON in winlogbeat shape) and three network hosts
// (a Zeek DNS sensor, a squid proxy, a netfilter firewall). Background
// activity holds no indicator value; the campaign's traces fall inside each
// organisation's planted period and are listed in manifest.json. Stand-in
// backdoors are random bytes whose SHA-256 the demo registers as lab
// indicators (intel/lab-intel.csv, campaign Palmerworm); when mingw-w64 and
// osslsigncode are on PATH a PsExec-like PE (renamed) and a payload signed by
// a lab "stolen" certificate are built, never executed.
//
// Same seed and scale, same bytes: every file of the estate and its mtime,
// the lab intel and the manifest are a function of (seed, scale); the lab
// keys are drawn from the seed too, so with the same mingw-w64 and
// osslsigncode the built PEs and the certificate thumbprint are the same.
//
// Layout of the output folder:
//   .shrike-demo            marker: the folder is the demo's, may be rewritten
//   assets.csv              host,organization,sector,country
//   manifest.json           organisations, planted periods, every trace
//   intel/lab-intel.csv     lab indicators (stand-in digests, lab certificate)
//   estate/<org>/<host>/files/...   file tree (swept)
//   estate/<org>/<host>/logs/...    the host's logs (hunted)
//   lab/                    PE sources, lab CA and signer (when built)
//   findings/sweep.ndjson, findings/hunt.ndjson
//   report.html
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike {

inline constexpr std::uint64_t kDemoDefaultSeed = 20200929;

struct DemoOrganization {
  std::string id;       // "tw-media": also the prefix of its host names
  std::string name;     // "Media company (Taiwan)", as the pack's victim identity
  std::string sector;   // "media"
  std::string country;  // ISO 3166-1 alpha-2
  // DemoOrganizations(): the first and last planted days (00:00 UTC); in a
  // manifest: the times of the first and last planted trace.
  UnixTime start = kNoTime;
  UnixTime end = kNoTime;
  std::vector<std::string> hosts;  // every host of the organisation
};

// The six organisations with their planted periods (the table in the code).
std::vector<DemoOrganization> DemoOrganizations();

// How a trace is expected to be found.
//   ioc         an indicator of the pack or the lab intel (found today)
//   sigma       a behaviour rule (PsExec, plink, rar, SNScan)
//   pe-version  PE version info (OriginalFilename differs from the file name)
//   pe-signer   the PE's signer is a lab "stolen" certificate indicator
struct DemoTrace {
  std::string kind;          // "c2-dns", "backdoor-file", "psexec", ...
  std::string organization;  // DemoOrganization::id
  std::string host;          // host whose files or logs hold the trace
  UnixTime time = kNoTime;   // record time, or the file's mtime
  std::string value;         // the indicator value or the telling string
  std::string path;          // file or log, relative to the output folder
  std::string detection;     // ioc, sigma, pe-version, pe-signer
};

struct DemoManifest {
  std::uint64_t seed = kDemoDefaultSeed;
  int scale = 1;
  std::vector<DemoOrganization> organizations;
  std::vector<DemoTrace> traces;
  std::vector<std::string> warnings;  // e.g. PE traces skipped for want of tools
  std::uint64_t files = 0;            // files written under estate/
  std::uint64_t log_records = 0;      // log records written (background + traces)
};

struct DemoOptions {
  std::string out_dir = "shrike-demo";
  int scale = 1;  // multiplies background log volume (1..10000)
  std::uint64_t seed = kDemoDefaultSeed;
  // Write into a non-empty folder that the demo did not make (only the
  // demo's own names in it are replaced).
  bool force = false;
  // Build the two PEs when the tools are on PATH (off: skip them with a
  // manifest warning, as when the tools are absent).
  bool build_binaries = true;
  int threads = 0;  // sweep workers; 0 = one per core
};

// Writes the estate, assets.csv, the lab intel and manifest.json. Fails
// when the folder is not the demo's and not empty (unless force), or on I/O.
Result<DemoManifest> GenerateDemoEstate(const DemoOptions& options);

// What one finding of the run says, enough to match it to the manifest.
struct DemoFinding {
  std::string host;
  UnixTime timestamp = kNoTime;
  std::string dataset;  // shrike.sweep, shrike.hunt
  std::string ruleset;  // ioc, sigma, yara
  std::string rule_name;
  std::vector<std::string> atomics;  // threat.enrichments.matched.atomic
  std::string path;                  // file.path or log.file.path
};

struct DemoRunResult {
  std::vector<DemoFinding> findings;
  std::vector<std::string> finding_files;  // NDJSON, absolute
  std::string assets_path;
  std::string report_path;  // report.html, once the report step ran
  std::string summary;      // the report's terminal table
  std::uint64_t files_swept = 0;
  std::uint64_t records_hunted = 0;
  double seconds = 0;
};

// Sweeps every Windows host's tree and hunts every host's logs of a
// generated estate with the palmerworm pack + the lab intel; writes
// findings/*.ndjson. Warnings (unreadable files, bad records) go to diags.
Result<DemoRunResult> RunDemoHunt(const std::string& out_dir, int threads, Diagnostics& diags);

// The report step: findings + assets.csv -> report.html (src/demo/demo_report.cpp).
Status WriteDemoReport(const std::string& out_dir, DemoRunResult& run, Diagnostics& diags);

// Per organisation, what the findings say: how many, first and last seen.
struct DemoOrganizationSeen {
  std::string id;
  std::uint64_t findings = 0;
  UnixTime first = kNoTime, last = kNoTime;
};
// Findings are placed by host (DemoOrganization::hosts); unknown hosts are
// not counted.
std::vector<DemoOrganizationSeen> SeenByOrganization(const std::vector<DemoOrganization>& orgs,
                                                     const std::vector<DemoFinding>& findings);

struct DemoResult {
  DemoManifest manifest;
  DemoRunResult run;
};
// The whole demo: generate, sweep and hunt, report.
Result<DemoResult> RunDemo(const DemoOptions& options, Diagnostics& diags);

}  // namespace shrike
