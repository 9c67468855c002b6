// The writer's in-memory form of one STIX object, filled from an Intel and
// then serialised field by field (only the fields its type allows).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "shrike/indicator.h"

namespace shrike::stix {

struct StixObject {
  std::string type;
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> aliases;
  std::vector<std::string> labels;
  std::string created_by_ref;
  int confidence = -1;
  std::pair<std::string, std::string> external;  // (source_name, external_id)
  UnixTime first_seen = kNoTime;
  UnixTime last_seen = kNoTime;
  std::string pattern;                   // indicator
  std::string identity_class;            // identity
  std::vector<std::string> sectors;      // identity
  std::string country;                   // location
  std::string relationship_type;         // relationship
  std::string source_ref;                // relationship
  std::string target_ref;                // relationship
  std::vector<std::string> object_refs;  // report
  // Written for an Entity: its description and times are the entity's, not
  // those of an indicator context that names it.
  bool from_entity = false;
};

// One compact JSON object, fields in a fixed order.
std::string SerializeObject(const StixObject& o);

}  // namespace shrike::stix
