// SPDX-License-Identifier: Apache-2.0
// C programs compiled with -O2 run on the ISS in bare mode; their results are checked against
// published vectors (RFC 1071, the CRC-32 check value, FNV-1a test vectors) and against C++
// references on seeded random inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "baton/iss/bare.hpp"
#include "baton/iss/elf.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"
#include "iss_test_util.hpp"

namespace baton::iss {
namespace {

using baton::iss::test::program_path;
using baton::iss::test::repro;
using baton::tb::Rng;

// Loads a C program, optionally replaces its `input` (a length word then bytes), runs it.
class CProgram {
 public:
  explicit CProgram(const std::string& name) : elf_(ElfImage::load(program_path(name, "bare"))) {}

  std::vector<std::uint32_t> run(const std::optional<std::vector<std::uint8_t>>& input, std::uint32_t len_word) {
    BareMachine m(elf_, BareOptions{});
    if (input) {
      const std::uint32_t at = elf_.require_symbol("input");
      m.memory().write_word(at, len_word);
      m.memory().write_bytes(at + 4, *input);
    }
    last_ = m.run();
    return m.signature();
  }
  std::vector<std::uint32_t> run_bytes(const std::vector<std::uint8_t>& bytes) {
    return run(bytes, static_cast<std::uint32_t>(bytes.size()));
  }
  [[nodiscard]] const BareResult& last() const { return last_; }

 private:
  ElfImage elf_;
  BareResult last_;
};

std::vector<std::uint8_t> random_bytes(Rng& rng, std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng.bits(8));
  return v;
}

// ---- RFC 1071 ---------------------------------------------------------------------------------

std::uint32_t rfc1071_sum(const std::vector<std::uint8_t>& d) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < d.size(); i += 2) {
    const std::uint32_t hi = d[i];
    const std::uint32_t lo = i + 1 < d.size() ? d[i + 1] : 0;
    sum += hi << 8 | lo;
    sum = (sum & 0xffff) + (sum >> 16);  // end-around carry at every step
  }
  return sum;
}

TEST(Checksum, Rfc1071PublishedVector) {
  BATON_REQUIRE_PROGRAMS();
  CProgram p("checksum");
  const auto sig = p.run(std::nullopt, 0);  // the built-in input is the RFC 1071 example
  ASSERT_TRUE(p.last().passed());
  EXPECT_EQ(sig[0], 0xddf2U);
  EXPECT_EQ(sig[1], 0x220dU);
  EXPECT_EQ(sig[2], 0xddf2U);
  const auto sig2 = p.run_bytes({0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7});
  EXPECT_EQ(sig2[0], 0xddf2U);
}

TEST(Checksum, RandomBuffers) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  CProgram p("checksum");
  for (std::uint64_t i = 0; i < 150; ++i) {
    const std::size_t n = i < 4 ? i : static_cast<std::size_t>(rng.range(0, 2048));
    auto data = random_bytes(rng, n);
    if (rng.chance(0.2)) std::fill(data.begin(), data.end(), 0xff);  // carries everywhere
    const auto sig = p.run_bytes(data);
    const std::uint32_t want = rfc1071_sum(data);
    ASSERT_TRUE(p.last().passed()) << "len " << n << " " << repro(seed, i);
    ASSERT_EQ(sig[0], want) << "len " << n << " " << repro(seed, i);
    ASSERT_EQ(sig[1], ~want & 0xffffU) << repro(seed, i);
    ASSERT_EQ(sig[3], n) << repro(seed, i);
  }
}

// ---- CRC-32 and FNV-1a ------------------------------------------------------------------------

