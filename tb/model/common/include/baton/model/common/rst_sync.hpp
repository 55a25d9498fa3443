// SPDX-License-Identifier: Apache-2.0
// Reference model of the reset synchronizer (baton_rst_sync), from its specification: the output
// reset is asserted (low) whenever the input reset is low, without waiting for a clock, and is
// released on the `stages`-th rising clock edge at which the input reset is high.
#pragma once

namespace baton::model::common {

class RstSyncModel {
 public:
  explicit RstSyncModel(unsigned stages) : stages_(stages) {}

  // Output for the current level of the asynchronous input (no clock edge involved).
  [[nodiscard]] bool rst_no(bool rst_ni) const { return rst_ni && edges_high_ >= stages_; }

  // A rising clock edge with the input at `rst_ni`.
  void edge(bool rst_ni) {
    if (!rst_ni) {
      edges_high_ = 0;
    } else if (edges_high_ < stages_) {
      ++edges_high_;
    }
  }
  // The input fell between edges: the count restarts at once.
  void async_assert() { edges_high_ = 0; }

 private:
  unsigned stages_;
  unsigned edges_high_ = 0;  // edges seen with the input high since it last was low
};

}  // namespace baton::model::common
