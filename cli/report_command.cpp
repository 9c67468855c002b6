// `shrike report FINDINGS... [--assets CSV] [--html OUT] [--json OUT]
//  [--csv OUT] [--stix OUT] [--intel SOURCE...] [--gap-days N] [--title T]`
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "shrike/report.h"

namespace shrike::cli {
namespace {

struct ReportCliOptions {
  ReportOptions report;
  double gap_days = static_cast<double>(kDefaultGapSeconds) / 86400;
  bool quiet = false;
};

int RunReportCommand(ReportCliOptions& o) {
  o.report.gap_seconds = static_cast<std::int64_t>(o.gap_days * 86400);
  Diagnostics diags;
  auto report = RunReport(o.report, diags);
  for (const Error& w : diags.warnings()) {
    std::fprintf(stderr, "shrike: warning: %s\n", w.ToString().c_str());
  }
  if (!report.ok()) {
    std::fprintf(stderr, "shrike: error: %s\n", report.error().ToString().c_str());
    return kExitError;
  }
  if (!o.quiet) std::fputs(TerminalSummary(*report).c_str(), stdout);
  return kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app, std::function<int()>* run) {
  auto o = std::make_shared<ReportCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Merge findings into timelines per organisation and host, attribution, outputs");
  cmd->add_option("findings", o->report.inputs, "NDJSON findings files (.gz too), - for stdin")
      ->required();
  cmd->add_option("--assets", o->report.assets_path,
                  "CSV with a header: host,organization,sector,country");
  cmd->add_option("--html", o->report.html_path, "Write the self-contained HTML report here");
  cmd->add_option("--json", o->report.json_path, "Write the JSON timeline here");
  cmd->add_option("--csv", o->report.csv_path, "Write the CSV timeline here");
  cmd->add_option("--stix", o->report.stix_path, "Write a STIX 2.1 bundle of sightings here");
  cmd->add_option("--intel", o->report.intel,
                  "Intel for attribution (file, folder, pack); default: the packs the findings "
                  "name, else every built-in pack");
  cmd->add_option("--gap-days", o->gap_days,
                  "A gap longer than this (days) between findings splits an activity period")
      ->check(CLI::Range(0.0, 36500.0));
  cmd->add_option("--title", o->report.title, "Title of the HTML report");
  cmd->add_flag("-q,--quiet", o->quiet, "No terminal summary");
  cmd->callback([o, run] { *run = [o] { return RunReportCommand(*o); }; });
}

}  // namespace shrike::cli
