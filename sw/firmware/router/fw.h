// SPDX-License-Identifier: Apache-2.0
/* Reference router firmware (docs/feature-set.md, docs/firmware.md "Reference firmware"):
 * partitions, function ids, drop reasons, the configuration blob accessors and the helpers that
 * several partitions inline. */
#ifndef BATON_ROUTER_FW_H_
#define BATON_ROUTER_FW_H_

#include "baton.h"
#include "baton/fw/accounting.h"
#include "baton/fw/blob_layout.h"
#include "baton/fw/firewall.h"

/* Partition ids. */
#define PART_CLASSIFY 0
#define PART_IPV4 1
#define PART_ARP 2
#define PART_ICMP4 3
#define PART_IPV6 4
#define PART_HOST 5 /* also flow accounting's exports: FWA_PART_EXPORT */
#define PART_ICMP6 6
/* TCP replicas of classify (MP3): ids PART_CLASSIFY_TCP0 .. + FW_TCP_REPLICAS - 1. */
#define PART_CLASSIFY_TCP0 7
#define PART_CLASSIFY_TCP1 8
#define PART_CLASSIFY_TCP2 9
#define PART_CLASSIFY_TCP3 10
#define FW_TCP_REPLICAS 4
_Static_assert(FWA_PART_EXPORT == PART_HOST, "flow accounting exports from the host partition");

/* Entry indices of the fast entries (and their neighbours), used by the entry definitions and
 * by the fast path's direct migrations (fw_fast, fw_fast_args), so both come from here. */
#define ENTRY_IPV4_FAST 0
#define ENTRY_IPV4_INPUT 1
#define ENTRY_IPV4_FAST_TAGGED 2
#define ENTRY_IPV4_FAST_ACCOUNTED 3 /* flow accounting's fast path (firmware.md 13.8) */
#define ENTRY_IPV4_FAST_FIREWALL 4  /* the firewall's fast path (router_fw) */
#define ENTRY_IPV6_INPUT 0
#define ENTRY_IPV6_FAST 1
#define ENTRY_IPV6_FAST_FIREWALL 2  /* the firewall's fast path (router_fw) */
#define ENTRY_ICMP4_ECHO 2          /* the fast path's packets for a router address */
#define ENTRY_ICMP6_ECHO 2

/* Function table of the initial partition (PM8). */
#define FN_IPV4 0
#define FN_IPV4_FAST 8
#define FN_IPV4_FAST_TAGGED 9
#define FN_IPV6_FAST 10
#define FN_ARP 1
#define FN_IPV6 2
#define FN_ICMP4_LOCAL 3
#define FN_ICMP4_TTL 4
#define FN_HOST 5
#define FN_ICMP6_LOCAL 6
#define FN_ICMP6_HOP 7
#define FN_ICMP4_ECHO 11
#define FN_ICMP6_ECHO 12

/* Migration arguments: a1 = L3 offset | FW_L2_MCAST (destination MAC was broadcast/multicast),
 * a2 = the ingress parse word (contract: docs/architecture.md) from classify to ipv4, arp and ipv6
 * (the partitions after them do not read it; ipv4 passes 0), a3 = the L4 sum (fw_l4sum). */
#define FW_L2_MCAST 0x100u
/* ipv4's own flag beside the L3 offset: the accounting fast path counted the packet already. */
#define FW_ACCOUNTED 0x200u
/* The firewall's flags beside the L3 offset (set by its entry partition, fw_in): the packet
 * travels from the higher endpoint of its connection key (the ingress's args[2] bit 16), and the
 * packet is the firewall's, with the firewall partition that takes it at F4/E4 in bits 19:12. */
#define FW_REV 0x400u
#define FW_FIREWALL 0x800u
#define FW_FW_PART_SHIFT 12
#define FW_ARG_REVERSED 0x10000u /* in the ingress's args[2] */
/* Parse word bits the classify fast path requires: no tags, L3 IPv4, checksum good, not
 * malformed (bits 27:26 = 01, 21:16 = 0b0010_00). */
