// SPDX-License-Identifier: Apache-2.0
/* Bad (with dup_name_2.c): partition a is defined in two files. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION(a) void a_main(void) { baton_done(); }
BATON_ENTRY(a, 0, a_main);
