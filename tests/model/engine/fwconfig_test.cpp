// SPDX-License-Identifier: Apache-2.0
// Config compiler (sw/firmware): the same one-line errors as the golden loader for every rule of
// docs/feature-set.md section 2, the lookup tables of the blob against a plain longest-prefix
// match over the golden model's parsed configuration (random route tables), and the command.
#include <gtest/gtest.h>
#include <filesystem>
#include <unistd.h>

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "baton/fw/blob.hpp"
#include "baton/fw/blob_layout.h"
#include "baton/fw/firewall.h"
#include "baton/golden/config.hpp"
#include "baton/tb/config.hpp"
#include "model_util.hpp"

namespace {

using namespace baton;
using Json = nlohmann::json;

std::string golden_error(const std::string& text) {
  try {
    golden::parse_config(text);
  } catch (const golden::ConfigError& e) {
    return e.what();
  }
  return "";
}
std::string fw_error(const std::string& text) {
  try {
    fw::parse_config(text);
  } catch (const fw::ConfigError& e) {
    return e.what();
  }
  return "";
}

// Each edit breaks one rule of section 2.
std::vector<std::pair<std::string, std::function<void(Json&)>>> edits() {
  return {
      {"not an object", [](Json& j) { j = Json::array(); }},
      {"unknown key", [](Json& j) { j["vlans"] = 1; }},
      {"no ports", [](Json& j) { j.erase("ports"); }},
      {"empty ports", [](Json& j) { j["ports"] = Json::array(); }},
      {"17 ports", [](Json& j) { for (int i = 0; i < 13; ++i) j["ports"].push_back(j["ports"][0]); }},
      {"port not object", [](Json& j) { j["ports"][1] = 3; }},
      {"port unknown key", [](Json& j) { j["ports"][1]["speed"] = 10; }},
      {"port missing", [](Json& j) { j["ports"][1].erase("port"); }},
      {"port string", [](Json& j) { j["ports"][1]["port"] = "1"; }},
      {"port 16", [](Json& j) { j["ports"][1]["port"] = 16; }},
      {"port negative", [](Json& j) { j["ports"][1]["port"] = -1; }},
      {"port float", [](Json& j) { j["ports"][1]["port"] = 1.5; }},
      {"port twice", [](Json& j) { j["ports"][1]["port"] = 0; }},
      {"mac missing", [](Json& j) { j["ports"][1].erase("mac"); }},
      {"mac short", [](Json& j) { j["ports"][1]["mac"] = "02:00:00:00:00"; }},
      {"mac bad digit", [](Json& j) { j["ports"][1]["mac"] = "02:00:00:0g:00:01"; }},
      {"mac bad separator", [](Json& j) { j["ports"][1]["mac"] = "02-00-00-00-00-01"; }},
      {"mac multicast", [](Json& j) { j["ports"][1]["mac"] = "03:00:00:00:00:01"; }},
      {"mac number", [](Json& j) { j["ports"][1]["mac"] = 5; }},
      {"zone", [](Json& j) { j["ports"][1]["zone"] = "dmz"; }},
      // Found by fuzz_config: control characters in quoted text (escaped, one line).
      {"mac newline", [](Json& j) { j["ports"][1]["mac"] = "02:\n00:00:00:00:01"; }},
      {"key control characters", [](Json& j) { j["ports"][1]["a\r\x01\tb"] = 1; }},
      {"address newline", [](Json& j) { j["ports"][1]["ipv4"] = {"10.0.0.1\n/24"}; }},
      {"zone type", [](Json& j) { j["ports"][1]["zone"] = true; }},
      {"ipv4 not array", [](Json& j) { j["ports"][1]["ipv4"] = "10.0.0.1"; }},
      {"ipv4 five", [](Json& j) { j["ports"][1]["ipv4"] = {"1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5"}; }},
      {"ipv4 bad", [](Json& j) { j["ports"][1]["ipv4"][0] = "300.1.1.1/24"; }},
      {"ipv4 bad length", [](Json& j) { j["ports"][1]["ipv4"][0] = "10.9.9.9/33"; }},
      {"ipv4 empty length", [](Json& j) { j["ports"][1]["ipv4"][0] = "10.9.9.9/"; }},
      {"ipv4 letter length", [](Json& j) { j["ports"][1]["ipv4"][0] = "10.9.9.9/2a"; }},
      {"ipv4 loopback", [](Json& j) { j["ports"][1]["ipv4"][0] = "127.0.0.2/8"; }},
      {"ipv4 zero net", [](Json& j) { j["ports"][1]["ipv4"][0] = "0.1.0.1"; }},
      {"ipv4 multicast", [](Json& j) { j["ports"][1]["ipv4"][0] = "224.1.1.1"; }},
      {"ipv4 class e", [](Json& j) { j["ports"][1]["ipv4"][0] = "250.1.1.1"; }},
      {"ipv4 twice", [](Json& j) { j["ports"][1]["ipv4"][0] = j["ports"][0]["ipv4"][0]; }},
      {"ipv4 v6 text", [](Json& j) { j["ports"][1]["ipv4"][0] = "2001:db8::1"; }},
      {"ipv6 bad", [](Json& j) { j["ports"][1]["ipv6"][0] = "2001:db8:::1"; }},
      {"ipv6 length", [](Json& j) { j["ports"][1]["ipv6"][0] = "2001:db8::1/129"; }},
      {"ipv6 multicast", [](Json& j) { j["ports"][1]["ipv6"][0] = "ff02::1"; }},
      {"ipv6 loopback", [](Json& j) { j["ports"][1]["ipv6"][0] = "::1"; }},
      {"ipv6 unspecified", [](Json& j) { j["ports"][1]["ipv6"][0] = "::/64"; }},
      {"ipv6 twice", [](Json& j) { j["ports"][1]["ipv6"][0] = "2001:db8:1::1/64"; }},
      {"connected twice", [](Json& j) { j["ports"][1]["ipv4"][0] = "192.0.2.77/24"; }},
      {"connected v6 twice", [](Json& j) { j["ports"][1]["ipv6"][0] = "2001:db8:1::77/64"; }},
      {"route unknown key", [](Json& j) { j["routes_ipv4"][0]["metric"] = 1; }},
      {"route prefix missing", [](Json& j) { j["routes_ipv4"][0].erase("prefix"); }},
      {"route prefix bad", [](Json& j) { j["routes_ipv4"][0]["prefix"] = "203.0.113/24"; }},
      {"route host bits", [](Json& j) { j["routes_ipv4"][0]["prefix"] = "203.0.113.1/24"; }},
      {"route port missing", [](Json& j) { j["routes_ipv4"][0].erase("port"); }},
      {"route port unconfigured", [](Json& j) { j["routes_ipv4"][0]["port"] = 9; }},
      {"route next hop bad", [](Json& j) { j["routes_ipv4"][0]["next_hop"] = "1.2.3"; }},
      {"route next hop type", [](Json& j) { j["routes_ipv4"][0]["next_hop"] = 7; }},
      {"route twice", [](Json& j) { j["routes_ipv4"].push_back(j["routes_ipv4"][0]); }},
      {"route equals connected", [](Json& j) { j["routes_ipv4"].push_back({{"prefix", "192.0.2.0/24"}, {"port", 0}}); }},
      {"routes not array", [](Json& j) { j["routes_ipv4"] = Json::object(); }},
      {"route6 host bits", [](Json& j) { j["routes_ipv6"][0]["prefix"] = "2001:db8:100::1/48"; }},
      {"route6 bad", [](Json& j) { j["routes_ipv6"][0]["prefix"] = "2001:db8:100::/200"; }},
      {"route6 v4 next hop", [](Json& j) { j["routes_ipv6"][0]["next_hop"] = "10.0.0.1"; }},
      {"route6 twice", [](Json& j) { j["routes_ipv6"].push_back(j["routes_ipv6"][1]); }},
      {"route6 equals connected", [](Json& j) { j["routes_ipv6"].push_back({{"prefix", "2001:db8:2::/64"}, {"port", 1}}); }},
      {"neighbour bad ip", [](Json& j) { j["neighbours"][0]["ip"] = "x"; }},
      {"neighbour ip missing", [](Json& j) { j["neighbours"][0].erase("ip"); }},
      {"neighbour mac multicast", [](Json& j) { j["neighbours"][0]["mac"] = "01:00:5e:00:00:01"; }},
      {"neighbour twice", [](Json& j) { j["neighbours"].push_back(j["neighbours"][0]); }},
      {"neighbour6 twice", [](Json& j) { j["neighbours"].push_back(j["neighbours"][3]); }},
      {"neighbour unknown key", [](Json& j) { j["neighbours"][0]["port"] = 1; }},
      {"limits unknown", [](Json& j) { j["limits"] = {{"mtu", 1500}}; }},
      {"limits not object", [](Json& j) { j["limits"] = 5; }},
      {"min_frame low", [](Json& j) { j["limits"] = {{"min_frame", 13}}; }},
      {"min_frame high", [](Json& j) { j["limits"] = {{"min_frame", 61}}; }},
      {"max_frame low", [](Json& j) { j["limits"] = {{"max_frame", 63}}; }},
      {"max_frame high", [](Json& j) { j["limits"] = {{"max_frame", 2049}}; }},
      {"max_frame string", [](Json& j) { j["limits"] = {{"max_frame", "1500"}}; }},
      {"accounting not object", [](Json& j) { j["flow_accounting"] = 5; }},
      {"accounting unknown key", [](Json& j) { j["flow_accounting"] = {{"enabled", true}, {"idle_timeout", 9}, {"mode", 1}}; }},
      {"accounting enabled missing", [](Json& j) { j["flow_accounting"] = {{"idle_timeout", 9}}; }},
      {"accounting enabled type", [](Json& j) { j["flow_accounting"] = {{"enabled", 1}, {"idle_timeout", 9}}; }},
      {"accounting idle missing", [](Json& j) { j["flow_accounting"] = {{"enabled", true}}; }},
      {"accounting idle zero", [](Json& j) { j["flow_accounting"] = {{"enabled", true}, {"idle_timeout", 0}}; }},
      {"accounting idle high", [](Json& j) { j["flow_accounting"] = {{"enabled", true}, {"idle_timeout", (1 << 30) + 1}}; }},
      {"accounting idle string", [](Json& j) { j["flow_accounting"] = {{"enabled", false}, {"idle_timeout", "9"}}; }},
      {"firewall not object", [](Json& j) { j["firewall"] = true; }},
      {"firewall unknown key", [](Json& j) { j["firewall"] = {{"enabled", true}, {"zones", 2}}; }},
      {"firewall enabled missing", [](Json& j) { j["firewall"] = {{"max_connections", 9}}; }},
      {"firewall enabled type", [](Json& j) { j["firewall"] = {{"enabled", "yes"}}; }},
      {"firewall connections zero", [](Json& j) { j["firewall"] = {{"enabled", true}, {"max_connections", 0}}; }},
      {"firewall connections high", [](Json& j) { j["firewall"] = {{"enabled", true}, {"max_connections", (1 << 24) + 1}}; }},
      {"firewall fragments high", [](Json& j) { j["firewall"] = {{"enabled", false}, {"max_fragments", (1 << 20) + 1}}; }},
      {"firewall timeouts type", [](Json& j) { j["firewall"] = {{"enabled", true}, {"timeouts", 5}}; }},
      {"firewall timeout key", [](Json& j) { j["firewall"] = {{"enabled", true}, {"timeouts", {{"tcp", 5}}}}; }},
      {"firewall timeout zero", [](Json& j) { j["firewall"] = {{"enabled", true}, {"timeouts", {{"udp", 0}}}}; }},
      {"firewall timeout string", [](Json& j) { j["firewall"] = {{"enabled", true}, {"timeouts", {{"fragment", "1"}}}}; }},
  };
}

TEST(FwConfig, ErrorsMatchGoldenLoader) {
  const Json base = Json::parse(model_test::kDirectedConfig);
  ASSERT_EQ(fw_error(base.dump()), "");
  for (auto& [name, edit] : edits()) {
    Json j = base;
    edit(j);
    const std::string text = j.dump();
    const std::string want = golden_error(text);
    EXPECT_NE(want, "") << name << ": the edit breaks no rule";
    EXPECT_EQ(fw_error(text), want) << name;
    EXPECT_EQ(fw_error(text).find('\n'), std::string::npos) << name;
  }
  // The last one, found by fuzz_config: a number too large for a double is a JSON error too.
  for (const char* bad : {"", "{", "{\"ports\": [}", "[1,2", "{\"ports\": 1,}", "{\"ports\": [{\"port\": 1e400}]}"}) {
    EXPECT_EQ(fw_error(bad), golden_error(bad)) << bad;
    EXPECT_NE(fw_error(bad), "") << bad;
  }
}

// Flow accounting (feature-set.md 11) reaches the blob header: the flag and the idle timeout.
TEST(FwConfig, AccountingInTheBlobHeader) {
  Json j = Json::parse(model_test::kDirectedConfig);
  const auto header = [](const Json& c, unsigned off) {
    const auto blob = baton::fw::compile_blob(baton::fw::parse_config(c.dump()));
    return static_cast<std::uint32_t>(blob.at(off) | blob.at(off + 1) << 8 | blob.at(off + 2) << 16 | blob.at(off + 3) << 24);
  };
  EXPECT_EQ(header(j, FWC_H_ACCT_FLAGS), 0U) << "absent: off";
  j["flow_accounting"] = {{"enabled", true}, {"idle_timeout", 123457}};
  EXPECT_EQ(header(j, FWC_H_ACCT_FLAGS), FWC_ACCT_ON);
  EXPECT_EQ(header(j, FWC_H_ACCT_IDLE), 123457U);
  j["flow_accounting"] = {{"enabled", false}};
  EXPECT_EQ(header(j, FWC_H_ACCT_FLAGS), 0U);
  EXPECT_EQ(golden_error(j.dump()), "") << "off needs no idle timeout";
}

// Section 12: both loaders read the firewall alike; the firmware refuses to build it enabled.
TEST(FwConfig, FirewallSettingsReachTheBlob) {
  Json j = Json::parse(model_test::kDirectedConfig);
  j["firewall"] = {{"enabled", false}, {"max_connections", 77}, {"timeouts", {{"udp", 5}, {"tcp_close", 6}}}};
  const auto off = fw::parse_config(j.dump());
  EXPECT_EQ(off.firewall.max_connections, 77U);
  EXPECT_EQ(off.firewall.timeouts[8], 5U) << "udp";
  EXPECT_EQ(off.firewall.timeouts[7], 6U) << "tcp_close";
  const auto blob_off = fw::compile_blob(off);
  EXPECT_EQ(blob_off[FWC_FW_FLAGS], 0U) << "off";
  j["firewall"]["enabled"] = true;
  EXPECT_EQ(golden_error(j.dump()), "") << "the golden model implements it";
  const auto blob = fw::compile_blob(fw::parse_config(j.dump()));
  EXPECT_EQ(blob[FWC_FW_FLAGS], FWC_FW_ON);
  EXPECT_EQ(blob[FWC_FW_MAX_CONNECTIONS], 77U);
  // Timeouts by state number (firewall.h): udp is UNREPLIED (8), tcp_close CLOSE (7), the rest
  // the defaults of feature-set.md 12.6 (tcp_established 10 000 000 = 0x989680).
  EXPECT_EQ(blob[FWC_FW_TIMEOUTS + 4 * FWF_S_UNREPLIED], 5U);
  EXPECT_EQ(blob[FWC_FW_TIMEOUTS + 4 * FWF_S_CLOSE], 6U);
  const std::size_t est = FWC_FW_TIMEOUTS + 4 * FWF_S_ESTABLISHED;
  EXPECT_EQ(blob[est] | blob[est + 1] << 8 | blob[est + 2] << 16 | blob[est + 3] << 24, 10'000'000);
  // Port zones: the directed configuration's zones, in the port records' flags.
  for (const auto& p : fw::parse_config(j.dump()).ports) {
    EXPECT_EQ((blob[FWC_PORTS_OFF + p.port * FWC_PORT_BYTES + FWC_P_FLAGS] & FWC_PF_INSIDE) != 0, p.inside) << "port " << p.port;
  }
  // With flow accounting as well: refused, one line.
  j["flow_accounting"] = {{"enabled", true}, {"idle_timeout", 1000}};
  try {
    (void)fw::compile_blob(fw::parse_config(j.dump()));
    ADD_FAILURE() << "the firewall together with flow accounting must be refused";
  } catch (const fw::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("firewall: ", 0), 0U) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
  }
}

