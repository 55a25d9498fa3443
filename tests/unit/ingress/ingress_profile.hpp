// SPDX-License-Identifier: Apache-2.0
// The traffic profile the ingress tests draw frames from: the reference configuration's
// addresses, every kind of packet equally likely, and VLAN tags on 30 % of frames.
#pragma once

#include <cstdlib>
#include <string>

#include "baton/net/traffic.hpp"

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

}  // namespace baton::test::ingress
