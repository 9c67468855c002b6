#include "shrike/result.h"

namespace shrike {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid-argument";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kParse: return "parse";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kLimit: return "limit";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string Location::ToString() const {
  std::string out = file;
  if (line != 0) {
    out += ":" + std::to_string(line);
    if (column != 0) out += ":" + std::to_string(column);
  } else if (has_offset) {
    out += "@" + std::to_string(offset);
  }
  if (!record.empty()) out += out.empty() ? record : " (" + record + ")";
  return out;
}

std::string Error::ToString() const {
  std::string place = where_.ToString();
  return place.empty() ? message_ : place + ": " + message_;
}

}  // namespace shrike
