// SPDX-License-Identifier: Apache-2.0
// Everything a run needs besides the hardware: the firmware image, the configuration compiled
// into the firmware's blob, the golden model's view of the same configuration, and traffic (the
// seeded generator of tb/net, or a capture).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "baton/golden/config.hpp"
#include "baton/golden/router.hpp"
#include "baton/image/image.hpp"
#include "baton/net/traffic.hpp"

namespace baton::env::engine {

struct Firmware {
  image::Image image;
  std::vector<std::uint8_t> blob;  // loads at 0x9000_0000 + blob_offset
  std::uint32_t blob_offset = 0;
  golden::Config config;
  std::string config_text;
};

// The whole text of a file (a configuration); std::runtime_error "<path>: cannot open" if it
// cannot be read.
std::string read_text_file(const std::string& path);

// `image_prefix`.bin/.json (baton-ld output) and a JSON router configuration. Throws
// std::runtime_error with one line naming the file on any problem.
Firmware load_firmware(const std::string& image_prefix, const std::string& config_path);
// The same with the configuration's text; `name` stands for the file in messages.
Firmware load_firmware_text(const std::string& image_prefix, const std::string& config_text, const std::string& name);

// `n` packets of the default traffic mix (tb/net TrafficGenerator, standard mix, VLAN tags,
// malformed frames, sizes 60..1518) for the configured ports below `num_ports`.
std::vector<golden::Packet> generated_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports);
// `n` packets of the default mix skewed towards one kind: `share` of the packets (0..1) are of
// kind `hot`, the rest follow the standard mix (for rebalancing: one partition gets most work).
std::vector<golden::Packet> skewed_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports,
                                           net::TrafficKind hot, double share);
// `n` packets of the uniform mix: every generator kind equally likely, the malformed ones
// (three tags, truncated tags, bad ARP, bad IPv6, bad ICMP/ICMPv6 checksums, ...) included.
std::vector<golden::Packet> uniform_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports);
// `n` packets of two-way sessions (tb/net SessionGenerator: TCP handshake, data both ways and
// FIN/RST, UDP request/response, ICMP echo sequences between hosts behind different ports,
// Zipf-like popularity, 10 % of the standard mix in between). Throws if a session port is not
// below `num_ports`.
std::vector<golden::Packet> session_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports);
// Only 64-byte IPv4 UDP frames to routed destinations (the forwarding benchmark).
std::vector<golden::Packet> ipv4_64_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports);
// The same with frames of `bytes` bytes (the generator's frame size, 64..1518).
std::vector<golden::Packet> ipv4_sized_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports,
                                               std::size_t bytes);
// Every record of a pcap file, entering on `in_port` (records longer than `max_bytes` are cut
// there, as the capture would have been replayed by a MAC with that limit).
std::vector<golden::Packet> pcap_traffic(const std::string& path, unsigned in_port);

// One capture of a replay. With a port, every record enters there; without, a pcapng record
// enters on the port numbered like its interface (the Wireshark convention: interface i is port
// i) and a classic pcap record on `default_port`.
struct CaptureSource {
  std::string path;
  std::optional<unsigned> port;
};
struct ReplayTraffic {
  std::vector<golden::Packet> packets;  // all records, merged by timestamp (stable)
  std::vector<std::uint64_t> ts_ns;     // each packet's capture time, nanoseconds since the epoch
};
// Reads every capture (pcap or pcapng) and merges the records by timestamp; ties keep the order
// of the sources and of the records. Throws std::runtime_error (one line) on a bad file or a
// record whose port is not below `num_ports`.
ReplayTraffic replay_traffic(const std::vector<CaptureSource>& sources, unsigned default_port, unsigned num_ports);

// Default paths compiled into the build.
std::string default_image_prefix();
// The reference firmware with the stateful firewall's partitions (router_fw, docs/firewall.md).
std::string firewall_image_prefix();
std::string default_config_path();
// The reference firmware on the reference configuration, loaded once per process.
const Firmware& reference_firmware();

}  // namespace baton::env::engine
