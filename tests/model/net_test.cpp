// SPDX-License-Identifier: Apache-2.0
// tb/net against published numbers: RFC 1071 and RFC 1624 checksum examples, the IPv4 header
// example, the eight RSS/Toeplitz verification vectors (both columns), plus the builder, the
// dissector, pcap round trips and errors, flow keys and the traffic generator.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "baton/net/builder.hpp"
#include "baton/net/checksum.hpp"
#include "baton/net/flow.hpp"
#include "baton/net/parser.hpp"
#include "baton/net/pcap.hpp"
#include "baton/net/toeplitz.hpp"
#include "baton/net/traffic.hpp"
#include "model_util.hpp"

namespace {

using namespace baton::net;
using baton::model_test::context;

// ---- RFC 1071 / RFC 1624 / IPv4 header (vectors/README.md) ---------------------------------

TEST(Checksum, Rfc1071Section3Example) {
  const Bytes b = from_hex("0001f203f4f5f6f7");
  EXPECT_EQ(ones_sum(b), 0xddf2);
  EXPECT_EQ(internet_checksum(b), 0x220d);
}

TEST(Checksum, Rfc1624Section4Eqn3GivesZero) {
  EXPECT_EQ(checksum_update(0xdd2f, 0x5555, 0x3285), 0x0000);
  // RFC 1141's form gives the wrong 0xffff on the same numbers.
  EXPECT_EQ(checksum_update_rfc1141(0xdd2f, 0x5555, 0x3285), 0xffff);
}

TEST(Checksum, Ipv4HeaderExample) {
  Bytes h = from_hex("45000073000040004011b861c0a80001c0a800c7");
  EXPECT_EQ(ones_sum(h), 0xffff);
  h[10] = h[11] = 0;
  EXPECT_EQ(internet_checksum(h), 0xb861);
}

TEST(Checksum, OddLengthPadsWithZero) {
  EXPECT_EQ(ones_sum(from_hex("ab")), 0xab00);
  EXPECT_EQ(ones_sum(from_hex("0102ab")), 0xac02);
}

TEST(Checksum, IncrementalMatchesRecomputationOnRandomHeaders) {
  const std::uint64_t seed = baton::tb::test_seed();
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 2000; ++i) {
    Bytes h(20);
    for (auto& x : h) x = static_cast<std::uint8_t>(rng());
    h[0] = 0x45;
    h[8] = static_cast<std::uint8_t>(2 + rng() % 254);
    h[10] = h[11] = 0;
    put16(h, 10, internet_checksum(h));
    const std::uint16_t m = get16(h, 8);
    Bytes d = h;
    d[8] = static_cast<std::uint8_t>(d[8] - 1);
    const std::uint16_t inc = checksum_update(get16(h, 10), m, get16(d, 8));
    d[10] = d[11] = 0;
    ASSERT_EQ(inc, internet_checksum(d)) << "header " << hex(h) << "; " << context(seed, i);
  }
}

// ---- Toeplitz: the eight published vectors ----------------------------------------------------

