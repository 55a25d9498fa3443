// SPDX-License-Identifier: Apache-2.0
/* Bad: partition b has entry 1 but no entry 0. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION_DEFINE(b, 1);
BATON_PARTITION(a) void a_main(void) { baton_done(); }
BATON_ENTRY(a, 0, a_main);
BATON_PARTITION(b) void b_second(void) { baton_done(); }
BATON_ENTRY(b, 1, b_second);