std::uint32_t crc32_ref(const std::vector<std::uint8_t>& d) {
  // MSB-first formulation on the bit-reversed data, equivalent to the reflected LSB-first CRC.
  auto rev32 = [](std::uint32_t v) {
    std::uint32_t r = 0;
    for (int i = 0; i < 32; ++i) r |= ((v >> i) & 1U) << (31 - i);
    return r;
  };
  std::uint32_t crc = 0xffffffffU;
  for (std::uint8_t byte : d) {
    std::uint32_t b = 0;
    for (int i = 0; i < 8; ++i) b |= ((byte >> i) & 1U) << (7 - i);
    crc ^= b << 24;
    for (int k = 0; k < 8; ++k) crc = (crc & 0x80000000U) ? (crc << 1) ^ 0x04c11db7U : crc << 1;
  }
  return ~rev32(crc);
}

std::uint32_t fnv1a_ref(const std::vector<std::uint8_t>& d) {
  std::uint64_t h = 2166136261U;
  for (std::uint8_t b : d) h = ((h ^ b) * 16777619U) % (1ULL << 32);
  return static_cast<std::uint32_t>(h);
}

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

TEST(Hash, PublishedVectors) {
  BATON_REQUIRE_PROGRAMS();
  CProgram p("hash");
  const auto sig = p.run(std::nullopt, 0);  // built-in "123456789"
  ASSERT_TRUE(p.last().passed());
  EXPECT_EQ(sig[0], 0xcbf43926U);  // CRC-32 check value
  EXPECT_EQ(sig[1], 0xcbf43926U);
  EXPECT_EQ(crc32_ref(bytes_of("123456789")), 0xcbf43926U);  // the reference agrees too
  // FNV-1a 32-bit test vectors from the FNV reference page.
  EXPECT_EQ(p.run_bytes(bytes_of(""))[2], 0x811c9dc5U);
  EXPECT_EQ(p.run_bytes(bytes_of("a"))[2], 0xe40c292cU);
  EXPECT_EQ(p.run_bytes(bytes_of("foobar"))[2], 0xbf9cf968U);
}

TEST(Hash, RandomBuffers) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  CProgram p("hash");
  for (std::uint64_t i = 0; i < 40; ++i) {
    const auto data = random_bytes(rng, static_cast<std::size_t>(rng.range(0, 600)));
    const auto sig = p.run_bytes(data);
    ASSERT_EQ(sig[0], crc32_ref(data)) << repro(seed, i);
    ASSERT_EQ(sig[1], crc32_ref(data)) << repro(seed, i);
    ASSERT_EQ(sig[2], fnv1a_ref(data)) << repro(seed, i);
  }
}

// ---- sort -------------------------------------------------------------------------------------

TEST(Sort, RandomArrays) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  CProgram p("sort");
  for (std::uint64_t i = 0; i < 80; ++i) {
    const std::size_t n = i < 3 ? i : static_cast<std::size_t>(rng.range(0, 256));
    std::vector<std::int32_t> v(n);
    const auto range = rng.range(0, 2);  // full range, few distinct values, sorted/reversed input
    for (auto& x : v) {
      x = range == 1 ? static_cast<std::int32_t>(rng.range(0, 3)) - 1 : static_cast<std::int32_t>(rng.bits(32));
    }
    if (range == 2) std::sort(v.begin(), v.end(), [](auto a, auto b) { return a > b; });
    std::vector<std::uint8_t> bytes;
    for (auto x : v) {
      for (int k = 0; k < 4; ++k) bytes.push_back(static_cast<std::uint8_t>(static_cast<std::uint32_t>(x) >> (8 * k)));
    }
    const auto sig = p.run(bytes, static_cast<std::uint32_t>(n));
    auto want = v;
    std::sort(want.begin(), want.end());
    ASSERT_TRUE(p.last().passed()) << repro(seed, i);
    ASSERT_EQ(sig[0], n) << repro(seed, i);
    ASSERT_EQ(sig[1], 1U) << repro(seed, i);
    for (std::size_t k = 0; k < n; ++k) {
      ASSERT_EQ(static_cast<std::int32_t>(sig[2 + k]), want[k]) << "index " << k << " n " << n << " " << repro(seed, i);
    }
  }
}

// ---- packet parser ----------------------------------------------------------------------------

