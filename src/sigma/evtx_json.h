// evtx_dump JSON records into Events (src/sigma/evtx_json.cpp); also used by
// the hunt's NDJSON reader for lines of that shape.
#pragma once

#include <simdjson.h>

#include "shrike/event.h"
#include "shrike/sigma.h"

namespace shrike::sigma_internal {

// {"Event":{"System":{...}}}?
bool IsEvtxJson(simdjson::dom::element root);
// Appends the record's fields to `out` (kind kEvtx, dialect "evtx", time, host).
void EvtxJsonToEvent(simdjson::dom::element root, Event& out);

}  // namespace shrike::sigma_internal
