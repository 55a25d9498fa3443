// SPDX-License-Identifier: Apache-2.0
/* Bad: partition a calls a function of partition b directly instead of migrating. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION_DEFINE(b, 1);
BATON_PARTITION(b) __attribute__((noinline)) uint32_t b_helper(uint32_t x) { return x * 3u + baton_pkt_len(); }
BATON_PARTITION(a) void a_main(void) { baton_send(b_helper(baton_in_port()) & 15u); }
BATON_ENTRY(a, 0, a_main);
BATON_PARTITION(b) void b_main(void) { baton_done(); }
BATON_ENTRY(b, 0, b_main);
