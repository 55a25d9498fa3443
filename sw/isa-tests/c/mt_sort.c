// SPDX-License-Identifier: Apache-2.0
/* Partition 3 of the multi-thread test (entered from partition 2 with a0 = CRC-32, a1 = length):
 * sorts the packet's bytes in ascending order, adds the CRC to the thread's workspace word 0 and
 * ends with TO_HOST when the CRC is odd, DONE when it is even. */
#include "baton_ops.h"

__attribute__((section(".text.entry"), noreturn)) void sort_entry(uint32_t crc, uint32_t len) {
  for (uint32_t i = 1; i < len; ++i) {
    const uint8_t x = PACKET[i];
    uint32_t j = i;
    while (j > 0 && PACKET[j - 1] > x) {
      PACKET[j] = PACKET[j - 1];
      --j;
    }
    PACKET[j] = x;
  }
  WORKSPACE[0] += crc;
  if (crc & 1u) baton_to_host();
  baton_done();
}
