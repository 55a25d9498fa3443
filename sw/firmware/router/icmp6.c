// SPDX-License-Identifier: Apache-2.0
/* Partition icmp6 (FS4/FS5, docs/feature-set.md 3.5.3, 3.5.4): local delivery of IPv6 (ICMPv6
 * echo reply; neighbour discovery and everything else to the host) and hop limit exceeded. */
#include "fw.h"

FW_PARTITION_DEFINE(icmp6, PART_ICMP6);

/* fw_sum, out of line: one copy for the pseudo-header and the message (the partition must stay
 * within two pages for the firewall image's code store). */
FW_PARTITION(icmp6) static __attribute__((noinline)) uint32_t icmp6_sum(uint32_t off, uint32_t n, uint32_t acc) {
  return fw_sum(off, n, acc);
}

/* Sum of the ICMPv6 pseudo-header (RFC 4443 / RFC 8200 8.1) in little-endian lanes. */
FW_PARTITION(icmp6) static uint32_t pseudo_sum(uint32_t l3, uint32_t len) {
  return icmp6_sum(l3 + 8, 32, fw_fold(((len >> 8) & 0xffu) + ((len & 0xffu) << 8) + 0x3a00u));
}

/* LO6-3: the echo reply in place, by halfwords (the header starts at an even offset): Ethernet as
 * in 3.5.1, the addresses swapped (the pseudo-header's sum stays), hop limit 64, type 129 with the
 * checksum by RFC 1624. */
FW_PARTITION(icmp6) static __attribute__((noinline, noreturn)) void icmp6_reply(uint8_t* ip) {
  uint16_t* h = (uint16_t*)ip;
  uint16_t* e = (uint16_t*)PKT;
  const uint16_t* mac = (const uint16_t*)fw_port(baton_in_port());
  e[0] = e[3], e[1] = e[4], e[2] = e[5];
  e[3] = mac[0], e[4] = mac[1], e[5] = mac[2];
  for (uint32_t i = 4; i < 12; ++i) {
    const uint16_t t = h[i];
    h[i] = h[i + 8];
    h[i + 8] = t;
  }
  ip[7] = 64;
  ip[40] = 129;
  h[21] = (uint16_t)fw_csum_update(h[21], 0x0080u, 0x0081u);
  fw_count(STAT_ICMP6_ECHO);
  baton_send(baton_in_port());
}

/* Entry 0: a packet for a router address (D2). */
FW_PARTITION(icmp6) void icmp6_local(uint32_t sp, uint32_t l3m, uint32_t pw) {
  (void)sp;
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* ip = PKT + l3;
  if (ip[6] != 58) fw_goto(FN_HOST, l3m, pw);                                 /* LO6-4 */
  const uint32_t m = be16(ip + 4);
  if (m < 8) baton_drop(DROP_ICMPV6_TRUNCATED);                               /* LO6-1 */
  if (ip[40] != 128 || ip[41] != 0) fw_goto(FN_HOST, l3m, pw);               /* LO6-4 */
  const uint32_t hw = fw_l4sum(); /* fw_l4_ok, with the partition's one copy of the sum */
  const uint32_t ok = (hw & FW_L4SUM_PRESENT) ? (hw & 0xffffu) == 0xffffu : icmp6_sum(l3 + 40, m, pseudo_sum(l3, m)) == 0xffffu;
  if (!ok) baton_drop(DROP_ICMPV6_BAD_CHECKSUM);                              /* LO6-2 */
  icmp6_reply(ip);
}
FW_ENTRY(icmp6, 0, icmp6_local);

/* Entry 2: from the IPv6 fast path, a packet for a router address (IPV6_NOT_FORWARDED; W1-W3
 * hold). An echo request with the ingress's L4 sum is answered here with halfword copies; anything
 * else takes icmp6_local. */
FW_PARTITION(icmp6) void icmp6_echo(uint32_t sp, uint32_t l3m) {
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* ip = PKT + l3;
  const uint16_t* h = (const uint16_t*)ip; /* little-endian lanes: bytes 80 00 read 0x0080 */
  const uint32_t hw = fw_l4sum();
  /* Next header 58, payload length >= 8, type 128 code 0. */
  if (ip[6] != 58 || baton_bswap32(h[2]) < (8u << 16) || h[20] != 0x0080u || !(hw & FW_L4SUM_PRESENT))
    icmp6_local(sp, l3m, 0);
  if ((hw & 0xffffu) != 0xffffu) baton_drop(DROP_ICMPV6_BAD_CHECKSUM);     /* LO6-2 */
  icmp6_reply(ip);
}
FW_ENTRY(icmp6, ENTRY_ICMP6_ECHO, icmp6_echo);

/* Entry 1: hop limit <= 1 on a routed packet (E2). */
FW_PARTITION(icmp6) void icmp6_hop_exceeded(uint32_t sp, uint32_t l3m) {
  (void)sp;
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* ip = PKT + l3;
  const uint32_t pl = be16(ip + 4);
  const uint8_t* prt = fw_port(baton_in_port());
  if (ip[6] == 58 && pl >= 1 && ip[40] < 128) baton_drop(DROP_IPV6_HOP_LIMIT_EXPIRED);
  if (prt[FWC_P_N6] == 0) baton_drop(DROP_IPV6_HOP_LIMIT_EXPIRED);
  const uint32_t q = 40 + pl < 1232 ? 40 + pl : 1232;
  const uint32_t qsum = fw_move_up_sum(l3, q, 48);
  fw_reply_eth(prt);
  ip[0] = 0x60;
  ip[1] = ip[2] = ip[3] = 0;
  set_be16(ip + 4, 8 + q);
  ip[6] = 58;
  ip[7] = 64;
  copy_bytes(ip + 24, ip + 48 + 8, 16); /* destination: the offending packet's source */
  copy_bytes(ip + 8, prt + FWC_P_V6_SRC, 16);
  uint8_t* icmp = ip + 40;
  icmp[0] = 3;
  for (uint32_t i = 1; i < 8; ++i) icmp[i] = 0;
  const uint32_t sum = fw_fold(qsum + 0x0003u + pseudo_sum(l3, 8 + q));
  *pkt16(l3 + 42) = (uint16_t)(~sum & 0xffffu);
  baton_set_pkt_len(l3 + 48 + q);
  fw_count(STAT_ICMP6_HOP);
  baton_send(baton_in_port());
}
FW_ENTRY(icmp6, 1, icmp6_hop_exceeded);
