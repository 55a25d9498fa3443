// SPDX-License-Identifier: Apache-2.0
/* Hashes over input.data[0 .. input.len): CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320),
 * FNV-1a 32-bit, and a table-driven CRC-32 that must agree with the bitwise one.
 * Signature: [0] CRC-32 bitwise, [1] CRC-32 table, [2] FNV-1a, [3] length. */
#include <stdint.h>

struct input {
  uint32_t len;
  uint8_t data[2048];
};

/* Default: the CRC catalogue check string (CRC-32 = 0xCBF43926). */
struct input input = {9, "123456789"};

uint32_t sig[4] __attribute__((section(".signature")));

static uint32_t table[256];

static uint32_t crc32_bitwise(const uint8_t* p, uint32_t n) {
  uint32_t crc = 0xffffffffu;
  for (uint32_t i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static void make_table(void) {
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? (c >> 1) ^ 0xedb88320u : c >> 1;
    table[i] = c;
  }
}

static uint32_t crc32_table(const uint8_t* p, uint32_t n) {
  uint32_t crc = 0xffffffffu;
  for (uint32_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static uint32_t fnv1a(const uint8_t* p, uint32_t n) {
  uint32_t h = 0x811c9dc5u;
  for (uint32_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x01000193u;
  }
  return h;
}

int main(void) {
  uint32_t n = input.len;
  if (n > sizeof input.data) n = sizeof input.data;
  make_table();
  sig[0] = crc32_bitwise(input.data, n);
  sig[1] = crc32_table(input.data, n);
  sig[2] = fnv1a(input.data, n);
  sig[3] = n;
  return sig[0] == sig[1] ? 0 : 1;
}
