#include "demo/plan.h"

#include <string_view>

namespace shrike::demo_internal {
namespace {

struct OrgRow {
  const char* id;
  const char* name;
  const char* sector;
  const char* country;
  const char* first_day;  // planted period, as the report's figure draws it
  const char* last_day;
  int workstations;
  int servers;
  int compromised;
};

// The report: media (Taiwan) for a year from 2019-08 to 2020-08 on several
// machines; construction (China, also from 2019-08) and finance (Taiwan) for
// several months; engineering (Japan) two or three days in 2019-09;
// electronics (Taiwan) a few weeks in 2020-03; the US, one machine for about
// six months.
constexpr OrgRow kOrgs[] = {
    {"tw-media", "Media company (Taiwan)", "media", "TW", "2019-08-05", "2020-08-20", 6, 2, 4},
    {"cn-build", "Construction company (China)", "construction", "CN", "2019-08-19", "2019-12-13",
     4, 1, 3},
    {"tw-fin", "Finance company (Taiwan)", "finance", "TW", "2019-10-07", "2020-02-21", 4, 1, 3},
    {"jp-eng", "Engineering company (Japan)", "engineering", "JP", "2019-09-03", "2019-09-05", 3, 1,
     2},
    {"tw-elec", "Electronics company (Taiwan)", "electronics", "TW", "2020-03-02", "2020-03-24", 3,
     1, 2},
    {"us-org", "Unknown sector (United States)", "unknown", "US", "2020-02-10", "2020-08-07", 2, 1,
     1},
};

constexpr const char* kUsers[] = {"chen.wl", "lin.yh",   "wang.jm",   "huang.sc", "tanaka.k",
                                  "sato.m",  "li.qiang", "zhang.wei", "smith.j",  "garcia.m"};

HostPlan MakeHost(const OrgRow& row, int index, std::string suffix, HostRole role, int octet) {
  HostPlan h;
  h.name = std::string(row.id) + "-" + suffix;
  h.role = role;
  h.ip = "10." + std::to_string(index) + ".0." + std::to_string(octet);
  h.user = kUsers[(index * 3 + octet) % (sizeof(kUsers) / sizeof(kUsers[0]))];
  return h;
}

std::string TwoDigits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

OrgPlan MakeOrg(const OrgRow& row, int index) {
  OrgPlan plan;
  plan.org = {row.id,
              row.name,
              row.sector,
              row.country,
              ParseIsoTime(row.first_day),
              ParseIsoTime(row.last_day),
              {}};
  plan.index = index;
  plan.compromised = row.compromised;
  for (int i = 1; i <= row.workstations; ++i) {
    plan.hosts.push_back(MakeHost(row, index, "ws" + TwoDigits(i), HostRole::kWindows, 20 + i));
  }
  for (int i = 1; i <= row.servers; ++i) {
    HostPlan h = MakeHost(row, index, "srv" + TwoDigits(i), HostRole::kWindows, 10 + i);
    h.server = true;
    h.user = "svc_backup";
    plan.hosts.push_back(h);
  }
  plan.hosts.push_back(MakeHost(row, index, "ids01", HostRole::kDnsSensor, 5));
  plan.hosts.push_back(MakeHost(row, index, "proxy01", HostRole::kProxy, 3));
  plan.hosts.push_back(MakeHost(row, index, "fw01", HostRole::kFirewall, 1));
  for (const HostPlan& h : plan.hosts) plan.org.hosts.push_back(h.name);
  return plan;
}

}  // namespace

std::vector<const HostPlan*> OrgPlan::Windows() const {
  std::vector<const HostPlan*> out;
  for (const HostPlan& h : hosts) {
    if (h.role == HostRole::kWindows) out.push_back(&h);
  }
  return out;
}

const HostPlan& OrgPlan::Network(HostRole role) const {
  for (const HostPlan& h : hosts) {
    if (h.role == role) return h;
  }
  return hosts.front();  // every plan has each network role (MakeOrg)
}

std::string OrgPlan::HostDir(const HostPlan& host) const {
  return "estate/" + org.id + "/" + host.name;
}

std::vector<OrgPlan> PlanOrganizations() {
  std::vector<OrgPlan> out;
  int index = 11;
  for (const OrgRow& row : kOrgs) out.push_back(MakeOrg(row, index++));
  return out;
}

UnixTime BackgroundStart() { return ParseIsoTime("2019-07-01"); }
UnixTime BackgroundEnd() { return ParseIsoTime("2020-09-30T23:59:59Z"); }

}  // namespace shrike::demo_internal

namespace shrike {

std::vector<DemoOrganization> DemoOrganizations() {
  std::vector<DemoOrganization> out;
  for (auto& plan : demo_internal::PlanOrganizations()) out.push_back(plan.org);
  return out;
}

}  // namespace shrike
