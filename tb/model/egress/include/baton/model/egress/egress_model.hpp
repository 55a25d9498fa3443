// SPDX-License-Identifier: Apache-2.0
// Reference model of the egress (docs/egress.md), independent of the RTL: given the order
// appends and the completions, which frames each output must carry, in which order per ordering
// bucket, and the counters. It keeps one queue per bucket in append order and releases a
// bucket's head as soon as it is complete, so the per-bucket order of every output is the
// append order restricted to the packets sent there.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "baton/abi.hpp"
#include "baton/records.hpp"

namespace baton::model::egress {

class EgressModel {
 public:
  struct Config {
    unsigned num_ports = 4;
    unsigned slot_bytes = 2048;
  };

  // Counter indices of the egress counter map (docs/egress.md).
  static constexpr unsigned kNumCounters = 512;
  static constexpr unsigned cnt_drop(unsigned reason) { return reason & 0xff; }
  static constexpr unsigned cnt_tx(unsigned port) { return abi::egress_counter::kTxBase + port; }
  static constexpr unsigned kCntToHost = abi::egress_counter::kToHost;
  static constexpr unsigned kCntDone = abi::egress_counter::kDone;

  struct Frame {
    std::uint64_t id = 0;  // the caller's packet token
    std::vector<std::uint8_t> bytes;
    std::uint8_t in_port = 0;
    bool operator==(const Frame&) const = default;
  };

  explicit EgressModel(Config cfg);

  // A packet enters the order of `bucket`. `id` is the caller's unique token for the packet.
  // Returns an error text when the append breaks the contract (id reused, seq not consecutive).
  std::optional<std::string> append(std::uint32_t bucket, std::uint16_t seq, std::uint64_t id);

  // The packet's completion; `frame` is the packet's bytes as the output must carry them (the
  // first ctx.pkt_len bytes of its slot at completion time). Returns an error text for a
  // completion of an unknown or already completed packet.
  std::optional<std::string> complete(std::uint64_t id, ThreadOp op, std::uint8_t arg,
                                      std::vector<std::uint8_t> frame, std::uint8_t in_port);

  // Output o (0..num_ports-1 the ports, num_ports the host): per bucket, the frames in order.
  [[nodiscard]] const std::map<std::uint32_t, std::vector<Frame>>& expected(unsigned o) const {
    return out_.at(o);
  }
  [[nodiscard]] std::uint64_t counter(unsigned index) const { return counters_.at(index); }
  [[nodiscard]] std::uint64_t released() const { return released_; }
  [[nodiscard]] std::uint64_t waiting() const { return waiting_; }  // appended, not released
  [[nodiscard]] std::uint64_t held() const { return held_; }  // completions behind an unfinished one
  [[nodiscard]] unsigned outputs() const { return cfg_.num_ports + 1; }

 private:
  struct Pending {
    std::uint32_t bucket = 0;
    bool done = false;
    ThreadOp op = ThreadOp::kDone;
    std::uint8_t arg = 0;
    Frame frame;
  };

  void release(const Pending& p);

  Config cfg_;
  std::unordered_map<std::uint64_t, Pending> pending_;
  std::unordered_map<std::uint32_t, std::deque<std::uint64_t>> order_;
  std::unordered_map<std::uint32_t, std::uint16_t> next_seq_;
  std::vector<std::map<std::uint32_t, std::vector<Frame>>> out_;
  std::vector<std::uint64_t> counters_;
  std::uint64_t released_ = 0, waiting_ = 0, held_ = 0;
};

}  // namespace baton::model::egress
