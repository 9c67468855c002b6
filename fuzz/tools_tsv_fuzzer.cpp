// Fuzzes the dual-use tool table (packs/common/tools.tsv format): parse the
// input, then identify a tool from values cut out of the same input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "files/file_match.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  shrike::Diagnostics diags;
  shrike::files::ToolTable table = shrike::files::ToolTable::Parse(input, "fuzz.tsv", diags);
  std::string third(input.substr(0, size / 3));
  shrike::files::FileFields fields = {
      {"file.name", third},
      {"file.pe.original_file_name", third},
      {"file.pe.internal_name", std::string(input.substr(size / 3))},
      {"file.pe.product", std::string(input)}};
  auto id = shrike::files::IdentifyTool(fields, table);
  if (id && id->tool == nullptr) __builtin_trap();
  return 0;
}
