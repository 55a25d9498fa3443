// SPDX-License-Identifier: Apache-2.0
// Cycle-level reference model of the round-robin arbiter (baton_rr_arb), from its specification:
//   - the grant goes to the first requester at or after the priority pointer, wrapping around;
//   - after a transfer (out_valid && out_ready) the pointer moves to the winner + 1 (mod N);
//   - with lock: a grant presented and not accepted is presented again next cycle as long as its
//     requester still requests; if it withdrew, arbitration happens normally in that cycle;
//   - req_ready is one-hot on the winner when out_ready, zero otherwise.
// FairnessChecker states the fairness promise on its own: a requester that keeps requesting is
// granted within N transfers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace baton::model::common {

class RrArbModel {
 public:
  RrArbModel(unsigned n, bool lock) : n_(n), lock_(lock) {
    if (n == 0) throw std::invalid_argument("RrArbModel: n must be >= 1");
  }

  struct Grant {
    bool valid = false;
    unsigned idx = 0;  // meaningful only when valid
  };

  [[nodiscard]] Grant grant(const std::vector<bool>& req) const {
    if (lock_ && held_ && req.at(*held_)) return {true, *held_};
    return pick(req);
  }

  // The round-robin choice alone, as if nothing were held.
  [[nodiscard]] Grant pick(const std::vector<bool>& req) const {
    for (unsigned k = 0; k < n_; ++k) {
      const unsigned i = (ptr_ + k) % n_;
      if (req.at(i)) return {true, i};
    }
    return {};
  }

  // Advances one clock edge; returns the index that transferred, if any.
  std::optional<unsigned> clock(const std::vector<bool>& req, bool out_ready) {
    const Grant g = grant(req);
    held_.reset();
    if (!g.valid) return std::nullopt;
    if (!out_ready) {
      held_ = g.idx;
      return std::nullopt;
    }
    ptr_ = (g.idx + 1) % n_;
    return g.idx;
  }

  void reset() {
    ptr_ = 0;
    held_.reset();
  }

 private:
  unsigned n_;
  bool lock_;
  unsigned ptr_ = 0;
  std::optional<unsigned> held_;
};

// Counts, for each requester that has been requesting without a break, the transfers granted to
// others since it started waiting; more than N-1 means it was passed over unfairly.
class FairnessChecker {
 public:
  explicit FairnessChecker(unsigned n) : n_(n), waited_(n, 0), waiting_(n, false) {}

  // Call once per cycle with the requests of the cycle and the index that transferred (if any).
  // Returns an error message when the promise is broken.
  std::optional<std::string> cycle(const std::vector<bool>& req, std::optional<unsigned> winner) {
    for (unsigned i = 0; i < n_; ++i) {
      if (!req.at(i)) {
        waiting_[i] = false;
        waited_[i] = 0;
        continue;
      }
      if (!waiting_[i]) {
        waiting_[i] = true;
        waited_[i] = 0;
      }
      if (!winner) continue;
      if (*winner == i) {
        waiting_[i] = false;  // served; a new wait starts with its next request
        waited_[i] = 0;
      } else if (++waited_[i] > n_ - 1) {
        return fmt::format("requester {} passed over by {} consecutive grants to others (N = {})",
                           i, waited_[i], n_);
      }
    }
    return std::nullopt;
  }

 private:
  unsigned n_;
  std::vector<unsigned> waited_;
  std::vector<bool> waiting_;
};

}  // namespace baton::model::common
