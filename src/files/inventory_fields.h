// How FileReport fields are stored in an inventory row: the three digests a
// sweep with --inventory always computes get columns of their own (matched
// fast, indexed if need be); every other field (sha512, PE version info,
// signers, whatever an analyser adds later) goes into one JSON object column,
// so new analysers need no schema change.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shrike/result.h"

namespace shrike::files {

using FieldList = std::vector<std::pair<std::string, std::string>>;

// The ECS field names of the digest columns, in column order.
inline constexpr std::string_view kDigestColumns[] = {"file.hash.md5", "file.hash.sha1",
                                                      "file.hash.sha256"};

// Column index of a digest field, or -1 for a field of the JSON column.
int DigestColumn(std::string_view field);

// {"file.pe.original_file_name":"x.exe",...}; empty string when no field.
std::string EncodeFields(const FieldList& fields);

// Appends the fields of a JSON object written by EncodeFields. Anything else
// (not JSON, not an object, non-string values) is an error; nothing is
// appended then.
Status DecodeFields(std::string_view json, FieldList& out);

}  // namespace shrike::files
