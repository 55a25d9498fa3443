// SPDX-License-Identifier: Apache-2.0
// baton-engine-iss: runs packets through the ISS-level engine model with the reference firmware
// image and a router configuration (docs/firmware.md, "ISS engine model").
//
//   baton-engine-iss --config cfg.json (--in in.pcap [--in-port N] | --gen N [--seed S])
//                    [--image PREFIX] [--out out.pcap] [--host host.pcap] [--tiles T] [--threads N]
//                    [--slots S] [--imem-pages P [--part-slots N] [--preload fit|initial]] [--json]
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

#include "baton/model/engine/engine_model.hpp"
#include "baton/fw/blob.hpp"
#include "baton/net/pcap.hpp"
#include "baton/net/traffic.hpp"

namespace {

struct Stat {
  std::uint64_t n = 0, sum = 0, min = ~0ULL, max = 0;
  void add(std::uint64_t v) {
    ++n;
    sum += v;
    min = std::min(min, v);
    max = std::max(max, v);
  }
  [[nodiscard]] std::string text() const {
    return n == 0 ? "-" : fmt::format("{:.1f} (min {}, max {}, {} packets)", static_cast<double>(sum) / n, min, max, n);
  }
  [[nodiscard]] std::string json() const {
    return n == 0 ? "null"
                  : fmt::format("{{\"mean\": {:.2f}, \"min\": {}, \"max\": {}, \"packets\": {}}}",
                                static_cast<double>(sum) / n, min, max, n);
  }
};

// --imem-pages and --preload are parsed here rather than by CLI11 validators so that a bad value
// gives the tool's one-line error and exit status 2, like every other bad input.
unsigned parse_count(const std::string& opt, const std::string& text, unsigned max) {
  std::size_t used = 0;
  unsigned long v = 0;
  try {
    v = std::stoul(text, &used, 10);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || text[0] == '-' || text[0] == '+' || v > max)
    throw std::runtime_error(fmt::format("{} {}: expected an integer 0..{}", opt, text, max));
  return static_cast<unsigned>(v);
}

baton::model::engine::Preload parse_preload(const std::string& text) {
  if (text == "fit") return baton::model::engine::Preload::kFit;
  if (text == "initial") return baton::model::engine::Preload::kInitial;
  throw std::runtime_error(fmt::format("--preload {}: expected fit or initial", text));
}

std::string paging_json(const baton::model::engine::PagingCounters& p) {
  return fmt::format("{{\"loads\": {}, \"preloads\": {}, \"pages\": {}, \"evictions\": {}, \"faults\": {}, "
                     "\"fault_cycles\": {}, \"max_fault_cycles\": {}, \"victim_waits\": {}}}",
                     p.loads, p.preloads, p.pages, p.evictions, p.faults, p.fault_cycles, p.max_fault_cycles,
                     p.victim_waits);
}

std::string category(const baton::model::engine::Completion& c) {
  using baton::model::engine::OutKind;
  if (c.kind == OutKind::kToHost) return "to_host";
  if (c.kind == OutKind::kDrop) return "drop";
  if (c.kind == OutKind::kDone) return "done";
  std::size_t off = 12;
  while (off + 2 <= c.frame.size() && off < 22 && (c.frame[off] << 8 | c.frame[off + 1]) != 0x0800 &&
         (c.frame[off] << 8 | c.frame[off + 1]) != 0x86dd && (c.frame[off] << 8 | c.frame[off + 1]) != 0x0806)
    off += 4;
  const unsigned t = off + 2 <= c.frame.size() ? (c.frame[off] << 8 | c.frame[off + 1]) : 0;
  return t == 0x0800 ? "send_ipv4" : t == 0x86dd ? "send_ipv6" : t == 0x0806 ? "send_arp" : "send_other";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ISS-level engine model running the reference firmware"};
  std::string image = BATON_ROUTER_IMAGE_DEFAULT;
  std::string config, in, out, host;
  unsigned in_port = 0, gen = 0;
  std::uint64_t seed = 1;
  baton::model::engine::EngineConfig ec;
  bool json = false;
  std::string imem_pages = "0", part_slots = "8", preload = "fit";
  app.add_option("--image", image, "firmware image prefix (PREFIX.bin, PREFIX.json)");
  app.add_option("--config", config, "router configuration (JSON)")->required();
  app.add_option("--in", in, "input pcap");
  app.add_option("--in-port", in_port, "ingress port of the pcap's frames")->check(CLI::Range(0, 15));
  app.add_option("--gen", gen, "generate N packets with the tb/net traffic generator instead");
  app.add_option("--seed", seed, "generator seed");
  app.add_option("--out", out, "sent frames (pcap)");
  app.add_option("--host", host, "to-host frames (pcap)");
  app.add_option("--tiles", ec.tiles, "tiles")->check(CLI::Range(1, 64));
  app.add_option("--threads", ec.threads, "threads per tile")->check(CLI::Range(1, 8));
  app.add_option("--slots", ec.slots, "packet-buffer slots")->check(CLI::Range(1, 65536));
  app.add_option("--imem-pages", imem_pages, "page slots per tile (0: every partition on every tile)");
  app.add_option("--part-slots", part_slots, "partition slots per tile (with --imem-pages)");
  app.add_option("--preload", preload, "partitions in the tiles before traffic: fit or initial");
  app.add_flag("--json", json, "report as JSON");
  CLI11_PARSE(app, argc, argv);
  try {
    if (in.empty() == (gen == 0)) throw std::runtime_error("give exactly one of --in and --gen");
    ec.imem_pages = parse_count("--imem-pages", imem_pages, 4096);
    ec.part_slots = parse_count("--part-slots", part_slots, 256);
    ec.preload = parse_preload(preload);
    auto blob = baton::fw::compile_blob(baton::fw::load_config(config));
    std::vector<baton::model::engine::InPacket> pkts;
    std::vector<std::string> kinds;  // generator kind per packet (--gen)
    if (!in.empty()) {
      for (auto& r : baton::net::read_pcap(in).records)
        pkts.push_back({std::move(r.data), static_cast<std::uint8_t>(in_port), false});
    } else {
      baton::net::TrafficGenerator g(baton::net::TrafficProfile::from_config_file(config), seed);
      for (unsigned i = 0; i < gen; ++i) {
        auto p = g.next();
        kinds.emplace_back(baton::net::to_string(p.kind));
        pkts.push_back({std::move(p.frame), p.port, p.tuser});
      }
    }
    baton::model::engine::EngineModel model(image, std::move(blob), ec);
    const auto done = model.run(pkts);
    std::optional<baton::net::PcapWriter> wout, whost;
    if (!out.empty()) wout.emplace(out);
    if (!host.empty()) whost.emplace(host);
    std::map<std::string, Stat> stats, by_kind;
    Stat all;
    for (const auto& d : done) {
      if (d.kind == baton::model::engine::OutKind::kSend && wout) wout->write(d.frame, static_cast<std::uint32_t>(d.index));
      if (d.kind == baton::model::engine::OutKind::kToHost && whost) whost->write(d.frame, static_cast<std::uint32_t>(d.index));
      if (d.deliveries == 0) continue;  // dropped by the ingress, no instructions
      stats[category(d)].add(d.instructions);
      if (!kinds.empty()) by_kind[kinds.at(d.index)].add(d.instructions);
      all.add(d.instructions);
    }
    const auto& c = model.counters();
    if (json) {
      fmt::print("{{\"rx\": {}, \"forwarded\": {}, \"replies\": {}, \"to_host\": {}, \"dropped\": {}, \"done\": {}, "
                 "\"cycles\": {}, \"instructions\": {}, \"per_packet\": {{\"all\": {}",
                 c.rx, c.forwarded, c.replies, c.to_host, c.dropped, c.done, c.cycles, c.instructions, all.json());
      for (const auto& [k, s] : stats) fmt::print(", \"{}\": {}", k, s.json());
      fmt::print("}}, \"per_kind\": {{");
      bool first_kind = true;
      for (const auto& [k, s] : by_kind) {
        fmt::print("{}\"{}\": {}", first_kind ? "" : ", ", k, s.json());
        first_kind = false;
      }
      fmt::print("}}, \"paging\": {}", paging_json(c.paging));
      fmt::print(", \"drop\": {{");
      bool first = true;
      for (unsigned r = 0; r < 256; ++r) {
        if (c.drop[r] == 0) continue;
        fmt::print("{}\"0x{:02x}\": {}", first ? "" : ", ", r, c.drop[r]);
        first = false;
      }
      fmt::print("}}}}\n");
    } else {
      fmt::print("rx {} forwarded {} replies {} to_host {} dropped {} done {}\n", c.rx, c.forwarded, c.replies,
                 c.to_host, c.dropped, c.done);
      fmt::print("{} tiles x {} threads: {} cycles, {} instructions\n", ec.tiles, ec.threads, c.cycles, c.instructions);
      if (ec.imem_pages != 0) {
        const auto& p = c.paging;
        fmt::print("paging: {} page slots, {} partition slots, preload {}: {} loads ({} preloads, {} pages), {} evictions, "
                   "{} faults ({} cycles, max {}), {} victim waits\n",
                   ec.imem_pages, ec.part_slots, preload, p.loads, p.preloads, p.pages, p.evictions, p.faults,
                   p.fault_cycles, p.max_fault_cycles, p.victim_waits);
      }
      fmt::print("instructions per packet: all {}\n", all.text());
      for (const auto& [k, s] : stats) fmt::print("  {:<10} {}\n", k, s.text());
      if (!by_kind.empty()) fmt::print("by generated kind:\n");
      for (const auto& [k, s] : by_kind) fmt::print("  {:<18} {}\n", k, s.text());
      for (unsigned r = 0; r < 256; ++r)
        if (c.drop[r] != 0) fmt::print("drop 0x{:02x}: {}\n", r, c.drop[r]);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "baton-engine-iss: error: %s\n", e.what());
    return 2;
  }
  return 0;
}
