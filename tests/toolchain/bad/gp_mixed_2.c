// SPDX-License-Identifier: Apache-2.0
#include "baton.h"
BATON_PARTITION_DEFINE(b, 1);
BATON_PARTITION(b) void b_main(void) { baton_done(); }
BATON_ENTRY(b, 0, b_main);