#define FW_PW_FAST_MASK 0x0c3f0000u
#define FW_PW_FAST_IPV4 0x04080000u
/* The same after one or two tags: (word & mask) - this < 0x20000. IPv6: bits 27:26 = 00,
 * L3 kind 3, any tag count but 3 ((word & mask) - FW_PW_FAST_IPV6 < 3 << 16). */
#define FW_PW_FAST_IPV6 0x000c0000u
#define FW_PW_FAST_IPV4_TAG1 0x04090000u

/* Drop reasons (docs/feature-set.md section 9). */
enum {
  DROP_PORT_UNCONFIGURED = 0x01,
  DROP_L2_NOT_FOR_US = 0x02,
  DROP_L2_TRUNCATED = 0x03,
  DROP_L2_TOO_MANY_TAGS = 0x04,
  DROP_L2_UNSUPPORTED_ETHERTYPE = 0x05,
  DROP_ARP_MALFORMED = 0x10,
  DROP_ARP_NOT_FOR_US = 0x11,
  DROP_ARP_BAD_OPCODE = 0x12,
  DROP_IPV4_TRUNCATED = 0x20,
  DROP_IPV4_BAD_VERSION = 0x21,
  DROP_IPV4_BAD_IHL = 0x22,
  DROP_IPV4_BAD_TOTAL_LENGTH = 0x23,
  DROP_IPV4_LENGTH_BEYOND_FRAME = 0x24,
  DROP_IPV4_BAD_CHECKSUM = 0x25,
  DROP_IPV4_MARTIAN_SOURCE = 0x26,
  DROP_IPV4_L2_MULTICAST = 0x29,
  DROP_IPV4_NO_ROUTE = 0x2a,
  DROP_IPV4_NO_NEIGHBOUR = 0x2b,
  DROP_IPV4_TTL_EXPIRED = 0x2c,
  DROP_ICMP_TRUNCATED = 0x2d,
  DROP_ICMP_BAD_CHECKSUM = 0x2e,
  DROP_IPV6_TRUNCATED = 0x40,
  DROP_IPV6_BAD_VERSION = 0x41,
  DROP_IPV6_LENGTH_BEYOND_FRAME = 0x42,
  DROP_IPV6_MARTIAN_SOURCE = 0x43,
  DROP_IPV6_L2_MULTICAST = 0x46,
  DROP_IPV6_SCOPE = 0x47,
  DROP_IPV6_NO_ROUTE = 0x48,
  DROP_IPV6_NO_NEIGHBOUR = 0x49,
  DROP_IPV6_HOP_LIMIT_EXPIRED = 0x4a,
  DROP_ICMPV6_TRUNCATED = 0x4b,
  DROP_ICMPV6_BAD_CHECKSUM = 0x4c,
  DROP_FW_INVALID = 0x60,
  DROP_FW_NEW_NOT_ALLOWED = 0x61,
  DROP_FW_TABLE_FULL = 0x62,
  DROP_FW_BUSY = 0x63,
  DROP_FRAG_NO_FIRST = 0x70,
};

/* Reply statistics: fw_stats[tile * 8 + thread][kind], summed by the engine model and the host
 * (data symbol fw_stats; no atomics, so one row per hardware thread). */
/* STAT_ACCT_LATE: flow accounting's late packets (firmware.md 13.8), not a reply. */
enum { STAT_ARP_REPLY, STAT_ICMP4_ECHO, STAT_ICMP4_TTL, STAT_ICMP6_ECHO, STAT_ICMP6_HOP, STAT_ACCT_LATE, STAT_KINDS = 8 };
extern uint32_t fw_stats[64 * 8][STAT_KINDS];

BATON_INLINE void fw_count(unsigned kind) {
  fw_stats[baton_tile_id() * 8u + baton_thread_id()][kind]++;
}

