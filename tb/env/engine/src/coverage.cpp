// SPDX-License-Identifier: Apache-2.0
#include "baton/env/engine/coverage.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

#include "baton/abi.hpp"
#include "baton/net/parser.hpp"

namespace baton::env::engine {

namespace {

std::string_view hw_drop_name(unsigned code) {
  if (code <= abi::kDropFirmwareMax || code > 0xff) return "";
  return abi::drop_reason_label(static_cast<std::uint8_t>(code));
}

constexpr std::uint16_t kEthArp = 0x0806, kEthIp4 = 0x0800, kEthIp6 = 0x86dd;
constexpr std::uint8_t kProtoIcmp = 1, kProtoTcp = 6, kProtoUdp = 17, kProtoIcmp6 = 58;

struct Classified {
  std::string kind;
  std::string event;
  std::size_t tags = 0;
};

// The TCP event types of docs/ingress.md from the parsed header's flags (RST, SYN, FIN, rest).
std::string tcp_event(const net::L3Info& l3) {
  if (!l3.tcp) return "tcp";
  const auto fl = l3.tcp->flags;
  if (fl & 0x04) return "tcp_rst";
  if (fl & 0x02) return (fl & 0x10) ? "tcp_synack" : "tcp_syn";
  if (fl & 0x01) return "tcp_fin";
  return "tcp";
}

Classified classify(const std::vector<std::uint8_t>& frame) {
  const net::ParsedFrame f = net::parse_frame(frame, 4);
  Classified c;
  c.tags = f.tags.size();
  if (!f.eth_ok) return {"no_ethernet", "other", 0};
  auto l4 = [](std::uint8_t proto, bool v6) -> std::string {
    if (proto == kProtoUdp) return "udp";
    if (proto == kProtoTcp) return "tcp";
    if (proto == (v6 ? kProtoIcmp6 : kProtoIcmp)) return "icmp";
    return "other";
  };
  switch (f.ethertype) {
    case kEthArp:
      c.kind = "arp";
      c.event = "arp";
      break;
    case kEthIp4:
      if (f.l3.ip4 && f.l3.ip4->is_fragment()) {
        c.kind = "ipv4_fragment";
        c.event = "fragment";
      } else if (f.l3.ip4) {
        const std::string p = l4(f.l3.ip4->proto, false);
        c.kind = "ipv4_" + p;
        c.event = p == "other" ? "ipv4" : p == "tcp" ? tcp_event(f.l3) : p;
      } else {
        c.kind = "ipv4_other";
        c.event = "ipv4";
      }
      break;
    case kEthIp6:
      if (f.l3.frag6) {
        c.kind = "ipv6_fragment";
        c.event = "fragment";
      } else if (f.l3.ip6) {
        const std::string p = l4(f.l3.ip6->next_header, true);
        c.kind = "ipv6_" + p;
        c.event = p == "other" ? "ipv6" : p == "tcp" ? tcp_event(f.l3) : p;
      } else {
        c.kind = "ipv6_other";
        c.event = "ipv6";
      }
      break;
    default:
      c.kind = "other_ethertype";
      c.event = "other";
      break;
  }
  return c;
}

std::string_view fate_name(Fate f) {
  switch (f) {
    case Fate::kSent:
      return "sent";
    case Fate::kToHost:
      return "host";
    case Fate::kDropped:
      return "dropped";
    case Fate::kDone:
      return "done";
    case Fate::kPending:
      break;
  }
  return "pending";
}

// [0,255] (below the shortest firmware path), then power-of-two bands up to 16383, and 16384+.
constexpr std::uint64_t kLatencyFirst = 256, kLatencyLast = 16384;
std::string latency_bin(std::uint64_t cycles) {
  if (cycles < kLatencyFirst) return fmt::format("0-{}", kLatencyFirst - 1);
  for (std::uint64_t lo = kLatencyFirst; lo < kLatencyLast; lo *= 2) {
    if (cycles < 2 * lo) return fmt::format("{}-{}", lo, 2 * lo - 1);
  }
  return fmt::format("{}+", kLatencyLast);
}
std::vector<std::string> latency_bins() {
  std::vector<std::string> out{fmt::format("0-{}", kLatencyFirst - 1)};
  for (std::uint64_t lo = kLatencyFirst; lo < kLatencyLast; lo *= 2)
    out.push_back(fmt::format("{}-{}", lo, 2 * lo - 1));
  out.push_back(fmt::format("{}+", kLatencyLast));
  return out;
}

// 0, 1, 2-3, 4-7, ... up to capacity - 1, then "full" (capacity or more).
std::vector<std::pair<std::uint32_t, std::uint32_t>> queue_bands(unsigned capacity) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out{{0, 0}};
  for (std::uint32_t lo = 1; lo <= capacity - 1; lo *= 2)
    out.emplace_back(lo, std::min<std::uint32_t>(2 * lo - 1, capacity - 1));
  return out;
}
std::string band_name(std::uint32_t lo, std::uint32_t hi) {
  return lo == hi ? fmt::format("{}", lo) : fmt::format("{}-{}", lo, hi);
}

}  // namespace

