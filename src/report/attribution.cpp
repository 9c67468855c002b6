// Attribution: a score per campaign out of 100, the sum of six evidence
// categories of the Palmerworm report, each with a fixed weight and a
// strength in [0, 1]. Counted categories (malware, infrastructure, tools,
// signers) saturate: each distinct piece of evidence halves what is left
// (1 piece 0.5, 2 pieces 0.75, 3 pieces 0.875). Victimology is the share of
// the organisations with campaign evidence whose sector and country the
// campaign targets (half each); the window is the share of campaign-linked
// sightings that lie inside the campaign's first/last seen.
#include <algorithm>
#include <cmath>
#include <set>

#include "core/strings.h"
#include "report/build.h"

namespace shrike::report_internal {
namespace {

struct Category {
  const char* id;
  const char* title;
  double weight;
};
constexpr Category kMalware{"custom-malware", "Custom malware", 30};
constexpr Category kInfrastructure{"infrastructure", "Shared infrastructure", 25};
constexpr Category kTools{"dual-use-tools", "Dual-use tools", 10};
constexpr Category kSigners{"signers", "Stolen-certificate signatures", 15};
constexpr Category kVictims{"victimology", "Victim sector and country", 10};
constexpr Category kWindow{"campaign-window", "Inside the campaign window", 10};

bool Linked(const LinkedSighting& s, const CampaignInfo& c) {
  const auto& list = s.classified.campaigns;
  return std::find(list.begin(), list.end(), c.name) != list.end();
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

double Saturate(std::size_t n) { return 1.0 - std::pow(0.5, static_cast<double>(n)); }

AttributionFactor Factor(const Category& cat, double strength, std::string explanation,
                         std::set<std::string> evidence) {
  AttributionFactor f;
  f.id = cat.id;
  f.title = cat.title;
  f.weight = cat.weight;
  f.strength = std::round(strength * 1000) / 1000;
  f.contribution = std::round(cat.weight * strength * 10) / 10;
  f.explanation = std::move(explanation);
  f.evidence.assign(evidence.begin(), evidence.end());
  return f;
}

template <typename Pred>
AttributionFactor Counted(const Category& cat, const std::vector<const LinkedSighting*>& linked,
                          Pred pred, bool by_label, const char* what) {
  std::set<std::string> seen;
  for (const LinkedSighting* s : linked) {
    if (pred(*s)) seen.insert(by_label ? s->classified.label : s->sighting.value);
  }
  std::string why = std::to_string(seen.size()) + " distinct " + what + " of the campaign seen";
  double strength = Saturate(seen.size());
  return Factor(cat, strength, std::move(why), std::move(seen));
}

AttributionFactor Victimology(const std::vector<const LinkedSighting*>& linked,
                              const CampaignInfo& c) {
  std::set<std::string> orgs, evidence;
  double sum = 0;
  for (const LinkedSighting* s : linked) {
    if (s->organization.empty() || !orgs.insert(s->organization).second) continue;
    bool sector = !s->sector.empty() && Contains(c.sectors, NormalizeSector(s->sector));
    bool country = !s->country.empty() && (Contains(c.countries, AsciiUpper(s->country)) ||
                                           Contains(c.country_names, AsciiLower(s->country)));
    sum += (sector ? 0.5 : 0) + (country ? 0.5 : 0);
    std::string note = s->organization + " (" + (s->sector.empty() ? "?" : s->sector) +
                       (sector ? " targeted" : " not targeted") + ", " +
                       (s->country.empty() ? "?" : s->country) +
                       (country ? " targeted)" : " not targeted)");
    evidence.insert(std::move(note));
  }
  if (orgs.empty()) {
    return Factor(kVictims, 0, "no organisation with campaign evidence is in the assets", {});
  }
  std::string why = "sector and country of " + std::to_string(orgs.size()) +
                    " organisation(s) with campaign evidence against the campaign's targets";
  return Factor(kVictims, sum / static_cast<double>(orgs.size()), std::move(why),
                std::move(evidence));
}

AttributionFactor Window(const std::vector<const LinkedSighting*>& linked, const CampaignInfo& c) {
  if (c.first_seen == kNoTime || c.last_seen == kNoTime) {
    return Factor(kWindow, 0, "the intel gives no campaign window", {});
  }
  std::size_t dated = 0, inside = 0;
  for (const LinkedSighting* s : linked) {
    if (s->sighting.first_seen == kNoTime) continue;
    ++dated;
    inside += s->sighting.first_seen >= c.first_seen && s->sighting.last_seen <= c.last_seen;
  }
  if (dated == 0) return Factor(kWindow, 0, "no dated campaign evidence", {});
  std::string why = std::to_string(inside) + " of " + std::to_string(dated) +
                    " dated sightings inside " + FormatIsoTime(c.first_seen).substr(0, 10) +
                    " .. " + FormatIsoTime(c.last_seen).substr(0, 10);
  return Factor(kWindow, static_cast<double>(inside) / static_cast<double>(dated), std::move(why),
                {});
}

Attribution Score(const CampaignInfo& c, const std::vector<const LinkedSighting*>& linked) {
  Attribution a;
  a.campaign = c.name;
  a.actor = c.actor;
  a.aliases = c.aliases;
  a.window_first = c.first_seen;
  a.window_last = c.last_seen;
  a.target_sectors = c.sectors;
  a.target_countries = c.countries;
  auto kind = [](const LinkedSighting& s) { return s.classified.kind; };
  a.factors.push_back(Counted(
      kMalware, linked, [](const LinkedSighting& s) { return s.classified.custom_malware; }, false,
      "malware indicators or families"));
  a.factors.push_back(Counted(
      kInfrastructure, linked,
      [&](const LinkedSighting& s) {
        return kind(s) == EvidenceKind::kC2Domain || kind(s) == EvidenceKind::kC2Address;
      },
      false, "C2 domains or addresses"));
  a.factors.push_back(Counted(
      kTools, linked,
      [&](const LinkedSighting& s) {
        return s.classified.tool && Contains(c.tools, s.classified.label);
      },
      true, "dual-use tools"));
  a.factors.push_back(Counted(
      kSigners, linked, [&](const LinkedSighting& s) { return kind(s) == EvidenceKind::kSigner; },
      false, "code-signing certificates"));
  a.factors.push_back(Victimology(linked, c));
  a.factors.push_back(Window(linked, c));
  for (const AttributionFactor& f : a.factors) a.score += f.contribution;
  a.score = std::round(a.score * 10) / 10;
  return a;
}

}  // namespace

std::vector<Attribution> Attribute(const std::vector<LinkedSighting>& sightings,
                                   const IntelIndex& index) {
  std::vector<Attribution> out;
  for (const CampaignInfo& c : index.campaigns()) {
    std::vector<const LinkedSighting*> linked;
    for (const LinkedSighting& s : sightings) {
      if (Linked(s, c)) linked.push_back(&s);
    }
    if (linked.empty()) continue;
    out.push_back(Score(c, linked));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Attribution& a, const Attribution& b) { return a.score > b.score; });
  return out;
}

}  // namespace shrike::report_internal
