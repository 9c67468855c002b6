// `shrike hunt` inputs beyond plain lines: zstd / xz / lzma / bzip2 (whole,
// concatenated, truncated), binary input with UTF-16LE text, --threads and
// --follow (growth, rotation, truncation, stop).
#include <gtest/gtest.h>
#include <unistd.h>

#include <bzlib.h>
#include <lzma.h>
#include <zstd.h>

#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "logs/decompress.h"
#include "shrike/hunt.h"
#include "shrike/intel_io.h"
#include "shrike/io.h"
#include "test_util.h"

namespace shrike {
namespace {

namespace fs = std::filesystem;

IntelSet Intel() {
  Diagnostics diags;
  auto intel = ReadCsv("type,value,campaign\nip,45.76.218.11,P\ndomain,microsoftmse.com,P\n",
                       "i.csv", diags);
  EXPECT_TRUE(intel.ok());
  return IntelSet::Compile(std::move(intel->indicators));
}

// 4,000 lines with hits on lines 1,000, 2,000, 3,000 and 4,000, and near misses.
std::string Log() {
  std::string log;
  for (int i = 1; i <= 4000; ++i) {
    std::string n = std::to_string(i);
    if (i % 1000 == 0) {
      log += "Nov 26 06:21:37 fw kernel: n=" + n + " DST=45.76.218.11\n";
    } else if (i % 1000 == 500) {
      log += "Nov 26 06:21:37 fw kernel: n=" + n + " DST=45.76.218.116 notmicrosoftmse.com\n";
    } else {
      log += "Nov 26 06:21:37 fw kernel: n=" + n + " DST=10.9." + std::to_string(i % 200) + ".7\n";
    }
  }
  return log;
}

std::string Zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3));
  return out;
}

std::string Xz(const std::string& in, bool legacy) {
  std::string out(in.size() + 4096, '\0');
  lzma_stream strm = LZMA_STREAM_INIT;
  lzma_options_lzma opt;
  lzma_lzma_preset(&opt, 1);
  EXPECT_EQ(
      legacy ? lzma_alone_encoder(&strm, &opt) : lzma_easy_encoder(&strm, 1, LZMA_CHECK_CRC64),
      LZMA_OK);
  strm.next_in = reinterpret_cast<const uint8_t*>(in.data());
  strm.avail_in = in.size();
  strm.next_out = reinterpret_cast<uint8_t*>(out.data());
  strm.avail_out = out.size();
  EXPECT_EQ(lzma_code(&strm, LZMA_FINISH), LZMA_STREAM_END);
  out.resize(out.size() - strm.avail_out);
  lzma_end(&strm);
  return out;
}

std::string Bzip2(const std::string& in) {
  std::string out(in.size() + 4096, '\0');
  unsigned size = static_cast<unsigned>(out.size());
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char*>(in.data()),
                                     static_cast<unsigned>(in.size()), 1, 0, 0),
            BZ_OK);
  out.resize(size);
  return out;
}

struct Outcome {
  std::vector<Finding> findings;
  Diagnostics diags;
  Result<HuntStats> stats = HuntStats();
};

Outcome HuntFiles(const std::vector<std::string>& paths, HuntOptions options = {}) {
  static const IntelSet intel = Intel();
  Outcome run;
  std::mutex mu;
  run.stats = HuntPaths(
      paths, intel, options,
      [&](const Finding& f) {
        std::lock_guard<std::mutex> lock(mu);
        run.findings.push_back(f);
      },
      run.diags);
  return run;
}