struct RssVector {
  const char* src;
  const char* dst;
  std::uint16_t sport, dport;
  std::uint32_t addr_only, with_ports;
};
constexpr RssVector kRss4[] = {
    {"66.9.149.187", "161.142.100.80", 2794, 1766, 0x323e8fc2, 0x51ccc178},
    {"199.92.111.2", "65.69.140.83", 14230, 4739, 0xd718262a, 0xc626b0ea},
    {"24.19.198.95", "12.22.207.184", 12898, 38024, 0xd2d0a5de, 0x5c2b394a},
    {"38.27.205.30", "209.142.163.6", 48228, 2217, 0x82989176, 0xafc7327f},
    {"153.39.163.191", "202.188.127.2", 44251, 1303, 0x5d1809c5, 0x10e828a2},
};
constexpr RssVector kRss6[] = {
    {"3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794, 1766, 0x2cc18cd5, 0x40207d3d},
    {"3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230, 4739, 0x0f0c461c, 0xdde51bbf},
    {"3ffe:1900:4545:3:200:f8ff:fe21:67cf", "fe80::200:f8ff:fe21:67cf", 44251, 38024, 0x4b61e985,
     0x02d1feef},
};

TEST(Toeplitz, PublishedIpv4Vectors) {
  for (const auto& v : kRss4) {
    Bytes in;
    append(in, ip4(v.src));
    append(in, ip4(v.dst));
    EXPECT_EQ(toeplitz(kRssVerificationKey, in), v.addr_only) << v.src;
    append16(in, v.sport);
    append16(in, v.dport);
    EXPECT_EQ(toeplitz(kRssVerificationKey, in), v.with_ports) << v.src;
  }
}

TEST(Toeplitz, PublishedIpv6Vectors) {
  for (const auto& v : kRss6) {
    Bytes in;
    append(in, ip6(v.src));
    append(in, ip6(v.dst));
    EXPECT_EQ(toeplitz(kRssVerificationKey, in), v.addr_only) << v.src;
    append16(in, v.sport);
    append16(in, v.dport);
    EXPECT_EQ(toeplitz(kRssVerificationKey, in), v.with_ports) << v.src;
  }
}

TEST(Toeplitz, ShortKeyIsAnError) {
  const Bytes key(8, 0xff);
  EXPECT_THROW(toeplitz(key, Bytes(5, 1)), NetError);
  EXPECT_NO_THROW(toeplitz(key, Bytes(4, 1)));
}

// The flow key of a real packet must reproduce the published hashes: TCP → "with ports",
// ICMP → "addresses only" (docs/feature-set.md section 5).
TEST(FlowKey, PacketsReproducePublishedHashes) {
  const Mac a = mac("02:00:00:00:00:01");
  const Mac b = mac("02:00:00:00:00:02");
  for (const auto& v : kRss4) {
    const Bytes tcp = PacketBuilder()
                          .eth(a, b)
                          .vlan(7)
                          .ipv4({.src = ip4(v.src), .dst = ip4(v.dst)})
                          .tcp({.sport = v.sport, .dport = v.dport})
                          .build();
    EXPECT_EQ(flow_key(tcp).kind, FlowKind::kIp4Ports);
    EXPECT_EQ(flow_hash(tcp), v.with_ports) << v.src;
    const Bytes icmp =
        PacketBuilder().eth(a, b).ipv4({.src = ip4(v.src), .dst = ip4(v.dst)}).icmp({}).build();
    EXPECT_EQ(flow_key(icmp).kind, FlowKind::kIp4Addr);
    EXPECT_EQ(flow_hash(icmp), v.addr_only) << v.src;
  }
  for (const auto& v : kRss6) {
    const Bytes udp = PacketBuilder()
                          .eth(a, b)
                          .vlan(1)
                          .vlan(2)
                          .ipv6({.src = ip6(v.src), .dst = ip6(v.dst)})
                          .udp({.sport = v.sport, .dport = v.dport})
                          .build();
    EXPECT_EQ(flow_key(udp).kind, FlowKind::kIp6Ports);
    EXPECT_EQ(flow_hash(udp), v.with_ports) << v.src;
    const Bytes icmp =
        PacketBuilder().eth(a, b).ipv6({.src = ip6(v.src), .dst = ip6(v.dst)}).icmpv6({}).build();
    EXPECT_EQ(flow_key(icmp).kind, FlowKind::kIp6Addr);
    EXPECT_EQ(flow_hash(icmp), v.addr_only) << v.src;
  }
}

TEST(FlowKey, AllFragmentsOfADatagramShareTheKey) {
  const Mac a = mac("02:00:00:00:00:01");
  const Ipv4Fields base{.src = ip4("10.1.2.3"), .dst = ip4("10.9.8.7"), .id = 0x1234};
  Ipv4Fields first = base;
  first.mf = true;
  Ipv4Fields middle = base;
  middle.mf = true;
  middle.frag_offset = 185;
  Ipv4Fields last = base;
  last.frag_offset = 370;
  last.proto = ipproto::kUdp;
  const Bytes f1 = PacketBuilder()
                       .eth(a, a)
                       .ipv4(first)
                       .udp({.sport = 53, .dport = 4000})
                       .payload(100, 1)
                       .build();
  const Bytes f2 = PacketBuilder().eth(a, a).ipv4(middle).payload(1480, 2).build();
  const Bytes f3 = PacketBuilder().eth(a, a).ipv4(last).payload(20, 3).build();
  Ipv4Fields mid2 = middle;
  mid2.proto = ipproto::kUdp;
  const Bytes f2u = PacketBuilder().eth(a, a).ipv4(mid2).payload(1480, 2).build();
  EXPECT_EQ(flow_key(f1).kind, FlowKind::kIp4Frag);
  EXPECT_EQ(flow_key(f1), flow_key(f2u));
  EXPECT_EQ(flow_key(f1), flow_key(f3));
  // (src, dst, protocol, id): another id or protocol is another datagram.
  EXPECT_NE(flow_key(f2), flow_key(f2u));
  Ipv4Fields other = last;
  other.id = 0x1235;
  EXPECT_NE(flow_key(f3), flow_key(PacketBuilder().eth(a, a).ipv4(other).payload(20, 3).build()));
  EXPECT_EQ(flow_key(f1).input, from_hex("0a0102030a09080712340011"));

  const Ipv6Fields v6{.src = ip6("2001:db8::1"), .dst = ip6("2001:db8::2")};
  const Bytes g1 = PacketBuilder()
                       .eth(a, a)
                       .ipv6(v6)
                       .ipv6_frag({.offset = 0, .more = true, .ident = 77})
                       .udp({.sport = 1, .dport = 2})
                       .payload(64, 0)
                       .build();
  const Bytes g2 =
      PacketBuilder()
          .eth(a, a)
          .ipv6(v6)
          .ipv6_frag({.offset = 9, .more = false, .ident = 77, .next_header = ipproto::kUdp})
          .payload(8, 0)
          .build();
  EXPECT_EQ(flow_key(g1).kind, FlowKind::kIp6Frag);
  EXPECT_EQ(flow_key(g1), flow_key(g2));
  EXPECT_EQ(flow_key(g1).input.size(), 36U);
}

TEST(FlowKey, NonIpAndBrokenHeadersHashToZero) {
  const Mac a = mac("02:00:00:00:00:01");
  EXPECT_EQ(flow_key(PacketBuilder().eth(a, a).arp({}).build()).kind, FlowKind::kNone);
  EXPECT_EQ(flow_hash(PacketBuilder().eth(a, a).arp({}).build()), 0U);
  EXPECT_EQ(flow_key(PacketBuilder().eth(a, a).vlan(1).vlan(2).vlan(3).ipv4({}).build()).kind,
            FlowKind::kNone);
  EXPECT_EQ(flow_key(PacketBuilder().eth(a, a).ipv4({.ihl = 4}).build()).kind, FlowKind::kNone);
  EXPECT_EQ(flow_key(Bytes(10, 0)).kind, FlowKind::kNone);
}

// ---- Builder and dissector
// ------------------------------------------------------------------------

TEST(Builder, Ipv4UdpFieldsAndChecksums) {
  const Bytes f = PacketBuilder()
                      .eth(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"))
                      .vlan(VlanFields{.vid = 13, .pcp = 5, .dei = true, .tpid = ethertype::kQinq})
                      .vlan(10)
                      .ipv4({.src = ip4("10.0.0.1"),
                             .dst = ip4("10.0.0.2"),
                             .ttl = 7,
                             .id = 42,
                             .df = true,
                             .options = Bytes{1, 1, 1}})
                      .udp({.sport = 1000, .dport = 53})
                      .payload(Bytes{1, 2, 3})
                      .pad_to(90)
                      .build();
  ASSERT_EQ(f.size(), 90U);
  const ParsedFrame p = parse_frame(f);
  ASSERT_EQ(p.tags.size(), 2U);
  EXPECT_EQ(p.eth_type, 0x88a8);
  EXPECT_EQ(p.tags[0].vid, 13);
  EXPECT_EQ(p.tags[0].pcp, 5);
  EXPECT_TRUE(p.tags[0].dei);
  EXPECT_EQ(p.tags[0].next_type, 0x8100);
  EXPECT_EQ(p.tags[1].vid, 10);
  EXPECT_EQ(p.ethertype, ethertype::kIpv4);
  ASSERT_TRUE(p.l3.ip4);
  EXPECT_EQ(p.l3.ip4->ihl, 6);
  EXPECT_EQ(p.l3.ip4->total_length, 24 + 8 + 3);
  EXPECT_EQ(p.l3.ip4->ttl, 7);
  EXPECT_TRUE(p.l3.ip4->df);
  EXPECT_EQ(p.l3.ip4->checksum_status, CsumStatus::kGood);
  ASSERT_TRUE(p.l3.udp);
  EXPECT_EQ(p.l3.udp->length, 11);
  EXPECT_EQ(p.l3.udp->checksum_status, CsumStatus::kGood);
}

TEST(Builder, OverridesMakeMalformedPackets) {
  const Mac a = mac("02:00:00:00:00:01");
  const Bytes f = PacketBuilder()
                      .eth(a, a)
                      .ipv4({.src = ip4("1.1.1.1"), .dst = ip4("2.2.2.2"), .checksum = 0x1234})
                      .tcp({.sport = 1, .dport = 2, .checksum = 0x0})
                      .build();
  const ParsedFrame p = parse_frame(f);
  EXPECT_EQ(p.l3.ip4->checksum, 0x1234);
  EXPECT_EQ(p.l3.ip4->checksum_status, CsumStatus::kBad);
  EXPECT_EQ(p.l3.tcp->checksum_status, CsumStatus::kBad);
}

TEST(Builder, Ipv6FragmentIcmpv6AndArp) {
  const Mac a = mac("02:00:00:00:00:01");
  const Bytes f =
      PacketBuilder()
          .eth(a, a)
          .ipv6({.src = ip6("2001:db8::1"), .dst = ip6("2001:db8::2"), .hop_limit = 9})
          .ipv6_frag({.offset = 3, .more = true, .ident = 0xdeadbeef, .next_header = ipproto::kUdp})
          .payload(16, 0x11)
          .build();
  const ParsedFrame p = parse_frame(f);
  ASSERT_TRUE(p.l3.ip6 && p.l3.frag6);
  EXPECT_EQ(p.l3.ip6->next_header, ipproto::kIpv6Frag);
  EXPECT_EQ(p.l3.ip6->payload_length, 24);
  EXPECT_EQ(p.l3.frag6->offset, 3);
  EXPECT_TRUE(p.l3.frag6->more);
  EXPECT_EQ(p.l3.frag6->ident, 0xdeadbeefU);

  const Bytes e = PacketBuilder()
                      .eth(a, a)
                      .ipv6({.src = ip6("2001:db8::1"), .dst = ip6("2001:db8::2")})
                      .icmpv6({.type = 128, .rest = 0x00010002})
                      .payload(10, 0x61)
                      .build();
  const ParsedFrame q = parse_frame(e);
  ASSERT_TRUE(q.l3.icmp6);
  EXPECT_EQ(q.l3.icmp6->checksum_status, CsumStatus::kGood);

  const Bytes r = PacketBuilder()
                      .eth(a, a)
                      .arp({.op = 2, .sha = a, .spa = ip4("1.2.3.4"), .tpa = ip4("5.6.7.8")})
                      .pad_to(60)
                      .build();
  const ParsedFrame s = parse_frame(r);
  ASSERT_TRUE(s.l3.arp);
  EXPECT_EQ(r.size(), 60U);
  EXPECT_EQ(s.l3.arp->op, 2);
  EXPECT_EQ(to_string(s.l3.arp->tpa), "5.6.7.8");
}

TEST(Builder, UdpZeroChecksumIsSentAsOnes) {
  // Find a payload whose UDP checksum computes to zero; RFC 768 says send 0xffff.
  const Mac a = mac("02:00:00:00:00:01");
  for (std::uint32_t x = 0; x < 0x10000; ++x) {
    const Bytes pl{static_cast<std::uint8_t>(x >> 8), static_cast<std::uint8_t>(x)};
    const Bytes f = PacketBuilder()
                        .eth(a, a)
                        .ipv4({.src = ip4("1.1.1.1"), .dst = ip4("2.2.2.2")})
                        .udp({.sport = 1, .dport = 2})
                        .payload(pl)
                        .build();
    const ParsedFrame p = parse_frame(f);
    ASSERT_NE(p.l3.udp->checksum, 0) << "payload " << x;
    ASSERT_EQ(p.l3.udp->checksum_status, CsumStatus::kGood) << "payload " << x;
    if (p.l3.udp->checksum == 0xffff) return;
  }
  FAIL() << "no payload gave a zero checksum";
}

// ---- pcap
// -----------------------------------------------------------------------------------------

class PcapTest : public ::testing::Test {
 protected:
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      fmt::format("baton_net_test_{}_{}", ::getpid(), baton::tb::current_test_name());
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string write_bytes(const std::string& name, const Bytes& b) {
    const auto p = (dir / name).string();
    std::ofstream o(p, std::ios::binary);
    o.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    return p;
  }
  std::string error_of(const std::string& path) {
    try {
      read_pcap(path);
    } catch (const PcapError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(PcapTest, RoundTrip) {
  const auto path = (dir / "rt.pcap").string();
  {
    PcapWriter w(path);
    w.write(Bytes{1, 2, 3, 4}, 10, 20000);
    PcapRecord r;
    r.ts_sec = 11;
    r.data = Bytes(60, 0xab);
    r.orig_len = 64;
    w.write(r);
    w.close();
  }
  const PcapFile f = read_pcap(path);
  ASSERT_EQ(f.records.size(), 2U);
  EXPECT_EQ(f.link_type, kLinkEthernet);
  EXPECT_EQ(f.records[0].data, (Bytes{1, 2, 3, 4}));
  EXPECT_EQ(f.records[0].ts_sec, 10U);
  EXPECT_EQ(f.records[0].ts_nsec, 20000U);
  EXPECT_EQ(f.records[1].orig_len, 64U);
  EXPECT_EQ(f.records[1].data.size(), 60U);
}

TEST_F(PcapTest, BigEndianAndNanosecondFiles) {
  // Big-endian, nanosecond magic, one 2-byte record, hand-written.
  const Bytes b = from_hex(
      "a1b23c4d00020004000000000000000000010000"
      "00000001"
      "00000005"
      "00000007"
      "00000002"
      "00000002"
      "beef");
  const PcapFile f = read_pcap(write_bytes("be.pcap", b));
  ASSERT_EQ(f.records.size(), 1U);
  EXPECT_EQ(f.records[0].ts_sec, 5U);
  EXPECT_EQ(f.records[0].ts_nsec, 7U);
  EXPECT_EQ(f.records[0].data, (Bytes{0xbe, 0xef}));
}

TEST_F(PcapTest, BadFilesGiveOneLineErrors) {
  EXPECT_NE(error_of((dir / "missing.pcap").string()).find("cannot open"), std::string::npos);
  EXPECT_NE(error_of(write_bytes("short.pcap", Bytes(10, 0))).find("not a pcap file"),
            std::string::npos);
  EXPECT_NE(error_of(write_bytes("magic.pcap", Bytes(24, 0x42))).find("magic"), std::string::npos);
  Bytes ng = from_hex("0a0d0d0a");
  ng.resize(32, 0);
  // A pcapng section header without its byte-order magic.
  EXPECT_NE(error_of(write_bytes("ng.pcap", ng)).find("bad pcapng file"), std::string::npos);
  const Bytes hdr = from_hex("d4c3b2a1020004000000000000000000ffff000001000000");
  Bytes linux_sll = hdr;
  linux_sll[20] = 113;
  EXPECT_NE(error_of(write_bytes("sll.pcap", linux_sll)).find("link type 113"), std::string::npos);
  Bytes trunc_hdr = hdr;
  trunc_hdr.resize(hdr.size() + 8, 0);
  EXPECT_NE(error_of(write_bytes("th.pcap", trunc_hdr)).find("record 1 truncated"),
            std::string::npos);
  Bytes trunc_data = hdr;
  append(trunc_data, from_hex("00000000000000003c0000003c000000"));
  trunc_data.resize(trunc_data.size() + 20, 0);
  const std::string e = error_of(write_bytes("td.pcap", trunc_data));
  // libpcap's wording after "record 1 truncated: ".
  EXPECT_NE(e.find("record 1 truncated: tried to read 60 captured bytes, only got 20"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos);
  Bytes caplen_gt = hdr;
  append(caplen_gt, from_hex("00000000000000000400000002000000aabbccdd"));
  EXPECT_NE(error_of(write_bytes("gt.pcap", caplen_gt)).find("exceeds its wire length"),
            std::string::npos);
}

TEST_F(PcapTest, ClassicFilesHaveOneInterface) {
  const auto path = (dir / "one.pcap").string();
  {
    PcapWriter w(path);
    w.write(Bytes(60, 1), 1, 999'999'999);
    w.close();
  }
  const PcapFile f = read_pcap(path);
  EXPECT_FALSE(f.pcapng);
  EXPECT_EQ(f.interfaces.size(), 1U);
  ASSERT_EQ(f.records.size(), 1U);
  EXPECT_EQ(f.records[0].interface_id, 0U);
  EXPECT_EQ(f.records[0].ts_nsec, 999'999'999U);  // the writer keeps nanoseconds
}

TEST_F(PcapTest, PcapngRoundTripKeepsInterfacesAndNanoseconds) {
  const auto path = (dir / "rt.pcapng").string();
  {
    PcapngWriter w(path, {"port0", "port1", "host"});
    w.write(1, Bytes{1, 2, 3}, 7, 123'456'789);
    w.write(0, Bytes(61, 0xcd), 7, 123'456'790);
    PcapRecord r;
    r.interface_id = 2;
    r.ts_sec = 8;
    r.data = Bytes(60, 0xab);
    r.orig_len = 64;
    w.write(r);
    EXPECT_THROW(w.write(3, Bytes{1}), PcapError);
    EXPECT_EQ(w.count(), 3U);
    EXPECT_EQ(w.count(1), 1U);
    w.close();
  }
  const PcapFile f = read_pcap(path);
  EXPECT_TRUE(f.pcapng);
  EXPECT_EQ(f.link_type, kLinkEthernet);
  EXPECT_EQ(f.interfaces, (std::vector<std::string>{"port0", "port1", "host"}));
  ASSERT_EQ(f.records.size(), 3U);
  EXPECT_EQ(f.records[0].interface_id, 1U);
  EXPECT_EQ(f.records[0].data, (Bytes{1, 2, 3}));
  EXPECT_EQ(f.records[0].ts_sec, 7U);
  EXPECT_EQ(f.records[0].ts_nsec, 123'456'789U);
  EXPECT_EQ(f.records[1].interface_id, 0U);
  EXPECT_EQ(f.records[1].data.size(), 61U);  // padded to 64 in the block, not in the record
  EXPECT_EQ(f.records[2].interface_id, 2U);
  EXPECT_EQ(f.records[2].orig_len, 64U);
  EXPECT_EQ(f.records[2].ts_sec, 8U);
}

TEST_F(PcapTest, BigEndianPcapngWithTwoInterfaces) {
  // Hand-written, big-endian: SHB, two IDBs (microseconds, the default), an EPB on interface 1
  // and a simple packet block (always interface 0).
  const Bytes b = from_hex(
      "0a0d0d0a0000001c1a2b3c4d00010000ffffffffffffffff0000001c"  // SHB
      "00000001000000140001000000000000" "00000014"                // IDB 0
      "00000001000000140001000000000000" "00000014"                // IDB 1
      "00000006000000240000000100000000000f4241" "0000000200000002" "beef0000" "00000024"  // EPB
      "00000003000000140000000201020000" "00000014");              // SPB, wire length 2
  const PcapFile f = read_pcap(write_bytes("be.pcapng", b));
  EXPECT_EQ(f.interfaces.size(), 2U);
  ASSERT_EQ(f.records.size(), 2U);
  EXPECT_EQ(f.records[0].interface_id, 1U);
  EXPECT_EQ(f.records[0].data, (Bytes{0xbe, 0xef}));
  EXPECT_EQ(f.records[0].ts_sec, 1U);
  EXPECT_EQ(f.records[0].ts_nsec, 1000U);  // 1'000'001 microseconds
  EXPECT_EQ(f.records[1].interface_id, 0U);
  EXPECT_EQ(f.records[1].data, (Bytes{1, 2}));
}

TEST_F(PcapTest, TruncatedPcapngGivesOneLine) {
  const auto path = (dir / "t.pcapng").string();
  {
    PcapngWriter w(path, {"a"});
    w.write(0, Bytes(60, 1));
    w.close();
  }
  std::ifstream in(path, std::ios::binary);
  Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  b.resize(b.size() - 10);
  const std::string e = error_of(write_bytes("cut.pcapng", b));
  EXPECT_NE(e.find("cut.pcapng: record 1"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

// ---- Traffic generator
// ----------------------------------------------------------------------------

TrafficProfile test_profile() {
  return TrafficProfile::from_config_text(baton::model_test::kDirectedConfig);
}

TEST(Traffic, SameSeedSamePacketsOtherSeedOthers) {
  TrafficGenerator a(test_profile(), 7);
  TrafficGenerator b(test_profile(), 7);
  TrafficGenerator c(test_profile(), 8);
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    const GenPacket x = a.next();
    const GenPacket y = b.next();
    const GenPacket z = c.next();
    ASSERT_EQ(x.frame, y.frame) << i;
    ASSERT_EQ(x.port, y.port) << i;
    differ += x.frame != z.frame;
  }
  EXPECT_GT(differ, 190);
}

TEST(Traffic, EveryKindHasItsShape) {
  const std::uint64_t seed = baton::tb::test_seed();
  TrafficProfile prof = test_profile();
  prof.mix = TrafficMix::uniform();
  prof.vlan1 = 0.3;
  prof.vlan2 = 0.2;
  TrafficGenerator g(prof, seed);
  std::set<TrafficKind> seen;
  std::set<std::size_t> tag_counts;
  for (int i = 0; i < 5000; ++i) {
    const GenPacket p = g.next();
    seen.insert(p.kind);
    const ParsedFrame f = parse_frame(p.frame);
    tag_counts.insert(f.tags.size());
    const auto ctx =
        fmt::format("kind {} frame {}; {}", to_string(p.kind), hex(p.frame), context(seed, i));
    ASSERT_EQ(p.tuser, p.kind == TrafficKind::kTuser) << ctx;
    switch (p.kind) {
      case TrafficKind::kRunt:
        ASSERT_LT(p.frame.size(), prof.min_frame) << ctx;
        break;
      case TrafficKind::kOversize:
        ASSERT_GT(p.frame.size(), prof.max_frame) << ctx;
        break;
      case TrafficKind::kIp4BadChecksum:
        ASSERT_EQ(f.l3.ip4->checksum_status, CsumStatus::kBad) << ctx;
        break;
      case TrafficKind::kIp4BadIhl:
        ASSERT_LT(f.l3.ip4->ihl, 5) << ctx;
        break;
      case TrafficKind::kIp4BadVersion:
        ASSERT_NE(f.l3.ip4->version, 4) << ctx;
        break;
      case TrafficKind::kIp4LenBeyondFrame:
        ASSERT_GT(f.l3.ip4->total_length, p.frame.size() - f.l3_offset) << ctx;
        break;
      case TrafficKind::kIp4Ttl1:
        ASSERT_LE(f.l3.ip4->ttl, 1) << ctx;
        break;
      case TrafficKind::kL2ThreeTags:
        ASSERT_GE(p.frame.size(), 60U) << ctx;
        ASSERT_EQ(f.tags.size(), 2U) << ctx;  // the parser reads two; the third TPID follows
        ASSERT_TRUE(f.ethertype == 0x8100 || f.ethertype == 0x88a8) << ctx;
        break;
      case TrafficKind::kL2TruncatedTag:
        ASSERT_GE(p.frame.size(), 14U) << ctx;
        ASSERT_LT(p.frame.size(), 18U) << ctx;
        ASSERT_TRUE(p.frame[12] == 0x81 || p.frame[12] == 0x88) << ctx;
        break;
      case TrafficKind::kIp6BadVersion:
        ASSERT_EQ(f.ethertype, 0x86ddU) << ctx;
        ASSERT_NE(p.frame[f.l3_offset] >> 4, 6) << ctx;
        break;
      case TrafficKind::kIp6LenBeyondFrame:
        ASSERT_GT(40U + f.l3.ip6->payload_length, p.frame.size() - f.l3_offset) << ctx;
        break;
      case TrafficKind::kIp4EchoBadChecksum:
      case TrafficKind::kIp6EchoBadChecksum:
        ASSERT_EQ(l4_checksum_status(f), CsumStatus::kBad) << ctx;
        break;
      case TrafficKind::kIp6Hop1:
        ASSERT_LE(f.l3.ip6->hop_limit, 1) << ctx;
        break;
      case TrafficKind::kIp4Frag:
        ASSERT_TRUE(f.l3.ip4->is_fragment()) << ctx;
        break;
      case TrafficKind::kIp6Frag:
        ASSERT_TRUE(f.l3.frag6.has_value()) << ctx;
        break;
      case TrafficKind::kIp4Udp:
      case TrafficKind::kIp4Tcp:
      case TrafficKind::kIp6Udp:
      case TrafficKind::kIp6Tcp:
        ASSERT_GE(p.frame.size(), prof.min_size) << ctx;
        ASSERT_LE(p.frame.size(), prof.max_size) << ctx;
        ASSERT_EQ(l4_checksum_status(f), CsumStatus::kGood) << ctx;
        break;
      default:
        ASSERT_GE(p.frame.size(), 60U) << ctx;
        break;
    }
  }
  EXPECT_EQ(seen.size(), kTrafficKinds);
  EXPECT_EQ(tag_counts, (std::set<std::size_t>{0, 1, 2}));
}

TEST(Traffic, BadProfileIsAnError) {
  EXPECT_THROW(TrafficProfile::from_config_text("{"), NetError);
  EXPECT_THROW(TrafficProfile::from_config_text(R"({"ports": []})"), NetError);
  EXPECT_THROW(TrafficProfile::from_config_text(R"({"ports": [{"port": 0, "mac": "zz"}]})"),
               NetError);
}

}  // namespace
