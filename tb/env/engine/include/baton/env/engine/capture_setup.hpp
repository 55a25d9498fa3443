// SPDX-License-Identifier: Apache-2.0
// A router configuration derived from a capture, so that replaying the capture through the
// engine routes, answers or sends to the host most of its frames instead of dropping them at L2.
//
// A capture taken on one link shows hosts talking to each other directly. The derived router
// sits between them, one host (MAC) per port:
// - every unicast MAC of the capture gets a port (sources first, in order of appearance; more
//   MACs than ports wrap around), and each frame enters on the port of its source MAC;
// - a port's MAC is the unicast destination its frames use most, so they pass L2 (a port with
//   no unicast traffic gets 02:00:00:00:00:1p);
// - every unicast source address (IPv4, IPv6 global) is a host behind the port of the frame's
//   source MAC, and every destination address not seen as a source one behind the port of the
//   frame's destination MAC: a /32 or /128 route to that port without next hop, and a
//   neighbour entry with that MAC;
// - the target address of an ARP request that no IP packet uses as a source becomes a router
//   address of the request's port, so the request is answered.
// Frames shorter than 60 bytes are padded with zeros when `pad` is set, as the sending host's
// NIC does on the wire (captures taken on a host are usually not padded).
#pragma once

#include <string>
#include <vector>

#include "baton/golden/router.hpp"
#include "baton/net/pcap.hpp"

namespace baton::env::engine {

struct CaptureSetup {
  std::string config_json;              // docs/feature-set.md section 2
  std::vector<golden::Packet> packets;  // every record, on its derived ingress port
};

CaptureSetup capture_setup(const net::PcapFile& file, unsigned num_ports, bool pad);

}  // namespace baton::env::engine
