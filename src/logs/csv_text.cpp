// CSV with a header line, and plain text / syslog lines.
#include <ctime>
#include <string>
#include <vector>

#include "core/strings.h"
#include "intel/csv.h"
#include "logs/readers.h"

namespace shrike::logs_internal {
namespace {

using intel_internal::CsvRecord;
using intel_internal::CsvTokenizer;

// One line as CSV cells (records do not span lines in log CSV).
bool SplitCsvLine(std::string_view text, const std::string& path, char delimiter,
                  std::vector<std::string>& cells) {
  CsvTokenizer tokenizer(text, path, delimiter);
  CsvRecord record;
  auto more = tokenizer.Next(record);
  if (!more.ok() || !*more) return false;
  cells = std::move(record.fields);
  return true;
}

class CsvParser : public LineParser {
 public:
  explicit CsvParser(std::string path) : path_(std::move(path)) {}

  bool Parse(const Line& line, Event& event, Diagnostics& diags) override {
    std::vector<std::string> cells;
    if (names_.empty()) {
      if (!SplitCsvLine(line.text, path_, ',', names_)) names_ = {"message"};
      for (auto& name : names_) name = std::string(Trim(name));
      return false;
    }
    if (!SplitCsvLine(line.text, path_, ',', cells) || cells.size() != names_.size()) {
      diags.Warn(Error(ErrorCode::kParse,
                       "CSV record has " + std::to_string(cells.size()) + " cells, header " +
                           std::to_string(names_.size()),
                       LineLocation(path_, line)));
      return false;
    }
    event.kind = SourceKind::kCsv;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (!cells[i].empty()) event.fields.emplace_back(names_[i], std::move(cells[i]));
    }
    return true;
  }

 private:
  std::string path_;
  std::vector<std::string> names_;
};

std::vector<std::string_view> Words(std::string_view text, std::size_t max) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (out.size() < max) {
    pos = text.find_first_not_of(' ', pos);
    if (pos == std::string_view::npos) break;
    std::size_t end = text.find(' ', pos);
    out.push_back(text.substr(pos, end == std::string_view::npos ? end : end - pos));
    if (end == std::string_view::npos) break;
    pos = end;
  }
  return out;
}

int MonthIndex(std::string_view name) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i) {
    if (kMonths[i] == name) return i + 1;
  }
  return 0;
}

// "Nov 26 06:21:37" in the given year, UTC.
UnixTime ParseBsdTime(std::string_view month, std::string_view day, std::string_view clock,
                      int year) {
  int m = MonthIndex(month);
  if (m == 0 || day.empty() || day.size() > 2 || clock.size() < 8) return kNoTime;
  char iso[40];
  std::snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%.8s", year, m,
                std::atoi(std::string(day).c_str()), clock.data());
  return ParseIsoTime(iso);
}

int CurrentYear() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

class TextParser : public LineParser {
 public:
  TextParser(std::string path, int year) : path_(std::move(path)), year_(year) {
    if (year_ == 0) year_ = CurrentYear();
  }

  bool Parse(const Line& line, Event& event, Diagnostics&) override {
    event.kind = SourceKind::kText;
    event.fields.emplace_back("message", std::string(line.text));
    std::string_view text = line.text;
    if (!text.empty() && text.front() == '<') text.remove_prefix(text.find('>') + 1);
    auto words = Words(text, 6);
    if (words.size() >= 2 && words[0] == "1") words.erase(words.begin());  // RFC 5424
    std::size_t host_at = TimeWords(words, event);
    if (event.timestamp != kNoTime && host_at < words.size()) event.host = words[host_at];
    return true;
  }

 private:
  // Sets event.timestamp from the leading words; returns the index of the
  // host word after it (or words.size() when there is none).
  std::size_t TimeWords(const std::vector<std::string_view>& w, Event& event) const {
    if (w.size() >= 3 && MonthIndex(w[0]) != 0) {
      event.timestamp = ParseBsdTime(w[0], w[1], w[2], year_);
      return 3;
    }
    if (w.size() >= 2 &&
        (event.timestamp = ParseEventTime(std::string(w[0]) + " " + std::string(w[1]))) !=
            kNoTime &&
        w[0].size() == 10) {
      return 2;
    }
    event.timestamp = w.empty() || w[0].size() < 10 ? kNoTime : ParseIsoTime(w[0]);
    return 1;
  }

  std::string path_;
  int year_;
};

}  // namespace

std::unique_ptr<LineParser> MakeCsvParser(const std::string& path) {
  return std::make_unique<CsvParser>(path);
}

std::unique_ptr<LineParser> MakeTextParser(const std::string& path, int year) {
  return std::make_unique<TextParser>(path, year);
}

}  // namespace shrike::logs_internal
