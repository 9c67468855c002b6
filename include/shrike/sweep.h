// Sweep: walk file trees and match every file against loaded intel.
//
// One producer thread walks the roots (no symlink following by default;
// /proc, /sys, /dev, fifos, sockets and devices are skipped) and feeds a
// bounded queue consumed by worker threads. Each worker opens a file
// read-only (O_NOATIME where permitted), reads it once in large chunks and
// hands every chunk to a pipeline of file analysers (digests, file names, PE
// metadata and YARA over a per-worker copy of the file; see
// src/files/analyzer.h). A file with indicator or rule hits becomes one
// Finding.
//
// Nothing scanned is modified. Per-file problems (unreadable, vanished,
// changed while read) are warnings and the sweep goes on.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "shrike/finding.h"
#include "shrike/intel_set.h"
#include "shrike/result.h"
#include "shrike/yara.h"

namespace shrike {

struct SweepStats;

struct SweepOptions {
  std::vector<std::string> roots;  // files or folders
  int threads = 0;                 // workers; 0 = one per core; at most 256
  // fnmatch(3) globs, tested against the full path and the base name; an
  // excluded folder is not entered.
  std::vector<std::string> excludes;
  std::uint64_t max_size = 0;  // files larger are skipped; 0 = no limit
  bool follow_symlinks = false;
  bool one_file_system = false;  // do not cross into other mounts below a root
  std::string host;              // host.name of findings; empty = gethostname()
  // PE metadata (version info, imphash, Authenticode signers through
  // libyara's pe module) for files starting with "MZ"; renamed dual-use
  // tools (packs/common/tools.tsv); matched against imphash and cert-*
  // indicators.
  bool pe = true;
  // YARA rules run over every file (shared by all workers); none when unset.
  std::optional<YaraRules> yara;
  // YARA and the PE step see at most this many bytes of a file (kept in
  // memory per worker); a larger file is scanned up to it and its finding
  // says so (shrike.scan.truncated_bytes).
  std::uint64_t scan_max_bytes = std::uint64_t{64} << 20;

  // Archives (zip, 7z, rar, tar, gz, bz2, xz, zst; recognised by content):
  // members are swept as "a.zip!inner/b.exe". The limits hold per outer
  // archive, nested ones included; when one trips the archive is named in a
  // warning and not expanded further.
  bool archives = true;
  int archive_max_depth = 3;
  std::uint64_t archive_max_entries = 10000;
  std::uint64_t archive_max_total = 1ull << 30;  // expanded bytes
  std::uint64_t archive_max_ratio = 100;         // expanded : compressed, per member and overall

  // SQLite inventory (created when missing): every file's host, path, size,
  // mtime, inode, MD5/SHA-1/SHA-256 (all three are computed) and analyser
  // fields. A file whose size, mtime and inode match its row is not read
  // again; its stored digests are matched against the intel instead.
  std::string inventory;

  // Called about 10 times a second while the sweep runs (serialised with
  // the other callbacks), with the counts so far; e.g. a progress bar.
  std::function<void(const SweepStats&)> on_progress;
};

struct SweepStats {
  std::uint64_t files = 0;     // regular files analysed
  std::uint64_t bytes = 0;     // bytes read
  std::uint64_t skipped = 0;   // excluded, over max_size, special files
  std::uint64_t findings = 0;  // files with at least one hit
  std::uint64_t errors = 0;    // per-file warnings (unreadable, vanished, changed)
  double seconds = 0;
  std::uint64_t reused = 0;           // files known from the inventory, not read
  std::uint64_t archive_members = 0;  // archive members swept (also counted in files)
  std::uint64_t archive_limits = 0;   // archives cut short by a limit
};

// Both callbacks are serialised by Sweep (never called concurrently) and may
// be called from any thread.
using FindingCallback = std::function<void(const Finding&)>;
using SweepWarningCallback = std::function<void(const Error&)>;

// Sweeps the roots. Fails (before reading anything) when no root is given,
// a root does not exist, or the options are invalid; per-file problems go to
// on_warning and are counted in SweepStats::errors. `intel` must outlive the
// findings (they point to its indicators).
Result<SweepStats> Sweep(const IntelSet& intel, const SweepOptions& options,
                         const FindingCallback& on_finding, const SweepWarningCallback& on_warning);

}  // namespace shrike
