// SPDX-License-Identifier: Apache-2.0
/* The stateful firewall (FS6, docs/feature-set.md section 12, docs/firewall.md), split across
 * partitions by event type so that the events of one connection run on different tile pools
 * while the lookup's per-flow lock keeps them in order (SP2, SP6):
 *   fw_in     every event the class table looks up by connection key: the router's L2 rules,
 *             then its routing partitions, which hand a packet they would forward (F4/E4) to
 *   fw_setup  TCP SYN and SYN-ACK; UDP, ICMP and other packets without a live entry,
 *   fw_est    TCP ACK/data; UDP, ICMP and other packets of a live entry (the fast path),
 *   fw_close  TCP FIN and RST (entry 0) and the connections' timeout events (entry 1).
 * Every firewall partition runs the whole tracker (fwtrack.h), so a packet whose type the ingress
 * decided differently from section 12's segment class is still judged by the section's rules. */
#include "classify_body.h"
#include "fwtrack.h"

FW_PARTITION_DEFINE(fw_in, FWF_PART_IN);
FW_PARTITION_DEFINE(fw_setup, FWF_PART_SETUP);
FW_PARTITION_DEFINE(fw_est, FWF_PART_EST);
FW_PARTITION_DEFINE(fw_close, FWF_PART_CLOSE);

/* Entry 0 of fw_in: a0 = parse word, a1 = hash, a2 = EtherType | FW_ARG_REVERSED. The firewall
 * partition is chosen here, while the event type and lookup status are at hand, and travels in
 * the flags beside the L3 offset. */
FW_PARTITION(fw_in) void fw_in_main(uint32_t pw, uint32_t hash, uint32_t etype) {
  (void)hash;
  const uint32_t st = baton_flow_status();
  if (st == BATON_FS_STATUS_INSERTED) baton_timer_set(FWF_EMPTY_ENTRY_CYCLES);
  const uint32_t ev = baton_event_type();
  uint32_t part = FWF_PART_EST;
  if (ev == BATON_EVENT_TCP_SYN || ev == BATON_EVENT_TCP_SYNACK) part = FWF_PART_SETUP;
  else if (ev == BATON_EVENT_TCP_FIN || ev == BATON_EVENT_TCP_RST) part = FWF_PART_CLOSE;
  else if (ev != BATON_EVENT_TCP && st != BATON_FS_STATUS_HIT) part = FWF_PART_SETUP;
  const uint32_t flags = FW_FIREWALL | ((etype & FW_ARG_REVERSED) ? FW_REV : 0) | (part << FW_FW_PART_SHIFT);
  /* The fast paths, on classify's conditions (classify_body.h): a unicast frame for the port's MAC
   * that the ingress parsed as IPv4 with a good header (after at most two tags) or as IPv6. */
  if (classify_for_port()) {
    const uint32_t k = pw & FW_PW_FAST_MASK;
    if (k == FW_PW_FAST_IPV4 || k - FW_PW_FAST_IPV4_TAG1 < 0x20000u)
      fw_fast_args(PART_IPV4, ENTRY_IPV4_FAST_FIREWALL, FN_IPV4, (pw & 0xffu) | flags, 0);
    if (k - FW_PW_FAST_IPV6 < 0x30000u) fw_fast_args(PART_IPV6, ENTRY_IPV6_FAST_FIREWALL, FN_IPV6, (pw & 0xffu) | flags, 0);
  }
  classify_l2_flags(pw, flags);
}
FW_ENTRY(fw_in, 0, fw_in_main);

/* Entry 0 of each tracker partition: from fw_forward, a1 = l3m, a2 = the egress port; `kinds`:
 * what fw_in sends it (fwtrack.h). */
#define FWF_TRACKER(part, kinds)                                                    \
  FW_PARTITION(part) void part##_main(uint32_t sp, uint32_t l3m, uint32_t port) { \
    (void)sp;                                                                     \
    fwf_run(l3m, port, kinds);                                                    \
  }                                                                               \
  FW_ENTRY(part, 0, part##_main)

FWF_TRACKER(fw_setup, FWF_K_ANY);
FWF_TRACKER(fw_est, FWF_K_RELATED);
FWF_TRACKER(fw_close, FWF_K_TCP);

/* Entry 1 of fw_close: the entry's timer fired. A connection's timer is armed past its expiry, so
 * an expired connection becomes an empty entry for FWF_EMPTY_ENTRY_CYCLES; one that a packet moved
 * since the timer fired stays (that packet armed the timer again); an empty entry is removed. */
FW_PARTITION(fw_close) void fw_timeout_main(void) {
  struct fwf_conn* c = (struct fwf_conn*)baton_flow_shared();
  if (!(c->flags & FWF_F_EXISTS)) {
    c->flags = FWF_F_REMOVED;
    baton_flow_delete();
  } else if (fwf_expired(baton_arrival(), c->expiry)) {
    c->flags = 0;
    baton_timer_set(FWF_EMPTY_ENTRY_CYCLES);
  }
  baton_done();
}
FW_ENTRY(fw_close, FWF_ENTRY_TIMEOUT, fw_timeout_main);