/* ---- configuration blob ------------------------------------------------------------------ */
#define FWC_U8(off) (*(const uint8_t*)(uintptr_t)(FWC_BASE + (off)))
#define FWC_U32(off) (*(const uint32_t*)(uintptr_t)(FWC_BASE + (off)))
BATON_INLINE const uint8_t* fw_port(uint32_t port) {
  uint32_t off = port * FWC_PORT_BYTES;
  __asm__("" : "+r"(off)); /* lui base + offset: the table offset folds into the loads */
  return (const uint8_t*)(uintptr_t)(FWC_BASE + off) + FWC_PORTS_OFF;
}
BATON_INLINE const uint8_t* fw_res4(uint32_t idx) {
  return (const uint8_t*)(uintptr_t)(FWC_BASE + FWC_V4_RES_OFF + idx * FWC_RES_BYTES);
}
BATON_INLINE const uint16_t* fw_root4(void) {
  return (const uint16_t*)(uintptr_t)(FWC_BASE + FWC_V4_ROOT_OFF);
}
BATON_INLINE const uint8_t* fw_blob(uint32_t off) { return (const uint8_t*)(uintptr_t)(FWC_BASE + off); }

/* IPv4 longest-prefix match: the result record index of `dst` (bytes in network order at ip + 16). */
BATON_INLINE uint32_t fw_lookup4_index(const uint8_t* d) {
  uint32_t e = fw_root4()[((uint32_t)d[0] << 8) | d[1]];
  if (e & FWC_ENTRY_CHUNK) {
    const uint16_t* chunks = (const uint16_t*)(uintptr_t)(FWC_BASE + FWC_U32(FWC_H_V4_CHUNK_OFF));
    e = chunks[((e & 0x7fffu) << 8) | d[2]];
    if (e & FWC_ENTRY_CHUNK) e = chunks[((e & 0x7fffu) << 8) | d[3]];
  }
  return e;
}
/* The same as its result record. */
BATON_INLINE const uint8_t* fw_lookup4(const uint8_t* d) { return fw_res4(fw_lookup4_index(d)); }

/* IPv6 longest-prefix match (one byte per level). */
BATON_INLINE const uint8_t* fw_lookup6(const uint8_t* d) {
  const uint16_t* chunks = (const uint16_t*)(uintptr_t)(FWC_BASE + FWC_U32(FWC_H_V6_CHUNK_OFF));
  uint32_t e = chunks[d[0]];
  for (unsigned i = 1; (e & FWC_ENTRY_CHUNK) && i < 16; ++i) e = chunks[((e & 0x7fffu) << 8) | d[i]];
  return fw_blob(FWC_U32(FWC_H_V6_RES_OFF) + (e & 0x7fffu) * FWC_RES_BYTES);
}

/* ---- flow accounting (feature-set.md 11, firmware.md 13.8) ------------------------------------ */
/* Per-flow state: the L3 layer's private portion holds the counters, the shared portion the key
 * fields the export needs (a timeout event has no packet to take them from). */
struct fw_acct_private {
  uint32_t packets, octets, first, last;
};
struct fw_acct_shared {
  uint8_t addrs[8]; /* source, destination, as in the header */
  uint8_t ports[4]; /* source, destination, as in the header; 0 without ports */
  uint8_t proto;
  uint8_t tcp_flags; /* OR of the accounted packets' flags */
  uint16_t port_vlan; /* in_port << 12 | VLAN id */
};
_Static_assert(sizeof(struct fw_acct_private) == BATON_FS_PORTION_BYTES, "private portion");
_Static_assert(sizeof(struct fw_acct_shared) == BATON_FS_PORTION_BYTES, "shared portion");

/* The flags word holds FWC_ACCT_ON or 0 (baton-fwconfig), so a load and a branch test it. The
 * run-to-completion build has no accounting (its one partition has one entry). */
#ifdef FW_RUN_TO_COMPLETION
BATON_INLINE int fw_accounting(void) { return 0; }
#else
BATON_INLINE int fw_accounting(void) { return FWC_U32(FWC_H_ACCT_FLAGS) != 0; }
#endif

/* A packet that will not be accounted but made the lookup insert its flow (its class looks up:
 * IPv6 TCP/UDP/ICMP, or IPv4 that fails L1-L5 or V1-V6) removes the flow again when it ends, so
 * the table holds only accounted flows. Without accounting the lookup window is never touched. */
