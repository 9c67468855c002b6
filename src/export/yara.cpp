// YARA rules over the hash module: one rule per campaign and hash type,
// "hash.sha256(0, filesize) == "..." or ...", split into chunks so that no
// rule grows without bound. The hash module has md5, sha1 and sha256 only;
// other digests are reported. Meta strings are escaped with YARA's \" \\ \n
// \t and \xHH escapes.
#include <cstdio>
#include <map>
#include <set>

#include "core/strings.h"
#include "export/common.h"

namespace shrike::exporter {
namespace {

constexpr std::string_view kFormat = "yara";
constexpr std::size_t kChunk = 1000;

struct HashType {
  IndicatorType type;
  std::string_view function;
  std::size_t digits;
};

constexpr HashType kHashes[] = {
    {IndicatorType::kMd5, "md5", 32},
    {IndicatorType::kSha1, "sha1", 40},
    {IndicatorType::kSha256, "sha256", 64},
};

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u >= 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

bool IsLowerHex(std::string_view s, std::size_t digits) {
  if (s.size() != digits) return false;
  for (char c : s) {
    if (!IsDigit(c) && !(c >= 'a' && c <= 'f')) return false;
  }
  return true;
}

std::string Campaign(const Entry& e) {
  return e.first && e.first->context ? e.first->context->campaign : "";
}

std::string Rule(const std::string& name, const std::string& campaign, const HashType& h,
                 const std::vector<const Entry*>& chunk) {
  std::set<std::string> sources;
  for (const Entry* e : chunk) {
    if (e->first && e->first->context) sources.insert(e->first->context->source);
  }
  std::string src;
  for (const std::string& s : sources) src += (src.empty() ? "" : ", ") + s;
  std::string out = "rule " + name + "\n{\n    meta:\n";
  out += "        description = " +
         Quoted(std::string(h.function) + " digests of " +
                (campaign.empty() ? std::string("unattributed intel") : campaign)) +
         "\n";
  out += "        campaign = " + Quoted(campaign) + "\n";
  out += "        source = " + Quoted(src) + "\n    condition:\n";
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    out += "        hash." + std::string(h.function) + "(0, filesize) == \"" + chunk[i]->value +
           "\"" + (i + 1 < chunk.size() ? " or\n" : "\n");
  }
  return out + "}\n\n";
}

// Valid digests of one type grouped by campaign (sorted by campaign name).
std::map<std::string, std::vector<const Entry*>> ByCampaign(const Grouped& g, const HashType& h,
                                                            Diagnostics& d) {
  std::map<std::string, std::vector<const Entry*>> out;
  for (const Entry& e : g.Of(h.type)) {
    if (!IsLowerHex(e.value, h.digits)) {
      WarnValue(d, kFormat, e, h.type, "not a lower-case hex digest");
      continue;
    }
    out[Campaign(e)].push_back(&e);
  }
  return out;
}

}  // namespace

std::vector<ExportFile> ExportYara(const Grouped& g, const ExportOptions& o, Diagnostics& d) {
  std::string out = HeaderComment(g, "//", kFormat) + "\nimport \"hash\"\n\n";
  std::string base = Identifier(o.name);
  for (const HashType& h : kHashes) {
    int campaign_index = 0;
    for (const auto& [campaign, entries] : ByCampaign(g, h, d)) {
      ++campaign_index;
      // The index keeps names unique when two campaigns reduce to one identifier.
      std::string stem = base.substr(0, 30) + "_" + Identifier(campaign).substr(0, 50) + "_" +
                         std::to_string(campaign_index) + "_" + std::string(h.function);
      for (std::size_t start = 0; start < entries.size(); start += kChunk) {
        std::size_t end = std::min(entries.size(), start + kChunk);
        std::vector<const Entry*> chunk(entries.begin() + start, entries.begin() + end);
        out += Rule(stem + "_" + std::to_string(start / kChunk + 1), campaign, h, chunk);
      }
    }
  }
  WarnUnused(d, kFormat, g, {IndicatorType::kMd5, IndicatorType::kSha1, IndicatorType::kSha256});
  return {ExportFile{base + ".yar", std::move(out)}};
}

}  // namespace shrike::exporter
