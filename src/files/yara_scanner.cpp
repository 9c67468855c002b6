#include "files/yara_scanner.h"

#include <cstring>

#include "files/open_file.h"
#include "files/yara_rules.h"

namespace shrike::files {
namespace {

YaraMatch ToMatch(const YR_RULE* rule) {
  YaraMatch m;
  m.rule = rule->identifier;
  m.ns = rule->ns->name;
  const char* tag;
  yr_rule_tags_foreach(rule, tag) { m.tags.emplace_back(tag); }
  const YR_META* meta;
  yr_rule_metas_foreach(rule, meta) {
    std::string value = meta->type == META_TYPE_STRING    ? std::string(meta->string)
                        : meta->type == META_TYPE_BOOLEAN ? (meta->integer ? "true" : "false")
                                                          : std::to_string(meta->integer);
    m.metas.emplace_back(meta->identifier, std::move(value));
  }
  return m;
}

std::string Extension(const std::string& name) {
  std::size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? "" : name.substr(dot + 1);
}

}  // namespace

YaraScanner::YaraScanner(const YaraRules& rules) : rules_(rules) {
  YR_SCANNER* raw = nullptr;
  if (yr_scanner_create(rules_.impl().rules.get(), &raw) != ERROR_SUCCESS) return;
  scanner_.reset(raw);
  yr_scanner_set_callback(raw, &YaraScanner::OnMessage, this);
  yr_scanner_set_timeout(raw, kYaraTimeoutSeconds);
  // The buffer is ours (no mapped file that may shrink): no SIGBUS handler.
  yr_scanner_set_flags(raw, SCAN_FLAGS_NO_TRYCATCH);
}

int YaraScanner::OnMessage(YR_SCAN_CONTEXT*, int message, void* data, void* user) {
  auto* self = static_cast<YaraScanner*>(user);
  if (message == CALLBACK_MSG_RULE_MATCHING) {
    const auto* rule = static_cast<const YR_RULE*>(data);
    if (std::strcmp(rule->ns->name, kYaraInternalNamespace) != 0)
      self->out_->matches.push_back(ToMatch(rule));
  } else if (message == CALLBACK_MSG_MODULE_IMPORTED) {
    auto* module = static_cast<YR_OBJECT*>(data);
    if (module != nullptr && std::strcmp(module->identifier, "pe") == 0)
      self->out_->pe = ReadPeModule(module, self->data_);
  }
  return CALLBACK_CONTINUE;
}

Status YaraScanner::Scan(std::span<const std::uint8_t> data, const std::string& path,
                         const std::string& name, YaraScanResult& out) {
  if (!scanner_) return Error(ErrorCode::kInternal, "no YARA scanner", PathLocation(path));
  yr_scanner_define_string_variable(scanner_.get(), "filename", name.c_str());
  yr_scanner_define_string_variable(scanner_.get(), "filepath", path.c_str());
  yr_scanner_define_string_variable(scanner_.get(), "extension", Extension(name).c_str());
  data_ = data;
  out_ = &out;
  static const std::uint8_t kNothing = 0;
  const std::uint8_t* bytes = data.empty() ? &kNothing : data.data();
  int rc = yr_scanner_scan_mem(scanner_.get(), bytes, data.size());
  out_ = nullptr;
  if (rc == ERROR_SUCCESS) return Ok();
  std::string what = rc == ERROR_SCAN_TIMEOUT       ? "YARA scan timed out"
                     : rc == ERROR_TOO_MANY_MATCHES ? "YARA: too many string matches"
                     : rc == ERROR_INSUFFICIENT_MEMORY
                         ? "YARA: out of memory"
                         : "YARA scan failed (libyara error " + std::to_string(rc) + ")";
  return Error(ErrorCode::kLimit, what, PathLocation(path));
}

}  // namespace shrike::files
