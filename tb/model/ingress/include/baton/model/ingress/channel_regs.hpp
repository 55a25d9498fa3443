// SPDX-License-Identifier: Apache-2.0
// The SP4 channel registers of the ingress window (rtl/ingress/baton_ingress_regs.rdl: PORT_GROUP,
// PORT_VLAN, PORT_CLASS_LO/HI, VLAN_CHANk) for a ChannelConfig, field positions from the header
// PeakRDL generates: one encoding for the ingress and engine environments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "baton/model/ingress/ingress_model.hpp"
#include "baton_ingress_regs.h"

namespace baton::model::ingress {

static_assert(offsetof(baton_ingress_regs_t, VLAN_CHAN7) == offsetof(baton_ingress_regs_t, VLAN_CHAN0) + 4 * (kVlanChannels - 1),
              "VLAN_CHANk are consecutive words");

struct RegWrite {
  std::uint16_t offset;  // in the ingress window
  std::uint32_t value;
};

inline std::vector<RegWrite> channel_registers(const ChannelConfig& c) {
  check_channels(c);
  auto at = [](std::size_t off) { return static_cast<std::uint16_t>(off); };
  std::vector<RegWrite> w;
  std::uint32_t groups = 0;
  for (unsigned p = 0; p < 16; ++p) groups |= (std::uint32_t{c.port_group[p]} & 3U) << (2 * p);
  w.push_back({at(offsetof(baton_ingress_regs_t, PORT_GROUP)), groups});
  w.push_back({at(offsetof(baton_ingress_regs_t, PORT_VLAN)),
               std::uint32_t{c.port_vlan} << BATON_INGRESS_REGS__PORT_VLAN__EN_bp});
  // Port 8h + q: field Pq (4 bits apart) of PORT_CLASS_LO / PORT_CLASS_HI.
  constexpr unsigned kStep = BATON_INGRESS_REGS__PORT_CLASS_R__P1_bp - BATON_INGRESS_REGS__PORT_CLASS_R__P0_bp;
  std::uint32_t lo = 0, hi = 0;
  for (unsigned q = 0; q < 8; ++q) {
    lo |= (std::uint32_t{c.port_class[q]} & 7U) << (BATON_INGRESS_REGS__PORT_CLASS_R__P0_bp + kStep * q);
    hi |= (std::uint32_t{c.port_class[8 + q]} & 7U) << (BATON_INGRESS_REGS__PORT_CLASS_R__P0_bp + kStep * q);
  }
  w.push_back({at(offsetof(baton_ingress_regs_t, PORT_CLASS_LO)), lo});
  w.push_back({at(offsetof(baton_ingress_regs_t, PORT_CLASS_HI)), hi});
  for (unsigned k = 0; k < kVlanChannels; ++k) {
    const VlanChannel& v = c.vlan[k];
    w.push_back({static_cast<std::uint16_t>(at(offsetof(baton_ingress_regs_t, VLAN_CHAN0)) + 4 * k),
                 ((v.enabled ? 1U : 0U) << BATON_INGRESS_REGS__VLAN_CHAN_R__EN_bp) |
                     (std::uint32_t{v.group} << BATON_INGRESS_REGS__VLAN_CHAN_R__GROUP_bp) |
                     (std::uint32_t{v.vid} << BATON_INGRESS_REGS__VLAN_CHAN_R__VID_bp)});
  }
  return w;
}

}  // namespace baton::model::ingress
