// Helpers for tests: where the shared corpora are, and running the CLI.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace shrike::testing {

// ../shared beside the checkout (SHRIKE_SHARED_DIR); may be absent.
std::filesystem::path SharedDir();
// The folder of the source tree (for examples/, packs/, tests/data/).
std::filesystem::path SourceDir();
// Reads a file the test needs; fails the test when it cannot.
std::string ReadTestFile(const std::filesystem::path& path);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the shrike binary with the given shell-quoted arguments.
CommandResult RunShrike(const std::string& args);

// A fresh folder in the system's temporary folder (mkdtemp, so parallel test
// processes never share one), removed with all it holds when destroyed.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "shrike-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace shrike::testing

// Skips the current test with a message when ../shared/<sub> is absent.
#define SHRIKE_REQUIRE_SHARED(sub)                                                   \
  do {                                                                               \
    if (!std::filesystem::exists(::shrike::testing::SharedDir() / (sub))) {          \
      GTEST_SKIP() << "corpus " << (::shrike::testing::SharedDir() / (sub)).string() \
                   << " is absent; skipping";                                        \
    }                                                                                \
  } while (0)
