// SPDX-License-Identifier: Apache-2.0
// Shared-capture helpers: the list of captures with their tshark dissections, a CSV reader, a
// per-capture router configuration, and the fields of tb/net's dissector in tshark's spelling.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "baton/net/parser.hpp"
#include "baton/net/pcap.hpp"

namespace baton::model_test {

struct Capture {
  std::string name;  // e.g. "chksums/ip4-bad-chksum"
  std::filesystem::path pcap;
  std::filesystem::path csv;  // expected/<name with / as _>.tshark.csv
};

// Every capture that has a tshark dissection in expected/.
inline std::vector<Capture> captures(const std::filesystem::path& pcaps) {
  std::vector<Capture> out;
  for (const auto& e : std::filesystem::directory_iterator(pcaps / "expected")) {
    const std::string f = e.path().filename().string();
    const std::string suffix = ".tshark.csv";
    if (f.size() <= suffix.size() || f.substr(f.size() - suffix.size()) != suffix) continue;
    std::string name = f.substr(0, f.size() - suffix.size());
    if (name.rfind("chksums_", 0) == 0) name = "chksums/" + name.substr(8);
    out.push_back({name, pcaps / (name + ".pcap"), e.path()});
  }
  std::sort(out.begin(), out.end(),
            [](const Capture& a, const Capture& b) { return a.name < b.name; });
  return out;
}

// RFC 4180-style CSV: quoted fields may hold commas and doubled quotes.
inline std::vector<std::map<std::string, std::string>> read_csv(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> row;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    row.push_back(cur);
    rows.push_back(row);
  }
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> m;
    for (std::size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c)
      m[rows[0][c]] = rows[r][c];
    out.push_back(m);
  }
  return out;
}

// The dissector's view of a frame, keyed and formatted like the tshark fields of MANIFEST.md.
// Absent fields are absent from the map. L4 fields of an ICMP error come from the quoted
// datagram, as tshark's first occurrence does.
inline std::map<std::string, std::string> tshark_fields(const net::PcapRecord& rec) {
  using net::to_string;
  std::map<std::string, std::string> m;
  const net::ParsedFrame p = net::parse_frame(rec.data);
  const auto status = [](net::CsumStatus s) { return fmt::format("{}", static_cast<int>(s)); };
  m["frame.len"] = fmt::format("{}", rec.orig_len);
  m["frame.cap_len"] = fmt::format("{}", rec.data.size());
  if (!p.eth_ok) return m;
  m["eth.dst"] = to_string(p.dst);
  m["eth.src"] = to_string(p.src);
  m["eth.type"] = fmt::format("0x{:04x}", p.eth_type);
  if (!p.tags.empty()) {
    m["vlan.id"] = fmt::format("{}", p.tags[0].vid);
    m["vlan.etype"] = fmt::format("0x{:04x}", p.tags[0].next_type);
  }
  const auto& l3 = p.l3;
  if (l3.arp) {
    m["arp.opcode"] = fmt::format("{}", l3.arp->op);
    m["arp.src.proto_ipv4"] = to_string(l3.arp->spa);
    m["arp.dst.proto_ipv4"] = to_string(l3.arp->tpa);
  }
  if (l3.ip4) {
    const auto& ip = *l3.ip4;
    m["ip.version"] = fmt::format("{}", ip.version);
    m["ip.hdr_len"] = fmt::format("{}", ip.ihl * 4);
    m["ip.len"] = fmt::format("{}", ip.total_length);
    m["ip.id"] = fmt::format("0x{:04x}", ip.id);
    m["ip.flags.df"] = ip.df ? "1" : "0";
    m["ip.flags.mf"] = ip.mf ? "1" : "0";
    m["ip.frag_offset"] = fmt::format("{}", ip.frag_offset);
    m["ip.ttl"] = fmt::format("{}", ip.ttl);
    m["ip.proto"] = fmt::format("{}", ip.proto);
    m["ip.checksum"] = fmt::format("0x{:04x}", ip.checksum);
    m["ip.checksum.status"] = status(ip.checksum_status);
    m["ip.src"] = to_string(ip.src);
    m["ip.dst"] = to_string(ip.dst);
  }
  if (l3.ip6) {
    const auto& ip = *l3.ip6;
    m["ip.version"] = fmt::format("{}", ip.version);
    m["ipv6.plen"] = fmt::format("{}", ip.payload_length);
    m["ipv6.nxt"] = fmt::format("{}", ip.next_header);
    m["ipv6.hlim"] = fmt::format("{}", ip.hop_limit);
    m["ipv6.src"] = to_string(ip.src);
    m["ipv6.dst"] = to_string(ip.dst);
  }
  if (l3.frag6) {
    m["ipv6.fraghdr.nxt"] = fmt::format("{}", l3.frag6->next_header);
    m["ipv6.fraghdr.offset"] = fmt::format("{}", l3.frag6->offset);
    m["ipv6.fraghdr.more"] = l3.frag6->more ? "1" : "0";
    m["ipv6.fraghdr.ident"] = fmt::format("0x{:08x}", l3.frag6->ident);
  }
  const net::L3Info& l4 = p.quoted ? *p.quoted : l3;
  if (l4.tcp) {
    const auto& t = *l4.tcp;
    m["tcp.srcport"] = fmt::format("{}", t.sport);
    m["tcp.dstport"] = fmt::format("{}", t.dport);
    m["tcp.seq_raw"] = fmt::format("{}", t.seq);
    m["tcp.ack_raw"] = fmt::format("{}", t.ack);
    m["tcp.flags"] = fmt::format("0x{:04x}", t.flags);
    if (t.payload_len) m["tcp.len"] = fmt::format("{}", *t.payload_len);
    m["tcp.checksum.status"] = status(t.checksum_status);
  }
  if (l4.udp) {
    const auto& u = *l4.udp;
    m["udp.srcport"] = fmt::format("{}", u.sport);
    m["udp.dstport"] = fmt::format("{}", u.dport);
    m["udp.length"] = fmt::format("{}", u.length);
    m["udp.checksum.status"] = status(u.checksum_status);
  }
  if (l3.icmp) {
    m["icmp.type"] = fmt::format("{}", l3.icmp->type);
    m["icmp.code"] = fmt::format("{}", l3.icmp->code);
    m["icmp.checksum.status"] = status(l3.icmp->checksum_status);
  }
  if (l3.icmp6) {
    m["icmpv6.type"] = fmt::format("{}", l3.icmp6->type);
    m["icmpv6.code"] = fmt::format("{}", l3.icmp6->code);
    m["icmpv6.checksum.status"] = status(l3.icmp6->checksum_status);
  }
  return m;
}

