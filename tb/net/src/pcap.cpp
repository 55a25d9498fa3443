// SPDX-License-Identifier: Apache-2.0
#include "baton/bytes.hpp"
#include "baton/net/pcap.hpp"

#include <fmt/format.h>
#include <pcap/pcap.h>

#include <cstdio>
#include <iterator>
#include <memory>

namespace baton::net {

namespace {

constexpr std::uint32_t kMagicUs = 0xa1b2c3d4;
constexpr std::uint32_t kMagicNs = 0xa1b23c4d;
constexpr std::uint32_t kMagicPcapng = 0x0a0d0d0a;  // the section header block's type
constexpr std::uint32_t kByteOrderMagic = 0x1a2b3c4d;

std::uint32_t swap32(std::uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}
using bytes::load_le16;
using bytes::load_le32;

struct PcapClose {
  void operator()(pcap_t* p) const { pcap_close(p); }
};

// libpcap reports a short file as "truncated dump file; tried to read ..."; say which record.
std::string record_error(const std::string& path, std::size_t n, const std::string& what) {
  const std::string prefix = "truncated dump file; ";
  if (what.rfind(prefix, 0) == 0) {
    return fmt::format("{}: record {} truncated: {}", path, n, what.substr(prefix.size()));
  }
  return fmt::format("{}: record {}: {}", path, n, what);
}

// libpcap reads pcapng but does not tell which interface a packet was captured on (pcap_next_ex
// gives a pcap_pkthdr, which has no interface field), and the Wireshark convention that replay
// follows maps interface i to port i. So the file is walked once more, block by block, just far
// enough to list the interfaces (IDB, with if_name) and the interface of every packet block in
// file order (EPB: its interface id; SPB: interface 0; the obsolete PB: its 16-bit id). Each
// section header (SHB) sets the byte order of its section and starts a new interface list.
// libpcap has already validated the structure; a disagreement is reported, not guessed around.
struct PcapngWalk {
  std::vector<std::string> interfaces;  // of the last section
  std::vector<std::uint32_t> packet_if;
};

PcapngWalk walk_pcapng(const std::string& path, const Bytes& b) {
  PcapngWalk w;
  bool swapped = false;
  std::size_t off = 0;
  auto rd32 = [&](std::size_t o) { return swapped ? swap32(load_le32(b, o)) : load_le32(b, o); };
  auto rd16 = [&](std::size_t o) {
    const std::uint16_t v = load_le16(b, o);
    return swapped ? static_cast<std::uint16_t>(v >> 8 | v << 8) : v;
  };
  while (b.size() - off >= 12) {
    const std::uint32_t raw_type = load_le32(b, off);
    if (raw_type == kMagicPcapng) {
      const std::uint32_t bom = load_le32(b, off + 8);
      if (bom == kByteOrderMagic) {
        swapped = false;
      } else if (swap32(bom) == kByteOrderMagic) {
        swapped = true;
      } else {
        throw PcapError(fmt::format("{}: pcapng section at byte {} has byte-order magic 0x{:08x}", path, off, bom));
      }
      w.interfaces.clear();
    }
    const std::uint32_t type = rd32(off);
    const std::uint32_t len = rd32(off + 4);
    if (len < 12 || len % 4 != 0 || len > b.size() - off) {
      throw PcapError(fmt::format("{}: pcapng block at byte {} has length {}", path, off, len));
    }
    const std::size_t body = off + 8, end = off + len - 4;
    if (type == 1 && end - body >= 8) {  // interface description: link type, reserved, snaplen, options
      std::string name;
      std::size_t o = body + 8;
      while (end - o >= 4) {
        const std::uint16_t code = rd16(o), olen = rd16(o + 2);
        if (code == 0 || end - o - 4 < olen) break;
        if (code == 2) name.assign(b.begin() + static_cast<std::ptrdiff_t>(o + 4),
                                   b.begin() + static_cast<std::ptrdiff_t>(o + 4 + olen));
        o += 4 + ((olen + 3U) & ~3U);
      }
      w.interfaces.push_back(name);
    } else if (type == 6 && end - body >= 4) {  // enhanced packet
      w.packet_if.push_back(rd32(body));
    } else if (type == 3) {  // simple packet: always the first interface
      w.packet_if.push_back(0);
    } else if (type == 2 && end - body >= 2) {  // packet block (obsolete)
      w.packet_if.push_back(rd16(body));
    }
    off += len;
  }
  return w;
}

using bytes::append_le16;
using bytes::append_le32;
void pad4(Bytes& b) {
  while (b.size() % 4 != 0) b.push_back(0);
}
// A block: type, total length, body (padded to 4), total length again.
Bytes block(std::uint32_t type, const Bytes& body) {
  Bytes b;
  append_le32(b, type);
  append_le32(b, 0);
  b.insert(b.end(), body.begin(), body.end());
  pad4(b);
  append_le32(b, 0);
  const auto len = static_cast<std::uint32_t>(b.size());
  for (int i = 0; i < 4; ++i) {
    b[4 + i] = static_cast<std::uint8_t>(len >> (8 * i));
    b[b.size() - 4 + i] = static_cast<std::uint8_t>(len >> (8 * i));
  }
  return b;
}

}  // namespace

PcapFile read_pcap(const std::string& path, bool require_ethernet) {
  // The file is read here first so that the familiar one-line messages (cannot open, not a pcap
  // file) come before libpcap's, and so that pcapng can be walked for interface ids.
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PcapError(fmt::format("{}: cannot open", path));
  const Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  if (b.size() < 4) {
    throw PcapError(fmt::format("{}: not a pcap file ({} bytes, the file header alone is 24)", path, b.size()));
  }
  const std::uint32_t raw = load_le32(b, 0);
  const bool classic =
      raw == kMagicUs || raw == kMagicNs || swap32(raw) == kMagicUs || swap32(raw) == kMagicNs;
  const bool ng = raw == kMagicPcapng;
  if (!classic && !ng) throw PcapError(fmt::format("{}: not a pcap file (magic 0x{:08x})", path, raw));
  if (classic && b.size() < 24) {
    throw PcapError(fmt::format("{}: not a pcap file ({} bytes, the file header alone is 24)", path, b.size()));
  }

  char errbuf[PCAP_ERRBUF_SIZE] = {};
  std::unique_ptr<pcap_t, PcapClose> p(
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf));
  if (!p) {
    throw PcapError(fmt::format("{}: {}{}", path, ng ? "bad pcapng file: " : "", errbuf));
  }
  PcapFile f;
  f.pcapng = ng;
  f.snaplen = static_cast<std::uint32_t>(pcap_snapshot(p.get()));
  f.link_type = static_cast<std::uint32_t>(pcap_datalink(p.get()));
  if (require_ethernet && f.link_type != kLinkEthernet) {
    throw PcapError(fmt::format("{}: link type {} is not Ethernet (1)", path, f.link_type));
  }
  pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  for (;;) {
    const std::size_t n = f.records.size() + 1;
    const int rc = pcap_next_ex(p.get(), &h, &data);
    if (rc == PCAP_ERROR_BREAK) break;  // end of file
    if (rc != 1) throw PcapError(record_error(path, n, pcap_geterr(p.get())));
    if (h->caplen > h->len) {
      throw PcapError(fmt::format("{}: record {} captured length {} exceeds its wire length {}", path, n,
                                  h->caplen, h->len));
    }
    PcapRecord r;
    r.ts_sec = static_cast<std::uint32_t>(h->ts.tv_sec);
    r.ts_nsec = static_cast<std::uint32_t>(h->ts.tv_usec);  // nanoseconds at this precision
    r.orig_len = h->len;
    r.data.assign(data, data + h->caplen);
    f.records.push_back(std::move(r));
  }
  if (ng) {
    PcapngWalk w = walk_pcapng(path, b);
    if (w.packet_if.size() != f.records.size()) {
      throw PcapError(fmt::format("{}: {} packet blocks but libpcap read {} records", path, w.packet_if.size(),
                                  f.records.size()));
    }
    for (std::size_t i = 0; i < f.records.size(); ++i) f.records[i].interface_id = w.packet_if[i];
    f.interfaces = std::move(w.interfaces);
  } else {
    f.interfaces = {""};
  }
  return f;
}

