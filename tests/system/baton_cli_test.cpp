// SPDX-License-Identifier: Apache-2.0
// The `baton` command (label system): a short default-like run gives a consistent JSON report;
// every class of bad input gives exit status 2 and one line on stderr; a TCP handshake captured
// on two interfaces (pcapng) crosses the engine in one run, each packet leaving on the port the
// golden model says, in the output pcapng (read back here and by tshark) and in --verdicts;
// --pad turns an unpadded ARP request from a runt drop into a reply; output timestamps start at
// the capture's time and increase per interface; the Mpps figure names the measured clock it uses.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "baton/net/builder.hpp"
#include "baton/net/pcap.hpp"
#include "baton/tb/config.hpp"

namespace {

using namespace baton::net;
using nlohmann::json;

struct ProcResult {
  int status = -1;
  std::string out;
  std::string err;
};

// Reference configuration (tb/model/golden/configs/reference.json): port 0 is 10.0.0.1/24 with
// MAC ...:10, port 1 is 10.0.1.1/24 with MAC ...:11; 172.16.0.0/12 is routed to 10.0.1.254 on
// port 1; 10.0.0.2 and 10.0.1.254 are neighbours.
const Mac kPort0Mac = mac("02:00:00:00:00:10");
const Mac kPort1Mac = mac("02:00:00:00:00:11");
const Mac kClientMac = mac("02:00:00:00:10:02");  // 10.0.0.2, behind port 0
const Mac kGatewayMac = mac("02:00:00:00:11:fe");  // 10.0.1.254, the next hop behind port 1
const Ip4 kClient = ip4("10.0.0.2");
const Ip4 kServer = ip4("172.16.0.5");
constexpr std::uint32_t kT0 = 1'700'000'000;  // capture time of the first packet, seconds

Bytes tcp_frame(const Mac& dst, const Mac& src, const Ip4& sip, const Ip4& dip, std::uint16_t sport,
                std::uint16_t dport, std::uint16_t flags, std::uint32_t seq, std::uint32_t ack) {
  return PacketBuilder()
      .eth(dst, src)
      .ipv4({.src = sip, .dst = dip, .ttl = 64})
      .tcp({.sport = sport, .dport = dport, .seq = seq, .ack = ack, .flags = flags})
      .pad_to(60)
      .build();
}
// SYN (port 0, toward the server behind port 1), SYN-ACK (port 1, back), ACK (port 0).
Bytes syn() { return tcp_frame(kPort0Mac, kClientMac, kClient, kServer, 40000, 80, 0x002, 1000, 0); }
Bytes syn_ack() { return tcp_frame(kPort1Mac, kGatewayMac, kServer, kClient, 80, 40000, 0x012, 5000, 1001); }
Bytes ack() { return tcp_frame(kPort0Mac, kClientMac, kClient, kServer, 40000, 80, 0x010, 1001, 5001); }

// An ARP request for port 0's address as a host captures it on its way out: 42 bytes, unpadded.
Bytes arp_request() {
  return PacketBuilder()
      .eth(mac("ff:ff:ff:ff:ff:ff"), kClientMac)
      .arp({.op = 1, .sha = kClientMac, .spa = kClient, .tha = {}, .tpa = ip4("10.0.0.1")})
      .build();
}

class BatonCli : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir);
  }
  std::string p(const std::string& name) const { return (dir / name).string(); }

  ProcResult run(const std::string& args) const {
    ProcResult r;
    const std::string err = p("stderr.txt");
    // From the test folder, so a run that writes the default outputs leaves them there.
    const std::string cmd =
        fmt::format("cd '{}' && '{}' --no-progress {} 2>'{}'", dir.string(), BATON_EXE, args, err);
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

  // Runs with --json and --verdicts; returns the report and the verdict lines.
  std::pair<json, std::vector<json>> run_json(const std::string& args) const {
    const ProcResult r = run(fmt::format("--json --verdicts '{}' {}", p("verdicts.jsonl"), args));
    EXPECT_EQ(r.status, 0) << args << "\n" << r.err << r.out.substr(0, 4000);
    json report;
    try {
      report = json::parse(r.out);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "report is not JSON: " << e.what() << "\n" << r.out.substr(0, 2000);
    }
    std::vector<json> lines;
    std::ifstream in(p("verdicts.jsonl"));
    for (std::string l; std::getline(in, l);) lines.push_back(json::parse(l));
    return {report, lines};
  }

  std::string write_pcap(const std::string& name, const std::vector<Bytes>& frames, std::uint32_t sec0) const {
    PcapWriter w(p(name));
    for (std::size_t i = 0; i < frames.size(); ++i) w.write(frames[i], sec0, static_cast<std::uint32_t>(i * 1000));
    w.close();
    return p(name);
  }

  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              fmt::format("baton_cli_{}_{}", ::getpid(), baton::tb::current_test_name());
};

