// SPDX-License-Identifier: Apache-2.0
// AXI4-Stream packet agents: a source that splits byte packets into beats (tdata, tkeep, tlast,
// tuser) and a sink that reassembles them, each with idle/backpressure generators. Beat data is
// little-endian: byte i of a beat sits in tdata[8i+7:8i] and is valid when tkeep[i] is set.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <verilated.h>

#include <type_traits>

#include "baton/tb/pattern.hpp"
#include "baton/tb/scheduler.hpp"

namespace baton::tb {

struct AxisPacket {
  std::vector<std::uint8_t> data;
  bool error = false;  // tuser on the last beat: the MAC flagged the frame
  bool operator==(const AxisPacket&) const = default;
};

// One beat as the agents see it; `bytes` has the bus width, unused lanes are zero.
struct AxisBeat {
  std::vector<std::uint8_t> bytes;
  std::uint64_t keep = 0;  // up to 64 byte lanes (512-bit bus)
  bool last = false;
  bool user = false;
};

struct AxisSourcePins {
  std::function<void(bool)> set_valid;
  std::function<bool()> ready;
  std::function<void(const AxisBeat&)> set_beat;
};

struct AxisSinkPins {
  std::function<bool()> valid;
  std::function<void(bool)> set_ready;
  std::function<AxisBeat()> beat;
};

// Splits a packet into beats of `lanes` bytes; the last beat's tkeep is contiguous from lane 0.
std::vector<AxisBeat> to_beats(const AxisPacket& p, unsigned lanes);

// Copies beat bytes into a tdata port (integral up to 64 bits, or VlWide) and back.
template <typename Port>
void bytes_to_port(Port& port, const std::vector<std::uint8_t>& bytes) {
  if constexpr (std::is_integral_v<Port>) {
    std::uint64_t x = 0;
    for (std::size_t i = 0; i < bytes.size() && i < sizeof(Port); ++i) x |= std::uint64_t{bytes[i]} << (8 * i);
    port = static_cast<Port>(x);
  } else {
    for (std::size_t w = 0; w < bytes.size() / 4; ++w) {
      std::uint32_t x = 0;
      for (std::size_t i = 0; i < 4; ++i) x |= std::uint32_t{bytes[4 * w + i]} << (8 * i);
      port[w] = x;
    }
  }
}

template <typename Port>
std::vector<std::uint8_t> port_to_bytes(const Port& port, unsigned lanes) {
  std::vector<std::uint8_t> bytes(lanes);
  for (unsigned i = 0; i < lanes; ++i) {
    if constexpr (std::is_integral_v<Port>) {
      bytes[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(port) >> (8 * i));
    } else {
      bytes[i] = static_cast<std::uint8_t>(port[i / 4] >> (8 * (i % 4)));
    }
  }
  return bytes;
}

// Binds AXI4-Stream agents to model members (tuser is optional on either side).
template <typename V, typename R, typename D, typename K, typename L, typename U>
AxisSourcePins axis_source_pins(V& tvalid, const R& tready, D& tdata, K& tkeep, L& tlast, U* tuser) {
  return {[&tvalid](bool v) { tvalid = v; }, [&tready] { return tready != 0; },
          [&tdata, &tkeep, &tlast, tuser](const AxisBeat& b) {
            bytes_to_port(tdata, b.bytes);
            tkeep = static_cast<K>(b.keep);
            tlast = b.last;
            if (tuser != nullptr) *tuser = b.user;
          }};
}

template <typename V, typename R, typename D, typename K, typename L, typename U>
AxisSinkPins axis_sink_pins(const V& tvalid, R& tready, const D& tdata, const K& tkeep, const L& tlast,
                            const U* tuser, unsigned lanes) {
  return {[&tvalid] { return tvalid != 0; }, [&tready](bool r) { tready = r; },
          [&tdata, &tkeep, &tlast, tuser, lanes] {
            AxisBeat b;
            b.bytes = port_to_bytes(tdata, lanes);
            b.keep = static_cast<std::uint64_t>(tkeep);
            b.last = tlast != 0;
            b.user = tuser != nullptr && *tuser != 0;
            return b;
          }};
}

class AxisSource {
 public:
  AxisSource(Scheduler& sched, AxisSourcePins pins, unsigned lanes, std::string name,
             Pattern willing = pattern::always());
  AxisSource(const AxisSource&) = delete;
  AxisSource& operator=(const AxisSource&) = delete;

  void set_pattern(Pattern p) { willing_ = std::move(p); }
  void push(const AxisPacket& p);
  [[nodiscard]] std::uint64_t packets_sent() const { return packets_sent_; }
  [[nodiscard]] bool idle() const { return beats_.empty() && !valid_; }
  std::function<void(std::uint64_t packet_index)> on_packet_sent;
  // The packet's first beat was taken (the cycle a MAC would timestamp it).
  std::function<void(std::uint64_t packet_index)> on_packet_started;

 private:
  void sample();
  void drive();

  Scheduler& sched_;
  AxisSourcePins pins_;
  unsigned lanes_;
  std::string name_;
  Pattern willing_;
  std::deque<AxisBeat> beats_;
  bool valid_ = false;
  bool mid_packet_ = false;
  std::uint64_t packets_sent_ = 0;
};

class AxisSink {
 public:
  AxisSink(Scheduler& sched, AxisSinkPins pins, unsigned lanes, std::string name,
           Pattern ready = pattern::always());
  AxisSink(const AxisSink&) = delete;
  AxisSink& operator=(const AxisSink&) = delete;

  void set_pattern(Pattern p) { willing_ = std::move(p); }
  std::function<void(const AxisPacket&)> on_packet;
  [[nodiscard]] std::uint64_t packets() const { return packets_; }

 private:
  void sample();
  void drive();

  Scheduler& sched_;
  AxisSinkPins pins_;
  unsigned lanes_;
  std::string name_;
  Pattern willing_;
  bool ready_ = false;
  AxisPacket current_;
  std::uint64_t packets_ = 0;
};

}  // namespace baton::tb
