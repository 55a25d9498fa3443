// SPDX-License-Identifier: Apache-2.0
/* A small packet parser: Ethernet, up to two VLAN tags (0x8100 / 0x88a8), IPv4 with header
 * validation and checksum, TCP/UDP ports.
 * Signature:
 *   [0] status: 0 ok, 1 runt/truncated L2, 2 not IPv4, 3 bad IPv4 header or length,
 *       4 bad IPv4 header checksum, 5 truncated L4 ports
 *   [1] VLAN tag count   [2] VLAN ids (outer << 16 | inner)   [3] ethertype after the tags
 *   [4] IPv4 source      [5] IPv4 destination                [6] protocol
 *   [7] source port << 16 | destination port (0 for non-first fragments)
 *   [8] L3 offset        [9] L4 offset   [10] IPv4 total length   [11] TTL */
#include <stdint.h>

struct input {
  uint32_t len;
  uint8_t data[2048];
};

/* Default: 802.1Q-tagged IPv4/UDP 192.0.2.1:1234 -> 198.51.100.7:53, TTL 64. */
struct input input = {
    50,
    {0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x81, 0x00, 0x00, 0x64,
     0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00, 0x40, 0x11, 0x7c, 0x5d, 0xc0, 0x00,
     0x02, 0x01, 0xc6, 0x33, 0x64, 0x07, 0x04, 0xd2, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00, 0xde, 0xad,
     0xbe, 0xef}};

uint32_t sig[12] __attribute__((section(".signature")));

static uint32_t be16(const uint8_t* p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const uint8_t* p) { return be16(p) << 16 | be16(p + 2); }

static uint32_t parse(const uint8_t* p, uint32_t len) {
  if (len < 14) return 1;
  uint32_t off = 12;
  uint32_t type = be16(p + off);
  uint32_t tags = 0;
  uint32_t ids = 0;
  while ((type == 0x8100 || type == 0x88a8) && tags < 2) {
    if (off + 6 > len) return 1;
    ids = ids << 16 | (be16(p + off + 2) & 0x0fff);
    ++tags;
    off += 4;
    type = be16(p + off);
  }
  sig[1] = tags;
  sig[2] = ids;
  sig[3] = type;
  const uint32_t l3 = off + 2;
  sig[8] = l3;
  if (type != 0x0800) return 2;
  if (l3 + 20 > len) return 3;
  const uint8_t* ip = p + l3;
  const uint32_t ihl = (uint32_t)(ip[0] & 0x0f) * 4;
  const uint32_t total = be16(ip + 2);
  if ((ip[0] >> 4) != 4 || ihl < 20 || l3 + ihl > len || total < ihl || l3 + total > len) return 3;
  uint32_t sum = 0;
  for (uint32_t i = 0; i < ihl; i += 2) sum += be16(ip + i);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  sig[4] = be32(ip + 12);
  sig[5] = be32(ip + 16);
  sig[6] = ip[9];
  sig[10] = total;
  sig[11] = ip[8];
  if (sum != 0xffff) return 4;
  const uint32_t l4 = l3 + ihl;
  sig[9] = l4;
  const uint32_t frag_offset = be16(ip + 6) & 0x1fff;
  if ((ip[9] == 6 || ip[9] == 17) && frag_offset == 0) {
    if (ihl + 4 > total) return 5;
    sig[7] = be32(p + l4);
  }
  return 0;
}

int main(void) {
  uint32_t n = input.len > sizeof input.data ? sizeof input.data : input.len;
  for (uint32_t i = 0; i < 12; ++i) sig[i] = 0;
  sig[0] = parse(input.data, n);
  return 0;
}