BATON_INLINE void fw_flow_unaccounted(void) {
  if (fw_accounting() && baton_flow_status() == BATON_FS_STATUS_INSERTED) baton_flow_delete();
}
BATON_INLINE __attribute__((noreturn)) void fw_drop_unaccounted(uint32_t reason) {
  fw_flow_unaccounted();
  baton_drop(reason);
}

/* ---- partitions: the partitioned build, or one run-to-completion partition ----------------- */
/* The partitioned build (the reference image) places each file's functions in their own
 * partition and crosses partitions by migrating through the function table (fw_goto below).
 * FW_RUN_TO_COMPLETION links the same C code as ONE partition, classify (id 0, the initial
 * partition): every FW_PARTITION lands in classify, only classify's entry 0 exists, the function
 * table stays empty, and fw_goto() calls the entry function directly, so a packet never leaves
 * the thread that took it (docs/firmware.md 13.7). classify.c defines the initial partition and
 * its entry with the SDK macros in both builds; the other files use these. */
#ifdef FW_RUN_TO_COMPLETION
#define FW_PARTITION(name) BATON_PARTITION(classify)
/* Nothing to define; the assertions keep the ids meaningful and consume the semicolon. */
#define FW_PARTITION_DEFINE(name, id) _Static_assert((id) > 0 && (id) < 256, "partition " #name)
#define FW_ENTRY(part, index, fn) _Static_assert((index) >= 0, "entry " #fn)
#define FW_FUNCTION(id, entry_fn) _Static_assert((id) >= 0, "function " #entry_fn)
#else
#define FW_PARTITION(name) BATON_PARTITION(name)
#define FW_PARTITION_DEFINE(name, id) BATON_PARTITION_DEFINE(name, id)
#define FW_ENTRY(part, index, fn) BATON_ENTRY(part, index, fn)
#define FW_FUNCTION(id, entry_fn) BATON_FUNCTION(id, entry_fn)
#endif

#ifndef FW_RUN_TO_COMPLETION
/* ---- migration with the arguments in registers ----------------------------------------------- */
/* MIGRATE to (part, entry word) like baton_dispatch() with nothing spilled: sp = a0 = the top of
 * the packet's stack. */
BATON_INLINE __attribute__((noreturn)) void fw_migrate_(uint32_t part, uint32_t entry_word, uint32_t a1,
                                                        uint32_t a2) {
  register uint32_t r_part __asm__("t5") = part;
  register uint32_t r_entry __asm__("t6") = entry_word;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a2 __asm__("a2") = a2;
  register uint32_t r_a3 __asm__("a3") = baton_delivered_arg(3); /* the L4 sum travels on (fw_l4sum) */
  __asm__ volatile("li sp, %2\n"
                   "mv a0, sp\n"
                   BATON_INSN_OP(BATON_OP_MIGRATE) "t5, t6\n"
                   :
                   : "r"(r_part), "r"(r_entry), "i"(BATON_STACK_TOP), "r"(r_a1), "r"(r_a2), "r"(r_a3)
                   : "a0", "memory");
  __builtin_unreachable();
}

/* The same without arguments (a0..a2 as they are) and without touching sp: the fast path's
 * handoff from a function that has no stack frame, so sp is still the top of the stack window,
 * as a zero-byte spill leaves it. `l4` is the L4 sum the initial partition was delivered in a3
 * (fw_l4sum): passing it keeps the compiler from using a3 before the hand-off. */
BATON_INLINE __attribute__((noreturn)) void fw_migrate0_(uint32_t part, uint32_t entry_word, uint32_t l4) {
  register uint32_t r_part __asm__("t5") = part;
  register uint32_t r_entry __asm__("t6") = entry_word;
  register uint32_t r_a3 __asm__("a3") = l4;
  __asm__ volatile(BATON_INSN_OP(BATON_OP_MIGRATE) "t5, t6\n" : : "r"(r_part), "r"(r_entry), "r"(r_a3) : "memory");
  __builtin_unreachable();
}

