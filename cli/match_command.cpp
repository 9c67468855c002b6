// `shrike match --inventory DB --intel SOURCE...`: retro-hunt new intel
// against what a sweep recorded, without touching the swept disks.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "cli_util.h"
#include "commands.h"
#include "shrike/finding.h"
#include "shrike/intel_io.h"
#include "shrike/intel_set.h"
#include "shrike/inventory.h"

namespace shrike::cli {
namespace {

struct MatchCliOptions {
  std::string inventory;
  std::vector<std::string> intel;
  std::string out = "-";
};

int RunMatch(const MatchCliOptions& o) {
  Result<Intel> intel = LoadSources(o.intel);
  if (!intel.ok()) return PrintError("error", intel.error()), kExitError;
  IntelSet set = IntelSet::Compile(std::move(intel->indicators));
  FilePtr file;
  if (Status opened = OpenOutput(o.out, file); !opened.ok())
    return PrintError("error", opened.error()), kExitError;
  NdjsonSink sink(file ? file.get() : stdout);
  auto stats = MatchInventory(
      set, o.inventory, [&](const Finding& f) { sink.Write(f); },
      [](const Error& e) { PrintError("warning", e); });
  if (!stats.ok()) return PrintError("error", stats.error()), kExitError;
  std::fprintf(stderr, "shrike: matched %llu inventory rows in %.2f s; %llu findings\n",
               static_cast<unsigned long long>(stats->rows), stats->seconds,
               static_cast<unsigned long long>(stats->findings));
  return stats->findings > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void AddMatchCommand(CLI::App& app, std::function<int()>* run) {
  auto o = std::make_shared<MatchCliOptions>();
  CLI::App* cmd =
      app.add_subcommand("match", "Match intel against a sweep inventory (no disk access)");
  cmd->add_option("--inventory", o->inventory, "Inventory written by sweep --inventory")
      ->required();
  cmd->add_option("--intel", o->intel, "Intel file, folder or pack name")->required();
  cmd->add_option("-o,--output", o->out, "NDJSON findings file (default: stdout)");
  cmd->callback([o, run] { *run = [o] { return RunMatch(*o); }; });
}

}  // namespace shrike::cli
