// The shrike command line: parses arguments and calls libshrike.
#include <CLI/CLI.hpp>
#include <functional>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"shrike: turn a threat report into a hunt"};
  app.set_version_flag("--version", "shrike 0.1.0");
  app.require_subcommand(1);
  std::function<int()> run;
  shrike::cli::AddIntelCommands(app, &run);
  shrike::cli::AddSweepCommand(app, &run);
  shrike::cli::AddHuntCommand(app, &run);
  shrike::cli::AddReportCommand(app, &run);
  shrike::cli::AddDemoCommand(app, &run);
  shrike::cli::AddEvtxCommand(app, &run);
  shrike::cli::AddMatchCommand(app, &run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : shrike::cli::kExitError;
  }
  return run ? run() : shrike::cli::kExitError;
}
