// SPDX-License-Identifier: Apache-2.0
// The ingress reference model on directed frames: every L3/L4 kind, 0..3 VLAN tags, truncated
// headers, IPv4 options, bad checksums, fragments (IPv4 and the IPv6 fragment header), the
// hardware drops H1..H3 and the initial context (bucket, sequence numbers, affinity).
#include <gtest/gtest.h>

#include "baton/net/builder.hpp"
#include "baton/net/checksum.hpp"
#include "baton/net/parser.hpp"
#include "baton/net/traffic.hpp"
#include "baton/net/flow.hpp"
#include "baton/net/toeplitz.hpp"
#include "baton/model/ingress/ingress_model.hpp"

namespace {

using namespace baton::net;
namespace ing = baton::model::ingress;
using ing::Event;
using ing::L3Kind;
using ing::L4Kind;

const Mac kDst = mac("02:00:00:00:00:01");
const Mac kSrc = mac("02:00:00:00:00:02");
const Ip4 kA4 = ip4("66.9.149.187");
const Ip4 kB4 = ip4("161.142.100.80");
const Ip6 kA6 = ip6("3ffe:2501:200:1fff::7");
const Ip6 kB6 = ip6("3ffe:2501:200:3::1");

ing::ParseInfo parse(const Bytes& f) { return ing::parse(f, ing::IngressConfig::kDefaultKey); }

PacketBuilder eth(unsigned tags = 0) {
  PacketBuilder b;
  b.eth(kDst, kSrc);
  for (unsigned i = 0; i < tags; ++i) b.vlan(static_cast<std::uint16_t>(10 + i), 0, false, i == 0 ? 0x88a8 : 0x8100);
  return b;
}

TEST(IngressModel, ParseWordPacksAndUnpacks) {
  ing::ParseWord w{.l3_off = 22, .l4_off = 62, .tags = 2, .l3 = L3Kind::kIpv4, .l4 = L4Kind::kUdp,
                   .csum_ok = true, .malformed = false, .fragment = true};
  EXPECT_EQ(w.pack(), 22u | (62u << 8) | (2u << 16) | (2u << 18) | (2u << 22) | (1u << 26) | (1u << 28));
  EXPECT_EQ(ing::ParseWord::unpack(w.pack()), w);
}

TEST(IngressModel, Ipv4UdpTcpIcmpWithEveryTagCount) {
  for (unsigned tags = 0; tags <= 2; ++tags) {
    const unsigned l3 = 14 + 4 * tags;
    const Bytes udp = eth(tags).ipv4({.src = kA4, .dst = kB4}).udp({.sport = 2794, .dport = 1766}).pad_to(60).build();
    auto p = parse(udp);
    EXPECT_EQ(p.word, (ing::ParseWord{.l3_off = static_cast<std::uint8_t>(l3), .l4_off = static_cast<std::uint8_t>(l3 + 20),
                                      .tags = static_cast<std::uint8_t>(tags), .l3 = L3Kind::kIpv4, .l4 = L4Kind::kUdp,
                                      .csum_ok = true}))
        << "tags " << tags;
    EXPECT_EQ(p.event, Event::kUdp);
    EXPECT_EQ(p.ethertype, 0x0800);
    EXPECT_EQ(p.hash, 0x51ccc178u) << "published RSS vector with ports";

    const Bytes tcp = eth(tags).ipv4({.src = kA4, .dst = kB4}).tcp({.sport = 2794, .dport = 1766}).pad_to(60).build();
    p = parse(tcp);
    EXPECT_EQ(p.word.l4, L4Kind::kTcp);
    EXPECT_EQ(p.event, Event::kTcpSyn) << "the builder's default TCP flags are SYN";
    EXPECT_EQ(p.hash, 0x51ccc178u);

    const Bytes icmp = eth(tags).ipv4({.src = kA4, .dst = kB4}).icmp({}).pad_to(60).build();
    p = parse(icmp);
    EXPECT_EQ(p.word.l4, L4Kind::kIcmp);
    EXPECT_EQ(p.word.l4_off, l3 + 20);
    EXPECT_EQ(p.event, Event::kIcmp);
    EXPECT_EQ(p.hash, 0x323e8fc2u) << "published RSS vector, addresses only";
  }
}

TEST(IngressModel, ThreeTagsAreMoreThanTwo) {
  PacketBuilder b;
  b.eth(kDst, kSrc).vlan(1).vlan(2).vlan(3);
  const Bytes f = b.ipv4({.src = kA4, .dst = kB4}).udp({}).pad_to(80).build();
  const auto p = parse(f);
  EXPECT_EQ(p.word.tags, 3);
  EXPECT_EQ(p.word.l3_off, 22);
  EXPECT_EQ(p.word.l3, L3Kind::kOther);
  EXPECT_EQ(p.ethertype, 0x8100);
  EXPECT_EQ(p.event, Event::kOther);
  EXPECT_EQ(p.hash, 0u);
}

TEST(IngressModel, ArpAndOtherEthertypes) {
  const Bytes arp = eth(1).arp({.op = 1, .spa = kA4, .tpa = kB4}).pad_to(60).build();
  auto p = parse(arp);
  EXPECT_EQ(p.word, (ing::ParseWord{.l3_off = 18, .tags = 1, .l3 = L3Kind::kArp}));
  EXPECT_EQ(p.event, Event::kArp);
  EXPECT_EQ(p.ethertype, 0x0806);
  EXPECT_EQ(p.hash, 0u);

  const Bytes llc = PacketBuilder().eth(kDst, kSrc, 0x002e).payload(46, 0x55).build();
  p = parse(llc);
  EXPECT_EQ(p.word, ing::ParseWord{});
  EXPECT_EQ(p.ethertype, 0x002e);
  EXPECT_EQ(p.event, Event::kOther);

  const Bytes tiny(10, 0xff);
  p = parse(tiny);
  EXPECT_EQ(p.word, ing::ParseWord{});
  EXPECT_EQ(p.ethertype, 0);
}

TEST(IngressModel, TruncatedTagStopsTheWalk) {
  Bytes f = PacketBuilder().eth(kDst, kSrc, 0x8100).build();  // 14 bytes, no TCI
  f.push_back(0);
  f.push_back(5);
  const auto p = parse(f);
  EXPECT_EQ(p.word.tags, 0);
  EXPECT_EQ(p.word.l3_off, 14);
  EXPECT_EQ(p.ethertype, 0x8100);
  EXPECT_EQ(p.event, Event::kOther);
}

TEST(IngressModel, Ipv4OptionsMoveTheL4Header) {
  const Bytes f = eth().ipv4({.src = kA4, .dst = kB4, .options = Bytes(12, 1)}).udp({.sport = 2794, .dport = 1766}).build();
  const auto p = parse(f);
  EXPECT_EQ(p.word.l4_off, 14 + 32);
  EXPECT_TRUE(p.word.csum_ok);
  EXPECT_FALSE(p.word.malformed);
  EXPECT_EQ(p.hash, 0x51ccc178u);
}

TEST(IngressModel, Ipv4HeaderErrors) {
  auto word = [](const Ipv4Fields& v) {
    return parse(eth().ipv4(v).udp({}).pad_to(60).build());
  };
  auto bad_sum = word({.src = kA4, .dst = kB4, .checksum = 0x1234});
  EXPECT_FALSE(bad_sum.word.csum_ok);
  EXPECT_FALSE(bad_sum.word.malformed);
  EXPECT_EQ(bad_sum.event, Event::kUdp);

  auto bad_ver = word({.src = kA4, .dst = kB4, .version = 5});
  EXPECT_TRUE(bad_ver.word.malformed);
  EXPECT_EQ(bad_ver.word.l4, L4Kind::kNone);
  EXPECT_EQ(bad_ver.event, Event::kOther);
  EXPECT_EQ(bad_ver.hash, 0u);

  auto bad_ihl = word({.src = kA4, .dst = kB4, .ihl = 4});
  EXPECT_TRUE(bad_ihl.word.malformed);
  EXPECT_EQ(bad_ihl.word.l3, L3Kind::kIpv4);
  EXPECT_EQ(bad_ihl.event, Event::kOther);

  auto beyond = word({.src = kA4, .dst = kB4, .total_length = 200});
  EXPECT_TRUE(beyond.word.malformed);
  EXPECT_TRUE(beyond.word.csum_ok);
  EXPECT_EQ(beyond.event, Event::kUdp) << "the header itself is usable";

  // IHL pointing past the end of the frame: unusable header.
  Bytes f = eth().ipv4({.src = kA4, .dst = kB4, .ihl = 15}).build();
  auto big_ihl = parse(f);
  EXPECT_TRUE(big_ihl.word.malformed);
  EXPECT_FALSE(big_ihl.word.csum_ok);
  EXPECT_EQ(big_ihl.hash, 0u);

  // Truncated fixed header.
  Bytes t = eth().ipv4({.src = kA4, .dst = kB4}).build();
  t.resize(14 + 19);
  auto trunc = parse(t);
  EXPECT_EQ(trunc.word.l3, L3Kind::kIpv4);
  EXPECT_TRUE(trunc.word.malformed);
  EXPECT_EQ(trunc.event, Event::kOther);

  // Ports not in the frame: no L4 header, hashed on addresses.
  Bytes np = eth().ipv4({.src = kA4, .dst = kB4}).udp({}).build();
  np.resize(14 + 22);
  auto noports = parse(np);
  EXPECT_EQ(noports.word.l4, L4Kind::kNone);
  EXPECT_EQ(noports.word.l4_off, 0);
  EXPECT_TRUE(noports.word.malformed) << "total length beyond the frame";
  EXPECT_EQ(noports.event, Event::kIpv4);
  EXPECT_EQ(noports.hash, 0x323e8fc2u);
}

TEST(IngressModel, Ipv4FragmentsHashOnTheDatagram) {
  const Bytes first = eth().ipv4({.src = kA4, .dst = kB4, .id = 0x1234, .mf = true}).udp({.sport = 1, .dport = 2}).pad_to(60).build();
  const Bytes later = eth().ipv4({.src = kA4, .dst = kB4, .id = 0x1234, .frag_offset = 100, .proto = 17}).payload(40, 0).build();
  const auto a = parse(first);
  const auto b = parse(later);
  EXPECT_TRUE(a.word.fragment);
  EXPECT_TRUE(b.word.fragment);
  EXPECT_EQ(a.event, Event::kFragment);
  EXPECT_EQ(b.event, Event::kFragment);
  EXPECT_EQ(a.word.l4, L4Kind::kUdp) << "the first fragment carries the UDP header";
  EXPECT_EQ(b.word.l4, L4Kind::kNone);
  EXPECT_EQ(b.word.l4_off, 0);
  EXPECT_EQ(a.hash, b.hash);
  Bytes in;
  append(in, kA4);
  append(in, kB4);
  in.insert(in.end(), {0x12, 0x34, 0x00, 17});
  EXPECT_EQ(a.hash, toeplitz(kRssVerificationKey, in));
}

TEST(IngressModel, Ipv6KindsAndFragmentHeader) {
  auto udp = parse(eth(1).ipv6({.src = kA6, .dst = kB6}).udp({.sport = 2794, .dport = 1766}).build());
  EXPECT_EQ(udp.word, (ing::ParseWord{.l3_off = 18, .l4_off = 58, .tags = 1, .l3 = L3Kind::kIpv6, .l4 = L4Kind::kUdp}));
  EXPECT_EQ(udp.event, Event::kUdp);
  EXPECT_EQ(udp.ethertype, 0x86dd);
  EXPECT_EQ(udp.hash, 0x40207d3du);

  auto tcp = parse(eth().ipv6({.src = kA6, .dst = kB6}).tcp({.sport = 2794, .dport = 1766, .flags = 0x010}).build());
  EXPECT_EQ(tcp.event, Event::kTcp);
  EXPECT_EQ(tcp.hash, 0x40207d3du);

  auto icmp6 = parse(eth().ipv6({.src = kA6, .dst = kB6}).icmpv6({.type = 128}).build());
  EXPECT_EQ(icmp6.word.l4, L4Kind::kIcmpv6);
  EXPECT_EQ(icmp6.event, Event::kIcmp);
  EXPECT_EQ(icmp6.hash, 0x2cc18cd5u);

  auto other = parse(eth().ipv6({.src = kA6, .dst = kB6, .next_header = 59}).payload(8, 0).build());
  EXPECT_EQ(other.word.l4, L4Kind::kOther);
  EXPECT_EQ(other.event, Event::kIpv6);

  auto frag0 = parse(eth().ipv6({.src = kA6, .dst = kB6}).ipv6_frag({.more = true, .ident = 7}).udp({}).build());
  EXPECT_TRUE(frag0.word.fragment);
  EXPECT_EQ(frag0.word.l4, L4Kind::kUdp);
  EXPECT_EQ(frag0.word.l4_off, 14 + 48);
  EXPECT_EQ(frag0.event, Event::kFragment);
  auto frag1 = parse(eth().ipv6({.src = kA6, .dst = kB6}).ipv6_frag({.offset = 3, .ident = 7, .next_header = 17}).payload(16, 0).build());
  EXPECT_TRUE(frag1.word.fragment);
  EXPECT_EQ(frag1.word.l4, L4Kind::kNone);
  EXPECT_EQ(frag0.hash, frag1.hash);

  Bytes shortf = eth().ipv6({.src = kA6, .dst = kB6}).build();
  shortf.resize(14 + 39);
  auto trunc = parse(shortf);
  EXPECT_TRUE(trunc.word.malformed);
  EXPECT_EQ(trunc.event, Event::kOther);
  EXPECT_EQ(trunc.hash, 0u);

  auto beyond = parse(eth().ipv6({.src = kA6, .dst = kB6, .payload_length = 100}).udp({}).build());
  EXPECT_TRUE(beyond.word.malformed);
  EXPECT_EQ(beyond.event, Event::kUdp);

  auto bad_ver = parse(eth().ipv6({.src = kA6, .dst = kB6, .version = 4}).udp({}).build());
  EXPECT_TRUE(bad_ver.word.malformed);
  EXPECT_EQ(bad_ver.event, Event::kOther);
}

TEST(IngressModel, HardwareDropsInPriorityOrder) {
  ing::IngressConfig cfg;
  EXPECT_EQ(ing::hw_drop(59, false, cfg), ing::kDropRunt);
  EXPECT_EQ(ing::hw_drop(60, false, cfg), std::nullopt);
  EXPECT_EQ(ing::hw_drop(1522, false, cfg), std::nullopt);
  EXPECT_EQ(ing::hw_drop(1523, false, cfg), ing::kDropOversize);
  EXPECT_EQ(ing::hw_drop(1523, true, cfg), ing::kDropTuserError);
  EXPECT_EQ(ing::hw_drop(10, true, cfg), ing::kDropTuserError);
  cfg.max_frame = 4000;
  EXPECT_EQ(ing::hw_drop(2049, false, cfg), ing::kDropOversize) << "never more than a slot";
}

TEST(IngressModel, ContextBucketSequenceAndAffinity) {
  ing::IngressConfig cfg;
  cfg.num_buckets = 64;
  cfg.init_part = 3;
  cfg.affinity = true;
  cfg.aff_base = 8;
  cfg.aff_count = 4;
  cfg.stack_bytes = 1024;
  ing::IngressModel m(cfg);
  const Bytes tcp = eth().ipv4({.src = kA4, .dst = kB4}).tcp({.sport = 2794, .dport = 1766}).pad_to(60).build();
  const Bytes udp = eth().ipv4({.src = kA4, .dst = kB4}).udp({.sport = 2794, .dport = 1766}).pad_to(60).build();
  const auto a = m.process(tcp, 2, false, 17, 1000);
  ASSERT_FALSE(a.drop);
  EXPECT_EQ(a.ctx.pkt_handle, 17);
  EXPECT_EQ(a.ctx.pkt_len, 60);
  EXPECT_EQ(a.ctx.in_port, 2);
  EXPECT_EQ(a.ctx.arrival, 1000u);
  EXPECT_EQ(a.ctx.flow, (0x51ccc178u ^ (2u * 0x9E37u)) & 63u);
  EXPECT_EQ(a.ctx.seq, 0);
  EXPECT_EQ(a.ctx.event_type, static_cast<std::uint8_t>(Event::kTcpSyn)) << "the builder's default TCP flags are SYN";
  EXPECT_EQ(a.ctx.target_part, 8 + (0x51ccc178u & 3u));
  EXPECT_EQ(a.ctx.sp, 0x5000'0400u);
  EXPECT_EQ(a.ctx.args[1], 0x51ccc178u);
  EXPECT_EQ(a.ctx.args[2], 0x0800u);
  EXPECT_EQ(a.ctx.args[3], ing::kL4SumPresent | 0xffffu) << "the builder's TCP checksum is correct";
  const auto b = m.process(tcp, 2, false);
  EXPECT_EQ(b.ctx.seq, 1);
  const auto c = m.process(tcp, 3, false);
  EXPECT_EQ(c.ctx.seq, m.seq().peek(c.ctx.flow) - 1);
  const auto d = m.process(udp, 2, false);
  EXPECT_EQ(d.ctx.target_part, 3) << "only TCP events use affinity";
  const auto dropped = m.process(Bytes(40, 0), 2, false);
  EXPECT_EQ(dropped.drop, ing::kDropRunt);
  const auto e = m.process(tcp, 2, false);
  EXPECT_EQ(e.ctx.seq, 3) << "the UDP frame shares the bucket; drops take no sequence number";
}

// The L4 sum (docs/ingress.md "L4 sum") of frames whose checksums tb/net's builder computed, so
// a correct one sums to 0xffff, and of the same frames with the checksum field changed, where the
// expected sum follows from RFC 1624 with tb/net's own one's-complement addition.
TEST(IngressModel, L4SumOfCorrectAndWrongChecksums) {
  struct Case {
    const char* name;
    PacketBuilder b;
    std::size_t csum_at;  // offset of the L4 checksum field in the frame
  };
  const Bytes pay13(13, 0x5a);
  std::vector<Case> cases;
  cases.push_back({"ipv4 tcp", eth().ipv4({.src = kA4, .dst = kB4}).tcp({.sport = 1, .dport = 2}).payload(pay13), 14 + 20 + 16});
  cases.push_back({"ipv4 udp, padded", eth().ipv4({.src = kA4, .dst = kB4}).udp({.sport = 1, .dport = 2}).pad_to(60), 14 + 20 + 6});
  cases.push_back({"ipv4 icmp, 2 tags", eth(2).ipv4({.src = kA4, .dst = kB4}).icmp({.rest = 0x12345678}).payload(pay13), 22 + 20 + 2});
  cases.push_back({"ipv4 options, udp", eth(1).ipv4({.src = kA4, .dst = kB4, .options = Bytes(12, 1)}).udp({}).payload(pay13), 18 + 32 + 6});
  cases.push_back({"ipv6 tcp", eth().ipv6({.src = kA6, .dst = kB6}).tcp({.sport = 3, .dport = 4}).payload(pay13), 14 + 40 + 16});
  cases.push_back({"ipv6 udp, 1 tag", eth(1).ipv6({.src = kA6, .dst = kB6}).udp({.sport = 5}).payload(pay13), 18 + 40 + 6});
  cases.push_back({"ipv6 icmpv6", eth().ipv6({.src = kA6, .dst = kB6}).icmpv6({.type = 128, .rest = 7}).payload(1200, 0xee), 14 + 40 + 2});
  for (auto& c : cases) {
    Bytes f = c.b.build();
    const ParsedFrame pf = parse_frame(f);
    ASSERT_EQ(l4_checksum_status(pf), CsumStatus::kGood) << c.name;
    EXPECT_EQ(ing::l4_sum(f, parse(f).word), ing::kL4SumPresent | 0xffffu) << c.name;
    // A wrong checksum c1 in place of the correct c0 sums to ~c0 + c1.
    const auto c0 = static_cast<std::uint16_t>(f[c.csum_at] << 8 | f[c.csum_at + 1]);
    const std::uint16_t c1 = c0 ^ 0x0101u;
    f[c.csum_at] = static_cast<std::uint8_t>(c1 >> 8);
    f[c.csum_at + 1] = static_cast<std::uint8_t>(c1);
    ASSERT_EQ(l4_checksum_status(parse_frame(f)), CsumStatus::kBad) << c.name;
    EXPECT_EQ(ing::l4_sum(f, parse(f).word), ing::kL4SumPresent | ones_add(static_cast<std::uint16_t>(~c0), c1)) << c.name;
  }
}

// When the frame has no L4 sum: fragments, a bad IPv4 header checksum, IPv6 with an extension
// header, a length beyond the frame, and bytes after the datagram beyond byte 64; padding up to
// byte 64 is left out of the sum whatever it holds.
TEST(IngressModel, L4SumAbsentAndPadding) {
  const auto sum = [](const Bytes& f) { return ing::l4_sum(f, parse(f).word); };
  EXPECT_EQ(sum(eth().ipv4({.src = kA4, .dst = kB4, .mf = true, .proto = 17}).udp({}).pad_to(60).build()), 0u);
  EXPECT_EQ(sum(eth().ipv4({.src = kA4, .dst = kB4, .frag_offset = 3, .proto = 17}).payload(30, 1).build()), 0u);
  EXPECT_EQ(sum(eth().ipv4({.src = kA4, .dst = kB4, .checksum = 0x1234}).udp({}).pad_to(60).build()), 0u);
  EXPECT_EQ(sum(eth().ipv6({.src = kA6, .dst = kB6}).ipv6_frag({.more = true}).udp({}).pad_to(80).build()), 0u);
  EXPECT_EQ(sum(eth().ipv6({.src = kA6, .dst = kB6, .next_header = 0}).payload(16, 0).build()), 0u);
  EXPECT_EQ(sum(eth().ipv6({.src = kA6, .dst = kB6, .payload_length = 200}).udp({}).build()), 0u);
  EXPECT_EQ(sum(eth().arp({.spa = kA4, .tpa = kB4}).build()), 0u);
  const Bytes udp = eth().ipv4({.src = kA4, .dst = kB4}).udp({.sport = 9, .dport = 10}).payload(3, 0x77).build();
  ASSERT_EQ(udp.size(), 45u);
  for (const std::size_t n : {46, 60, 64}) {
    Bytes padded = udp;
    while (padded.size() < n) padded.push_back(0xc3);
    EXPECT_EQ(sum(padded), ing::kL4SumPresent | 0xffffu) << n << " bytes";
  }
  Bytes long_tail = udp;
  while (long_tail.size() < 65) long_tail.push_back(0);
  EXPECT_EQ(sum(long_tail), 0u) << "the bytes after the datagram reach beyond byte 64";
  EXPECT_EQ(sum(eth().ipv4({.src = kA4, .dst = kB4}).udp({}).payload(100, 9).build()), ing::kL4SumPresent | 0xffffu);
  // All-zero ICMP: a sum that is zero modulo 0xffff reads 0xffff (docs/ingress.md "L4 sum").
  EXPECT_EQ(sum(eth().ipv4({.src = kA4, .dst = kB4}).icmp({.type = 0, .checksum = 0}).build()), ing::kL4SumPresent | 0xffffu);
}

// Generated traffic of every kind: whenever the frame has an L4 sum, it is 0xffff exactly when
// tb/net's receiver-side check finds the L4 checksum good.
TEST(IngressModel, L4SumAgreesWithTheReceiverCheck) {
  auto prof = TrafficProfile::from_config_file(std::string(BATON_SOURCE_DIR_DEFAULT) + "/tb/model/golden/configs/reference.json");
  prof.mix = TrafficMix::uniform();
  TrafficGenerator gen(prof, 7);
  unsigned present = 0, bad = 0;
  for (unsigned i = 0; i < 4000; ++i) {
    const Bytes f = gen.next().frame;
    const std::uint32_t s = ing::l4_sum(f, parse(f).word);
    if (s == 0) continue;
    ++present;
    const CsumStatus st = l4_checksum_status(parse_frame(f));
    if (st == CsumStatus::kUnverified) continue;
    if (st == CsumStatus::kBad) ++bad;
    EXPECT_EQ((s & 0xffffu) == 0xffffu, st == CsumStatus::kGood) << "frame " << i << " sum " << s;
  }
  EXPECT_GT(present, 1000u);
  EXPECT_GT(bad, 20u) << "the mix holds echo requests with wrong checksums";
}

}  // namespace

namespace {

// RFC 9293 flag bits, as the TCP header's byte 13 holds them.
constexpr std::uint16_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;

TEST(IngressModel, TcpEventTypeFollowsTheFlags) {
  struct Case {
    std::uint16_t flags;
    Event event;
  };
  const Case cases[] = {
      {kSyn, Event::kTcpSyn},          {kSyn | kAck, Event::kTcpSynack}, {kAck, Event::kTcp},
      {kAck | kPsh, Event::kTcp},      {0, Event::kTcp},                 {kFin | kAck, Event::kTcpFin},
      {kFin, Event::kTcpFin},          {kRst, Event::kTcpRst},           {kRst | kAck, Event::kTcpRst},
      {kRst | kSyn, Event::kTcpRst},   {kSyn | kFin, Event::kTcpSyn},    {0x100 | kAck, Event::kTcp},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message() << "flags 0x" << std::hex << c.flags);
    for (unsigned tags = 0; tags <= 2; ++tags) {
      EXPECT_EQ(parse(eth(tags).ipv4({.src = kA4, .dst = kB4}).tcp({.flags = c.flags}).build()).event, c.event);
      EXPECT_EQ(parse(eth(tags).ipv6({.src = kA6, .dst = kB6}).tcp({.flags = c.flags}).build()).event, c.event);
    }
    // The deepest flags byte the parser reads: two tags, IHL 15 (40 bytes of options).
    const Bytes deep = eth(2).ipv4({.src = kA4, .dst = kB4, .options = Bytes(40, 1)}).tcp({.flags = c.flags}).build();
    EXPECT_EQ(deep[22 + 60 + 13], c.flags & 0xff) << "flags at frame offset 95";
    EXPECT_EQ(parse(deep).event, c.event);
  }
}

TEST(IngressModel, TcpFlagsOutsideTheFrameGiveThePlainTcpEvent) {
  const Bytes f = eth().ipv4({.src = kA4, .dst = kB4}).tcp({.flags = kSyn}).build();
  // 14 + 20 + 13 = 47: the frame ends just before the flags byte, then just after it.
  Bytes cut(f.begin(), f.begin() + 47);
  EXPECT_EQ(parse(cut).word.l4, L4Kind::kTcp) << "the ports are there";
  EXPECT_EQ(parse(cut).event, Event::kTcp);
  cut.push_back(f[47]);
  EXPECT_EQ(parse(cut).event, Event::kTcpSyn);
  // A fragment is a fragment, whatever its TCP flags.
  const Bytes frag = eth().ipv4({.src = kA4, .dst = kB4, .mf = true}).tcp({.flags = kRst}).build();
  EXPECT_EQ(parse(frag).event, Event::kFragment);
}

TEST(IngressModel, AffinityTakesEveryTcpEventType) {
  ing::IngressConfig cfg;
  cfg.affinity = true;
  cfg.aff_base = 8;
  cfg.aff_count = 4;
  cfg.init_part = 1;
  ing::IngressModel m(cfg);
  for (const std::uint16_t fl : {kSyn, std::uint16_t(kSyn | kAck), kAck, kFin, kRst}) {
    const Bytes f = eth().ipv4({.src = kA4, .dst = kB4}).tcp({.sport = 5, .dport = 6, .flags = fl}).pad_to(60).build();
    const auto o = m.process(f, 0, false, 0, 0);
    EXPECT_GE(o.ctx.target_part, 8) << "flags " << fl;
    EXPECT_LT(o.ctx.target_part, 12) << "flags " << fl;
  }
  const Bytes u = eth().ipv4({.src = kA4, .dst = kB4}).udp({}).pad_to(60).build();
  EXPECT_EQ(m.process(u, 0, false, 0, 0).ctx.target_part, 1);
}

TEST(IngressModel, EventClassTableOverridesAffinityAndInitialPartition) {
  ing::IngressConfig cfg;
  cfg.init_part = 1;
  cfg.affinity = true;
  cfg.aff_base = 8;
  cfg.aff_count = 2;
  cfg.channels.port_group[2] = 3;
  cfg.classes[ing::event_class(3, Event::kTcpSyn)] = {true, ing::LookupMode::kInsert, 40, 7};
  cfg.classes[ing::event_class(0, Event::kUdp)] = {true, ing::LookupMode::kNone, 41, 0x7fff};
  ing::IngressModel m(cfg);
  const Bytes syn = eth().ipv4({.src = kA4, .dst = kB4}).tcp({.sport = 5, .dport = 6}).pad_to(60).build();
  const Bytes udp = eth().ipv4({.src = kA4, .dst = kB4}).udp({}).pad_to(60).build();
  const Bytes icmp = eth().ipv4({.src = kA4, .dst = kB4}).icmp({}).pad_to(60).build();
  auto o = m.process(syn, 2, false);  // group 3: its SYN class is enabled
  EXPECT_EQ(o.ctx.target_part, 40);
  EXPECT_EQ(o.ctx.entry, 7);
  o = m.process(syn, 0, false);  // group 0: no SYN class, affinity applies
  EXPECT_GE(o.ctx.target_part, 8);
  EXPECT_LT(o.ctx.target_part, 10);
  EXPECT_EQ(o.ctx.entry, 0);
  o = m.process(udp, 1, false);
  EXPECT_EQ(o.ctx.target_part, 41);
  EXPECT_EQ(o.ctx.entry, 0x7fff);
  o = m.process(udp, 2, false);  // group 3 has no UDP class
  EXPECT_EQ(o.ctx.target_part, 1);
  o = m.process(icmp, 0, false);
  EXPECT_EQ(o.ctx.target_part, 1);
}

// SP4 channels (docs/ingress.md "Channels"), written from the rules: a port with VLAN channels
// gives a tagged frame the group of the lowest enabled entry of its outer VLAN id; everything else
// takes the port's group. The expected groups below are read off the configuration by hand.
TEST(IngressModel, VlanChannelsOverrideThePortGroupOnTheirPorts) {
  ing::ChannelConfig ch;
  ch.port_group = {0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3};
  ch.port_vlan = 0x8005;                     // ports 0, 2 and 15
  ch.vlan[0] = {false, 100, 3};              // disabled: never matches
  ch.vlan[2] = {true, 100, 1};
  ch.vlan[5] = {true, 100, 2};               // shadowed by entry 2
  ch.vlan[7] = {true, 4095, 2};
  ch.vlan[6] = {true, 0, 3};                 // VLAN id 0 (priority tag) is an id like any other
  auto group = [&](const Bytes& f, unsigned port) {
    return ing::channel_group(ch, port, f, ing::parse(f, ing::IngressConfig::kDefaultKey).word);
  };
  auto tagged = [](std::uint16_t vid, std::uint16_t tpid = 0x8100) {
    PacketBuilder b;
    b.eth(kDst, kSrc).vlan(vid, 5, true, tpid);
    return b.ipv4({.src = kA4, .dst = kB4}).udp({}).pad_to(60).build();
  };
  const Bytes plain = eth().ipv4({.src = kA4, .dst = kB4}).udp({}).pad_to(60).build();
  EXPECT_EQ(group(tagged(100), 0), 1U) << "entry 2, the lowest enabled match";
  EXPECT_EQ(group(tagged(100, 0x88a8), 2), 1U) << "an S-tag is an outer tag too";
  EXPECT_EQ(group(tagged(100), 1), 1U) << "port 1 has no VLAN channels: its own group";
  EXPECT_EQ(group(tagged(100), 3), 3U);
  EXPECT_EQ(group(tagged(4095), 15), 2U);
  EXPECT_EQ(group(tagged(0), 2), 3U);
  EXPECT_EQ(group(tagged(101), 2), 2U) << "no entry for VLAN 101: port 2's group";
  EXPECT_EQ(group(plain, 0), 0U) << "untagged: the port's group";
  EXPECT_EQ(group(plain, 15), 3U);
  // Q-in-Q: the outer tag decides (inner VLAN 100 is not looked at).
  PacketBuilder qq;
  qq.eth(kDst, kSrc).vlan(200, 0, false, 0x88a8).vlan(100);
  EXPECT_EQ(group(qq.ipv4({.src = kA4, .dst = kB4}).udp({}).pad_to(60).build(), 0), 0U);
  // A frame cut inside its tag has no VLAN id: the port's group.
  Bytes cut = tagged(100);
  cut.resize(16);
  EXPECT_EQ(group(cut, 0), 0U);
  // The model routes by the same group: an enabled class of group 1 takes the VLAN 100 frames.
  ing::IngressConfig cfg;
  cfg.channels = ch;
  cfg.classes[ing::event_class(1, Event::kUdp)] = {true, ing::LookupMode::kNone, 77, 5};
  ing::IngressModel m(cfg);
  EXPECT_EQ(m.process(tagged(100), 0, false).ctx.target_part, 77);
  EXPECT_EQ(m.process(tagged(100), 3, false).ctx.target_part, 0) << "port 3: no VLAN channels, group 3, no class";
  EXPECT_EQ(m.process(tagged(101), 0, false).ctx.target_part, 0) << "port 0, VLAN 101: group 0, no class";
  EXPECT_EQ(m.process(plain, 1, false).ctx.target_part, 77) << "port 1's own group is 1";
}

TEST(IngressModel, ChannelFieldsOutOfRangeAreRefused) {
  ing::IngressConfig cfg;
  cfg.channels.port_group[3] = 4;
  EXPECT_THROW(ing::IngressModel{cfg}, std::invalid_argument);
  cfg.channels.port_group[3] = 3;
  cfg.channels.port_class[15] = 8;
  EXPECT_THROW(ing::IngressModel{cfg}, std::invalid_argument);
  cfg.channels.port_class[15] = 7;
  cfg.channels.vlan[4] = {true, 4096, 0};
  EXPECT_THROW(ing::IngressModel{cfg}, std::invalid_argument);
  cfg.channels.vlan[4] = {true, 4095, 3};
  EXPECT_NO_THROW(ing::IngressModel{cfg});
}

}  // namespace
