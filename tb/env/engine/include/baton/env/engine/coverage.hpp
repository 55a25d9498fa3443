// SPDX-License-Identifier: Apache-2.0
// Functional coverage of the engine system test, counted in C++ (Verilator 5.006 has no
// covergroups). A fixed set of bins, declared up front so that a bin never hit shows up as a
// hole, in groups:
//   drop     every drop reason of docs/feature-set.md section 9 that the engine gave a packet:
//            the firmware codes 0x01..0x4c and the hardware codes 0x85..0x8c
//   fault    the fault drops 0x80..0x84 (fault_illegal .. no_partition)
//   kind     the offered frame: ARP, IPv4/IPv6 x UDP/TCP/ICMP/other, fragments, other EtherType,
//            no Ethernet header, MAC error (tuser)
//   event    the ingress event type (docs/ingress.md, SP1) the frame carries: other, ARP,
//            IPv4, IPv6, TCP (ACK/data), TCP SYN, SYN-ACK, FIN, RST, UDP, ICMP, fragment; and the
//            lookup controller's timeout, which packet traffic never produces
//   action   the golden model's action: forward, reply, host, drop
//   fate     the engine's fate: sent, host, dropped, done
//   reply    the replies by kind (ARP, ICMP echo, ICMP time exceeded, and ICMPv6 likewise)
//   vlan     the frame's VLAN tag count: 0, 1, 2, 3+
//   size     frame length bands: runt (below min_frame), min..127, 128..255, 256..511,
//            512..1023, 1024..1518, 1519..max_frame (when max_frame > 1518), oversize
//   latency  cycles from a packet's last input beat to its output (sent or to the host): 0..255,
//            power-of-two bands from 256 to 16383, 16384+
//   path     ingress port -> egress port or host, for every packet that left the engine
//   queue    a CM partition queue's high-water mark (DEPTH[31:16]) as the environment reads it
// sample() takes one run; merge() adds another object's hits (several runs, several seeds).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "baton/env/engine/scoreboard.hpp"
#include "baton/golden/router.hpp"

namespace baton::env::engine {

struct CoverageBin {
  std::string group;
  std::string name;
  std::uint64_t hits = 0;
};

class SystemCoverage {
 public:
  struct Shape {
    unsigned ports = 4;
    std::size_t min_frame = 60;
    std::size_t max_frame = 1522;
    unsigned queue_capacity = 48;  // the CM context store (Capacity)
  };
  SystemCoverage() : SystemCoverage(Shape{}) {}
  explicit SystemCoverage(Shape shape);

  // One run: the offered packets, their golden verdicts and the engine's fates (all in packet
  // index order, as Scoreboard::verdicts() returns them; a fate's index selects the packet).
  // Throws std::invalid_argument when the packet and verdict lists differ in length or a fate's
  // index is out of range.
  void sample(const std::vector<golden::Packet>& packets,
              const std::vector<golden::Verdict>& golden, const std::vector<PacketVerdict>& fates);
  // One partition queue's high-water mark.
  void sample_queue(std::uint32_t high_water_mark);

  // Adds the other object's hits; both must have the same shape (else std::invalid_argument).
  void merge(const SystemCoverage& other);

  [[nodiscard]] const std::vector<CoverageBin>& bins() const { return bins_; }
  // Hits of one bin; std::out_of_range for a bin that does not exist.
  [[nodiscard]] std::uint64_t hits(std::string_view group, std::string_view name) const;
  [[nodiscard]] std::vector<CoverageBin> holes() const;
  [[nodiscard]] std::vector<CoverageBin> group(std::string_view g) const;
  [[nodiscard]] std::size_t covered() const { return bins_.size() - holes().size(); }
  // "group  bin  hits" lines with a per-group summary, then the holes.
  [[nodiscard]] std::string table() const;

  // The bin names used above, for tests that assert on them.
  static std::string drop_bin(unsigned code);               // "0x25 ipv4_bad_checksum"
  [[nodiscard]] static std::vector<unsigned> drop_codes();  // firmware codes, then 0x85..0x8c
  [[nodiscard]] std::vector<std::string> size_bins() const;

 private:
  void declare(std::string group, std::string name);
  void hit(std::string_view group, const std::string& name, std::uint64_t n = 1);
  [[nodiscard]] std::string size_bin(std::size_t bytes) const;

  Shape shape_;
  std::vector<CoverageBin> bins_;
  std::map<std::string, std::size_t, std::less<>> index_;  // "group/name" -> bins_ index
};

}  // namespace baton::env::engine
