// SPDX-License-Identifier: Apache-2.0
/* A valid firmware whose only writable data is zero-initialized (.bss, no .data): the linker
 * script must still place it in the data window. */
#include "baton.h"
static uint32_t packets_seen;
BATON_PARTITION_DEFINE(a, 0);
BATON_PARTITION(a) void a_main(uint32_t port) {
  packets_seen++;
  baton_send((port + packets_seen) & 15u);
}
BATON_ENTRY(a, 0, a_main);
