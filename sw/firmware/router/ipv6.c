// SPDX-License-Identifier: Apache-2.0
/* Partition ipv6 (FS5, docs/feature-set.md 3.6): validation W1-W3, D1-D7 and forwarding E1-E4.
 * Entry 0: a1 = L3 offset | FW_L2_MCAST, a2 = ingress parse word. */
#include "fw.h"

FW_PARTITION_DEFINE(ipv6, PART_IPV6);

/* Every rule from the packet bytes alone. */
FW_PARTITION(ipv6) static __attribute__((noinline, noreturn)) void ipv6_full(uint32_t l3m, uint32_t pw) {
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* p = PKT;
  uint8_t* ip = p + l3;
  const uint32_t n = baton_pkt_len() - l3;
  if (n < 40) baton_drop(DROP_IPV6_TRUNCATED);                               /* W1 */
  if ((ip[0] >> 4) != 6) baton_drop(DROP_IPV6_BAD_VERSION);                   /* W2 */
  if (40 + be16(ip + 4) > n) baton_drop(DROP_IPV6_LENGTH_BEYOND_FRAME);       /* W3 */
  const uint8_t* src = ip + 8;
  uint32_t upper = 0; /* OR of source bytes 0..14 */
  for (uint32_t i = 0; i < 15; ++i) upper |= src[i];
  if (src[0] == 0xff || (upper == 0 && src[15] == 1)) baton_drop(DROP_IPV6_MARTIAN_SOURCE); /* D1 */
  const uint8_t* r = fw_lookup6(ip + 24);
  const uint32_t kind = r[FWC_R_KIND];
  if (kind == FWC_K_LOCAL) fw_goto(FN_ICMP6_LOCAL, l3m, pw);                 /* D2 */
  if (kind == FWC_K_HOST) fw_goto(FN_HOST, l3m, pw);                         /* D3 */
  if (kind == FWC_K_DROP) baton_drop(r[FWC_R_REASON]);                       /* D4, D5 */
  if (l3m & FW_L2_MCAST) baton_drop(DROP_IPV6_L2_MULTICAST);                 /* D6 */
  const uint32_t src_ll = src[0] == 0xfe && (src[1] & 0xc0u) == 0x80u;
  if ((upper == 0 && src[15] == 0) || src_ll || kind == FWC_K_SCOPE) baton_drop(DROP_IPV6_SCOPE); /* D7 */
  if (kind == FWC_K_NO_ROUTE) baton_drop(DROP_IPV6_NO_ROUTE);                /* E1 */
  const uint32_t hop = ip[7];
  if (hop <= 1) fw_goto(FN_ICMP6_HOP, l3m, pw);                              /* E2 */
  if (kind != FWC_K_FORWARD) baton_drop(DROP_IPV6_NO_NEIGHBOUR);             /* E3 */
  uint32_t* eth = (uint32_t*)p;                                              /* E4 */
  const uint32_t* rw = (const uint32_t*)r;
  eth[0] = rw[0];
  eth[1] = rw[1];
  eth[2] = rw[2];
  ip[7] = (uint8_t)(hop - 1);
  fw_forward(l3m, r[FWC_R_PORT]);
}

FW_PARTITION(ipv6) void ipv6_input(uint32_t sp, uint32_t l3m, uint32_t pw) {
  (void)sp;
  fw_flow_unaccounted(); /* feature-set.md 11: IPv6 is not accounted */
  ipv6_full(l3m, pw);
}
FW_ENTRY(ipv6, ENTRY_IPV6_INPUT, ipv6_input);

/* As IPV4_NOT_FORWARDED: a router address (D2; W1-W3 by the parse word, D1 by the fast path)
 * goes straight to icmp6's echo entry, everything else takes every rule from the bytes. */
#define IPV6_NOT_FORWARDED(l3m, rec_word3)                                                        \
  do {                                                                                            \
    if ((((rec_word3) >> 8) & 0xffu) == FWC_K_LOCAL) /* byte 13: FWC_R_KIND */                   \
      fw_fast_args(PART_ICMP6, ENTRY_ICMP6_ECHO, FN_ICMP6_ECHO, (l3m), 0);                       \
    ipv6_full((l3m), 0);                                                                          \
  } while (0)

/* Entry 1, the fast path: classify checked a unicast frame for the port's MAC and the parse word
 * (L3 IPv6 after at most two tags, not malformed: at least 40 bytes, version 6, payload inside
 * the frame, so W1-W3 hold); a1 = the L3 offset. A source whose first halfword is neither 0,
 * multicast nor link-local passes D1 and D7's source tests; the trie decides D2-D5, D7 and
 * E1/E3; only a forward record with hop limit > 1 stays here. */
BATON_INLINE __attribute__((noreturn)) void ipv6_fast_at(uint32_t l3, uint32_t flags) {
  uint8_t* p = PKT;
  __asm__("" : "+r"(p));
  uint8_t* const ip = p + l3;
  const uint32_t s0 = *(const uint16_t*)(ip + 8); /* source bytes 0, 1 in little-endian lanes */
  if (s0 == 0 || (s0 & 0xffu) == 0xffu || (s0 & 0xc0ffu) == 0x80feu) ipv6_full(l3 | flags, 0);
  const uint16_t* chunks = (const uint16_t*)(uintptr_t)(FWC_BASE + FWC_U32(FWC_H_V6_CHUNK_OFF));
  const uint8_t* d = ip + 24;
  int32_t e = (int16_t)chunks[d[0]];
  for (uint32_t i = 1; e < 0; ++i) e = (int16_t)chunks[(((uint32_t)e & 0x7fffu) << 8) | d[i]];
  const uint32_t* r = (const uint32_t*)(uintptr_t)(FWC_BASE + FWC_U32(FWC_H_V6_RES_OFF) + ((uint32_t)e << 4));
  const int32_t port = (int32_t)r[3]; /* the port for a forward record, negative otherwise */
  const int32_t hop = (int32_t)ip[7] - 1;
  if (port < 0 || hop <= 0) IPV6_NOT_FORWARDED(l3 | flags, r[3]);
  uint32_t* const eth = (uint32_t*)p;
  eth[0] = r[0];
  eth[1] = r[1];
  eth[2] = r[2];
  ip[7] = (uint8_t)hop;
  fw_forward(l3 | flags, (uint32_t)port);
}

FW_PARTITION(ipv6) void ipv6_fast(uint32_t sp, uint32_t l3) {
  (void)sp;
  ipv6_fast_at(l3, 0);
}
FW_ENTRY(ipv6, ENTRY_IPV6_FAST, ipv6_fast);

#ifdef FW_FIREWALL_BUILD
/* Entry 2: the firewall's fast path (router_fw), from fw_in; a1 = the L3 offset with the
 * firewall's flags. */
FW_PARTITION(ipv6) void ipv6_fast_firewall(uint32_t sp, uint32_t l3m) {
  (void)sp;
  ipv6_fast_at(l3m & 0xffu, l3m & ~0xffu);
}
FW_ENTRY(ipv6, ENTRY_IPV6_FAST_FIREWALL, ipv6_fast_firewall);
#endif
