// The STIX 2.1 reader's working state (private to src/intel/stix/).
//
// Reading is two passes over the simdjson DOM: first every object is indexed
// by id (with its place in the text, for messages) and relationships are
// collected; then entities, indicators (from patterns), named SDOs and
// observables (SCOs, observed-data) are turned into the Intel, each with the
// context its relationships give it.
#pragma once

#include <simdjson.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike::stix {

inline constexpr std::size_t kMaxJsonDepth = 128;

struct StixRef {
  simdjson::dom::object obj;
  std::string type;
  std::string id;
  std::uint64_t offset = 0;  // of the object's "id" in the text
  std::uint32_t line = 0;
};

struct StixRelationship {
  std::string source;
  std::string verb;
  std::string target;
};

// Property helpers: empty / absent when missing or of another JSON type.
std::string_view StrField(simdjson::dom::object o, std::string_view key);
std::vector<std::string> StrArray(simdjson::dom::object o, std::string_view key);

class StixReader {
 public:
  StixReader(std::string_view text, const std::string& file, Diagnostics& diags)
      : text_(text), file_(file), diags_(diags) {}

  Result<Intel> Run();

 private:
  // Pass 1 (stix_reader.cpp).
  Status Collect(simdjson::dom::element root);
  Status AddObject(simdjson::dom::element e, std::size_t index);
  void IndexIdOffsets();
  Location Where(const StixRef& ref) const;
  void Warn(const StixRef& ref, std::string message);
  const StixRef* Find(std::string_view id) const;
  std::string NameOf(std::string_view id) const;
  UnixTime ReadTime(const StixRef& ref, simdjson::dom::object o, std::string_view key);
  void AddRelationship(const StixRef& ref);

  // Context (stix_reader_context.cpp).
  std::shared_ptr<const IndicatorContext> ContextOf(const StixRef& ref);
  std::shared_ptr<const IndicatorContext> Intern(IndicatorContext c);
  void ApplyLinked(const StixRef& linked, IndicatorContext& c) const;
  void ApplyActor(const StixRef& actor, IndicatorContext& c) const;
  void ReadConfidence(const StixRef& ref, IndicatorContext& c);
  std::shared_ptr<const IndicatorContext> ObservedContext(const StixRef& observed);

  // Pass 2, indicators and observables (stix_reader_indicators.cpp).
  void ReadIndicatorObject(const StixRef& ref);
  void AddValue(const StixRef& ref, IndicatorType type, std::string_view value,
                const std::shared_ptr<const IndicatorContext>& ctx);
  void ReadSco(const StixRef& ref, simdjson::dom::object sco,
               const std::shared_ptr<const IndicatorContext>& ctx);
  void ReadScoHashes(const StixRef& ref, simdjson::dom::object sco, std::string_view type,
                     const std::shared_ptr<const IndicatorContext>& ctx);
  void ReadObservedData(const StixRef& ref);
  void ReadNamedSdo(const StixRef& ref);

  // Pass 2, entities (stix_reader_entities.cpp).
  void ReadEntity(const StixRef& ref);
  void ReadEntityRelations();

  std::string_view text_;
  const std::string& file_;
  Diagnostics& diags_;
  simdjson::dom::parser parser_;
  std::vector<StixRef> objects_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::unordered_map<std::string, std::uint64_t> id_offsets_;
  std::vector<std::uint64_t> line_starts_;
  std::vector<StixRelationship> relationships_;
  // Relationship indexes by source_ref and by target_ref.
  std::unordered_map<std::string, std::vector<std::size_t>> rels_from_;
  std::unordered_map<std::string, std::vector<std::size_t>> rels_to_;
  std::unordered_map<std::string, std::size_t> entity_of_;  // SDO id -> index in intel_.entities
  std::unordered_map<std::string, bool> sco_done_;          // SCO ids read via observed-data
  std::shared_ptr<const IndicatorContext> empty_context_ =
      std::make_shared<const IndicatorContext>();
  std::unordered_map<std::string, std::shared_ptr<const IndicatorContext>> contexts_;
  Intel intel_;
};

}  // namespace shrike::stix
