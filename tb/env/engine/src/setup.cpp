// SPDX-License-Identifier: Apache-2.0
#include "baton/env/engine/setup.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "baton/fw/blob.hpp"
#include "baton/fw/config.hpp"
#include "baton/net/pcap.hpp"
#include "baton/net/sessions.hpp"
#include "baton/net/traffic.hpp"

namespace baton::env::engine {

std::string default_image_prefix() { return BATON_ENGINE_IMAGE_PREFIX; }
std::string firewall_image_prefix() { return std::string(BATON_ENGINE_IMAGE_PREFIX) + "_fw"; }
std::string default_config_path() { return BATON_ENGINE_CONFIG; }

const Firmware& reference_firmware() {
  static const Firmware fw = load_firmware(default_image_prefix(), default_config_path());
  return fw;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Firmware load_firmware(const std::string& image_prefix, const std::string& config_path) {
  return load_firmware_text(image_prefix, read_text_file(config_path), config_path);
}

Firmware load_firmware_text(const std::string& image_prefix, const std::string& config_text, const std::string& name) {
  Firmware fw;
  try {
    fw.image = image::load(image_prefix + ".bin", image_prefix + ".json");
  } catch (const std::exception& e) {
    // The image reader's messages name their file; name the image when one does not.
    const std::string what = e.what();
    if (what.find(image_prefix) != std::string::npos) throw std::runtime_error(what);
    throw std::runtime_error(fmt::format("{}.bin: {}", image_prefix, what));
  }
  fw.config_text = config_text;
  try {
    fw.config = golden::parse_config(fw.config_text);
    fw.blob = fw::compile_blob(fw::parse_config(fw.config_text));
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", name, e.what()));
  }
  fw.blob_offset = FWC_DATA_OFFSET;
  return fw;
}

namespace {
std::vector<golden::Packet> from_generator(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports,
                                           const net::TrafficMix& mix, std::size_t min_size, std::size_t max_size) {
  auto profile = net::TrafficProfile::from_config_text(fw.config_text);
  std::erase_if(profile.ports, [&](const auto& p) { return p.port >= num_ports; });
  if (profile.ports.empty()) throw std::runtime_error("traffic: no configured port below the engine's port count");
  profile.mix = mix;
  profile.min_size = min_size;
  profile.max_size = max_size;
  net::TrafficGenerator gen(profile, seed);
  std::vector<golden::Packet> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto g = gen.next();
    out.push_back({std::vector<std::uint8_t>(g.frame.begin(), g.frame.end()), g.port, g.tuser});
  }
  return out;
}
}  // namespace

std::vector<golden::Packet> generated_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports) {
  return from_generator(fw, n, seed, num_ports, net::TrafficMix::standard(), 60, 1518);
}

std::vector<golden::Packet> skewed_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports,
                                           net::TrafficKind hot, double share) {
  net::TrafficMix mix = net::TrafficMix::standard();
  double total = 0;
  for (double w : mix.weight) total += w;
  for (double& w : mix.weight) w *= (1.0 - share) / total;
  mix.weight[static_cast<std::size_t>(hot)] += share;
  return from_generator(fw, n, seed, num_ports, mix, 60, 1518);
}

std::vector<golden::Packet> uniform_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports) {
  auto profile = net::TrafficProfile::from_config_text(fw.config_text);
  return from_generator(fw, n, seed, num_ports, net::TrafficMix::uniform(), profile.min_size, profile.max_size);
}

std::vector<golden::Packet> session_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports) {
  net::SessionGenerator gen(fw.config_text, net::SessionMix{}, seed);
  std::vector<golden::Packet> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto p = gen.next();
    if (p.port >= num_ports) {
      throw std::runtime_error(fmt::format("session traffic: port {} but the engine has {} ports", p.port, num_ports));
    }
    out.push_back({std::vector<std::uint8_t>(p.frame.begin(), p.frame.end()), p.port, p.tuser});
  }
  return out;
}

std::vector<golden::Packet> ipv4_64_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports) {
  return ipv4_sized_traffic(fw, n, seed, num_ports, 64);
}

std::vector<golden::Packet> ipv4_sized_traffic(const Firmware& fw, std::size_t n, std::uint64_t seed, unsigned num_ports,
                                               std::size_t bytes) {
  if (bytes < 64 || bytes > 1518) throw std::runtime_error(fmt::format("frame size {} is not in 64..1518", bytes));
  return from_generator(fw, n, seed, num_ports, net::TrafficMix::only(net::TrafficKind::kIp4Udp), bytes, bytes);
}

std::vector<golden::Packet> pcap_traffic(const std::string& path, unsigned in_port) {
  const auto file = net::read_pcap(path);
  std::vector<golden::Packet> out;
  for (const auto& r : file.records) {
    out.push_back({std::vector<std::uint8_t>(r.data.begin(), r.data.end()), static_cast<std::uint8_t>(in_port), false});
  }
  return out;
}

ReplayTraffic replay_traffic(const std::vector<CaptureSource>& sources, unsigned default_port, unsigned num_ports) {
  struct Rec {
    std::uint64_t ts;
    golden::Packet p;
  };
  std::vector<Rec> all;
  for (const auto& src : sources) {
    const auto file = net::read_pcap(src.path);
    for (std::size_t i = 0; i < file.records.size(); ++i) {
      const auto& r = file.records[i];
      const unsigned port = src.port ? *src.port : file.pcapng ? r.interface_id : default_port;
      if (port >= num_ports) {
        throw std::runtime_error(
            src.port || !file.pcapng
                ? fmt::format("{}: port {} is out of range (the engine has {} ports, 0..{})", src.path, port, num_ports,
                              num_ports - 1)
                : fmt::format("{}: record {} was captured on interface {}, but the engine has {} ports (0..{}); give "
                              "the file one port",
                              src.path, i + 1, port, num_ports, num_ports - 1));
      }
      all.push_back({std::uint64_t{r.ts_sec} * 1'000'000'000ULL + r.ts_nsec,
                     {std::vector<std::uint8_t>(r.data.begin(), r.data.end()), static_cast<std::uint8_t>(port), false}});
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const Rec& a, const Rec& b) { return a.ts < b.ts; });
  ReplayTraffic t;
  t.packets.reserve(all.size());
  t.ts_ns.reserve(all.size());
  for (auto& r : all) {
    t.packets.push_back(std::move(r.p));
    t.ts_ns.push_back(r.ts);
  }
  return t;
}

}  // namespace baton::env::engine
