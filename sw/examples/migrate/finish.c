// SPDX-License-Identifier: Apache-2.0
/* Appends checksum and mix to the packet and sends it. */
#include "partitions.h"

BATON_PARTITION_DEFINE(finish, PART_FINISH);

/* Entry 1, placed first so that finish_input's PC offset is not zero. */
BATON_PARTITION(finish) void finish_abort(void) { baton_drop(FW_DROP_SPILL); }
BATON_ENTRY(finish, 1, finish_abort);

BATON_PARTITION(finish) void finish_input(const struct finish_state* st, uint32_t csum, uint32_t mix, uint32_t len) {
  if (st->csum != csum || st->mix != mix || st->len != len || len != baton_pkt_len()) baton_drop(FW_DROP_SPILL);
  baton_pkt_set_be16(len, csum);
  baton_pkt_set_be32(len + 2, mix);
  baton_set_pkt_len(len + 6);
  baton_send(st->port);
}
BATON_ENTRY(finish, 0, finish_input);
