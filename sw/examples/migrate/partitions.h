// SPDX-License-Identifier: Apache-2.0
/* Partition ids, function ids and the values each migration carries, shared by all partitions
 * of the migration example (docs/firmware.md, "Worked example"). */
#ifndef MIGRATE_PARTITIONS_H_
#define MIGRATE_PARTITIONS_H_

#include "baton.h"

#define PART_CLASSIFY 0 /* initial partition: classifies and dispatches (PM8) */
#define PART_CSUM 1     /* finishes the checksum begun by classify */
#define PART_FINISH 2   /* appends the results and sends */
#define PART_SLOW 3     /* exception path: to host */

/* Function table (PM8): what classify selects from the first packet byte. */
#define FN_CSUM 0
#define FN_SLOW 1
#define FN_RETURNS 2 /* an entry that returns: the SDK stub drops with BATON_DROP_ENTRY_RETURNED */
/* function 3 has no slot: baton_dispatch() drops with BATON_DROP_NO_FUNCTION */

#define FW_DROP_RUNT 0x05     /* shorter than MIN_LEN */
#define FW_DROP_SPILL 0x09    /* restored values disagree with the argument registers */
#define MIN_LEN 16

/* Per-thread statistics: 64 tiles x 8 threads at most. */
#define COUNTER_SLOTS 512
BATON_INLINE uint32_t counter_slot(void) { return (baton_tile_id() * 8u + baton_thread_id()) & 511u; }

/* classify -> csum: the live values of the checksum loop. */
struct csum_state {
  uint32_t sum;  /* ones-complement sum of the 16-bit words before `next` */
  uint32_t next; /* first byte not yet summed (even) */
  uint32_t len;
  uint32_t tag; /* 0xc0de0000 | in_port << 8 | seq & 0xff */
  uint32_t words[4];
};

/* csum -> finish: the results; also passed in a1..a3 so finish can cross-check. */
struct finish_state {
  uint32_t csum;
  uint32_t mix;
  uint32_t len;
  uint32_t port;
};

/* Shared helpers are inlined into every partition that uses them. */
BATON_INLINE uint32_t csum_add(uint32_t sum, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i + 1 < to; i += 2) sum += baton_pkt_be16(i);
  if ((to - from) & 1u) sum += baton_pkt_u8(to - 1) << 8; /* odd tail padded with zero (RFC 1071) */
  return sum;
}

BATON_INLINE uint32_t rotl32(uint32_t v, unsigned n) { return (v << n) | (v >> (32u - n)); }

#endif /* MIGRATE_PARTITIONS_H_ */
