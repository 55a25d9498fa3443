// SPDX-License-Identifier: Apache-2.0
/* Bad (with gp_mixed_2.c): one file built with BATON_USE_GP=1, the other without. */
#define BATON_USE_GP 1
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION(a) void a_main(void) { baton_done(); }
BATON_ENTRY(a, 0, a_main);
