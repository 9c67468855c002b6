#include "report/evidence.h"

#include <algorithm>

#include "core/strings.h"

namespace shrike::report_internal {
namespace {

void AddUnique(std::vector<std::string>& to, std::string value) {
  if (value.empty()) return;
  if (std::find(to.begin(), to.end(), value) == to.end()) to.push_back(std::move(value));
}

// Alphanumeric tokens, lower case ("PLEAD_loader v2" -> plead, loader, v2).
std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      cur.push_back(AsciiLower(c));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool IsNameField(std::string_view field) {
  return field == "file.name" || field == "file.pe.original_file_name" || field == "process.name" ||
         field == "process.pe.original_file_name" || field == "file.path" ||
         field == "process.executable";
}

bool IsSignerField(std::string_view field) {
  return field.starts_with("file.code_signature") || field.starts_with("file.x509") ||
         field.starts_with("x509.") || field.find("code_signature") != std::string_view::npos;
}

// The base name of a path (either separator).
std::string_view BaseName(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "Media company (Taiwan)" -> "taiwan".
std::string ParenthesisedName(std::string_view name) {
  std::size_t open = name.rfind('(');
  if (open == std::string_view::npos || !name.ends_with(')')) return "";
  return AsciiLower(Trim(name.substr(open + 1, name.size() - open - 2)));
}

}  // namespace

std::string NormalizeSector(std::string_view sector) {
  std::string out = AsciiLower(Trim(sector));
  std::replace(out.begin(), out.end(), ' ', '-');
  std::replace(out.begin(), out.end(), '_', '-');
  if (out == "finance" || out == "financial") out = "financial-services";
  return out;
}

IntelIndex::IntelIndex(const Intel& intel) {
  for (const Indicator& ind : intel.indicators) {
    if (IsObservable(ind.type)) indicators_.emplace(AsciiLower(ind.value), &ind);
  }
  IndexEntities(intel);
  IndexCampaigns(intel);
}

void IntelIndex::IndexEntities(const Intel& intel) {
  for (const Entity& e : intel.entities) {
    if (e.kind == EntityKind::kTool) {
      for (const std::string& n : e.aliases) tools_.emplace(AsciiLower(n), e.name);
      tools_.emplace(AsciiLower(e.name), e.name);
      tools_.emplace(AsciiLower(e.name) + ".exe", e.name);
    } else if (e.kind == EntityKind::kMalware) {
      std::vector<std::string> names = e.aliases;
      names.push_back(e.name);
      for (const std::string& n : names) {
        malware_.emplace(AsciiLower(n), e.name);
        // "Backdoor.Consock": the family token after the detection prefix.
        std::vector<std::string> tokens = Tokens(n);
        if (!tokens.empty() && tokens.back().size() >= 4) malware_.emplace(tokens.back(), e.name);
      }
    }
  }
}

void IntelIndex::IndexCampaigns(const Intel& intel) {
  for (const Entity& e : intel.entities) {
    if (e.kind != EntityKind::kCampaign) continue;
    CampaignInfo c;
    c.name = e.name;
    c.first_seen = e.first_seen;
    c.last_seen = e.last_seen;
    for (const auto& [verb, target] : e.relations) {
      if (verb == "attributed-to") {
        const Entity* actor = intel.FindEntity(EntityKind::kActor, target);
        c.actor = target;
        if (actor != nullptr) c.aliases = actor->aliases;
      } else if (verb == "uses") {
        if (intel.FindEntity(EntityKind::kMalware, target)) AddUnique(c.malware, target);
        if (intel.FindEntity(EntityKind::kTool, target)) AddUnique(c.tools, target);
      } else if (verb == "targets") {
        const Entity* victim = intel.FindEntity(EntityKind::kVictim, target);
        if (victim == nullptr) continue;
        for (const std::string& s : victim->sectors) AddUnique(c.sectors, NormalizeSector(s));
        for (const std::string& k : victim->countries) AddUnique(c.countries, AsciiUpper(k));
        AddUnique(c.country_names, ParenthesisedName(victim->name));
      }
    }
    campaigns_.push_back(std::move(c));
  }
}

const std::string* IntelIndex::ToolNamed(std::string_view name) const {
  auto it = tools_.find(AsciiLower(BaseName(name)));
  return it == tools_.end() ? nullptr : &it->second;
}

// A tool named by a word of a rule name ("PsExec Service Start").
const std::string* IntelIndex::ToolInRule(std::string_view rule) const {
  for (const std::string& token : Tokens(rule)) {
    if (token.size() < 4) continue;
    auto it = tools_.find(token);
    if (it != tools_.end()) return &it->second;
  }
  return nullptr;
}

const std::string* IntelIndex::MalwareIn(std::string_view text) const {
  auto whole = malware_.find(AsciiLower(text));
  if (whole != malware_.end()) return &whole->second;
  for (const std::string& token : Tokens(text)) {
    if (token.size() < 4) continue;
    auto it = malware_.find(token);
    if (it != malware_.end()) return &it->second;
  }
  return nullptr;
}

// Campaigns: the indicator's own, those that use the named family or tool,
// and those of the actor the finding names.
void IntelIndex::Link(Classified& c, const EvidenceAcc& e, const Indicator* ind) const {
  if (ind != nullptr) AddUnique(c.campaigns, ind->ctx().campaign);
  for (const CampaignInfo& campaign : campaigns_) {
    bool uses =
        std::find(campaign.malware.begin(), campaign.malware.end(), c.label) !=
            campaign.malware.end() ||
        std::find(campaign.tools.begin(), campaign.tools.end(), c.label) != campaign.tools.end();
    bool actor = !e.group.empty() &&
                 (EqualsIgnoreCase(e.group, campaign.actor) ||
                  std::any_of(campaign.aliases.begin(), campaign.aliases.end(),
                              [&](const auto& a) { return EqualsIgnoreCase(a, e.group); }));
    if (uses || (actor && c.kind != EvidenceKind::kBehaviourRule)) {
      AddUnique(c.campaigns, campaign.name);
    }
  }
}

Classified IntelIndex::Classify(const EvidenceAcc& e) const {
  Classified c;
  const EvidenceRecord& r = e.record;
  auto found = indicators_.find(AsciiLower(r.value));
  const Indicator* ind = found == indicators_.end() ? nullptr : found->second;
  const IndicatorContext* ctx = ind != nullptr ? &ind->ctx() : nullptr;
  const std::string* tool = ctx != nullptr && !ctx->tool.empty() ? &ctx->tool : nullptr;
  if (tool == nullptr && (r.implicit || IsNameField(r.field) || e.ruleset != "ioc")) {
    tool = ToolNamed(r.value);
  }
  if (tool == nullptr && e.ruleset != "ioc") tool = ToolInRule(r.value);
  if (tool == nullptr && EqualsIgnoreCase(e.software_type, "tool")) tool = &e.software;
  const std::string* family =
      ctx != nullptr && !ctx->malware_family.empty() ? &ctx->malware_family : nullptr;
  if (family == nullptr && !e.software.empty() && tool != &e.software) {
    family = MalwareIn(e.software);
  }
  if (family == nullptr && e.ruleset == "yara") family = MalwareIn(r.value);
  c.tool = tool != nullptr && !tool->empty();
  if (e.ruleset == "sigma") {
    c.kind = EvidenceKind::kBehaviourRule;
  } else if (e.ruleset == "yara") {
    c.kind = EvidenceKind::kYaraFamily;
  } else if (IsSignerField(r.field) || r.stix_type == "x509-certificate") {
    c.kind = EvidenceKind::kSigner;
  } else if (r.stix_type == "domain-name" || r.stix_type == "url") {
    c.kind = EvidenceKind::kC2Domain;
  } else if (r.stix_type == "ipv4-addr" || r.stix_type == "ipv6-addr") {
    c.kind = EvidenceKind::kC2Address;
  } else if (c.tool) {
    c.kind = EvidenceKind::kDualUseTool;
  } else if (r.field.find("hash") != std::string::npos) {
    c.kind = EvidenceKind::kFileHash;
  } else if (IsNameField(r.field)) {
    c.kind = EvidenceKind::kFileName;
  }
  c.keep = !r.implicit || c.tool;
  c.label = c.tool ? *tool : family != nullptr ? *family : e.ruleset != "ioc" ? r.value : "";
  bool tagged_custom = ctx != nullptr && std::find(ctx->tags.begin(), ctx->tags.end(),
                                                   "custom-malware") != ctx->tags.end();
  c.custom_malware = !c.tool && (family != nullptr || tagged_custom ||
                                 (c.kind == EvidenceKind::kFileHash && ctx != nullptr));
  Link(c, e, ind);
  return c;
}

}  // namespace shrike::report_internal
