// SPDX-License-Identifier: Apache-2.0
/* Flow-state example (docs/firmware.md "Flow state"): per-flow packet and byte counters kept in
 * the flow's workspace across two layers, an idle timer whose timeout event exports a record to
 * the host and deletes the flow, and a generated event on a third partition when a TCP FIN or RST
 * ends a flow. The event class table (an engine CSR table, set by the host) sends UDP and TCP
 * events to `count3` with find-or-insert, timeouts to `expire`, generated events to `report`. */
#ifndef FLOWCOUNT_H_
#define FLOWCOUNT_H_

#include "baton.h"

#define PART_ENTRY 0  /* initial partition: events the class table does not route (drops them) */
#define PART_COUNT3 1 /* layer 0 (L3): packets and bytes */
#define PART_COUNT4 2 /* layer 1 (L4): packets; arms the idle timer; FIN/RST generate an event */
#define PART_EXPIRE 3 /* timeout events: export, delete */
#define PART_REPORT 4 /* generated events: export, delete */
#define PART_PROBE 5  /* a probe packet (routed here by the host's class table): sums the
                         scratchpad's new-flow words into the frame, to host */

#define FC_DROP_UNROUTED 0x31 /* an event the class table did not route */
#define FC_DROP_NO_FLOW 0x32  /* an event without its flow's state (miss, full, busy) */

/* Idle timeout in cycles, and the event classes the firmware names (channel group 0). */
#define FC_IDLE_CYCLES 20000u
#define FC_CLASS_TIMEOUT BATON_EVENT_CLASS(0, BATON_EVENT_TIMEOUT)
#define FC_CLASS_GENERATED BATON_EVENT_CLASS(0, BATON_EVENT_GENERATED)

/* Layer 0's private portion (workspace bytes 0..15). */
struct fc_l3 {
  uint32_t packets;
  uint32_t bytes;
  uint32_t first_arrival;
  uint32_t last_arrival;
};
/* Layer 1's private portion. */
struct fc_l4 {
  uint32_t packets;
  uint32_t syn;
  uint32_t fin_rst;
  uint32_t reserved;
};
/* The shared portion: each word has one writer layer (a shared byte's first write in an event
 * wins, docs/abi.md section 13). */
struct fc_shared {
  uint32_t ports;      /* layer 0: source port << 16 | destination port of the flow's packets */
  uint32_t events;     /* layer 0: packet events of this flow */
  uint32_t l4_packets; /* layer 1: its own count, published for the export */
  uint32_t in_port;    /* layer 0 */
};

/* The record exported to the host, little-endian words: magic, flow index, packets, bytes,
 * first arrival, last arrival, layer-1 packets, ports, reason, events. */
#define FC_RECORD_MAGIC 0xf10c0001u
#define FC_REASON_IDLE 1u
#define FC_REASON_CLOSE 2u
#define FC_RECORD_WORDS 10u
#define FC_RECORD_BYTES (4u * FC_RECORD_WORDS)

/* Scratchpad words (engine-global). */
#define FC_SPAD_NEW_FLOWS 0 /* words 0..511: flows inserted, per hardware thread (tile * 8 + thread) */

/* The probe's answer: the frame's first two little-endian words become magic and the sum. */
#define FC_PROBE_MAGIC 0xf10c0002u
#define FC_SPAD_WORDS 512u

#endif /* FLOWCOUNT_H_ */
