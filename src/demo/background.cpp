#include "demo/background.h"

#include <string>
#include <vector>

namespace shrike::demo_internal {
namespace {

// Per Windows host, per unit of scale.
constexpr int kSysmonRecords = 120;
// Per organisation, per unit of scale.
constexpr int kDnsRecords = 600;
constexpr int kProxyRecords = 300;
constexpr int kFirewallRecords = 300;

struct Site {
  const char* domain;
  const char* address;  // RFC 5737 documentation ranges
};

const std::vector<Site>& Sites() {
  static const std::vector<Site> kSites = {
      {"www.google.com", "198.51.100.14"},       {"www.bing.com", "198.51.100.20"},
      {"outlook.office365.com", "203.0.113.25"}, {"login.microsoftonline.com", "203.0.113.40"},
      {"www.office.com", "203.0.113.41"},        {"teams.microsoft.com", "203.0.113.52"},
      {"update.microsoft.com", "192.0.2.80"},    {"download.windowsupdate.com", "192.0.2.81"},
      {"ctldl.windowsupdate.com", "192.0.2.82"}, {"www.example.org", "192.0.2.10"},
      {"www.example.com", "192.0.2.11"},         {"docs.example.net", "192.0.2.12"},
      {"cdn.example.org", "198.51.100.90"},      {"news.example.com", "198.51.100.91"},
      {"onedrive.live.com", "203.0.113.60"},     {"ocsp.digicert.com", "198.51.100.120"},
  };
  return kSites;
}

struct Program {
  const char* image;
  const char* parent;
  const char* product;
  const char* company;
  bool network;  // makes DNS queries and connections
};

const std::vector<Program>& Programs() {
  static const std::vector<Program> kPrograms = {
      {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "C:\\Windows\\explorer.exe",
       "Google Chrome", "Google LLC", true},
      {"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
       "C:\\Windows\\explorer.exe", "Microsoft Office", "Microsoft Corporation", true},
      {"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
       "C:\\Windows\\explorer.exe", "Microsoft Office", "Microsoft Corporation", false},
      {"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
       "C:\\Windows\\explorer.exe", "Microsoft Office", "Microsoft Corporation", false},
      {"C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\System32\\services.exe",
       "Microsoft Windows Operating System", "Microsoft Corporation", true},
      {"C:\\Windows\\System32\\taskhostw.exe", "C:\\Windows\\System32\\svchost.exe",
       "Microsoft Windows Operating System", "Microsoft Corporation", false},
      {"C:\\Windows\\System32\\notepad.exe", "C:\\Windows\\explorer.exe",
       "Microsoft Windows Operating System", "Microsoft Corporation", false},
      {"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe", "C:\\Windows\\explorer.exe",
       "Microsoft OneDrive", "Microsoft Corporation", true},
  };
  return kPrograms;
}

Millis AnyTime(Rng& rng) {
  return rng.Between(BackgroundStart(), BackgroundEnd()) * 1000 + rng.Below(1000);
}

void FileTree(Estate& e, const OrgPlan& org, const HostPlan& host) {
  Rng& rng = e.rng();
  std::string home = "C:\\Users\\" + host.user + "\\";
  const std::vector<std::string> binaries = {
      "C:\\Windows\\System32\\kernel32.dll",
      "C:\\Windows\\System32\\ntdll.dll",
      "C:\\Windows\\System32\\svchost.exe",
      "C:\\Windows\\System32\\notepad.exe",
      "C:\\Windows\\explorer.exe",
      "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
  };
  for (const std::string& path : binaries) {
    e.File(org, host, path, rng.Bytes(static_cast<std::size_t>(rng.Between(4096, 65536))),
           BackgroundStart() - 86400 * rng.Between(30, 400));
  }
  const std::vector<std::string> documents = {
      "Documents\\report-2019Q3.docx",
      "Documents\\budget-2020.xlsx",
      "Documents\\minutes.txt",
      "Documents\\contacts.csv",
      "Downloads\\setup-notes.txt",
      "Desktop\\todo.txt",
      "AppData\\Local\\Temp\\~DF1A2B.tmp",
      "AppData\\Roaming\\Microsoft\\Office\\Recent\\index.dat",
  };
  for (const std::string& doc : documents) {
    std::string content = rng.Bytes(static_cast<std::size_t>(rng.Between(512, 32768)));
    if (doc.ends_with(".txt") || doc.ends_with(".csv")) {
      content = "Meeting notes for " + org.org.name + "\r\n";
      for (int i = 0, n = static_cast<int>(rng.Between(5, 60)); i < n; ++i) {
        content +=
            "- item " + std::to_string(rng.Below(1000)) + ": follow up with " + host.user + "\r\n";
      }
    }
    e.File(org, host, home + doc, std::move(content), AnyTime(rng) / 1000);
  }
  e.File(org, host, "C:\\ProgramData\\Backup\\backup.ini",
         "[backup]\r\ntarget=\\\\" + org.org.id + "-srv01\\backup$\r\nschedule=daily 02:00\r\n",
         BackgroundStart());
}

void WorkstationActivity(Estate& e, const OrgPlan& org, const HostPlan& host, int scale) {
  Rng& rng = e.rng();
  for (int i = 0; i < kSysmonRecords * scale; ++i) {
    const Program& p = rng.Pick(Programs());
    const Site& site = rng.Pick(Sites());
    Millis t = AnyTime(rng);
    std::uint64_t what = rng.Below(4);
    if (what < 2 || !p.network) {
      ProcessSpec spec;
      spec.image = p.image;
      spec.parent_image = p.parent;
      spec.product = p.product;
      spec.company = p.company;
      spec.description = p.product;
      spec.file_version = "10.0.17763.1";
      e.Process(org, host, t, spec);
    } else if (what == 2) {
      e.DnsQuery(org, host, t, p.image, site.domain, std::string("::ffff:") + site.address + ";");
    } else {
      e.Connect(org, host, t, p.image, site.address, 443, site.domain);
    }
  }
}

void NetworkActivity(Estate& e, const OrgPlan& org, int scale) {
  Rng& rng = e.rng();
  std::vector<const HostPlan*> clients = org.Windows();
  for (int i = 0; i < kDnsRecords * scale; ++i) {
    const Site& site = rng.Pick(Sites());
    bool nx = rng.Chance(3);
    e.ZeekDns(org, AnyTime(rng), *rng.Pick(clients),
              nx ? "wpad." + org.org.id + ".example" : site.domain, nx ? "" : site.address);
  }
  for (int i = 0; i < kProxyRecords * scale; ++i) {
    const Site& site = rng.Pick(Sites());
    bool tunnel = rng.Chance(70);
    std::string target = tunnel ? std::string(site.domain) + ":443"
                                : "http://" + std::string(site.domain) + "/index.html";
    e.Proxy(org, AnyTime(rng), *rng.Pick(clients), tunnel ? "CONNECT" : "GET", target, site.address,
            static_cast<int>(rng.Between(300, 900000)));
  }
  for (int i = 0; i < kFirewallRecords * scale; ++i) {
    const Site& site = rng.Pick(Sites());
    e.Firewall(org, AnyTime(rng), *rng.Pick(clients), site.address, rng.Chance(85) ? 443 : 80,
               "ACCEPT");
  }
}

}  // namespace

void WriteBackground(Estate& estate, const OrgPlan& org, int scale) {
  for (const HostPlan* host : org.Windows()) {
    FileTree(estate, org, *host);
    WorkstationActivity(estate, org, *host, scale);
  }
  NetworkActivity(estate, org, scale);
}

}  // namespace shrike::demo_internal
