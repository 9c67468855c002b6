// From aggregated findings to the Report: assets, evidence classification,
// host and organisation timelines, attribution.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "report/aggregate.h"
#include "report/evidence.h"
#include "shrike/report.h"

namespace shrike::report_internal {

struct Asset {
  std::string organization, sector, country;
};
// host (lower case) -> asset.
using Assets = std::unordered_map<std::string, Asset>;

// Reads the assets CSV (header with host and organization columns; sector
// and country optional). Bad rows are warnings; a file without the header
// columns is an error.
Result<Assets> ReadAssets(std::string_view text, const std::string& file, Diagnostics& diags);

// A host's sighting with what the intel says about it.
struct LinkedSighting {
  IndicatorSighting sighting;
  Classified classified;
  std::string organization;
  std::string sector, country;
};

Report BuildFromAggregate(Aggregator& aggregate, const Assets& assets, const IntelIndex& index,
                          std::int64_t gap_seconds);

// One attribution per campaign with evidence, by score (high first).
std::vector<Attribution> Attribute(const std::vector<LinkedSighting>& sightings,
                                   const IntelIndex& index);

}  // namespace shrike::report_internal
