// SPDX-License-Identifier: Apache-2.0
// The baton-golden command: a good run writes the frames and a report whose counters match the
// pcaps it wrote; bad arguments, configs and captures give one line on stderr and exit status 2.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "baton/net/builder.hpp"
#include "baton/net/pcap.hpp"
#include "baton/net/traffic.hpp"
#include "model_util.hpp"

namespace {

using namespace baton::net;
namespace mt = baton::model_test;

struct ProcResult {
  int status = -1;
  std::string out;
  std::string err;
};

class GoldenCli : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string p(const std::string& name) const { return (dir / name).string(); }

  ProcResult run(const std::string& args) const {
    ProcResult r;
    const std::string err = p("stderr.txt");
    const std::string cmd = fmt::format("'{}' {} 2>'{}'", BATON_GOLDEN_EXE, args, err);
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) r.out.append(buf.data(), n);
    const int st = pclose(pipe.release());
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    std::ifstream e(err);
    r.err.assign(std::istreambuf_iterator<char>(e), std::istreambuf_iterator<char>());
    return r;
  }

  std::string make_input(int packets) const {
    const std::string path = p("in.pcap");
    PcapWriter w(path);
    TrafficGenerator gen(TrafficProfile::from_config_file(mt::reference_config_path()), 11);
    for (int i = 0; i < packets; ++i) {
      GenPacket g = gen.next();
      if (g.port != 0 || g.tuser) continue;  // the command feeds one port, no error flag
      w.write(g.frame, static_cast<std::uint32_t>(i));
    }
    w.close();
    return path;
  }

  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      fmt::format("baton_golden_cli_{}_{}", ::getpid(), baton::tb::current_test_name());
};

void expect_one_line_error(const ProcResult& r, const std::string& needle) {
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(r.err.rfind("baton-golden: ", 0), 0U) << r.err;
}

TEST_F(GoldenCli, JsonReportMatchesTheOutputFiles) {
  const std::string in = make_input(800);
  const ProcResult r =
      run(fmt::format("--config '{}' --in '{}' --out '{}' --host '{}' --json",
                      mt::reference_config_path(), in, p("out.pcap"), p("host.pcap")));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& c = j["counters"];
  const std::size_t inputs = read_pcap(in).records.size();
  EXPECT_EQ(c["rx"], inputs);
  EXPECT_EQ(j["verdicts"].size(), inputs);
  EXPECT_EQ(read_pcap(p("out.pcap")).records.size(),
            c["forwarded"].get<std::size_t>() + c["replies"].get<std::size_t>());
  EXPECT_EQ(read_pcap(p("host.pcap")).records.size(), c["to_host"].get<std::size_t>());
  EXPECT_GT(c["forwarded"].get<int>(), 0);
  EXPECT_GT(c["dropped"].get<int>(), 0);
  EXPECT_EQ(c["port"][0]["rx"], inputs);
}

TEST_F(GoldenCli, TextReportToFile) {
  const std::string in = make_input(100);
  const ProcResult r =
      run(fmt::format("--config '{}' --in '{}' --out '{}' --in-port 2 --report '{}'",
                      mt::reference_config_path(), in, p("out.pcap"), p("report.txt")));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  std::ifstream f(p("report.txt"));
  const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("rx "), std::string::npos) << text;
  EXPECT_NE(text.find("     1 "), std::string::npos) << text;
}

