// Classic libpcap files (not pcapng): a reader that accepts both byte orders and both timestamp
// resolutions, and a writer (little-endian, microseconds, Ethernet). Any defect in a file is
// reported as one PcapError line naming the file and the record.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "baton/net/bytes.hpp"

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
};

struct PcapFile {
  std::uint32_t link_type = 0;
  std::uint32_t snaplen = 0;
  std::vector<PcapRecord> records;
};

inline constexpr std::uint32_t kLinkEthernet = 1;

// Reads a whole file; throws PcapError on anything malformed. `require_ethernet` rejects other
// link types.
PcapFile read_pcap(const std::string& path, bool require_ethernet = true);

class PcapWriter {
 public:
  explicit PcapWriter(const std::string& path, std::uint32_t link_type = kLinkEthernet,
                      std::uint32_t snaplen = 65535);
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;
  // orig_len 0 means "as captured".
  void write(const PcapRecord& rec);
  void write(ByteView frame, std::uint32_t ts_sec = 0, std::uint32_t ts_nsec = 0);
  void close();
  [[nodiscard]] std::size_t count() const { return count_; }

 private:
  std::ofstream out_;
  std::string path_;
  std::size_t count_ = 0;
};

}  // namespace baton::net
