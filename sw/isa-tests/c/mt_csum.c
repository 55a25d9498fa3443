// SPDX-License-Identifier: Apache-2.0
/* Partition 1 of the multi-thread test: appends the RFC 1071 checksum of the packet (big-endian)
 * after its last byte, grows pkt_len by 2 and sends it on in_port ^ 1. */
#include "baton_ops.h"

__attribute__((section(".text.entry"), noreturn)) void csum_entry(void) {
  const uint32_t len = CTX_WORDS[CTX_PKT_LEN];
  uint32_t sum = 0;
  uint32_t i = 0;
  for (; i + 1 < len; i += 2) sum += (uint32_t)PACKET[i] << 8 | PACKET[i + 1];
  if (i < len) sum += (uint32_t)PACKET[i] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  const uint32_t csum = ~sum & 0xffff;
  PACKET[len] = (uint8_t)(csum >> 8);
  PACKET[len + 1] = (uint8_t)csum;
  CTX_WORDS[CTX_PKT_LEN] = len + 2;
  baton_send(CTX_WORDS[CTX_IN_PORT] ^ 1);
}
