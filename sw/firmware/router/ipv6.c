/* Partition ipv6 (FS5, docs/feature-set.md 3.6): validation W1-W3, D1-D7 and forwarding E1-E4.
 * Entry 0: a1 = L3 offset | FW_L2_MCAST, a2 = ingress parse word. */
#include "fw.h"

BATON_PARTITION_DEFINE(ipv6, PART_IPV6);

BATON_PARTITION(ipv6) void ipv6_input(uint32_t sp, uint32_t l3m, uint32_t pw) {
  (void)sp;
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
  baton_send(r[FWC_R_PORT]);
}
BATON_ENTRY(ipv6, 0, ipv6_input);
