// SPDX-License-Identifier: Apache-2.0
// The engine's event class table for the reference router's stateful firewall (docs/feature-set.md
// section 12, docs/firewall.md): what the host programs into the ingress CLASS registers (RTL) or
// the ISS engine model's FlowStateConfig.
#pragma once

#include <vector>

#include "baton/fw/accounting_classes.hpp"
#include "baton/fw/firewall.h"

namespace baton::fw {

// Every IPv4/IPv6 event (TCP of each type, UDP, ICMP, other, fragments) on every channel group
// looks its connection up by the connection key (CONN: both directions find one entry), inserting
// it, and starts at the firewall's entry partition, which runs the router's rules and hands the
// packets it would forward to the firewall's partitions. Timeouts (group 0, as the firmware arms
// them) go to the close partition's timeout entry.
inline std::vector<ClassRoute> firewall_classes() {
  using abi::EventType;
  std::vector<ClassRoute> r;
  for (unsigned group = 0; group < 4; ++group) {
    for (const auto t : {EventType::kIpv4, EventType::kIpv6, EventType::kTcp, EventType::kUdp, EventType::kIcmp,
                         EventType::kFragment, EventType::kTcpSyn, EventType::kTcpSynack, EventType::kTcpFin,
                         EventType::kTcpRst}) {
      r.push_back({(group << abi::kEventTypeBits) | static_cast<unsigned>(t), ClassLookup::kInsert, FWF_PART_IN, 0,
                   true});
    }
  }
  r.push_back({static_cast<unsigned>(EventType::kTimeout), ClassLookup::kNone, FWF_PART_CLOSE, FWF_ENTRY_TIMEOUT});
  return r;
}

}  // namespace baton::fw