std::string SystemCoverage::drop_bin(unsigned code) {
  std::string_view n = golden::name(static_cast<golden::Drop>(code));
  if (n.empty() || code >= 0x80) n = hw_drop_name(code);
  return fmt::format("{:#04x} {}", code, n);
}

std::vector<unsigned> SystemCoverage::drop_codes() {
  std::vector<unsigned> out;
  for (const auto d : golden::all_drop_reasons()) {
    const auto code = static_cast<unsigned>(d);
    if (code < 0x80) out.push_back(code);
  }
  // The hardware reasons a packet can meet without a fault (buffer_full onwards; faults and
  // no_partition have bins of their own).
  for (const auto r : abi::kHardwareDropReasons) {
    if (r >= abi::DropReason::kBufferFull) out.push_back(static_cast<unsigned>(r));
  }
  return out;
}

std::vector<std::string> SystemCoverage::size_bins() const {
  std::vector<std::string> out{fmt::format("runt <{}", shape_.min_frame),
                               fmt::format("{}-127", shape_.min_frame)};
  for (std::size_t lo = 128; lo < 1024; lo *= 2)
    out.push_back(fmt::format("{}-{}", lo, 2 * lo - 1));
  out.emplace_back("1024-1518");
  if (shape_.max_frame > 1518) out.push_back(fmt::format("1519-{}", shape_.max_frame));
  out.push_back(fmt::format("oversize >{}", shape_.max_frame));
  return out;
}

std::string SystemCoverage::size_bin(std::size_t bytes) const {
  const auto names = size_bins();
  if (bytes < shape_.min_frame) return names[0];
  if (bytes > shape_.max_frame) return names.back();
  if (bytes < 128) return names[1];
  std::size_t i = 2;
  for (std::size_t lo = 128; lo < 1024; lo *= 2, ++i) {
    if (bytes < 2 * lo) return names[i];
  }
  return bytes <= 1518 ? names[i] : names[i + 1];
}

