// SPDX-License-Identifier: Apache-2.0
/* Bad: partition hollow is defined but holds no code. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION_DEFINE(hollow, 1);
BATON_PARTITION(a) void a_main(void) { baton_done(); }
BATON_ENTRY(a, 0, a_main);