/* F4/E4 of a forwarded packet: sent, or, in the image with the firewall (router_fw) when the
 * firewall's entry partition took it (FW_FIREWALL), handed to the firewall partition it chose with
 * a1 = l3m, a2 = the egress port. */
#ifdef FW_FIREWALL_BUILD
BATON_INLINE __attribute__((noreturn)) void fw_forward(uint32_t l3m, uint32_t port) {
  if (l3m & FW_FIREWALL) fw_migrate_(l3m >> FW_FW_PART_SHIFT, BATON_ENTRY_INDEX(0), l3m, port);
  baton_send(port);
}
#else
/* The image without the firewall partitions (router): nothing sets FW_FIREWALL. */
BATON_INLINE __attribute__((noreturn)) void fw_forward(uint32_t l3m, uint32_t port) {
  (void)l3m;
  baton_send(port);
}
#endif

/* Through the function table (PM8): slot fn holds partition << 16 | entry word. */
BATON_INLINE __attribute__((noreturn)) void fw_goto(uint32_t fn, uint32_t a1, uint32_t a2) {
  const uint32_t w = __baton_fn_table[fn];
  if ((int32_t)w < 0) baton_drop(BATON_DROP_NO_FUNCTION);
  fw_migrate_(w >> 16, w & 0xffffu, a1, a2);
}
BATON_INLINE __attribute__((noreturn)) void fw_goto0(uint32_t fn, uint32_t l4) {
  const uint32_t w = __baton_fn_table[fn];
  if ((int32_t)w < 0) baton_drop(BATON_DROP_NO_FUNCTION);
  fw_migrate0_(w >> 16, w & 0xffffu, l4);
}

/* The fast path's hand-offs: the same as fw_goto0 / fw_goto, but to a partition and entry known at
 * compile time instead of through the function table. The table costs a load, a check and a
 * split (five instructions) on every packet; the fast path is where that shows (64-byte IPv4). */
#define fw_fast(part, entry, fn, l4) fw_migrate0_((part), BATON_ENTRY_INDEX(entry), (l4))
#define fw_fast_args(part, entry, fn, a1, a2) fw_migrate_((part), BATON_ENTRY_INDEX(entry), (a1), (a2))
#else
/* ---- run to completion: the function table as direct calls ---------------------------------- */
/* The call leaves the registers as a delivery after fw_goto's migration would: sp = a0 = the top
 * of the packet's stack (the caller's frames are dead, so the callee's stack never grows beyond
 * what one partition of the partitioned build uses), a1, a2 as given. `call` rather than a jump
 * gives the callee a return address; returning drops with BATON_DROP_ENTRY_RETURNED, as the
 * SDK's entry stub does. Control never comes back to the caller's C code, so ra is not declared
 * clobbered: declaring it would make GCC save ra on classify's fast path, which has no frame. */
#define FW_RTC_CALL_(fn)                                                                        \
  __asm__ volatile("li sp, %0\n"                                                                \
                   "mv a0, sp\n"                                                                \
                   "call " #fn "\n"                                                             \
                   "li a0, %1\n"                                                                \
                   BATON_INSN_OP(BATON_OP_DROP) "a0, x0\n"                                      \
                   :                                                                            \
                   : "i"(BATON_STACK_TOP), "i"(BATON_DROP_ENTRY_RETURNED), "r"(r_a1), "r"(r_a2) \
                   : "a0", "memory");                                                           \
  __builtin_unreachable()

/* `fn` is a constant at every call site, so the switch folds to one call. The cases are the
 * function table of classify.c (FW_FUNCTION). */
