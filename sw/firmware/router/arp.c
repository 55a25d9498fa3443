// SPDX-License-Identifier: Apache-2.0
/* Partition arp (FS2, docs/feature-set.md 3.3): replies to requests for the ingress port's
 * addresses, hands replies for them to the host. */
#include "fw.h"

FW_PARTITION_DEFINE(arp, PART_ARP);

FW_PARTITION(arp) void arp_input(uint32_t sp, uint32_t l3m) {
  (void)sp;
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* p = PKT;
  uint8_t* a = p + l3;
  const uint32_t len = baton_pkt_len();
  if (len - l3 < 28 || be16(a) != 1 || be16(a + 2) != 0x0800u || a[4] != 6 || a[5] != 4)
    baton_drop(DROP_ARP_MALFORMED);                                        /* A1 */
  const uint32_t op = be16(a + 6);
  if (op != 1 && op != 2) baton_drop(DROP_ARP_BAD_OPCODE);                 /* A5 */
  const uint8_t* prt = fw_port(baton_in_port());
  uint32_t mine = 0;
  for (uint32_t k = 0; k < prt[FWC_P_N4]; ++k) mine |= same_bytes(a + 24, prt + FWC_P_V4 + 4 * k, 4);
  if (!mine) baton_drop(DROP_ARP_NOT_FOR_US);                              /* A4 */
  if (op == 2) fw_goto(FN_HOST, l3m, 0);                                   /* A3 */
  /* A2: the reply, built in place. */
  uint8_t sha[6], spa[4], tpa[4];
  copy_bytes(sha, a + 8, 6);
  copy_bytes(spa, a + 14, 4);
  copy_bytes(tpa, a + 24, 4);
  copy_bytes(p, sha, 6);
  copy_bytes(p + 6, prt + FWC_P_MAC, 6);
  a[6] = 0;
  a[7] = 2;
  copy_bytes(a + 8, prt + FWC_P_MAC, 6);
  copy_bytes(a + 14, tpa, 4);
  copy_bytes(a + 18, sha, 6);
  copy_bytes(a + 24, spa, 4);
  for (uint32_t i = l3 + 28; i < 60; ++i) p[i] = 0;
  baton_set_pkt_len(60);
  fw_count(STAT_ARP_REPLY);
  baton_send(baton_in_port());
}
FW_ENTRY(arp, 0, arp_input);
