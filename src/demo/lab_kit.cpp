#include "demo/lab_kit.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "demo/estate_writer.h"
#include "shrike/io.h"

extern char** environ;

namespace shrike::demo_internal {
namespace {

constexpr const char* kGcc = "x86_64-w64-mingw32-gcc";
constexpr const char* kWindres = "x86_64-w64-mingw32-windres";
constexpr const char* kSigner = "osslsigncode";

// Both programs do nothing: they exist to carry a version resource and a
// signature, and are never run.
constexpr std::string_view kPsExecLikeC =
    "/* Shrike demo lab: a PE that says it is PsExec. It does nothing. */\n"
    "int main(void) { return 0; }\n";
constexpr std::string_view kPayloadC =
    "/* Shrike demo lab: a payload stand-in signed by the lab certificate. It does nothing. */\n"
    "int main(void) { return 0; }\n";

std::string VersionResource(std::string_view company, std::string_view description,
                            std::string_view internal, std::string_view original,
                            std::string_view product) {
  std::string rc =
      "1 VERSIONINFO\nFILEVERSION 2,2,0,0\nPRODUCTVERSION 2,2,0,0\nFILEOS 0x40004\nFILETYPE 0x1\n"
      "BEGIN\n  BLOCK \"StringFileInfo\"\n  BEGIN\n    BLOCK \"040904b0\"\n    BEGIN\n";
  auto value = [&](std::string_view key, std::string_view v) {
    rc += "      VALUE \"" + std::string(key) + "\", \"" + std::string(v) + "\"\n";
  };
  value("CompanyName", company);
  value("FileDescription", description);
  value("FileVersion", "2.2");
  value("InternalName", internal);
  value("LegalCopyright", "Shrike demo lab");
  value("OriginalFilename", original);
  value("ProductName", product);
  value("ProductVersion", "2.2");
  rc +=
      "    END\n  END\n  BLOCK \"VarFileInfo\"\n  BEGIN\n    VALUE \"Translation\", 0x409, 1200\n"
      "  END\nEND\n";
  return rc;
}

bool OnPath(const std::string& tool) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "/usr/bin:/bin";
  while (!rest.empty()) {
    std::size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    if (!dir.empty() && access((dir + "/" + tool).c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return false;
}

// Runs a tool (no shell), its output appended to log_path; true on exit 0.
bool RunTool(const std::vector<std::string>& args, const std::string& log_path) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Compiles name.c + name.rc into name.exe (no timestamp in the header, so
// that the same toolchain gives the same bytes).
bool BuildPe(const std::string& dir, const std::string& name, const std::string& log) {
  std::string base = dir + "/" + name;
  return RunTool({kWindres, base + ".rc", "-O", "coff", "-o", base + ".res"}, log) &&
         RunTool({kGcc, "-Os", "-s", "-Wl,--no-insert-timestamp", "-o", base + ".exe", base + ".c",
                  base + ".res"},
                 log);
}

Status WriteSources(const std::string& dir) {
  SHRIKE_RETURN_IF_ERROR(WriteOutputFile(dir + "/psexec_like.c", kPsExecLikeC));
  SHRIKE_RETURN_IF_ERROR(WriteOutputFile(
      dir + "/psexec_like.rc",
      VersionResource("Sysinternals - www.sysinternals.com", "Execute processes remotely", "PsExec",
                      "psexec.c", "Sysinternals PsExec")));
  SHRIKE_RETURN_IF_ERROR(WriteOutputFile(dir + "/payload.c", kPayloadC));
  return WriteOutputFile(
      dir + "/payload.rc",
      VersionResource("Contoso Semiconductor Ltd. (lab)", "Wireless connection service", "iwlsvc",
                      "iwlsvc.exe", "Contoso Wireless"));
}

}  // namespace

LabKit BuildLabKit(const std::string& dir, Rng& rng, std::string* warning) {
  LabKit kit;
  for (const char* tool : {kGcc, kWindres, kSigner}) {
    if (!OnPath(tool)) {
      *warning = std::string(tool) +
                 " is not on PATH (make deps installs it): the renamed PsExec-like PE and the "
                 "signed payload are not planted";
      return kit;
    }
  }
  std::string log = dir + "/build.log";
  Status sources = WriteSources(dir);
  if (!sources.ok()) return *warning = sources.error().ToString(), kit;
  if (!BuildPe(dir, "psexec_like", log) || !BuildPe(dir, "payload", log)) {
    *warning = "building the lab PEs with mingw-w64 failed (see " + log + ")";
    return kit;
  }
  Result<LabSigner> signer = MakeLabSigner(dir, rng);
  if (!signer.ok()) return *warning = signer.error().ToString(), kit;
  if (!RunTool({kSigner, "sign", "-certs", signer->chain_path, "-key", signer->key_path, "-h",
                "sha256", "-n", "Wireless connection service", "-time", "1567296000", "-in",
                dir + "/payload.exe", "-out", dir + "/payload-signed.exe"},
               log)) {
    *warning = "signing the lab payload with osslsigncode failed (see " + log + ")";
    return kit;
  }
  Result<std::string> psexec = ReadFile(dir + "/psexec_like.exe");
  Result<std::string> payload = ReadFile(dir + "/payload-signed.exe");
  if (!psexec.ok() || !payload.ok()) {
    *warning = "cannot read the built lab PEs in " + dir;
    return kit;
  }
  kit.built = true;
  kit.psexec_like_pe = std::move(*psexec);
  kit.signed_pe = std::move(*payload);
  kit.cert_sha1 = signer->sha1;
  kit.cert_serial = signer->serial;
  return kit;
}

}  // namespace shrike::demo_internal
