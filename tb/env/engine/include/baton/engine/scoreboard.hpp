// Scoreboard of the engine system test: every ingress packet is run through the golden model
// (tb/model/golden) when it is offered; every frame leaving an egress port or the host stream is
// matched against the golden verdicts of its output, per ordering key (docs/feature-set.md
// section 6: order within a key enforced, across keys free). Drops are compared by reason from
// the engine's counters at the end (finish()); the hardware drops 0x80..0x86, which the golden
// model never predicts, are accounted separately: each one must explain exactly one missing
// verdict. Every output frame's checksums are verified by an independent routine (tb/net).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "baton/golden/router.hpp"

namespace baton::engine {

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

// Checks the IPv4 header checksum of an IPv4 frame and, when `icmp` is set, the ICMP/ICMPv6
// checksum; returns a description of the first error, or nothing.
std::optional<std::string> check_frame_checksums(std::span<const std::uint8_t> frame, bool icmp);

class Scoreboard {
 public:
  Scoreboard(golden::Config config, unsigned num_ports);

  // Packet `index` enters; returns its golden verdict.
  const golden::Verdict& expect(std::size_t index, const golden::Packet& p);
  // A frame left egress port `out` (out == num_ports: the host stream, `tuser` = ingress port).
  // Returns the index of the packet it answers, or nothing after recording an error.
  std::optional<std::size_t> observe(unsigned out, std::span<const std::uint8_t> frame, unsigned tuser);
  // Compares the drops and counters with the engine's and checks the accounting invariant.
  void finish(const HwCounters& hw);

  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }
  [[nodiscard]] std::uint64_t mismatches() const { return mismatches_; }
  [[nodiscard]] std::uint64_t matched() const { return matched_; }
  [[nodiscard]] std::uint64_t outstanding() const;  // expected outputs not seen (yet)
  [[nodiscard]] std::uint64_t hw_drops() const { return hw_drops_; }
  [[nodiscard]] const golden::Counters& golden_counters() const { return router_.counters(); }
  [[nodiscard]] const golden::Verdict& verdict(std::size_t index) const { return verdicts_.at(index); }

 private:
  struct Expected {
    std::size_t index;
    std::vector<std::uint8_t> frame;
    unsigned in_port;
    bool reply;
  };
  void error(std::string what);

  golden::Router router_;
  unsigned num_ports_;
  std::map<std::size_t, golden::Verdict> verdicts_;
  // output -> ordering key -> expected frames in arrival order
  std::vector<std::map<std::string, std::deque<Expected>>> queues_;
  std::vector<std::string> errors_;
  std::vector<std::string> skipped_;  // expected outputs passed over by a later packet of their flow
  std::uint64_t mismatches_ = 0, matched_ = 0, hw_drops_ = 0;
};

}  // namespace baton::engine