SystemCoverage::SystemCoverage(Shape shape) : shape_(shape) {
  if (shape_.ports == 0 || shape_.ports > 16)
    throw std::invalid_argument("SystemCoverage: ports must be 1..16");
  if (shape_.min_frame >= 128 || shape_.max_frame < 1024 || shape_.queue_capacity < 2) {
    throw std::invalid_argument(
        "SystemCoverage: min_frame must be below 128, max_frame at least 1024, capacity >= 2");
  }
  for (const unsigned code : drop_codes()) declare("drop", drop_bin(code));
  // Faults and no_partition: the hardware reasons before buffer_full.
  for (const auto r : abi::kHardwareDropReasons) {
    if (r < abi::DropReason::kBufferFull) declare("fault", drop_bin(static_cast<unsigned>(r)));
  }
  for (const char* k : {"arp", "ipv4_udp", "ipv4_tcp", "ipv4_icmp", "ipv4_other", "ipv4_fragment",
                        "ipv6_udp", "ipv6_tcp", "ipv6_icmp", "ipv6_other", "ipv6_fragment",
                        "other_ethertype", "no_ethernet", "mac_error"}) {
    declare("kind", k);
  }
  for (const char* e :
       {"other", "arp", "ipv4", "ipv6", "tcp", "tcp_syn", "tcp_synack", "tcp_fin", "tcp_rst", "udp", "icmp",
        "fragment", "timeout"})
    declare("event", e);
  for (const char* a : {"forward", "reply", "host", "drop"}) declare("action", a);
  for (const char* f : {"sent", "host", "dropped", "done"}) declare("fate", f);
  for (std::size_t r = 1; r < golden::kReplyKinds; ++r) {
    declare("reply", std::string(golden::name(static_cast<golden::ReplyKind>(r))));
  }
  for (const char* v : {"0", "1", "2", "3+"}) declare("vlan", v);
  for (auto& s : size_bins()) declare("size", s);
  for (auto& l : latency_bins()) declare("latency", l);
  for (unsigned i = 0; i < shape_.ports; ++i) {
    for (unsigned o = 0; o < shape_.ports; ++o) declare("path", fmt::format("p{}->p{}", i, o));
    declare("path", fmt::format("p{}->host", i));
  }
  for (const auto& [lo, hi] : queue_bands(shape_.queue_capacity))
    declare("queue", band_name(lo, hi));
  declare("queue", fmt::format("full {}", shape_.queue_capacity));
}

void SystemCoverage::declare(std::string group, std::string name) {
  const std::string key = group + "/" + name;
  if (index_.contains(key)) throw std::logic_error("SystemCoverage: bin declared twice: " + key);
  index_.emplace(key, bins_.size());
  bins_.push_back({std::move(group), std::move(name), 0});
}

void SystemCoverage::hit(std::string_view group, const std::string& name, std::uint64_t n) {
  const auto it = index_.find(fmt::format("{}/{}", group, name));
  if (it == index_.end())
    throw std::logic_error(fmt::format("SystemCoverage: no bin {}/{}", group, name));
  bins_[it->second].hits += n;
}

std::uint64_t SystemCoverage::hits(std::string_view group, std::string_view name) const {
  const auto it = index_.find(fmt::format("{}/{}", group, name));
  if (it == index_.end())
    throw std::out_of_range(fmt::format("SystemCoverage: no bin {}/{}", group, name));
  return bins_[it->second].hits;
}

