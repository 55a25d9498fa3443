// SPDX-License-Identifier: Apache-2.0
/* Partition 2 of the multi-thread test: CRC-32 of the packet, spilled on the stack (PM9) and
 * passed in a0, then MIGRATE to partition 3, entry index 0, with a1 = pkt_len. */
#include "baton_ops.h"

static uint32_t crc32(uint32_t len) {
  uint32_t crc = 0xffffffffu;
  for (uint32_t i = 0; i < len; ++i) {
    crc ^= PACKET[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

__attribute__((section(".text.entry"), noreturn)) void crc_entry(void) {
  const uint32_t len = CTX_WORDS[CTX_PKT_LEN];
  volatile uint32_t spill[2];
  spill[0] = crc32(len);
  spill[1] = len;
  baton_migrate2(3, ENTRY_INDEX(0), spill[0], spill[1]);
}