struct FrameSpec {
  std::vector<std::uint16_t> tpids;  // one per VLAN tag
  std::vector<std::uint16_t> vids;
  std::uint16_t ethertype = 0x0800;
  std::uint8_t version = 4;
  unsigned ihl_words = 5;
  unsigned l4_bytes = 8;
  std::uint8_t proto = 17;
  std::uint16_t frag = 0;
  std::uint8_t ttl = 64;
  std::uint32_t src = 0;
  std::uint32_t dst = 0;
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  bool bad_checksum = false;
  int total_delta = 0;  // added to the IPv4 total length field
  unsigned padding = 0;
};

void put16(std::vector<std::uint8_t>& v, std::size_t at, std::uint32_t x) {
  v[at] = static_cast<std::uint8_t>(x >> 8);
  v[at + 1] = static_cast<std::uint8_t>(x);
}

std::vector<std::uint8_t> build(const FrameSpec& f, Rng& rng) {
  const std::size_t l3 = 14 + 4 * f.tpids.size();
  const std::size_t ihl = 4 * f.ihl_words;
  // At least 20 header bytes even for a bad IHL, so every field below has a place.
  std::vector<std::uint8_t> v = random_bytes(rng, l3 + std::max<std::size_t>(ihl, 20) + f.l4_bytes + f.padding);
  for (std::size_t k = 0; k < f.tpids.size(); ++k) {
    put16(v, 12 + 4 * k, f.tpids[k]);
    put16(v, 14 + 4 * k, (rng.bits(4) << 12) | f.vids[k]);  // random PCP/DEI bits
  }
  put16(v, l3 - 2, f.ethertype);
  v[l3] = static_cast<std::uint8_t>(f.version << 4 | f.ihl_words);
  put16(v, l3 + 2, static_cast<std::uint32_t>(static_cast<int>(ihl + f.l4_bytes) + f.total_delta));
  put16(v, l3 + 6, (rng.bits(3) << 13) | f.frag);
  v[l3 + 8] = f.ttl;
  v[l3 + 9] = f.proto;
  put16(v, l3 + 10, 0);
  for (int k = 0; k < 4; ++k) {
    v[l3 + 12 + k] = static_cast<std::uint8_t>(f.src >> (24 - 8 * k));
    v[l3 + 16 + k] = static_cast<std::uint8_t>(f.dst >> (24 - 8 * k));
  }
  const std::vector<std::uint8_t> hdr(v.begin() + static_cast<long>(l3), v.begin() + static_cast<long>(l3 + ihl));
  std::uint32_t csum = ~rfc1071_sum(hdr) & 0xffff;
  if (f.bad_checksum) csum ^= 1;
  put16(v, l3 + 10, csum);
  // Ports wherever they fit: with a larger total length the parser reads them past a short L4.
  if (l3 + ihl + 4 <= v.size()) {
    put16(v, l3 + ihl, f.sport);
    put16(v, l3 + ihl + 2, f.dport);
  }
  return v;
}

// The parser's documented result (sw/isa-tests/c/parser.c) from the frame's construction and
// its possibly truncated length.
std::array<std::uint32_t, 12> expected(const FrameSpec& f, std::size_t len) {
  std::array<std::uint32_t, 12> s{};
  if (len < 14) {
    s[0] = 1;
    return s;
  }
  for (std::size_t k = 0; k < f.tpids.size(); ++k) {
    if (12 + 4 * k + 6 > len) {
      s[0] = 1;
      return s;
    }
  }
  const std::size_t l3 = 14 + 4 * f.tpids.size();
  s[1] = static_cast<std::uint32_t>(f.tpids.size());
  for (auto id : f.vids) s[2] = s[2] << 16 | id;
  s[3] = f.ethertype;
  s[8] = static_cast<std::uint32_t>(l3);
  if (f.ethertype != 0x0800) {
    s[0] = 2;
    return s;
  }
  const std::size_t ihl = 4 * f.ihl_words;
  const std::size_t total = static_cast<std::uint32_t>(static_cast<int>(ihl + f.l4_bytes) + f.total_delta) & 0xffffU;
  if (l3 + 20 > len || f.version != 4 || ihl < 20 || l3 + ihl > len || total < ihl || l3 + total > len) {
    s[0] = 3;
    return s;
  }
  s[4] = f.src;
  s[5] = f.dst;
  s[6] = f.proto;
  s[10] = static_cast<std::uint32_t>(total);
  s[11] = f.ttl;
  if (f.bad_checksum) {
    s[0] = 4;
    return s;
  }
  s[9] = static_cast<std::uint32_t>(l3 + ihl);
  if ((f.proto == 6 || f.proto == 17) && f.frag == 0) {
    if (ihl + 4 > total) {
      s[0] = 5;
      return s;
    }
    s[7] = static_cast<std::uint32_t>(f.sport) << 16 | f.dport;
  }
  return s;
}

