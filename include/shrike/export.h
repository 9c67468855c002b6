// Exporting intel as blocking and detection content for the tools defenders
// already run: DNS response policy zones, Unbound, nftables, Zeek's intel
// framework, Loki/THOR signature-base lists, YARA, Suricata and Sigma.
//
// Every exporter is a pure function of an Intel: values are de-duplicated and
// sorted per type, so the output is deterministic (same input, same bytes).
// Each output names the campaigns and sources it was built from in comments.
// A value that the format cannot hold (a domain with a character a zone file
// cannot carry, a hash type YARA's hash module lacks, a value with a tab for
// Zeek's TSV) is never silently dropped: it is skipped and reported as a
// warning in Diagnostics naming the value and the reason. Indicator types a
// format has no use for at all (CVE ids for a firewall) are counted in one
// summary warning per type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike {

enum class ExportFormat : std::uint8_t {
  kRpz,        // DNS Response Policy Zone (BIND, Knot, PowerDNS)
  kUnbound,    // Unbound local-zone configuration
  kNft,        // nftables table with address sets and drop/log rules
  kZeekIntel,  // Zeek intel framework TSV
  kLoki,       // signature-base hash and c2 lists (Loki, THOR)
  kYara,       // YARA rules over the hash module
  kSuricata,   // Suricata rules plus dataset files
  kSigma,      // Sigma rules (YAML): DNS queries, connections, process hashes
};

std::string_view ExportFormatName(ExportFormat format);
// Parses a --to name: rpz, unbound, nft, zeek-intel, loki, yara, suricata,
// sigma.
std::optional<ExportFormat> ParseExportFormat(std::string_view name);

struct ExportOptions {
  // Base name used for tables, sets, rules and file names ("shrike").
  std::string name = "shrike";
  // rpz: the zone the policy is loaded as; only used to check name lengths.
  std::string rpz_zone = "rpz.shrike";
  // rpz: when set, answers are CNAMEs to this host instead of NXDOMAIN.
  std::string sinkhole;
  // suricata: first sid; rules take consecutive sids from it.
  std::uint32_t sid_base = 9'000'000;
};

// One output file. The first file of an export is its main output; the
// others (Loki's second list, Suricata's datasets) sit next to it.
struct ExportFile {
  std::string name;  // a bare file name ("shrike-hash-iocs.txt")
  std::string content;
};

// Exports intel in the format. Never fails: values the format cannot hold are
// warnings in diags. Empty intel gives valid, empty content.
std::vector<ExportFile> ExportIntel(const Intel& intel, ExportFormat format,
                                    const ExportOptions& options, Diagnostics& diags);

// All files as one stream, each after a comment line naming it (the comment
// syntax of the format). Used when the output is a single file or stdout.
std::string CombineExport(const std::vector<ExportFile>& files, ExportFormat format);

}  // namespace shrike
