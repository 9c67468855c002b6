#include "files/stored_match.h"

#include "files/file_match.h"

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace shrike::files {
namespace {

// As the digest analyser scores a digest hit.
constexpr int kDigestScore = 100;

std::optional<IndicatorType> DigestField(std::string_view field) {
  static constexpr std::array<std::pair<std::string_view, IndicatorType>, 4> kFields = {{
      {"file.hash.sha256", IndicatorType::kSha256},
      {"file.hash.sha512", IndicatorType::kSha512},
      {"file.hash.sha1", IndicatorType::kSha1},
      {"file.hash.md5", IndicatorType::kMd5},
  }};
  for (const auto& [name, type] : kFields) {
    if (name == field) return type;
  }
  return std::nullopt;
}

}  // namespace

void MatchStoredFields(const IntelSet& intel, const FieldList& fields, std::vector<Hit>& hits) {
  for (const auto& [key, value] : fields) {
    std::optional<IndicatorType> type = DigestField(key);
    if (!type || !intel.Has(*type)) continue;
    for (const Indicator* ind : intel.MatchDigest(*type, value)) {
      if (ind->benign.empty()) hits.push_back({value, key, ind, ScoreHit(kDigestScore, *ind)});
    }
  }
  // PE and signer fields (file.pe.*, file.code_signature.*, file.x509.*):
  // imphash, certificate and renamed-tool indicators, as the PE analyser.
  for (Hit& hit : MatchFileFields(fields, intel)) hits.push_back(std::move(hit));
}

void RematchStored(const IntelSet& intel, Pipeline& pipeline, const FileInfo& info,
                   FieldList fields, FileReport& report) {
  MatchStoredFields(intel, fields, report.hits);
  report.fields = std::move(fields);
  for (const auto& analyzer : pipeline) {
    if (analyzer->NeedsContent()) continue;
    analyzer->Begin(info);
    analyzer->End(report);
  }
}

}  // namespace shrike::files
