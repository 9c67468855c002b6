// The analysers of the sweep: file digests (OpenSSL EVP, several digests fed
// from the same buffers) and file names.
#include <openssl/evp.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "files/analyzer.h"

namespace shrike::files {
namespace {

// Base sub-scores: a digest identifies the file; a name only suggests it.
constexpr int kDigestScore = 100;
constexpr int kFilenameScore = 60;

struct MdFree {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdPtr = std::unique_ptr<EVP_MD, MdFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

struct DigestKind {
  IndicatorType type;
  const char* openssl_name;
  const char* field;
};
// In the order hits of equal score are reported (and the first names the
// rule): sha256, what reports publish most, before the others.
constexpr std::array<DigestKind, 4> kDigests = {{
    {IndicatorType::kSha256, "SHA256", "file.hash.sha256"},
    {IndicatorType::kSha512, "SHA512", "file.hash.sha512"},
    {IndicatorType::kSha1, "SHA1", "file.hash.sha1"},
    {IndicatorType::kMd5, "MD5", "file.hash.md5"},
}};

std::string ToHex(const unsigned char* bytes, unsigned int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '\0');
  for (unsigned int i = 0; i < n; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 0xf];
  }
  return out;
}

// One digest over the file's bytes. The EVP_MD is fetched once per
// pipeline (an implicit fetch per file costs a lock and a lookup).
class Digest {
 public:
  explicit Digest(const DigestKind& kind)
      : kind_(kind),
        md_(EVP_MD_fetch(nullptr, kind.openssl_name, nullptr)),
        ctx_(EVP_MD_CTX_new()) {}
  bool ok() const { return md_ && ctx_; }
  void Begin() { ok_ = EVP_DigestInit_ex2(ctx_.get(), md_.get(), nullptr) == 1; }
  void Update(std::span<const std::uint8_t> bytes) {
    if (ok_) ok_ = EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) == 1;
  }
  // The hex digest, empty when OpenSSL failed.
  std::string End() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!ok_ || EVP_DigestFinal_ex(ctx_.get(), out, &n) != 1) return {};
    return ToHex(out, n);
  }
  const DigestKind& kind() const { return kind_; }

 private:
  DigestKind kind_;
  MdPtr md_;
  MdCtxPtr ctx_;
  bool ok_ = false;
};

class DigestAnalyzer final : public FileAnalyzer {
 public:
  DigestAnalyzer(const IntelSet& intel, std::vector<Digest> digests)
      : intel_(intel), digests_(std::move(digests)) {}
  bool NeedsContent() const override { return true; }
  void Begin(const FileInfo&) override {
    for (Digest& d : digests_) d.Begin();
  }
  void Update(std::span<const std::uint8_t> bytes) override {
    for (Digest& d : digests_) d.Update(bytes);
  }
  void End(FileReport& report) override {
    for (Digest& d : digests_) Report(d.kind(), d.End(), report);
  }

 private:
  void Report(const DigestKind& kind, std::string hex, FileReport& report) const {
    if (hex.empty()) return;
    for (const Indicator* ind : intel_.MatchDigest(kind.type, hex)) {
      if (ind->benign.empty())
        report.hits.push_back({hex, kind.field, ind, ScoreHit(kDigestScore, *ind)});
    }
    report.fields.emplace_back(kind.field, std::move(hex));
  }

  const IntelSet& intel_;
  std::vector<Digest> digests_;
};

// Matches the base name against filename indicators (no content needed).
class FilenameAnalyzer final : public FileAnalyzer {
 public:
  explicit FilenameAnalyzer(const IntelSet& intel) : intel_(intel) {}
  bool NeedsContent() const override { return false; }
  void Begin(const FileInfo& file) override { name_ = file.name; }
  void Update(std::span<const std::uint8_t>) override {}
  void End(FileReport& report) override {
    for (const Indicator* ind : intel_.MatchValue(IndicatorType::kFilename, name_)) {
      if (ind->benign.empty())
        report.hits.push_back({name_, "file.name", ind, ScoreHit(kFilenameScore, *ind)});
    }
  }

 private:
  const IntelSet& intel_;
  std::string name_;
};

std::vector<Digest> NeededDigests(const IntelSet& intel, bool all_digests) {
  std::vector<Digest> digests;
  for (const DigestKind& kind : kDigests) {
    bool inventoried = all_digests && kind.type != IndicatorType::kSha512;
    if (!inventoried && !intel.Has(kind.type)) continue;
    Digest d(kind);
    if (d.ok()) digests.push_back(std::move(d));
  }
  return digests;
}

}  // namespace

int ScoreHit(int base, const Indicator& indicator) {
  int confidence = indicator.context ? indicator.context->confidence : -1;
  if (confidence < 0 || confidence > 100) return base;
  return base * confidence / 100;
}

Pipeline MakeAnalyzers(const IntelSet& intel) { return MakeAnalyzers(intel, false); }

Pipeline MakeAnalyzers(const IntelSet& intel, bool all_digests) {
  Pipeline pipeline;
  std::vector<Digest> digests = NeededDigests(intel, all_digests);
  if (!digests.empty())
    pipeline.push_back(std::make_unique<DigestAnalyzer>(intel, std::move(digests)));
  if (intel.Has(IndicatorType::kFilename))
    pipeline.push_back(std::make_unique<FilenameAnalyzer>(intel));
  return pipeline;
}

}  // namespace shrike::files
