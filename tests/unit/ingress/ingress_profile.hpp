// SPDX-License-Identifier: Apache-2.0
// What the ingress tests draw frames from: the traffic profile (the reference configuration's
// addresses, every kind of packet equally likely, VLAN tags on 30 % of frames) and random
// addresses for hand-made corner frames.
#pragma once

#include <cstdlib>
#include <string>

#include "baton/net/builder.hpp"
#include "baton/net/traffic.hpp"
#include "baton/tb/rng.hpp"

namespace baton::test::ingress {

inline baton::net::TrafficProfile profile() {
  const char* src = std::getenv("BATON_SOURCE_DIR");
  const std::string dir = src ? src : BATON_SOURCE_DIR_DEFAULT;
  auto p = baton::net::TrafficProfile::from_config_file(dir + "/tb/model/golden/configs/reference.json");
  p.mix = baton::net::TrafficMix::uniform();
  p.vlan1 = 0.2;
  p.vlan2 = 0.1;
  return p;
}

// Random IPv4 and IPv6 source and destination addresses.
struct RandomAddresses {
  baton::net::Ip4 s4{}, d4{};
  baton::net::Ip6 s6{}, d6{};
  explicit RandomAddresses(baton::tb::Rng& rng) {
    for (auto* a : {&s4, &d4})
      for (auto& x : *a) x = static_cast<std::uint8_t>(rng.bits(8));
    for (auto* a : {&s6, &d6})
      for (auto& x : *a) x = static_cast<std::uint8_t>(rng.bits(8));
  }
};

}  // namespace baton::test::ingress