TEST(Parser, DefaultFrame) {
  BATON_REQUIRE_PROGRAMS();
  CProgram p("parser");
  const auto sig = p.run(std::nullopt, 0);
  // 802.1Q VID 100, IPv4/UDP 192.0.2.1:1234 -> 198.51.100.7:53, TTL 64 (see parser.c).
  const std::array<std::uint32_t, 12> want{0, 1, 100, 0x0800, 0xc0000201, 0xc6336407, 17, (1234U << 16) | 53, 18, 38, 32, 64};
  for (std::size_t k = 0; k < want.size(); ++k) EXPECT_EQ(sig[k], want[k]) << "word " << k;
}

TEST(Parser, RandomFrames) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  CProgram p("parser");
  std::array<int, 6> status_seen{};
  for (std::uint64_t i = 0; i < 400; ++i) {
    FrameSpec f;
    const auto tags = rng.range(0, 2);
    for (std::uint64_t k = 0; k < tags; ++k) {
      f.tpids.push_back(rng.chance(0.5) ? 0x8100 : 0x88a8);
      f.vids.push_back(static_cast<std::uint16_t>(rng.bits(12)));
    }
    if (rng.chance(0.1)) f.ethertype = rng.chance(0.5) ? 0x86dd : 0x0806;
    if (rng.chance(0.05)) f.version = 6;
    f.ihl_words = rng.chance(0.05) ? static_cast<unsigned>(rng.range(0, 4)) : static_cast<unsigned>(rng.range(5, 8));
    f.l4_bytes = static_cast<unsigned>(rng.chance(0.1) ? rng.range(0, 3) : rng.range(4, 80));
    f.proto = std::array<std::uint8_t, 4>{6, 17, 1, 47}[rng.range(0, 3)];
    f.frag = rng.chance(0.15) ? static_cast<std::uint16_t>(rng.range(1, 0x1fff)) : 0;
    f.ttl = static_cast<std::uint8_t>(rng.bits(8));
    f.src = static_cast<std::uint32_t>(rng.bits(32));
    f.dst = static_cast<std::uint32_t>(rng.bits(32));
    f.sport = static_cast<std::uint16_t>(rng.bits(16));
    f.dport = static_cast<std::uint16_t>(rng.bits(16));
    f.bad_checksum = rng.chance(0.1);
    f.total_delta = rng.chance(0.1) ? static_cast<int>(rng.range(0, 40)) - 20 : 0;
    f.padding = static_cast<unsigned>(rng.range(0, 12));
    auto frame = build(f, rng);
    std::size_t len = frame.size();
    if (rng.chance(0.15)) len = static_cast<std::size_t>(rng.range(0, frame.size()));
    frame.resize(len);
    const auto sig = p.run_bytes(frame);
    const auto want = expected(f, len);
    ++status_seen[want[0]];
    for (std::size_t k = 0; k < want.size(); ++k) {
      ASSERT_EQ(sig[k], want[k]) << "word " << k << " status " << want[0] << " len " << len << " " << repro(seed, i);
    }
  }
  for (int s = 0; s < 6; ++s) EXPECT_GT(status_seen[s], 0) << "status " << s << " never produced";
}

}  // namespace
}  // namespace baton::iss