// A router for replaying a capture: port i's MAC is the i-th distinct unicast destination MAC
// of the capture, so both directions of a conversation enter through "their" port; port 0 and 1
// also carry the addresses the captures' requests are aimed at; default routes point at a
// neighbour behind port 1. Frames below 60 bytes are accepted (captures taken at the sender
// have no Ethernet padding).
inline std::string replay_config(const std::vector<net::Mac>& macs) {
  std::string ports;
  for (std::size_t i = 0; i < macs.size() && i < 16; ++i) {
    std::string addrs;
    if (i == 0) {
      addrs = R"(, "ipv4": ["10.0.0.1/24", "74.125.225.99", "192.168.1.101"],
               "ipv6": ["2001:4860:8006::63", "2001:4f8:4:7:2e0:81ff:fe52:9a6b"])";
    } else if (i == 1) {
      addrs = R"(, "ipv4": ["192.0.2.1/24"], "ipv6": ["2001:db8:1::1/64"])";
    }
    ports += fmt::format(R"({}{{"port": {}, "mac": "{}"{}}})", i ? ", " : "", i,
                         net::to_string(macs[i]), addrs);
  }
  return fmt::format(R"({{"ports": [{}],
    "routes_ipv4": [{{"prefix": "0.0.0.0/0", "next_hop": "192.0.2.254", "port": 1}}],
    "routes_ipv6": [{{"prefix": "::/0", "next_hop": "2001:db8:1::fe", "port": 1}}],
    "neighbours": [{{"ip": "192.0.2.254", "mac": "02:00:00:00:00:fe"}},
                   {{"ip": "2001:db8:1::fe", "mac": "02:00:00:00:00:fe"}},
                   {{"ip": "10.0.0.2", "mac": "02:00:00:00:00:02"}}],
    "limits": {{"min_frame": 14}}}})",
                     ports);
}

// Distinct unicast destination MACs in order of appearance, and the port each frame enters on.
inline std::pair<std::vector<net::Mac>, std::vector<std::uint8_t>> replay_ports(
    const net::PcapFile& f) {
  std::vector<net::Mac> macs;
  std::vector<std::uint8_t> ports;
  for (const auto& r : f.records) {
    std::uint8_t port = 0;
    if (r.data.size() >= 6 && !(r.data[0] & 1)) {
      const net::Mac d = net::get_array<6>(r.data, 0);
      auto it = std::find(macs.begin(), macs.end(), d);
      if (it == macs.end() && macs.size() < 16) {
        macs.push_back(d);
        it = macs.end() - 1;
      }
      if (it != macs.end()) port = static_cast<std::uint8_t>(it - macs.begin());
    }
    ports.push_back(port);
  }
  // Two ports at least: the default routes leave through port 1.
  while (macs.size() < 2)
    macs.push_back(net::mac(macs.empty() ? "02:00:00:00:00:01" : "02:00:00:00:00:02"));
  return {macs, ports};
}

}  // namespace baton::model_test