class TempDir {
 public:
  // The process id keeps two checkouts' test runs apart.
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() / (name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::string p = (path_ / name).string();
    EXPECT_TRUE(WriteFile(p, bytes).ok());
    return p;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<std::uint64_t> Lines(const std::vector<Finding>& findings) {
  std::vector<std::uint64_t> lines;
  for (const Finding& f : findings) lines.push_back(f.log_line);
  return lines;
}

TEST(HuntCompressed, ZstdXzLzmaBzip2ByMagicAndConcatenated) {
  TempDir dir("shrike_hunt_compressed");
  std::string log = Log();
  // Names that lie about the content: the magic decides.
  std::vector<std::string> files = {
      dir.Write("a.log", Zstd(log)),
      dir.Write("b.gz", Xz(log, false)),
      dir.Write("c.txt", Xz(log, true)),
      dir.Write("d.zst", Bzip2(log)),
      dir.Write("e.log", Zstd(log.substr(0, 100000)) + Zstd(log.substr(100000))),
      dir.Write("f.log", Bzip2(log.substr(0, 50000)) + Bzip2(log.substr(50000))),
      dir.Write("g.log", Xz(log.substr(0, 70000), false) + Xz(log.substr(70000), false))};
  for (const std::string& file : files) {
    Outcome run = HuntFiles({file});
    EXPECT_TRUE(run.diags.empty()) << file << ": " << run.diags.warnings()[0].ToString();
    EXPECT_EQ(Lines(run.findings), (std::vector<std::uint64_t>{1000, 2000, 3000, 4000})) << file;
    ASSERT_TRUE(run.stats.ok());
    EXPECT_EQ(run.stats->records, 4000u) << file;
  }
  EXPECT_EQ(logs_internal::SniffCompression("BZh9 is just text in a log line"),
            logs_internal::Compression::kNone);
}

TEST(HuntCompressed, TruncatedStreamsKeepTheDataBeforeAndWarnWithOffset) {
  TempDir dir("shrike_hunt_truncated");
  // Not repetitive, so that every format spreads it over many blocks.
  std::string log;
  std::uint64_t seed = 42;
  for (int i = 1; i <= 16000; ++i) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    log += "Nov 26 06:21:37 fw kernel: r=" + std::to_string(seed >> 20) +
           (i % 1000 == 0 ? " DST=45.76.218.11\n" : " DST=10.1.2.3\n");
  }
  struct Case {
    std::string name, bytes;
  };
  std::vector<Case> cases = {{"cut.zst", Zstd(log)},
                             {"cut.xz", Xz(log, false)},
                             {"cut.bz2", Bzip2(log)},
                             {"cut.lzma", Xz(log, true)}};
  for (Case& c : cases) {
    c.bytes.resize(c.bytes.size() * 3 / 4);
    std::string file = dir.Write(c.name, c.bytes);
    Outcome run = HuntFiles({file});
    ASSERT_EQ(run.diags.size(), 1u) << c.name;
    const Error& e = run.diags.warnings()[0];
    EXPECT_EQ(e.where().file, file);
    EXPECT_TRUE(e.where().has_offset);
    EXPECT_GT(e.where().line, 4000u) << c.name << ": data before the cut is read";
    EXPECT_NE(e.message().find("truncated or corrupt at compressed offset"), std::string::npos)
        << e.message();
    EXPECT_GE(run.findings.size(), 4u) << c.name;
    for (const Finding& f : run.findings) EXPECT_EQ(f.log_line % 1000, 0u);
  }
  // Corrupt in the middle: an error, not a crash or a hang.
  std::string bad = Zstd(log);
  for (std::size_t i = bad.size() / 2; i < bad.size() / 2 + 64; ++i) bad[i] ^= 0x5A;
  Outcome run = HuntFiles({dir.Write("bad.zst", bad)});
  EXPECT_EQ(run.diags.size(), 1u);
}

TEST(HuntBinary, Utf16AndAsciiRunsWithTokenBoundaries) {
  std::string blob(6000, '\0');
  auto put16 = [&](std::size_t at, const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) blob[at + 2 * i] = text[i];
  };
  put16(101, "beacon 45.76.218.11:443");  // odd offset
  put16(1000, "dns www.notmicrosoftmse.com 45.76.218.116");
  put16(2000, "dns cdn.microsoftmse.com");
  blob.replace(4000, 20, "ascii 45.76.218.11 x");
  HuntOptions options;
  for (bool prefilter : {true, false}) {
    options.prefilter = prefilter;
    static const IntelSet intel = Intel();
    std::vector<Finding> findings;
    Diagnostics diags;
    HuntBuffer(
        blob, "mem.dmp", intel, options, [&](const Finding& f) { findings.push_back(f); }, diags);
    EXPECT_TRUE(diags.empty());
    ASSERT_EQ(findings.size(), 3u);
    EXPECT_EQ(findings[0].log_offset, 101u);
    EXPECT_EQ(findings[0].enrichments[0].atomic, "45.76.218.11");
    EXPECT_EQ(findings[1].log_offset, 2000u);
    EXPECT_EQ(findings[1].enrichments[0].atomic, "cdn.microsoftmse.com");
    EXPECT_EQ(findings[2].log_offset, 4000u);
    EXPECT_EQ(findings[2].log_line, 0u);
  }
}

