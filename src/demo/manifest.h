// manifest.json: what the demo planted, for people and for tests.
#pragma once

#include <string>

#include "shrike/demo.h"

namespace shrike::demo_internal {

std::string ManifestJson(const DemoManifest& manifest);

}  // namespace shrike::demo_internal
