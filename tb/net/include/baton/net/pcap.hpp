// SPDX-License-Identifier: Apache-2.0
// Capture files through libpcap: a reader for classic pcap (both byte orders, both timestamp
// resolutions) and pcapng, a classic pcap writer (libpcap's dumper, nanosecond timestamps) and a
// small pcapng writer (libpcap writes no pcapng) with one interface per egress port. Any defect
// in a file is reported as one PcapError line naming the file (and the record).
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "baton/net/bytes.hpp"

// libpcap's handles, opaque here (pcap/pcap.h is only included by the implementation).
struct pcap;
struct pcap_dumper;

namespace baton::net {

class PcapError : public NetError {
 public:
  using NetError::NetError;
};

struct PcapRecord {
  std::uint32_t ts_sec = 0;
  std::uint32_t ts_nsec = 0;
  std::uint32_t orig_len = 0;  // length on the wire; data.size() is the captured length
  Bytes data;
  std::uint32_t interface_id = 0;  // pcapng: the record's interface (within its section); pcap: 0
};

struct PcapFile {
  std::uint32_t link_type = 0;
  std::uint32_t snaplen = 0;
  bool pcapng = false;
  // pcapng: the if_name of each interface ("" when absent); classic pcap: one unnamed interface.
  std::vector<std::string> interfaces;
  std::vector<PcapRecord> records;
};

inline constexpr std::uint32_t kLinkEthernet = 1;

// Reads a whole pcap or pcapng file; throws PcapError on anything malformed.
// `require_ethernet` rejects other link types.
PcapFile read_pcap(const std::string& path, bool require_ethernet = true);

// Classic pcap (libpcap's dumper): host byte order, nanosecond timestamps.
class PcapWriter {
 public:
  explicit PcapWriter(const std::string& path, std::uint32_t link_type = kLinkEthernet,
                      std::uint32_t snaplen = 65535);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;
  // orig_len 0 means "as captured"; interface_id is ignored (classic pcap has none).
  void write(const PcapRecord& rec);
  void write(ByteView frame, std::uint32_t ts_sec = 0, std::uint32_t ts_nsec = 0);
  void close();
  [[nodiscard]] std::size_t count() const { return count_; }

 private:
  ::pcap* pcap_ = nullptr;
  ::pcap_dumper* dumper_ = nullptr;
  std::string path_;
  std::size_t count_ = 0;
};

// pcapng: little-endian, one section, one interface description per name (if_name, if_tsresol
// 10^-9), enhanced packet blocks with nanosecond timestamps on the record's interface_id.
class PcapngWriter {
 public:
  PcapngWriter(const std::string& path, const std::vector<std::string>& interface_names,
               std::uint32_t link_type = kLinkEthernet, std::uint32_t snaplen = 65535);
  PcapngWriter(const PcapngWriter&) = delete;
  PcapngWriter& operator=(const PcapngWriter&) = delete;
  void write(const PcapRecord& rec);
  void write(std::uint32_t interface_id, ByteView frame, std::uint32_t ts_sec = 0,
             std::uint32_t ts_nsec = 0);
  void close();
  [[nodiscard]] std::size_t count() const { return count_; }
  [[nodiscard]] std::size_t count(std::uint32_t interface_id) const {
    return interface_id < per_if_.size() ? per_if_[interface_id] : 0;
  }

 private:
  void put(const Bytes& block);
  std::ofstream out_;
  std::string path_;
  std::vector<std::size_t> per_if_;
  std::size_t count_ = 0;
};

}  // namespace baton::net
