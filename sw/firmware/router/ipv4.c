// SPDX-License-Identifier: Apache-2.0
/* Partition ipv4 (FS3, docs/feature-set.md 3.4): validation V1-V6, classification C1-C7 and
 * forwarding F1-F4. Entry 1 (ipv4_input): a1 = L3 offset | FW_L2_MCAST.
 *
 * Fast path (the common routed packet, no IP options): the ingress already verified the header
 * checksum (parse word bit 26 set, bit 27 clear: header in the frame, no length beyond it); the
 * lookup result carries the neighbour and egress MACs, so forwarding is a 12-byte copy, the TTL
 * decrement and the RFC 1624 checksum update. Anything else takes ipv4_full, which checks every
 * rule from the packet bytes alone. */
#include "fw.h"

FW_PARTITION_DEFINE(ipv4, PART_IPV4);

#ifndef FW_RUN_TO_COMPLETION
/* Flow accounting (feature-set.md 11) of a packet that passed L1-L5 and V1-V6, called once per
 * packet: from the accounting fast path (entry 3), or from ipv4_full unless that path counted it
 * already (FW_ACCOUNTED). With accounting on, the class table starts looked-up events at
 * classify's entry 1, whose fast path leads to entry 3, so the other fast entries carry no
 * accounting code at all. Counters in the L3 private portion, the key fields in the shared
 * portion on insert; the idle timer re-armed, or on FIN or RST cancelled and the export handed
 * to a generated event (this packet still has its own verdict to reach). A flow that holds no
 * lock (miss, full, busy) goes unaccounted. */
FW_PARTITION(ipv4) static __attribute__((noinline)) void ipv4_account(const uint8_t* ip, uint32_t l3) {
  const uint32_t st = baton_flow_status();
  if (st != BATON_FS_STATUS_HIT && st != BATON_FS_STATUS_INSERTED) return;
  struct fw_acct_private* a = (struct fw_acct_private*)baton_flow_private();
  struct fw_acct_shared* k = (struct fw_acct_shared*)baton_flow_shared();
  /* Fragments are not accounted: their event type (fragment) has no lookup in
   * accounting_classes(), so they never hold a flow here (status none, returned above). */
  if (a->packets == FWA_EXPORTED) { /* queued behind its flow's export: the record is gone */
    fw_stats[baton_tile_id() * 8u + baton_thread_id()][STAT_ACCT_LATE]++;
    return;
  }
  const uint32_t now = baton_arrival();
  const uint32_t hlen = (ip[0] & 15u) * 4u;
  const uint32_t tl = be16(ip + 2);
  const uint32_t proto = ip[9];
  const uint32_t flags = (proto == 6 && hlen + 14 <= tl) ? ip[hlen + 13] : 0;
  if (st == BATON_FS_STATUS_INSERTED) { /* a new flow's state is all zero */
    copy_bytes(k->addrs, ip + 12, 8);
    if ((proto == 6 || proto == 17) && hlen + 4 <= tl) copy_bytes(k->ports, ip + hlen, 4);
    k->proto = (uint8_t)proto;
    const uint32_t vlan = l3 > 14 ? be16(PKT + 14) & 0x0fffu : 0;
    k->port_vlan = (uint16_t)((baton_in_port() << 12) | vlan);
    a->first = now;
  }
  a->packets += 1;
  a->octets += tl;
  a->last = now;
  k->tcp_flags |= (uint8_t)flags;
  if ((flags & 0x04u) || (flags & 0x03u) == 0x01u) { /* RST, or FIN without SYN */
    baton_timer_cancel();
    baton_generate_event(BATON_EVENT_GENERATED); /* class {group 0, generated} */
  } else {
    baton_timer_set(FWC_U32(FWC_H_ACCT_IDLE)); /* class {group 0, timeout}: the default */
  }
}
#define IPV4_ACCOUNT(ip, l3)                 \
  do {                                       \
    if (fw_accounting()) ipv4_account(ip, l3); \
  } while (0)
