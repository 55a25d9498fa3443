// SPDX-License-Identifier: Apache-2.0
/* Bad: a helper without BATON_PARTITION lands in .text, in no partition. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
__attribute__((noinline)) uint32_t loose_helper(uint32_t x) { return x * 5u + baton_pkt_len(); }
BATON_PARTITION(a) void a_main(void) { baton_send(loose_helper(baton_in_port()) & 15u); }
BATON_ENTRY(a, 0, a_main);
