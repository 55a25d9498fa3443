// SPDX-License-Identifier: Apache-2.0
/* The flow-state stamp firmware's partitions (flowstamp.h). */
#include "flowstamp.h"

BATON_PARTITION_DEFINE(entry, PART_ENTRY);
BATON_PARTITION_DEFINE(stamp3, PART_STAMP3);
BATON_PARTITION_DEFINE(stamp4, PART_STAMP4);
BATON_PARTITION_DEFINE(stamp3b, PART_STAMP3B);

BATON_INLINE void fs_put(uint8_t* p, uint32_t w) {
  p[0] = (uint8_t)w;
  p[1] = (uint8_t)(w >> 8);
  p[2] = (uint8_t)(w >> 16);
  p[3] = (uint8_t)(w >> 24);
}

/* Appends the stamp (little-endian words, at any byte offset) and sends the frame on. No arrays:
 * an initialized array would need memset, which lives in no partition. */
BATON_INLINE __attribute__((noreturn)) void fs_send(uint32_t flow, uint32_t status, uint32_t l3_packets,
                                                    uint32_t l3_bytes, uint32_t l4_packets, uint32_t l4_prev,
                                                    uint32_t tag_prev) {
  const uint32_t len = baton_pkt_len();
  uint8_t* p = baton_pkt() + len;
  fs_put(p + 0, FS_STAMP_MAGIC);
  fs_put(p + 4, flow);
  fs_put(p + 8, status);
  fs_put(p + 12, l3_packets);
  fs_put(p + 16, l3_bytes);
  fs_put(p + 20, l4_packets);
  fs_put(p + 24, l4_prev);
  fs_put(p + 28, tag_prev);
  baton_set_pkt_len(len + FS_STAMP_BYTES);
  baton_send((baton_in_port() + 1u) % FS_NUM_PORTS);
}

BATON_PARTITION(entry) void entry_main(void) { baton_drop(FS_DROP_UNROUTED); }
BATON_ENTRY(entry, 0, entry_main);

/* Layer 0 (stamp3 and its replica stamp3b): inlined into each partition. */
BATON_INLINE __attribute__((noreturn)) void fs_stamp3(void) {
  if (!baton_flow_held()) fs_send(baton_flow_index(), baton_flow_status(), 0, 0, 0, 0, 0);
  if (baton_event_type() == BATON_EVENT_UDP) {
    /* The parse word (ctx.args[0] at the first delivery) holds the L4 offset in [15:8]. */
    const uint32_t l4_off = (baton_delivered_arg(0) >> 8) & 0xffu;
    const uint32_t mark = baton_pkt_len() > l4_off + 8u ? baton_pkt_u8(l4_off + 8u) : 0;
    if (mark == FS_MARK_FAULT) *(volatile uint32_t*)(uintptr_t)0 = 0;
    if (mark == FS_MARK_LOST) baton_migrate_raw(FS_PART_ABSENT, BATON_ENTRY_INDEX(0), 0, 0, 0, 0, 0);
  }
  struct fs_l3* l3 = (struct fs_l3*)baton_flow_private();
  struct fs_shared* sh = (struct fs_shared*)baton_flow_shared();
  l3->packets += 1;
  l3->bytes += baton_pkt_len();
  sh->l3_packets = l3->packets;
  sh->l3_bytes = l3->bytes;
  const uint32_t tag_prev = sh->tag;
  sh->tag = FS_TAG_BASE + l3->packets;
  baton_migrate_raw(PART_STAMP4, BATON_ENTRY_INDEX(0), 0, 0, tag_prev, 0, 0);
}
BATON_PARTITION(stamp3) void stamp3_main(void) { fs_stamp3(); }
BATON_ENTRY(stamp3, 0, stamp3_main);

BATON_PARTITION(stamp3b) void stamp3b_main(void) { fs_stamp3(); }
BATON_ENTRY(stamp3b, 0, stamp3b_main);

BATON_PARTITION(stamp4) void stamp4_main(void) {
  struct fs_l4* l4 = (struct fs_l4*)baton_flow_private();
  struct fs_shared* sh = (struct fs_shared*)baton_flow_shared();
  l4->packets += 1;
  const uint32_t prev = sh->l4_packets;
  sh->l4_packets = l4->packets;
  sh->tag = FS_TAG_LOSER | l4->packets;  /* dropped at write-back: layer 0 wrote these bytes first */
  fs_send(baton_flow_index(), baton_flow_status(), sh->l3_packets, sh->l3_bytes, l4->packets, prev,
          baton_delivered_arg(1));
}
BATON_ENTRY(stamp4, 0, stamp4_main);