// Section 12 through the command: a pcapng whose interfaces are the ingress ports (0 inside, 2
// outside), timestamps turned into engine cycles at --clock-mhz, the firewall's counters and live
// connections in the report. Expected verdicts are section 12's for this short exchange.
TEST_F(GoldenCli, FirewallFromATwoWayPcapng) {
  auto cfg = nlohmann::json::parse(std::ifstream(mt::reference_config_path()));
  cfg["firewall"] = {{"enabled", true}, {"timeouts", {{"tcp_syn_sent", 1000}}}};
  std::ofstream(p("fw.json")) << cfg.dump();
  const Mac r0 = mac("02:00:00:00:00:10"), r2 = mac("02:00:00:00:00:12");
  const Mac in_host = mac("02:00:00:00:10:02"), out_nbr = mac("02:00:00:00:12:fe");
  const Ip4 a = ip4("10.0.0.2"), b = ip4("203.0.113.200"), c = ip4("203.0.113.201");
  auto seg = [&](bool from_in, const Ip4& far, std::uint16_t flags) {
    return PacketBuilder().eth(from_in ? r0 : r2, from_in ? in_host : out_nbr)
        .ipv4({.src = from_in ? a : far, .dst = from_in ? far : a})
        .tcp({.sport = static_cast<std::uint16_t>(from_in ? 40000 : 80), .dport = static_cast<std::uint16_t>(from_in ? 80 : 40000), .flags = flags})
        .pad_to(60).build();
  };
  {
    PcapngWriter w(p("fw.pcapng"), {"port0", "port1", "port2"});
    w.write(0, seg(true, b, 0x002), 0, 0);            // SYN from inside
    w.write(2, seg(false, b, 0x012), 0, 150'000);     // SYN-ACK 150 us later
    w.write(0, seg(true, b, 0x010), 0, 151'000);      // ACK
    w.write(2, seg(false, c, 0x002), 0, 152'000);     // unsolicited SYN from outside
    w.write(2, seg(false, c, 0x010), 0, 153'000);     // stray ACK
    w.close();
  }
  // At 1 MHz the SYN-ACK comes 150 cycles after the SYN, inside tcp_syn_sent (1000).
  ProcResult r = run(fmt::format("--config '{}' --in '{}' --out '{}' --clock-mhz 1 --json", p("fw.json"),
                                 p("fw.pcapng"), p("out.pcap")));
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const auto& v = j["verdicts"];
  ASSERT_EQ(v.size(), 5U);
  EXPECT_EQ(v[0]["action"], "forward");
  EXPECT_EQ(v[0]["port"], 2);
  EXPECT_EQ(v[1]["action"], "forward");
  EXPECT_EQ(v[1]["port"], 0);
  EXPECT_EQ(v[2]["action"], "forward");
  EXPECT_EQ(v[3]["reason"], "fw_new_not_allowed");
  EXPECT_EQ(v[4]["reason"], "fw_invalid");
  const auto& f = j["firewall"];
  EXPECT_EQ(f["new"], 1);
  EXPECT_EQ(f["established"], 2);
  EXPECT_EQ(f["created"], 1);
  EXPECT_EQ(f["live"]["established"], 1);
  EXPECT_EQ(j["counters"]["port"][2]["rx"], 3);
  // At the default 100 MHz the same 150 us are 15 000 cycles: the SYN_SENT connection expired.
  r = run(fmt::format("--config '{}' --in '{}' --out '{}' --json", p("fw.json"), p("fw.pcapng"), p("out.pcap")));
  ASSERT_EQ(r.status, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdicts"][1]["reason"], "fw_invalid");
  EXPECT_EQ(j["firewall"]["expired"], 1);
  // The text report names the firewall's figures.
  r = run(fmt::format("--config '{}' --in '{}' --out '{}' --clock-mhz 1", p("fw.json"), p("fw.pcapng"), p("out.pcap")));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("firewall: accepted new 1  established 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("live: established 1"), std::string::npos) << r.out;
  // A record earlier than the one before it is refused (the firewall's clock cannot go back).
  {
    PcapngWriter w(p("back.pcapng"), {"port0"});
    w.write(0, seg(true, b, 0x002), 0, 5000);
    w.write(0, seg(true, b, 0x002), 0, 4000);
    w.close();
  }
  expect_one_line_error(run(fmt::format("--config '{}' --in '{}' --out '{}'", p("fw.json"), p("back.pcapng"), p("o.pcap"))),
                        "earlier than the one before it");
  EXPECT_EQ(run(fmt::format("--config '{}' --in '{}' --out '{}'", mt::reference_config_path(), p("back.pcapng"),
                            p("o.pcap"))).status, 0)
      << "without the firewall the stamps' order does not matter";
}

TEST_F(GoldenCli, BadInputsGiveOneLineAndStatus2) {
  const std::string in = make_input(10);
  const std::string cfg = mt::reference_config_path();
  expect_one_line_error(run(fmt::format("--in '{}' --out '{}'", in, p("o.pcap"))), "--config");
  expect_one_line_error(
      run(fmt::format("--config '{}' --in '{}' --out '{}' --in-port 16", cfg, in, p("o.pcap"))),
      "in-port");
  expect_one_line_error(
      run(fmt::format("--config '{}' --in '{}' --out '{}' --bogus", cfg, in, p("o.pcap"))),
      "bogus");
  expect_one_line_error(
      run(fmt::format("--config '{}' --in '{}' --out '{}'", p("nope.json"), in, p("o.pcap"))),
      "nope.json: cannot open");
  {
    std::ofstream bad(p("bad.json"));
    bad << R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv4": ["300.1.1.1"]}]})";
  }
  expect_one_line_error(
      run(fmt::format("--config '{}' --in '{}' --out '{}'", p("bad.json"), in, p("o.pcap"))),
      "ports[0].ipv4[0]");
  {
    std::ofstream junk(p("junk.pcap"));
    junk << "this is not a capture file at all";
  }
  expect_one_line_error(
      run(fmt::format("--config '{}' --in '{}' --out '{}'", cfg, p("junk.pcap"), p("o.pcap"))),
      "junk.pcap: not a pcap file");
  expect_one_line_error(
      run(fmt::format("--config '{}' --in '{}' --out '{}'", cfg, in, "/nonexistent/dir/o.pcap")),
      "cannot create");
}

}  // namespace
