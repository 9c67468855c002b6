// Matching what is already known of a file (its stored digests and analyser
// fields, from an inventory) against the current intel, without its bytes.
// Pure: no I/O.
#pragma once

#include <vector>

#include "files/analyzer.h"
#include "files/inventory_fields.h"
#include "shrike/intel_set.h"

namespace shrike::files {

// Appends a hit per indicator matching a stored digest field
// (file.hash.md5/sha1/sha256/sha512), as the digest analyser would.
void MatchStoredFields(const IntelSet& intel, const FieldList& fields, std::vector<Hit>& hits);

// The report a full scan would give for a file known only by `fields`: the
// fields themselves, the stored-field hits, and the hits of the pipeline's
// analysers that need no content (file name, path regexes).
void RematchStored(const IntelSet& intel, Pipeline& pipeline, const FileInfo& info,
                   FieldList fields, FileReport& report);

}  // namespace shrike::files
