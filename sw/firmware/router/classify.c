// SPDX-License-Identifier: Apache-2.0
/* Partition classify (id 0, the initial partition, PM8): Layer 2 (FS1, docs/feature-set.md 3.2)
 * and the function table. Entry 0 receives the ingress hints: a0 = parse word, a1 = Toeplitz
 * hash, a2 = EtherType after the tags, a3 = the L4 sum (docs/architecture.md, integrated engine
 * contract; fw_l4sum in fw.h). */
#include "classify_body.h"
#include "fw.h"

/* The initial partition, with the SDK's macros: it exists in both builds, and in the
 * run-to-completion build (FW_RUN_TO_COMPLETION, fw.h) it holds every function of the router. */
BATON_PARTITION_DEFINE(classify, PART_CLASSIFY);

FW_FUNCTION(FN_IPV4, ipv4_input);
FW_FUNCTION(FN_IPV4_FAST, ipv4_fast);
FW_FUNCTION(FN_IPV4_FAST_TAGGED, ipv4_fast_tagged);
FW_FUNCTION(FN_IPV6_FAST, ipv6_fast);
FW_FUNCTION(FN_ARP, arp_input);
FW_FUNCTION(FN_IPV6, ipv6_input);
FW_FUNCTION(FN_ICMP4_LOCAL, icmp4_local);
FW_FUNCTION(FN_ICMP4_TTL, icmp4_ttl_exceeded);
FW_FUNCTION(FN_HOST, host_input);
FW_FUNCTION(FN_ICMP6_LOCAL, icmp6_local);
FW_FUNCTION(FN_ICMP6_HOP, icmp6_hop_exceeded);
FW_FUNCTION(FN_ICMP4_ECHO, icmp4_echo);
FW_FUNCTION(FN_ICMP6_ECHO, icmp6_echo);

/* In .data rather than .bss: baton.ld places .bss after .data, and a firmware without .data
 * would get its .bss right after rodata. */
__attribute__((section(".data.fw_stats"))) uint32_t fw_stats[64 * 8][STAT_KINDS];

/* Every rule of 3.2 from the frame itself; out of line so that the fast path stays short. */
BATON_PARTITION(classify) static __attribute__((noinline, noreturn)) void classify_full(uint32_t pw) {
  classify_l2(pw);
}

/* Entry 0: the fast path (classify_fast_path in classify_body.h), then every rule of 3.2. The TCP
 * replicas classify_tcp0..3 (classify_tcp.c) run the same body; the run-to-completion build has
 * no replicas. */
#ifdef FW_FAULT_INJECT
/* Test image only (router_faults, engine_fault_test): a frame with EtherType 0x88b5 (IEEE 802
 * local experimental) makes its thread fault on purpose, as a firmware bug would; its first
 * payload byte picks the fault. Any other frame runs the reference firmware unchanged. */
#define FW_FAULT_PARTITION 15 /* no partition of this image has this id */
BATON_PARTITION(classify) static __attribute__((noinline)) void fw_fault_inject(void) {
  const uint8_t* p = PKT;
  if (be16(p + 12) != 0x88b5u) return;
  switch (p[14]) {
    case 0: __asm__ volatile(".word 0x00000000"); break;                                       /* illegal */
    case 1: __asm__ volatile("lw t0, 1(%0)" : : "r"(p) : "t0", "memory"); break;              /* misaligned */
    case 2: __asm__ volatile("lw t0, 0(%0)" : : "r"(0x60000000u) : "t0", "memory"); break;    /* no window */
    case 3: for (;;) __asm__ volatile(""); /* watchdog */
    case 4: baton_migrate_raw(FW_FAULT_PARTITION, 0, 0, 0, 0, 0, 0);                          /* no partition */
    default: break;
  }
}
#endif

BATON_PARTITION(classify) void classify_main(uint32_t pw, uint32_t hash, uint32_t etype, uint32_t l4) {
  (void)hash;
  (void)etype;
#ifdef FW_FAULT_INJECT
  fw_fault_inject();
#endif
  classify_fast_path(pw, l4);
  classify_full(pw);
}
BATON_ENTRY(classify, 0, classify_main);

#ifndef FW_RUN_TO_COMPLETION
/* Entry 1 (FWA_ENTRY_CLASSIFY): events whose flow the lookup holds when flow accounting is on
 * (feature-set.md 11, firmware.md 13.8). IPv4 that the fast path would take goes to ipv4's
 * accounting fast entry; everything else takes every rule from the frame (ipv4_full accounts
 * after V6, ipv6_input removes the flow it inserted: IPv6 gives up its fast path here, which
 * would not fit classify's one page). Entry 0's fast path carries no accounting code. */
BATON_PARTITION(classify) void classify_accounted(uint32_t pw, uint32_t hash, uint32_t etype) {
  (void)hash;
  (void)etype;
  if (classify_for_port()) {
    const uint32_t k = pw & FW_PW_FAST_MASK;
    if (k == FW_PW_FAST_IPV4 || k - FW_PW_FAST_IPV4_TAG1 < 0x20000u) {
      fw_fast_args(PART_IPV4, ENTRY_IPV4_FAST_ACCOUNTED, FN_IPV4, pw & 0xffu, 0);
    }
  }
  classify_full(pw);
}
BATON_ENTRY(classify, FWA_ENTRY_CLASSIFY, classify_accounted);
#endif
