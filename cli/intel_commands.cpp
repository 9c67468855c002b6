#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "shrike/export.h"
#include "shrike/extract.h"
#include "shrike/intel_io.h"
#include "shrike/intel_summary.h"
#include "shrike/io.h"
#include "shrike/warninglist.h"

namespace shrike::cli {
namespace {

struct IntelOptions {
  std::vector<std::string> inputs;
  std::string to = "csv";
  std::string out = "-";
  std::string warninglists;
  bool keep_benign = false;
  bool all_occurrences = false;
  ExportOptions export_options;
};

void PrintWarnings(const Diagnostics& diags) {
  for (const Error& w : diags.warnings()) {
    std::fprintf(stderr, "shrike: warning: %s\n", w.ToString().c_str());
  }
}

int Fail(const Error& e) {
  std::fprintf(stderr, "shrike: error: %s\n", e.ToString().c_str());
  return kExitError;
}

int Emit(const Intel& intel, const std::string& to, const std::string& out) {
  auto format = ParseIntelFormat(to);
  if (!format)
    return Fail(Error(ErrorCode::kInvalidArgument, "unknown output format '" + to + "'"));
  auto text = WriteIntel(intel, *format);
  if (!text.ok()) return Fail(text.error());
  auto written = WriteFile(out, *text);
  if (!written.ok()) return Fail(written.error());
  return kExitOk;
}

int RunExtract(const IntelOptions& o) {
  Warninglists lists = Warninglists::Builtin();
  Diagnostics diags;
  if (!o.warninglists.empty()) {
    auto loaded = lists.LoadMispDir(o.warninglists, diags);
    if (!loaded.ok()) return Fail(loaded.error());
  }
  Intel all;
  int status = kExitOk;
  for (const std::string& path : o.inputs) {
    auto text = ReadFile(path);
    if (!text.ok()) {
      status = Fail(text.error());
      continue;
    }
    ExtractOptions options;
    options.source = path;
    options.keep_benign = o.keep_benign;
    options.unique = !o.all_occurrences;
    options.warninglists = &lists;
    Extraction found = ExtractIndicators(*text, options);
    for (const Indicator& b : found.benign) {
      std::fprintf(stderr, "shrike: %s: known-benign %s %s (%s)\n", path.c_str(),
                   std::string(IndicatorTypeName(b.type)).c_str(), b.value.c_str(),
                   b.benign.c_str());
    }
    all.indicators.insert(all.indicators.end(), found.indicators.begin(), found.indicators.end());
  }
  PrintWarnings(diags);
  int emitted = Emit(all, o.to, o.out);
  return emitted != kExitOk ? emitted : status;
}

// Loads every source; errors are reported and the others still load.
int LoadAll(const std::vector<std::string>& sources, Intel& all) {
  int status = kExitOk;
  for (const std::string& source : sources) {
    Diagnostics diags;
    auto intel = LoadIntelSource(source, diags);
    PrintWarnings(diags);
    if (!intel.ok()) {
      status = Fail(intel.error());
      continue;
    }
    all.Merge(std::move(*intel));
  }
  return status;
}

int RunConvert(const IntelOptions& o) {
  Intel all;
  int status = LoadAll(o.inputs, all);
  int emitted = Emit(all, o.to, o.out);
  return emitted != kExitOk ? emitted : status;
}

// `-o DIR` (an existing folder) receives every file of the export; a file or
// stdout receives them combined (see CombineExport).
int RunExport(const IntelOptions& o) {
  auto format = ParseExportFormat(o.to);
  if (!format)
    return Fail(Error(ErrorCode::kInvalidArgument, "unknown export format '" + o.to + "'"));
  Intel all;
  int status = LoadAll(o.inputs, all);
  Diagnostics diags;
  std::vector<ExportFile> files = ExportIntel(all, *format, o.export_options, diags);
  PrintWarnings(diags);
  std::error_code ec;
  if (o.out != "-" && std::filesystem::is_directory(o.out, ec)) {
    for (const ExportFile& file : files) {
      auto written = WriteFile((std::filesystem::path(o.out) / file.name).string(), file.content);
      if (!written.ok()) return Fail(written.error());
    }
    return status;
  }
  auto written = WriteFile(o.out, CombineExport(files, *format));
  return written.ok() ? status : Fail(written.error());
}

int RunShow(const IntelOptions& o) {
  int status = kExitOk;
  for (const std::string& source : o.inputs) {
    Intel intel;
    int loaded = LoadAll({source}, intel);
    status = std::max(status, loaded);
    if (loaded != kExitOk) continue;
    if (intel.name.empty()) intel.name = source;
    std::fputs(SummarizeIntel(intel).c_str(), stdout);
  }
  return status;
}

}  // namespace

void AddIntelCommands(CLI::App& app, std::function<int()>* run) {
  auto opts = std::make_shared<IntelOptions>();
  CLI::App* intel = app.add_subcommand("intel", "Read, extract and convert threat intel");
  intel->require_subcommand(1);

  CLI::App* extract = intel->add_subcommand("extract", "Extract indicators from reports (prose)");
  extract
      ->add_option("FILE", opts->inputs,
                   "Report files (text, Markdown, AsciiDoc, HTML; - for stdin)")
      ->required();
  extract->add_option("--to", opts->to, "Output format: csv, json, stix, misp")
      ->capture_default_str();
  extract->add_option("-o,--output", opts->out, "Output file (default: standard output)");
  extract->add_option("--warninglists", opts->warninglists,
                      "Folder of MISP warninglists (*/list.json) of known-benign values");
  extract->add_flag("--keep-benign", opts->keep_benign, "Keep known-benign values as indicators");
  extract->add_flag("--all-occurrences", opts->all_occurrences,
                    "One row per occurrence, not per value");
  extract->callback([run, opts] { *run = [opts] { return RunExtract(*opts); }; });

  CLI::App* convert = intel->add_subcommand("convert", "Convert intel between formats");
  convert->add_option("SOURCE", opts->inputs, "Files, folders or pack names")->required();
  convert->add_option("--to", opts->to, "Output format: csv, json, stix, misp")->required();
  convert->add_option("-o,--output", opts->out, "Output file (default: standard output)");
  convert->callback([run, opts] { *run = [opts] { return RunConvert(*opts); }; });

  CLI::App* exp = intel->add_subcommand("export", "Export intel as blocking/detection content");
  exp->add_option("SOURCE", opts->inputs, "Files, folders or pack names")->required();
  exp->add_option("--to", opts->to,
                  "Format: rpz, unbound, nft, zeek-intel, loki, yara, suricata, sigma")
      ->required();
  exp->add_option("-o,--output", opts->out,
                  "Output file, or an existing folder for one file per list (default: stdout)");
  exp->add_option("--name", opts->export_options.name, "Base name of tables, rules and files")
      ->capture_default_str();
  exp->add_option("--sinkhole", opts->export_options.sinkhole,
                  "rpz: answer with a CNAME to this host instead of NXDOMAIN");
  exp->add_option("--rpz-zone", opts->export_options.rpz_zone,
                  "rpz: zone name the policy is loaded as")
      ->capture_default_str();
  exp->add_option("--sid-base", opts->export_options.sid_base, "suricata: first rule sid")
      ->capture_default_str();
  exp->callback([run, opts] { *run = [opts] { return RunExport(*opts); }; });

  CLI::App* show = intel->add_subcommand("show", "Summarise what intel sources hold");
  show->add_option("SOURCE", opts->inputs, "Files, folders or pack names")->required();
  show->callback([run, opts] { *run = [opts] { return RunShow(*opts); }; });
}

}  // namespace shrike::cli
