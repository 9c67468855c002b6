// The estate's shape: organisations, their planted periods and hosts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shrike/demo.h"

namespace shrike::demo_internal {

enum class HostRole : std::uint8_t { kWindows, kDnsSensor, kProxy, kFirewall };

struct HostPlan {
  std::string name;
  HostRole role = HostRole::kWindows;
  std::string ip;    // 10.<org>.0.<n>
  std::string user;  // the usual user of a workstation
  bool server = false;
};

struct OrgPlan {
  DemoOrganization org;  // start/end are the first and last planted days (00:00 UTC)
  int index = 0;         // second octet of the organisation's 10/8 subnet
  int compromised = 0;   // how many of its Windows hosts the campaign reaches
  std::vector<HostPlan> hosts;

  std::vector<const HostPlan*> Windows() const;
  const HostPlan& Network(HostRole role) const;
  std::string HostDir(const HostPlan& host) const;  // estate/<org>/<host>
};

// The six organisations, in the report's order.
std::vector<OrgPlan> PlanOrganizations();

// The span of background logs: 2019-07-01 to 2020-09-30 (UTC).
UnixTime BackgroundStart();
UnixTime BackgroundEnd();

}  // namespace shrike::demo_internal
