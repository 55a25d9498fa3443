// SPDX-License-Identifier: Apache-2.0
/* Flow-state stamp (docs/flow-state.md "Engine integration"): the system test's firmware for flow
 * state on the RTL engine. Every packet event of a flow counts itself in the flow's workspace on
 * two layers (a migration between them) and leaves with a stamp appended that says what it found:
 * the test derives every stamp from the stimulus alone. Uses only what the engine serves today:
 * the workspace and the lookup window's flow and status registers. */
#ifndef FLOWSTAMP_H_
#define FLOWSTAMP_H_

#include "baton.h"

#define PART_ENTRY 0  /* initial partition: events the class table does not route (drops them) */
#define PART_STAMP3 1 /* layer 0: packets and bytes of the flow */
#define PART_STAMP4 2 /* layer 1: its own packet count; appends the stamp and sends */
#define PART_STAMP3B 3 /* the same as stamp3, a second pool (SP2: other event types of a flow) */

#define FS_DROP_UNROUTED 0x31 /* an event the class table did not route */

/* Injected faults (the first UDP payload byte, which the tests set on purpose), before layer 0
 * stores anything: FAULT stores to address 0 (an access fault ends the event while it holds its
 * flow), LOST migrates to a partition the firmware does not have (the context manager drops the
 * context while it holds its flow). Either way the flow must be released with its state unchanged. */
#define FS_MARK_FAULT 0xdeu
#define FS_MARK_LOST 0xdfu
#define FS_PART_ABSENT 5
#define FS_NUM_PORTS 4u       /* a stamped packet leaves on port (ingress port + 1) mod 4 */

/* Layer 0's private portion (workspace bytes 0..15) and layer 1's. */
struct fs_l3 {
  uint32_t packets;
  uint32_t bytes;
  uint32_t reserved[2];
};
struct fs_l4 {
  uint32_t packets;
  uint32_t reserved[3];
};
/* The shared portion: one writer layer per word (a shared byte's first write in an event wins). */
struct fs_shared {
  uint32_t l3_packets; /* layer 0 */
  uint32_t l3_bytes;   /* layer 0 */
  uint32_t l4_packets; /* layer 1: its count after the previous event of the flow */
  uint32_t tag;        /* layer 0 writes 0x1000 + its count; layer 1 writes it too, later in the
                          event, and loses (a shared byte keeps the event's first write) */
};
#define FS_TAG_BASE 0x1000u
#define FS_TAG_LOSER 0xdead0000u

/* The stamp appended to the frame, little-endian words: magic, flow index, status, layer 0's
 * packets and bytes (through the shared portion), layer 1's packets, layer 1's count as the
 * previous event left it (shared), the tag as the previous event left it (shared). A packet without its flow's state
 * (miss, full, busy) gets magic, flow index, status and zeros. */
#define FS_STAMP_MAGIC 0xf1a95001u
#define FS_STAMP_WORDS 8u
#define FS_STAMP_BYTES (4u * FS_STAMP_WORDS)

#endif /* FLOWSTAMP_H_ */
