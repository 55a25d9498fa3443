// SPDX-License-Identifier: Apache-2.0
/* Bad: an entry of partition ghost, which is never defined. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION(a) void a_main(void) { baton_done(); }
BATON_ENTRY(a, 0, a_main);
BATON_PARTITION(ghost) void ghost_main(void) { baton_done(); }
BATON_ENTRY(ghost, 0, ghost_main);
