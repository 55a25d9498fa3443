// SPDX-License-Identifier: Apache-2.0
// baton-golden: runs a pcap through the golden model of the reference router.
//
//   baton-golden --config cfg.json --in in.pcap --out out.pcap [--host host.pcap] [--in-port N]
//                [--clock-mhz F] [--json] [--report FILE]
//
// Forwarded frames and replies go to --out in arrival order, to-host frames to --host; the report
// (one verdict per input packet, then the counters, and the firewall's when the configuration
// enables it) goes to stdout or --report. A pcapng record enters on the port numbered like its
// interface unless --in-port names one port for all. Any bad input gives one line on stderr and
// exit status 2.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>

#include "baton/golden/firewall.hpp"
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
  std::optional<unsigned> in_port;
  double clock_mhz = 100.0;
  bool json = false;
  app.add_option("--config", config_path, "router configuration (JSON)")->required();
  app.add_option("--in", in_path, "input capture (classic pcap, Ethernet)")->required();
  app.add_option("--out", out_path, "forwarded frames and replies (pcap)")->required();
  app.add_option("--host", host_path, "frames for the host interface (pcap)");
  app.add_option("--in-port", in_port,
                 "ingress port of every input frame (default: a pcapng record's interface number, else 0)")
      ->check(CLI::Range(0, 15));
  app.add_option("--clock-mhz", clock_mhz,
                 "engine clock for the firewall's time: capture timestamps become engine cycles (default 100)")
      ->check(CLI::Range(1.0, 2000.0));
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
    // Arrival in engine cycles from the first record's timestamp (section 12.6's clock).
    const auto ns = [](const net::PcapRecord& r) { return std::uint64_t{r.ts_sec} * 1'000'000'000ULL + r.ts_nsec; };
    const std::uint64_t t0 = in.records.empty() ? 0 : ns(in.records.front());
    std::uint64_t last_time = 0;
    for (std::size_t i = 0; i < in.records.size(); ++i) {
      const auto& rec = in.records[i];
      const unsigned port = in_port.value_or(in.pcapng ? rec.interface_id : 0);
      if (port > 15) {
        throw std::runtime_error(fmt::format("{}: record {} is on interface {}, beyond port 15 (give --in-port)",
                                             in_path, i + 1, port));
      }
      // Only the firewall has a clock; without it, captures keep whatever order their stamps have.
      if (router.firewall() != nullptr && i > 0 && ns(rec) < ns(in.records[i - 1])) {
        throw std::runtime_error(fmt::format("{}: record {} is earlier than the one before it (the firewall's clock)",
                                             in_path, i + 1));
      }
      const auto t = ns(rec) > t0 ? static_cast<std::uint64_t>(static_cast<double>(ns(rec) - t0) * clock_mhz / 1000.0) : 0;
      last_time = std::max(last_time, t);
      const golden::Verdict v = router.process({rec.data, static_cast<std::uint8_t>(port), false, t});
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
    // Section 12.9: the firewall's counters and the connections live after the last packet.
    nlohmann::json fw_json;
    std::string fw_text;
    if (golden::Firewall* fw = router.firewall()) {
      const auto& f = fw->counters();
      const auto live = fw->live_by_state(last_time);
      nlohmann::json states = nlohmann::json::object();
      for (std::size_t k = 0; k < golden::kConnStates; ++k) states[std::string(golden::name(static_cast<golden::ConnState>(k)))] = live[k];
      fw_json = {{"new", f.accepted_new}, {"established", f.accepted_established}, {"related", f.accepted_related},
                 {"created", f.created}, {"expired", f.expired}, {"fragments_followed", f.fragments_followed},
                 {"live", states}, {"live_fragments", fw->live_fragments(last_time)}};
      fw_text = fmt::format("firewall: accepted new {}  established {}  related {}; connections created {}  expired {}; "
                            "fragments followed {}\n  live:",
                            f.accepted_new, f.accepted_established, f.accepted_related, f.created, f.expired,
                            f.fragments_followed);
      for (std::size_t k = 0; k < golden::kConnStates; ++k) {
        if (live[k]) fw_text += fmt::format(" {} {}", golden::name(static_cast<golden::ConnState>(k)), live[k]);
      }
      fw_text += "\n";
    }
    if (json) {
      nlohmann::json j{{"verdicts", verdicts}, {"counters", c.to_json()}};
      if (!fw_json.is_null()) j["firewall"] = fw_json;
      report = j.dump(2) + "\n";
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
      report += fw_text;
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
