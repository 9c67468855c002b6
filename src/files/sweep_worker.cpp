#include "files/sweep_worker.h"

#include <utility>

#include "files/stored_match.h"

namespace shrike::files {
namespace {

constexpr std::size_t kRowBatch = 256;

ArchiveLimits LimitsOf(const SweepOptions& o) {
  return {o.archive_max_depth, o.archive_max_entries, o.archive_max_total, o.archive_max_ratio};
}

}  // namespace

Result<std::unique_ptr<SweepShared>> SweepShared::Build(const IntelSet& intel,
                                                        const SweepOptions& options,
                                                        std::string host, Diagnostics& diags) {
  auto shared = std::make_unique<SweepShared>();
  shared->host = std::move(host);
  if (intel.Has(IndicatorType::kFilenameRegex))
    shared->path_regexes = PathRegexSet::Compile(intel, diags);
  if (!options.inventory.empty()) {
    SHRIKE_TRY(shared->inventory, InventoryWriter::Start(options.inventory));
  }
  return shared;
}

SweepWorker::SweepWorker(const IntelSet& intel, const SweepOptions& options, SweepShared& shared,
                         WorkerCallbacks callbacks)
    : intel_(intel), options_(options), shared_(shared), cb_(std::move(callbacks)) {
  ScannerSetup setup;
  setup.path_regexes = shared_.path_regexes;
  setup.bytes_read = &shared_.bytes_read;
  if (shared_.inventory) {
    setup.all_digests = true;
    auto reader = InventoryReader::Open(options_.inventory);
    if (reader.ok()) {
      reader_ = std::move(*reader);
      setup.reuse = [this](const FileInfo& info, Pipeline& p, FileReport& r) {
        return Reuse(info, p, r);
      };
    } else {
      cb_.on_warning(reader.error());  // still swept, just not reused
    }
  }
  if (options_.archives) {
    archives_ = std::make_unique<ArchiveScanner>(
        [this, setup] { return BuildPipeline(intel_, setup); }, LimitsOf(options_),
        [this](ArchiveMember& m) {
          shared_.members.fetch_add(1, std::memory_order_relaxed);
          Done(m.info, m.report, 0, true);
        },
        cb_.on_warning);
    setup.archives = archives_.get();
  }
  scanner_ = std::make_unique<FileScanner>(intel_, options_, std::move(setup));
}

SweepWorker::~SweepWorker() {
  if (archives_) shared_.limits.fetch_add(archives_->limits_tripped(), std::memory_order_relaxed);
  if (shared_.inventory) shared_.inventory->Add(rows_);
}

void SweepWorker::Scan(std::string path) {
  Result<ScanResult> scan = scanner_->Scan(std::move(path));
  if (!scan.ok()) return cb_.on_warning(scan.error());
  if (scan->skipped) return cb_.on_skip();
  if (scan->reused) {
    shared_.reused.fetch_add(1, std::memory_order_relaxed);
    if (options_.archives) ReuseMembers(scan->info);
  }
  Done(scan->info, scan->report, scan->bytes, !scan->reused);
}

bool SweepWorker::Reuse(const FileInfo& info, Pipeline& pipeline, FileReport& report) {
  std::optional<InventoryRow> row = reader_->Find(shared_.host, info.path);
  if (!row || row->size != info.size || row->mtime_ns != info.mtime_ns || row->inode != info.inode)
    return false;
  RematchStored(intel_, pipeline, info, std::move(row->fields), report);
  return true;
}

// The members of a reused archive, from their rows (matched, not read).
void SweepWorker::ReuseMembers(const FileInfo& archive) {
  Pipeline pipeline;  // built only when the archive had members
  for (InventoryRow& row : reader_->FindUnder(shared_.host, archive.path + "!")) {
    if (pipeline.empty()) {
      ScannerSetup setup;
      setup.all_digests = true;
      setup.path_regexes = shared_.path_regexes;
      pipeline = BuildPipeline(intel_, setup);
    }
    FileInfo info;
    info.path = std::move(row.path);
    std::size_t cut = info.path.find_last_of("/!");
    info.name = info.path.substr(cut + 1);
    info.size = row.size;
    info.mtime_ns = row.mtime_ns;
    info.mtime = row.mtime_ns == 0 ? kNoTime : row.mtime_ns / 1000000000;
    FileReport report;
    RematchStored(intel_, pipeline, info, std::move(row.fields), report);
    shared_.members.fetch_add(1, std::memory_order_relaxed);
    cb_.on_file(info, report, 0);
  }
}

void SweepWorker::Done(const FileInfo& info, FileReport& report, std::uint64_t bytes, bool record) {
  if (shared_.inventory && record) Record(info, report);
  cb_.on_file(info, report, bytes);
}

void SweepWorker::Record(const FileInfo& info, const FileReport& report) {
  InventoryRow row;
  row.host = shared_.host;
  row.path = info.path;
  row.size = info.size;
  row.mtime_ns = info.mtime_ns;
  row.inode = info.inode;
  row.fields = report.fields;
  rows_.push_back(std::move(row));
  if (rows_.size() >= kRowBatch) shared_.inventory->Add(rows_);
}

}  // namespace shrike::files
