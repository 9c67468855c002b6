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
// The decimal text of an INT64 or UINT64 element, as simdjson::minify gives it.
std::string IntegerText(simdjson::dom::element integer);

}  // namespace shrike::sigma_internal
