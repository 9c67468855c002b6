#include "demo/manifest.h"

#include "core/json_writer.h"

namespace shrike::demo_internal {
namespace {

void WriteOrganization(JsonWriter& w, const DemoOrganization& o) {
  w.BeginObject()
      .Field("id", o.id)
      .Field("name", o.name)
      .Field("sector", o.sector)
      .Field("country", o.country)
      .Field("first_trace", FormatIsoTime(o.start))
      .Field("last_trace", FormatIsoTime(o.end))
      .StringArray("hosts", o.hosts)
      .EndObject();
}

void WriteTrace(JsonWriter& w, const DemoTrace& t) {
  w.BeginObject()
      .Field("kind", t.kind)
      .Field("organization", t.organization)
      .Field("host", t.host)
      .Field("time", FormatIsoTime(t.time))
      .Field("value", t.value)
      .Field("path", t.path)
      .Field("detection", t.detection)
      .EndObject();
}

}  // namespace

std::string ManifestJson(const DemoManifest& m) {
  JsonWriter w(true);
  w.BeginObject()
      .Field("generator", "shrike demo")
      .Field("seed", std::to_string(m.seed))
      .Field("scale", m.scale)
      .Field("files", static_cast<std::int64_t>(m.files))
      .Field("log_records", static_cast<std::int64_t>(m.log_records))
      .StringArray("warnings", m.warnings);
  w.Key("organizations").BeginArray();
  for (const DemoOrganization& o : m.organizations) WriteOrganization(w, o);
  w.EndArray().Key("traces").BeginArray();
  for (const DemoTrace& t : m.traces) WriteTrace(w, t);
  w.EndArray().EndObject();
  return w.Take() + "\n";
}

}  // namespace shrike::demo_internal
