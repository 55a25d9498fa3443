// SPDX-License-Identifier: Apache-2.0
#include "baton/model/egress/egress_model.hpp"

#include <fmt/format.h>

namespace baton::model::egress {

EgressModel::EgressModel(Config cfg) : cfg_(cfg), out_(cfg.num_ports + 1), counters_(kNumCounters, 0) {}

std::optional<std::string> EgressModel::append(std::uint32_t bucket, std::uint16_t seq, std::uint64_t id) {
  if (pending_.contains(id)) return fmt::format("packet {} appended twice", id);
  auto [it, fresh] = next_seq_.try_emplace(bucket, seq);
  if (!fresh && it->second != seq) {
    return fmt::format("bucket {}: seq {} appended, {} expected", bucket, seq, it->second);
  }
  it->second = static_cast<std::uint16_t>(seq + 1);
  pending_[id] = Pending{bucket, false, ThreadOp::kDone, 0, {}};
  order_[bucket].push_back(id);
  ++waiting_;
  return std::nullopt;
}

std::optional<std::string> EgressModel::complete(std::uint64_t id, ThreadOp op, std::uint8_t arg,
                                                 std::vector<std::uint8_t> frame, std::uint8_t in_port) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return fmt::format("completion of packet {} that is not waiting", id);
  if (it->second.done) return fmt::format("packet {} completed twice", id);
  Pending& p = it->second;
  p.done = true;
  p.op = op;
  p.arg = arg;
  p.frame = Frame{id, std::move(frame), in_port};
  auto& q = order_.at(p.bucket);
  if (q.front() != id) ++held_;
  // Release every complete packet at the head of the bucket, in order.
  while (!q.empty()) {
    auto head = pending_.find(q.front());
    if (!head->second.done) break;
    release(head->second);
    pending_.erase(head);
    q.pop_front();
  }
  return std::nullopt;
}

void EgressModel::release(const Pending& p) {
  ++released_;
  --waiting_;
  const bool len_ok = !p.frame.bytes.empty() && p.frame.bytes.size() <= cfg_.slot_bytes;
  switch (p.op) {
    case ThreadOp::kSend:
      if (p.arg >= cfg_.num_ports) {
        ++counters_[cnt_drop(static_cast<unsigned>(DropReason::kBadPort))];
      } else if (!len_ok) {
        ++counters_[cnt_drop(static_cast<unsigned>(DropReason::kMalformed))];
      } else {
        ++counters_[cnt_tx(p.arg)];
        out_[p.arg][p.bucket].push_back(p.frame);
      }
      break;
    case ThreadOp::kToHost:
      if (!len_ok) {
        ++counters_[cnt_drop(static_cast<unsigned>(DropReason::kMalformed))];
      } else {
        ++counters_[kCntToHost];
        out_[cfg_.num_ports][p.bucket].push_back(p.frame);
      }
      break;
    case ThreadOp::kDrop: ++counters_[cnt_drop(p.arg)]; break;
    case ThreadOp::kDone: ++counters_[kCntDone]; break;
    default: ++counters_[cnt_drop(static_cast<unsigned>(DropReason::kNone))]; break;
  }
}

}  // namespace baton::model::egress
