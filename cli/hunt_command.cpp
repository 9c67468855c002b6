// `shrike hunt LOG... --intel SOURCE... [--sigma PATH...] [-o OUT] [--threads N]
//  [--follow] [--year YYYY] [--no-prefilter]`
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli_util.h"
#include "commands.h"
#include "shrike/finding.h"
#include "shrike/hunt.h"
#include "shrike/intel_io.h"
#include "shrike/intel_set.h"
#include "shrike/sigma.h"

namespace shrike::cli {
namespace {

struct HuntCliOptions {
  std::vector<std::string> logs;
  std::vector<std::string> intel;
  std::string out = "-";
  int threads = 1;
  int year = 0;
  bool no_prefilter = false;
  bool follow = false;
  std::vector<std::string> sigma;
  std::string sigma_level;
  std::vector<std::string> sigma_status;
  std::vector<std::string> sigma_tag;
};

std::atomic<bool> g_stop{false};

void OnStopSignal(int) { g_stop.store(true); }

// SIGINT/SIGTERM end a --follow hunt cleanly (no SA_RESTART: a blocked read
// of standard input returns).
void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void PrintHuntWarnings(const Diagnostics& diags) {
  for (const Error& w : diags.warnings()) PrintError("warning", w);
}

int HuntFail(const Error& e) {
  PrintError("error", e);
  return kExitError;
}

Result<std::shared_ptr<const SigmaRuleSet>> LoadSigma(const HuntCliOptions& o) {
  SigmaFilter filter;
  if (!o.sigma_level.empty() && !ParseSigmaLevel(o.sigma_level, filter.min_level)) {
    return Error(ErrorCode::kInvalidArgument, "unknown Sigma level '" + o.sigma_level + "'");
  }
  filter.statuses = o.sigma_status;
  filter.tags = o.sigma_tag;
  SigmaLoadReport report;
  auto rules = SigmaRuleSet::Load(o.sigma, filter, report);
  std::fprintf(stderr, "%s", report.ToString().c_str());
  if (rules.ok() && report.loaded == 0) {
    return Error(ErrorCode::kInvalidArgument, "no Sigma rule loaded");
  }
  return rules;
}

Result<IntelSet> LoadIntel(const std::vector<std::string>& sources, Diagnostics& diags) {
  Intel all;
  for (const std::string& source : sources) {
    SHRIKE_TRY(Intel intel, LoadIntelSource(source, diags));
    all.Merge(std::move(intel));
  }
  if (all.indicators.empty()) {
    return Error(ErrorCode::kInvalidArgument, "the intel sources hold no indicators");
  }
  return IntelSet::Compile(std::move(all.indicators));
}

int RunHunt(const HuntCliOptions& o) {
  if (o.intel.empty() && o.sigma.empty()) {
    return HuntFail(Error(ErrorCode::kInvalidArgument, "hunt needs --intel, --sigma or both"));
  }
  Diagnostics diags;
  auto intel =
      o.intel.empty() ? Result<IntelSet>(IntelSet::Compile({})) : LoadIntel(o.intel, diags);
  PrintHuntWarnings(diags);
  diags.Clear();
  if (!intel.ok()) return HuntFail(intel.error());
  std::unique_ptr<SigmaObserver> observer;
  if (!o.sigma.empty()) {
    auto rules = LoadSigma(o);
    if (!rules.ok()) return HuntFail(rules.error());
    observer = std::make_unique<SigmaObserver>(*rules);
  }
  FilePtr file;
  if (Status opened = OpenOutput(o.out, file); !opened.ok()) return HuntFail(opened.error());
  std::FILE* out = file ? file.get() : stdout;
  NdjsonSink sink(out);
  HuntOptions options;
  options.year = o.year;
  options.prefilter = !o.no_prefilter;
  options.threads = o.threads;
  if (o.follow) {
    options.follow = true;
    options.stop = &g_stop;
    InstallStopHandlers();
  }
  options.observer = observer.get();
  auto stats = HuntPaths(
      o.logs, *intel, options,
      [&](const Finding& f) {
        sink.Write(f);
        if (o.follow) std::fflush(out);  // findings as they appear
      },
      diags);
  std::fflush(out);
  PrintHuntWarnings(diags);
  if (!stats.ok()) return HuntFail(stats.error());
  return stats->findings > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void AddHuntCommand(CLI::App& app, std::function<int()>* run) {
  auto options = std::make_shared<HuntCliOptions>();
  CLI::App* hunt = app.add_subcommand(
      "hunt", "Search logs (Zeek, EVE, NDJSON, CSV, syslog; .gz too) for indicators");
  hunt->add_option("logs", options->logs, "Log files, folders (recursive) or - for stdin")
      ->required();
  hunt->add_option("--intel", options->intel, "Intel file, folder or pack name");
  hunt->add_option(
      "--sigma", options->sigma,
      "Sigma rules: files, folders or a pack name (palmerworm); with --intel or alone");
  hunt->add_option("--sigma-level", options->sigma_level,
                   "Only Sigma rules of this level or higher (informational..critical)");
  hunt->add_option("--sigma-status", options->sigma_status,
                   "Only Sigma rules of these statuses (stable, test, experimental...)");
  hunt->add_option("--sigma-tag", options->sigma_tag, "Only Sigma rules with one of these tags");

  hunt->add_option("-o,--output", options->out, "Write findings (NDJSON) here; - is stdout");
  hunt->add_option("--threads", options->threads,
                   "Inputs hunted in parallel (one reader and matcher per thread)")
      ->check(CLI::Range(1, 256));
  hunt->add_flag("--follow", options->follow,
                 "Keep reading files as they grow (rotation-safe, like tail -F) until "
                 "SIGINT/SIGTERM");
  hunt->add_option("--year", options->year, "Year of syslog timestamps that carry none")
      ->check(CLI::Range(1970, 9999));
  hunt->add_flag("--no-prefilter", options->no_prefilter,
                 "Parse every record (validates all; the fast path skips lines with no candidate)");
  hunt->callback([options, run] { *run = [options] { return RunHunt(*options); }; });
}

}  // namespace shrike::cli
