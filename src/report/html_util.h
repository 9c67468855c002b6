// Small helpers of the HTML writer: escaping and dates.
#pragma once

#include <string>
#include <string_view>

#include "shrike/report.h"

namespace shrike::report_internal {

// Escapes & < > " ' so any text from findings is inert in element content
// and in quoted attribute values. Control characters other than tab and
// newline become U+FFFD.
std::string Html(std::string_view text);
// "2019-08-14" or "-" when unknown.
std::string HtmlDay(UnixTime t);

// The intrusion chart: one bar per organisation and host across the months.

std::string IntrusionChart(const shrike::Report& report);

}  // namespace shrike::report_internal
