// Retro-hunt: match new intel against the inventory a sweep recorded
// (`shrike sweep --inventory inv.db`), without reading the swept disks.
//
// The inventory is a SQLite file (schema in src/files/inventory.h): one row
// per file and archive member with host, path, size, mtime, inode, MD5,
// SHA-1, SHA-256 and the other analyser fields. Each row is matched as the
// sweep would match the file (stored digests and fields, file name, path
// regexes), and a row with hits becomes the same Finding the sweep would
// give: file.path, host.name, file.hash.*, @timestamp = the file's mtime.
#pragma once

#include <cstdint>
#include <string>

#include "shrike/intel_set.h"
#include "shrike/result.h"
#include "shrike/sweep.h"

namespace shrike {

struct InventoryMatchStats {
  std::uint64_t rows = 0;      // rows matched
  std::uint64_t findings = 0;  // rows with at least one hit
  std::uint64_t warnings = 0;  // rows whose stored fields could not be read
  double seconds = 0;
};

// Streams every row of the inventory at `path` (opened read-only) through
// the intel. Fails when the file cannot be opened or is not an inventory of
// this schema version; undecodable rows are warnings. Callbacks are called
// on the calling thread. `intel` must outlive the findings.
Result<InventoryMatchStats> MatchInventory(const IntelSet& intel, const std::string& path,
                                           const FindingCallback& on_finding,
                                           const SweepWarningCallback& on_warning);

}  // namespace shrike
