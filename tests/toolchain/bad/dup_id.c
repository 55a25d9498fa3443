// SPDX-License-Identifier: Apache-2.0
/* Bad: two partitions share id 0. */
#include "baton.h"
BATON_PARTITION_DEFINE(first, 0);
BATON_PARTITION_DEFINE(second, 0);
BATON_PARTITION(first) void first_main(void) { baton_done(); }
BATON_ENTRY(first, 0, first_main);
BATON_PARTITION(second) void second_main(void) { baton_done(); }
BATON_ENTRY(second, 0, second_main);
