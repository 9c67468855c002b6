// Fuzzes the evtx_dump JSON reader (one record and a file of records).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shrike/sigma.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)shrike::EventFromEvtxJson(text);
  (void)shrike::EventsFromEvtxJsonFile(text, "fuzz.json");
  return 0;
}