// ---- classic pcap through libpcap's dumper

PcapWriter::PcapWriter(const std::string& path, std::uint32_t link_type, std::uint32_t snaplen) : path_(path) {
  pcap_ = pcap_open_dead_with_tstamp_precision(static_cast<int>(link_type), static_cast<int>(snaplen),
                                               PCAP_TSTAMP_PRECISION_NANO);
  if (pcap_ == nullptr) throw PcapError(fmt::format("{}: cannot create (libpcap: no handle)", path));
  dumper_ = pcap_dump_open(pcap_, path.c_str());
  if (dumper_ == nullptr) {
    const std::string why = pcap_geterr(pcap_);
    pcap_close(pcap_);
    pcap_ = nullptr;
    throw PcapError(fmt::format("{}: cannot create ({})", path, why));
  }
}

PcapWriter::~PcapWriter() {
  if (dumper_ != nullptr) pcap_dump_close(dumper_);
  if (pcap_ != nullptr) pcap_close(pcap_);
}

void PcapWriter::write(const PcapRecord& rec) {
  if (dumper_ == nullptr) throw PcapError(fmt::format("{}: write after close", path_));
  pcap_pkthdr h{};
  h.ts.tv_sec = rec.ts_sec;
  h.ts.tv_usec = rec.ts_nsec;  // nanoseconds: the dumper was opened with nanosecond precision
  h.caplen = static_cast<bpf_u_int32>(rec.data.size());
  h.len = rec.orig_len ? rec.orig_len : h.caplen;
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &h, rec.data.data());
  if (std::ferror(pcap_dump_file(dumper_))) throw PcapError(fmt::format("{}: write failed", path_));
  ++count_;
}

