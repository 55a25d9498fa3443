// SPDX-License-Identifier: Apache-2.0
/* Partitions classify_tcp0..3 (ids 7..10, MP3): replicas of the initial partition's entry 0 for
 * TCP. The ingress sends a TCP packet to replica AFF_BASE + (hash mod 4) instead of classify; the
 * engine pins each replica to one tile, so every packet of a TCP flow starts on the same tile.
 * Each replica runs exactly classify's body (classify_body.h), inlined into its own partition. */
#include "classify_body.h"
#include "fw.h"

#ifdef FW_RUN_TO_COMPLETION
/* Affinity pins a flow's first partition to a tile; with one partition every tile runs every
 * packet from start to end, so there is nothing to replicate (docs/firmware.md 13.7). */
#error "the run-to-completion build has no TCP replicas: leave classify_tcp.c out"
#endif

#define CLASSIFY_TCP_REPLICA(name, id)                                                             \
  BATON_PARTITION_DEFINE(name, id);                                                                \
  BATON_PARTITION(name) static __attribute__((noinline, noreturn)) void name##_full(uint32_t pw) { \
    classify_l2(pw);                                                                               \
  }                                                                                                \
  BATON_PARTITION(name) void name##_main(uint32_t pw, uint32_t hash, uint32_t etype, uint32_t l4) { \
    (void)hash;                                                                                    \
    (void)etype;                                                                                   \
    classify_fast_path(pw, l4);                                                                    \
    name##_full(pw);                                                                               \
  }                                                                                                \
  BATON_ENTRY(name, 0, name##_main)

CLASSIFY_TCP_REPLICA(classify_tcp0, PART_CLASSIFY_TCP0);
CLASSIFY_TCP_REPLICA(classify_tcp1, PART_CLASSIFY_TCP1);
CLASSIFY_TCP_REPLICA(classify_tcp2, PART_CLASSIFY_TCP2);
CLASSIFY_TCP_REPLICA(classify_tcp3, PART_CLASSIFY_TCP3);
