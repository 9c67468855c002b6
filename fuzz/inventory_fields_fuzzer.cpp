// Fuzzes the inventory's fields column decoder; whatever decodes must
// encode and decode again to the same fields (digest columns aside).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "files/inventory_fields.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  shrike::files::FieldList fields;
  if (!shrike::files::DecodeFields(input, fields).ok()) return 0;
  shrike::files::FieldList kept;
  for (auto& f : fields) {
    if (shrike::files::DigestColumn(f.first) < 0) kept.push_back(f);
  }
  shrike::files::FieldList again;
  if (!shrike::files::DecodeFields(shrike::files::EncodeFields(kept), again).ok()) __builtin_trap();
  if (again != kept) __builtin_trap();
  return 0;
}
