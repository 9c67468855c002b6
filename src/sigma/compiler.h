// Rule documents into the compiled program (src/sigma/compiler.cpp,
// src/sigma/correlation_rules.cpp).
#pragma once

#include <optional>
#include <vector>

#include "sigma/documents.h"
#include "sigma/internal.h"

namespace shrike::sigma_internal {

RuleInfo ReadRuleInfo(const RuleDocument& doc);
bool KeptByFilter(const RuleInfo& info, const SigmaFilter& filter);

// Compiles a detection rule, and the detections of the filters that apply
// to it, into one variant per route (appended to data.variants). `unrouted`
// says that no route describes its logsource (it then meets generic events).
std::optional<CompileError> CompileDetectionRule(const RuleDocument& doc,
                                                 const std::vector<const YAML::Node*>& filters,
                                                 int rule_index, RuleSetData& data, bool& unrouted);

// Compiles a correlation rule; `by_ref` finds rule indices by id or name.
std::optional<CompileError> CompileCorrelationRule(
    const RuleDocument& doc, int rule_index, const std::function<int(const std::string&)>& by_ref,
    RuleSetData& data);

}  // namespace shrike::sigma_internal
