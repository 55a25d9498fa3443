// SPDX-License-Identifier: Apache-2.0
/* Initial partition: starts the checksum, spills the loop state and dispatches through the
 * function table (PM8) to the partition that continues it (PM9). */
#include "partitions.h"

BATON_PARTITION_DEFINE(classify, PART_CLASSIFY);

/* Packets seen, one counter per hardware thread of the engine: threads share the data window and
 * have no atomics, so a single shared counter would lose updates. */
uint32_t classify_count[COUNTER_SLOTS];

BATON_PARTITION(classify) void classify_main(void) {
  const uint32_t len = baton_pkt_len();
  if (len < MIN_LEN) baton_drop(FW_DROP_RUNT);
  classify_count[counter_slot()]++;

  struct csum_state st;
  st.len = len;
  st.next = (len / 2) & ~1u;
  st.sum = csum_add(0, 0, st.next);
  st.tag = 0xc0de0000u | (baton_in_port() << 8) | (baton_seq() & 0xffu);
  for (uint32_t i = 0; i < 4; ++i) st.words[i] = baton_pkt_be32(4 * i) ^ (i * 0x9e3779b9u);

  baton_dispatch(baton_pkt_u8(0) & 3u, &st, sizeof st);
}
BATON_ENTRY(classify, 0, classify_main);
