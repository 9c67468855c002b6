// LiteralMatcher: a set of byte literals compiled into one Vectorscan block
// database, scanned in one pass. Shared by the name dictionary and the
// substring warninglists.
//
// Contract: Compile() once, then Scan() from any number of threads. Each scan
// borrows a scratch from a small mutex-guarded pool (scratch cannot be shared
// between concurrent scans), so steady-state scans allocate nothing in libhs.
#pragma once

#include <hs/hs.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "shrike/result.h"

namespace shrike::intel_internal {

struct HsDatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct HsScratchDeleter {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};
using HsDatabasePtr = std::unique_ptr<hs_database_t, HsDatabaseDeleter>;
using HsScratchPtr = std::unique_ptr<hs_scratch_t, HsScratchDeleter>;

struct Literal {
  std::string bytes;  // non-empty
  bool caseless = true;
};

class LiteralMatcher {
 public:
  // Compiles the literals; the id reported for a match is the literal's index.
  Status Compile(const std::vector<Literal>& literals) {
    if (literals.empty()) return Ok();
    std::vector<const char*> exprs;
    std::vector<std::size_t> lens;
    std::vector<unsigned> flags, ids;
    for (std::size_t i = 0; i < literals.size(); ++i) {
      exprs.push_back(literals[i].bytes.data());
      lens.push_back(literals[i].bytes.size());
      flags.push_back(literals[i].caseless ? HS_FLAG_CASELESS : 0u);
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                             static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db,
                             &err) != HS_SUCCESS) {
      std::string msg = err != nullptr && err->message != nullptr ? err->message : "unknown";
      hs_free_compile_error(err);
      return Error(ErrorCode::kInternal, "cannot compile literal set: " + msg);
    }
    std::lock_guard<std::mutex> lock(mu_);
    pool_.clear();  // scratch sized for the old database may be too small
    db_.reset(db);
    return Ok();
  }

  bool empty() const { return db_ == nullptr; }

  // Calls on_match(id, end) for every occurrence, in order of end offset.
  // OnMatch: void(unsigned id, std::size_t end).
  template <typename OnMatch>
  Status Scan(std::string_view text, OnMatch&& on_match) const {
    if (db_ == nullptr || text.empty()) return Ok();
    if (text.size() > kMaxScan) return Error(ErrorCode::kLimit, "text over 4 GiB");
    using Fn = std::remove_reference_t<OnMatch>;
    SHRIKE_TRY(HsScratchPtr scratch, Borrow());
    auto callback = [](unsigned id, unsigned long long, unsigned long long to, unsigned,
                       void* ctx) -> int {
      (*static_cast<Fn*>(ctx))(id, static_cast<std::size_t>(to));
      return 0;
    };
    hs_error_t rc = hs_scan(db_.get(), text.data(), static_cast<unsigned>(text.size()), 0,
                            scratch.get(), callback, &on_match);
    Return(std::move(scratch));
    if (rc != HS_SUCCESS) return Error(ErrorCode::kInternal, "hs_scan failed");
    return Ok();
  }

 private:
  Result<HsScratchPtr> Borrow() const {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!pool_.empty()) {
        HsScratchPtr s = std::move(pool_.back());
        pool_.pop_back();
        return s;
      }
    }
    hs_scratch_t* s = nullptr;
    if (hs_alloc_scratch(db_.get(), &s) != HS_SUCCESS) {
      return Error(ErrorCode::kInternal, "hs_alloc_scratch failed");
    }
    return HsScratchPtr(s);
  }

  void Return(HsScratchPtr s) const {
    std::lock_guard<std::mutex> lock(mu_);
    if (pool_.size() < kMaxPooled) pool_.push_back(std::move(s));
  }

  static constexpr std::size_t kMaxPooled = 64;
  static constexpr std::size_t kMaxScan = 0xffffffffu;  // hs_scan takes an unsigned length
  HsDatabasePtr db_;
  mutable std::mutex mu_;
  mutable std::vector<HsScratchPtr> pool_;
};

}  // namespace shrike::intel_internal
