// Human summaries of intel (`shrike intel show`).
#pragma once

#include <string>

#include "shrike/indicator.h"

namespace shrike {

// A few lines: the actor and aliases, campaign window, malware, tools,
// techniques, victims, and indicator counts by type.
std::string SummarizeIntel(const Intel& intel);

}  // namespace shrike
