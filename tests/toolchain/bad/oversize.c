// SPDX-License-Identifier: Apache-2.0
/* Bad: partition big holds 20 KiB of code, over the default 16 KiB instruction-memory budget. */
#include "baton.h"
BATON_PARTITION_DEFINE(big, 0);
BATON_PARTITION(big) void big_main(void) {
  __asm__ volatile(".rept 5120\n nop\n .endr");
  baton_done();
}
BATON_ENTRY(big, 0, big_main);
