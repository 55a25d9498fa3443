// SPDX-License-Identifier: Apache-2.0
// baton_ingress against the reference model: randomized traffic from the tb/net generator (every
// kind, VLAN tags, malformed headers, runts, oversize and tuser errors) plus raw corner frames on
// several ports at once with random idle cycles and backpressure; every context compared field by
// field and with the bytes in its slot; every frame accounted once (a context or a drop counter);
// the published RSS vectors through the whole path; buffer exhaustion.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "Vingress_p2w512.h"
#include "Vingress_p2w8.h"
#include "Vingress_p4.h"
#include "baton/net/builder.hpp"
#include "baton/net/traffic.hpp"
#include "ingress_profile.hpp"
#include "baton/env/ingress/ingress_env.hpp"

namespace {

using namespace baton::env::ingress;
using namespace baton::net;
using baton::tb::Sim;

const Geometry kP4{.ports = 4, .data_w = 64, .slots = 64, .buckets = 1024};
const Geometry kP2w512{.ports = 2, .data_w = 512, .slots = 8, .buckets = 64};
const Geometry kP2w8{.ports = 2, .data_w = 8, .slots = 16, .buckets = 64};

using baton::test::ingress::profile;

// Frames the generator does not make: 3 tags, truncated headers, non-IP, raw bytes.
Frame corner_frame(baton::tb::Rng& rng, unsigned ports) {
  Frame f;
  f.port = static_cast<unsigned>(rng.range(0, ports - 1));
  const Mac a = mac("02:00:00:00:00:10"), b = mac("02:00:00:00:10:02");
  PacketBuilder pb;
  pb.eth(a, b);
  const unsigned tags = static_cast<unsigned>(rng.range(0, 3));
  for (unsigned t = 0; t < tags; ++t) pb.vlan(static_cast<std::uint16_t>(rng.range(0, 4095)), 0, false, rng.chance(0.5) ? 0x8100 : 0x88a8);
  const baton::test::ingress::RandomAddresses ad(rng);
  const Ip4 &s4 = ad.s4, &d4 = ad.d4;
  const Ip6 &s6 = ad.s6, &d6 = ad.d6;
  switch (rng.range(0, 7)) {
    case 0: pb.ipv4({.src = s4, .dst = d4, .options = Bytes(rng.range(0, 40), 1)})
                .tcp({.sport = 1, .dport = 2, .flags = static_cast<std::uint16_t>(rng.bits(12))}); break;
    case 1: pb.ipv4({.src = s4, .dst = d4, .id = static_cast<std::uint16_t>(rng.bits(16)), .mf = rng.chance(0.5),
                     .frag_offset = static_cast<std::uint16_t>(rng.range(0, 3)), .proto = 17}).payload(30, 0); break;
    case 2: pb.ipv6({.src = s6, .dst = d6}).ipv6_frag({.offset = static_cast<std::uint16_t>(rng.range(0, 2)), .more = true,
                     .ident = static_cast<std::uint32_t>(rng.bits(32))}).udp({}); break;
    case 3: pb.ipv6({.src = s6, .dst = d6, .next_header = static_cast<std::uint8_t>(rng.chance(0.5) ? 58 : rng.bits(8))}).payload(8, 0); break;
    case 4: pb.ipv4({.src = s4, .dst = d4, .ihl = static_cast<std::uint8_t>(rng.range(0, 15)),
                     .total_length = static_cast<std::uint16_t>(rng.bits(16))}).payload(rng.range(0, 60), 7); break;
    case 5: pb.ipv6({.src = s6, .dst = d6, .version = static_cast<std::uint8_t>(rng.range(5, 6)),
                     .payload_length = static_cast<std::uint16_t>(rng.bits(16))})
                .tcp({.flags = static_cast<std::uint16_t>(rng.bits(12))}); break;
    case 6: pb.arp({.spa = s4, .tpa = d4}); break;
    default: pb.payload(rng.range(0, 80), static_cast<std::uint8_t>(rng.bits(8)));
  }
  f.bytes = pb.build();
  if (rng.chance(0.4)) f.bytes.resize(rng.range(1, f.bytes.size()));  // truncated anywhere
  for (std::size_t i = 0; i < 4 && i + 6 < f.bytes.size(); ++i) f.bytes[6 + i] = static_cast<std::uint8_t>(rng.bits(8));
  f.tuser = rng.chance(0.03);
  return f;
}

struct RunResult {
  std::uint64_t contexts = 0, buffer_full = 0, cycles = 0;
};

template <typename V>
RunResult random_traffic(const Geometry& g, ing::IngressConfig cfg, unsigned frames, double corner_share, Knobs k) {
  Sim<V> sim;
  auto& rng = sim.rng();
  if (rng.chance(0.5)) {
    for (auto& b : cfg.hash_key) b = static_cast<std::uint8_t>(rng.bits(8));
  }
  cfg.num_buckets = g.buckets;
  cfg.stack_bytes = g.stack_bytes;
  std::vector<std::uint16_t> vids;  // the VLAN channel table's ids, which tagged frames then use
  const bool fixed = std::any_of(cfg.classes.begin(), cfg.classes.end(), [](const auto& c) { return c.enabled; });
  if (!fixed && rng.chance(0.5)) {  // an event class table (SP4) and channels: port groups, VLANs, classes
    for (auto& grp : cfg.channels.port_group) grp = static_cast<std::uint8_t>(rng.bits(2));
    for (auto& cl : cfg.channels.port_class) cl = static_cast<std::uint8_t>(rng.bits(3));
    cfg.channels.port_vlan = static_cast<std::uint16_t>(rng.bits(16));
    for (auto& v : cfg.channels.vlan) {
      // Few distinct ids, so that entries shadow each other.
      v = {rng.chance(0.7), static_cast<std::uint16_t>(rng.chance(0.7) ? rng.range(1, 6) : rng.bits(12)),
           static_cast<std::uint8_t>(rng.bits(2))};
    }
    for (auto& c : cfg.classes) {
      c.enabled = rng.chance(0.4);
      c.mode = static_cast<ing::LookupMode>(rng.range(0, 2));
      c.conn = rng.chance(0.5);  // no effect without FlowKeys (these configurations)
      c.aff = rng.chance(0.3);
      c.part = static_cast<std::uint8_t>(rng.bits(8));
      c.entry = static_cast<std::uint16_t>(rng.bits(15));
    }
    cfg.aff_count = 1U << rng.range(0, 3);  // AFF's replica count (AFFINITY.LOG2)
  }
  if (cfg.channels.port_vlan != 0) {
    for (const auto& v : cfg.channels.vlan) vids.push_back(v.vid);
  }
  IngressEnv<V> env(sim, g, cfg, k);
  sim.reset();
  env.configure();
  TrafficGenerator gen(profile(), rng.next());
  for (unsigned i = 0; i < frames; ++i) {
    if (rng.chance(corner_share)) {
      env.send(corner_frame(rng, g.ports));
    } else {
      GenPacket p = gen.next();
      const bool tagged = p.frame.size() >= 16 && ((p.frame[12] == 0x81 && p.frame[13] == 0x00) ||
                                                   (p.frame[12] == 0x88 && p.frame[13] == 0xa8));
      if (tagged && !vids.empty() && rng.chance(0.8)) {  // an outer VLAN id of the table
        const std::uint16_t vid = vids[rng.range(0, vids.size() - 1)];
        p.frame[14] = static_cast<std::uint8_t>((p.frame[14] & 0xf0U) | (vid >> 8));
        p.frame[15] = static_cast<std::uint8_t>(vid);
      }
      if (rng.chance(0.01)) p.frame.resize(rng.range(cfg.slot_bytes - 10, cfg.slot_bytes + 100), 0x3c);  // around a slot
      env.send(Frame{p.frame, static_cast<unsigned>(rng.range(0, g.ports - 1)), p.tuser});
    }
  }
  RunResult r;
  const bool ran = sim.run(400'000ULL + 3000ULL * frames, [&] { return env.inputs_idle(); });
  EXPECT_TRUE(ran) << sim.failure();
  if (!ran) return r;
  r.cycles = sim.cycle();
  env.release_frees();
  EXPECT_TRUE(sim.advance(5000)) << sim.failure();
  env.check_accounting();
  EXPECT_FALSE(sim.failed()) << sim.failure();
  EXPECT_EQ(env.free_slots(), g.slots) << "slots leaked, seed " << sim.seed();
  r.contexts = env.contexts();
  r.buffer_full = env.skipped(reg::kBufferFull);
  EXPECT_GT(r.contexts, 0U) << "no frame got through, seed " << sim.seed();
  return r;
}

ing::IngressConfig default_cfg() { return ing::IngressConfig{}; }

TEST(IngressRtl, GeneratorTrafficFourPorts) {
  const auto r = random_traffic<Vingress_p4>(kP4, default_cfg(), 1500, 0.3, Knobs{});
  EXPECT_EQ(r.buffer_full, 0U) << "64 slots and prompt frees never run out";
  EXPECT_GT(r.contexts, 1000U);
}

TEST(IngressRtl, ShortFramesReachTheParser) {
  auto cfg = default_cfg();
  cfg.min_frame = 1;  // truncated headers are parsed instead of dropped as runts
  cfg.max_frame = 1000;
  random_traffic<Vingress_p4>(kP4, cfg, 1500, 0.8, Knobs{.in_busy = 1.0, .disp_ready = 0.9, .ord_ready = 0.9});
}

TEST(IngressRtl, AffinityAndInitialPartition) {
  auto cfg = default_cfg();
  cfg.init_part = 5;
  cfg.affinity = true;
  cfg.aff_base = 16;
  cfg.aff_count = 8;
  random_traffic<Vingress_p4>(kP4, cfg, 800, 0.2, Knobs{.in_busy = 0.5, .disp_ready = 0.3, .ord_ready = 0.9});
}

TEST(IngressRtl, WideBeatsTwoPorts) {
  auto cfg = default_cfg();
  cfg.min_frame = 14;
  random_traffic<Vingress_p2w512>(kP2w512, cfg, 1000, 0.4, Knobs{.free_delay_max = 8});
}

// The packet buffer refuses beats at random (its write staging full) and stays busy for a few
// cycles after a port's last beat: the ports hold their input streams (tready low), a dropped
// frame's slot goes back only when the port's beats are written, and every frame still arrives
// whole, parsed, hashed and dispatched.
TEST(IngressRtl, PacketBufferBackPressure) {
  random_traffic<Vingress_p4>(kP4, default_cfg(), 800, 0.3, Knobs{.in_busy = 1.0, .mem_ready = 0.4, .idle_lag = 3});
  auto cfg = default_cfg();
  cfg.min_frame = 14;
  random_traffic<Vingress_p2w512>(kP2w512, cfg, 600, 0.4,
                                  Knobs{.in_busy = 1.0, .free_delay_max = 8, .mem_ready = 0.5, .idle_lag = 5});
}

// One byte per beat: every context (the L4 sum's frame sum included, whose bytes alternate between
// high and low halves beat by beat) against the model.
TEST(IngressRtl, ByteWideBeatsTwoPorts) {
  random_traffic<Vingress_p2w8>(kP2w8, default_cfg(), 300, 0.5, Knobs{});
}

// The egress keeps every slot for a while: frames are lost as buffer-full, never twice, never
// silently, and every slot comes back.
TEST(IngressRtl, BufferExhaustion) {
  const auto r = random_traffic<Vingress_p2w512>(
      kP2w512, default_cfg(), 600, 0.2, Knobs{.in_busy = 1.0, .disp_ready = 0.5, .ord_ready = 0.5, .free_delay_max = 400});
  EXPECT_GT(r.buffer_full, 0U) << "the test did not exhaust the buffer";
}

// The published RSS vectors (BATON_SHARED_DIR/vectors/README.md) through the whole ingress: TCP
// frames hash with ports, ICMP frames on the addresses only.
TEST(IngressRtl, PublishedRssVectors) {
  const char* env_dir = std::getenv("BATON_SHARED_DIR");
  const std::filesystem::path readme = std::filesystem::path(env_dir ? env_dir : "") / "vectors" / "README.md";
  if (!env_dir || !std::filesystem::exists(readme)) GTEST_SKIP() << "BATON_SHARED_DIR/vectors not present";
  std::ifstream in(readme);
  const std::regex row(R"(^\|\s*\[?([0-9a-f:.]+)\]?:(\d+)\s*\|\s*\[?([0-9a-f:.]+)\]?:(\d+)\s*\|\s*(0x[0-9a-f]+)\s*\|\s*(0x[0-9a-f]+)\s*\|)");
  struct Vec { Frame tcp, icmp; std::uint32_t ports, addrs; };
  std::vector<Vec> vecs;
  const Mac a = mac("02:00:00:00:00:10"), b = mac("02:00:00:00:10:02");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    const auto sp = static_cast<std::uint16_t>(std::stoul(m[2])), dp = static_cast<std::uint16_t>(std::stoul(m[4]));
    Vec v;
    v.ports = static_cast<std::uint32_t>(std::stoul(m[5], nullptr, 16));
    v.addrs = static_cast<std::uint32_t>(std::stoul(m[6], nullptr, 16));
    std::swap(v.ports, v.addrs);  // columns: addresses only, then with ports
    if (m[1].str().find(':') != std::string::npos) {
      v.tcp.bytes = PacketBuilder().eth(a, b).ipv6({.src = ip6(m[1].str()), .dst = ip6(m[3].str())}).tcp({.sport = sp, .dport = dp}).build();
      v.icmp.bytes = PacketBuilder().eth(a, b).ipv6({.src = ip6(m[1].str()), .dst = ip6(m[3].str())}).icmpv6({}).build();
    } else {
      v.tcp.bytes = PacketBuilder().eth(a, b).ipv4({.src = ip4(m[1].str()), .dst = ip4(m[3].str())}).tcp({.sport = sp, .dport = dp}).pad_to(60).build();
      v.icmp.bytes = PacketBuilder().eth(a, b).ipv4({.src = ip4(m[1].str()), .dst = ip4(m[3].str())}).icmp({}).pad_to(60).build();
    }
    vecs.push_back(v);
  }
  ASSERT_EQ(vecs.size(), 8U) << "could not read the RSS table of " << readme;
  Sim<Vingress_p4> sim;
  IngressEnv<Vingress_p4> env(sim, kP4, default_cfg(), Knobs{});
  sim.reset();
  env.configure();
  for (const auto& v : vecs) {
    env.send(v.tcp);
    env.send(v.icmp);
  }
  ASSERT_TRUE(sim.run(100'000, [&] { return env.contexts() == 2 * vecs.size(); })) << sim.failure();
  for (std::size_t i = 0; i < vecs.size(); ++i) {
    EXPECT_EQ(env.ctx_log()[2 * i].args[1], vecs[i].ports) << "vector " << i;
    EXPECT_EQ(env.ctx_log()[2 * i + 1].args[1], vecs[i].addrs) << "vector " << i;
  }
}

TEST(IngressRtl, RegistersRejectBadAccesses) {
  Sim<Vingress_p4> sim;
  sim.reset();
  auto& d = sim.dut();
  auto access = [&](bool we, std::uint16_t addr) {
    d.reg_req_i = 1;
    d.reg_we_i = we;
    d.reg_addr_i = addr;
    d.reg_wdata_i = 0x1234;
    d.reg_wstrb_i = 0xf;
    d.eval();
    const bool err = d.reg_error_o;
    d.reg_req_i = 0;
    d.eval();
    return err;
  };
  EXPECT_FALSE(access(false, reg::kMaxFrame));
  EXPECT_EQ(d.reg_rdata_o, 0u);
  EXPECT_TRUE(access(true, reg::kDispatched)) << "read-only";
  EXPECT_TRUE(access(true, reg::port(0, reg::kRx))) << "read-only";
  EXPECT_TRUE(access(false, 0x024)) << "unmapped (after PORT_CLASS_HI)";
  EXPECT_TRUE(access(false, 0x07c)) << "unmapped (before VLAN_CHAN0)";
  EXPECT_TRUE(access(false, 0x0a0)) << "unmapped (after VLAN_CHAN7)";
  EXPECT_TRUE(access(false, reg::port(4, reg::kRx))) << "port beyond NumPorts";
  EXPECT_TRUE(access(false, reg::port(1, 5))) << "hole after the five counters";
  EXPECT_FALSE(access(false, reg::port(3, reg::kTuser)));
  EXPECT_TRUE(access(false, 0x068)) << "after HASH_KEY9";
  EXPECT_TRUE(access(true, 0x030)) << "unmapped write (before HASH_KEY0)";
  EXPECT_TRUE(access(false, 0x400)) << "after the event class table";
  EXPECT_TRUE(access(false, reg::port(15, reg::kRx))) << "last port the map reserves";
}

// The documented map (docs/ingress.md): addresses, reset values, the bits each register keeps and
// byte strobes.
TEST(IngressRtl, RegistersResetValuesFieldsAndStrobes) {
  static_assert(reg::kInitPart == 0x000 && reg::kAffinity == 0x004 && reg::kMinFrame == 0x008);
  static_assert(reg::kMaxFrame == 0x00c && reg::kDispatched == 0x010 && reg::kKey0 == 0x040);
  static_assert(reg::port(0, reg::kRx) == 0x100 && reg::port(9, reg::kTuser) == 0x230);
  Sim<Vingress_p4> sim;
  sim.reset();
  auto& d = sim.dut();
  auto access = [&](bool we, std::uint16_t addr, std::uint32_t data, unsigned strb) {
    d.reg_req_i = 1;
    d.reg_we_i = we;
    d.reg_addr_i = addr;
    d.reg_wdata_i = data;
    d.reg_wstrb_i = static_cast<std::uint8_t>(strb);
    d.eval();
    const std::uint32_t v = d.reg_rdata_o;
    EXPECT_FALSE(d.reg_error_o) << fmt::format("{} {:#x}", we ? "write" : "read", addr);
    sim.step();
    d.reg_req_i = 0;
    d.reg_we_i = 0;
    return v;
  };
  auto rd = [&](std::uint16_t a) { return access(false, a, 0, 0); };
  auto wr = [&](std::uint16_t a, std::uint32_t v, unsigned strb = 0xf) { access(true, a, v, strb); };
  EXPECT_EQ(rd(reg::kInitPart), 0U);
  EXPECT_EQ(rd(reg::kAffinity), 0U);
  EXPECT_EQ(rd(reg::kMinFrame), 60U);
  EXPECT_EQ(rd(reg::kMaxFrame), 1522U);
  EXPECT_EQ(rd(reg::kDispatched), 0U);
  for (unsigned w = 0; w < 10; ++w) {
    EXPECT_EQ(rd(static_cast<std::uint16_t>(reg::kKey0 + 4 * w)), baton::net::get32(ing::IngressConfig::kDefaultKey, 4 * w))
        << "HASH_KEY" << w << " resets to the RSS verification key";
  }
  for (unsigned p = 0; p < 4; ++p) {
    for (unsigned r = 0; r < 5; ++r) EXPECT_EQ(rd(reg::port(p, r)), 0U) << "port " << p << " word " << r;
  }
  // Only the documented fields are kept.
  wr(reg::kInitPart, 0xffff'ffffU);
  EXPECT_EQ(rd(reg::kInitPart), 0xffU);
  wr(reg::kAffinity, 0xffff'ffffU);
  EXPECT_EQ(rd(reg::kAffinity), 0x000f'ff01U);
  wr(reg::kMinFrame, 0xffff'ffffU);
  EXPECT_EQ(rd(reg::kMinFrame), 0xffffU);
  // Byte strobes: only the enabled bytes change.
  wr(reg::kMaxFrame, 0x0000'1234U, 0x2);
  EXPECT_EQ(rd(reg::kMaxFrame), 0x12f2U) << "1522 = 0x5f2 with byte 1 replaced";
  wr(static_cast<std::uint16_t>(reg::kKey0 + 36), 0xa1b2'c3d4U, 0x9);
  EXPECT_EQ(rd(static_cast<std::uint16_t>(reg::kKey0 + 36)), 0xa1ac'01d4U) << "bytes 0 and 3 of HASH_KEY9";
  wr(static_cast<std::uint16_t>(reg::kKey0 + 4), 0x0102'0304U);
  EXPECT_EQ(rd(static_cast<std::uint16_t>(reg::kKey0 + 4)), 0x0102'0304U);
  // Channel groups and the event class table (0x300 + 4c): reset 0; only EN[0], MODE[2:1], CONN[3],
  // AFF[4], PART[15:8], ENTRY[30:16] kept.
  static_assert(reg::kPortGroup == 0x014 && reg::event_class(0) == 0x300 && reg::event_class(63) == 0x3fc);
  EXPECT_EQ(rd(reg::kPortGroup), 0U);
  for (unsigned c = 0; c < 64; ++c) EXPECT_EQ(rd(reg::event_class(c)), 0U) << "class " << c;
  wr(reg::event_class(17), 0xffff'ffffU);
  EXPECT_EQ(rd(reg::event_class(17)), 0x7fff'ff1fU);
  wr(reg::event_class(17), 0x0000'0000U, 0x2);
  EXPECT_EQ(rd(reg::event_class(17)), 0x7fff'001fU) << "byte 1 (PART) cleared alone";
  EXPECT_EQ(rd(reg::event_class(16)), 0U) << "neighbours untouched";
  EXPECT_EQ(rd(reg::event_class(18)), 0U);
  wr(reg::kPortGroup, 0xdead'beefU);
  EXPECT_EQ(rd(reg::kPortGroup), 0xdead'beefU);
  // SP4 channels (docs/ingress.md "Channels"): PORT_VLAN 0x018, PORT_CLASS_LO/HI 0x01c/0x020 (3 bits
  // per nibble), VLAN_CHANk 0x080 + 4k (EN[0], GROUP[5:4], VID[27:16]); all reset to 0.
  static_assert(reg::kPortVlan == 0x018 && reg::kPortClassLo == 0x01c && reg::kPortClassHi == 0x020 &&
                reg::vlan_chan(0) == 0x080 && reg::vlan_chan(7) == 0x09c);
  for (const auto a : {reg::kPortVlan, reg::kPortClassLo, reg::kPortClassHi}) EXPECT_EQ(rd(a), 0U) << "register 0x" << std::hex << a;
  for (unsigned k = 0; k < 8; ++k) EXPECT_EQ(rd(reg::vlan_chan(k)), 0U) << "VLAN_CHAN" << k;
  wr(reg::kPortVlan, 0xffff'ffffU);
  EXPECT_EQ(rd(reg::kPortVlan), 0xffffU);
  wr(reg::kPortClassLo, 0xffff'ffffU);
  EXPECT_EQ(rd(reg::kPortClassLo), 0x7777'7777U);
  wr(reg::kPortClassHi, 0x1234'5678U);
  EXPECT_EQ(rd(reg::kPortClassHi), 0x1234'5670U);
  EXPECT_EQ(rd(reg::kPortClassLo), 0x7777'7777U);
  wr(reg::vlan_chan(5), 0xffff'ffffU);
  EXPECT_EQ(rd(reg::vlan_chan(5)), 0x0fff'0031U);
  wr(reg::vlan_chan(5), 0x0000'0000U, 0x4);
  EXPECT_EQ(rd(reg::vlan_chan(5)), 0x0f00'0031U) << "byte 2 (VID[7:0]) cleared alone";
  EXPECT_EQ(rd(reg::vlan_chan(4)), 0U);
  EXPECT_EQ(rd(reg::vlan_chan(6)), 0U);
}

// Channels on every port configuration the registers allow (SP4): all ports with VLAN channels
// but port 3, a VLAN table whose ids the tagged frames use (with shadowed and disabled entries),
// port classes, and every class enabled: each context's target must be its class's.
TEST(IngressRtl, VlanChannelsRouteTaggedFrames) {
  auto cfg = default_cfg();
  cfg.init_part = 9;
  cfg.channels.port_group = {2, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  cfg.channels.port_vlan = 0x0007;
  cfg.channels.port_class = {1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  cfg.channels.vlan = {{{true, 1, 3}, {false, 2, 1}, {true, 2, 2}, {true, 1, 0},
                        {true, 3, 1}, {true, 4, 0}, {false, 5, 3}, {true, 5, 1}}};
  for (unsigned c = 0; c < ing::kEventClasses; ++c) {
    cfg.classes[c] = {true, ing::LookupMode::kNone, static_cast<std::uint8_t>(100 + c), static_cast<std::uint16_t>(c)};
  }
  random_traffic<Vingress_p4>(kP4, cfg, 1500, 0.2, Knobs{.in_busy = 0.8, .disp_ready = 0.7, .ord_ready = 0.9});
}

TEST(IngressRtl, EventClassTableRoutesEveryEventType) {
  // Every class enabled with a distinct partition and entry, groups spread over the ports: each
  // context must carry its class's target (the model decides it; the environment compares).
  auto cfg = default_cfg();
  cfg.init_part = 3;
  cfg.affinity = true;
  cfg.aff_base = 200;
  cfg.aff_count = 4;
  cfg.channels.port_group = {0, 1, 2, 3, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (unsigned c = 0; c < ing::kEventClasses; ++c) {
    cfg.classes[c] = {c % 3 != 0, ing::LookupMode::kNone, static_cast<std::uint8_t>(64 + c),
                      static_cast<std::uint16_t>(0x4000 + 3 * c)};
  }
  random_traffic<Vingress_p4>(kP4, cfg, 1200, 0.3, Knobs{.in_busy = 0.7, .disp_ready = 0.6, .ord_ready = 0.9});
}

}  // namespace

namespace {

// Latency (last beat accepted -> context valid) and sustained rate with an always-ready context
// manager; printed for docs/performance.md and bounded here so a regression shows.
template <typename V>
std::pair<std::uint64_t, double> latency_and_rate(const Geometry& g, std::size_t len, unsigned ports_used) {
  Sim<V> sim;
  auto cfg = default_cfg();
  cfg.num_buckets = g.buckets;
  IngressEnv<V> env(sim, g, cfg, Knobs{.in_busy = 1.0, .disp_ready = 1.0, .ord_ready = 1.0, .free_delay_max = 2});
  std::uint64_t last_beat = 0, first_ctx = 0, first_in = 0, last_ctx = 0;
  std::size_t seen = 0;
  sim.on_sample([&] {
    auto& d = sim.dut();
    if (!last_beat && (d.s_tvalid_i & d.s_tready_o & d.s_tlast_i & 1)) last_beat = sim.cycle();
    if (!first_in && (d.s_tvalid_i & d.s_tready_o)) first_in = sim.cycle();
    if (d.disp_valid_o && d.disp_ready_i) {
      if (!first_ctx) first_ctx = sim.cycle();
      last_ctx = sim.cycle();
      ++seen;
    }
  });
  sim.reset();
  env.configure();
  sim.run(3000, [&] { return sim.dut().disp_ready_i && sim.cycle() > 1100; });  // counters cleared
  const unsigned frames = 400;
  const Bytes f = PacketBuilder().eth(mac("02:00:00:00:00:10"), mac("02:00:00:00:10:02"))
                      .ipv4({.src = ip4("10.0.0.2"), .dst = ip4("10.0.1.2")}).udp({.sport = 1, .dport = 2})
                      .pad_to(len).build();
  for (unsigned i = 0; i < frames; ++i) {
    Bytes u = f;  // distinct frames: the source MAC carries the index
    put32(u, 6, i);
    env.send(Frame{u, i % ports_used, false});
  }
  EXPECT_TRUE(sim.run(200'000, [&] { return env.inputs_idle(); })) << sim.failure();
  EXPECT_TRUE(sim.advance(200)) << sim.failure();
  const double rate = static_cast<double>(seen - 1) / static_cast<double>(last_ctx - first_ctx);
  return {first_ctx - last_beat, rate};
}

TEST(IngressPerf, LatencyAndRate) {
  const auto [lat, rate1] = latency_and_rate<Vingress_p4>(kP4, 60, 1);
  const auto [lat4, rate4] = latency_and_rate<Vingress_p4>(kP4, 60, 4);
  const auto [latw, ratew] = latency_and_rate<Vingress_p2w512>(kP2w512, 60, 2);
  std::printf("ingress 4x64: last beat -> context %llu cycles; 60-byte frames: %.3f frames/cycle on 1 port, %.3f on 4 ports\n",
              static_cast<unsigned long long>(lat), rate1, rate4);
  std::printf("ingress 2x512: last beat -> context %llu cycles; 60-byte frames on 2 ports: %.3f frames/cycle\n",
              static_cast<unsigned long long>(latw), ratew);
  EXPECT_LE(lat, 8U);
  EXPECT_GE(rate1, 0.1);
  EXPECT_GE(rate4, 0.4);
  EXPECT_LE(latw, 8U);
  EXPECT_GE(ratew, 0.2);
}

}  // namespace