#else
/* Flow accounting needs the class table's entries into the partitioned image (firmware.md 13.8). */
#define IPV4_ACCOUNT(ip, l3) ((void)0)
#endif

/* Every rule from the bytes. `rec3` is word 3 of the fast path's result record when the fast path
 * found one it does not forward, else 0: a router address (C2; the checks before it hold: V1-V6
 * by the parse word, C1 by the fast path, the accounting done by entry 3) goes straight to icmp4's
 * echo entry, which hands anything but an echo request to the full local delivery. */
FW_PARTITION(ipv4) static __attribute__((noinline, noreturn, used)) void ipv4_full(uint32_t l3m, uint32_t rec3) {
  if (((rec3 >> 8) & 0xffu) == FWC_K_LOCAL) /* byte 13: FWC_R_KIND */
    fw_fast_args(PART_ICMP4, ENTRY_ICMP4_ECHO, FN_ICMP4_ECHO, l3m, 0);
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* p = PKT;
  uint8_t* ip = p + l3;
  const uint32_t n = baton_pkt_len() - l3;
  if (n < 20) fw_drop_unaccounted(DROP_IPV4_TRUNCATED);                      /* V1 */
  if ((ip[0] >> 4) != 4) fw_drop_unaccounted(DROP_IPV4_BAD_VERSION);          /* V2 */
  const uint32_t hlen = (ip[0] & 15u) * 4u;
  if (hlen < 20) fw_drop_unaccounted(DROP_IPV4_BAD_IHL);                      /* V3 */
  const uint32_t tl = be16(ip + 2);
  if (tl < hlen) fw_drop_unaccounted(DROP_IPV4_BAD_TOTAL_LENGTH);             /* V4 */
  if (tl > n) fw_drop_unaccounted(DROP_IPV4_LENGTH_BEYOND_FRAME);             /* V5 */
  if (fw_sum(l3, hlen, 0) != 0xffffu) fw_drop_unaccounted(DROP_IPV4_BAD_CHECKSUM); /* V6 */
  if (!(l3m & FW_ACCOUNTED)) IPV4_ACCOUNT(ip, l3);
  if (FWC_U8(FWC_V4_SRC_OFF + ip[12])) baton_drop(DROP_IPV4_MARTIAN_SOURCE); /* C1 */
  const uint8_t* r = fw_lookup4(ip + 16);
  const uint32_t kind = r[FWC_R_KIND];
  /* The three hand-offs share one migration: the partition is within a few bytes of its pages. */
  uint32_t fn = FN_ICMP4_LOCAL;                                              /* C2 */
  if (kind != FWC_K_LOCAL) {
    fn = FN_HOST;                                                            /* C3, C4 */
    if (kind != FWC_K_HOST) {
      if (kind == FWC_K_DROP) baton_drop(r[FWC_R_REASON]);                   /* C5, C6 */
      if (l3m & FW_L2_MCAST) baton_drop(DROP_IPV4_L2_MULTICAST);             /* C7 */
      if (kind == FWC_K_NO_ROUTE) baton_drop(DROP_IPV4_NO_ROUTE);            /* F1 */
      const uint32_t ttl = ip[8];
      if (ttl > 1) {                                                         /* F2 below */
        if (kind != FWC_K_FORWARD) baton_drop(DROP_IPV4_NO_NEIGHBOUR);       /* F3 */
        uint32_t* eth = (uint32_t*)p;                                        /* F4 */
        const uint32_t* rw = (const uint32_t*)r; /* the MACs at FWC_R_DMAC = 0 */
        eth[0] = rw[0];
        eth[1] = rw[1];
        eth[2] = rw[2];
        ip[8] = (uint8_t)(ttl - 1);
        const uint32_t hc = *pkt16(l3 + 10);
        *pkt16(l3 + 10) = (uint16_t)fw_csum_update(hc, ttl, ttl - 1);
        fw_forward(l3m, r[FWC_R_PORT]);
      }
      fn = FN_ICMP4_TTL;                                                     /* F2 */
    }
  }
  fw_goto(fn, l3m, 0);
}

