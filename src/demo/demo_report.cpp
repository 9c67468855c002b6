// The demo's report step, kept apart so that the report stage plugs in here.
#include "shrike/demo.h"

namespace shrike {

// report: RunReport(ReportOptions{.inputs = run.finding_files,
//                                 .assets_path = run.assets_path,
//                                 .html_path = out_dir + "/report.html"}, diags);
// then run.report_path = out_dir + "/report.html". Until the report stage is
// merged this step writes nothing and leaves report_path empty.
Status WriteDemoReport(const std::string& out_dir, DemoRunResult& run, Diagnostics& diags) {
  run.report_path.clear();
  return Ok();
}

}  // namespace shrike
