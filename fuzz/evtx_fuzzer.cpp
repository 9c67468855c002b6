// Fuzzes the EVTX reader: file and chunk headers, record framing, BinXML,
// templates and every renderer (Event, JSON, XML), with slack carving on.
#include <cstddef>
#include <cstdint>
#include <string>

#include "shrike/evtx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  for (shrike::EvtxFormat format :
       {shrike::EvtxFormat::kEvent, shrike::EvtxFormat::kJson, shrike::EvtxFormat::kXml}) {
    shrike::EvtxOptions options;
    options.format = format;
    options.carve = format == shrike::EvtxFormat::kXml;
    auto reader = shrike::EvtxReader::FromBytes(bytes, "fuzz.evtx", options);
    if (!reader.ok()) return 0;
    shrike::Diagnostics diags;
    shrike::EvtxRecord record;
    while ((*reader)->Next(record, diags)) {
    }
  }
  return 0;
}
