// Matching what is known of a file (its ECS fields) against intel, without
// the file: imphash, signer thumbprints and serials, PE original file name,
// and dual-use tools recognised by version info. Pure functions: the sweep
// calls them on fresh PE metadata, `shrike match` on stored inventory rows.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "files/analyzer.h"
#include "shrike/intel_set.h"
#include "shrike/result.h"

namespace shrike::files {

using FileFields = std::vector<std::pair<std::string, std::string>>;

// One line of packs/common/tools.tsv (the format is described there).
struct ToolSignature {
  std::string tool;        // "PsExec"
  std::string intel_tool;  // the pack's tool indicator it enriches
  std::vector<std::string> original_names, internal_names, products, file_names;  // lower-case
};

class ToolTable {
 public:
  // Parses the TSV; bad lines are warned about at source:line and skipped.
  static ToolTable Parse(std::string_view tsv, const std::string& source, Diagnostics& diags);
  // packs/common/tools.tsv, parsed once (thread-safe).
  static const ToolTable& Builtin();

  // The entry whose OriginalFilename or InternalName equals the file's, else
  // whose ProductName does; nullptr when none. Values compare ASCII
  // case-insensitively.
  const ToolSignature* Identify(std::string_view original, std::string_view internal,
                                std::string_view product) const;
  // Whether a file of this base name identified as `tool` carries one of the
  // names the tool ships under.
  bool IsExpectedName(const ToolSignature& tool, std::string_view original,
                      std::string_view base_name) const;

  const std::vector<ToolSignature>& entries() const { return entries_; }

 private:
  std::vector<ToolSignature> entries_;
};

// A dual-use tool recognised from version info.
struct ToolIdentity {
  const ToolSignature* tool = nullptr;
  std::string field;  // which field identified it: file.pe.original_file_name, ...
  std::string value;  // its value
  bool renamed = false;
};

// The first value of a field, or "" when absent.
std::string_view FieldValue(const FileFields& fields, std::string_view name);

// Identifies a tool from file.pe.original_file_name / internal_name /
// product; `renamed` compares file.name (or the base of file.path).
std::optional<ToolIdentity> IdentifyTool(const FileFields& fields, const ToolTable& tools);

// Hits for the fields: file.pe.imphash (imphash), file.code_signature.
// thumbprint_sha1/sha256 (cert-sha1/cert-sha256), file.x509.serial_number
// (cert-serial; an indicator whose context has a tag "issuer=TEXT" also needs
// TEXT in the signer's issuer, at the same position among repeated signers),
// file.pe.original_file_name (filename, when it differs from file.name), and
// dual-use tools (a renamed one always; one under its own name when the intel
// names the tool). Known-benign indicators give no hit.
std::vector<Hit> MatchFileFields(const FileFields& fields, const IntelSet& intel,
                                 const ToolTable& tools = ToolTable::Builtin());

}  // namespace shrike::files