void expect_one_line_error(const ProcResult& r, const std::string& needle, const std::string& what) {
  EXPECT_EQ(r.status, 2) << what << ": " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << what << ": " << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << what << ": " << r.err;
  EXPECT_EQ(r.err.rfind("baton: ", 0), 0U) << what << ": " << r.err;
}

// Checks that every interface's timestamps are at or after `base_sec` and strictly increase.
void expect_increasing_times(const PcapFile& f, std::uint32_t base_sec) {
  std::map<std::uint32_t, std::uint64_t> last;
  for (std::size_t i = 0; i < f.records.size(); ++i) {
    const auto& r = f.records[i];
    const std::uint64_t t = std::uint64_t{r.ts_sec} * 1'000'000'000ULL + r.ts_nsec;
    EXPECT_NE(t, 0U) << "record " << i;
    EXPECT_GE(r.ts_sec, base_sec) << "record " << i;
    if (last.count(r.interface_id) != 0) {
      EXPECT_GT(t, last[r.interface_id]) << "record " << i;
    }
    last[r.interface_id] = t;
  }
}

std::string shell(const std::string& cmd) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((cmd + " 2>/dev/null").c_str(), "r"), pclose);
  if (!pipe) return out;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
  return out;
}

TEST_F(BatonCli, GeneratedRunReportIsConsistent) {
  const auto [j, verdicts] = run_json(fmt::format("--packets 200 --out '{}'", p("out.pcapng")));
  ASSERT_TRUE(j.is_object());
  for (const char* k : {"config", "packets_offered", "packets_in", "packets_out", "dropped", "runt_drops", "cycles",
                        "packets_per_cycle", "mpps", "tiles", "cm", "latency_cycles", "golden_mismatches", "errors"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_EQ(j["packets_offered"], 200);
  EXPECT_EQ(j["packets_in"], 200);
  EXPECT_EQ(j["golden_mismatches"], 0);
  EXPECT_TRUE(j["errors"].empty()) << j["errors"].dump();
  std::uint64_t outputs = j["packets_out"]["host"].get<std::uint64_t>() + j["packets_out"]["done"].get<std::uint64_t>();
  for (const auto& n : j["packets_out"]["ports"]) outputs += n.get<std::uint64_t>();
  std::uint64_t drops = 0;
  for (const auto& [k, n] : j["dropped"].items()) drops += n.get<std::uint64_t>();
  EXPECT_EQ(outputs + drops, 200U) << j.dump();
  EXPECT_GT(drops, 0U);
  EXPECT_GT(outputs, 100U);

  // The output pcapng: one interface per port and the host, as many frames as the report says.
  const PcapFile out = read_pcap(p("out.pcapng"));
  EXPECT_EQ(out.interfaces, (std::vector<std::string>{"port0", "port1", "port2", "port3", "host"}));
  std::map<std::uint32_t, std::uint64_t> per_if;
  for (const auto& r : out.records) ++per_if[r.interface_id];
  for (unsigned port = 0; port < 4; ++port) EXPECT_EQ(per_if[port], j["packets_out"]["ports"][port]) << port;
  EXPECT_EQ(per_if[4], j["packets_out"]["host"]);
  expect_increasing_times(out, 0);  // generated traffic: time base 0, cycles at the default clock
  // The default clock is a measured Fmax, and the report says of which configuration.
  EXPECT_GT(j["config"]["clock_mhz"].get<double>(), 0.0);
  EXPECT_NE(j["config"]["clock_source"].get<std::string>().find("measured ECP5 Fmax"), std::string::npos)
      << j["config"].dump();

  ASSERT_EQ(verdicts.size(), 200U);
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const auto& v = verdicts[i];
    EXPECT_EQ(v["index"], i);
    for (const char* k : {"in_port", "verdict", "reason", "reason_name", "out_port", "latency_cycles", "ok", "golden"}) {
      EXPECT_TRUE(v.contains(k)) << k << " in " << v.dump();
    }
    EXPECT_TRUE(v["ok"].get<bool>()) << v.dump();
    if (v["verdict"] == "drop") {
      EXPECT_TRUE(v["reason"].is_number() && v["reason_name"].is_string()) << v.dump();
    } else {
      EXPECT_TRUE(v["reason"].is_null()) << v.dump();
    }
    if (v["verdict"] == "forward" || v["verdict"] == "reply") {
      EXPECT_EQ(v["out_port"], v["golden_port"]) << v.dump();
    }
  }
}

// Every Mpps figure states its clock and where the clock comes from: by default a measured Fmax of
// a named configuration (fpga/flow), else the --clock-mhz the user gave.
TEST_F(BatonCli, MppsNamesItsClock) {
  const auto find_line = [](const std::string& out, const std::string& start) {
    const auto at = out.find(start);
    return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
  };
  const ProcResult def = run(fmt::format("--packets 20 --out '{}'", p("a.pcapng")));
  ASSERT_EQ(def.status, 0) << def.err << def.out;
  const std::string mpps = find_line(def.out, "packets/cycle");
  EXPECT_NE(mpps.find(" Mpps at "), std::string::npos) << mpps;
  EXPECT_NE(mpps.find(" MHz: measured ECP5 Fmax of "), std::string::npos) << mpps;
  EXPECT_NE(mpps.find("fpga/flow --block "), std::string::npos) << mpps;
  EXPECT_EQ(mpps.find("250 MHz"), std::string::npos) << mpps;
  EXPECT_NE(find_line(def.out, "clock: ").find("measured ECP5 Fmax"), std::string::npos) << def.out;

  const ProcResult given = run(fmt::format("--packets 20 --clock-mhz 100 --out '{}'", p("b.pcapng")));
  ASSERT_EQ(given.status, 0) << given.err << given.out;
  EXPECT_NE(find_line(given.out, "packets/cycle").find(" Mpps at 100 MHz: given with --clock-mhz"),
            std::string::npos) << given.out;
}

TEST_F(BatonCli, BadInputsGiveOneLineAndStatus2) {
  const std::string good = write_pcap("in.pcap", {syn(), ack()}, kT0);
  const std::string cfg = REFERENCE_CONFIG;
  // Captures: missing, truncated, wrong magic, a pcapng interface with no port.
  expect_one_line_error(run(fmt::format("--pcap '{}'", p("nope.pcap"))), "nope.pcap: cannot open", "missing");
  {
    std::ifstream in(good, std::ios::binary);
    Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    b.resize(b.size() - 7);
    std::ofstream o(p("cut.pcap"), std::ios::binary);
    o.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  expect_one_line_error(run(fmt::format("--pcap '{}'", p("cut.pcap"))), "record 2 truncated", "truncated");
  {
    std::ofstream junk(p("junk.pcap"));
    junk << "this is not a capture file at all";
  }
  expect_one_line_error(run(fmt::format("--pcap '{}'", p("junk.pcap"))), "junk.pcap: not a pcap file", "magic");
  {
    PcapngWriter w(p("six.pcapng"), {"a", "b", "c", "d", "e", "f"});
    w.write(5, syn(), kT0);
    w.close();
  }
  expect_one_line_error(run(fmt::format("--pcap '{}'", p("six.pcapng"))), "interface 5", "pcapng interface");
  // Configuration: missing, not JSON, a bad value.
  expect_one_line_error(run(fmt::format("--pcap '{}' --config '{}'", good, p("nope.json"))), "nope.json: cannot open",
                        "missing config");
  {
    std::ofstream bad(p("notjson.json"));
    bad << "{ \"ports\": [";
  }
  expect_one_line_error(run(fmt::format("--pcap '{}' --config '{}'", good, p("notjson.json"))), "notjson.json",
                        "invalid JSON");
  {
    std::ofstream bad(p("bad.json"));
    bad << R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv4": ["300.1.1.1"]}]})";
  }
  expect_one_line_error(run(fmt::format("--pcap '{}' --config '{}'", good, p("bad.json"))), "ports[0].ipv4[0]",
                        "invalid value");
  // Options: unknown, out-of-range ports, bad FILE:PORT syntax.
  expect_one_line_error(run("--bogus"), "bogus", "unknown option");
  expect_one_line_error(run(fmt::format("--pcap '{}' --in-port 9", good)), "in-port", "--in-port 9");
  expect_one_line_error(run(fmt::format("--pcap '{}:7'", good)), "port 7 is out of range", "FILE:7");
  expect_one_line_error(run(fmt::format("--pcap '{}:x1'", good)), "FILE:PORT", "FILE:x1");
  expect_one_line_error(run(fmt::format("--pcap '{}:'", good)), "FILE:PORT", "FILE:");
  expect_one_line_error(run("--packets 0"), "packets", "--packets 0");
  // Images: missing files, a corrupt manifest.
  expect_one_line_error(run(fmt::format("--image '{}'", p("noimage"))), "noimage", "missing image");
  std::filesystem::copy_file(std::string(IMAGE_PREFIX) + ".bin", p("img.bin"));
  {
    std::ofstream m(p("img.json"));
    m << "{ \"partitions\": 12";
  }
  expect_one_line_error(run(fmt::format("--image '{}'", p("img"))), "img", "corrupt manifest");
  // Nothing was simulated, so no output was written.
  EXPECT_FALSE(std::filesystem::exists(p("out.pcapng")));
}

TEST_F(BatonCli, TcpHandshakeOnTwoInterfacesLeavesOnGoldenPorts) {
  // Captured on two interfaces: eth0 faces the client (port 0), eth1 the server side (port 1).
  // The SYN-ACK is written first, out of time order, to show records are merged by timestamp.
  {
    PcapngWriter w(p("hs.pcapng"), {"eth0", "eth1"});
    w.write(1, syn_ack(), kT0, 2000);
    w.write(0, syn(), kT0, 1000);
    w.write(0, ack(), kT0, 3000);
    w.close();
  }
  const auto [j, v] = run_json(fmt::format("--pcap '{}' --out '{}'", p("hs.pcapng"), p("out.pcapng")));
  EXPECT_EQ(j["golden_mismatches"], 0);
  EXPECT_EQ(j["packets_in"], 3);
  ASSERT_EQ(v.size(), 3U);
  // In time order: SYN (port 0 -> 1), SYN-ACK (1 -> 0), ACK (0 -> 1), all routed.
  const unsigned in[3] = {0, 1, 0}, out[3] = {1, 0, 1};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(v[i]["in_port"], in[i]) << v[i].dump();
    EXPECT_EQ(v[i]["golden"], "forward") << v[i].dump();
    EXPECT_EQ(v[i]["golden_port"], out[i]) << v[i].dump();
    EXPECT_EQ(v[i]["verdict"], "forward") << v[i].dump();
    EXPECT_EQ(v[i]["out_port"], out[i]) << v[i].dump();
    EXPECT_TRUE(v[i]["ok"].get<bool>()) << v[i].dump();
    EXPECT_TRUE(v[i]["reason"].is_null()) << v[i].dump();
    EXPECT_GT(v[i]["latency_cycles"].get<std::uint64_t>(), 0U) << v[i].dump();
  }

  // The output pcapng: the client's packets on port1, the server's on port0.
  const PcapFile f = read_pcap(p("out.pcapng"));
  ASSERT_EQ(f.records.size(), 3U);
  std::map<std::uint32_t, std::vector<Ip4>> sources;
  for (const auto& r : f.records) {
    ASSERT_GE(r.data.size(), 34U);
    sources[r.interface_id].push_back(get_array<4>(r.data, 26));
  }
  EXPECT_EQ(sources[1], (std::vector<Ip4>{kClient, kClient}));
  EXPECT_EQ(sources[0], (std::vector<Ip4>{kServer}));
  expect_increasing_times(f, kT0);
  for (const auto& r : f.records) EXPECT_EQ(r.ts_sec, kT0) << "a few microseconds after the first capture";

  const std::string tshark = BATON_TSHARK_PATH;
  if (tshark.empty() || !std::filesystem::exists(tshark)) GTEST_SKIP() << "tshark not found at configure time";
  const std::string fields = shell(fmt::format("'{}' -n -r '{}' -T fields -e frame.interface_id -e ip.src "
                                               "-e frame.time_epoch",
                                               tshark, p("out.pcapng")));
  std::istringstream lines(fields);
  std::size_t i = 0;
  for (std::string l; std::getline(lines, l); ++i) {
    ASSERT_LT(i, f.records.size()) << fields;
    std::istringstream ls(l);
    unsigned iface = 99;
    std::string src, epoch;
    ls >> iface >> src >> epoch;
    EXPECT_EQ(iface, f.records[i].interface_id) << l;
    EXPECT_EQ(src, iface == 1 ? "10.0.0.2" : "172.16.0.5") << l;
    EXPECT_EQ(epoch, fmt::format("{}.{:09}", f.records[i].ts_sec, f.records[i].ts_nsec)) << l;
  }
  EXPECT_EQ(i, 3U) << fields;
}

TEST_F(BatonCli, ClassicCapturesPerPortAreMergedByTime) {
  // The same handshake as two classic pcaps, one per side, each mapped with FILE:PORT.
  const std::string client = p("client.pcap"), server = p("server.pcap");
  {
    PcapWriter w(client);
    w.write(syn(), kT0, 1000);
    w.write(ack(), kT0, 3000);
    w.close();
    PcapWriter s(server);
    s.write(syn_ack(), kT0, 2000);
    s.close();
  }
  const auto [j, v] = run_json(
      fmt::format("--pcap '{}:1' --pcap '{}:0' --out '{}' --host '{}'", server, client, p("o.pcap"), p("h.pcap")));
  ASSERT_EQ(v.size(), 3U);
  EXPECT_EQ(j["golden_mismatches"], 0);
  EXPECT_EQ(v[0]["in_port"], 0);
  EXPECT_EQ(v[1]["in_port"], 1);
  EXPECT_EQ(v[2]["in_port"], 0);
  for (const auto& l : v) EXPECT_EQ(l["verdict"], "forward") << l.dump();
  // A .pcap --out stays classic pcap: no interfaces, the host frames in their own file.
  const PcapFile f = read_pcap(p("o.pcap"));
  EXPECT_FALSE(f.pcapng);
  EXPECT_EQ(f.records.size(), 3U);
  EXPECT_TRUE(read_pcap(p("h.pcap")).records.empty());
  expect_increasing_times(f, kT0);
}

TEST_F(BatonCli, PadTurnsAnUnpaddedArpRequestIntoAReply) {
  ASSERT_EQ(arp_request().size(), 42U);
  const std::string in = write_pcap("arp.pcap", {arp_request()}, kT0);
  {
    const auto [j, v] = run_json(fmt::format("--pcap '{}' --in-port 0 --out '{}'", in, p("o1.pcapng")));
    ASSERT_EQ(v.size(), 1U);
    EXPECT_EQ(v[0]["verdict"], "drop") << v[0].dump();
    EXPECT_EQ(v[0]["reason"], 0x87) << v[0].dump();
    EXPECT_EQ(v[0]["reason_name"], "runt") << v[0].dump();
    EXPECT_EQ(j["runt_drops"], 1);
    ASSERT_TRUE(j.contains("hint"));
    EXPECT_NE(j["hint"].get<std::string>().find("--pad"), std::string::npos);
    // The text report says it too.
    const ProcResult t = run(fmt::format("--pcap '{}' --out '{}'", in, p("o2.pcapng")));
    EXPECT_EQ(t.status, 0) << t.err;
    EXPECT_NE(t.out.find("1 packets were dropped as runts"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("--pad"), std::string::npos) << t.out;
  }
  const auto [j, v] = run_json(fmt::format("--pcap '{}' --pad --out '{}'", in, p("o3.pcapng")));
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0]["verdict"], "reply") << v[0].dump();
  EXPECT_EQ(v[0]["out_port"], 0) << v[0].dump();
  EXPECT_TRUE(v[0]["ok"].get<bool>());
  EXPECT_EQ(j["runt_drops"], 0);
  EXPECT_EQ(j["padded"], 1);
  EXPECT_FALSE(j.contains("hint"));
  const PcapFile f = read_pcap(p("o3.pcapng"));
  ASSERT_EQ(f.records.size(), 1U);
  EXPECT_EQ(f.records[0].interface_id, 0U);
  EXPECT_EQ(get16(f.records[0].data, 12), 0x0806);  // an ARP reply
  EXPECT_EQ(get16(f.records[0].data, 20), 2);
}

