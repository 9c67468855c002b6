// YAML text into rule documents (src/sigma/documents.cpp).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "shrike/sigma.h"
#include "sigma/internal.h"

namespace shrike::sigma_internal {

struct RuleDocument {
  YAML::Node node;  // the document with its collection's global part merged in
  Location where;   // file and line of the document
};

// Every rule document of a file. Bad YAML is one skipped entry (with the
// parser's line); documents that are not maps are skipped too.
std::vector<RuleDocument> ReadDocuments(const std::string& text, const std::string& file,
                                        std::vector<SigmaSkipped>& skipped);

}  // namespace shrike::sigma_internal
