// SPDX-License-Identifier: Apache-2.0
/* Exception path: counts and hands the packet to the host; one entry returns on purpose. */
#include "partitions.h"

BATON_PARTITION_DEFINE(slow, PART_SLOW);

uint32_t slow_bias = 100; /* initialised small data (gp-relative with BATON_USE_GP=1) */
uint32_t slow_bytes[COUNTER_SLOTS]; /* per thread, see classify_count */

BATON_PARTITION(slow) void slow_input(const struct csum_state* st) {
  slow_bytes[counter_slot()] += st->len + slow_bias;
  baton_to_host();
}
BATON_ENTRY(slow, 0, slow_input);

BATON_PARTITION(slow) void slow_returns(void) { /* returns: the stub drops the packet */ }
BATON_ENTRY(slow, 1, slow_returns);

BATON_FUNCTION(FN_CSUM, csum_input);
BATON_FUNCTION(FN_SLOW, slow_input);
BATON_FUNCTION(FN_RETURNS, slow_returns);
