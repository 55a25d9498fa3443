// SPDX-License-Identifier: Apache-2.0
#include "baton/net/checksum.hpp"

namespace baton::net {

std::uint16_t ones_add(std::uint16_t a, std::uint16_t b) {
  std::uint32_t s = std::uint32_t{a} + b;
  s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(s);
}

std::uint16_t ones_sum(ByteView data, std::uint16_t init) {
  // RFC 1071 section 4.1: accumulate 16-bit words in 32 bits, then fold the carries back.
  std::uint64_t sum = init;
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
  if (i < data.size()) sum += static_cast<std::uint32_t>(data[i] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

std::uint16_t internet_checksum(ByteView data, std::uint16_t init) {
  return static_cast<std::uint16_t>(~ones_sum(data, init));
}

std::uint16_t checksum_update(std::uint16_t hc, std::uint16_t m, std::uint16_t m_new) {
  std::uint16_t s = ones_add(static_cast<std::uint16_t>(~hc), static_cast<std::uint16_t>(~m));
  s = ones_add(s, m_new);
  return static_cast<std::uint16_t>(~s);
}

std::uint16_t checksum_update_rfc1141(std::uint16_t hc, std::uint16_t m, std::uint16_t m_new) {
  return ones_add(ones_add(hc, m), static_cast<std::uint16_t>(~m_new));
}

std::uint16_t pseudo_sum4(const Ip4& src, const Ip4& dst, std::uint8_t proto,
                          std::uint16_t l4_len) {
  Bytes p;
  append(p, src);
  append(p, dst);
  p.push_back(0);
  p.push_back(proto);
  append16(p, l4_len);
  return ones_sum(p);
}

std::uint16_t pseudo_sum6(const Ip6& src, const Ip6& dst, std::uint32_t l4_len, std::uint8_t next) {
  Bytes p;
  append(p, src);
  append(p, dst);
  append32(p, l4_len);
  p.insert(p.end(), {0, 0, 0, next});
  return ones_sum(p);
}

}  // namespace baton::net
