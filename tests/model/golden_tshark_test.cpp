// SPDX-License-Identifier: Apache-2.0
// tshark as an external checksum oracle (label oracle): the golden model's output for a random
// traffic mix and for the shared captures is written to a pcap and checked with the checksum
// command of pcaps/MANIFEST.md, which prints every frame with a wrong checksum. A deliberately
// broken frame proves the command catches one.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "baton/golden/config.hpp"
#include "baton/golden/router.hpp"
#include "baton/net/builder.hpp"
#include "baton/net/parser.hpp"
#include "baton/net/pcap.hpp"
#include "baton/net/traffic.hpp"
#include "capture_util.hpp"
#include "model_util.hpp"

namespace {

using namespace baton::net;
namespace golden = baton::golden;
namespace mt = baton::model_test;

std::string tshark_path() {
  const std::string configured = BATON_TSHARK_PATH;
  if (!configured.empty() && std::filesystem::exists(configured)) return configured;
  return "";
}

struct ProcResult {
  int status = -1;
  std::string out;
};

// Runs a command; stdout only (tshark warns on stderr when run as root, which is not a finding).
ProcResult sh(const std::string& cmd) {
  ProcResult r;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen((cmd + " 2>/dev/null").c_str(), "r"), pclose);
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p.get())) > 0) r.out.append(buf.data(), n);
  r.status = pclose(p.release());
  return r;
}

// Frames with a wrong checksum, one line each; empty when all are right.
ProcResult bad_checksums(const std::string& tshark, const std::string& pcap) {
  return sh(fmt::format(
      "'{}' -n -r '{}' -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o "
      "udp.check_checksum:TRUE "
      "-Y 'ip.checksum.status==0 || tcp.checksum.status==0 || udp.checksum.status==0 || "
      "icmp.checksum.status==0 || icmpv6.checksum.status==0'",
      tshark, pcap));
}

// The first lines of tshark's complaint, for a readable failure message.
std::string first_lines(const std::string& s, std::size_t n = 10) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < n && pos != std::string::npos; ++i) {
    pos = s.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  const auto total = std::count(s.begin(), s.end(), '\n');
  return pos == std::string::npos
             ? s
             : fmt::format("{}... ({} frames in all)", s.substr(0, pos), total);
}

std::size_t frame_count(const std::string& tshark, const std::string& pcap) {
  const ProcResult r = sh(fmt::format("'{}' -n -r '{}' -T fields -e frame.number", tshark, pcap));
  return static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n'));
}

class TsharkOracle : public ::testing::Test {
 protected:
  void SetUp() override {
    tshark = tshark_path();
    if (tshark.empty()) GTEST_SKIP() << "tshark not found at configure time: oracle skipped";
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string tshark;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      fmt::format("baton_tshark_{}_{}", ::getpid(), baton::tb::current_test_name());
};

TEST_F(TsharkOracle, CatchesABrokenChecksum) {
  const auto path = (dir / "bad.pcap").string();
  PcapWriter w(path);
  const Mac a = mac("02:00:00:00:00:01");
  w.write(PacketBuilder()
              .eth(a, a)
              .ipv4({.src = ip4("10.0.0.1"), .dst = ip4("10.0.0.2"), .checksum = 0x1234})
              .udp({.sport = 1, .dport = 2})
              .build());
  w.write(PacketBuilder()
              .eth(a, a)
              .ipv4({.src = ip4("10.0.0.1"), .dst = ip4("10.0.0.2")})
              .udp({.sport = 1, .dport = 2})
              .build());
  w.close();
  const ProcResult r = bad_checksums(tshark, path);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

TEST_F(TsharkOracle, RandomTrafficOutputHasNoBadChecksum) {
  const std::uint64_t seed = baton::tb::test_seed();
  const std::string cfg = mt::reference_config_path();
  golden::Router router(golden::load_config(cfg));
  TrafficProfile prof = TrafficProfile::from_config_file(cfg);
  prof.mix = TrafficMix::uniform();
  TrafficGenerator gen(prof, seed);
  const auto path = (dir / "out.pcap").string();
  PcapWriter w(path);
  for (int i = 0; i < 3000; ++i) {
    const GenPacket p = gen.next();
    const golden::Verdict v = router.process({p.frame, p.port, p.tuser});
    if (v.action == golden::Action::kForward || v.action == golden::Action::kReply)
      w.write(v.frame);
  }
  w.close();
  ASSERT_GT(w.count(), 500U);
  ASSERT_EQ(frame_count(tshark, path), w.count()) << "tshark did not read every frame";
  const ProcResult r = bad_checksums(tshark, path);
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.empty()) << "tshark found bad checksums:\n"
                             << first_lines(r.out) << "\n  seed " << seed
                             << ", repro: " << baton::tb::repro_command(seed, false)
                             << " (TB_KEEP=1 keeps the pcap)";
  if (std::getenv("TB_KEEP"))
    std::filesystem::copy_file(path, "golden_tshark_out.pcap",
                               std::filesystem::copy_options::overwrite_existing);
}

TEST_F(TsharkOracle, CaptureReplayOutputHasNoBadChecksum) {
  const auto pcaps = mt::shared_pcaps();
  if (!pcaps) GTEST_SKIP() << "BATON_SHARED_DIR/pcaps not present: shared captures skipped";
  const auto path = (dir / "replay.pcap").string();
  PcapWriter w(path);
  std::size_t replies = 0;
  for (const auto& c : mt::captures(*pcaps)) {
    const PcapFile f = read_pcap(c.pcap.string());
    const auto [macs, ports] = mt::replay_ports(f);
    golden::Router r(golden::parse_config(mt::replay_config(macs)));
    for (std::size_t i = 0; i < f.records.size(); ++i) {
      const golden::Verdict v = r.process({f.records[i].data, ports[i], false});
      // Forwarded frames keep the captures' own L4 checksums, some deliberately bad; those are
      // left out so any complaint is about the router's work (IPv4 header, generated replies).
      if (v.action == golden::Action::kReply) {
        w.write(v.frame);
        ++replies;
      } else if (v.action == golden::Action::kForward &&
                 l4_checksum_status(parse_frame(f.records[i].data)) != CsumStatus::kBad) {
        w.write(v.frame);
      }
    }
  }
  w.close();
  ASSERT_GT(replies, 5U);
  ASSERT_EQ(frame_count(tshark, path), w.count()) << "tshark did not read every frame";
  const ProcResult r = bad_checksums(tshark, path);
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.empty()) << "tshark found bad checksums:\n" << first_lines(r.out);
}

}  // namespace
