// Fuzzes the binary reader (printable ASCII and UTF-16LE runs) alone, then
// the whole hunt on the same input (which picks the binary reader when the
// input is NUL-dense).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "logs/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace shrike::logs_internal;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  MemorySource source(input);
  shrike::HuntOptions options;
  options.max_record_bytes = 256;
  auto reader = MakeBinaryReader(source, "fuzz.bin", options, nullptr);
  shrike::Diagnostics diags;
  shrike::Event event;
  std::uint64_t count = 0;
  while (reader->Next(event, diags)) {
    std::string_view message = event.Get("message");
    if (event.offset >= size || message.size() < 4 || message.size() > 256 || ++count > size) {
      __builtin_trap();
    }
  }
  (void)LooksBinary(input);
  FuzzHunt(input);
  return 0;
}
