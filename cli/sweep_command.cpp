// `shrike sweep PATH... --intel SOURCE...`: match files against intel.
#include <unistd.h>

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
#include "shrike/packs.h"
#include "shrike/sweep.h"

namespace shrike::cli {
namespace {

struct SweepCliOptions {
  SweepOptions sweep;
  std::vector<std::string> intel;
  std::vector<std::string> yara;  // rule files or folders
  bool no_pe = false;
  bool no_pack_yara = false;
  std::string out = "-";
};

// The YARA sources: --yara files and folders, then the rules of every pack
// named as an intel source. Nothing to compile gives no rules.
Result<std::vector<YaraSource>> YaraSources(const SweepCliOptions& o) {
  std::vector<YaraSource> sources;
  for (const std::string& path : o.yara) {
    SHRIKE_TRY(std::vector<YaraSource> found, ReadYaraSources(path));
    for (YaraSource& s : found) sources.push_back(std::move(s));
  }
  if (o.no_pack_yara) return sources;
  for (const std::string& source : o.intel) {
    if (!IsPackName(source)) continue;
    for (YaraSource& s : PackYaraSources(source)) sources.push_back(std::move(s));
  }
  return sources;
}

// Compiles the rules into the sweep options; every compile error is printed
// (file:line: message) and makes the command fail.
Status LoadYara(SweepCliOptions& o) {
  SHRIKE_TRY(std::vector<YaraSource> sources, YaraSources(o));
  if (sources.empty()) return Ok();
  Diagnostics diags;
  Result<YaraRules> rules = YaraRules::Compile(sources, diags);
  for (const Error& e : diags.warnings()) {
    bool fatal = !rules.ok() && e.code() == ErrorCode::kParse;
    PrintError(fatal ? "error" : "warning", e);
  }
  if (!rules.ok()) return Error(ErrorCode::kParse, "YARA rules do not compile");
  o.sweep.yara = std::move(*rules);
  return Ok();
}
// The progress line on a terminal: files, bytes, rate; cleared before any
// other output and at the end.
class ProgressBar {
 public:
  static bool Wanted() { return isatty(STDERR_FILENO) == 1; }
  void Draw(const SweepStats& s) {
    double rate = s.seconds > 0 ? static_cast<double>(s.bytes) / s.seconds / 1e6 : 0;
    std::fprintf(stderr, "\r\033[K%llu files, %.1f MB, %.0f MB/s, %.0f files/s, %llu findings",
                 static_cast<unsigned long long>(s.files), static_cast<double>(s.bytes) / 1e6, rate,
                 s.seconds > 0 ? static_cast<double>(s.files) / s.seconds : 0,
                 static_cast<unsigned long long>(s.findings));
    std::fflush(stderr);
    shown_ = true;
  }
  void Clear() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  bool shown_ = false;
};

void PrintSummary(const SweepStats& s) {
  double gbps = s.seconds > 0 ? static_cast<double>(s.bytes) / s.seconds / 1e9 : 0;
  std::fprintf(stderr,
               "shrike: swept %llu files, %llu bytes in %.2f s (%.2f GB/s); %llu skipped, "
               "%llu findings, %llu errors\n",
               static_cast<unsigned long long>(s.files), static_cast<unsigned long long>(s.bytes),
               s.seconds, gbps, static_cast<unsigned long long>(s.skipped),
               static_cast<unsigned long long>(s.findings),
               static_cast<unsigned long long>(s.errors));
  if (s.reused > 0 || s.archive_members > 0 || s.archive_limits > 0) {
    std::fprintf(stderr,
                 "shrike: %llu files reused from the inventory; %llu archive members, %llu "
                 "archives cut short by a limit\n",
                 static_cast<unsigned long long>(s.reused),
                 static_cast<unsigned long long>(s.archive_members),
                 static_cast<unsigned long long>(s.archive_limits));
  }
}

int RunSweep(SweepCliOptions& o) {
  o.sweep.pe = !o.no_pe;
  Status yara = LoadYara(o);
  if (!yara.ok()) return PrintError("error", yara.error()), kExitError;
  Result<Intel> intel = LoadSources(o.intel);
  if (!intel.ok()) return PrintError("error", intel.error()), kExitError;
  IntelSet set = IntelSet::Compile(std::move(intel->indicators));
  FilePtr file;
  if (Status opened = OpenOutput(o.out, file); !opened.ok())
    return PrintError("error", opened.error()), kExitError;
  NdjsonSink sink(file ? file.get() : stdout);
  SweepOptions options = o.sweep;
  ProgressBar bar;
  // Findings on a terminal's stdout would interleave with the bar: then none.
  if (ProgressBar::Wanted() && (file || isatty(STDOUT_FILENO) != 1))
    options.on_progress = [&bar](const SweepStats& s) { bar.Draw(s); };
  auto stats = Sweep(
      set, options, [&](const Finding& f) { sink.Write(f); },
      [&bar](const Error& e) {
        bar.Clear();
        PrintError("warning", e);
      });
  bar.Clear();
  if (!stats.ok()) return PrintError("error", stats.error()), kExitError;
  PrintSummary(*stats);
  return stats->findings > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void AddSweepCommand(CLI::App& app, std::function<int()>* run) {
  auto o = std::make_shared<SweepCliOptions>();
  CLI::App* cmd = app.add_subcommand("sweep", "Match files on disk against threat intel");
  cmd->add_option("path", o->sweep.roots, "Files or folders to sweep")->required();
  cmd->add_option("--intel", o->intel, "Intel file, folder or pack name")->required();
  cmd->add_option("-o,--output", o->out, "NDJSON findings file (default: stdout)");
  cmd->add_option("--threads", o->sweep.threads, "Worker threads (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--exclude", o->sweep.excludes, "Skip paths matching this glob");
  cmd->add_option("--max-size", o->sweep.max_size, "Skip files larger than BYTES");
  cmd->add_option("--host", o->sweep.host, "host.name of findings (default: hostname)");
  cmd->add_option("--yara", o->yara, "YARA rule file or folder (*.yar, *.yara)");
  cmd->add_flag("--no-pack-yara", o->no_pack_yara, "Do not run the YARA rules of --intel packs");
  cmd->add_flag("--no-pe", o->no_pe, "Do not read PE metadata (version info, signers)");
  cmd->add_flag("--follow-symlinks", o->sweep.follow_symlinks, "Follow symbolic links");
  cmd->add_flag("--one-file-system", o->sweep.one_file_system, "Stay on the roots' file systems");
  cmd->add_option("--inventory", o->sweep.inventory,
                  "SQLite inventory to record files in (and reuse unchanged ones from)");
  cmd->add_flag("!--no-archives", o->sweep.archives, "Do not sweep inside archives");
  cmd->add_option("--archive-depth", o->sweep.archive_max_depth, "Nested archive depth limit")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--archive-max-entries", o->sweep.archive_max_entries,
                  "Members per archive limit");
  cmd->add_option("--archive-max-bytes", o->sweep.archive_max_total,
                  "Expanded bytes per archive limit");
  cmd->add_option("--archive-max-ratio", o->sweep.archive_max_ratio,
                  "Expansion ratio limit (per member and overall)");
  cmd->callback([o, run] { *run = [o] { return RunSweep(*o); }; });
}

}  // namespace shrike::cli