TEST(HuntBinary, Utf16LogFileWithBom) {
  TempDir dir("shrike_hunt_utf16");
  std::string text =
      "Nov 26 06:21:37 host1 app: 45.76.218.116\r\nNov 26 06:21:38 host1 app: "
      "45.76.218.11\r\n";
  std::string bytes = "\xFF\xFE";
  for (char c : text) bytes += std::string{c, '\0'};
  HuntOptions options;
  options.year = 2025;
  Outcome run = HuntFiles({dir.Write("u16.log", bytes)}, options);
  ASSERT_EQ(run.findings.size(), 1u);
  EXPECT_EQ(FormatIsoTime(run.findings[0].timestamp), "2025-11-26T06:21:38Z");
  EXPECT_EQ(run.findings[0].host, "host1");
  EXPECT_EQ(run.findings[0].log_offset, 2u + 2 * text.find("Nov 26 06:21:38"));
}

// Counts the events it sees; checks it is never called concurrently.
class CountingObserver : public EventObserver {
 public:
  void Observe(const Event&, const std::string&, const FindingCallback&) override {
    if (inside_.exchange(true)) concurrent_ = true;
    ++events_;
    inside_ = false;
  }
  std::atomic<bool> inside_{false};
  bool concurrent_ = false;
  std::uint64_t events_ = 0;
};

TEST(HuntThreads, SameFindingsInOrderPerInput) {
  TempDir dir("shrike_hunt_threads");
  std::vector<std::string> files;
  for (int i = 0; i < 6; ++i) files.push_back(dir.Write("f" + std::to_string(i) + ".log", Log()));
  files.push_back(dir.Write("z.zst", Zstd(Log())));
  Outcome one = HuntFiles({dir.path().string()});
  HuntOptions options;
  options.threads = 3;
  CountingObserver observer;
  options.observer = &observer;
  Outcome three = HuntFiles({dir.path().string()}, options);
  ASSERT_TRUE(three.stats.ok());
  EXPECT_EQ(three.stats->files, 7u);
  EXPECT_EQ(three.stats->records, 7u * 4000);
  EXPECT_EQ(observer.events_, 7u * 4000);
  EXPECT_FALSE(observer.concurrent_);
  ASSERT_EQ(one.findings.size(), 28u);
  ASSERT_EQ(three.findings.size(), 28u);
  std::map<std::string, std::vector<std::uint64_t>> per_one, per_three;
  for (const Finding& f : one.findings) per_one[f.log_path].push_back(f.log_line);
  for (const Finding& f : three.findings) per_three[f.log_path].push_back(f.log_line);
  EXPECT_EQ(per_one, per_three);
  for (const auto& [path, lines] : per_three) {
    EXPECT_EQ(lines, (std::vector<std::uint64_t>{1000, 2000, 3000, 4000})) << path;
  }
}

