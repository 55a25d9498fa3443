/* Partition classify (id 0, the initial partition, PM8): Layer 2 (FS1, docs/feature-set.md 3.2)
 * and the function table. Entry 0 receives the ingress hints: a0 = parse word, a1 = Toeplitz
 * hash, a2 = EtherType after the tags (docs/architecture.md, integrated engine contract). */
#include "classify_body.h"
#include "fw.h"

BATON_PARTITION_DEFINE(classify, PART_CLASSIFY);

BATON_FUNCTION(FN_IPV4, ipv4_input);
BATON_FUNCTION(FN_IPV4_FAST, ipv4_fast);
BATON_FUNCTION(FN_IPV4_FAST_TAGGED, ipv4_fast_tagged);
BATON_FUNCTION(FN_IPV6_FAST, ipv6_fast);
BATON_FUNCTION(FN_ARP, arp_input);
BATON_FUNCTION(FN_IPV6, ipv6_input);
BATON_FUNCTION(FN_ICMP4_LOCAL, icmp4_local);
BATON_FUNCTION(FN_ICMP4_TTL, icmp4_ttl_exceeded);
BATON_FUNCTION(FN_HOST, host_input);
BATON_FUNCTION(FN_ICMP6_LOCAL, icmp6_local);
BATON_FUNCTION(FN_ICMP6_HOP, icmp6_hop_exceeded);

/* In .data rather than .bss: baton.ld places .bss after .data, and a firmware without .data
 * would get its .bss right after rodata. */
__attribute__((section(".data.fw_stats"))) uint32_t fw_stats[64 * 8][STAT_KINDS];

/* Every rule of 3.2 from the frame itself; out of line so that the fast path stays short. */
BATON_PARTITION(classify) static __attribute__((noinline, noreturn)) void classify_full(uint32_t pw) {
  classify_l2(pw);
}

/* Entry 0: the fast path (classify_fast_path in classify_body.h), then every rule of 3.2. The TCP
 * replicas classify_tcp0..3 (classify_tcp.c) run the same body. */
BATON_PARTITION(classify) void classify_main(uint32_t pw, uint32_t hash, uint32_t etype) {
  (void)hash;
  (void)etype;
  classify_fast_path(pw);
  classify_full(pw);
}
BATON_ENTRY(classify, 0, classify_main);
