// SPDX-License-Identifier: Apache-2.0
// tshark as a second opinion on the engine's output (label oracle): 300 packets of the default
// mix through the engine; every egress and host frame goes to a pcap that tshark must read whole
// and in which it must find no wrong IPv4, TCP, UDP, ICMP or ICMPv6 checksum. Skipped when tshark
// was not found at configure time.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "Vengine_t4.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/net/pcap.hpp"
#include "baton/tb/config.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

std::string run(const std::string& cmd) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen((cmd + " 2>/dev/null").c_str(), "r"), pclose);
  if (!p) return out;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p.get())) > 0) out.append(buf.data(), n);
  return out;
}

TEST(EngineOracle, TsharkFindsNoBadChecksum) {
  const std::string tshark = BATON_TSHARK_PATH;
  if (tshark.empty() || !std::filesystem::exists(tshark)) GTEST_SKIP() << "tshark not found at configure time";
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto g = default_geometry(4);
  EnvOptions o = test_options();
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  const std::string path = (std::filesystem::current_path() / "engine_oracle_out.pcap").string();
  std::size_t frames = 0;
  {
    net::PcapWriter w(path);
    env.on_frame = [&](unsigned, const std::vector<std::uint8_t>& f, std::uint64_t, std::size_t) {
      w.write(net::ByteView(f.data(), f.size()));
      ++frames;
    };
    Scoreboard sb(fw.config, g.ports);
    env.run(generated_traffic(fw, 300, o.seed, g.ports), sb);
    sb.finish(env.read_counters());
    EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("seed {}: {}", o.seed, fmt::join(sb.errors(), "; "));
    w.close();
  }
  ASSERT_GT(frames, 100U);
  const auto count = run(fmt::format("'{}' -n -r '{}' -T fields -e frame.number", tshark, path));
  EXPECT_EQ(static_cast<std::size_t>(std::count(count.begin(), count.end(), '\n')), frames)
      << "tshark did not read every frame of " << path;
  const auto bad = run(fmt::format(
      "'{}' -n -r '{}' -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE "
      "-Y 'ip.checksum.status==0 || tcp.checksum.status==0 || udp.checksum.status==0 || "
      "icmp.checksum.status==0 || icmpv6.checksum.status==0'",
      tshark, path));
  EXPECT_TRUE(bad.empty()) << "tshark found bad checksums in " << path << " (seed " << o.seed << "):\n"
                           << bad.substr(0, 2000);
}

}  // namespace
