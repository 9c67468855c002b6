// Differential fuzzing of the EventPlan fast path (src/evtx/event_plan.h):
// every chunk is read into Events through the Document only, through plans
// from a template's first use, and as by default; any difference in records,
// fields, host, timestamp, bad-record count or warnings traps. Every chunk is
// read again changed by one byte, by the same workers: templates and plans
// kept from chunk to chunk (TemplateCache, binxml.h) must never stand for
// another definition. The reference parses every template anew; JSON is
// compared with and without the cache as well.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "evtx/chunk.h"

namespace {

using shrike::evtx_internal::ChunkOutput;
using shrike::evtx_internal::ChunkWorker;

bool Same(const ChunkOutput& a, const ChunkOutput& b) {
  if (a.count != b.count || a.bad != b.bad || a.warnings.size() != b.warnings.size()) return false;
  for (std::size_t i = 0; i < a.warnings.size(); ++i) {
    if (a.warnings[i].ToString() != b.warnings[i].ToString()) return false;
  }
  for (std::size_t i = 0; i < a.count; ++i) {
    const shrike::EvtxRecord& x = a.records[i];
    const shrike::EvtxRecord& y = b.records[i];
    if (x.record_id != y.record_id || x.offset != y.offset || x.event.fields != y.event.fields ||
        x.event.host != y.event.host || x.event.timestamp != y.event.timestamp ||
        x.event.line != y.event.line) {
      return false;
    }
  }
  return true;
}

bool SameText(const ChunkOutput& a, const ChunkOutput& b) {
  if (a.count != b.count || a.bad != b.bad || a.warnings.size() != b.warnings.size()) return false;
  for (std::size_t i = 0; i < a.warnings.size(); ++i) {
    if (a.warnings[i].ToString() != b.warnings[i].ToString()) return false;
  }
  for (std::size_t i = 0; i < a.count; ++i) {
    if (a.records[i].text != b.records[i].text) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::uint64_t kHeader = shrike::evtx_internal::kFileHeaderSize;
  constexpr std::uint64_t kChunk = shrike::evtx_internal::kChunkSize;
  const std::string name = "fuzz.evtx";
  for (bool carve : {false, true}) {
    shrike::EvtxOptions options;
    options.carve = carve;
    ChunkWorker reference(options, name), first(options, name), second(options, name);
    reference.set_plan_after(std::numeric_limits<std::uint32_t>::max());
    reference.set_cache_templates(false);
    first.set_plan_after(0);
    ChunkOutput want, got, got2;
    // JSON through the Document, templates kept from chunk to chunk or not.
    shrike::EvtxOptions json_options = options;
    json_options.format = shrike::EvtxFormat::kJson;
    ChunkWorker json(json_options, name), json_ref(json_options, name);
    json_ref.set_cache_templates(false);
    ChunkOutput text, text_ref;
    // Small inputs are taken as one chunk, so the fuzzer need not build a file header.
    std::uint64_t start = size > kHeader ? kHeader : 0;
    // Each chunk is read twice: as given, then with one byte changed (the
    // same templates by offset and GUID, perhaps another definition or
    // name), so plans kept from earlier chunks meet both equal and changed
    // templates.
    std::vector<std::uint8_t> copy;
    for (int pass = 0; pass < 2; ++pass) {
      for (std::uint64_t base = start, index = 0; base < size; base += kChunk, ++index) {
        auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(kChunk, size - base));
        const std::uint8_t* chunk = data + base;
        if (pass == 1) {
          copy.assign(chunk, chunk + n);
          std::uint32_t at = 0;
          for (std::uint32_t i = 0; i < n; i += 61) at = at * 31 + chunk[i];
          at = n > 512 ? 512 + at % (n - 512) : at % n;
          copy[at] = static_cast<std::uint8_t>(copy[at] + 1 + (at & 7));
          chunk = copy.data();
        }
        reference.Parse(chunk, n, base, index, want);
        first.Parse(chunk, n, base, index, got);
        second.Parse(chunk, n, base, index, got2);
        if (!Same(want, got) || !Same(want, got2)) __builtin_trap();
        json.Parse(chunk, n, base, index, text);
        json_ref.Parse(chunk, n, base, index, text_ref);
        if (!SameText(text, text_ref)) __builtin_trap();
      }
    }
  }
  return 0;
}
