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
