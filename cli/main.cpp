// The shrike command line: parses arguments and calls libshrike.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"shrike: turn threat intel into a hunt"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
