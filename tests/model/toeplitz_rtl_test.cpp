// SPDX-License-Identifier: Apache-2.0
// rtl/ingress/baton_toeplitz.sv against tb/net's C++ Toeplitz hash (itself checked against the
// published RSS vectors in net_test): the published vectors through the RTL, then random keys,
// inputs and lengths under random idle and backpressure, in each verilated configuration.
#include <gtest/gtest.h>

#include "Vtoeplitz_const.h"
#include "Vtoeplitz_p0.h"
#include "Vtoeplitz_p1.h"
#include "baton/net/bytes.hpp"
#include "baton/net/toeplitz.hpp"
#include "baton/tb/scoreboard.hpp"
#include "baton/tb/sim.hpp"
#include "baton/tb/stream.hpp"

namespace {

using namespace baton::tb;
using baton::net::Bytes;

constexpr std::size_t kMaxBytes = 36;
constexpr std::size_t kKeyBytes = 40;

struct Request {
  Bytes key;   // 40 bytes
  Bytes data;  // 36 bytes, only the first len are hashed
  unsigned len = 0;
  bool operator==(const Request&) const = default;
};

// Writes `bytes` into a Verilator wide port whose most significant byte is bytes[0].
template <std::size_t N>
void put_msb_first(VlWide<N>& port, const Bytes& bytes) {
  for (std::size_t w = 0; w < N; ++w) port[w] = 0;
  const std::size_t nbits = bytes.size() * 8;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const std::size_t lsb = nbits - 8 * (i + 1);
    port[lsb / 32] |= static_cast<std::uint32_t>(bytes[i]) << (lsb % 32);
  }
}

template <typename Model>
SourcePins<Request> request_pins(Model& d) {
  return {[&d](bool v) { d.in_valid_i = v; }, [&d] { return d.in_ready_o != 0; },
          [&d](const Request& r) {
            put_msb_first(d.key_i, r.key);
            put_msb_first(d.data_i, r.data);
            d.len_i = static_cast<CData>(r.len);
          }};
}

template <typename Model>
SinkPins<std::uint32_t> hash_pins(Model& d) {
  return {[&d] { return d.out_valid_o != 0; }, [&d](bool r) { d.out_ready_i = r; },
          [&d] { return static_cast<std::uint32_t>(d.hash_o); }};
}

Bytes random_bytes(Rng& rng, std::size_t n) {
  Bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng.bits(8));
  return b;
}

const Bytes kRssKey(baton::net::kRssVerificationKey.begin(), baton::net::kRssVerificationKey.end());

// The published vectors as RTL requests (addresses only, and with ports).
std::vector<Request> published() {
  using baton::net::append;
  using baton::net::append16;
  std::vector<Request> out;
  const struct {
    const char *s, *d;
    std::uint16_t sp, dp;
    bool v6;
  } vecs[] = {
      {"66.9.149.187", "161.142.100.80", 2794, 1766, false},
      {"199.92.111.2", "65.69.140.83", 14230, 4739, false},
      {"24.19.198.95", "12.22.207.184", 12898, 38024, false},
      {"38.27.205.30", "209.142.163.6", 48228, 2217, false},
      {"153.39.163.191", "202.188.127.2", 44251, 1303, false},
      {"3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794, 1766, true},
      {"3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230, 4739, true},
      {"3ffe:1900:4545:3:200:f8ff:fe21:67cf", "fe80::200:f8ff:fe21:67cf", 44251, 38024, true}};
  for (const auto& v : vecs) {
    Bytes in;
    if (v.v6) {
      append(in, baton::net::ip6(v.s));
      append(in, baton::net::ip6(v.d));
    } else {
      append(in, baton::net::ip4(v.s));
      append(in, baton::net::ip4(v.d));
    }
    const auto addr_len = static_cast<unsigned>(in.size());
    append16(in, v.sp);
    append16(in, v.dp);
    const auto full_len = static_cast<unsigned>(in.size());
    in.resize(kMaxBytes, 0xa5);  // bytes past len must not matter
    out.push_back({kRssKey, in, addr_len});
    out.push_back({kRssKey, in, full_len});
  }
  return out;
}

// Published vectors first, then `n` random requests; `runtime_key` false keeps the RSS key in
// the expectation and drives garbage on key_i (the parameter key must be used).
template <typename Model>
void run_hash_test(bool runtime_key, int n) {
  Sim<Model> sim;
  auto& d = sim.dut();
  Rng stim = sim.rng().fork(3);
  StreamSource<Request> src(sim, request_pins(d), "in", pattern::random(sim.rng().fork(1), 0.7));
  StreamSink<std::uint32_t> sink(sim, hash_pins(d), "out", pattern::bursty(sim.rng().fork(2), 6));
  InOrderScoreboard<std::uint32_t> sb(
      sim, "toeplitz", [](const std::uint32_t& h) { return fmt::format("0x{:08x}", h); });
  sink.on_item = [&](const std::uint32_t& h) { sb.observe(h); };
  sim.reset();

  std::vector<Request> reqs = published();
  for (int i = 0; i < n; ++i) {
    Request r;
    r.key = random_bytes(stim, kKeyBytes);
    r.data = random_bytes(stim, kMaxBytes);
    // Favour the four real lengths, but cover every length including 0.
    const unsigned real[] = {8, 12, 32, 36};
    r.len =
        stim.chance(0.5) ? real[stim.range(0, 3)] : static_cast<unsigned>(stim.range(0, kMaxBytes));
    reqs.push_back(r);
  }
  std::size_t expected_published = 0;
  for (const auto& r : reqs) {
    const Bytes& key = runtime_key ? r.key : kRssKey;
    const std::uint32_t h = baton::net::toeplitz(key, baton::net::ByteView(r.data).first(r.len));
    Request driven = r;
    if (!runtime_key) driven.key = random_bytes(stim, kKeyBytes);
    src.push(driven);
    sb.expect(h);
    ++expected_published;
  }
  ASSERT_TRUE(sim.run(200000, [&] { return sink.received() == reqs.size(); }));
  sb.check_drained();
  EXPECT_EQ(expected_published, reqs.size());
}

TEST(ToeplitzRtl, PublishedVectorsAndRandomKeysCombinational) {
  run_hash_test<Vtoeplitz_p0>(true, 3000);
}
TEST(ToeplitzRtl, PublishedVectorsAndRandomKeysPipelined) {
  run_hash_test<Vtoeplitz_p1>(true, 3000);
}
TEST(ToeplitzRtl, ParameterKeyIgnoresKeyInput) { run_hash_test<Vtoeplitz_const>(false, 1000); }

// Full throughput: one hash per cycle after the pipeline fills.
template <typename Model>
std::uint64_t cycles_for(int n) {
  Sim<Model> sim;
  auto& d = sim.dut();
  StreamSource<Request> src(sim, request_pins(d), "in");
  StreamSink<std::uint32_t> sink(sim, hash_pins(d), "out");
  sim.reset();
  for (int i = 0; i < n; ++i)
    src.push({kRssKey, Bytes(kMaxBytes, static_cast<std::uint8_t>(i)), 36});
  const auto start = sim.cycle();
  EXPECT_TRUE(sim.run(10 * n, [&] { return sink.received() == static_cast<std::uint64_t>(n); }));
  return sim.cycle() - start;
}

TEST(ToeplitzRtl, OneHashPerCycle) {
  EXPECT_LE(cycles_for<Vtoeplitz_p0>(200), 202U);
  EXPECT_LE(cycles_for<Vtoeplitz_p1>(200), 203U);
}

}  // namespace
