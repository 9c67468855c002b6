// ExtractIndicators: HTML text content -> Unicode folding -> refanging ->
// scanning (+ the name dictionary) -> validation, normalisation,
// warninglists. Each stage keeps an OffsetMap so that every indicator points
// at its first byte in the original input.
#include "shrike/extract.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "intel/extract/html.h"
#include "intel/extract/normalize.h"
#include "intel/extract/refang.h"
#include "intel/extract/scanner.h"
#include "shrike/names.h"
#include "shrike/warninglist.h"

namespace shrike {
namespace {

// The input run through every text stage, with the way back to it.
class CleanText {
 public:
  explicit CleanText(std::string_view input) : input_(input) {
    if (extract::LooksLikeHtml(input)) html_ = extract::HtmlToText(input);
    folded_ = extract::FoldText(html_ ? std::string_view(html_->text) : input);
    refanged_ = extract::RefangText(folded_.text);
  }

  std::string_view text() const { return refanged_.text; }
  const extract::DefangSpans& defanged() const { return refanged_.defanged; }

  // The byte offset in the original input of clean-text position `pos`.
  std::size_t ToSource(std::size_t pos) const {
    std::size_t p = folded_.map.ToInput(refanged_.map.ToInput(pos));
    if (html_) p = html_->map.ToInput(p);
    return std::min(p, input_.size());
  }

 private:
  std::string_view input_;
  std::optional<extract::HtmlText> html_;
  extract::FoldedText folded_;
  extract::RefangedText refanged_;
};

// 1-based line numbers of byte offsets in the input.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    for (std::size_t p = text.find('\n'); p != std::string_view::npos; p = text.find('\n', p + 1))
      newlines_.push_back(p);
  }
  std::uint32_t LineOf(std::size_t offset) const {
    auto it = std::lower_bound(newlines_.begin(), newlines_.end(), offset);
    return static_cast<std::uint32_t>(it - newlines_.begin() + 1);
  }

 private:
  std::vector<std::size_t> newlines_;
};

const Warninglists& DefaultWarninglists() {
  static const Warninglists lists = Warninglists::Builtin();
  return lists;
}

// Named entities of the dictionary, as candidates with their canonical name.
void AddNames(const NameDictionary& names, std::string_view text,
              std::vector<extract::Candidate>& out) {
  for (const NameMatch& m : names.Find(text)) {
    if (m.entry == nullptr) continue;
    out.push_back({m.entry->type, m.entry->canonical, m.begin, m.end, false});
  }
}

class Collector {
 public:
  Collector(const ExtractOptions& options, const CleanText& clean, std::string_view input)
      : options_(options),
        clean_(clean),
        lines_(input),
        lists_(options.warninglists ? *options.warninglists : DefaultWarninglists()) {
    auto ctx = std::make_shared<IndicatorContext>();
    ctx->source = options.source;
    context_ = std::move(ctx);
  }

  void Reserve(std::size_t n) { seen_.reserve(n); }

  void Add(const extract::Candidate& c) {
    Result<std::string> value = NormalizeValue(c.type, c.value);
    if (!value.ok()) return;
    if (options_.unique && !seen_.insert(Key(c.type, *value)).second) return;
    Indicator ind;
    ind.type = c.type;
    ind.value = std::move(*value);
    ind.context = context_;
    ind.offset = clean_.ToSource(c.begin);
    ind.line = lines_.LineOf(ind.offset);
    ind.defanged = c.defanged;
    ind.benign = std::string(lists_.Match(ind.type, ind.value));
    if (!ind.benign.empty()) {
      result_.benign.push_back(ind);
      if (!options_.keep_benign) return;
    }
    result_.indicators.push_back(std::move(ind));
  }

  Extraction Take() && { return std::move(result_); }

 private:
  static std::string Key(IndicatorType type, std::string_view value) {
    std::string key(1, static_cast<char>(type));
    key.append(value);
    return key;
  }

  const ExtractOptions& options_;
  const CleanText& clean_;
  LineIndex lines_;
  const Warninglists& lists_;
  std::shared_ptr<const IndicatorContext> context_;
  std::unordered_set<std::string> seen_;  // (type, normalised value)
  Extraction result_;
};

}  // namespace

Extraction ExtractIndicators(std::string_view text, const ExtractOptions& options) {
  CleanText clean(text);
  std::vector<extract::Candidate> candidates =
      extract::ScanIndicators(clean.text(), clean.defanged());
  AddNames(options.names ? *options.names : NameDictionary::Builtin(), clean.text(), candidates);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return a.begin < b.begin; });
  Collector collector(options, clean, text);
  collector.Reserve(candidates.size());
  for (const extract::Candidate& c : candidates) collector.Add(c);
  return std::move(collector).Take();
}

}  // namespace shrike
