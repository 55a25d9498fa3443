// SPDX-License-Identifier: Apache-2.0
// baton-golden: runs a pcap through the golden model of the reference router.
//
//   baton-golden --config cfg.json --in in.pcap --out out.pcap [--host host.pcap] [--in-port N]
//                [--json] [--report FILE]
//
// Forwarded frames and replies go to --out in arrival order, to-host frames to --host; the report
// (one verdict per input packet, then the counters) goes to stdout or --report. Any bad input
// gives one line on stderr and exit status 2.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <optional>

#include "baton/golden/router.hpp"
#include "baton/net/pcap.hpp"

namespace {

namespace golden = baton::golden;
namespace net = baton::net;

constexpr int kBadInput = 2;

std::string describe(const golden::Verdict& v) {
  switch (v.action) {
    case golden::Action::kForward:
      return fmt::format("forward port {} len {}", v.port, v.frame.size());
    case golden::Action::kReply:
      return fmt::format("reply {} port {} len {}", golden::name(v.reply), v.port, v.frame.size());
    case golden::Action::kToHost:
      return fmt::format("to_host len {}", v.frame.size());
    case golden::Action::kDrop:
      return fmt::format("drop 0x{:02x} {}", static_cast<unsigned>(v.reason),
                         golden::name(v.reason));
  }
  return "?";
}

nlohmann::json to_json(std::size_t index, const golden::Verdict& v) {
  nlohmann::json j{{"packet", index}, {"action", golden::name(v.action)}};
  if (v.action == golden::Action::kDrop) {
    j["reason"] = golden::name(v.reason);
    j["code"] = static_cast<unsigned>(v.reason);
  } else {
    j["port"] = v.port;
    j["length"] = v.frame.size();
  }
  if (v.action == golden::Action::kReply) j["reply"] = golden::name(v.reply);
  return j;
}

int run(int argc, char** argv) {
  CLI::App app{"Runs a pcap through the Baton golden model (docs/feature-set.md)", "baton-golden"};
  std::string config_path;
  std::string in_path;
  std::string out_path;
  std::string host_path;
  std::string report_path;
  unsigned in_port = 0;
  bool json = false;
  app.add_option("--config", config_path, "router configuration (JSON)")->required();
  app.add_option("--in", in_path, "input capture (classic pcap, Ethernet)")->required();
  app.add_option("--out", out_path, "forwarded frames and replies (pcap)")->required();
  app.add_option("--host", host_path, "frames for the host interface (pcap)");
  app.add_option("--in-port", in_port, "ingress port of every input frame")
      ->check(CLI::Range(0, 15));
  app.add_flag("--json", json, "write the report as JSON");
  app.add_option("--report", report_path, "write the report to this file instead of stdout");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "baton-golden: " << e.what() << " (see --help)\n";
    return kBadInput;
  }

  try {
    golden::Router router(golden::load_config(config_path));
    const net::PcapFile in = net::read_pcap(in_path);
    net::PcapWriter out(out_path);
    std::optional<net::PcapWriter> host;
    if (!host_path.empty()) host.emplace(host_path);

    nlohmann::json verdicts = nlohmann::json::array();
    std::string text;
    for (std::size_t i = 0; i < in.records.size(); ++i) {
      const auto& rec = in.records[i];
      const golden::Verdict v =
          router.process({rec.data, static_cast<std::uint8_t>(in_port), false});
      if (v.action == golden::Action::kForward || v.action == golden::Action::kReply) {
        out.write(v.frame, rec.ts_sec, rec.ts_nsec);
      } else if (v.action == golden::Action::kToHost && host) {
        host->write(v.frame, rec.ts_sec, rec.ts_nsec);
      }
      if (json) {
        verdicts.push_back(to_json(i + 1, v));
      } else {
        text += fmt::format("{:6} {}\n", i + 1, describe(v));
      }
    }
    out.close();
    if (host) host->close();

    const auto& c = router.counters();
    std::string report;
    if (json) {
      report = nlohmann::json{{"verdicts", verdicts}, {"counters", c.to_json()}}.dump(2) + "\n";
    } else {
      report = text;
      report += fmt::format("rx {}  forwarded {}  replies {}  to_host {}  dropped {}\n", c.rx,
                            c.forwarded, c.replies, c.to_host, c.dropped);
      for (std::size_t k = 1; k < golden::kReplyKinds; ++k) {
        const auto kind = static_cast<golden::ReplyKind>(k);
        if (c.replies_of(kind))
          report += fmt::format("  reply {:22} {}\n", golden::name(kind), c.replies_of(kind));
      }
      for (const auto d : golden::all_drop_reasons()) {
        if (c.drops(d))
          report += fmt::format("  drop 0x{:02x} {:28} {}\n", static_cast<unsigned>(d),
                                golden::name(d), c.drops(d));
      }
    }
    if (report_path.empty()) {
      std::cout << report;
    } else {
      std::ofstream r(report_path);
      r << report;
      if (!r) throw std::runtime_error(fmt::format("{}: cannot write the report", report_path));
    }
    if (const auto bad = c.check_invariants(); !bad.empty()) {
      throw std::logic_error(fmt::format("internal error: counter invariant broken: {}", bad));
    }
  } catch (const std::exception& e) {
    std::cerr << "baton-golden: " << e.what() << "\n";
    return kBadInput;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return run(argc, argv); }
