// SPDX-License-Identifier: Apache-2.0
/* Bad: no partition has id 0, so there is no initial partition. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 1);
BATON_PARTITION(a) void a_main(void) { baton_done(); }
BATON_ENTRY(a, 0, a_main);
