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
  for (auto [compiled, out] : {std::pair{rules_.impl().rules.get(), &scanner_},
                               std::pair{rules_.impl().pe_rules.get(), &pe_scanner_}}) {
    YR_SCANNER* raw = nullptr;
    if (compiled == nullptr || yr_scanner_create(compiled, &raw) != ERROR_SUCCESS) continue;
    out->reset(raw);
    yr_scanner_set_callback(raw, &YaraScanner::OnMessage, this);
    yr_scanner_set_timeout(raw, kYaraTimeoutSeconds);
    // The buffer is ours (no mapped file that may shrink): no SIGBUS handler.
    // Matching rules only: without either report flag libyara also calls
    // back once per rule that did not match (1,000 calls a file for 1,000
    // rules).
    yr_scanner_set_flags(raw, SCAN_FLAGS_NO_TRYCATCH | SCAN_FLAGS_REPORT_RULES_MATCHING);
  }
}

int YaraScanner::OnMessage(YR_SCAN_CONTEXT*, int message, void* data, void* user) {
  auto* self = static_cast<YaraScanner*>(user);
  if (message == CALLBACK_MSG_RULE_MATCHING) {
    self->out_->matches.push_back(ToMatch(static_cast<const YR_RULE*>(data)));
  } else if (message == CALLBACK_MSG_MODULE_IMPORTED) {
    auto* module = static_cast<YR_OBJECT*>(data);
    if (module != nullptr && std::strcmp(module->identifier, "pe") == 0) {
      self->out_->pe = ReadPeModule(module, self->data_);
      self->out_->pe_read = true;
    }
  }
  return CALLBACK_CONTINUE;
}

Status YaraScanner::Scan(std::span<const std::uint8_t> data, const std::string& path,
                         const std::string& name, bool want_pe, YaraScanResult& out) {
  data_ = data;
  out_ = &out;
  Status status = Ok();
  if (scanner_) status = ScanWith(scanner_.get(), data, path, name);
  bool mz = data.size() >= 2 && data[0] == 'M' && data[1] == 'Z';
  // The pe set runs for its own rules, or for metadata the user's rules did
  // not already load.
  bool pe_rules = rules_.impl().pe_user_rules > 0;
  if (mz && pe_scanner_ && (pe_rules || (want_pe && !out.pe_read))) {
    Status pe = ScanWith(pe_scanner_.get(), data, path, name);
    if (status.ok()) status = std::move(pe);
  }
  out_ = nullptr;
  return status;
}

Status YaraScanner::ScanWith(YR_SCANNER* scanner, std::span<const std::uint8_t> data,
                             const std::string& path, const std::string& name) {
  yr_scanner_define_string_variable(scanner, "filename", name.c_str());
  yr_scanner_define_string_variable(scanner, "filepath", path.c_str());
  yr_scanner_define_string_variable(scanner, "extension", Extension(name).c_str());
  static const std::uint8_t kNothing = 0;
  const std::uint8_t* bytes = data.empty() ? &kNothing : data.data();
  int rc = yr_scanner_scan_mem(scanner, bytes, data.size());
  if (rc == ERROR_SUCCESS) return Ok();
  std::string what = rc == ERROR_SCAN_TIMEOUT       ? "YARA scan timed out"
                     : rc == ERROR_TOO_MANY_MATCHES ? "YARA: too many string matches"
                     : rc == ERROR_INSUFFICIENT_MEMORY
                         ? "YARA: out of memory"
                         : "YARA scan failed (libyara error " + std::to_string(rc) + ")";
  return Error(ErrorCode::kLimit, what, PathLocation(path));
}

}  // namespace shrike::files
