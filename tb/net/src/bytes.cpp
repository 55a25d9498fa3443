// SPDX-License-Identifier: Apache-2.0
#include "baton/net/bytes.hpp"

#include <arpa/inet.h>

#include <cstdio>

#include <fmt/format.h>

namespace baton::net {

Mac mac(std::string_view text) {
  Mac m{};
  unsigned v[6];
  char tail = 0;
  const std::string s(text);
  if (std::sscanf(s.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                  &tail) != 6 ||
      s.size() != 17) {
    throw NetError(fmt::format("bad MAC address '{}'", text));
  }
  for (int i = 0; i < 6; ++i) m[i] = static_cast<std::uint8_t>(v[i]);
  return m;
}

Ip4 ip4(std::string_view text) {
  Ip4 a{};
  const std::string s(text);
  if (inet_pton(AF_INET, s.c_str(), a.data()) != 1)
    throw NetError(fmt::format("bad IPv4 address '{}'", text));
  return a;
}

Ip6 ip6(std::string_view text) {
  Ip6 a{};
  const std::string s(text);
  if (inet_pton(AF_INET6, s.c_str(), a.data()) != 1)
    throw NetError(fmt::format("bad IPv6 address '{}'", text));
  return a;
}

std::string to_string(const Mac& m) {
  return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", m[0], m[1], m[2], m[3], m[4],
                     m[5]);
}

std::string to_string(const Ip4& a) { return fmt::format("{}.{}.{}.{}", a[0], a[1], a[2], a[3]); }

std::string to_string(const Ip6& a) {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, a.data(), buf, sizeof buf);
  return buf;
}

std::uint32_t to_u32(const Ip4& a) { return get32(a, 0); }

Ip4 ip4_from_u32(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
          static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

std::string hex(ByteView b) {
  std::string s;
  s.reserve(b.size() * 2);
  for (auto x : b) s += fmt::format("{:02x}", x);
  return s;
}

Bytes from_hex(std::string_view text) {
  Bytes out;
  int nibble = -1;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    else if (c == ' ' || c == ':' || c == '\n')
      continue;
    else
      throw NetError(fmt::format("bad hex digit '{}'", c));
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(nibble << 4 | v));
      nibble = -1;
    }
  }
  if (nibble >= 0) throw NetError("odd number of hex digits");
  return out;
}

}  // namespace baton::net