// --derive-config: a two-way capture between two hosts on one link is routed by a router put
// between them; the derived configuration is written out and is a valid one.
TEST_F(BatonCli, DeriveConfigRoutesAConversationBetweenTwoHosts) {
  const Mac a = mac("02:00:00:00:0a:01"), b = mac("02:00:00:00:0b:01");
  const Ip4 ia = ip4("192.0.2.10"), ib = ip4("198.51.100.20");
  std::vector<Bytes> frames;
  // A asks for B's MAC (unpadded, as captured on A), then SYN, SYN-ACK, ACK, data, FIN both ways.
  frames.push_back(PacketBuilder()
                       .eth(mac("ff:ff:ff:ff:ff:ff"), a)
                       .arp({.op = 1, .sha = a, .spa = ia, .tha = {}, .tpa = ip4("192.0.2.1")})
                       .build());
  frames.push_back(tcp_frame(b, a, ia, ib, 40000, 80, 0x002, 1, 0));
  frames.push_back(tcp_frame(a, b, ib, ia, 80, 40000, 0x012, 7, 2));
  frames.push_back(tcp_frame(b, a, ia, ib, 40000, 80, 0x010, 2, 8));
  frames.push_back(tcp_frame(a, b, ib, ia, 80, 40000, 0x011, 8, 2));
  frames.push_back(tcp_frame(b, a, ia, ib, 40000, 80, 0x011, 2, 9));
  const auto cap = write_pcap("conv.pcap", frames, kT0);
  const auto [report, lines] =
      run_json(fmt::format("--pcap '{}' --derive-config --pad --write-config '{}'", cap, p("derived.json")));
  ASSERT_EQ(lines.size(), frames.size());
  EXPECT_EQ(lines[0]["verdict"], "reply") << lines[0].dump();  // the router answers the ARP request
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i]["verdict"], "forward") << lines[i].dump();
    EXPECT_TRUE(lines[i]["ok"].get<bool>()) << lines[i].dump();
    // A's frames enter on one port and leave on B's, and the other way round.
    EXPECT_NE(lines[i]["in_port"], lines[i]["out_port"]) << lines[i].dump();
  }
  EXPECT_EQ(lines[1]["in_port"], lines[2]["out_port"]);
  EXPECT_EQ(lines[2]["in_port"], lines[1]["out_port"]);
  EXPECT_EQ(report["golden_mismatches"], 0);
  std::ifstream in(p("derived.json"));
  const json cfg = json::parse(in);
  EXPECT_EQ(cfg["ports"].size(), 4U);
  EXPECT_EQ(cfg["routes_ipv4"].size(), 2U);
}