/* The fast path's way into ipv4_full: a jump, not a call. ipv4_full never returns, so nothing
 * needs ra; called, it would make the compiler save ra at the top of every fast entry (it does not
 * keep the save on the rare branches once the call takes the record word). */
#define IPV4_FULL_JUMP(l3m, rec3)                                                        \
  do {                                                                                   \
    register uint32_t r_l3m_ __asm__("a0") = (l3m);                                       \
    register uint32_t r_rec3_ __asm__("a1") = (rec3);                                     \
    __asm__ volatile("j ipv4_full" : : "r"(r_l3m_), "r"(r_rec3_) : "memory");             \
    __builtin_unreachable();                                                             \
  } while (0)

/* Entry 1: from classify_full (tags, multicast MAC, or anything the fast entry does not take). */
FW_PARTITION(ipv4) void ipv4_input(uint32_t sp, uint32_t l3m) {
  (void)sp;
  ipv4_full(l3m, 0);
}
FW_ENTRY(ipv4, ENTRY_IPV4_INPUT, ipv4_input);

/* The fast path: classify checked a unicast frame for the port's MAC and the parse word (L3
 * IPv4 after at most two complete tags, header checksum good, header and total length inside the
 * frame, version 4, IHL >= 5). `ip` is the IPv4 header, `l3` its offset. */

/* F4 for result record e (its byte offset is e * 16), or ipv4_full for anything but a
 * forward record with TTL > 1. Inlined once per trie level, so no path jumps back to a shared tail. */
BATON_INLINE __attribute__((noreturn)) void ipv4_forward(uint8_t* p, uint8_t* ip, uint32_t l3, int32_t e,
                                                         uint32_t flags) {
  uint32_t off = (uint32_t)e << 4;
  __asm__("" : "+r"(off)); /* keep base + (e << 4): a lui-only base, one add */
  const uint32_t* r = (const uint32_t*)(uintptr_t)(FWC_BASE + FWC_V4_RES_OFF + off);
  const int32_t port = (int32_t)r[3]; /* the port for a forward record, negative otherwise */
  int32_t ttl = (int32_t)ip[8] - 1;
  __asm__("" : "+r"(ttl)); /* test the decremented TTL (blez), no constant needed */
  if (port < 0 || ttl <= 0) IPV4_FULL_JUMP(l3 | flags, r[3]);
  uint32_t* const eth = (uint32_t*)p;
  eth[0] = r[0];
  eth[1] = r[1];
  eth[2] = r[2];
  ip[8] = (uint8_t)ttl;
  /* RFC 1624 eqn. 3 with m' = m - 0x0100 reduces to HC' = HC + 0x0100 modulo 0xffff, which in
   * the little-endian lanes of a halfword load is x + 1 modulo 0xffff (0xfffe -> 0, 0xffff -> 1,
   * exactly as eqn. 3 gives). */
  const uint32_t x = *(const uint16_t*)(ip + 10);
  *(uint16_t*)(ip + 10) = (uint16_t)(x + 1u + ((x + 2u) >> 16));
  fw_forward(l3 | flags, (uint32_t)port);
}

/* A chunk entry is 0x8000 | c, sign-extended: (e << 9) + 2^24 is c * 512. */
#define CHUNK_ENTRY(e, b)                                                                             \
  (*(const int16_t*)(uintptr_t)(FWC_BASE + FWC_V4_CHUNK_FIXED_OFF + 0x1000000u + ((uint32_t)(e) << 9) + \
                                (uint32_t)(b) * 2u))

/* `account` is a constant at each call: 0 for the fast entries, 1 for the accounting one, which
 * counts the packet once its header passed the checks the fast path relies on (and whose
 * fallback into the full rules carries FW_ACCOUNTED). */
