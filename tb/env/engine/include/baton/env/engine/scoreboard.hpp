// SPDX-License-Identifier: Apache-2.0
// Scoreboard of the engine system test: every ingress packet is run through the golden model
// (tb/model/golden) when it is offered, and the engine's fate of that same packet, identified
// through the engine's observation port (docs/engine.md, "Observation port"), is compared with
// its golden verdict:
//   sent on port P  -> the golden model forwards or replies on P with exactly these bytes
//   to the host     -> the golden model sends it to the host, with these bytes and tuser
//   dropped, reason -> the golden model drops it with the same reason, or the reason is a
//                      resource drop (buffer_full 0x85, queue_full 0x86), or the test injected
//                      that fault for that packet (allow_fault)
//   DONE            -> never (the golden model has no such verdict)
// Order within an ordering key (docs/feature-set.md section 6: ingress port and flow key) is
// checked by packet index on every output; across keys it is free. Every output frame's
// checksums are verified by an independent routine (tb/net). finish() reports every packet
// without a fate and checks the engine's counters against the fates.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "baton/golden/router.hpp"
#include "baton/abi.hpp"

namespace baton::env::engine {

// Packet counters as the engine reports them (ingress and egress registers).
struct HwCounters {
  std::array<std::uint64_t, 16> port_rx{};
  std::array<std::uint64_t, 16> port_tx{};
  std::uint64_t to_host = 0;
  std::uint64_t done = 0;
  std::array<std::uint64_t, 256> drop{};  // by reason, ingress and egress together
  [[nodiscard]] std::uint64_t rx() const;
  [[nodiscard]] std::uint64_t tx() const;
  [[nodiscard]] std::uint64_t dropped() const;
};
// What the counters counted between `before` and `now` (several runs on one engine: each run's
// scoreboard checks only its own packets).
HwCounters counters_since(const HwCounters& now, const HwCounters& before);

// Checks the IPv4 header checksum of an IPv4 frame and, when `icmp` is set, the ICMP/ICMPv6
// checksum; returns a description of the first error, or nothing.
std::optional<std::string> check_frame_checksums(std::span<const std::uint8_t> frame, bool icmp);

// Hardware drop reasons that stand for resource exhaustion, not for a wrong verdict.
inline constexpr unsigned kDropBufferFull = static_cast<unsigned>(abi::DropReason::kBufferFull);
inline constexpr unsigned kDropQueueFull = static_cast<unsigned>(abi::DropReason::kQueueFull);
// Fault drop reasons (illegal, misaligned, access, watchdog, no partition): a contiguous range.
inline constexpr unsigned kFaultFirst = static_cast<unsigned>(abi::DropReason::kFaultIllegal);
inline constexpr unsigned kFaultLast = static_cast<unsigned>(abi::DropReason::kNoPartition);
static_assert(kFaultLast - kFaultFirst == 4, "the fault reasons and no_partition are contiguous");

// What the engine did with one ingress packet.
enum class Fate : std::uint8_t { kPending, kSent, kToHost, kDropped, kDone };

// One packet's verdict as the engine produced it, next to the golden model's.
struct PacketVerdict {
  std::size_t index = 0;
  unsigned in_port = 0;
  Fate fate = Fate::kPending;
  unsigned out_port = 0;          // kSent: the egress port
  unsigned reason = 0;            // kDropped: the drop reason code
  std::uint64_t latency = 0;      // cycles from the packet's last input beat to its fate
  golden::Action expected = golden::Action::kDrop;  // the golden model's action
  bool ok = false;                // the fate matched the golden verdict (or an allowed drop)
};

// "forward", "reply", "host", "drop", "done" or "pending", for reports.
std::string_view verdict_name(const PacketVerdict& v);

class Scoreboard {
 public:
  Scoreboard(golden::Config config, unsigned num_ports);

  // Packet `index` enters; returns its golden verdict.
  const golden::Verdict& expect(std::size_t index, const golden::Packet& p);
  // Verdicts the test computed ahead, by packet index, for a golden model whose outcome depends on
  // the arrival order across ports (the firewall, fed in arrival order): expect() takes them
  // instead of running its router in the order packets are offered.
  void preset_verdicts(std::vector<golden::Verdict> v) { preset_ = std::move(v); }

  // The engine's fate of packet `index` (ids from the observation port); `cycle` is when it
  // happened (the last output beat, or the drop). Each records an error if it contradicts the
  // golden verdict.
  void sent(std::size_t index, unsigned port, std::span<const std::uint8_t> frame, std::uint64_t latency);
  void to_host(std::size_t index, std::span<const std::uint8_t> frame, unsigned tuser, std::uint64_t latency);
  void dropped(std::size_t index, unsigned reason, std::uint64_t latency);
  void done(std::size_t index, std::uint64_t latency);
  // A frame on an output that no packet's fate explains (the observation port announced none).
  void unexplained(unsigned out, std::size_t bytes);

  // Drops that may stand in for a golden verdict. Resource drops are allowed by default; a
  // test that injects faults allows that fault code for the packets it targets.
  void allow_resource_drops(bool on) { allow_resource_ = on; }
  void allow_fault(std::size_t index, unsigned reason) { allowed_faults_[index].insert(reason); }

  // Reports every packet without a fate and compares the engine's counters with the fates
  // (and the FS9 accounting invariant).
  void finish(const HwCounters& hw);

  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }
  [[nodiscard]] std::uint64_t mismatches() const { return mismatches_; }
  [[nodiscard]] std::uint64_t matched() const { return matched_; }      // outputs equal to golden
  [[nodiscard]] std::uint64_t hw_drops() const { return hw_drops_; }    // allowed resource/fault drops
  [[nodiscard]] std::uint64_t pending() const;                          // packets without a fate
  [[nodiscard]] const golden::Counters& golden_counters() const { return router_.counters(); }
  [[nodiscard]] const golden::Verdict& verdict(std::size_t index) const { return verdicts_.at(index).golden; }
  // Every offered packet's verdict, in index order.
  [[nodiscard]] std::vector<PacketVerdict> verdicts() const;

 private:
  struct Entry {
    golden::Verdict golden;
    std::string key;  // ordering key
    PacketVerdict got;
  };
  Entry* entry(std::size_t index, const char* what);
  void check_order(unsigned out, const Entry& e);
  void error(std::string what);

  golden::Router router_;
  std::vector<golden::Verdict> preset_;
  unsigned num_ports_;
  std::map<std::size_t, Entry> verdicts_;
  // output -> ordering key -> highest packet index seen there
  std::vector<std::map<std::string, std::size_t>> last_;
  std::map<std::size_t, std::set<unsigned>> allowed_faults_;
  bool allow_resource_ = true;
  std::vector<std::string> errors_;
  std::uint64_t mismatches_ = 0, matched_ = 0, hw_drops_ = 0;
};

}  // namespace baton::env::engine
