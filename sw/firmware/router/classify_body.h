// SPDX-License-Identifier: Apache-2.0
/* The body of the initial partition's entry 0 (Layer 2, FS1, docs/feature-set.md 3.2), shared by
 * classify and its TCP replicas classify_tcp0..3 (MP3, docs/firmware.md 13.1). Everything here is
 * inlined into the calling partition: a partition may not call code of another one. */
#ifndef BATON_ROUTER_CLASSIFY_BODY_H_
#define BATON_ROUTER_CLASSIFY_BODY_H_

#include "fw.h"

/* Every rule of 3.2 from the frame itself (tags, truncation, EtherType); `flags` go to the next
 * partition beside the L3 offset (the firewall's, fw.h). */
BATON_INLINE __attribute__((noreturn)) void classify_l2_flags(uint32_t pw, uint32_t flags) {
  const uint32_t port = baton_in_port();
  const uint8_t* prt = fw_port(port);
  const uint8_t* p = PKT;
  if (!(prt[FWC_P_FLAGS] & FWC_PF_CONFIGURED)) fw_drop_unaccounted(DROP_PORT_UNCONFIGURED); /* L1 */
  const uint32_t mcast = p[0] & 1u;
  if (!mcast && !same_bytes(p, prt + FWC_P_MAC, 6)) fw_drop_unaccounted(DROP_L2_NOT_FOR_US); /* L2 */
  const uint32_t len = baton_pkt_len();
  uint32_t off = 12;
  uint32_t type = be16(p + off);
  for (uint32_t tags = 0; type == 0x8100u || type == 0x88a8u; ++tags) {
    if (tags == 2) fw_drop_unaccounted(DROP_L2_TOO_MANY_TAGS); /* L4 */
    if (off + 6 > len) fw_drop_unaccounted(DROP_L2_TRUNCATED); /* L3 */
    off += 4;
    type = be16(p + off);
  }
  const uint32_t a1 = (off + 2) | (mcast ? FW_L2_MCAST : 0) | flags;
  uint32_t fn = FN_IPV4;                                          /* L5; one hand-off for the three */
  if (type == 0x0806u) fn = FN_ARP;
  else if (type == 0x86ddu) fn = FN_IPV6;
  else if (type != 0x0800u) fw_drop_unaccounted(DROP_L2_UNSUPPORTED_ETHERTYPE);
  fw_goto(fn, a1, pw);
}
BATON_INLINE __attribute__((noreturn)) void classify_l2(uint32_t pw) { classify_l2_flags(pw, 0); }

/* The frame's destination MAC is the ingress port's (an unconfigured port's MAC is broadcast, so
 * it never matches): the first condition of every fast path. */
BATON_INLINE int classify_for_port(void) {
  const uint8_t* prt = fw_port(baton_in_port());
  const uint8_t* p = PKT;
  return *(const uint32_t*)p == *(const uint32_t*)prt && *(const uint16_t*)(p + 4) == *(const uint16_t*)(prt + 4);
}

/* Fast path: a unicast frame for the ingress port's MAC that the ingress parsed as IPv4 (after at
 * most two complete tags) with a good header checksum and sane lengths goes straight to ipv4's
 * fast entries, IPv6 that is not malformed to ipv6's (an unconfigured port's MAC is broadcast, so
 * it never matches here). Returns for everything else, which takes classify_l2. `l4` is the
 * delivery's a3, the L4 sum (fw_l4sum), which the hand-off without arguments must keep. */
BATON_INLINE void classify_fast_path(uint32_t pw, uint32_t l4) {
  if (classify_for_port()) {
    const uint32_t k = pw & FW_PW_FAST_MASK;
    if (k == FW_PW_FAST_IPV4) fw_fast(PART_IPV4, ENTRY_IPV4_FAST, FN_IPV4_FAST, l4);
    if (k - FW_PW_FAST_IPV4_TAG1 < 0x20000u) {
      fw_fast_args(PART_IPV4, ENTRY_IPV4_FAST_TAGGED, FN_IPV4_FAST_TAGGED, pw & 0xffu, 0);
    }
    if (k - FW_PW_FAST_IPV6 < 0x30000u) fw_fast_args(PART_IPV6, ENTRY_IPV6_FAST, FN_IPV6_FAST, pw & 0xffu, 0);
  }
}

#endif  // BATON_ROUTER_CLASSIFY_BODY_H_
