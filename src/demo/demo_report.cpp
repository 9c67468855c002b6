// The demo's report step: the run's findings and the estate's assets.csv
// through `shrike report` (include/shrike/report.h), every output written
// beside the estate.
#include "shrike/demo.h"
#include "shrike/report.h"

namespace shrike {

Status WriteDemoReport(const std::string& out_dir, DemoRunResult& run, Diagnostics& diags) {
  ReportOptions options;
  options.inputs = run.finding_files;
  options.assets_path = run.assets_path;
  // The pack and the lab's own indicators: both classify evidence (the lab
  // stand-ins are custom malware of the campaign, the lab signer a stolen
  // certificate).
  options.intel = {"palmerworm", out_dir + "/intel/lab-intel.csv"};
  options.html_path = out_dir + "/report.html";
  options.json_path = out_dir + "/report.json";
  options.csv_path = out_dir + "/report.csv";
  options.stix_path = out_dir + "/report.stix.json";
  options.title = "Shrike demo: Palmerworm lab estate";
  SHRIKE_TRY(Report report, RunReport(options, diags));
  run.report_path = options.html_path;
  run.summary = TerminalSummary(report);
  return Ok();
}

}  // namespace shrike
