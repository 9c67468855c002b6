// `shrike evtx dump FILE... [--json|--xml] [--threads N] [--carve]`
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "shrike/evtx.h"

namespace shrike::cli {
namespace {

struct EvtxDumpCliOptions {
  std::vector<std::string> files;
  bool xml = false;
  bool json = false;
  unsigned threads = 1;
  bool carve = false;
  bool no_checksums = false;
  bool count = false;
};

// --count: records parsed into Events (what `shrike hunt` sees), no output.
Status CountEvents(const std::string& file, const EvtxOptions& base, Diagnostics& diags) {
  EvtxOptions options = base;
  options.format = EvtxFormat::kEvent;
  std::uint64_t records = 0, fields = 0;
  SHRIKE_RETURN_IF_ERROR(ReadEvtx(
      file, options,
      [&](const EvtxRecord& r) {
        ++records;
        fields += r.event.fields.size();
      },
      diags));
  std::printf("%s: %llu records, %llu fields\n", file.c_str(),
              static_cast<unsigned long long>(records), static_cast<unsigned long long>(fields));
  return Ok();
}

int RunEvtxDump(const EvtxDumpCliOptions& o) {
  EvtxOptions options;
  options.format = o.xml ? EvtxFormat::kXml : EvtxFormat::kJson;
  options.threads = o.threads;
  options.carve = o.carve;
  options.verify_checksums = !o.no_checksums;
  int status = kExitOk;
  for (const std::string& file : o.files) {
    Diagnostics diags;
    Status s = o.count ? CountEvents(file, options, diags) : DumpEvtx(file, options, stdout, diags);
    for (const Error& w : diags.warnings()) {
      std::fprintf(stderr, "shrike: warning: %s\n", w.ToString().c_str());
    }
    if (!s.ok()) {
      std::fprintf(stderr, "shrike: error: %s\n", s.error().ToString().c_str());
      status = kExitError;
    }
  }
  std::fflush(stdout);
  return status;
}

}  // namespace

void AddEvtxCommand(CLI::App& app, std::function<int()>* run) {
  CLI::App* evtx = app.add_subcommand("evtx", "Windows event logs (EVTX)");
  evtx->require_subcommand(1);
  auto o = std::make_shared<EvtxDumpCliOptions>();
  CLI::App* dump = evtx->add_subcommand(
      "dump", "Render EVTX records as JSON lines (the evtx crate's shape) or XML");
  dump->add_option("files", o->files, "EVTX files")->required()->check(CLI::ExistingFile);
  auto* json = dump->add_flag("--json", o->json, "JSON, one record per line (default)");
  dump->add_flag("--xml", o->xml, "XML")->excludes(json);
  dump->add_option("--threads,-t", o->threads, "Chunk parser threads (0 = all cores)");
  dump->add_flag("--carve", o->carve, "Also recover records from chunk slack space");
  dump->add_flag("--count", o->count,
                 "Only parse records into Events (as `shrike hunt` does) and count them");
  dump->add_flag("--no-checksums", o->no_checksums, "Do not warn on checksum mismatches");
  dump->callback([run, o] { *run = [o] { return RunEvtxDump(*o); }; });
}

}  // namespace shrike::cli
