// The subcommands of the shrike CLI. Each registers its options on a CLI11 app
// and returns the exit status when run: 0 nothing found / success, 1 findings,
// 2 error (the convention of clamscan).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace shrike::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

// Registers `intel extract|convert|show`; sets *run to the chosen action.
void AddIntelCommands(CLI::App& app, std::function<int()>* run);
// Registers `sweep`; sets *run to it when chosen.
void AddSweepCommand(CLI::App& app, std::function<int()>* run);

// Registers `match --inventory DB --intel SOURCE...`; sets *run to it.
void AddMatchCommand(CLI::App& app, std::function<int()>* run);

// Registers `hunt LOG... --intel SOURCE...`; sets *run to the hunt.
void AddHuntCommand(CLI::App& app, std::function<int()>* run);
// Registers `report FINDINGS... [--assets CSV] [--html|--json|--csv|--stix OUT]`.
void AddReportCommand(CLI::App& app, std::function<int()>* run);
// Registers `demo [--out DIR] [--scale N] [--seed S]`; sets *run to it.
void AddDemoCommand(CLI::App& app, std::function<int()>* run);

// Registers `evtx dump FILE... [--json|--xml]`; sets *run to it when chosen.
void AddEvtxCommand(CLI::App& app, std::function<int()>* run);

}  // namespace shrike::cli
