// SPDX-License-Identifier: Apache-2.0
/* Bad: the function table names an entry that does not exist. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION(a) void a_main(void) { baton_dispatch(0, 0, 0); }
BATON_ENTRY(a, 0, a_main);
BATON_FUNCTION(0, no_such_entry);
