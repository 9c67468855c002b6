// Fuzzes the STIX pattern parser. Beyond "no crash, bounded depth": every atom
// of a reducible pattern, written back with FormatComparison, must parse to
// the same atom (the writer and the parser agree on quoting and escaping).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "intel/stix/pattern.h"

namespace {

void CheckRewrite(const shrike::stix::Comparison& atom) {
  std::string written = "[" + shrike::stix::FormatComparison(atom) + "]";
  auto tree = shrike::stix::ParsePattern(written);
  if (!tree.ok()) std::abort();
  auto atoms = shrike::stix::ReduceToAtoms(*tree);
  if (!atoms.ok() || atoms->size() != 1) std::abort();
  const shrike::stix::Comparison& back = atoms->front();
  if (back.object_type != atom.object_type || back.path != atom.path ||
      back.value.text != atom.value.text || back.op != atom.op)
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto tree = shrike::stix::ParsePattern(text);
  if (!tree.ok()) return 0;
  auto atoms = shrike::stix::ReduceToAtoms(*tree);
  if (!atoms.ok()) return 0;
  for (const auto& atom : *atoms) CheckRewrite(atom);
  return 0;
}
