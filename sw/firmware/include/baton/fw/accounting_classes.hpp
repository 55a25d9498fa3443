// SPDX-License-Identifier: Apache-2.0
// The engine's event class table for the reference router's flow accounting (docs/feature-set.md
// section 11, docs/firmware.md 13.8): what the host programs into the ingress CLASS registers (RTL)
// or the ISS engine model's FlowStateConfig, from one list.
#pragma once

#include <vector>

#include "baton/abi.hpp"
#include "baton/fw/accounting.h"

namespace baton::fw {

enum class ClassLookup : unsigned { kNone = 0, kFind = 1, kInsert = 2 };

struct ClassRoute {
  unsigned cls = 0;  // {channel group [5:4], event type [3:0]}
  ClassLookup lookup = ClassLookup::kNone;
  unsigned part = 0;
  unsigned entry = 0;  // entry-table index
  bool conn = false;   // the lookup uses the connection key (CONN, docs/ingress.md)
};

// Every IPv4/IPv6 event the ingress types as TCP, UDP, ICMP or other IPv4, on every channel group,
// looks its flow up (inserting it) and starts at the initial partition's accounting entry (the
// full rules, no fast path); the firmware accounts what section 11 says and removes flows it
// inserted for anything else. The
// flow's timeout and generated events (group 0, as the firmware arms and makes them) go to the
// export partition. TCP affinity (MP3) does not apply: the class names the partition, and the
// lookup's per-flow serialization keeps a flow's packets in order.
inline std::vector<ClassRoute> accounting_classes(unsigned initial_partition) {
  using abi::EventType;
  std::vector<ClassRoute> r;
  for (unsigned group = 0; group < 4; ++group) {
    for (const auto t : {EventType::kIpv4, EventType::kTcp, EventType::kUdp, EventType::kIcmp, EventType::kTcpSyn,
                         EventType::kTcpSynack, EventType::kTcpFin, EventType::kTcpRst}) {
      r.push_back({(group << abi::kEventTypeBits) | static_cast<unsigned>(t), ClassLookup::kInsert, initial_partition,
                   FWA_ENTRY_CLASSIFY});
    }
  }
  r.push_back({static_cast<unsigned>(EventType::kTimeout), ClassLookup::kNone, FWA_PART_EXPORT, FWA_ENTRY_IDLE});
  r.push_back({static_cast<unsigned>(EventType::kGenerated), ClassLookup::kNone, FWA_PART_EXPORT, FWA_ENTRY_CLOSE});
  return r;
}

}  // namespace baton::fw
