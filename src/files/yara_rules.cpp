// Compiling YARA rules: sources from disk or packs, errors with file:line.
#include "files/yara_rules.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "shrike/packs.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;

// Never matches: it is there so that a scan with it loads the pe module.
constexpr const char* kPeRule =
    "import \"pe\"\n"
    "rule shrike_pe_metadata { condition: false }\n";

struct CompilerFree {
  void operator()(YR_COMPILER* c) const { yr_compiler_destroy(c); }
};
using CompilerPtr = std::unique_ptr<YR_COMPILER, CompilerFree>;

struct FileClose {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// What the compiler callback reports into.
struct CompileLog {
  Diagnostics* diags = nullptr;
  const std::string* current = nullptr;  // the source being compiled
  int errors = 0;
  std::optional<Error> first;
};

void OnCompileMessage(int level, const char* file, int line, const YR_RULE*, const char* message,
                      void* user) {
  auto* log = static_cast<CompileLog*>(user);
  Location where;
  where.file = file != nullptr ? file : *log->current;
  where.line = line > 0 ? static_cast<std::uint64_t>(line) : 0;
  Error e(ErrorCode::kParse, message != nullptr ? message : "YARA error", where);
  if (level == YARA_ERROR_LEVEL_ERROR) {
    ++log->errors;
    if (!log->first) log->first = e;
  }
  log->diags->Warn(std::move(e));
}

bool IsRuleFile(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".yar" || ext == ".yara";
}

Error ReadError(const std::string& path, const std::string& message) {
  Location where;
  where.file = path;
  return Error(ErrorCode::kIo, message, where);
}

Result<YaraSource> ReadOne(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ReadError(path.string(), std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return YaraSource{path.string(), std::move(text).str(), true, false};
}

// The external variables rules may use; values are set per file.
bool DefineExternals(YR_COMPILER* compiler) {
  for (const char* name : {"filename", "filepath", "extension"}) {
    if (yr_compiler_define_string_variable(compiler, name, "") != ERROR_SUCCESS) return false;
  }
  return true;
}

int AddSource(YR_COMPILER* compiler, const YaraSource& source, const char* ns) {
  if (source.on_disk) {
    std::unique_ptr<std::FILE, FileClose> f(std::fopen(source.name.c_str(), "rb"));
    if (f) return yr_compiler_add_file(compiler, f.get(), ns, source.name.c_str());
  }
  return yr_compiler_add_string(compiler, source.text.c_str(), ns);
}

std::size_t CountRules(const YR_RULES* rules) {
  std::size_t n = 0;
  const YR_RULE* rule;
  yr_rules_foreach(const_cast<YR_RULES*>(rules), rule) { ++n; }
  return n;
}

// Compiles sources into one rule set; errors and warnings go to the log.
Status CompileSet(const std::vector<YaraSource>& sources, CompileLog& log,
                  std::unique_ptr<YR_RULES, YaraRulesFree>& out) {
  YR_COMPILER* raw = nullptr;
  if (yr_compiler_create(&raw) != ERROR_SUCCESS)
    return Error(ErrorCode::kInternal, "cannot create a YARA compiler");
  CompilerPtr compiler(raw);
  yr_compiler_set_callback(compiler.get(), OnCompileMessage, &log);
  if (!DefineExternals(compiler.get()))
    return Error(ErrorCode::kInternal, "cannot define YARA external variables");
  for (const YaraSource& source : sources) {
    log.current = &source.name;
    AddSource(compiler.get(), source, nullptr);
    // libyara cannot take more sources once one failed.
    if (log.errors > 0) break;
  }
  if (log.first) return *log.first;
  YR_RULES* rules = nullptr;
  if (yr_compiler_get_rules(compiler.get(), &rules) != ERROR_SUCCESS)
    return Error(ErrorCode::kInternal, "cannot build YARA rules (out of memory?)");
  out.reset(rules);
  return Ok();
}

Status Build(const std::vector<YaraSource>& sources, Diagnostics& diags, YaraRules::Impl& impl) {
  impl.library = std::make_unique<YaraLibrary>();
  if (!impl.library->ok()) return Error(ErrorCode::kInternal, "libyara failed to initialise");
  CompileLog log;
  log.diags = &diags;
  // PE-only sources join the internal pe rule in the set scanned over MZ
  // files; the others make the set scanned over every file.
  std::vector<YaraSource> pe_set = {YaraSource{"shrike internal rule", kPeRule, false, false}};
  std::vector<YaraSource> all_set;
  for (const YaraSource& s : sources) (s.pe_only ? pe_set : all_set).push_back(s);
  SHRIKE_RETURN_IF_ERROR(CompileSet(pe_set, log, impl.pe_rules));
  impl.pe_user_rules = CountRules(impl.pe_rules.get()) - 1;
  if (!all_set.empty()) SHRIKE_RETURN_IF_ERROR(CompileSet(all_set, log, impl.rules));
  impl.user_rules = impl.pe_user_rules + (impl.rules ? CountRules(impl.rules.get()) : 0);
  return Ok();
}

}  // namespace

Result<std::vector<YaraSource>> ReadYaraSources(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    SHRIKE_TRY(YaraSource one, ReadOne(path));
    return std::vector<YaraSource>{std::move(one)};
  }
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec) && IsRuleFile(it->path())) files.push_back(it->path());
  }
  if (ec) return ReadError(path, ec.message());
  if (files.empty()) return ReadError(path, "no .yar or .yara file in this folder");
  std::sort(files.begin(), files.end());
  std::vector<YaraSource> sources;
  for (const fs::path& f : files) {
    SHRIKE_TRY(YaraSource one, ReadOne(f));
    sources.push_back(std::move(one));
  }
  return sources;
}

std::vector<YaraSource> PackYaraSources(std::string_view pack) {
  std::vector<YaraSource> sources;
  for (auto& [path, text] : EmbeddedPackFiles(std::string(pack) + "/yara")) {
    if (!IsRuleFile(path)) continue;
    sources.push_back(
        {"pack:" + std::string(pack) + "/yara/" + path, std::string(text), false, true});
  }
  return sources;
}

Result<YaraRules> YaraRules::Compile(const std::vector<YaraSource>& sources, Diagnostics& diags) {
  auto impl = std::make_shared<Impl>();
  SHRIKE_RETURN_IF_ERROR(Build(sources, diags, *impl));
  return YaraRules(std::move(impl));
}

Result<YaraRules> YaraRules::PeOnly() {
  Diagnostics diags;
  return Compile({}, diags);
}

std::size_t YaraRules::user_rule_count() const { return impl_->user_rules; }

bool YaraRules::scans_all_files() const { return impl_->rules != nullptr; }

}  // namespace shrike
