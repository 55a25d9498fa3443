// SPDX-License-Identifier: Apache-2.0
/* Partition arp (FS2, docs/feature-set.md 3.3): replies to requests for the ingress port's
 * addresses, hands replies for them to the host. */
#include "fw.h"

FW_PARTITION_DEFINE(arp, PART_ARP);

/* The ARP payload starts at an even offset (14, 18 or 22) and the port record's MAC and IPv4
 * addresses at multiples of four, so every field is read and written by halfwords (little-endian
 * lanes: bytes 00 01 read 0x0100). */
FW_PARTITION(arp) void arp_input(uint32_t sp, uint32_t l3m) {
  (void)sp;
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* p = PKT;
  uint16_t* h = (uint16_t*)(p + l3);
  const uint32_t len = baton_pkt_len();
  if (len - l3 < 28 || h[0] != 0x0100u || h[1] != 0x0008u || h[2] != 0x0406u)
    baton_drop(DROP_ARP_MALFORMED);                                        /* A1 */
  const uint32_t op = h[3];
  if (op != 0x0100u && op != 0x0200u) baton_drop(DROP_ARP_BAD_OPCODE);     /* A5 */
  const uint8_t* prt = fw_port(baton_in_port());
  const uint16_t tp0 = h[12], tp1 = h[13];
  uint32_t mine = 0;
  for (uint32_t k = 0; k < prt[FWC_P_N4]; ++k) {
    const uint16_t* v = (const uint16_t*)(prt + FWC_P_V4 + 4 * k);
    mine |= (v[0] == tp0) & (v[1] == tp1);
  }
  if (!mine) baton_drop(DROP_ARP_NOT_FOR_US);                              /* A4 */
  if (op == 0x0200u) fw_goto(FN_HOST, l3m, 0);                             /* A3 */
  /* A2: the reply, built in place. */
  const uint16_t* mac = (const uint16_t*)(prt + FWC_P_MAC);
  const uint16_t m0 = mac[0], m1 = mac[1], m2 = mac[2];
  const uint16_t s0 = h[4], s1 = h[5], s2 = h[6], sp0 = h[7], sp1 = h[8];
  uint16_t* e = (uint16_t*)p;
  e[0] = s0, e[1] = s1, e[2] = s2;                /* Ethernet destination: the sender's MAC */
  e[3] = m0, e[4] = m1, e[5] = m2;
  h[3] = 0x0200u;                                 /* reply */
  h[4] = m0, h[5] = m1, h[6] = m2, h[7] = tp0, h[8] = tp1;  /* sender: the port, the asked address */
  h[9] = s0, h[10] = s1, h[11] = s2, h[12] = sp0, h[13] = sp1;  /* target: the requester */
  for (uint32_t i = l3 + 28; i < 60; i += 2) *(uint16_t*)(p + i) = 0;
  baton_set_pkt_len(60);
  fw_count(STAT_ARP_REPLY);
  baton_send(baton_in_port());
}
FW_ENTRY(arp, 0, arp_input);
