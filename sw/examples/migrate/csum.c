// SPDX-License-Identifier: Apache-2.0
/* Restores the checksum loop state from the packet's stack and finishes it, then hands the
 * result to `finish` through a PC-offset entry with the values both spilled and in a1..a3. */
#include "partitions.h"

BATON_PARTITION_DEFINE(csum, PART_CSUM);

extern void finish_input(const struct finish_state*, uint32_t, uint32_t, uint32_t);
BATON_DECLARE_ENTRY(finish, finish_input);

BATON_PARTITION(csum) void csum_input(const struct csum_state* in) {
  const struct csum_state st = *in; /* restore */
  uint32_t sum = csum_add(st.sum, st.next, st.len);
  while (sum >> 16) sum = (sum & 0xffffu) + (sum >> 16);

  struct finish_state out;
  out.csum = ~sum & 0xffffu;
  out.mix = (st.tag ^ st.words[0]) + st.words[1] * 3u;
  out.mix ^= rotl32(st.words[2], 5) + st.words[3];
  out.len = st.len;
  out.port = (((st.tag >> 8) & 0xfu) + 1u) & 0xfu;
  baton_migrate_raw(PART_FINISH, BATON_ENTRY_OFFSET_OF(finish, finish_input), &out, sizeof out, out.csum, out.mix,
                    out.len);
}
BATON_ENTRY(csum, 0, csum_input);
