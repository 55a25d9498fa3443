// SPDX-License-Identifier: Apache-2.0
/* A minimal valid firmware, built for the wrong class and ABI by the error tests. */
#include "baton.h"
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION(a) void a_main(uint32_t port) { baton_send(port & 15u); }
BATON_ENTRY(a, 0, a_main);