void PcapWriter::write(ByteView frame, std::uint32_t ts_sec, std::uint32_t ts_nsec) {
  PcapRecord r;
  r.ts_sec = ts_sec;
  r.ts_nsec = ts_nsec;
  r.data.assign(frame.begin(), frame.end());
  write(r);
}

void PcapWriter::close() {
  if (dumper_ == nullptr) return;
  const bool ok = pcap_dump_flush(dumper_) == 0 && !std::ferror(pcap_dump_file(dumper_));
  pcap_dump_close(dumper_);
  dumper_ = nullptr;
  pcap_close(pcap_);
  pcap_ = nullptr;
  if (!ok) throw PcapError(fmt::format("{}: close failed", path_));
}

// ---- pcapng

PcapngWriter::PcapngWriter(const std::string& path, const std::vector<std::string>& interface_names,
                           std::uint32_t link_type, std::uint32_t snaplen)
    : out_(path, std::ios::binary | std::ios::trunc), path_(path), per_if_(interface_names.size(), 0) {
  if (!out_) throw PcapError(fmt::format("{}: cannot create", path));
  Bytes shb;
  append_le32(shb, kByteOrderMagic);
  append_le16(shb, 1);  // version 1.0
  append_le16(shb, 0);
  append_le32(shb, 0xffffffff);  // section length unknown
  append_le32(shb, 0xffffffff);
  put(block(kMagicPcapng, shb));
  for (const auto& name : interface_names) {
    Bytes idb;
    append_le16(idb, static_cast<std::uint16_t>(link_type));
    append_le16(idb, 0);
    append_le32(idb, snaplen);
    append_le16(idb, 2);  // if_name
    append_le16(idb, static_cast<std::uint16_t>(name.size()));
    idb.insert(idb.end(), name.begin(), name.end());
    pad4(idb);
    append_le16(idb, 9);  // if_tsresol: 10^-9 s
    append_le16(idb, 1);
    idb.push_back(9);
    pad4(idb);
    append_le32(idb, 0);  // opt_endofopt
    put(block(1, idb));
  }
}

void PcapngWriter::put(const Bytes& b) {
  out_.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  if (!out_) throw PcapError(fmt::format("{}: write failed", path_));
}

void PcapngWriter::write(const PcapRecord& rec) {
  if (rec.interface_id >= per_if_.size()) {
    throw PcapError(fmt::format("{}: interface {} was not declared ({} interfaces)", path_, rec.interface_id,
                                per_if_.size()));
  }
  const std::uint64_t ts = std::uint64_t{rec.ts_sec} * 1'000'000'000ULL + rec.ts_nsec;
  Bytes epb;
  append_le32(epb, rec.interface_id);
  append_le32(epb, static_cast<std::uint32_t>(ts >> 32));
  append_le32(epb, static_cast<std::uint32_t>(ts));
  append_le32(epb, static_cast<std::uint32_t>(rec.data.size()));
  append_le32(epb, rec.orig_len ? rec.orig_len : static_cast<std::uint32_t>(rec.data.size()));
  epb.insert(epb.end(), rec.data.begin(), rec.data.end());
  put(block(6, epb));
  ++per_if_[rec.interface_id];
  ++count_;
}

void PcapngWriter::write(std::uint32_t interface_id, ByteView frame, std::uint32_t ts_sec, std::uint32_t ts_nsec) {
  PcapRecord r;
  r.ts_sec = ts_sec;
  r.ts_nsec = ts_nsec;
  r.interface_id = interface_id;
  r.data.assign(frame.begin(), frame.end());
  write(r);
}

void PcapngWriter::close() {
  if (out_.is_open()) {
    out_.close();
    if (!out_) throw PcapError(fmt::format("{}: close failed", path_));
  }
}

}  // namespace baton::net
