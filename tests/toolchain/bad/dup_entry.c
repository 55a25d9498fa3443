// SPDX-License-Identifier: Apache-2.0
/* Bad: two entries with index 0 in partition a. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION(a) void a_main(void) { baton_done(); }
BATON_ENTRY(a, 0, a_main);
BATON_PARTITION(a) void a_again(void) { baton_done(); }
BATON_ENTRY(a, 0, a_again);
