// RunDemoHunt: sweep every host's files, hunt every host's logs, write the
// findings as NDJSON.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <system_error>

#include "shrike/demo.h"
#include "shrike/finding.h"
#include "shrike/hunt.h"
#include "shrike/intel_io.h"
#include "shrike/intel_set.h"
#include "shrike/packs.h"
#include "shrike/sigma.h"
#include "shrike/sweep.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

struct HostDirs {
  std::string name, files, logs;  // files/logs empty when absent
};

// estate/<org>/<host>/{files,logs}, sorted.
std::vector<HostDirs> ListHosts(const std::string& out_dir) {
  std::vector<HostDirs> hosts;
  std::error_code ec;
  fs::path estate = fs::absolute(fs::path(out_dir) / "estate", ec);
  for (const auto& org : fs::directory_iterator(estate, ec)) {
    for (const auto& host : fs::directory_iterator(org.path(), ec)) {
      HostDirs h{host.path().filename().string(), "", ""};
      if (fs::is_directory(host.path() / "files", ec)) h.files = (host.path() / "files").string();
      if (fs::is_directory(host.path() / "logs", ec)) h.logs = (host.path() / "logs").string();
      hosts.push_back(std::move(h));
    }
  }
  std::sort(hosts.begin(), hosts.end(),
            [](const HostDirs& a, const HostDirs& b) { return a.name < b.name; });
  return hosts;
}

// The palmerworm pack and the lab intel the demo wrote.
Result<IntelSet> LoadDemoIntel(const std::string& out_dir, Diagnostics& diags) {
  SHRIKE_TRY(Intel intel, LoadPack("palmerworm", diags));
  SHRIKE_TRY(Intel lab, LoadIntelSource(out_dir + "/intel/lab-intel.csv", diags));
  intel.Merge(std::move(lab));
  return IntelSet::Compile(std::move(intel.indicators));
}

DemoFinding Summarize(const Finding& f) {
  DemoFinding d{f.host, f.timestamp, f.dataset, f.rule_ruleset, f.rule_name, {}, f.log_path};
  for (const Enrichment& e : f.enrichments) d.atomics.push_back(e.atomic);
  for (const auto& [name, value] : f.fields) {
    if (name == "file.path") d.path = value;
  }
  return d;
}

// One NDJSON file of findings, also kept in memory as DemoFindings.
class DemoSink {
 public:
  DemoSink(FilePtr file, std::vector<DemoFinding>& out)
      : file_(std::move(file)), sink_(file_.get()), out_(out) {}
  void Write(const Finding& f) {
    sink_.Write(f);
    std::lock_guard<std::mutex> lock(mu_);
    out_.push_back(Summarize(f));
  }

 private:
  FilePtr file_;
  NdjsonSink sink_;
  std::mutex mu_;
  std::vector<DemoFinding>& out_;
};

Result<FilePtr> OpenFindings(const std::string& path) {
  FilePtr f(std::fopen(path.c_str(), "w"));
  if (!f) {
    Location where;
    where.file = path;
    return Error(ErrorCode::kIo, "cannot write findings", where);
  }
  return f;
}

Status SweepHosts(const std::vector<HostDirs>& hosts, const IntelSet& intel, int threads,
                  DemoSink& sink, DemoRunResult& run, Diagnostics& diags) {
  std::mutex mu;
  for (const HostDirs& h : hosts) {
    if (h.files.empty()) continue;
    SweepOptions options;
    options.roots = {h.files};
    options.host = h.name;
    options.threads = threads;
    auto stats = Sweep(
        intel, options, [&](const Finding& f) { sink.Write(f); },
        [&](const Error& e) {
          std::lock_guard<std::mutex> lock(mu);
          diags.Warn(e);
        });
    if (!stats.ok()) return stats.error();
    run.files_swept += stats->files;
  }
  return Ok();
}

// The host whose logs folder holds path (estate/<org>/<host>/logs/...).
std::string HostOfLog(const std::map<std::string, std::string>& host_of, const std::string& path) {
  for (fs::path p = fs::path(path).parent_path(); !p.empty() && p != p.parent_path();
       p = p.parent_path()) {
    auto it = host_of.find(p.string());
    if (it != host_of.end()) return it->second;
  }
  return {};
}

// One hunt over every host's logs (one prefilter). Records that name no host
// (Zeek TSV) are the host's whose logs they are.
Status HuntHosts(const std::vector<HostDirs>& hosts, const IntelSet& intel, DemoSink& sink,
                 DemoRunResult& run, Diagnostics& diags) {
  std::vector<std::string> dirs;
  std::map<std::string, std::string> host_of;
  for (const HostDirs& h : hosts) {
    if (h.logs.empty()) continue;
    dirs.push_back(h.logs);
    host_of[h.logs] = h.name;
  }
  HuntOptions options;
  // The pack's behaviour rules (PsExec, plink, rar -hp, SNScan, C2 lookups)
  // over every record, beside the indicators.
  SigmaLoadReport loaded;
  SHRIKE_TRY(auto rules, SigmaRuleSet::Load({"palmerworm"}, SigmaFilter{}, loaded));
  SigmaObserver observer(rules);
  options.observer = &observer;
  auto stats = HuntPaths(
      dirs, intel, options,
      [&](const Finding& f) {
        if (!f.host.empty()) return sink.Write(f);
        Finding named = f;
        named.host = HostOfLog(host_of, f.log_path);
        sink.Write(named);
      },
      diags);
  if (!stats.ok()) return stats.error();
  run.records_hunted += stats->records;
  return Ok();
}

}  // namespace

Result<DemoRunResult> RunDemoHunt(const std::string& out_dir, int threads, Diagnostics& diags) {
  auto started = std::chrono::steady_clock::now();
  DemoRunResult run;
  SHRIKE_TRY(IntelSet intel, LoadDemoIntel(out_dir, diags));
  std::vector<HostDirs> hosts = ListHosts(out_dir);
  if (hosts.empty()) {
    return Error(ErrorCode::kNotFound, "no estate/<org>/<host> folders in " + out_dir);
  }
  std::error_code ec;
  fs::create_directories(out_dir + "/findings", ec);
  std::string sweep_path = fs::absolute(out_dir + "/findings/sweep.ndjson", ec).string();
  std::string hunt_path = fs::absolute(out_dir + "/findings/hunt.ndjson", ec).string();
  {
    SHRIKE_TRY(FilePtr file, OpenFindings(sweep_path));
    DemoSink sink(std::move(file), run.findings);
    SHRIKE_RETURN_IF_ERROR(SweepHosts(hosts, intel, threads, sink, run, diags));
  }
  {
    SHRIKE_TRY(FilePtr file, OpenFindings(hunt_path));
    DemoSink sink(std::move(file), run.findings);
    SHRIKE_RETURN_IF_ERROR(HuntHosts(hosts, intel, sink, run, diags));
  }
  run.finding_files = {sweep_path, hunt_path};
  run.assets_path = fs::absolute(out_dir + "/assets.csv", ec).string();
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return run;
}

}  // namespace shrike