TEST(FwConfig, ReferenceConfigsCompile) {
  for (const std::string& text : {std::string(model_test::kDirectedConfig),
                                   [] { std::ifstream in(model_test::reference_config_path());
                                        return std::string(std::istreambuf_iterator<char>(in), {}); }()}) {
    const auto blob = fw::compile_blob(fw::parse_config(text));
    ASSERT_GE(blob.size(), FWC_V4_CHUNK_FIXED_OFF);
    EXPECT_LE(blob.size(), FWC_MAX_BYTES);
    EXPECT_EQ(blob[FWC_H_MAGIC], 'B');
  }
}

// ---- The tables against the golden model's parsed configuration -------------------------------

struct Expect {
  unsigned kind;
  unsigned port = 0;
  fw::Mac dmac{};
  unsigned reason = 0;
};

Expect expect4(const golden::Config& c, std::uint32_t a) {
  for (const auto& p : c.ports)
    for (auto x : p.ipv4)
      if (x == a) return {FWC_K_LOCAL};
  if (a == 0xffffffffU || (a >> 8) == 0xe00000U) return {FWC_K_HOST};
  if ((a >> 28) == 0xe) return {FWC_K_DROP, 0, {}, 0x28};
  if ((a >> 24) == 0 || (a >> 24) == 127 || (a >> 28) == 0xf) return {FWC_K_DROP, 0, {}, 0x27};
  const golden::Route4* best = nullptr;
  for (const auto& r : c.routes4) {
    const bool in = r.len == 0 || (a >> (32 - r.len)) == (r.prefix >> (32 - r.len));
    if (in && (!best || r.len > best->len)) best = &r;
  }
  if (!best) return {FWC_K_NO_ROUTE};
  const std::uint32_t nh = best->next_hop.value_or(a);
  const auto it = c.neighbours4.find(nh);
  if (it == c.neighbours4.end()) return {FWC_K_NO_NEIGH, best->port};
  return {FWC_K_FORWARD, best->port, it->second};
}

