// Ordinary activity of the estate: file trees, workstation processes, DNS,
// web and firewall traffic. Nothing in it is an indicator: the domains are
// well-known services or reserved names (RFC 2606), the external addresses
// come from the documentation ranges (RFC 5737), digests are made up.
#pragma once

#include "demo/estate.h"

namespace shrike::demo_internal {

// Writes the background of one organisation; `scale` multiplies log volume.
void WriteBackground(Estate& estate, const OrgPlan& org, int scale);

}  // namespace shrike::demo_internal
