// Fuzzes the archive walker: arbitrary bytes opened as an archive, members
// (nested too) fed through a digest + file-name pipeline, under small limits
// so that a generated bomb stays cheap.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "files/archive.h"
#include "files/scanner.h"
#include "shrike/intel_set.h"

namespace {

const shrike::IntelSet& Intel() {
  static const shrike::IntelSet intel = [] {
    auto ctx = std::make_shared<shrike::IndicatorContext>();
    std::vector<shrike::Indicator> inds(2);
    inds[0].type = shrike::IndicatorType::kSha256;
    inds[0].value = std::string(64, 'a');
    inds[1].type = shrike::IndicatorType::kFilename;
    inds[1].value = "evil.exe";
    for (auto& ind : inds) ind.context = ctx;
    return shrike::IntelSet::Compile(std::move(inds));
  }();
  return intel;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  shrike::files::ScannerSetup setup;
  setup.all_digests = true;
  shrike::files::ArchiveLimits limits;
  limits.max_entries = 200;
  limits.max_total = 8 << 20;
  std::uint64_t members = 0;
  shrike::files::ArchiveScanner scanner(
      [&] { return shrike::files::BuildPipeline(Intel(), setup); }, limits,
      [&](shrike::files::ArchiveMember& m) {
        ++members;
        if (m.info.path.rfind("fuzz!", 0) != 0) __builtin_trap();
      },
      [](const shrike::Error& e) {
        if (e.where().file.empty()) __builtin_trap();
      });
  shrike::files::FileInfo outer;
  outer.path = "fuzz";
  outer.size = size;
  std::uint64_t seen = scanner.ScanMemory({data, size}, outer);
  if (members > seen) __builtin_trap();
  return 0;
}