void Append(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  ASSERT_NE(f, nullptr);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

// Waits until the hunt has reported n findings (or 10 s).
bool WaitFor(const std::vector<Finding>& findings, std::mutex& mu, std::size_t n) {
  for (int i = 0; i < 1000; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (findings.size() >= n) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(HuntFollow, GrowthRotationTruncationAndStop) {
  TempDir dir("shrike_hunt_follow");
  std::string a = dir.Write("a.log", "Nov 26 06:00:01 h p: 45.76.218.11 one\n");
  std::string b = (dir.path() / "b.log").string();  // does not exist yet
  static const IntelSet intel = Intel();
  std::atomic<bool> stop{false};
  HuntOptions options;
  options.follow = true;
  options.stop = &stop;
  options.follow_poll_ms = 20;
  std::vector<Finding> findings;
  std::mutex mu;
  Diagnostics diags;
  Result<HuntStats> stats = HuntStats();
  std::thread hunt([&] {
    stats = HuntPaths(
        {a, b}, intel, options,
        [&](const Finding& f) {
          std::lock_guard<std::mutex> lock(mu);
          findings.push_back(f);
        },
        diags);
  });
  ASSERT_TRUE(WaitFor(findings, mu, 1));
  Append(a, "Nov 26 06:00:02 h p: 45.76.218.116 near miss\nNov 26 06:00:03 h p: partial ");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Append(a, "45.76.218.11 two\n");  // the line is complete only now
  ASSERT_TRUE(WaitFor(findings, mu, 2));
  fs::rename(a, a + ".1");  // rotation: the old file is finished, the new one read from 0
  Append(a + ".1", "Nov 26 06:00:04 h p: 45.76.218.11 three\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Append(a, "Nov 26 06:00:05 h p: 45.76.218.11 four\n");
  ASSERT_TRUE(WaitFor(findings, mu, 4));
  Append(b, "Nov 26 06:00:06 h p: www.microsoftmse.com five\n");  // a file that appears
  ASSERT_TRUE(WaitFor(findings, mu, 5));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(WriteFile(a, "").ok());  // copytruncate
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Append(a, "Nov 26 06:00:07 h p: 45.76.218.11 six\n");
  ASSERT_TRUE(WaitFor(findings, mu, 6));
  stop = true;
  hunt.join();
  ASSERT_TRUE(stats.ok());
  std::vector<std::string> seen;
  for (const Finding& f : findings) {
    std::string message;
    for (const auto& [k, v] : f.fields) {
      if (k == "message") message = v.substr(v.rfind(' ') + 1);
    }
    seen.push_back(message + "@" + std::to_string(f.log_line));
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"one@1", "two@3", "three@4", "four@1", "five@1", "six@1"}));
}

TEST(HuntFollow, CliStopsOnSigtermWithFindingsWritten) {
  TempDir dir("shrike_hunt_follow_cli");
  std::string log = dir.Write("a.log", "Nov 26 06:00:01 h p: 45.76.218.11\n");
  std::string intel = dir.Write("i.csv", "type,value\nip,45.76.218.11\n");
  std::string out = (dir.path() / "out.json").string();
  // Each step waits for the findings before it (the hunt is reading, its
  // handlers installed: a background job's early SIGINT would be ignored).
  auto wait_lines = [&](int n) {
    return "for i in $(seq 100); do [ $(cat '" + out + "' 2>/dev/null | wc -l) -ge " +
           std::to_string(n) + " ] && break; sleep 0.1; done; ";
  };
  std::string cmd = "(" + std::string(SHRIKE_BINARY) + " hunt --follow '" + log + "' --intel '" +
                    intel + "' -o '" + out + "' & pid=$!; " + wait_lines(1) +
                    "echo 'Nov 26 06:00:02 h p: 45.76.218.11' >> '" + log + "'; " + wait_lines(2) +
                    "kill -TERM $pid; wait $pid)";
  int rc = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(rc));
  EXPECT_EQ(WEXITSTATUS(rc), 1) << "findings: exit 1, after a clean stop";
  std::string text = testing::ReadTestFile(out);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  // Standard input, blocked on a pipe whose writer is still there: SIGINT
  // ends the read at once (the writer outlives the hunt by seconds).
  std::filesystem::remove(out);
  // (dash's `wait` waits for the whole pipeline, so the hunt's own end is
  // seen by ps: gone or a zombie well before the writer ends.)
  std::string pipe = "({ echo 'Nov 26 06:00:03 h p: 45.76.218.11'; sleep 4; } | " +
                     std::string(SHRIKE_BINARY) + " hunt --follow - --intel '" + intel + "' -o '" +
                     out + "' & pid=$!; " + wait_lines(1) + "kill -INT $pid; " +
                     "for i in $(seq 15); do case \"$(ps -o stat= -p $pid)\" in Z*|'') break;; " +
                     "esac; sleep 0.1; done; case \"$(ps -o stat= -p $pid)\" in Z*|'') ;; " +
                     "*) exit 9;; esac; wait $pid)";
  rc = std::system(pipe.c_str());
  EXPECT_EQ(WEXITSTATUS(rc), 1) << "9: still reading the pipe after SIGINT";
  text = testing::ReadTestFile(out);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
}

}  // namespace
}  // namespace shrike
