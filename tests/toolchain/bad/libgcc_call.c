// SPDX-License-Identifier: Apache-2.0
/* Bad: 64-bit division calls libgcc's __udivdi3, which is in no partition. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION(a) void a_main(void) {
  const uint64_t v = ((uint64_t)baton_arrival() << 32) | baton_seq();
  baton_send((uint32_t)(v / baton_pkt_len()) & 15u);
}
BATON_ENTRY(a, 0, a_main);
