// SPDX-License-Identifier: Apache-2.0
// The capture reader through its public API only (baton::net::read_pcap on a path): any file is
// read or rejected with one PcapError line; a file it reads, written back with PcapWriter, reads
// back the same (timestamps at the writer's microsecond resolution).
#include <fmt/format.h>

#include <optional>
#include <typeinfo>

#include "baton/net/pcap.hpp"
#include "fuzz_check.hpp"

namespace baton::fuzz {

namespace {

using net::PcapError;
using net::PcapFile;

std::optional<PcapFile> read(const std::string& path, bool ethernet) {
  try {
    return net::read_pcap(path, ethernet);
  } catch (const PcapError& e) {
    expect_one_line("PcapError", e.what());
    return std::nullopt;
  } catch (const std::exception& e) {
    bug(fmt::format("read_pcap threw a {} instead of PcapError: {}", typeid(e).name(), e.what()));
  }
}

void round_trip(const PcapFile& f, bool ethernet) {
  std::vector<std::uint8_t> none;
  const std::string& path = scratch_file("pcap-rewrite", none);
  try {
    net::PcapWriter w(path, f.link_type, f.snaplen);
    for (const auto& r : f.records) w.write(r);
    w.close();
  } catch (const PcapError& e) {
    bug(fmt::format("PcapWriter cannot write what read_pcap read: {}", e.what()));
  }
  std::optional<PcapFile> back;
  try {
    back = net::read_pcap(path, ethernet);
  } catch (const PcapError& e) {
    bug(fmt::format("read_pcap rejects what PcapWriter wrote from its own result: {}", e.what()));
  }
  if (back->link_type != f.link_type || back->snaplen != f.snaplen) {
    bug(fmt::format("rewrite changed link type {} -> {} or snaplen {} -> {}", f.link_type, back->link_type,
                    f.snaplen, back->snaplen));
  }
  if (back->records.size() != f.records.size()) {
    bug(fmt::format("rewrite changed the record count {} -> {}", f.records.size(), back->records.size()));
  }
  for (std::size_t i = 0; i < f.records.size(); ++i) {
    const auto& a = f.records[i];
    const auto& b = back->records[i];
    const std::uint32_t a_len = a.orig_len != 0 ? a.orig_len : static_cast<std::uint32_t>(a.data.size());
    if (a.data != b.data || a.ts_sec != b.ts_sec || a.ts_nsec / 1000 != b.ts_nsec / 1000 || a_len != b.orig_len) {
      bug(fmt::format("rewrite changed record {}", i + 1));
    }
  }
}

}  // namespace

void check_pcap(Input in) {
  const std::string path = scratch_file("pcap", in);
  for (const bool ethernet : {true, false}) {
    const auto f = read(path, ethernet);
    if (!f) continue;
    if (ethernet && f->link_type != net::kLinkEthernet) {
      bug(fmt::format("read_pcap(require_ethernet) accepted link type {}", f->link_type));
    }
    // The writer goes through libpcap's dumper, which writes only the link types libpcap knows
    // (pcap_datalink_val_to_name); Ethernet is what the project writes, so that is round-tripped.
    if (f->link_type == net::kLinkEthernet) round_trip(*f, ethernet);
  }
}

}  // namespace baton::fuzz