void SystemCoverage::sample(const std::vector<golden::Packet>& packets,
                            const std::vector<golden::Verdict>& golden,
                            const std::vector<PacketVerdict>& fates) {
  if (packets.size() != golden.size()) {
    throw std::invalid_argument(fmt::format("SystemCoverage: {} packets but {} golden verdicts",
                                            packets.size(), golden.size()));
  }
  // Check everything before counting anything, so a rejected run leaves the counts alone.
  for (const auto& f : fates) {
    if (f.index >= packets.size()) {
      throw std::invalid_argument(fmt::format(
          "SystemCoverage: fate of packet {} but only {} packets", f.index, packets.size()));
    }
    if (f.fate == Fate::kDropped && !(f.reason >= 0x80 && f.reason <= 0x84) &&
        !index_.contains("drop/" + drop_bin(f.reason))) {
      throw std::invalid_argument(fmt::format(
          "SystemCoverage: packet {} dropped with unknown reason {:#04x}", f.index, f.reason));
    }
  }
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const auto& p = packets[i];
    const Classified c = classify(p.frame);
    hit("kind", c.kind);
    if (p.tuser_error) hit("kind", "mac_error");
    hit("event", c.event);
    hit("vlan", c.tags >= 3 ? "3+" : std::to_string(c.tags));
    hit("size", size_bin(p.frame.size()));
    const auto& g = golden[i];
    static constexpr std::array<const char*, 4> kAction{"forward", "reply", "host", "drop"};
    hit("action", kAction.at(static_cast<std::size_t>(g.action)));
    if (g.action == golden::Action::kReply && g.reply != golden::ReplyKind::kNone) {
      hit("reply", std::string(golden::name(g.reply)));
    }
  }
  for (const auto& f : fates) {
    if (f.fate == Fate::kPending) continue;
    hit("fate", std::string(fate_name(f.fate)));
    switch (f.fate) {
      case Fate::kDropped:
        hit(f.reason >= 0x80 && f.reason <= 0x84 ? "fault" : "drop", drop_bin(f.reason));
        break;
      case Fate::kSent:
        hit("latency", latency_bin(f.latency));
        hit("path", fmt::format("p{}->p{}", f.in_port, f.out_port));
        break;
      case Fate::kToHost:
        hit("latency", latency_bin(f.latency));
        hit("path", fmt::format("p{}->host", f.in_port));
        break;
      default:
        break;
    }
  }
}

void SystemCoverage::sample_queue(std::uint32_t hwm) {
  if (hwm >= shape_.queue_capacity) {
    hit("queue", fmt::format("full {}", shape_.queue_capacity));
    return;
  }
  for (const auto& [lo, hi] : queue_bands(shape_.queue_capacity)) {
    if (hwm >= lo && hwm <= hi) {
      hit("queue", band_name(lo, hi));
      return;
    }
  }
}

void SystemCoverage::merge(const SystemCoverage& other) {
  if (other.bins_.size() != bins_.size())
    throw std::invalid_argument("SystemCoverage: merge of different shapes");
  for (std::size_t i = 0; i < bins_.size(); ++i) {
    if (bins_[i].group != other.bins_[i].group || bins_[i].name != other.bins_[i].name) {
      throw std::invalid_argument("SystemCoverage: merge of different shapes");
    }
  }
  for (std::size_t i = 0; i < bins_.size(); ++i) bins_[i].hits += other.bins_[i].hits;
}

std::vector<CoverageBin> SystemCoverage::holes() const {
  std::vector<CoverageBin> out;
  std::copy_if(bins_.begin(), bins_.end(), std::back_inserter(out),
               [](const auto& b) { return b.hits == 0; });
  return out;
}

std::vector<CoverageBin> SystemCoverage::group(std::string_view g) const {
  std::vector<CoverageBin> out;
  std::copy_if(bins_.begin(), bins_.end(), std::back_inserter(out),
               [&](const auto& b) { return b.group == g; });
  return out;
}

std::string SystemCoverage::table() const {
  std::string out = fmt::format("{:<8} {:<36} {:>10}\n", "group", "bin", "hits");
  std::string last;
  std::size_t g_total = 0, g_hit = 0;
  auto close_group = [&] {
    if (!last.empty())
      out += fmt::format("{:<8} {:<36} {:>10}\n", last, "(bins hit)",
                         fmt::format("{}/{}", g_hit, g_total));
  };
  for (const auto& b : bins_) {
    if (b.group != last) {
      close_group();
      last = b.group;
      g_total = g_hit = 0;
    }
    ++g_total;
    g_hit += b.hits != 0 ? 1 : 0;
    out += fmt::format("{:<8} {:<36} {:>10}\n", b.group, b.name, b.hits);
  }
  close_group();
  const auto h = holes();
  out += fmt::format("{} of {} bins hit; {} holes:\n", bins_.size() - h.size(), bins_.size(),
                     h.size());
  for (const auto& b : h) out += fmt::format("  {}/{}\n", b.group, b.name);
  return out;
}

}  // namespace baton::env::engine
