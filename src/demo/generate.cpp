// GenerateDemoEstate: the output folder, the lab kit, background and campaign
// per organisation, then assets.csv, the lab intel and the manifest.
#include <filesystem>
#include <system_error>

#include "demo/background.h"
#include "demo/campaign.h"
#include "demo/estate.h"
#include "demo/lab_kit.h"
#include "demo/manifest.h"
#include "shrike/demo.h"
#include "shrike/intel_io.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;
using namespace demo_internal;

constexpr const char* kMarker = ".shrike-demo";
// What the demo writes; only these are replaced in an existing folder.
constexpr const char* kOwnNames[] = {"estate",     "lab",           "intel",       "findings",
                                     "assets.csv", "manifest.json", "report.html", kMarker};

Error FolderError(const std::string& dir, const std::string& what) {
  Location where;
  where.file = dir;
  return Error(ErrorCode::kInvalidArgument, what, where);
}

Status PrepareFolder(const DemoOptions& o) {
  std::error_code ec;
  fs::path dir(o.out_dir);
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return FolderError(o.out_dir, "is not a folder");
  }
  bool ours = fs::exists(dir / kMarker, ec);
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec) && !ours && !o.force) {
    return FolderError(o.out_dir,
                       "is not empty and was not made by shrike demo; choose another --out or "
                       "pass --force (only the demo's own names in it are replaced)");
  }
  for (const char* name : kOwnNames) {
    fs::remove_all(dir / name, ec);
    if (ec)
      return FolderError(o.out_dir, "cannot remove " + std::string(name) + ": " + ec.message());
  }
  fs::create_directories(dir / "lab", ec);
  if (ec) return FolderError(o.out_dir, "cannot create: " + ec.message());
  return WriteOutputFile(o.out_dir + "/" + kMarker,
                         "made by shrike demo; may be rewritten by it\n");
}

std::string AssetsCsv(const std::vector<OrgPlan>& plans) {
  std::string csv = "host,organization,sector,country\n";
  for (const OrgPlan& plan : plans) {
    for (const HostPlan& h : plan.hosts) {
      csv +=
          h.name + ",\"" + plan.org.name + "\"," + plan.org.sector + "," + plan.org.country + "\n";
    }
  }
  return csv;
}

void AddCertIndicators(const LabKit& kit, Intel& intel) {
  auto ctx = LabContext("", "lab 'stolen' code-signing certificate of the Shrike demo");
  intel.indicators.push_back(LabIndicator(IndicatorType::kCertSha1, kit.cert_sha1, ctx));
  intel.indicators.push_back(LabIndicator(IndicatorType::kCertSerial, kit.cert_serial, ctx));
}

LabKit MakeKit(const DemoOptions& o, Rng rng, std::vector<std::string>& warnings) {
  if (!o.build_binaries) {
    warnings.push_back(
        "binaries not built (asked): the renamed PsExec-like PE and the signed "
        "payload are not planted");
    return {};
  }
  std::string warning;
  LabKit kit = BuildLabKit(o.out_dir + "/lab", rng, &warning);
  if (!kit.built) warnings.push_back(warning);
  return kit;
}

}  // namespace

Result<DemoManifest> GenerateDemoEstate(const DemoOptions& o) {
  if (o.scale < 1 || o.scale > 10000) {
    return Error(ErrorCode::kInvalidArgument, "scale must be in 1..10000");
  }
  SHRIKE_RETURN_IF_ERROR(PrepareFolder(o));
  DemoManifest manifest;
  manifest.seed = o.seed;
  manifest.scale = o.scale;
  Rng root(o.seed);
  Rng campaign_root = root.Fork("campaign");
  LabKit kit = MakeKit(o, root.Fork("lab"), manifest.warnings);
  EstateWriter writer(o.out_dir);
  Estate estate(writer, root.Next());
  std::vector<OrgPlan> plans = PlanOrganizations();
  Intel lab;
  lab.name = "shrike-demo-lab";
  for (const OrgPlan& plan : plans) {
    const HostPlan& ids = plan.Network(HostRole::kDnsSensor);
    std::string dns = plan.HostDir(ids) + "/logs/dns.log";
    writer.SetLogFrame(dns, ZeekDnsHeader(BackgroundStart() * 1000),
                       ZeekDnsFooter(BackgroundEnd() * 1000));
    WriteBackground(estate, plan, o.scale);
    DemoOrganization org = plan.org;
    PlantCampaign(estate, campaign_root.Fork(plan.org.id), plan, kit, org, manifest.traces, lab);
    manifest.organizations.push_back(org);
    // One organisation in memory at a time: its logs are sorted, then written.
    SHRIKE_RETURN_IF_ERROR(writer.Flush(manifest.files, manifest.log_records));
  }
  if (kit.built) AddCertIndicators(kit, lab);
  SHRIKE_RETURN_IF_ERROR(WriteOutputFile(o.out_dir + "/intel/lab-intel.csv", WriteCsv(lab)));
  SHRIKE_RETURN_IF_ERROR(WriteOutputFile(o.out_dir + "/assets.csv", AssetsCsv(plans)));
  SHRIKE_RETURN_IF_ERROR(WriteOutputFile(o.out_dir + "/manifest.json", ManifestJson(manifest)));
  return manifest;
}

}  // namespace shrike
