// Running the hunt over many inputs: one after the other, on a pool of
// threads (--threads), or each followed on its own thread (--follow).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "logs/prefilter.h"
#include "shrike/hunt.h"

namespace shrike::logs_internal {

// Hunts one input (open, read, match); the error is for an input that
// cannot be opened.
using InputHunter = std::function<Result<HuntStats>(
    const std::string& path, const HuntOptions& options, const Prefilter* prefilter,
    const FindingCallback& on_finding, Diagnostics& diags)>;

struct RunTotals {
  HuntStats stats;
  std::size_t inputs = 0;
  std::size_t failed = 0;  // inputs that could not be opened
};

// Hunts every file with hunt_one as options.threads and options.follow say.
// prefilter (may be null) is copied per thread. Warnings are added to diags
// in input order.
RunTotals RunInputs(const std::vector<std::string>& files, const HuntOptions& options,
                    const Prefilter* prefilter, const InputHunter& hunt_one,
                    const FindingCallback& on_finding, Diagnostics& diags);

}  // namespace shrike::logs_internal
