// The campaign's traces in one organisation, inside its planted period:
// backdoor stand-ins dropped and run, C2 lookups and connections (seen by
// Sysmon, Zeek, the proxy and the firewall), PsExec lateral movement, plink
// tunnels, rar archives with a password, SNScan, a renamed PsExec-like PE and
// a payload signed by the lab's "stolen" certificate. Every trace goes into
// the manifest; every stand-in digest and the lab certificate into the lab
// intel.
#pragma once

#include <string>
#include <vector>

#include "demo/estate.h"
#include "shrike/demo.h"
#include "shrike/indicator.h"

namespace shrike::demo_internal {

// What the lab built before the campaign runs (lab_kit.cpp).
struct LabKit {
  bool built = false;          // the two PEs exist
  std::string psexec_like_pe;  // bytes: version info of PsExec, built by mingw-w64
  std::string signed_pe;       // bytes: signed by the lab signer
  std::string cert_sha1;       // the signer's thumbprint (lowercase hex)
  std::string cert_serial;     // the signer's serial number (lowercase hex)
};

// Plants one organisation's traces; adds them to manifest.traces and the lab
// indicators to lab_intel; sets the organisation's exact first/last trace
// times in `org`.
// `rng` drives the campaign's choices (times, values) so that they do not
// depend on the background's volume.
void PlantCampaign(Estate& estate, Rng rng, const OrgPlan& plan, const LabKit& kit,
                   DemoOrganization& org, std::vector<DemoTrace>& traces, Intel& lab_intel);

// The context of every lab indicator (campaign Palmerworm, source
// shrike-demo-lab, tag lab).
// A lab indicator of the given type and value.
Indicator LabIndicator(IndicatorType type, std::string value,
                       std::shared_ptr<const IndicatorContext> context);

std::shared_ptr<const IndicatorContext> LabContext(const std::string& family,
                                                   const std::string& description);

}  // namespace shrike::demo_internal
