// Evaluates a compiled condition program over one EventView
// (src/sigma/matching.cpp). Per thread: holds the Vectorscan scratch.
#pragma once

#include <vector>

#include "sigma/event_view.h"
#include "sigma/program.h"

namespace shrike::sigma_internal {

class Matcher {
 public:
  Matcher(const RuleSetData& data, const EventView& view, hs_scratch_t* scratch)
      : data_(data), view_(view), scratch_(scratch) {}
  bool Matches(const Program& program);

 private:
  bool Eval(const Program& p, int node, int depth);
  bool SelectionValue(const Program& p, int index);
  bool SelectionHolds(const sigma_internal::Selection& s);
  bool Test(const FieldTest& t);
  bool One(const FieldTest& t, const ValueMatcher& m);
  bool ExactSet(const FieldTest& t);
  bool Presence(const ValueMatcher& m, int field, bool& result) const;
  bool AnyValue(const ValueMatcher& m, int field);
  bool MatchValue(const ValueMatcher& m, const ViewValue& v);

  const RuleSetData& data_;
  const EventView& view_;
  hs_scratch_t* scratch_;
  std::vector<signed char> cache_;
};

}  // namespace shrike::sigma_internal
