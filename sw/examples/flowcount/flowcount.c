// SPDX-License-Identifier: Apache-2.0
/* The flow-state example's partitions (flowcount.h). */
#include "flowcount.h"

BATON_PARTITION_DEFINE(entry, PART_ENTRY);
BATON_PARTITION_DEFINE(count3, PART_COUNT3);
BATON_PARTITION_DEFINE(count4, PART_COUNT4);
BATON_PARTITION_DEFINE(expire, PART_EXPIRE);
BATON_PARTITION_DEFINE(report, PART_REPORT);
BATON_PARTITION_DEFINE(probe, PART_PROBE);

BATON_PARTITION(entry) void entry_main(void) { baton_drop(FC_DROP_UNROUTED); }
BATON_ENTRY(entry, 0, entry_main);

BATON_PARTITION(count3) void count3_main(void) {
  if (!baton_flow_held()) baton_drop(FC_DROP_NO_FLOW);
  struct fc_l3* l3 = (struct fc_l3*)baton_flow_private();
  struct fc_shared* sh = (struct fc_shared*)baton_flow_shared();
  if (baton_flow_status() == BATON_FS_STATUS_INSERTED) {
    l3->first_arrival = baton_arrival();
    /* New flows, one scratchpad word per hardware thread: a word has one writer, no atomics. */
    baton_scratchpad()[FC_SPAD_NEW_FLOWS + ((baton_tile_id() * 8u + baton_thread_id()) & 511u)] += 1;
  }
  l3->packets += 1;
  l3->bytes += baton_pkt_len();
  l3->last_arrival = baton_arrival();
  /* The parse word (ctx.args[0], as the ingress delivered it) holds the L4 offset in [15:8]. */
  const uint32_t l4_off = (baton_delivered_arg(0) >> 8) & 0xffu;
  sh->ports = l4_off != 0 ? baton_pkt_be32(l4_off) : 0;
  sh->in_port = baton_in_port();
  sh->events += 1;
  baton_migrate_raw(PART_COUNT4, BATON_ENTRY_INDEX(0), 0, 0, 0, 0, 0);
}
BATON_ENTRY(count3, 0, count3_main);

BATON_PARTITION(count4) void count4_main(void) {
  struct fc_l4* l4 = (struct fc_l4*)baton_flow_private();
  const uint32_t ev = baton_event_type();
  l4->packets += 1;
  ((struct fc_shared*)baton_flow_shared())->l4_packets = l4->packets;
  if (ev == BATON_EVENT_TCP_SYN || ev == BATON_EVENT_TCP_SYNACK) l4->syn += 1;
  if (ev == BATON_EVENT_TCP_FIN || ev == BATON_EVENT_TCP_RST) {
    l4->fin_rst += 1;
    baton_timer_cancel();
    baton_generate_event(FC_CLASS_GENERATED);
  } else {
    baton_timer_class(FC_CLASS_TIMEOUT);
    baton_timer_set(FC_IDLE_CYCLES);
  }
  baton_done();
}
BATON_ENTRY(count4, 0, count4_main);

/* Shared by expire and report: the record into the packet slot (length 0 on entry), to host. */
BATON_INLINE __attribute__((noreturn)) void fc_export(uint32_t reason) {
  const struct fc_l3* l3 = (const struct fc_l3*)baton_flow_private();
  const struct fc_shared* sh = (const struct fc_shared*)baton_flow_shared();
  volatile uint32_t* rec = (volatile uint32_t*)baton_pkt();
  rec[0] = FC_RECORD_MAGIC;
  rec[1] = baton_flow_index();
  rec[2] = l3->packets;
  rec[3] = l3->bytes;
  rec[4] = l3->first_arrival;
  rec[5] = l3->last_arrival;
  rec[6] = sh->l4_packets;
  rec[7] = sh->ports;
  rec[8] = reason;
  rec[9] = sh->events;
  baton_flow_delete();
  baton_set_pkt_len(FC_RECORD_BYTES);
  baton_to_host();
}

BATON_PARTITION(expire) void expire_main(void) { fc_export(FC_REASON_IDLE); }
BATON_ENTRY(expire, 0, expire_main);

BATON_PARTITION(report) void report_main(void) { fc_export(FC_REASON_CLOSE); }
BATON_ENTRY(report, 0, report_main);

BATON_PARTITION(probe) void probe_main(void) {
  uint32_t sum = 0;
  for (uint32_t w = 0; w < FC_SPAD_WORDS; ++w) sum += baton_scratchpad()[FC_SPAD_NEW_FLOWS + w];
  volatile uint32_t* rec = (volatile uint32_t*)baton_pkt();
  rec[0] = FC_PROBE_MAGIC;
  rec[1] = sum;
  baton_to_host();
}
BATON_ENTRY(probe, 0, probe_main);
