// SPDX-License-Identifier: Apache-2.0
/* Bad: function id 70 does not fit the default 64-slot table. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION(a) void a_main(void) { baton_dispatch(70, 0, 0); }
BATON_ENTRY(a, 0, a_main);
BATON_FUNCTION(70, a_main);
