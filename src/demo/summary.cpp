#include <map>

#include "shrike/demo.h"

namespace shrike {

std::vector<DemoOrganizationSeen> SeenByOrganization(const std::vector<DemoOrganization>& orgs,
                                                     const std::vector<DemoFinding>& findings) {
  std::vector<DemoOrganizationSeen> out;
  std::map<std::string, std::size_t> by_host;
  for (const DemoOrganization& org : orgs) {
    for (const std::string& host : org.hosts) by_host[host] = out.size();
    out.push_back({org.id, 0, kNoTime, kNoTime});
  }
  for (const DemoFinding& f : findings) {
    auto it = by_host.find(f.host);
    if (it == by_host.end()) continue;
    DemoOrganizationSeen& seen = out[it->second];
    ++seen.findings;
    if (f.timestamp == kNoTime) continue;
    if (seen.first == kNoTime || f.timestamp < seen.first) seen.first = f.timestamp;
    if (seen.last == kNoTime || f.timestamp > seen.last) seen.last = f.timestamp;
  }
  return out;
}

Result<DemoResult> RunDemo(const DemoOptions& options, Diagnostics& diags) {
  DemoResult result;
  SHRIKE_TRY(result.manifest, GenerateDemoEstate(options));
  SHRIKE_TRY(result.run, RunDemoHunt(options.out_dir, options.threads, diags));
  SHRIKE_RETURN_IF_ERROR(WriteDemoReport(options.out_dir, result.run, diags));
  return result;
}

}  // namespace shrike
