// SPDX-License-Identifier: Apache-2.0
/* Partition icmp4 (FS4, docs/feature-set.md 3.5.1, 3.5.2): local delivery of IPv4 (echo reply,
 * the rest to the host) and time exceeded. The packet was validated by ipv4 (V1-V6). */
#include "fw.h"

FW_PARTITION_DEFINE(icmp4, PART_ICMP4);

/* LO3: the echo reply in place, by halfwords (the header starts at an even offset): Ethernet
 * destination = source, source = the port's MAC; the addresses swapped; TTL 64 with the header
 * checksum by RFC 1624 eqn. 3, which is the recomputed one (the received checksum was verified,
 * and the swap leaves the sum alone); ICMP type 0 with its checksum by eqn. 3. */
FW_PARTITION(icmp4) static __attribute__((noinline, noreturn)) void icmp4_reply(uint8_t* ip, uint32_t hlen) {
  uint16_t* h = (uint16_t*)ip;
  uint16_t* e = (uint16_t*)PKT;
  const uint16_t* mac = (const uint16_t*)fw_port(baton_in_port());
  e[0] = e[3], e[1] = e[4], e[2] = e[5];
  e[3] = mac[0], e[4] = mac[1], e[5] = mac[2];
  const uint16_t a0 = h[6], a1 = h[7];
  h[6] = h[8], h[7] = h[9], h[8] = a0, h[9] = a1;
  const uint32_t ttl = ip[8];
  ip[8] = 64;
  h[5] = (uint16_t)fw_csum_update(h[5], ttl, 64u);
  uint16_t* icmp = (uint16_t*)(ip + hlen);
  icmp[0] = 0; /* type 0, code 0 */
  icmp[1] = (uint16_t)fw_csum_update(icmp[1], 0x0008u, 0x0000u);
  fw_count(STAT_ICMP4_ECHO);
  baton_send(baton_in_port());
}

/* Entry 0: a packet for a router address (C2). */
FW_PARTITION(icmp4) void icmp4_local(uint32_t sp, uint32_t l3m, uint32_t pw) {
  (void)sp;
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* ip = PKT + l3;
  const uint32_t hlen = (ip[0] & 15u) * 4u;
  const uint32_t tl = be16(ip + 2);
  const uint32_t fragment = be16(ip + 6) & 0x3fffu;
  if (ip[9] != 1 || fragment) fw_goto(FN_HOST, l3m, pw);                     /* LO4 */
  const uint32_t m = tl - hlen;
  if (m < 8) baton_drop(DROP_ICMP_TRUNCATED);                                /* LO1 */
  uint8_t* icmp = ip + hlen;
  if (icmp[0] != 8 || icmp[1] != 0) fw_goto(FN_HOST, l3m, pw);               /* LO4 */
  if (!fw_l4_ok(l3 + hlen, m, 0)) baton_drop(DROP_ICMP_BAD_CHECKSUM);        /* LO2 (type 8: not all zeros) */
  icmp4_reply(ip, hlen);
}
FW_ENTRY(icmp4, 0, icmp4_local);

/* Entry 2: from the IPv4 fast path (ipv4_full with the record word), a packet for a router address
 * whose header the ingress checked (version 4, IHL 5, checksum, lengths). An echo request with the
 * ingress's L4 sum is answered at once; anything else takes icmp4_local. */
FW_PARTITION(icmp4) void icmp4_echo(uint32_t sp, uint32_t l3m) {
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* ip = PKT + l3;
  const uint16_t* h = (const uint16_t*)ip; /* little-endian lanes: bytes 08 00 read 0x0008 */
  const uint32_t hw = fw_l4sum();
  /* Protocol 1, not a fragment, type 8 code 0, at least 8 ICMP bytes (total length >= 28). */
  if (ip[9] != 1 || (h[3] & 0xff3fu) || h[10] != 0x0008u || !(hw & FW_L4SUM_PRESENT) ||
      baton_bswap32(h[1]) < (28u << 16))
    icmp4_local(sp, l3m, 0);
  if ((hw & 0xffffu) != 0xffffu) baton_drop(DROP_ICMP_BAD_CHECKSUM);       /* LO2 */
  icmp4_reply(ip, 20);
}
FW_ENTRY(icmp4, ENTRY_ICMP4_ECHO, icmp4_echo);

/* Entry 1: TTL <= 1 on a routed packet (F2). */
FW_PARTITION(icmp4) void icmp4_ttl_exceeded(uint32_t sp, uint32_t l3m) {
  (void)sp;
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* p = PKT;
  uint8_t* ip = p + l3;
  const uint32_t hlen = (ip[0] & 15u) * 4u;
  const uint32_t tl = be16(ip + 2);
  const uint8_t* prt = fw_port(baton_in_port());
  if (be16(ip + 6) & 0x1fffu) baton_drop(DROP_IPV4_TTL_EXPIRED);        /* later fragment */
  if (ip[9] == 1 && tl > hlen) {
    const uint32_t t = ip[hlen];
    if (t == 3 || t == 4 || t == 5 || t == 11 || t == 12) baton_drop(DROP_IPV4_TTL_EXPIRED);
  }
  if (prt[FWC_P_N4] == 0) baton_drop(DROP_IPV4_TTL_EXPIRED);
  const uint32_t q = tl < hlen + 8 ? tl : hlen + 8;
  const uint32_t qsum = fw_move_up_sum(l3, q, 28);  /* the quote, as received */
  fw_reply_eth(prt);
  /* IPv4 header. */
  ip[0] = 0x45;
  ip[1] = 0xc0;
  set_be16(ip + 2, 28 + q);
  ip[4] = ip[5] = ip[6] = ip[7] = 0;
  ip[8] = 64;
  ip[9] = 1;
  ip[10] = ip[11] = 0;
  copy_bytes(ip + 16, ip + 28 + 12, 4); /* destination: the offending packet's source */
  copy_bytes(ip + 12, prt + FWC_P_V4, 4);
  *pkt16(l3 + 10) = (uint16_t)(~fw_sum(l3, 20, 0) & 0xffffu);
  /* ICMP time exceeded. */
  uint8_t* icmp = ip + 20;
  icmp[0] = 11;
  for (uint32_t i = 1; i < 8; ++i) icmp[i] = 0;
  *pkt16(l3 + 22) = (uint16_t)(~fw_fold(qsum + 0x000bu) & 0xffffu);
  baton_set_pkt_len(l3 + 28 + q);
  fw_count(STAT_ICMP4_TTL);
  baton_send(baton_in_port());
}
FW_ENTRY(icmp4, 1, icmp4_ttl_exceeded);
