// Fuzzes the text log reader alone, then the whole hunt on the same input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "logs/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parser = shrike::logs_internal::MakeTextParser("fuzz.log", 2020);
  shrike::logs_internal::FuzzLineParser(input, *parser);
  shrike::logs_internal::FuzzHunt(input);
  return 0;
}
