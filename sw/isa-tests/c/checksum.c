// SPDX-License-Identifier: Apache-2.0
/* RFC 1071 Internet checksum over input.data[0 .. input.len).
 * Signature: [0] folded 16-bit one's-complement sum, [1] checksum (its complement),
 * [2] the same sum computed 32 bits at a time (network order via byte swap). */
#include <stdint.h>

struct input {
  uint32_t len;
  uint8_t data[2048];
};

/* Default: the RFC 1071 section 3 example (sum 0xddf2). The tests overwrite it. */
struct input input = {8, {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}};

uint32_t sig[4] __attribute__((section(".signature")));

static uint32_t fold(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

static uint32_t sum16(const uint8_t* p, uint32_t n) {
  uint32_t sum = 0;
  uint32_t i = 0;
  for (; i + 1 < n; i += 2) sum += (uint32_t)(p[i] << 8 | p[i + 1]);
  if (i < n) sum += (uint32_t)p[i] << 8;
  return fold(sum);
}

/* Word-at-a-time variant: little-endian loads swapped to network order. */
static uint32_t sum32(const uint8_t* p, uint32_t n) {
  uint64_t sum = 0;
  uint32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t w = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
    sum += __builtin_bswap32(w);
  }
  for (; i + 1 < n; i += 2) sum += (uint32_t)(p[i] << 8 | p[i + 1]);
  if (i < n) sum += (uint32_t)p[i] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint32_t)sum;
}

int main(void) {
  uint32_t n = input.len;
  if (n > sizeof input.data) n = sizeof input.data;
  const uint32_t s = sum16(input.data, n);
  sig[0] = s;
  sig[1] = ~s & 0xffff;
  sig[2] = sum32(input.data, n);
  sig[3] = n;
  return sig[0] == sig[2] ? 0 : 1;
}
