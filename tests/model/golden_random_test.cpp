// SPDX-License-Identifier: Apache-2.0
// Seeded random traffic through the golden model (reference configuration). Each packet is
// checked against properties derived from docs/feature-set.md, not against the model's own
// output: expected verdicts for the kinds whose verdict the generator fixes, the accounting
// invariant (FS9), and every output frame's checksums with tb/net's independent routines.
#include <gtest/gtest.h>

#include <map>

#include "baton/golden/config.hpp"
#include "baton/golden/router.hpp"
#include "baton/net/builder.hpp"
#include "baton/net/parser.hpp"
#include "baton/net/traffic.hpp"
#include "model_util.hpp"

namespace {

using namespace baton::net;
namespace golden = baton::golden;
using baton::model_test::context;
using golden::Action;
using golden::Drop;
using golden::ReplyKind;

// The verdict a generated kind must get, when the kind alone decides it (reference config).
struct Expect {
  Action action;
  Drop reason = Drop::kNone;
  ReplyKind reply = ReplyKind::kNone;
};

std::optional<Expect> expected_for(TrafficKind k) {
  switch (k) {
    case TrafficKind::kRunt:
      return Expect{Action::kDrop, Drop::kRunt};
    case TrafficKind::kOversize:
      return Expect{Action::kDrop, Drop::kOversize};
    case TrafficKind::kTuser:
      return Expect{Action::kDrop, Drop::kTuserError};
    case TrafficKind::kL2NotForUs:
      return Expect{Action::kDrop, Drop::kL2NotForUs};
    case TrafficKind::kUnknownEthertype:
      return Expect{Action::kDrop, Drop::kL2UnsupportedEthertype};
    case TrafficKind::kIp4BadIhl:
      return Expect{Action::kDrop, Drop::kIpv4BadIhl};
    case TrafficKind::kIp4BadVersion:
      return Expect{Action::kDrop, Drop::kIpv4BadVersion};
    case TrafficKind::kIp4LenBeyondFrame:
      return Expect{Action::kDrop, Drop::kIpv4LengthBeyondFrame};
    case TrafficKind::kIp4BadChecksum:
      return Expect{Action::kDrop, Drop::kIpv4BadChecksum};
    case TrafficKind::kArpForRouter:
      return Expect{Action::kReply, Drop::kNone, ReplyKind::kArpReply};
    case TrafficKind::kIp4EchoRouter:
      return Expect{Action::kReply, Drop::kNone, ReplyKind::kIcmp4EchoReply};
    case TrafficKind::kIp6EchoRouter:
      return Expect{Action::kReply, Drop::kNone, ReplyKind::kIcmp6EchoReply};
    case TrafficKind::kIp4ToRouter:
      return Expect{Action::kToHost};
    case TrafficKind::kL2ThreeTags:
      return Expect{Action::kDrop, Drop::kL2TooManyTags};
    case TrafficKind::kL2TruncatedTag:  // shorter than the reference min_frame
      return Expect{Action::kDrop, Drop::kRunt};
    case TrafficKind::kArpMalformed:
      return Expect{Action::kDrop, Drop::kArpMalformed};
    case TrafficKind::kArpBadOpcode:
      return Expect{Action::kDrop, Drop::kArpBadOpcode};
    case TrafficKind::kIp6BadVersion:
      return Expect{Action::kDrop, Drop::kIpv6BadVersion};
    case TrafficKind::kIp6LenBeyondFrame:
      return Expect{Action::kDrop, Drop::kIpv6LengthBeyondFrame};
    case TrafficKind::kIp4EchoBadChecksum:
      return Expect{Action::kDrop, Drop::kIcmpBadChecksum};
    case TrafficKind::kIp6EchoBadChecksum:
      return Expect{Action::kDrop, Drop::kIcmpv6BadChecksum};
    default:
      return std::nullopt;
  }
}

// Independent checks of one output frame against its input (section 3 rewrite rules).
std::string check_output(const GenPacket& in, const golden::Verdict& v) {
  const ParsedFrame i = parse_frame(in.frame);
  const ParsedFrame o = parse_frame(v.frame);
  if (o.tags.size() != i.tags.size()) return "VLAN tag count changed";
  for (std::size_t t = 0; t < i.tags.size(); ++t) {
    if (o.tags[t].tpid != i.tags[t].tpid || o.tags[t].vid != i.tags[t].vid ||
        o.tags[t].pcp != i.tags[t].pcp || o.tags[t].dei != i.tags[t].dei) {
      return fmt::format("VLAN tag {} changed", t);
    }
  }
  if (o.l3.ip4 && o.l3.ip4->checksum_status != CsumStatus::kGood) return "bad IPv4 header checksum";
  if (v.action == Action::kForward) {
    if (v.frame.size() != in.frame.size()) return "forwarded frame changed length";
    if (o.src == i.src) return "source MAC not rewritten";
    if (i.l3.ip4) {
      if (o.l3.ip4->ttl + 1 != i.l3.ip4->ttl) return "TTL not decremented by one";
      // Everything after the IPv4 checksum field is unchanged.
      const std::size_t from = o.l3_offset + 12;
      if (!std::equal(v.frame.begin() + static_cast<std::ptrdiff_t>(from), v.frame.end(),
                      in.frame.begin() + static_cast<std::ptrdiff_t>(from))) {
        return "bytes after the IPv4 checksum changed";
      }
    } else if (i.l3.ip6) {
      if (o.l3.ip6->hop_limit + 1 != i.l3.ip6->hop_limit) return "hop limit not decremented by one";
    } else {
      return "forwarded a non-IP frame";
    }
    if (l4_checksum_status(o) != l4_checksum_status(i))
      return "L4 checksum status changed by forwarding";
  }
  if (v.action == Action::kReply) {
    if (v.port != in.port) return "reply not on the ingress port";
    if (o.dst != i.src) return "reply not addressed to the sender's MAC";
    if (v.reply == ReplyKind::kArpReply) {
      if (!o.l3.arp || o.l3.arp->op != 2 || o.l3.arp->tpa != i.l3.arp->spa ||
          o.l3.arp->spa != i.l3.arp->tpa) {
        return "ARP reply fields";
      }
    } else if (l4_checksum_status(o) != CsumStatus::kGood) {
      return "reply ICMP/ICMPv6 checksum not good";
    }
  }
  if (v.action == Action::kToHost && v.frame != in.frame) return "to-host frame changed";
  return {};
}

class GoldenRandom : public ::testing::TestWithParam<int> {};

TEST_P(GoldenRandom, AccountingChecksumsAndKindVerdicts) {
  const std::uint64_t seed = baton::tb::test_seed();
  const std::string cfg_path = baton::model_test::reference_config_path();
  golden::Router router(golden::load_config(cfg_path));
  TrafficProfile prof = TrafficProfile::from_config_file(cfg_path);
  prof.vlan1 = 0.15;
  prof.vlan2 = 0.10;
  if (GetParam() % 2) prof.mix = TrafficMix::uniform();
  TrafficGenerator gen(prof, seed);

  constexpr int kPackets = 4000;
  std::map<Action, std::uint64_t> seen;
  for (int n = 0; n < kPackets; ++n) {
    const GenPacket p = gen.next();
    const golden::Verdict v = router.process({p.frame, p.port, p.tuser});
    ++seen[v.action];
    const auto ctx = [&] {
      return fmt::format("kind {} port {} in {} -> {} 0x{:02x} {}; {}", to_string(p.kind), p.port,
                         hex(p.frame), golden::name(v.action), static_cast<unsigned>(v.reason),
                         golden::name(v.reason), context(seed, n));
    };
    ASSERT_EQ(v.action == Action::kDrop, v.frame.empty()) << ctx();
    ASSERT_EQ(v.action == Action::kDrop, v.reason != Drop::kNone) << ctx();
    ASSERT_EQ(v.action == Action::kReply, v.reply != ReplyKind::kNone) << ctx();
    if (const auto e = expected_for(p.kind)) {
      ASSERT_EQ(v.action, e->action) << ctx();
      ASSERT_EQ(v.reason, e->reason) << ctx();
      ASSERT_EQ(v.reply, e->reply) << ctx();
    }
    if (p.kind == TrafficKind::kIp4Ttl1 && v.action != Action::kDrop) {
      ASSERT_EQ(v.reply, ReplyKind::kIcmp4TimeExceeded) << ctx();
    }
    if (p.kind == TrafficKind::kIp6Hop1 && v.action != Action::kDrop) {
      ASSERT_EQ(v.reply, ReplyKind::kIcmp6TimeExceeded) << ctx();
    }
    if (v.action != Action::kDrop) {
      const std::string bad = check_output(p, v);
      ASSERT_EQ(bad, "") << ctx() << "\n  out " << hex(v.frame);
    }
    const std::string inv = router.counters().check_invariants();
    ASSERT_EQ(inv, "") << ctx();
  }
  const auto& c = router.counters();
  EXPECT_EQ(c.rx, static_cast<std::uint64_t>(kPackets));
  EXPECT_EQ(c.forwarded + c.replies + c.to_host + c.dropped, c.rx);
  // The mix must really exercise every verdict.
  for (Action a : {Action::kForward, Action::kReply, Action::kToHost, Action::kDrop}) {
    EXPECT_GT(seen[a], 0U) << golden::name(a) << "; seed " << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, GoldenRandom, ::testing::Range(0, 6));

}  // namespace