void check4(const golden::Config& c, const std::vector<std::uint8_t>& blob, std::uint32_t a) {
  const auto want = expect4(c, a);
  const auto got = fw::blob_lookup4(blob, a);
  ASSERT_EQ(got.kind, want.kind) << fmt::format("{:08x}", a);
  if (want.kind == FWC_K_FORWARD || want.kind == FWC_K_NO_NEIGH) EXPECT_EQ(got.port, want.port) << fmt::format("{:08x}", a);
  if (want.kind == FWC_K_FORWARD) {
    EXPECT_EQ(got.dmac, want.dmac) << fmt::format("{:08x}", a);
    EXPECT_EQ(got.smac, c.find_port(static_cast<std::uint8_t>(want.port))->mac) << fmt::format("{:08x}", a);
  }
  if (want.kind == FWC_K_DROP) EXPECT_EQ(got.reason, want.reason);
}

TEST(FwConfig, Ipv4TablesMatchPlainLpmOnRandomRouteTables) {
  std::mt19937_64 rng(tb::test_seed());
  for (int round = 0; round < 6; ++round) {
    Json j = Json::parse(model_test::kDirectedConfig);
    std::set<std::pair<std::uint32_t, unsigned>> seen;
    std::vector<std::uint32_t> probes;
    for (int i = 0; i < 300; ++i) {
      const unsigned len = static_cast<unsigned>(rng() % 33);
      const std::uint32_t a = static_cast<std::uint32_t>(rng()) & (len == 0 ? 0U : ~0U << (32 - len));
      if (!seen.insert({a, len}).second || (a == 0xc0000200U && len == 24) || (a == 0xc6336400U && len == 24)) continue;
      Json r = {{"prefix", fmt::format("{}.{}.{}.{}/{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255, len)},
                {"port", rng() % 2}};
      if (rng() % 3 != 0) r["next_hop"] = rng() % 2 ? "198.51.100.254" : fmt::format("10.{}.0.1", rng() % 4);
      j["routes_ipv4"].push_back(r);
      probes.push_back(a);
      probes.push_back(a | (len == 32 ? 0U : (~0U >> len)));
    }
    for (int i = 0; i < 40; ++i)
      j["neighbours"].push_back({{"ip", fmt::format("192.0.2.{}", 20 + i)}, {"mac", fmt::format("02:00:00:00:09:{:02x}", i)}});
    const std::string text = j.dump();
    const auto gc = golden::parse_config(text);
    const auto blob = fw::compile_blob(fw::parse_config(text));
    for (auto a : probes) check4(gc, blob, a);
    for (int i = 0; i < 20000; ++i) check4(gc, blob, static_cast<std::uint32_t>(rng()));
    for (std::uint32_t a = 0xc0000200U; a <= 0xc00002ffU; ++a) check4(gc, blob, a);  // connected /24
  }
}

TEST(FwConfig, Ipv6TablesMatchPlainLpm) {
  const auto gc = golden::parse_config(model_test::kDirectedConfig);
  const auto blob = fw::compile_blob(fw::parse_config(model_test::kDirectedConfig));
  std::mt19937_64 rng(tb::test_seed());
  auto expect6 = [&](const fw::V6& a) -> Expect {
    for (const auto& p : gc.ports)
      for (const auto& x : p.ipv6)
        if (x == a) return {FWC_K_LOCAL};
    if (a[0] == 0xff && a[1] == 0x02) return {FWC_K_HOST};
    if (a[0] == 0xff) return {FWC_K_DROP, 0, {}, 0x45};
    const bool upper0 = std::all_of(a.begin(), a.end() - 1, [](auto b) { return b == 0; });
    if (upper0 && a[15] <= 1) return {FWC_K_DROP, 0, {}, 0x44};
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return {FWC_K_SCOPE};
    const golden::Route6* best = nullptr;
    for (const auto& r : gc.routes6) {
      bool in = true;
      for (int b = 0; b < r.len; ++b) in = in && (((r.prefix[b / 8] ^ a[b / 8]) >> (7 - b % 8)) & 1) == 0;
      if (in && (!best || r.len > best->len)) best = &r;
    }
    if (!best) return {FWC_K_NO_ROUTE};
    const auto it = gc.neighbours6.find(best->next_hop.value_or(a));
    if (it == gc.neighbours6.end()) return {FWC_K_NO_NEIGH, best->port};
    return {FWC_K_FORWARD, best->port, it->second};
  };
  std::vector<fw::V6> probes;
  for (const auto& r : gc.routes6) probes.push_back(r.prefix);
  for (const auto& [ip, m] : gc.neighbours6) probes.push_back(ip);
  for (const char* s : {"::", "::1", "::2", "ff02::1", "ff05::2", "fe80::1", "fe80::9", "febf::1", "fec0::1",
                        "2001:db8:100:7fff::1", "2001:db8:100:8000::1", "2001:db8:1::11"}) {
    fw::V6 a{};
    ASSERT_EQ(inet_pton(AF_INET6, s, a.data()), 1);
    probes.push_back(a);
  }
  for (int i = 0; i < 5000; ++i) {
    fw::V6 a = probes[rng() % probes.size()];
    a[8 + rng() % 8] = static_cast<std::uint8_t>(rng());
    probes.push_back(a);
  }
  for (const auto& a : probes) {
    const auto want = expect6(a);
    const auto got = fw::blob_lookup6(blob, a);
    ASSERT_EQ(got.kind, want.kind);
    if (want.kind == FWC_K_FORWARD) {
      EXPECT_EQ(got.port, want.port);
      EXPECT_EQ(got.dmac, want.dmac);
    }
    if (want.kind == FWC_K_DROP) EXPECT_EQ(got.reason, want.reason);
  }
}

TEST(FwConfig, CommandLine) {
  // A directory of this process: other test processes (and other build trees) share TempDir().
  const std::string dir = fmt::format("{}/fwconfig.{}", ::testing::TempDir(), ::getpid());
  std::filesystem::create_directories(dir);
  const std::string bad = dir + "/fwc_bad.json";
  { std::ofstream(bad) << R"({"ports": [{"port": 0, "mac": "03:00:00:00:00:01"}]})"; }
  const std::string err = dir + "/fwc_err.txt";
  int rc = std::system(fmt::format("{} {} -o {}/fwc.bin 2> {}", BATON_FWCONFIG_EXE, bad, dir, err).c_str());
  EXPECT_EQ(WEXITSTATUS(rc), 2);
  std::ifstream e(err);
  std::string line, rest;
  std::getline(e, line);
  EXPECT_FALSE(std::getline(e, rest)) << "more than one line";
  EXPECT_EQ(line, "baton-fwconfig: error: " + bad + ": ports[0].mac: 03:00:00:00:00:01 is a multicast MAC");
  rc = std::system(fmt::format("{} {} -o {}/fwc.bin --hex {}/fwc.hex", BATON_FWCONFIG_EXE,
                               model_test::reference_config_path(), dir, dir).c_str());
  ASSERT_EQ(WEXITSTATUS(rc), 0);
  std::ifstream b(dir + "/fwc.bin", std::ios::binary);
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(b)), {});
  std::ifstream in(model_test::reference_config_path());
  EXPECT_EQ(bytes, fw::compile_blob(fw::parse_config(std::string(std::istreambuf_iterator<char>(in), {}))));
}

}  // namespace
