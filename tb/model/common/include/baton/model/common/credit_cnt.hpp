// SPDX-License-Identifier: Apache-2.0
// Cycle-level reference model of the credit counter (baton_credit_cnt), from its specification:
// credits in [0, max]; take spends one, give returns one, both together change nothing; a take
// without credit or a give beyond max is a protocol error that leaves the count unchanged.
#pragma once

#include <stdexcept>

namespace baton::model::common {

class CreditModel {
 public:
  CreditModel(unsigned max_credits, unsigned init_credits) : max_(max_credits), init_(init_credits) {
    if (max_credits == 0 || init_credits > max_credits) {
      throw std::invalid_argument("CreditModel: need 1 <= max and init <= max");
    }
    reset();
  }

  void reset() { credits_ = init_; }
  [[nodiscard]] unsigned credits() const { return credits_; }
  [[nodiscard]] bool avail() const { return credits_ > 0; }
  [[nodiscard]] bool full() const { return credits_ == max_; }
  [[nodiscard]] unsigned max() const { return max_; }

  // True when the operation of this cycle is legal.
  [[nodiscard]] bool legal(bool take, bool give) const {
    if (take && !give) return avail();
    if (give && !take) return !full();
    return true;
  }

  void clock(bool take, bool give) {
    if (!legal(take, give)) return;
    if (take && !give) --credits_;
    if (give && !take) ++credits_;
  }

 private:
  unsigned max_;
  unsigned init_;
  unsigned credits_ = 0;
};

}  // namespace baton::model::common
