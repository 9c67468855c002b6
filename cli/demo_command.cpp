// `shrike demo [--out DIR] [--scale N] [--seed S] [--force] [--no-binaries]`
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "shrike/demo.h"

namespace shrike::cli {
namespace {

void PrintOrganizations(const DemoResult& r) {
  auto seen = SeenByOrganization(r.manifest.organizations, r.run.findings);
  std::fprintf(stderr, "%-9s %-32s %-12s %-12s %-12s %-12s %s\n", "org", "name", "planted from",
               "to", "first seen", "last seen", "findings");
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const DemoOrganization& o = r.manifest.organizations[i];
    auto day = [](UnixTime t) {
      return t == kNoTime ? std::string("-") : FormatIsoTime(t).substr(0, 10);
    };
    std::fprintf(stderr, "%-9s %-32s %-12s %-12s %-12s %-12s %llu\n", o.id.c_str(), o.name.c_str(),
                 day(o.start).c_str(), day(o.end).c_str(), day(seen[i].first).c_str(),
                 day(seen[i].last).c_str(), static_cast<unsigned long long>(seen[i].findings));
  }
}

int RunDemoCommand(const DemoOptions& o) {
  Diagnostics diags;
  std::fprintf(stderr, "shrike: generating the lab estate in %s (seed %llu, scale %d)\n",
               o.out_dir.c_str(), static_cast<unsigned long long>(o.seed), o.scale);
  auto result = RunDemo(o, diags);
  for (const Error& w : diags.warnings()) {
    std::fprintf(stderr, "shrike: warning: %s\n", w.ToString().c_str());
  }
  if (!result.ok()) {
    std::fprintf(stderr, "shrike: error: %s\n", result.error().ToString().c_str());
    return kExitError;
  }
  const DemoManifest& m = result->manifest;
  const DemoRunResult& run = result->run;
  for (const std::string& w : m.warnings) std::fprintf(stderr, "shrike: warning: %s\n", w.c_str());
  std::fprintf(stderr,
               "shrike: %zu organisations, %llu files and logs, %llu log records, %zu planted "
               "traces (manifest.json)\n",
               m.organizations.size(), static_cast<unsigned long long>(m.files),
               static_cast<unsigned long long>(m.log_records), m.traces.size());
  std::fprintf(
      stderr, "shrike: swept %llu files, hunted %llu log records in %.2f s: %zu findings\n",
      static_cast<unsigned long long>(run.files_swept),
      static_cast<unsigned long long>(run.records_hunted), run.seconds, run.findings.size());
  PrintOrganizations(*result);
  for (const std::string& f : run.finding_files) std::printf("findings: %s\n", f.c_str());
  std::fputs(run.summary.c_str(), stdout);
  std::printf("report: %s\n", run.report_path.c_str());
  return kExitOk;
}

}  // namespace

void AddDemoCommand(CLI::App& app, std::function<int()>* run) {
  auto o = std::make_shared<DemoOptions>();
  o->out_dir = "shrike-demo";
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Generate a lab estate that re-enacts the Palmerworm report, then sweep, hunt, report");
  cmd->add_option("--out", o->out_dir, "Output folder (default: ./shrike-demo)");
  cmd->add_option("--scale", o->scale, "Multiply background log volume (benchmarks)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--seed", o->seed, "Seed of the estate (same seed, same bytes)");
  cmd->add_option("--threads", o->threads, "Sweep workers (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--force", o->force,
                "Write into a non-empty folder the demo did not make (only its own names are "
                "replaced)");
  cmd->add_flag(
      "--no-binaries", [o](std::int64_t) { o->build_binaries = false; },
      "Do not build the lab PEs (mingw-w64, osslsigncode)");
  cmd->callback([o, run] { *run = [o] { return RunDemoCommand(*o); }; });
}

}  // namespace shrike::cli
