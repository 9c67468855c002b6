// Warninglists: values known to be benign (empty-file hashes, private and
// reserved address ranges, vendor blog hosts, ...). Extraction reports a
// value found on a list as benign rather than as an indicator.
//
// Builtin() holds what is true by definition and needs no data file: the
// digests of the empty input and the IANA special-purpose address ranges.
// MISP warninglists (misp-warninglists/lists/*/list.json) load on top.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike {

class Warninglists {
 public:
  Warninglists();
  ~Warninglists();
  Warninglists(Warninglists&&) noexcept;
  Warninglists& operator=(Warninglists&&) noexcept;

  static Warninglists Builtin();

  // One MISP warninglist JSON document (types string, hostname, substring,
  // cidr; regex lists are reported as unsupported warnings).
  Status LoadMispList(std::string_view json, const std::string& file, Diagnostics& diags);
  // Every */list.json below dir.
  Status LoadMispDir(const std::string& dir, Diagnostics& diags);

  // The name of a list that holds the (normalised) value, or empty.
  std::string_view Match(IndicatorType type, std::string_view value) const;

  std::size_t list_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shrike