BATON_INLINE __attribute__((noreturn)) void ipv4_fast_at(uint8_t* p, uint32_t l3, uint32_t account) {
  uint8_t* const ip = p + l3;
  /* rev8 of the halfword is total length << 16: compare without shifting back. */
  if (ip[0] != 0x45u || baton_bswap32(*(const uint16_t*)(ip + 2)) < (20u << 16) || FWC_U8(FWC_V4_SRC_OFF + ip[12]))
    IPV4_FULL_JUMP(l3, 0);
  if (account) { /* compact: one LPM loop and one forward, not the three inlined levels below */
    IPV4_ACCOUNT(ip, l3);
    ipv4_forward(p, ip, l3, (int32_t)fw_lookup4_index(ip + 16), FW_ACCOUNTED);
  }
  /* Root entry: rev8(halfword) >> 15 is (top 16 destination bits) * 2, the entry's byte offset. */
  const uint32_t root_off = baton_bswap32(*(const uint16_t*)(ip + 16)) >> 15;
  int32_t e = *(const int16_t*)(uintptr_t)(FWC_BASE + FWC_V4_ROOT_OFF + root_off);
  if (e >= 0) ipv4_forward(p, ip, l3, e, 0);
  e = CHUNK_ENTRY(e, ip[18]);
  if (e >= 0) ipv4_forward(p, ip, l3, e, 0);
  ipv4_forward(p, ip, l3, CHUNK_ENTRY(e, ip[19]), 0);
}

/* Entry 0: untagged (L3 at offset 14), no arguments. */
FW_PARTITION(ipv4) void ipv4_fast(void) {
  uint8_t* p = PKT;
#ifdef FW_RELOAD_VARIANT
  /* Test image only (router_v2, live reload in engine_paging_test): the same function with four
   * more instructions per packet, so a test can see which version of ipv4 ran a packet. */
  __asm__ volatile("nop\n\tnop\n\tnop\n\tnop");
#endif
  __asm__("" : "+r"(p)); /* one register for the packet base, never rematerialised */
  ipv4_fast_at(p, 14, 0);
}
FW_ENTRY(ipv4, ENTRY_IPV4_FAST, ipv4_fast);

/* Entry 2: one or two tags; a1 = the L3 offset. */
FW_PARTITION(ipv4) void ipv4_fast_tagged(uint32_t sp, uint32_t l3) {
  (void)sp;
  uint8_t* p = PKT;
  __asm__("" : "+r"(p));
  ipv4_fast_at(p, l3, 0);
}
FW_ENTRY(ipv4, ENTRY_IPV4_FAST_TAGGED, ipv4_fast_tagged);

#ifndef FW_RUN_TO_COMPLETION
/* Entry 3: flow accounting's fast path (firmware.md 13.8), from classify's entry 1: the same
 * checks as entries 0 and 2, tagged or not; a1 = the L3 offset. */
FW_PARTITION(ipv4) void ipv4_fast_accounted(uint32_t sp, uint32_t l3) {
  (void)sp;
  uint8_t* p = PKT;
  __asm__("" : "+r"(p));
  ipv4_fast_at(p, l3, 1);
}
FW_ENTRY(ipv4, ENTRY_IPV4_FAST_ACCOUNTED, ipv4_fast_accounted);
#endif

#ifdef FW_FIREWALL_BUILD
/* Entry 4: the firewall's fast path (router_fw, firewall.md), from fw_in for what classify's fast
 * path would take: the same header checks, one LPM loop, the forward handed to the firewall
 * partition; a1 = the L3 offset with the firewall's flags. */
FW_PARTITION(ipv4) void ipv4_fast_firewall(uint32_t sp, uint32_t l3m) {
  (void)sp;
  uint8_t* p = PKT;
  __asm__("" : "+r"(p));
  const uint32_t l3 = l3m & 0xffu;
  uint8_t* const ip = p + l3;
  if (ip[0] != 0x45u || baton_bswap32(*(const uint16_t*)(ip + 2)) < (20u << 16) || FWC_U8(FWC_V4_SRC_OFF + ip[12]))
    IPV4_FULL_JUMP(l3m, 0);
  ipv4_forward(p, ip, l3, (int32_t)fw_lookup4_index(ip + 16), l3m & ~0xffu);
}
FW_ENTRY(ipv4, ENTRY_IPV4_FAST_FIREWALL, ipv4_fast_firewall);
#endif