TEST_F(BatonCli, DeriveConfigBadCombinationsGiveOneLine) {
  const auto cap = write_pcap("one.pcap", {syn()}, kT0);
  for (const std::string& args :
       {fmt::format("--pcap '{}' --derive-config --config x.json", cap),
        fmt::format("--pcap '{}' --pcap '{}' --derive-config", cap, cap),
        fmt::format("--pcap '{}:1' --derive-config", cap), std::string("--derive-config"),
        fmt::format("--pcap '{}' --write-config out.json", cap)}) {
    const ProcResult r = run(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << "\n" << r.err;
  }
}

}  // namespace

namespace {

// With flow accounting in the configuration, `baton` runs the flow-state engine, waits for the
// flows left in the table to time out, reports the records and compares them with the golden
// model's; the records are in the host stream of out.pcapng.
TEST_F(BatonCli, FlowAccountingReport) {
  std::ifstream in(REFERENCE_CONFIG);
  json cfg = json::parse(in);
  cfg["flow_accounting"] = {{"enabled", true}, {"idle_timeout", 100000}};
  {
    std::ofstream o(p("acct.json"));
    o << cfg.dump(2);
  }
  const auto [j, verdicts] =
      run_json(fmt::format("--config '{}' --packets 300 --out '{}'", p("acct.json"), p("out.pcapng")));
  ASSERT_TRUE(j.contains("flow_accounting")) << j.dump(2).substr(0, 2000);
  const json& f = j["flow_accounting"];
  EXPECT_EQ(f["golden_compared"], true) << f["note"];
  EXPECT_EQ(f["golden_differences"], 0) << f["golden_errors"].dump(2);
  EXPECT_GT(f["records"].get<int>(), 20);
  EXPECT_EQ(f["records"], f["golden_records"]);
  EXPECT_EQ(f["flows_left"], 0) << "every flow exported at the end";
  EXPECT_GE(f["flows_inserted"].get<int>(), f["records"].get<int>());
  EXPECT_EQ(j["golden_mismatches"], 0);
  // The host stream (the interface after the ports) carries the records.
  const auto out = read_pcap(p("out.pcapng"));
  const auto ports = j["config"]["ports"].get<std::uint32_t>();
  int records = 0;
  for (const auto& r : out.records) {
    if (r.interface_id == ports && r.data.size() == 50 && r.data[12] == 0x88 && r.data[13] == 0xb6) ++records;
  }
  EXPECT_EQ(records, f["records"].get<int>());
  // Text report names the feature.
  const ProcResult t = run(fmt::format("--config '{}' --packets 20", p("acct.json")));
  EXPECT_EQ(t.status, 0) << t.err;
  EXPECT_NE(t.out.find("flow accounting (idle timeout 100000 cycles)"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("0 differences"), std::string::npos) << t.out;
}

// Issue 22's acceptance: a two-way capture (pcapng, one interface per port) with a TCP handshake
// from inside, data both ways, teardown, an unsolicited SYN from outside and a stray ACK, replayed
// through `baton --firewall`: exactly the verdicts of the ruleset (inside new accepted, outside
// new refused, no connection invalid), every packet matching the golden model.
TEST_F(BatonCli, FirewallVerdictsOfATwoWayCapture) {
  const Mac r0 = mac("02:00:00:00:00:10"), r2 = mac("02:00:00:00:00:12");
  const Mac in_host = mac("02:00:00:00:10:02"), out_nbr = mac("02:00:00:00:12:fe");
  const Ip4 a = ip4("10.0.0.2"), b = ip4("203.0.113.200"), c = ip4("203.0.113.201");
  auto seg = [&](bool from_in, const Ip4& far, std::uint16_t flags, std::uint16_t client = 40000) {
    return PacketBuilder().eth(from_in ? r0 : r2, from_in ? in_host : out_nbr)
        .ipv4({.src = from_in ? a : far, .dst = from_in ? far : a})
        .tcp({.sport = from_in ? client : std::uint16_t{80}, .dport = from_in ? std::uint16_t{80} : client, .flags = flags})
        .payload(flags == 0x018 ? 100 : 0, 0x33).pad_to(60).build();
  };
  struct Step {
    bool from_in;
    const Ip4* far;
    std::uint16_t flags;
    std::uint16_t client;
    const char* want;  // "forward" or the drop reason's name
  };
  const std::vector<Step> steps = {
      {true, &b, 0x002, 40000, "forward"},   // SYN from inside: new, accepted
      {false, &b, 0x012, 40000, "forward"},  // SYN-ACK
      {true, &b, 0x010, 40000, "forward"},   // ACK: established
      {true, &b, 0x018, 40000, "forward"},   // data out
      {false, &b, 0x018, 40000, "forward"},  // data back
      {true, &b, 0x011, 40000, "forward"},   // FIN from inside
      {false, &b, 0x011, 40000, "forward"},  // FIN back
      {true, &b, 0x010, 40000, "forward"},   // last ACK: TIME_WAIT
      {false, &c, 0x002, 40001, "fw_new_not_allowed"},  // unsolicited SYN from outside
      {false, &c, 0x010, 40002, "fw_invalid"},          // stray ACK: no connection
  };
  {
    PcapngWriter w(p("fw.pcapng"), {"port0", "port1", "port2"});
    std::uint32_t ns = 0;
    for (const auto& st : steps) {
      w.write(st.from_in ? 0 : 2, seg(st.from_in, *st.far, st.flags, st.client), kT0, ns);
      ns += 1'000'000;  // 1 ms apart: 43 600 cycles at the default clock
    }
    w.close();
  }
  const auto [j, verdicts] = run_json(fmt::format("--firewall --pcap '{}' --out '{}'", p("fw.pcapng"), p("out.pcapng")));
  ASSERT_EQ(verdicts.size(), steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string got = verdicts[i]["verdict"] == "drop" ? verdicts[i]["reason_name"].get<std::string>()
                                                               : verdicts[i]["verdict"].get<std::string>();
    EXPECT_EQ(got, steps[i].want) << "packet " << i;
    EXPECT_EQ(verdicts[i]["ok"], true) << "packet " << i << ": the golden model disagrees";
  }
  EXPECT_EQ(j["golden_mismatches"], 0);
  const json& f = j["firewall"];
  EXPECT_EQ(f["accepted_new"], 1);
  EXPECT_EQ(f["accepted_established"], 7);
  EXPECT_EQ(f["created"], 1);
  EXPECT_EQ(f["live_by_state"]["time_wait"], 1);
  EXPECT_EQ(f["drops"]["fw_new_not_allowed"], 1);
  EXPECT_EQ(f["drops"]["fw_invalid"], 1);
  EXPECT_EQ(f["verdicts_timing_decided"], 0);
  // The text report names the firewall's figures.
  const ProcResult t = run(fmt::format("--firewall --pcap '{}' --out '{}'", p("fw.pcapng"), p("out2.pcapng")));
  EXPECT_EQ(t.status, 0) << t.err;
  EXPECT_NE(t.out.find("firewall (golden model, arrival order): 1 new, 7 established"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("live at the end: time_wait 1"), std::string::npos) << t.out;
  // The firewall needs a configuration: with a derived one, a one-line error.
  const ProcResult bad = run(fmt::format("--firewall --derive-config --pcap '{}'", p("fw.pcapng")));
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
}

// `baton` with no configuration and no capture runs the firewall (issue: the reference
// configuration's inside and outside ports) on generated two-way sessions, every verdict the
// golden model's in arrival order; --no-firewall runs the router alone.
TEST_F(BatonCli, DefaultRunIsTheFirewall) {
  // 200 packets (about 30 s of CPU): seed 1 gives 46 new, 108 established, 40 dropped.
  const auto [j, verdicts] = run_json(fmt::format("--packets 200 --out '{}'", p("out.pcapng")));
  ASSERT_TRUE(j.contains("firewall")) << j.dump().substr(0, 2000);
  EXPECT_EQ(j["golden_mismatches"], 0);
  ASSERT_EQ(verdicts.size(), 200U);
  std::size_t ok = 0;
  for (const auto& v : verdicts) ok += v["ok"].get<bool>() ? 1 : 0;
  EXPECT_EQ(ok, 200U);
  const json& f = j["firewall"];
  // The stimulus opens connections from inside, answers them from outside and injects loss,
  // duplication and reordering: new, established and invalid all occur.
  EXPECT_GT(f["accepted_new"].get<std::uint64_t>(), 10U);
  EXPECT_GT(f["accepted_established"].get<std::uint64_t>(), 50U);
  std::uint64_t live = 0;
  for (const auto& [state, n] : f["live_by_state"].items()) live += n.get<std::uint64_t>();
  EXPECT_GT(live, 0U);
  std::uint64_t fw_drops = 0;
  for (const auto& [reason, n] : f["drops"].items()) fw_drops += n.get<std::uint64_t>();
  EXPECT_GT(fw_drops, 0U);
  EXPECT_EQ(f["drops"]["fw_busy"], 0);  // paced input: the lookup never refuses an event
  // The engine's drop counters agree with the firewall's verdicts.
  std::map<std::string, std::uint64_t> by_reason;
  for (const auto& v : verdicts) {
    if (v["verdict"] == "drop") ++by_reason[v["reason_name"].get<std::string>()];
  }
  for (const auto& [reason, n] : f["drops"].items()) EXPECT_EQ(n.get<std::uint64_t>(), by_reason[reason]) << reason;

  const auto [off, off_verdicts] = run_json(fmt::format("--no-firewall --packets 100 --out '{}'", p("off.pcapng")));
  EXPECT_FALSE(off.contains("firewall"));
  EXPECT_EQ(off["golden_mismatches"], 0);
  EXPECT_EQ(off_verdicts.size(), 100U);
  const ProcResult both = run("--firewall --no-firewall");
  EXPECT_EQ(both.status, 2);
  EXPECT_EQ(std::count(both.err.begin(), both.err.end(), '\n'), 1) << both.err;
}

// `baton` runs the FAST builds of the engine (no assertions, no tracing); --trace switches to the
// checked builds the regression uses. Both builds of both engines (with and without flow state)
// must give the same run to the cycle: report, every verdict and latency, and the output bytes.
TEST_F(BatonCli, TracedRunUsesTheCheckedModelWithTheSameResult) {
  for (const std::string_view mode : {"--no-firewall", "--firewall"}) {
    SCOPED_TRACE(mode);
    const auto [fast, fast_v] = run_json(fmt::format("{} --packets 40 --out '{}'", mode, p("fast.pcapng")));
    const auto [checked, checked_v] =
        run_json(fmt::format("{} --packets 40 --trace '{}' --out '{}'", mode, p("waves.fst"), p("checked.pcapng")));
    EXPECT_EQ(fast["golden_mismatches"], 0);
    EXPECT_EQ(checked["golden_mismatches"], 0);
    for (const char* k : {"cycles", "packets_in", "packets_out", "dropped", "latency_cycles", "tiles", "cm"}) {
      EXPECT_EQ(fast[k], checked[k]) << k;
    }
    ASSERT_EQ(fast_v.size(), 40U);
    ASSERT_EQ(checked_v.size(), fast_v.size());
    for (std::size_t i = 0; i < fast_v.size(); ++i) EXPECT_EQ(fast_v[i], checked_v[i]) << i;
    const PcapFile a = read_pcap(p("fast.pcapng")), b = read_pcap(p("checked.pcapng"));
    ASSERT_EQ(a.records.size(), b.records.size());
    for (std::size_t i = 0; i < a.records.size(); ++i) {
      EXPECT_EQ(a.records[i].data, b.records[i].data) << i;
      EXPECT_EQ(a.records[i].interface_id, b.records[i].interface_id) << i;
      EXPECT_EQ(a.records[i].ts_nsec, b.records[i].ts_nsec) << i;
    }
    ASSERT_TRUE(std::filesystem::exists(p("waves.fst")));
    EXPECT_GT(std::filesystem::file_size(p("waves.fst")), 10'000U);
    std::filesystem::remove(p("waves.fst"));
  }
}

}  // namespace