BATON_INLINE __attribute__((noreturn)) void fw_goto(uint32_t fn, uint32_t a1, uint32_t a2) {
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a2 __asm__("a2") = a2;
  switch (fn) {
    case FN_IPV4: FW_RTC_CALL_(ipv4_input);
    case FN_IPV4_FAST: FW_RTC_CALL_(ipv4_fast);
    case FN_IPV4_FAST_TAGGED: FW_RTC_CALL_(ipv4_fast_tagged);
    case FN_IPV6_FAST: FW_RTC_CALL_(ipv6_fast);
    case FN_ARP: FW_RTC_CALL_(arp_input);
    case FN_IPV6: FW_RTC_CALL_(ipv6_input);
    case FN_ICMP4_LOCAL: FW_RTC_CALL_(icmp4_local);
    case FN_ICMP4_TTL: FW_RTC_CALL_(icmp4_ttl_exceeded);
    case FN_HOST: FW_RTC_CALL_(host_input);
    case FN_ICMP6_LOCAL: FW_RTC_CALL_(icmp6_local);
    case FN_ICMP6_HOP: FW_RTC_CALL_(icmp6_hop_exceeded);
    case FN_ICMP4_ECHO: FW_RTC_CALL_(icmp4_echo);
    case FN_ICMP6_ECHO: FW_RTC_CALL_(icmp6_echo);
    default: baton_drop(BATON_DROP_NO_FUNCTION);
  }
}

/* fw_goto0's hand-off keeps sp and a0..a2 as they are, and so does this call: the caller
 * (classify's fast path) has no frame, so sp is still the top of the stack window. Only the fast
 * entry without arguments is reached this way. */
BATON_INLINE __attribute__((noreturn)) void fw_goto0(uint32_t fn, uint32_t l4) {
  (void)l4; /* the thread never migrates: fw_l4sum() reads the delivery's own a3 */
  if (fn != FN_IPV4_FAST) baton_drop(BATON_DROP_NO_FUNCTION);
  __asm__ volatile("call ipv4_fast\n"
                   "li a0, %0\n"
                   BATON_INSN_OP(BATON_OP_DROP) "a0, x0\n"
                   :
                   : "i"(BATON_DROP_ENTRY_RETURNED)
                   : "a0", "memory");
  __builtin_unreachable();
}
/* The run-to-completion build has no firewall partitions (its events never carry FW_FIREWALL). */
BATON_INLINE __attribute__((noreturn)) void fw_forward(uint32_t l3m, uint32_t port) {
  (void)l3m;
  baton_send(port);
}

/* No migration to skip: the fast path calls as fw_goto0 / fw_goto do. */
#define fw_fast(part, entry, fn, l4) fw_goto0((fn), (l4))
#define fw_fast_args(part, entry, fn, a1, a2) fw_goto((fn), (a1), (a2))
#endif

