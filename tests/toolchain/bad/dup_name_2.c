// SPDX-License-Identifier: Apache-2.0
#include "baton.h"
BATON_PARTITION_DEFINE(a, 1);
BATON_PARTITION(a) void a_other(void) { baton_done(); }
BATON_ENTRY(a, 1, a_other);
