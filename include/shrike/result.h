// Result<T>: the one error-carrying return type of libshrike.
//
// Every fallible function returns Result<T> (or Status for no value). An Error
// carries a code, a human message and the place in the input it concerns
// (file, line, column, byte offset, record id). Errors caused by user input
// are data: they are reported and the caller decides whether to go on.
// Assertions are only for programmer errors.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace shrike {

enum class ErrorCode : std::uint8_t {
  kInvalidArgument,  // a caller passed something unusable
  kIo,               // the file system said no
  kParse,            // input is malformed
  kUnsupported,      // well-formed, but a feature we do not handle
  kLimit,            // a safety limit (size, depth, count) was reached
  kNotFound,         // a named thing does not exist
  kInternal,         // a library we call failed unexpectedly
};

const char* ErrorCodeName(ErrorCode code);

// Where in the input an error or an indicator was found. Every field is
// optional: 0 / empty means unknown.
struct Location {
  std::string file;
  std::uint64_t line = 0;    // 1-based
  std::uint64_t column = 0;  // 1-based, in bytes
  std::uint64_t offset = 0;  // byte offset from the start of the input
  bool has_offset = false;
  std::string record;  // e.g. a STIX object id, a MISP attribute uuid, a rule id

  // "file:line:column", "file@offset" or "file (record)" — whatever is known.
  std::string ToString() const;
};

class Error {
 public:
  Error(ErrorCode code, std::string message, Location where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const Location& where() const { return where_; }
  Location& where() { return where_; }

  // "file:line:col: message" (or just the message when no place is known).
  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string message_;
  Location where_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_{ErrorCode::kInternal, ""};
  bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

// Warnings collected while a reader goes on past bad input. Not thread-safe:
// one per reader.
class Diagnostics {
 public:
  void Warn(Error e) { warnings_.push_back(std::move(e)); }
  const std::vector<Error>& warnings() const { return warnings_; }
  bool empty() const { return warnings_.empty(); }
  std::size_t size() const { return warnings_.size(); }
  void Clear() { warnings_.clear(); }

 private:
  std::vector<Error> warnings_;
};

}  // namespace shrike

#define SHRIKE_CONCAT_INNER(a, b) a##b
#define SHRIKE_CONCAT(a, b) SHRIKE_CONCAT_INNER(a, b)

// SHRIKE_RETURN_IF_ERROR(status_expr): propagate an error from a Status or Result.
#define SHRIKE_RETURN_IF_ERROR(expr)                                    \
  do {                                                                  \
    auto&& shrike_status_ = (expr);                                     \
    if (!shrike_status_.ok()) return std::move(shrike_status_).error(); \
  } while (0)

// SHRIKE_TRY(auto x, expr): bind the value of a Result or return its error.
#define SHRIKE_TRY(decl, expr) SHRIKE_TRY_IMPL(SHRIKE_CONCAT(shrike_try_, __LINE__), decl, expr)
#define SHRIKE_TRY_IMPL(tmp, decl, expr)        \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  decl = std::move(tmp).value()
