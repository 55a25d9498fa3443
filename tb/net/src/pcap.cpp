#include "baton/net/pcap.hpp"

#include <fmt/format.h>

#include <iterator>

namespace baton::net {

namespace {

constexpr std::uint32_t kMagicUs = 0xa1b2c3d4;
constexpr std::uint32_t kMagicNs = 0xa1b23c4d;
constexpr std::uint32_t kMagicPcapng = 0x0a0d0d0a;
// Larger records are not Ethernet frames; libpcap uses the same bound.
constexpr std::uint32_t kMaxRecord = 262144;

std::uint32_t le32(const Bytes& b, std::size_t off) {
  return std::uint32_t{b[off]} | std::uint32_t{b[off + 1]} << 8 | std::uint32_t{b[off + 2]} << 16 |
         std::uint32_t{b[off + 3]} << 24;
}
std::uint32_t swap32(std::uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

void put_le32(std::ofstream& o, std::uint32_t v) {
  const char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 24)};
  o.write(b, 4);
}
void put_le16(std::ofstream& o, std::uint16_t v) {
  const char b[2] = {static_cast<char>(v), static_cast<char>(v >> 8)};
  o.write(b, 2);
}

}  // namespace

PcapFile read_pcap(const std::string& path, bool require_ethernet) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PcapError(fmt::format("{}: cannot open", path));
  const Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (b.size() < 24) {
    throw PcapError(
        fmt::format("{}: not a pcap file ({} bytes, the file header alone is 24)", path, b.size()));
  }
  const std::uint32_t raw = le32(b, 0);
  bool swapped = false;
  bool nanos = false;
  if (raw == kMagicUs || raw == kMagicNs) {
    nanos = raw == kMagicNs;
  } else if (swap32(raw) == kMagicUs || swap32(raw) == kMagicNs) {
    swapped = true;
    nanos = swap32(raw) == kMagicNs;
  } else if (raw == kMagicPcapng) {
    throw PcapError(
        fmt::format("{}: pcapng is not supported; convert it with 'editcap -F pcap'", path));
  } else {
    throw PcapError(fmt::format("{}: not a pcap file (magic 0x{:08x})", path, raw));
  }
  auto rd = [&](std::size_t off) { return swapped ? swap32(le32(b, off)) : le32(b, off); };
  PcapFile f;
  const unsigned vmaj = swapped ? (b[4] << 8 | b[5]) : (b[4] | b[5] << 8);
  if (vmaj != 2) throw PcapError(fmt::format("{}: unsupported pcap version {}", path, vmaj));
  f.snaplen = rd(16);
  f.link_type = rd(20) & 0x0fffffff;  // the upper bits carry FCS flags
  if (require_ethernet && f.link_type != kLinkEthernet) {
    throw PcapError(fmt::format("{}: link type {} is not Ethernet (1)", path, f.link_type));
  }
  std::size_t off = 24;
  while (off < b.size()) {
    const std::size_t n = f.records.size() + 1;
    if (b.size() - off < 16) {
      throw PcapError(fmt::format("{}: record {} truncated: header needs 16 bytes, {} left", path,
                                  n, b.size() - off));
    }
    PcapRecord r;
    r.ts_sec = rd(off);
    const std::uint32_t frac = rd(off + 4);
    r.ts_nsec = nanos ? frac : frac * 1000;
    const std::uint32_t incl = rd(off + 8);
    r.orig_len = rd(off + 12);
    if (incl > kMaxRecord) {
      throw PcapError(
          fmt::format("{}: record {} claims {} captured bytes (corrupt file?)", path, n, incl));
    }
    if (incl > r.orig_len) {
      throw PcapError(fmt::format("{}: record {} captured length {} exceeds its wire length {}",
                                  path, n, incl, r.orig_len));
    }
    off += 16;
    if (b.size() - off < incl) {
      throw PcapError(fmt::format("{}: record {} truncated: {} data bytes, {} left in the file",
                                  path, n, incl, b.size() - off));
    }
    r.data.assign(b.begin() + static_cast<std::ptrdiff_t>(off),
                  b.begin() + static_cast<std::ptrdiff_t>(off + incl));
    off += incl;
    f.records.push_back(std::move(r));
  }
  return f;
}

PcapWriter::PcapWriter(const std::string& path, std::uint32_t link_type, std::uint32_t snaplen)
    : out_(path, std::ios::binary | std::ios::trunc), path_(path) {
  if (!out_) throw PcapError(fmt::format("{}: cannot create", path));
  put_le32(out_, kMagicUs);
  put_le16(out_, 2);
  put_le16(out_, 4);
  put_le32(out_, 0);  // thiszone
  put_le32(out_, 0);  // sigfigs
  put_le32(out_, snaplen);
  put_le32(out_, link_type);
  if (!out_) throw PcapError(fmt::format("{}: write failed", path));
}

void PcapWriter::write(const PcapRecord& rec) {
  put_le32(out_, rec.ts_sec);
  put_le32(out_, rec.ts_nsec / 1000);
  put_le32(out_, static_cast<std::uint32_t>(rec.data.size()));
  put_le32(out_, rec.orig_len ? rec.orig_len : static_cast<std::uint32_t>(rec.data.size()));
  out_.write(reinterpret_cast<const char*>(rec.data.data()),
             static_cast<std::streamsize>(rec.data.size()));
  if (!out_) throw PcapError(fmt::format("{}: write failed", path_));
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
  if (out_.is_open()) {
    out_.close();
    if (!out_) throw PcapError(fmt::format("{}: close failed", path_));
  }
}

}  // namespace baton::net
