// SPDX-License-Identifier: Apache-2.0
/* Partition host (FS8, docs/feature-set.md section 4): every to-host verdict ends here, so the
 * control-plane path has one place (rate limits or metadata come here later). Flow accounting's
 * exports (feature-set.md 11, firmware.md 13.8) go to the host too and live here: entry 1 runs a
 * flow's timeout event (reason idle), entry 2 the event ipv4_account generated after a FIN or RST
 * (reason fin or rst, from the flags the record saw). Neither event has a packet: the message is
 * built in the event's own packet-buffer slot, the flow deleted, the message sent to the host. */
#include "fw.h"

FW_PARTITION_DEFINE(host, PART_HOST);

FW_PARTITION(host) void host_input(void) { baton_to_host(); }
FW_ENTRY(host, 0, host_input);

#ifndef FW_RUN_TO_COMPLETION /* accounting needs the partitioned image (firmware.md 13.8) */
BATON_INLINE void put_be32(uint8_t* p, uint32_t v) {
  set_be16(p, v >> 16);
  set_be16(p + 2, v & 0xffffu);
}

FW_PARTITION(host) static __attribute__((noinline, noreturn)) void host_export(uint32_t reason) {
  struct fw_acct_private* a = (struct fw_acct_private*)baton_flow_private();
  const struct fw_acct_shared* k = (const struct fw_acct_shared*)baton_flow_shared();
  uint8_t* m = PKT;
  uint32_t* w = (uint32_t*)(void*)m; /* the packet slot is word-aligned: clear it a word at a time */
  for (uint32_t i = 0; i < (FWA_REC_BYTES + 3) / 4; ++i) w[i] = 0;
  set_be16(m + FWA_R_ETYPE, FWA_REC_ETHERTYPE);
  m[FWA_R_VERSION] = FWA_REC_VERSION;
  m[FWA_R_REASON] = (uint8_t)reason;
  m[FWA_R_PROTO] = k->proto;
  m[FWA_R_FLAGS] = k->tcp_flags;
  m[FWA_R_PORT] = (uint8_t)(k->port_vlan >> 12);
  set_be16(m + FWA_R_VLAN, k->port_vlan & 0x0fffu);
  copy_bytes(m + FWA_R_ADDRS, k->addrs, 8);
  copy_bytes(m + FWA_R_PORTS, k->ports, 4);
  put_be32(m + FWA_R_PACKETS, a->packets);
  put_be32(m + FWA_R_OCTETS, a->octets);
  put_be32(m + FWA_R_FIRST, a->first);
  put_be32(m + FWA_R_LAST, a->last);
  a->packets = FWA_EXPORTED; /* for an event already queued behind this one (ipv4_account) */
  baton_flow_delete();
  baton_set_pkt_len(FWA_REC_BYTES);
  baton_to_host();
}

FW_PARTITION(host) void host_export_idle(void) { host_export(FWA_REASON_IDLE); }
FW_ENTRY(host, FWA_ENTRY_IDLE, host_export_idle);

FW_PARTITION(host) void host_export_close(void) {
  const struct fw_acct_shared* k = (const struct fw_acct_shared*)baton_flow_shared();
  host_export((k->tcp_flags & 0x04u) ? FWA_REASON_RST : FWA_REASON_FIN);
}
FW_ENTRY(host, FWA_ENTRY_CLOSE, host_export_close);
#endif