/* ---- packet helpers ------------------------------------------------------------------------ */
#define PKT ((uint8_t*)(uintptr_t)BATON_PKT_BASE)
BATON_INLINE uint32_t be16(const uint8_t* p) { return ((uint32_t)p[0] << 8) | p[1]; }
BATON_INLINE void set_be16(uint8_t* p, uint32_t v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}
BATON_INLINE void copy_bytes(uint8_t* d, const uint8_t* s, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) d[i] = s[i];
}
BATON_INLINE int same_bytes(const uint8_t* a, const uint8_t* b, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* One's-complement sums in the little-endian lane order of the loads: a sum over bytes starting
 * at an even packet offset is the byte-swapped network sum, and storing its complement with a
 * halfword store at an even offset writes the checksum in network order (RFC 1071 2(B)). */
BATON_INLINE uint32_t fw_fold(uint32_t s) {
  s = (s & 0xffffu) + (s >> 16);
  return (s & 0xffffu) + (s >> 16);
}
/* Sum of packet bytes [off, off + n), off even, added to acc (<= 0xffff); folded to 16 bits. */
BATON_INLINE uint32_t fw_sum(uint32_t off, uint32_t n, uint32_t acc) {
  const uint8_t* p = PKT;
  const uint32_t end = off + n;
  uint32_t lo = acc;
  uint32_t carry = 0;
  while (off < end && (off & 3u)) {
    lo += (off & 1u) ? (uint32_t)p[off] << 8 : p[off];
    ++off;
  }
  /* Four words per iteration (about 4.5 instructions per word): a 2048-byte frame's ICMP
   * checksum stays well inside one delivery's watchdog budget. */
  while (off + 16 <= end) {
    const uint32_t* w = (const uint32_t*)(p + off);
    const uint32_t a = w[0], b = w[1], c = w[2], d = w[3];
    lo += a;
    carry += lo < a;
    lo += b;
    carry += lo < b;
    lo += c;
    carry += lo < c;
    lo += d;
    carry += lo < d;
    off += 16;
  }
  while (off + 4 <= end) {
    const uint32_t w = *(const uint32_t*)(p + off);
    lo += w;
    carry += lo < w;
    off += 4;
  }
  /* The trailing bytes go to their own sum: after the words, lo may be within a byte of 2^32,
   * and a carry out of it would be lost. */
  uint32_t tail = 0;
  while (off < end) {
    tail += (off & 1u) ? (uint32_t)p[off] << 8 : p[off];
    ++off;
  }
  return fw_fold(fw_fold(lo) + carry + tail);
}
/* The ingress's L4 sum (docs/ingress.md "L4 sum", ctx.args[3]): FW_L4SUM_PRESENT, and in bits
 * 15:0 the one's-complement sum of the datagram's L4 bytes and its pseudo-header, 0xffff when the
 * L4 checksum is right; 0 when the ingress had none for the frame. Every hand-off of this firmware
 * passes it on in a3 (fw_migrate_, fw_migrate0_), so each partition reads it from its delivery. */
#define FW_L4SUM_PRESENT 0x10000u
BATON_INLINE uint32_t fw_l4sum(void) { return baton_delivered_arg(3); }
/* The L4 checksum of the whole IP payload, [off, off + n), is right: from the ingress's sum when
 * there is one, else summed here (`acc`, the pseudo-header in fw_sum's lanes, is evaluated only
 * then). Only for messages that cannot be all zeros (a pseudo-header, or a nonzero type): the
 * ingress reads a zero sum as 0xffff. */
#define fw_l4_ok(off, n, acc)                                                                     \
  ({                                                                                              \
    const uint32_t hw_ = fw_l4sum();                                                              \
    (hw_ & FW_L4SUM_PRESENT) ? (hw_ & 0xffffu) == 0xffffu : fw_sum((off), (n), (acc)) == 0xffffu; \
  })
/* RFC 1624 eqn. 3 on a little-endian-lane checksum: HC' = ~(~HC + ~m + m'). */
BATON_INLINE uint32_t fw_csum_update(uint32_t hc, uint32_t m, uint32_t m_new) {
  return ~fw_fold((~hc & 0xffffu) + (~m & 0xffffu) + m_new) & 0xffffu;
}
BATON_INLINE uint16_t* pkt16(uint32_t off) { return (uint16_t*)(uintptr_t)(BATON_PKT_BASE + off); }

/* Moves packet bytes [off, off + n) up by `delta` (a multiple of 4), last byte first, and
 * returns their sum at the new position (lanes as fw_sum; off even). */
BATON_INLINE uint32_t fw_move_up_sum(uint32_t off, uint32_t n, uint32_t delta) {
  uint8_t* p = PKT;
  uint32_t end = off + n;
  uint32_t lo = 0;
  uint32_t carry = 0;
  while (end > off && (end & 3u)) {
    --end;
    p[end + delta] = p[end];
    lo += (end & 1u) ? (uint32_t)p[end] << 8 : p[end];
  }
  while (end >= off + 4) {
    end -= 4;
    const uint32_t w = *(const uint32_t*)(p + end);
    *(uint32_t*)(p + end + delta) = w;
    lo += w;
    carry += lo < w;
  }
  /* The leading bytes go to their own sum (lo may be within a byte of 2^32 after the words). */
  uint32_t head = 0;
  while (end > off) {
    --end;
    p[end + delta] = p[end];
    head += (end & 1u) ? (uint32_t)p[end] << 8 : p[end];
  }
  return fw_fold(fw_fold(lo) + carry + head);
}

/* Ethernet of a reply: destination = the request's source, source = the ingress port's MAC. */
BATON_INLINE void fw_reply_eth(const uint8_t* port) {
  uint8_t* p = PKT;
  copy_bytes(p, p + 6, 6);
  copy_bytes(p + 6, port + FWC_P_MAC, 6);
}

#endif /* BATON_ROUTER_FW_H_ */
