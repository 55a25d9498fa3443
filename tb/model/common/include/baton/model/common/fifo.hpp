// SPDX-License-Identifier: Apache-2.0
// Cycle-level reference model of a synchronous valid/ready FIFO (baton_fifo_sync) and of a spill
// register (baton_spill_reg), written from their behaviour specification:
//   - capacity Depth stored entries; in_ready = (stored < Depth), never dependent on out_ready;
//   - registered output (fall_through = false): out_valid = (stored > 0), out_data = oldest entry;
//   - fall-through: additionally, with nothing stored, out_valid = in_valid and out_data = in_data,
//     and an item taken in that same cycle is never stored;
//   - count = stored entries; full = !in_ready; empty = (stored == 0).
// A spill register is a two-entry FIFO with registered output.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <stdexcept>

namespace baton::model::common {

template <typename T>
class FifoModel {
 public:
  FifoModel(std::size_t depth, bool fall_through) : depth_(depth), fall_through_(fall_through) {
    if (depth == 0) throw std::invalid_argument("FifoModel: depth must be >= 1");
  }

  // Outputs in the current cycle for the given inputs (combinational view).
  struct Outputs {
    bool in_ready = false;
    bool out_valid = false;
    T out_data{};  // meaningful only when out_valid
    std::size_t count = 0;
    bool full = false;
    bool empty = true;
  };

  [[nodiscard]] Outputs outputs(bool in_valid, const T& in_data) const {
    Outputs o;
    o.in_ready = items_.size() < depth_;
    o.count = items_.size();
    o.full = !o.in_ready;
    o.empty = items_.empty();
    if (!items_.empty()) {
      o.out_valid = true;
      o.out_data = items_.front();
    } else if (fall_through_ && in_valid) {
      o.out_valid = true;
      o.out_data = in_data;
    }
    return o;
  }

  // What happened on the clock edge.
  struct Edge {
    bool pushed = false;          // the input item was accepted
    std::optional<T> popped;      // the item that left on the output
  };

  // Advances one clock edge with the inputs of this cycle.
  Edge clock(bool in_valid, const T& in_data, bool out_ready) {
    const Outputs o = outputs(in_valid, in_data);
    Edge e;
    e.pushed = in_valid && o.in_ready;
    if (o.out_valid && out_ready) e.popped = o.out_data;
    const bool passed_through = e.pushed && items_.empty() && e.popped.has_value();
    if (e.popped && !passed_through) items_.pop_front();
    if (e.pushed && !passed_through) items_.push_back(in_data);
    return e;
  }

  void reset() { items_.clear(); }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] std::size_t depth() const { return depth_; }

 private:
  std::size_t depth_;
  bool fall_through_;
  std::deque<T> items_;
};

template <typename T>
class SpillRegModel : public FifoModel<T> {
 public:
  SpillRegModel() : FifoModel<T>(2, false) {}
};

}  // namespace baton::model::common
